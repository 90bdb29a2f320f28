/**
 * Rescaling by constants and schedules, and adding weight decay: the
 * transforms that usually close a chain.
 *
 * `scaleByLearningRate(lr)` multiplies by `-lr` (gradient *descent*); with a
 * schedule it evaluates `lr(count)` at the count before incrementing it, so
 * the first step uses `lr(0)`, as optax does.
 *
 * @example
 * const [u] = scaleByLearningRate(0.1).update({ w: tensor([1, 2]) }, {})
 * u.w.toArray()   // [-0.1, -0.2]
 *
 * @since 0.1.0
 */
import { add, mul } from '../../ad/index.js'
import { ValueError } from '../../errors.js'
import type { Tensor } from '../../tensor/tensor.js'
import { scheduleAt, stateless, type EmptyState, type GradientTransformation, type ScalarOrSchedule, type Schedule } from '../base.js'
import { expectCount, expectFields, expectLike, mapUpdates } from '../check.js'
import { masked, type Mask, type MaskedState } from '../combine.js'
import * as V from '../validate.js'
import * as S from '../scalar.js'

// ---- model ----

/** The state of `scaleBySchedule`: the step count. @category model @since 0.1.0 */
export interface ScaleByScheduleState {
  readonly count: number
}

/** The state of `scaleByLearningRate(lr)`: empty for a constant (a number or a scalar tensor), a count for a schedule. @category model @since 0.1.0 */
export type LearningRateState<L> = L extends number | Tensor ? EmptyState : ScaleByScheduleState

/** Options of `addDecayedWeights`. @category model @since 0.1.0 */
export interface AddDecayedWeightsOptions {
  /** λ in `u + λ·p` (default 0). */
  readonly weightDecay?: number
  /** Decay only where the mask is true (see `masked`). */
  readonly mask?: Mask
}

// ---- constructors ----

/**
 * Multiply the updates by a constant: `u ↦ step·u`. The constant may be a
 * scalar tensor (a hyperparameter traced under `jit`, see
 * `injectHyperparams`): it is rounded to each leaf's dtype as a number is.
 *
 * @example
 * const [u] = scale(2).update({ w: tensor([1, 2]) }, {})   // u.w = [2, 4]
 *
 * @category constructors
 * @since 0.1.0
 */
export const scale = (step: S.Scalar): GradientTransformation<EmptyState> => {
  V.finiteScalar('scale', 'step', step)
  return stateless((u) => mapUpdates((x) => mul(x, S.operand(step, x.dtype)), u), 'scale')
}

/**
 * Multiply the updates by `schedule(count)`, then increment the count. The
 * count may be a scalar tensor (under `jit`); the schedule must then take one
 * (every built-in schedule does) and its value is rounded to each leaf's dtype.
 *
 * @example
 * const t = scaleBySchedule((n) => 1 / (n + 1))
 * const [u] = t.update({ w: tensor([1]) }, t.init(params))   // u.w = [1]; the next step scales by ½
 *
 * @category constructors
 * @since 0.1.0
 */
export const scaleBySchedule = (schedule: Schedule): GradientTransformation<ScaleByScheduleState> => {
  const op = 'scaleBySchedule'
  if (typeof schedule !== 'function') throw new ValueError(`${op}: schedule must be a function of the step count, got ${V.show(schedule)}`)
  return {
  init: () => ({ count: 0 }),
  update: (updates, state) => {
    const count = expectCount(op, expectFields(op, state, ['count']), 'count')
    const s = scheduleAt(schedule, count)
    if (!V.isFiniteScalar(s))
      throw new ValueError(`${op}: the schedule gave ${V.show(s)} at step ${String(count)}; it must give a finite number`)
    return [mapUpdates((x) => mul(x, S.operand(s, x.dtype)), updates), { count: S.asCount(S.add(count, 1)) }]
  },
  }
}

/**
 * Scale by the learning rate: `u ↦ -lr·u` (or `+lr·u` with `flipSign: false`).
 * A constant gives a stateless `scale`; a schedule gives `scaleBySchedule`.
 *
 * @example
 * const t = scaleByLearningRate(schedules.exponentialDecay({ init: 0.1, transitionSteps: 100, decayRate: 0.5 }))
 *
 * @category constructors
 * @since 0.1.0
 */
export const scaleByLearningRate = <L extends ScalarOrSchedule | Tensor>(
  learningRate: L,
  { flipSign = true }: { readonly flipSign?: boolean } = {},
): GradientTransformation<LearningRateState<L>> => {
  const op = 'scaleByLearningRate'
  V.learningRate(op, learningRate)
  const m = V.bool(op, 'flipSign', flipSign) ? -1 : 1
  const lr: ScalarOrSchedule | Tensor = learningRate
  const t = typeof lr === 'function' ? scaleBySchedule(((count: S.Scalar) => S.mul(m, scheduleAt(lr, count))) as Schedule) : scale(S.mul(m, lr))
  return t as unknown as GradientTransformation<LearningRateState<L>>
}

/**
 * Add decoupled weight decay: `u ↦ u + λ·p`. Needs the parameters. In
 * `adamw` it comes before the learning rate, so the decay is multiplied by
 * the learning rate (as in optax and PyTorch's AdamW).
 *
 * @example
 * const t = addDecayedWeights({ weightDecay: 0.1 })
 * const [u] = t.update({ w: tensor([0]) }, {}, { w: tensor([2]) })   // u.w = [0.2]
 *
 * @see Loshchilov & Hutter, Decoupled Weight Decay Regularization, https://arxiv.org/abs/1711.05101
 * @category constructors
 * @since 0.1.0
 */
export function addDecayedWeights(opts?: { readonly weightDecay?: number; readonly mask?: undefined }): GradientTransformation<EmptyState>
export function addDecayedWeights(opts: { readonly weightDecay?: number; readonly mask: NonNullable<Mask> }): GradientTransformation<MaskedState<EmptyState>>
export function addDecayedWeights(opts?: AddDecayedWeightsOptions): GradientTransformation<EmptyState | MaskedState<EmptyState>>
export function addDecayedWeights({ weightDecay = 0, mask }: AddDecayedWeightsOptions = {}): GradientTransformation<EmptyState | MaskedState<EmptyState>> {
  const op = 'addDecayedWeights'
  V.nonNegative(op, 'weightDecay', weightDecay)
  const t = stateless((u, params) => {
    if (params === undefined)
      throw new ValueError(`${op}: needs the parameters: pass them as the third argument of update (optimizer.step does this)`)
    expectLike(op, ['updates', 'parameters'], u, params)
    return mapUpdates((g: Tensor, p: Tensor) => add(g, mul(p, weightDecay)), u, params)
  }, op)
  return (mask === undefined ? t : masked(t, mask)) as GradientTransformation<EmptyState | MaskedState<EmptyState>>
}
