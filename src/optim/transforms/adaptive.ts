/**
 * Per-coordinate adaptive scaling: Adam's moments, RMSProp's running mean of
 * squares, and Adagrad's running sum of squares (`scaleByRss`).
 *
 * Where the ε goes matters and follows optax: Adam divides by `√(ν̂ + ε_root) + ε`
 * (`eps` outside the square root, `epsRoot` inside); RMSProp adds `eps` inside
 * the root by default (`epsInSqrt`); Adagrad adds it inside the root.
 *
 * @example
 * const t = scaleByAdam({ b1: 0.9, b2: 0.999 })
 * const [u] = t.update(grads, t.init(params))   // first step: u ≈ sign(g) (bias-corrected)
 *
 * @since 0.1.0
 */
import { add, div, greater, mul, sqrt, sub, where } from '../../ad/index.js'
import { full } from '../../tensor/create.js'
import type { Tensor } from '../../tensor/tensor.js'
import type { AdamStep } from '../../backend/index.js'
import type { GradientTransformation, Params, Updates } from '../base.js'
import { fusedAdam } from './fused.js'
import * as V from '../validate.js'
import * as S from '../scalar.js'
import { expectCount, expectFields, flattenOf, mapUpdates, stateLeaves, unflattenOf, zerosLikeTree } from '../check.js'

// ---- model ----

/** Options of `scaleByAdam`. @category model @since 0.1.0 */
export interface AdamOptions {
  /** Decay of the first moment (default 0.9). */
  readonly b1?: number
  /** Decay of the second moment (default 0.999). */
  readonly b2?: number
  /** Added outside the square root (default 1e-8). */
  readonly eps?: number
  /** Added inside the square root (default 0). */
  readonly epsRoot?: number
  /** Nesterov momentum: Nadam (default false). */
  readonly nesterov?: boolean
}

/** The state of `scaleByAdam`: the count and both moments. @category model @since 0.1.0 */
export interface ScaleByAdamState {
  readonly count: number
  readonly mu: Updates
  readonly nu: Updates
}

/** Options of `scaleByRms` and `scaleByStddev`. @category model @since 0.1.0 */
export interface RmsOptions {
  /** Decay of the running mean of squares (default 0.9). */
  readonly decay?: number
  /** Added to the denominator (default 1e-8). */
  readonly eps?: number
  /** The initial value of the running mean of squares (default 0). */
  readonly initialScale?: number
  /** Add `eps` inside the square root (default true) or outside it. */
  readonly epsInSqrt?: boolean
  /** Divide the running means by `1 - decay^t` (default false). */
  readonly biasCorrection?: boolean
}

/** The state of `scaleByRms`: the count and the running mean of squares. @category model @since 0.1.0 */
export interface ScaleByRmsState {
  readonly count: number
  readonly nu: Updates
}

/** The state of `scaleByStddev`: the count and the running means of g and g². @category model @since 0.1.0 */
export interface ScaleByStddevState {
  readonly count: number
  readonly mu: Updates
  readonly nu: Updates
}

/** Options of `scaleByRss`. @category model @since 0.1.0 */
export interface RssOptions {
  /** The initial value of the running sum of squares (default 0.1). */
  readonly initialAccumulatorValue?: number
  /** Added inside the square root (default 1e-7). */
  readonly eps?: number
}

/** The state of `scaleByRss`: the running sum of squares. @category model @since 0.1.0 */
export interface ScaleByRssState {
  readonly sumOfSquares: Updates
}

// ---- utils ----

/** (1-β)·g + β·m: the running mean of g */
const moment1 = (g: Tensor, m: Tensor, decay: number): Tensor => add(mul(g, 1 - decay), mul(m, decay))
/** (1-β)·g² + β·v: the running mean of g² */
const moment2 = (g: Tensor, v: Tensor, decay: number): Tensor => add(mul(mul(g, g), 1 - decay), mul(v, decay))
/**
 * One leaf of Adam, composed of tensor ops: [μ', ν', u]. This is the definition
 * (and what runs on tracers); `fusedAdam` computes the same bits in one pass.
 */
const adamLeaf = (g: Tensor, mu0: Tensor, nu0: Tensor, { b1, b2, eps, epsRoot, nesterov, t }: AdamStepAt): [Tensor, Tensor, Tensor] => {
  const mu = moment1(g, mu0, b1)
  const nu = moment2(g, nu0, b2)
  // the bias corrections 1 - βᵗ: JS numbers for a number count, float64 scalars rounded to the leaf's dtype for a tensor one
  const corr = (b: number, n: S.Scalar): number | Tensor => S.operand(S.sub(1, S.pow(b, n)), g.dtype)
  const muHat = nesterov ? add(mul(div(mu, corr(b1, S.add(t, 1))), b1), mul(div(g, corr(b1, t)), 1 - b1)) : div(mu, corr(b1, t))
  // ε_root = 0 (the default) adds nothing: skip that pass over the parameters
  const vHat = epsRoot === 0 ? div(nu, corr(b2, t)) : add(div(nu, corr(b2, t)), epsRoot)
  return [mu, nu, div(muHat, add(sqrt(vHat), eps))]
}

/** One Adam step's constants, with a count that may be a scalar tensor (then the fused kernel is not used). */
type AdamStepAt = Omit<AdamStep, 't'> & { readonly t: S.Scalar }

/** Adam's ranges: β₁, β₂ in [0, 1) (β = 1 would divide by 1 - βᵗ = 0), ε ≥ 0. */
const checkAdam = (op: string, o: Required<AdamOptions>): void => {
  V.unitOpen(op, 'b1', o.b1)
  V.unitOpen(op, 'b2', o.b2)
  V.nonNegative(op, 'eps', o.eps)
  V.nonNegative(op, 'epsRoot', o.epsRoot)
  V.bool(op, 'nesterov', o.nesterov)
}

/** RMSProp's ranges: the decay in [0, 1), ε and the initial scale ≥ 0. */
const checkRms = (op: string, o: Required<RmsOptions>): void => {
  V.unitOpen(op, 'decay', o.decay)
  V.nonNegative(op, 'eps', o.eps)
  V.nonNegative(op, 'initialScale', o.initialScale)
  V.bool(op, 'epsInSqrt', o.epsInSqrt)
  V.bool(op, 'biasCorrection', o.biasCorrection)
}

const fullLike = (params: Params, value: number): Updates => mapUpdates((x) => full(x.shape, value, x.dtype), params)

// ---- constructors ----

/**
 * Adam's rescaling. With `t` the step (1, 2, ...):
 *
 *     μ ← β₁·μ + (1-β₁)·g         ν ← β₂·ν + (1-β₂)·g²
 *     μ̂ = μ / (1-β₁ᵗ)             ν̂ = ν / (1-β₂ᵗ)
 *     u = μ̂ / (√(ν̂ + ε_root) + ε)
 *
 * With `nesterov` (Nadam), `μ̂ = β₁·μ/(1-β₁ᵗ⁺¹) + (1-β₁)·g/(1-β₁ᵗ)`.
 *
 * @example
 * const adamLike = chain(scaleByAdam(), scaleByLearningRate(1e-3))
 *
 * @see Kingma & Ba, Adam: A Method for Stochastic Optimization, https://arxiv.org/abs/1412.6980
 * @see Dozat, Incorporating Nesterov Momentum into Adam, https://openreview.net/pdf?id=OM0jvwB8jIp57ZJjtNEZ
 * @category constructors
 * @since 0.1.0
 */
export const scaleByAdam = (opts: AdamOptions = {}): GradientTransformation<ScaleByAdamState> => {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, nesterov = false } = V.options('scaleByAdam', opts)
  checkAdam('scaleByAdam', { b1, b2, eps, epsRoot, nesterov })
  return {
  init: (params) => ({ count: 0, mu: zerosLikeTree(params), nu: zerosLikeTree(params) }),
  update: (updates, state) => {
    const op = 'scaleByAdam'
    const st = expectFields(op, state, ['count', 'mu', 'nu'])
    const t = S.add(expectCount(op, st, 'count'), 1)
    const [g, def] = flattenOf(updates)
    const mu0 = stateLeaves(op, 'mu', st.mu, updates, def, g)
    const nu0 = stateLeaves(op, 'nu', st.nu, updates, def, g)
    const step: AdamStepAt = { b1, b2, eps, epsRoot, nesterov, t }
    const leaves = g.map((x, i) => (typeof t === 'number' ? fusedAdam(x, mu0[i]!, nu0[i]!, { ...step, t }) : null) ?? adamLeaf(x, mu0[i]!, nu0[i]!, step))
    const field = <T = Updates>(k: 0 | 1 | 2): T => unflattenOf<T>(def, leaves.map((l) => l[k]))
    return [field(2), { count: S.asCount(t), mu: field(0), nu: field(1) }]
  },
  }
}

/**
 * RMSProp's rescaling: `ν ← β·ν + (1-β)·g²`, `u = g / √(ν + ε)` (or
 * `g / (√ν + ε)` with `epsInSqrt: false`; `ν / (1-βᵗ)` with `biasCorrection`).
 *
 * @example
 * const rmsLike = chain(scaleByRms({ decay: 0.9 }), scaleByLearningRate(1e-3))
 *
 * @see Tieleman & Hinton, Lecture 6.5 (2012), https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf
 * @category constructors
 * @since 0.1.0
 */
export const scaleByRms = (opts: RmsOptions = {}): GradientTransformation<ScaleByRmsState> => {
  const { decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true, biasCorrection = false } = V.options('scaleByRms', opts)
  checkRms('scaleByRms', { decay, eps, initialScale, epsInSqrt, biasCorrection })
  return {
  init: (params) => ({ count: 0, nu: fullLike(params, initialScale) }),
  update: (updates, state) => {
    const op = 'scaleByRms'
    const st = expectFields(op, state, ['count', 'nu'])
    const t = S.add(expectCount(op, st, 'count'), 1)
    const [g, def] = flattenOf(updates)
    const nu0 = stateLeaves(op, 'nu', st.nu, updates, def, g)
    const nu = g.map((x, i) => moment2(x, nu0[i]!, decay))
    const c = biasCorrection ? S.sub(1, S.pow(decay, t)) : 1
    const u = g.map((x, i) => {
      const vHat = biasCorrection ? div(nu[i]!, S.operand(c, x.dtype)) : nu[i]!
      return mul(div(1, epsInSqrt ? sqrt(add(vHat, eps)) : add(sqrt(vHat), eps)), x)
    })
    return [unflattenOf(def, u), { count: S.asCount(t), nu: unflattenOf(def, nu) }]
  },
  }
}

/**
 * Centered RMSProp's rescaling: divide by a running estimate of the standard
 * deviation, `u = g / √(ν - μ² + ε)` with `μ`, `ν` the running means of g, g².
 *
 * @example
 * const centered = chain(scaleByStddev(), scaleByLearningRate(1e-3))
 *
 * @see Graves, Generating Sequences With Recurrent Neural Networks, https://arxiv.org/abs/1308.0850
 * @category constructors
 * @since 0.1.0
 */
export const scaleByStddev = (opts: RmsOptions = {}): GradientTransformation<ScaleByStddevState> => {
  const { decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true, biasCorrection = false } = V.options('scaleByStddev', opts)
  checkRms('scaleByStddev', { decay, eps, initialScale, epsInSqrt, biasCorrection })
  return {
  init: (params) => ({ count: 0, mu: zerosLikeTree(params), nu: fullLike(params, initialScale) }),
  update: (updates, state) => {
    const op = 'scaleByStddev'
    const st = expectFields(op, state, ['count', 'mu', 'nu'])
    const t = S.add(expectCount(op, st, 'count'), 1)
    const [g, def] = flattenOf(updates)
    const mu0 = stateLeaves(op, 'mu', st.mu, updates, def, g)
    const nu0 = stateLeaves(op, 'nu', st.nu, updates, def, g)
    const mu = g.map((x, i) => moment1(x, mu0[i]!, decay))
    const nu = g.map((x, i) => moment2(x, nu0[i]!, decay))
    const c = biasCorrection ? S.sub(1, S.pow(decay, t)) : 1
    const u = g.map((x, i) => {
      const m = div(mu[i]!, S.operand(c, x.dtype))
      const variance = sub(div(nu[i]!, S.operand(c, x.dtype)), mul(m, m))
      return mul(div(1, epsInSqrt ? sqrt(add(variance, eps)) : add(sqrt(variance), eps)), x)
    })
    return [unflattenOf(def, u), { count: S.asCount(t), mu: unflattenOf(def, mu), nu: unflattenOf(def, nu) }]
  },
  }
}

/**
 * Adagrad's rescaling by the root of the running sum of squares:
 * `s ← s + g²`, `u = g / √(s + ε)` (and 0 where `s` is 0).
 *
 * @example
 * const adagradLike = chain(scaleByRss(), scaleByLearningRate(1))
 *
 * @see Duchi et al., Adaptive Subgradient Methods, https://jmlr.org/papers/v12/duchi11a.html
 * @category constructors
 * @since 0.1.0
 */
export const scaleByRss = (opts: RssOptions = {}): GradientTransformation<ScaleByRssState> => {
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = V.options('scaleByRss', opts)
  V.nonNegative('scaleByRss', 'initialAccumulatorValue', initialAccumulatorValue)
  V.nonNegative('scaleByRss', 'eps', eps)
  return {
  init: (params) => ({ sumOfSquares: fullLike(params, initialAccumulatorValue) }),
  update: (updates, state) => {
    const op = 'scaleByRss'
    const st = expectFields(op, state, ['sumOfSquares'])
    const [g, def] = flattenOf(updates)
    const s0 = stateLeaves(op, 'sumOfSquares', st.sumOfSquares, updates, def, g)
    const sumOfSquares = g.map((x, i) => add(mul(x, x), s0[i]!))
    const u = g.map((x, i) => mul(where(greater(sumOfSquares[i]!, 0), div(1, sqrt(add(sumOfSquares[i]!, eps))), 0), x))
    return [unflattenOf(def, u), { sumOfSquares: unflattenOf(def, sumOfSquares) }]
  },
  }
}
