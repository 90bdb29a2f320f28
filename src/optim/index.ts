/**
 * `optim`: optimizers as composable gradient transformations, in the style of
 * optax. Small transforms (`scaleByAdam`, `clipByGlobalNorm`, ...) are
 * chained into optimizers; the aliases (`sgd`, `adam`, ...) are such chains;
 * wrappers (`masked`, `multiTransform`, `injectHyperparams`, `applyIfFinite`,
 * `multiSteps`) change how a transform is applied; `optimizer(t)` drives one
 * as pure state transitions.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, optim, sum, square, tensor, type Tensor } from 'fluxion'
 * const loss = (p: { w: Tensor }) => sum(square(p.w))
 * const opt = optim.optimizer(optim.chain(optim.clipByGlobalNorm(1), optim.adam(1e-2)))
 * const s = opt.step(opt.init({ w: tensor([1, 2]) }), grad(loss)(opt.init({ w: tensor([1, 2]) }).params))
 * assert.equal(s.count, 1)
 * assert.ok(loss(s.params).item() < 5)
 * ```
 *
 * @module
 * @since 0.1.0
 */
export {
  applyUpdates, emptyState, identity, stateless, valueAt,
  type EmptyState, type ParamsArray, type ParamsObject, type ExtraArgs, type GradientTransformation, type Params, type ScalarOrSchedule, type Schedule, type StateOf, type TraceableSchedule, type Updates,
} from './base.js'
export { StateError } from './check.js'
export {
  chain, masked, monoid, multiTransform,
  type ChainState, type Labels, type LabelTree, type Mask, type MaskedState, type MaskTree, type MultiTransformState, type TransformsByLabel,
} from './combine.js'
export {
  addDecayedWeights, scale, scaleByLearningRate, scaleBySchedule,
  type AddDecayedWeightsOptions, type LearningRateState, type ScaleByScheduleState,
} from './transforms/scaling.js'
export { ema, trace, type EmaOptions, type EmaState, type TraceOptions, type TraceState } from './transforms/accumulation.js'
export {
  scaleByAdam, scaleByRms, scaleByRss, scaleByStddev,
  type AdamOptions, type RmsOptions, type RssOptions, type ScaleByAdamState, type ScaleByRmsState, type ScaleByRssState, type ScaleByStddevState,
} from './transforms/adaptive.js'
export { clip, clipByGlobalNorm, globalNorm } from './transforms/clipping.js'
export { lookaheadNesterov, type LookaheadNesterovOptions, type LookaheadNesterovState } from './transforms/lookahead.js'
export { scaleByNewton, type NewtonOptions } from './transforms/newton.js'
export {
  adagrad, adam, adamw, nadam, newton, rmsprop, sgd,
  type AdagradState, type AdamState, type AdamWOptions, type AdamWState, type NewtonState, type RmspropOptions, type RmspropState,
  type SgdOptions, type SgdState, type WithLearningRate,
} from './alias.js'
export {
  applyIfFinite, injectHyperparams, multiSteps,
  type ApplyIfFiniteState, type Hyperparams, type InjectHyperparamsState, type MultiStepsState,
} from './wrappers.js'
export { optimizer, type Optimizer, type OptState } from './optimizer.js'
export { tensorState, type Bool, type Scalar } from './scalar.js'
export * as schedules from './schedule.js'
