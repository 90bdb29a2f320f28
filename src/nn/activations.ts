/**
 * Activations: elementwise nonlinearities and the (log-)softmax, as pure
 * functions of a tensor, named and parameterised as in `jax.nn`.
 *
 * Every function here is built from the differentiable ops of `src/ad`, so it
 * works under `grad`, `jvp`, `hessian` and their compositions, in float32 and
 * float64 (the dtype of the input is kept; integer and bool inputs are computed
 * in float32). Where the textbook formula overflows, a stable form is used:
 * `softplus` is `logaddexp(x, 0)` written with two guarded branches, and the
 * softmaxes subtract the maximum first, so
 * `logSoftmax([1000, -1000])` is `[0, -2000]`, not `NaN`.
 *
 * Guarded branches follow the "double where" rule: the branch that is not
 * selected still gets a safe input, or its `inf` would come back as `0 · inf =
 * NaN` in the gradient.
 *
 * @example
 * import { nn, tensor } from 'fluxion'
 * const p = nn.softmax(tensor([[1, 2, 3]]))
 * Math.abs(p.sum().item() - 1) < 1e-6                       // true
 * nn.logSoftmax(tensor([1000, -1000])).toArray()            // [0, -2000]
 *
 * @since 0.1.0
 */
import * as A from '../ad/prims/arith.js'
import * as U from '../ad/prims/unary.js'
import { max, sum, type Axis } from '../ad/prims/reduce.js'
import { asTensor, type TensorLike } from '../ad/prims/util.js'
import { ValueError } from '../errors.js'
import { isFloat } from '../tensor/dtype.js'
import type { Tensor } from '../tensor/tensor.js'

// ---- model ----

/**
 * An activation: a pure, elementwise (or per-axis) function of a tensor.
 * @category model
 * @since 0.1.0
 */
export type Activation = (x: Tensor) => Tensor

/**
 * The input as a float tensor: floats keep their dtype, integers and bools become float32.
 * @internal
 * @category utils
 * @since 0.1.0
 */
export const floatInput = (op: string, x: TensorLike): Tensor => {
  const t = asTensor(op, x)
  return isFloat(t.dtype) ? t : A.cast(t, 'float32')
}

// ---- elementwise ----

/**
 * The identity, `x ↦ x` (the default final activation of an MLP).
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.identity(tensor([-1, 2])).toArray() // [-1, 2]
 * @category activations
 * @since 0.1.0
 */
export const identity = (x: Tensor): Tensor => x

/**
 * The rectified linear unit, `max(x, 0)`, with `relu'(0) = 0` as in JAX.
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.relu(tensor([-1, 0, 2])).toArray() // [0, 0, 2]
 * @category activations
 * @since 0.1.0
 */
export const relu = (x: TensorLike): Tensor => U.relu(floatInput('relu', x))

/**
 * Leaky ReLU, `x` for `x ≥ 0` and `negativeSlope · x` below, as
 * `jax.nn.leaky_relu` (the derivative at 0 is 1).
 * @param negativeSlope - the slope for negative inputs (default 0.01)
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.leakyRelu(tensor([-2, 3]), 0.5).toArray() // [-1, 3]
 * @category activations
 * @since 0.1.0
 */
export const leakyRelu = (x: TensorLike, negativeSlope = 0.01): Tensor => {
  if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope))
    throw new ValueError(`leakyRelu: negativeSlope must be a finite number, got ${String(negativeSlope)}`)
  const t = floatInput('leakyRelu', x)
  return A.where(A.greaterEqual(t, 0), t, A.mul(t, negativeSlope))
}

/**
 * The hyperbolic tangent.
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.tanh(tensor([0])).toArray() // [0]
 * @category activations
 * @since 0.1.0
 */
export const tanh = (x: TensorLike): Tensor => U.tanh(floatInput('tanh', x))

/**
 * The logistic sigmoid, `1 / (1 + e^-x)`, with derivative `σ(x)(1 - σ(x))`.
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.sigmoid(tensor([0])).toArray() // [0.5]
 * @category activations
 * @since 0.1.0
 */
export const sigmoid = (x: TensorLike): Tensor => U.sigmoid(floatInput('sigmoid', x))

/**
 * `log(1 + e^x)`, computed stably as `logaddexp(x, 0)`: `x + log1p(e^-x)` for
 * `x > 0` and `log1p(e^x)` otherwise. Smooth to every order (`softplus'(0) = ½`,
 * `softplus''(0) = ¼`), finite for all finite `x`.
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.softplus(tensor([1000, -1000])).toArray() // [1000, 0]
 * @category activations
 * @since 0.1.0
 */
export const softplus = (x: TensorLike): Tensor => {
  const t = floatInput('softplus', x)
  const pos = A.greater(t, 0)
  // double where: each branch sees only inputs where it is finite
  const xPos = A.where(pos, t, 0)
  const xNeg = A.where(pos, 0, t)
  return A.where(pos, A.add(xPos, U.log1p(U.exp(A.neg(xPos)))), U.log1p(U.exp(xNeg)))
}

/**
 * `log σ(x) = -softplus(-x)`, stable for large `|x|`.
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.logSigmoid(tensor([-1000])).toArray() // [-1000]
 * @category activations
 * @since 0.1.0
 */
export const logSigmoid = (x: TensorLike): Tensor => A.neg(softplus(A.neg(floatInput('logSigmoid', x))))

/**
 * The sigmoid-weighted linear unit (swish), `x · σ(x)`.
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.silu(tensor([0])).toArray() // [0]
 * @category activations
 * @since 0.1.0
 */
export const silu = (x: TensorLike): Tensor => {
  const t = floatInput('silu', x)
  return A.mul(t, U.sigmoid(t))
}

/**
 * The exponential linear unit: `x` for `x > 0`, `alpha · (e^x - 1)` otherwise.
 * @param alpha - the scale of the negative part (default 1)
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.elu(tensor([2])).toArray() // [2]
 * @category activations
 * @since 0.1.0
 */
export const elu = (x: TensorLike, alpha = 1): Tensor => {
  const t = floatInput('elu', x)
  const pos = A.greater(t, 0)
  // e^x of a large positive x would be inf in the unselected branch
  return A.where(pos, t, A.mul(U.expm1(A.where(pos, 0, t)), alpha))
}

/** Options of `gelu`. @category model @since 0.1.0 */
export interface GeluOptions {
  /** Use the tanh approximation (default true, as `jax.nn.gelu`); false gives the exact `erf` form. */
  readonly approximate?: boolean
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI)

/**
 * The Gaussian error linear unit, `x · Φ(x)`. By default (as in JAX) the tanh
 * approximation `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`; with
 * `approximate: false` (or `false`) the exact `½x(1 + erf(x/√2))`, computed as
 * `½x·erfc(−x/√2)` so that the negative tail keeps its relative accuracy (within
 * 1e-5 in float32 down to x = −12) and its gradient.
 * @param opts - `{ approximate }` or a boolean (default true)
 * @example
 * import { nn, tensor } from 'fluxion'
 * const x = tensor([1], { dtype: 'float64' })
 * Math.abs(nn.gelu(x, { approximate: false }).item() - 0.8413447460685429) < 1e-12 // true
 * @category activations
 * @since 0.1.0
 */
export const gelu = (x: TensorLike, opts: GeluOptions | boolean = {}): Tensor => {
  const approximate = typeof opts === 'boolean' ? opts : opts.approximate ?? true
  const t = floatInput('gelu', x)
  if (approximate) {
    const inner = A.mul(A.add(t, A.mul(A.mul(A.mul(t, t), t), 0.044715)), SQRT_2_OVER_PI)
    return A.mul(A.mul(t, 0.5), A.add(U.tanh(inner), 1))
  }
  // ½x·erfc(−x/√2), not ½x(1 + erf(x/√2)): for negative x that sum cancels (to exactly 0
  // below −5.6 in float32), while erfc keeps the tail Φ(x) ≈ φ(x)/|x| and its gradient
  return A.mul(A.mul(t, 0.5), U.erfc(A.mul(t, -Math.SQRT1_2)))
}

// ---- over an axis ----

/**
 * `log(softmax(x))` along `axis`: `x - logsumexp(x, axis)`, computed as
 * `(x - m) - log Σ e^(x - m)` with `m` the maximum, so it is stable and exact at any magnitude.
 * @param axis - the axis (or axes) to normalise over (default -1)
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.logSoftmax(tensor([1000, -1000])).toArray() // [0, -2000]
 * @category activations
 * @since 0.1.0
 */
export const logSoftmax = (x: TensorLike, axis: Axis = -1): Tensor => {
  const t = floatInput('logSoftmax', x)
  if (t.size === 0) return t
  // shift first, as jax.nn.log_softmax: (x - m) - log Σ e^(x - m) is exact where x - logsumexp(x)
  // would cancel (at x = [-1000, -1000] the latter is off by 1e-13). The result does not depend
  // on m, so stopping its gradient changes nothing; an all -inf slice keeps m = 0.
  const m0 = A.stopGradient(max(t, axis, true))
  const shifted = A.sub(t, A.where(A.isfinite(m0), m0, 0))
  return A.sub(shifted, U.log(sum(U.exp(shifted), axis, true)))
}

/**
 * The softmax along `axis`: `e^x / Σ e^x`, computed as `exp(logSoftmax(x))`,
 * so it never overflows; each slice along `axis` sums to 1.
 * @param axis - the axis (or axes) to normalise over (default -1)
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.softmax(tensor([0, 0])).toArray() // [0.5, 0.5]
 * @category activations
 * @since 0.1.0
 */
export const softmax = (x: TensorLike, axis: Axis = -1): Tensor => U.exp(logSoftmax(x, axis))

// ---- by name ----

/**
 * The names under which activations can be chosen in options and specs.
 * @category model
 * @since 0.1.0
 */
export type ActivationName = 'identity' | 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid' | 'gelu' | 'softplus' | 'silu' | 'elu'

/**
 * The activations by name (with default parameters), for configuration and
 * JSON experiment specs: `activations.relu === relu`.
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.activations.tanh(tensor([0])).toArray() // [0]
 * @category activations
 * @since 0.1.0
 */
export const activations: Readonly<Record<ActivationName, Activation>> = Object.freeze({
  identity, relu, tanh, sigmoid, softplus, silu,
  leakyRelu: (x: Tensor) => leakyRelu(x),
  gelu: (x: Tensor) => gelu(x),
  elu: (x: Tensor) => elu(x),
})

/**
 * An activation given as a function or by name, as a function.
 * @throws ValueError for an unknown name
 * @example
 * import { nn } from 'fluxion'
 * nn.resolveActivation('relu') === nn.relu // true
 * @category activations
 * @since 0.1.0
 */
export const resolveActivation = (a: Activation | ActivationName, op = 'resolveActivation'): Activation => {
  if (typeof a === 'function') return a
  if (typeof a === 'string' && Object.prototype.hasOwnProperty.call(activations, a)) return activations[a]
  throw new ValueError(`${op}: unknown activation ${JSON.stringify(a)}; use a function or one of ${Object.keys(activations).join(', ')}`)
}
