/**
 * The studies of the default experiment suite (`npm start`): each a pure
 * function `run(opts?) => StudyResult` that returns its measurements, chart
 * specs, tables, a Markdown summary and headline metrics. Rendering and
 * writing files is the driver's job (`src/cli/start.ts`).
 *
 * - `optimizers2d`: GD, momentum, Nesterov, Adam and Newton on an
 *   ill-conditioned quadratic and on Rosenbrock;
 * - `learningRate`: GD across the stability edge 2/L, measured and in theory;
 * - `minibatch`: batch sizes 1, 8, 32 and full at equal epochs and steps, and
 *   the gradient's variance against σ²/B;
 * - `momentum`: damped, undamped and debiased momentum, both Nesterov forms,
 *   and Adam on an aligned and a rotated valley;
 * - `initDepth`: activation and gradient scale through a 50-layer ReLU net
 *   for σ² = 1/n, 2/n, 3/n, Xavier and Kaiming (normal and uniform), over
 *   several seeds; linear and tanh nets; zero initialization; training from each;
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
import { runLearningRate } from './learningRate.js'
import { runMinibatch } from './minibatch.js'
import { runMomentum } from './momentum.js'
import { runOptimizers2d } from './optimizers2d.js'
import { runTraining } from './training.js'
import type { Study } from './types.js'

export { runOptimizers2d, problems2d, rotatedQuadratic, rosenbrock, runPath, type Optimizers2dData, type Optimizers2dOptions, type Problem2d, type Run2d } from './optimizers2d.js'
export {
  runInitDepth, initSchemes, measureDepth, measureSeed, trainLosses,
  type ActivationResult, type InitDepthData, type InitDepthOptions, type InitScheme, type SchemeResult, type SymmetryResult,
} from './initDepth.js'
export { runLearningRate, measureEdge, type LearningRateData, type LearningRateOptions } from './learningRate.js'
export { runMinibatch, type BatchRun, type MinibatchData, type MinibatchOptions } from './minibatch.js'
export { runMomentum, momentumForms, type MomentumData, type MomentumForm, type MomentumOptions } from './momentum.js'
export { runTraining, trainingSpecs, type TrainingData, type TrainingOptions, type TrainingRun } from './training.js'
export type { Study, StudyChart, StudyOptions, StudyResult, StudyTable } from './types.js'

/**
 * The suite, in report order.
 * @category studies
 * @since 0.1.0
 */
export const allStudies: ReadonlyArray<Study> = [
  { name: 'optimizers2d', title: 'Optimizers on 2-D problems', run: runOptimizers2d },
  { name: 'learningRate', title: 'The learning rate on a quadratic', run: runLearningRate },
  { name: 'minibatch', title: 'Full batch, single example, minibatch', run: runMinibatch },
  { name: 'momentum', title: 'Momentum, Nesterov and Adam', run: runMomentum },
  { name: 'initDepth', title: 'Initialization through depth', run: runInitDepth },
  { name: 'training', title: 'Training an MLP', run: runTraining },
]
