/**
 * The safetensors format lives in the core (`src/io/safetensors.ts`), where
 * `save`/`load` use it in a browser too; re-exported here for the experiment
 * layer and its callers.
 *
 * @since 0.1.0
 */
export * from '../io/safetensors.js'
