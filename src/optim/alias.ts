/**
 * The popular optimizers, each one `chain(...)` of the transforms in
 * `transforms/`: they hold no maths of their own (as optax's `alias.py`).
 *
 * Every alias takes the learning rate first (a number or a schedule) and its
 * options second, or one object with `learningRate` among the options. The
 * object form is what `injectHyperparams` calls:
 * `injectHyperparams(adam)({ learningRate: 0.1, b1: 0.9 })`.
 *
 * In the formulas below `g` is the gradient, `η` the learning rate at the
 * current count, `t = 1, 2, ...` the step, and `p` the parameters.
 *
 * @example
 * const opt = optimizer(adam(1e-3))
 * const same = optimizer(adam({ learningRate: 1e-3, b1: 0.9 }))
 *
 * @since 0.1.0
 */
import { ValueError } from '../errors.js'
import { Tensor } from '../tensor/tensor.js'
import { identity, type EmptyState, type GradientTransformation, type ScalarOrSchedule } from './base.js'
import { chain, type Mask, type MaskedState } from './combine.js'
import { trace, type TraceState } from './transforms/accumulation.js'
import { lookaheadNesterov, type LookaheadNesterovState } from './transforms/lookahead.js'
import {
  scaleByAdam, scaleByRms, scaleByRss, scaleByStddev,
  type AdamOptions, type RmsOptions, type RssOptions, type ScaleByAdamState, type ScaleByRmsState, type ScaleByRssState, type ScaleByStddevState,
} from './transforms/adaptive.js'
import { scaleByNewton, type NewtonOptions } from './transforms/newton.js'
import { addDecayedWeights, scaleByLearningRate, type LearningRateState } from './transforms/scaling.js'
import * as V from './validate.js'

// ---- model ----

/** An alias's options together with its learning rate: the one-object form. @category model @since 0.1.0 */
export type WithLearningRate<O, L extends ScalarOrSchedule = ScalarOrSchedule> = O & { readonly learningRate: L }

/** Options of `sgd`. @category model @since 0.1.0 */
export interface SgdOptions {
  /** The momentum coefficient β; no momentum when absent. */
  readonly momentum?: number
  /**
   * Nesterov momentum (default false): `true` is the reparametrized form
   * (optax, PyTorch), `'lookahead'` the gradient at the look-ahead point
   * `θ − η·β·u` (needs the loss in `extra` and a constant learning rate;
   * since 0.3.0). Both give the same iterates in corresponding coordinates.
   */
  readonly nesterov?: boolean | 'lookahead'
  /** d in `u ← β·u + (1 − d)·g` (default 0, undamped; PyTorch's name). Needs momentum. @since 0.3.0 */
  readonly dampening?: number
  /** Divide the momentum by `1 − βᵗ` (bias correction; default false). Needs momentum < 1. @since 0.3.0 */
  readonly debias?: boolean
}

/** Options of `adamw`. @category model @since 0.1.0 */
export interface AdamWOptions extends AdamOptions {
  /** λ, multiplied by the learning rate (default 1e-4, as optax). */
  readonly weightDecay?: number
  /** Decay only where the mask is true (e.g. not on biases). */
  readonly mask?: Mask
}

/** Options of `rmsprop`. @category model @since 0.1.0 */
export interface RmspropOptions extends RmsOptions {
  /** Divide by a running standard deviation rather than the root mean square (default false). */
  readonly centered?: boolean
  /** Momentum after the learning rate; none when absent. */
  readonly momentum?: number
  /** Nesterov momentum (default false). */
  readonly nesterov?: boolean
}

/** @category model @since 0.1.0 */ export type SgdState<L> = readonly [TraceState | LookaheadNesterovState | EmptyState, LearningRateState<L>]
/** @category model @since 0.1.0 */ export type AdamState<L> = readonly [ScaleByAdamState, LearningRateState<L>]
/** @category model @since 0.1.0 */ export type AdamWState<L> = readonly [ScaleByAdamState, EmptyState | MaskedState<EmptyState>, LearningRateState<L>]
/** @category model @since 0.1.0 */ export type RmspropState<L> = readonly [ScaleByRmsState | ScaleByStddevState, LearningRateState<L>, TraceState | EmptyState]
/** @category model @since 0.1.0 */ export type AdagradState<L> = readonly [ScaleByRssState, LearningRateState<L>]
/** @category model @since 0.1.0 */ export type NewtonState<L> = readonly [EmptyState, LearningRateState<L>]

// ---- utils ----

/**
 * Split the two calling forms, `(lr, opts)` or `({ learningRate, ...opts })`,
 * and check the learning rate (a number in [0, ∞) or a schedule) in the
 * alias's name; the transforms check their own options.
 */
const split = <O extends object>(op: string, a: ScalarOrSchedule | WithLearningRate<O>, opts: O | undefined): [ScalarOrSchedule, Partial<O>] => {
  // a scalar tensor is a constant learning rate (a hyperparameter traced under jit)
  if (typeof a === 'number' || typeof a === 'function' || a instanceof Tensor) return [V.learningRate(op, a) as ScalarOrSchedule, V.options(op, opts) as Partial<O>]
  // anything but an options object is a learning rate of the wrong kind: say what a learning rate must be
  if (a === null || typeof a !== 'object' || Array.isArray(a)) return [V.learningRate(op, a as never), {}]
  if (opts !== undefined) throw new ValueError(`${op}: pass the options either in the first argument (with learningRate) or as the second, not both`)
  return [V.learningRate(op, a.learningRate), a]
}

/** A momentum coefficient: absent, or a number in [0, 1]. */
const momentumOf = (op: string, m: number | undefined): number | undefined => (m === undefined ? m : V.inRange(op, 'momentum', m, 0, 1))

// ---- constructors ----

/**
 * Stochastic gradient descent, with optional momentum:
 *
 *     u ← β·u + (1 − d)·g        p ← p − η·u
 *     (Nesterov: p ← p − η·((1 − d)·g + β·u);  debias: u/(1 − βᵗ))
 *
 * With only `momentum` given (d = 0) this is optax's `sgd` (its `trace`):
 * momentum accumulates the raw gradients and the learning rate scales the
 * result (PyTorch's SGD gives the same updates for a constant η). With
 * `dampening: β` momentum is an average of past gradients, steps `1 − β`
 * times smaller, and `debias: true` removes that average's bias towards its
 * zero start. `nesterov: 'lookahead'` takes the gradient at the look-ahead
 * point `θ − η·β·u` (see `lookaheadNesterov`).
 *
 * @example
 * const opt = sgd(1e-2, { momentum: 0.9, nesterov: true })
 * const averaged = sgd(1e-1, { momentum: 0.9, dampening: 0.9, debias: true })
 *
 * @see Sutskever et al., On the importance of initialization and momentum in deep learning, http://proceedings.mlr.press/v28/sutskever13.pdf
 * @category constructors
 * @since 0.1.0
 */
export function sgd<L extends ScalarOrSchedule>(learningRate: L, opts?: SgdOptions): GradientTransformation<SgdState<L>>
export function sgd<L extends ScalarOrSchedule>(args: WithLearningRate<SgdOptions, L>): GradientTransformation<SgdState<L>>
export function sgd(a: ScalarOrSchedule | WithLearningRate<SgdOptions>, opts?: SgdOptions): GradientTransformation<SgdState<ScalarOrSchedule>> {
  const [lr, { momentum, nesterov = false, dampening, debias }] = split('sgd', a, opts)
  momentumOf('sgd', momentum)
  if (nesterov !== 'lookahead') V.bool('sgd', 'nesterov', nesterov)
  for (const [name, v] of [['dampening', dampening], ['debias', debias]] as const)
    if (v !== undefined && momentum === undefined) throw new ValueError(`sgd: ${name} needs momentum; got ${name} ${V.show(v)} and no momentum`)
  if (momentum === undefined) return chain(identity(), scaleByLearningRate(lr))
  if (nesterov === 'lookahead') {
    if (typeof lr !== 'number') throw new ValueError("sgd: nesterov 'lookahead' needs a constant learning rate (it places the look-ahead point), got a schedule")
    if (debias === true) throw new ValueError("sgd: nesterov 'lookahead' has no debias form; use nesterov: true (the reparametrized form) with debias")
    return chain(lookaheadNesterov({ decay: momentum, learningRate: lr, ...(dampening === undefined ? {} : { dampening }) }), scaleByLearningRate(lr))
  }
  return chain(trace({ decay: momentum, nesterov, ...(dampening === undefined ? {} : { dampening }), ...(debias === undefined ? {} : { debias }) }), scaleByLearningRate(lr))
}

/**
 * Adam:
 *
 *     μ ← β₁·μ + (1-β₁)·g      ν ← β₂·ν + (1-β₂)·g²
 *     p ← p - η · (μ/(1-β₁ᵗ)) / (√(ν/(1-β₂ᵗ) + ε_root) + ε)
 *
 * `eps` is outside the square root and `epsRoot` inside (optax's convention;
 * PyTorch's `eps` is also outside).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, optim, sum, square, tensor, type Tensor } from 'fluxion'
 * const loss = (p: { w: Tensor }) => sum(square(p.w))
 * const opt = optim.optimizer(optim.adam(0.1, { b1: 0.9, b2: 0.999 }))
 * let s = opt.init({ w: tensor([1, -2]) })
 * for (let i = 0; i < 10; i++) s = opt.step(s, grad(loss)(s.params))
 * assert.ok(loss(s.params).item() < loss(opt.init({ w: tensor([1, -2]) }).params).item())
 * ```
 *
 * @see Kingma & Ba, Adam: A Method for Stochastic Optimization, https://arxiv.org/abs/1412.6980
 * @category constructors
 * @since 0.1.0
 */
export function adam<L extends ScalarOrSchedule>(learningRate: L, opts?: AdamOptions): GradientTransformation<AdamState<L>>
export function adam<L extends ScalarOrSchedule>(args: WithLearningRate<AdamOptions, L>): GradientTransformation<AdamState<L>>
export function adam(a: ScalarOrSchedule | WithLearningRate<AdamOptions>, opts?: AdamOptions): GradientTransformation<AdamState<ScalarOrSchedule>> {
  const [lr, o] = split('adam', a, opts)
  return chain(scaleByAdam(o), scaleByLearningRate(lr))
}

/**
 * Adam with decoupled weight decay:
 *
 *     p ← p - η · (adam_direction + λ·p)
 *
 * The decay is added after Adam's rescaling and before the learning rate, so
 * it is multiplied by the learning rate (optax and PyTorch's AdamW; the paper
 * writes a separate schedule multiplier).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, optim, sum, square, tensor, type Tensor } from 'fluxion'
 * const loss = (p: { w: Tensor }) => sum(square(p.w))
 * const opt = optim.optimizer(optim.adamw(0.1, { weightDecay: 1e-2 }))
 * let s = opt.init({ w: tensor([1, -2]) })
 * for (let i = 0; i < 10; i++) s = opt.step(s, grad(loss)(s.params))
 * assert.ok(loss(s.params).item() < loss(opt.init({ w: tensor([1, -2]) }).params).item())
 * ```
 *
 * @see Loshchilov & Hutter, Decoupled Weight Decay Regularization, https://arxiv.org/abs/1711.05101
 * @category constructors
 * @since 0.1.0
 */
export function adamw<L extends ScalarOrSchedule>(learningRate: L, opts?: AdamWOptions): GradientTransformation<AdamWState<L>>
export function adamw<L extends ScalarOrSchedule>(args: WithLearningRate<AdamWOptions, L>): GradientTransformation<AdamWState<L>>
export function adamw(a: ScalarOrSchedule | WithLearningRate<AdamWOptions>, opts?: AdamWOptions): GradientTransformation<AdamWState<ScalarOrSchedule>> {
  const [lr, o] = split('adamw', a, opts)
  return chain(scaleByAdam(o), addDecayedWeights({ weightDecay: o.weightDecay ?? 1e-4, mask: o.mask }), scaleByLearningRate(lr))
}

/**
 * Nadam: Adam with Nesterov momentum,
 *
 *     μ̂ = β₁·μ/(1-β₁ᵗ⁺¹) + (1-β₁)·g/(1-β₁ᵗ)      p ← p - η · μ̂ / (√(ν/(1-β₂ᵗ) + ε_root) + ε)
 *
 * (without the extra β₂ factor of the paper's Algorithm 2, as optax and
 * other implementations).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, optim, sum, square, tensor, type Tensor } from 'fluxion'
 * const loss = (p: { w: Tensor }) => sum(square(p.w))
 * const opt = optim.optimizer(optim.nadam(0.1))
 * let s = opt.init({ w: tensor([1, -2]) })
 * for (let i = 0; i < 10; i++) s = opt.step(s, grad(loss)(s.params))
 * assert.ok(loss(s.params).item() < loss(opt.init({ w: tensor([1, -2]) }).params).item())
 * ```
 *
 * @see Dozat, Incorporating Nesterov Momentum into Adam, https://openreview.net/pdf?id=OM0jvwB8jIp57ZJjtNEZ
 * @category constructors
 * @since 0.1.0
 */
export function nadam<L extends ScalarOrSchedule>(learningRate: L, opts?: AdamOptions): GradientTransformation<AdamState<L>>
export function nadam<L extends ScalarOrSchedule>(args: WithLearningRate<AdamOptions, L>): GradientTransformation<AdamState<L>>
export function nadam(a: ScalarOrSchedule | WithLearningRate<AdamOptions>, opts?: AdamOptions): GradientTransformation<AdamState<ScalarOrSchedule>> {
  const [lr, o] = split('nadam', a, opts)
  return chain(scaleByAdam({ ...o, nesterov: true }), scaleByLearningRate(lr))
}

/**
 * RMSProp:
 *
 *     ν ← β·ν + (1-β)·g²      p ← p - η · g / √(ν + ε)
 *
 * `centered` divides by `√(ν - μ² + ε)` with `μ` the running mean of `g`;
 * `momentum` adds a trace after the learning rate (optax's order). PyTorch
 * puts ε outside the root: pass `epsInSqrt: false` for that.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, optim, sum, square, tensor, type Tensor } from 'fluxion'
 * const loss = (p: { w: Tensor }) => sum(square(p.w))
 * const opt = optim.optimizer(optim.rmsprop(0.05, { decay: 0.9 }))
 * let s = opt.init({ w: tensor([1, -2]) })
 * for (let i = 0; i < 10; i++) s = opt.step(s, grad(loss)(s.params))
 * assert.ok(loss(s.params).item() < loss(opt.init({ w: tensor([1, -2]) }).params).item())
 * ```
 *
 * @see Tieleman & Hinton, Lecture 6.5 (2012), https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf
 * @see Graves, Generating Sequences With Recurrent Neural Networks (centered), https://arxiv.org/abs/1308.0850
 * @category constructors
 * @since 0.1.0
 */
export function rmsprop<L extends ScalarOrSchedule>(learningRate: L, opts?: RmspropOptions): GradientTransformation<RmspropState<L>>
export function rmsprop<L extends ScalarOrSchedule>(args: WithLearningRate<RmspropOptions, L>): GradientTransformation<RmspropState<L>>
export function rmsprop(a: ScalarOrSchedule | WithLearningRate<RmspropOptions>, opts?: RmspropOptions): GradientTransformation<RmspropState<ScalarOrSchedule>> {
  const [lr, o] = split('rmsprop', a, opts)
  momentumOf('rmsprop', o.momentum)
  if (o.centered !== undefined) V.bool('rmsprop', 'centered', o.centered)
  if (o.nesterov !== undefined) V.bool('rmsprop', 'nesterov', o.nesterov)
  return chain(
    o.centered === true ? scaleByStddev(o) : scaleByRms(o),
    scaleByLearningRate(lr),
    o.momentum === undefined ? identity() : trace({ decay: o.momentum, nesterov: o.nesterov ?? false }),
  )
}

/**
 * Adagrad:
 *
 *     s ← s + g²      p ← p - η · g / √(s + ε)
 *
 * with `s` starting at `initialAccumulatorValue` (default 0.1).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, optim, sum, square, tensor, type Tensor } from 'fluxion'
 * const loss = (p: { w: Tensor }) => sum(square(p.w))
 * const opt = optim.optimizer(optim.adagrad(0.5))
 * let s = opt.init({ w: tensor([1, -2]) })
 * for (let i = 0; i < 10; i++) s = opt.step(s, grad(loss)(s.params))
 * assert.ok(loss(s.params).item() < loss(opt.init({ w: tensor([1, -2]) }).params).item())
 * ```
 *
 * @see Duchi et al., Adaptive Subgradient Methods for Online Learning and Stochastic Optimization, https://jmlr.org/papers/v12/duchi11a.html
 * @category constructors
 * @since 0.1.0
 */
export function adagrad<L extends ScalarOrSchedule>(learningRate: L, opts?: RssOptions): GradientTransformation<AdagradState<L>>
export function adagrad<L extends ScalarOrSchedule>(args: WithLearningRate<RssOptions, L>): GradientTransformation<AdagradState<L>>
export function adagrad(a: ScalarOrSchedule | WithLearningRate<RssOptions>, opts?: RssOptions): GradientTransformation<AdagradState<ScalarOrSchedule>> {
  const [lr, o] = split('adagrad', a, opts)
  return chain(scaleByRss(o), scaleByLearningRate(lr))
}

/**
 * Damped Newton's method:
 *
 *     p ← p - η · (H + λI)⁻¹ g        with H = ∇²f(p)
 *
 * `η = 1`, `λ = 0` is the pure Newton step, which solves a positive definite
 * quadratic in one step. Needs the loss: `opt.step(state, g, { loss })`.
 * `mode: 'cg'` solves by conjugate gradients on Hessian-vector products.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, optim, sum, square, sub, tensor, type Tensor } from 'fluxion'
 * const target = tensor([1, 2], { dtype: 'float64' })
 * const loss = (p: { w: Tensor }) => sum(square(sub(p.w, target)))
 * const opt = optim.optimizer(optim.newton(1))            // pure Newton: a quadratic in one step
 * const s0 = opt.init({ w: tensor([0, 0], { dtype: 'float64' }) })
 * const s1 = opt.step(s0, grad(loss)(s0.params), { loss })
 * const [w0, w1] = Array.from(s1.params.w.data())
 * assert.ok(Math.abs(w0! - 1) < 1e-12 && Math.abs(w1! - 2) < 1e-12)
 * ```
 *
 * @see Nocedal & Wright, Numerical Optimization (2006), chapter 3
 * @category constructors
 * @since 0.1.0
 */
export function newton<L extends ScalarOrSchedule>(learningRate: L, opts?: NewtonOptions): GradientTransformation<NewtonState<L>>
export function newton<L extends ScalarOrSchedule>(args: WithLearningRate<NewtonOptions, L>): GradientTransformation<NewtonState<L>>
export function newton(a: ScalarOrSchedule | WithLearningRate<NewtonOptions>, opts?: NewtonOptions): GradientTransformation<NewtonState<ScalarOrSchedule>> {
  const [lr, o] = split('newton', a, opts)
  return chain(scaleByNewton(o), scaleByLearningRate(lr))
}
