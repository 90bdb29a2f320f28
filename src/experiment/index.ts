/**
 * `experiment`: seeded experiments you can replay and resume exactly.
 *
 * A spec (JSON, decoded with io-ts) says what to train; `run(spec)` is the
 * training run as a pure fold over steps; checkpoints hold the parameters and
 * optimizer state as safetensors plus a JSON sidecar. `saveCheckpoint` and
 * `loadCheckpoint` touch files and so run in Node only; the rest also runs in
 * a browser.
 *
 * @example
 * import { experiment } from 'fluxion'
 * const spec = experiment.decodeSpec(json)            // Either<string[], Spec>
 * if (spec._tag === 'Right') experiment.run(spec.right).history
 *
 * @since 0.1.0
 */
export {
  Spec, decodeSpec, compareProblems, unsafeName, MAX_TENSOR_ELEMENTS, MAX_PARAMETERS, MAX_STEPS, MAX_LAYERS, MAX_NAME_LENGTH, MAX_SPEC_DEPTH,
  type DataSpec, type ModelSpec, type InitSpec, type TransformSpec, type ScheduleSpec, type MaskSpec,
} from './spec.js'
export { transformCatalogue, scheduleCatalogue, aliasCatalogue, transformExamples } from './catalogue-optim.js'
export { dataCatalogue, initializerCatalogue, namedInitializers, lossCatalogue } from './catalogue-model.js'
export { prepare, initParams, buildTransform, buildOptimizer, buildSchedule, buildInitializer, buildMask, learningRateAt, type Prepared, type BuiltOptimizer } from './build.js'
export { run, start, advance, evaluate, batchFor, type RunState, type RunResult, type RunHooks, type StepRecord, type EvalRecord } from './run.js'
export { toCheckpoint, fromCheckpoint, Sidecar, CHECKPOINT_FORMAT, type CheckpointPayload } from './checkpoint.js'
export { saveCheckpoint, loadCheckpoint, CHECKPOINT_TENSORS, CHECKPOINT_SIDECAR } from './io-checkpoint.js'
export { encodeSafetensors, decodeSafetensors, checksum, type Safetensors } from './safetensors.js'
export * as plot from './plot.js'
export * as report from './report.js'
