/**
 * Accumulating past updates: `trace` (momentum) and `ema` (an exponential
 * moving average, optionally bias-corrected).
 *
 * Both accumulate whatever reaches them. In `sgd` the trace comes before the
 * learning rate, so momentum accumulates raw gradients and the learning rate
 * scales the result (optax's order; PyTorch's SGD gives the same updates for
 * a constant learning rate).
 *
 * @example
 * const t = trace({ decay: 0.9 })
 * let s = t.init(params)
 * const [u1, s1] = t.update(g, s)      // u1 = g
 * const [u2] = t.update(g, s1)         // u2 = g + 0.9·g
 *
 * @since 0.1.0
 */
import { add, div, mul } from '../../ad/index.js'
import type { Tensor } from '../../tensor/tensor.js'
import type { GradientTransformation, Updates } from '../base.js'
import * as V from '../validate.js'
import * as S from '../scalar.js'
import { expectCount, expectFields, flattenOf, stateLeaves, unflattenOf, zerosLikeTree } from '../check.js'

// ---- model ----

/** Options of `trace`. @category model @since 0.1.0 */
export interface TraceOptions {
  /** The momentum coefficient β. */
  readonly decay: number
  /** Use Nesterov's look-ahead form (default false). */
  readonly nesterov?: boolean
  /**
   * d in `t ← β·t + (1 − d)·g` (default 0: optax's undamped trace). PyTorch's
   * `dampening`; `d = β` makes the trace an exponential moving average of the
   * gradients, whose steps are `1 − β` times the undamped ones. @since 0.3.0
   */
  readonly dampening?: number
  /**
   * Divide the update by `1 − βᵗ` (`1 − βᵗ⁺¹` with Nesterov) at step
   * `t = 1, 2, ...`, the weight the zero start leaves out, so that a constant
   * gradient gives the same update from the first step on (default false).
   * Needs β < 1. @since 0.3.0
   */
  readonly debias?: boolean
}

/**
 * The state of `trace`: the running trace, shaped like the parameters, and,
 * with `debias`, the step count.
 * @category model
 * @since 0.1.0
 */
export interface TraceState {
  readonly trace: Updates
  /** The number of updates so far; only with `debias: true`. @since 0.3.0 */
  readonly count?: number
}


/** Options of `ema`. @category model @since 0.1.0 */
export interface EmaOptions {
  /** The decay β of the average. */
  readonly decay: number
  /** Divide by `1 - β^t` to undo the bias towards the zero start (default true). */
  readonly debias?: boolean
}

/** The state of `ema`: the count and the (not bias-corrected) average. @category model @since 0.1.0 */
export interface EmaState {
  readonly count: number
  readonly ema: Updates
}

// ---- constructors ----

/**
 * Momentum: `t ← β·t + (1 − d)·g` with `d` the dampening (default 0), and
 * the update is `t`; with Nesterov it is `(1 − d)·g + β·t` using the new `t`
 * (the reparametrized form of Sutskever et al.: the iterates are the
 * look-ahead points of `lookaheadNesterov`). With `debias` the update is
 * divided by `1 − βᵗ` (Nesterov: `1 − βᵗ⁺¹`).
 *
 * Undamped (`d = 0`, optax's `trace`, PyTorch's default) a constant gradient
 * builds up to steps `1/(1 − β)` times the gradient; damped with `d = β` the
 * trace is an average of past gradients and the steps stay the gradient's
 * size, but start small (`(1 − βᵗ)·g`), which `debias` corrects.
 *
 * @example
 * const momentum = chain(trace({ decay: 0.9, nesterov: true }), scaleByLearningRate(0.01))
 * const average = trace({ decay: 0.9, dampening: 0.9, debias: true })   // the bias-corrected average of the gradients
 *
 * @see Polyak, Some methods of speeding up the convergence of iteration methods (1964)
 * @see Sutskever et al., On the importance of initialization and momentum in deep learning, http://proceedings.mlr.press/v28/sutskever13.pdf
 * @category constructors
 * @since 0.1.0
 */
export const trace = (opts: TraceOptions): GradientTransformation<TraceState> => {
  const { decay, nesterov = false, dampening = 0, debias = false } = V.options('trace', opts) as TraceOptions
  V.inRange('trace', 'decay', decay, 0, 1)
  V.bool('trace', 'nesterov', nesterov)
  V.inRange('trace', 'dampening', dampening, 0, 1)
  V.bool('trace', 'debias', debias)
  if (debias) V.inRange('trace', 'decay (with debias)', decay, 0, 1, 'hi')
  const fields = debias ? ['count', 'trace'] : ['trace']
  const gain = 1 - dampening
  return {
  init: (params) => (debias ? { count: 0, trace: zerosLikeTree(params) } : { trace: zerosLikeTree(params) }),
  update: (updates, state) => {
    const st = expectFields('trace', state, fields)
    const count = debias ? S.add(expectCount('trace', st, 'count'), 1) : 0
    const [g, def] = flattenOf(updates)
    const t0 = stateLeaves('trace', 'trace', st.trace, updates, def, g)
    // with no dampening, x + β·t exactly as before (no multiplication by 1)
    const f = (x: Tensor, t: Tensor) => add(gain === 1 ? x : mul(x, gain), mul(t, decay))
    const next = g.map((x, i) => f(x, t0[i]!))
    const u = nesterov ? g.map((x, i) => f(x, next[i]!)) : next
    const out = debias ? u.map((x) => div(x, S.operand(S.sub(1, S.pow(decay, nesterov ? S.add(count, 1) : count)), x.dtype))) : u
    const trace = unflattenOf(def, next)
    return [unflattenOf(def, out), debias ? { count: S.asCount(count), trace } : { trace }]
  },
  }
}

/**
 * An exponential moving average of the updates: `m ← (1-β)·g + β·m`. With
 * `debias` (the default) the update is `m / (1 - β^t)` at step `t = 1, 2, ...`:
 * early on the average is too small because it starts at zero, and this
 * division corrects that exactly for constant inputs.
 *
 * @example
 * const t = ema({ decay: 0.9 })
 * const [u] = t.update({ w: tensor([2]) }, t.init(params))   // u.w = [2] (0.2 / (1 - 0.9))
 *
 * @category constructors
 * @since 0.1.0
 */
export const ema = (opts: EmaOptions): GradientTransformation<EmaState> => {
  const { decay, debias = true } = V.options('ema', opts) as EmaOptions
  V.unitOpen('ema', 'decay', decay)
  V.bool('ema', 'debias', debias)
  return {
  init: (params) => ({ count: 0, ema: zerosLikeTree(params) }),
  update: (updates, state) => {
    const st = expectFields('ema', state, ['count', 'ema'])
    const count = S.add(expectCount('ema', st, 'count'), 1)
    const [g, def] = flattenOf(updates)
    const m0 = stateLeaves('ema', 'ema', st.ema, updates, def, g)
    const next = g.map((x, i) => add(mul(x, 1 - decay), mul(m0[i]!, decay)))
    const u = debias ? next.map((m) => div(m, S.operand(S.sub(1, S.pow(decay, count)), m.dtype))) : next
    return [unflattenOf(def, u), { count: S.asCount(count), ema: unflattenOf(def, next) }]
  },
  }
}
