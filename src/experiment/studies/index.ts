/**
 * The studies of the default experiment suite (`npm start`): each a pure
 * function `run(opts?) => StudyResult` that returns its measurements, chart
 * specs, tables, a Markdown summary and headline metrics. Rendering and
 * writing files is the driver's job (`src/cli/start.ts`).
 *
 * - `optimizers2d`: GD, momentum, Nesterov, Adam and Newton on an
 *   ill-conditioned quadratic and on Rosenbrock;
 * - `initDepth`: activation and gradient scale through a 50-layer ReLU net
 *   for σ² = 1/n, 2/n, 3/n, Xavier and Kaiming, and training from each;
 * - `training`: an MLP on spirals and iris with SGD, momentum, Nesterov,
 *   Adam and AdamW, run from JSON experiment specs.
 *
 * @example
 * for (const study of allStudies) {
 *   const r = study.run({ small: true })
 *   console.log(r.title, Object.keys(r.metrics).length)
 * }
 *
 * @since 0.1.0
 */
import { runInitDepth } from './initDepth.js'
import { runOptimizers2d } from './optimizers2d.js'
import { runTraining } from './training.js'
import type { Study } from './types.js'

export { runOptimizers2d, problems2d, rotatedQuadratic, rosenbrock, runPath, type Optimizers2dData, type Optimizers2dOptions, type Problem2d, type Run2d } from './optimizers2d.js'
export { runInitDepth, initSchemes, measureDepth, trainLosses, type InitDepthData, type InitDepthOptions, type InitScheme, type SchemeResult } from './initDepth.js'
export { runTraining, trainingSpecs, type TrainingData, type TrainingOptions, type TrainingRun } from './training.js'
export type { Study, StudyChart, StudyOptions, StudyResult, StudyTable } from './types.js'

/**
 * The suite, in report order.
 * @category studies
 * @since 0.1.0
 */
export const allStudies: ReadonlyArray<Study> = [
  { name: 'optimizers2d', title: 'Optimizers on 2-D problems', run: runOptimizers2d },
  { name: 'initDepth', title: 'Initialization through depth', run: runInitDepth },
  { name: 'training', title: 'Training an MLP', run: runTraining },
]
