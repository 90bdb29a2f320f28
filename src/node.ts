/**
 * The package root as Node sees it (the `node` export condition): the whole
 * browser-safe core (`./index.ts`), plus the experiment layer as the
 * `experiment` namespace and the file helpers `saveFile`/`loadFile`.
 *
 * Browsers and bundlers targeting them resolve `fluxion` to the core alone, so
 * none of this (nor any Node built-in) reaches a page. The experiment layer's
 * plots and progress bars load their packages (vega, vega-lite,
 * @resvg/resvg-js, cli-progress) only when used: they are optional peer
 * dependencies, installed by those who make plots.
 *
 * @example
 * import { experiment, saveFile, loadFile, nn, random } from 'fluxion'
 * const params = nn.mlp.init(random.key(0), [4, 8, 3])
 * await saveFile('params.safetensors', params)
 * const back = await loadFile('params.safetensors', params)
 * const spec = experiment.decodeSpec(json)            // Either<string[], Spec>
 *
 * @since 0.1.0
 */
export * from './index.js'
export * as experiment from './experiment/index.js'
export { saveFile, loadFile } from './experiment/io-params.js'
