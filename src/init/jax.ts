/**
 * Initializers with JAX's semantics (`jax.nn.initializers`): kernels are laid
 * out `(in, out)` (convolutions `(*spatial, in, out)`), and the "normal"
 * variance-scaling initializers draw a **truncated** normal.
 *
 * The central one is `varianceScaling(scale, mode, distribution)`: it draws
 * values with variance `scale / n`, where `n` is the fan-in, the fan-out, their
 * mean or their geometric mean. Glorot (Xavier), He (Kaiming) and LeCun are
 * its three classic settings. The truncated normal is cut at ±2 standard
 * deviations and rescaled by 0.8796..., the standard deviation of a standard
 * normal truncated to (-2, 2), so that the variance is still `scale / n`.
 *
 * Every initializer computes in the requested dtype's arithmetic, as JAX
 * does, so with the same key it gives JAX's values.
 *
 * @example
 * import { init, random } from 'fluxion'
 * const [k1, k2] = random.split(random.key(0))
 * const w = init.glorotUniform()(k1, [784, 128])  // variance 2 / (784 + 128)
 * const v = init.heNormal()(k2, [3, 3, 16, 32])   // conv kernel, fan-in 3·3·16
 *
 * @since 0.1.0
 */
import { reshape, transpose } from '../ad/index.js'
import { ShapeError, ValueError, showShape } from '../errors.js'
import { full } from '../tensor/create.js'
import type { DType } from '../tensor/dtype.js'
import { qr } from '../tensor/eager/linalg.js'
import { normalizeAxis } from '../tensor/shape.js'
import { fromBuffer, type Tensor } from '../tensor/tensor.js'
import { checkKey, type Key } from '../random/key.js'
import { normal as normalSample, truncatedNormal as truncSample, uniform as uniformSample } from '../random/samplers.js'
import { checkInitShape, computeFans, initArgs, positive, type FanAxes, type Initializer } from './fans.js'

// ---- model ----

/** Which fan `varianceScaling` divides by. @category model @since 0.1.0 */
export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg' | 'fan_geo_avg'

/** The distribution `varianceScaling` draws from. @category model @since 0.1.0 */
export type Distribution = 'truncated_normal' | 'normal' | 'uniform'

/** Options of the variance-scaling family: the fan axes and the default dtype. @category model @since 0.1.0 */
export interface VarianceScalingOptions extends FanAxes {
  /** The dtype when the initializer is called without one (default float32). */
  readonly dtype?: 'float32' | 'float64'
}

/** The standard deviation of a standard normal truncated to (-2, 2). */
const TRUNCATED_STDDEV = 0.87962566103423978

// ---- variance scaling ----

/**
 * Values with variance `scale / n`, as `jax.nn.initializers.variance_scaling`.
 * `n` is `fanIn`, `fanOut`, `(fanIn + fanOut) / 2` or `sqrt(fanIn · fanOut)`
 * by `mode`; `distribution` is `'truncated_normal'` (cut at ±2σ, rescaled),
 * `'normal'` or `'uniform'` (on `±sqrt(3·variance)`).
 * @param scale - the variance scale (positive)
 * @param mode - `'fan_in' | 'fan_out' | 'fan_avg' | 'fan_geo_avg'`
 * @param distribution - `'truncated_normal' | 'normal' | 'uniform'`
 * @param opts - `inAxis` (default -2), `outAxis` (-1), `batchAxis` (none), `dtype`
 * @returns an initializer; with the default axes it throws a `ShapeError` for shapes of
 *   fewer than 2 axes (give `inAxis` and `outAxis` for a 1-D or 0-D shape, as in JAX)
 * @example
 * import { init, random } from 'fluxion'
 * const w = init.varianceScaling(2, 'fan_in', 'normal')(random.key(0), [256, 64])
 * w.shape // [256, 64]
 * @category variance scaling
 * @since 0.1.0
 */
export const varianceScaling = (scale: number, mode: FanMode, distribution: Distribution,
  opts: VarianceScalingOptions = {}): Initializer => scaled('varianceScaling', scale, mode, distribution, opts)

const scaled = (op: string, scale: number, mode: FanMode, distribution: Distribution, opts: VarianceScalingOptions): Initializer => {
  positive(op, 'scale', scale)
  if (!['fan_in', 'fan_out', 'fan_avg', 'fan_geo_avg'].includes(mode))
    throw new ValueError(`${op}: mode must be 'fan_in', 'fan_out', 'fan_avg' or 'fan_geo_avg', got ${String(mode)}`)
  if (!['truncated_normal', 'normal', 'uniform'].includes(distribution))
    throw new ValueError(`${op}: distribution must be 'truncated_normal', 'normal' or 'uniform', got ${String(distribution)}`)
  return (key, shape, dtype = opts.dtype ?? 'float32') => {
    const a = initArgs(op, key, shape, dtype)
    const { fanIn, fanOut } = computeFans(a.shape, opts, op)
    if (fanIn * fanOut === 0) return full(a.shape, 0, a.dtype)
    const n = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : mode === 'fan_avg' ? (fanIn + fanOut) / 2 : Math.sqrt(fanIn * fanOut)
    const r = a.dtype === 'float32' ? Math.fround : (x: number) => x
    const variance = r(scale / n)
    const o = { dtype: a.dtype }
    if (distribution === 'truncated_normal')
      return times(truncSample(a.key, -2, 2, a.shape, o), r(r(Math.sqrt(variance)) / r(TRUNCATED_STDDEV)))
    if (distribution === 'normal') return times(normalSample(a.key, a.shape, o), r(Math.sqrt(variance)))
    return times(uniformSample(a.key, a.shape, { ...o, minval: -1, maxval: 1 }), r(Math.sqrt(r(3 * variance))))
  }
}

/**
 * Glorot (Xavier) uniform: `varianceScaling(1, 'fan_avg', 'uniform')`.
 * @example
 * import { init, random } from 'fluxion'
 * init.glorotUniform()(random.key(0), [3, 4]).shape // [3, 4]
 * @category variance scaling
 * @since 0.1.0
 */
export const glorotUniform = (opts: VarianceScalingOptions = {}): Initializer => scaled('glorotUniform', 1, 'fan_avg', 'uniform', opts)

/**
 * Glorot (Xavier) normal, truncated as in JAX: `varianceScaling(1, 'fan_avg', 'truncated_normal')`.
 * @example
 * import { init, random } from 'fluxion'
 * init.glorotNormal()(random.key(0), [3, 4]).shape // [3, 4]
 * @category variance scaling
 * @since 0.1.0
 */
export const glorotNormal = (opts: VarianceScalingOptions = {}): Initializer => scaled('glorotNormal', 1, 'fan_avg', 'truncated_normal', opts)

/**
 * LeCun uniform: `varianceScaling(1, 'fan_in', 'uniform')`.
 * @example
 * import { init, random } from 'fluxion'
 * init.lecunUniform()(random.key(0), [3, 4]).shape // [3, 4]
 * @category variance scaling
 * @since 0.1.0
 */
export const lecunUniform = (opts: VarianceScalingOptions = {}): Initializer => scaled('lecunUniform', 1, 'fan_in', 'uniform', opts)

/**
 * LeCun normal, truncated: `varianceScaling(1, 'fan_in', 'truncated_normal')`.
 * @example
 * import { init, random } from 'fluxion'
 * init.lecunNormal()(random.key(0), [3, 4]).shape // [3, 4]
 * @category variance scaling
 * @since 0.1.0
 */
export const lecunNormal = (opts: VarianceScalingOptions = {}): Initializer => scaled('lecunNormal', 1, 'fan_in', 'truncated_normal', opts)

/**
 * He (Kaiming) uniform: `varianceScaling(2, 'fan_in', 'uniform')`.
 * @example
 * import { init, random } from 'fluxion'
 * init.heUniform()(random.key(0), [3, 4]).shape // [3, 4]
 * @category variance scaling
 * @since 0.1.0
 */
export const heUniform = (opts: VarianceScalingOptions = {}): Initializer => scaled('heUniform', 2, 'fan_in', 'uniform', opts)

/**
 * He (Kaiming) normal, truncated: `varianceScaling(2, 'fan_in', 'truncated_normal')`.
 * @example
 * import { init, random } from 'fluxion'
 * init.heNormal()(random.key(0), [3, 4]).shape // [3, 4]
 * @category variance scaling
 * @since 0.1.0
 */
export const heNormal = (opts: VarianceScalingOptions = {}): Initializer => scaled('heNormal', 2, 'fan_in', 'truncated_normal', opts)

// ---- orthogonal ----

/** Options of `orthogonal`. @category model @since 0.1.0 */
export interface OrthogonalOptions {
  /** The axis whose slices are orthonormal (default -1). */
  readonly columnAxis?: number
  /** The dtype when the initializer is called without one (default float32). */
  readonly dtype?: 'float32' | 'float64'
}

/**
 * A (semi-)orthogonal matrix times `scale`, as `jax.nn.initializers.orthogonal`:
 * QR of a normal sample of shape `(rows, cols)` (or its transpose when there
 * are fewer rows), with Q's columns multiplied by the signs of R's diagonal so
 * the result is uniform over orthogonal matrices; then reshaped so that
 * `columnAxis` holds the columns. (Equal to JAX's up to rounding: the QR
 * routines differ, the sign correction makes the result unique.)
 * @param scale - the factor applied to the orthogonal matrix (default 1)
 * @param columnAxisOrOpts - `columnAxis` (default -1), as JAX's second argument, or `{ columnAxis, dtype }`
 * @example
 * import { init, random, matmul, transpose } from 'fluxion'
 * const q = init.orthogonal()(random.key(0), [4, 4], 'float64')
 * matmul(transpose(q), q) // ≈ the 4×4 identity
 * @category orthogonal
 * @since 0.1.0
 */
export const orthogonal = (scale = 1, columnAxisOrOpts: number | OrthogonalOptions = {}): Initializer => {
  positive('orthogonal', 'scale', scale)
  const opts: OrthogonalOptions = typeof columnAxisOrOpts === 'number' ? { columnAxis: columnAxisOrOpts } : columnAxisOrOpts
  return (key, shape, dtype = opts.dtype ?? 'float32') => {
    const a = initArgs('orthogonal', key, shape, dtype)
    const s = a.shape
    if (s.length < 2) throw new ShapeError(`orthogonal: needs a shape of at least 2 axes, got ${showShape(s)}`)
    const col = normalizeAxis('orthogonal', opts.columnAxis ?? -1, s.length)
    const nCols = s[col]!
    const size = s.reduce((p, d) => p * d, 1)
    if (size === 0) return full(s, 0, a.dtype)
    const nRows = size / nCols
    const wide = nRows < nCols
    const [m, n] = wide ? [nCols, nRows] : [nRows, nCols]
    const [q, rr] = qr(normalSample(a.key, [m, n], { dtype: a.dtype }).toConcrete())
    const r = a.dtype === 'float32' ? Math.fround : (x: number) => x
    const out = a.dtype === 'float32' ? new Float32Array(m * n) : new Float64Array(m * n)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const d = rr.buffer[j * n + j]!
        const sign = d > 0 ? 1 : d < 0 ? -1 : 0 // jnp.sign
        // lay out as (nRows, nCols), transposing the wide case
        out[wide ? j * m + i : i * n + j] = r(scale * (q.buffer[i * n + j]! * sign))
      }
    const rest = s.filter((_, i) => i !== col)
    const moved = reshape(fromBuffer(out, [nRows, nCols], a.dtype), [...rest, nCols])
    const perm = [...rest.keys()]
    perm.splice(col, 0, rest.length)
    return transpose(moved, perm)
  }
}

// ---- simple ----

/**
 * Normal values with standard deviation `stddev` (default 0.01), as `jax.nn.initializers.normal`.
 * @param dtypeOrOpts - the default dtype (JAX's second argument) or `{ dtype }`
 * @example
 * import { init, random } from 'fluxion'
 * init.normal(0.1)(random.key(0), [2, 2]).shape // [2, 2]
 * @category simple
 * @since 0.1.0
 */
export const normal = (stddev = 1e-2, dtypeOrOpts: FloatDTypeOr<{ readonly dtype?: 'float32' | 'float64' }> = {}): Initializer => {
  const opts = withDType(dtypeOrOpts)
  positive('normal', 'stddev', stddev)
  return (key, shape, dtype = opts.dtype ?? 'float32') => {
    const a = initArgs('normal', key, shape, dtype)
    return times(normalSample(a.key, a.shape, { dtype: a.dtype }), round(a.dtype, stddev))
  }
}

/**
 * Uniform values on `[0, scale)` (default scale 0.01), as `jax.nn.initializers.uniform`.
 * @param dtypeOrOpts - the default dtype (JAX's second argument) or `{ dtype }`
 * @example
 * import { init, random } from 'fluxion'
 * init.uniform(1)(random.key(0), [3]).toArray().every((v) => v >= 0 && v < 1) // true
 * @category simple
 * @since 0.1.0
 */
export const uniform = (scale = 1e-2, dtypeOrOpts: FloatDTypeOr<{ readonly dtype?: 'float32' | 'float64' }> = {}): Initializer => {
  const opts = withDType(dtypeOrOpts)
  positive('uniform', 'scale', scale)
  return (key, shape, dtype = opts.dtype ?? 'float32') => {
    const a = initArgs('uniform', key, shape, dtype)
    return times(uniformSample(a.key, a.shape, { dtype: a.dtype }), round(a.dtype, scale))
  }
}

/** Options of `truncatedNormal`. @category model @since 0.1.0 */
export interface TruncatedNormalOptions {
  /** The lower cut, in standard deviations (default -2). */
  readonly lower?: number
  /** The upper cut (default 2). */
  readonly upper?: number
  readonly dtype?: 'float32' | 'float64'
}

/**
 * A normal truncated to `[lower, upper]` standard deviations, times `stddev`
 * (default 0.01), as `jax.nn.initializers.truncated_normal` (not rescaled:
 * the standard deviation is a little below `stddev`).
 * @param dtypeOrOpts - the default dtype, or `{ lower, upper, dtype }`
 * @example
 * import { init, random } from 'fluxion'
 * init.truncatedNormal(1)(random.key(0), [100]).toArray().every((v) => Math.abs(v) < 2) // true
 * @category simple
 * @since 0.1.0
 */
export const truncatedNormal = (stddev = 1e-2, dtypeOrOpts: FloatDTypeOr<TruncatedNormalOptions> = {}): Initializer => {
  const opts = withDType(dtypeOrOpts)
  positive('truncatedNormal', 'stddev', stddev)
  return (key, shape, dtype = opts.dtype ?? 'float32') => {
    const a = initArgs('truncatedNormal', key, shape, dtype)
    const t = truncSample(a.key, opts.lower ?? -2, opts.upper ?? 2, a.shape, { dtype: a.dtype })
    return times(t, round(a.dtype, stddev))
  }
}

/**
 * Zeros. Call it as an initializer, `zeros(key, shape, dtype?)` (as in JAX),
 * or as a factory, `zeros()`, like the others.
 * @example
 * import { init, random } from 'fluxion'
 * init.zeros(random.key(0), [2]).toArray() // [0, 0]
 * init.zeros()(random.key(0), [2]).toArray() // [0, 0]
 * @category simple
 * @since 0.1.0
 */
export function zeros(): Initializer
export function zeros(key: Key, shape: ReadonlyArray<number>, dtype?: DType): Tensor
export function zeros(key?: Key, shape?: ReadonlyArray<number>, dtype: DType = 'float32'): Initializer | Tensor {
  return key === undefined && shape === undefined ? filled('zeros', 0) : filled('zeros', 0)(key as Key, shape as number[], dtype)
}

/**
 * Ones; like `zeros`, an initializer and a factory at once.
 * @example
 * import { init, random } from 'fluxion'
 * init.ones(random.key(0), [2]).toArray() // [1, 1]
 * @category simple
 * @since 0.1.0
 */
export function ones(): Initializer
export function ones(key: Key, shape: ReadonlyArray<number>, dtype?: DType): Tensor
export function ones(key?: Key, shape?: ReadonlyArray<number>, dtype: DType = 'float32'): Initializer | Tensor {
  return key === undefined && shape === undefined ? filled('ones', 1) : filled('ones', 1)(key as Key, shape as number[], dtype)
}

/**
 * Every element `value`, as `jax.nn.initializers.constant`.
 * @param dtypeOrOpts - the default dtype (any, default float32) or `{ dtype }`
 * @example
 * import { init, random } from 'fluxion'
 * init.constant(0.1)(random.key(0), [2]).toArray() // [0.1, 0.1] (in float32)
 * @category simple
 * @since 0.1.0
 */
export const constant = (value: number, dtypeOrOpts: DType | { readonly dtype?: DType } = {}): Initializer => {
  const opts = typeof dtypeOrOpts === 'string' ? { dtype: dtypeOrOpts } : dtypeOrOpts
  if (typeof value !== 'number' || Number.isNaN(value)) throw new ValueError(`constant: value must be a number, got ${String(value)}`)
  return filled('constant', value, opts.dtype)
}

// ---- utils ----

/** A dtype alone (JAX's positional `dtype`) or an options object. */
type FloatDTypeOr<O> = 'float32' | 'float64' | O

const withDType = <O extends object>(x: FloatDTypeOr<O>): O & { readonly dtype?: 'float32' | 'float64' } =>
  (typeof x === 'string' ? { dtype: x } : x) as O & { readonly dtype?: 'float32' | 'float64' }

const filled = (op: string, value: number, defaultDType: DType = 'float32'): Initializer =>
  (key, shape, dtype = defaultDType) => {
    checkKey(op, key)
    return full(checkInitShape(op, shape), value, dtype)
  }

const round = (dtype: 'float32' | 'float64', v: number): number => (dtype === 'float32' ? Math.fround(v) : v)

/** `x · c` in x's dtype, as a new tensor. */
const times = (x: Tensor, c: number): Tensor => {
  const src = x.toConcrete().buffer
  const f32 = x.dtype === 'float32'
  const out = f32 ? new Float32Array(src.length) : new Float64Array(src.length)
  for (let i = 0; i < src.length; i++) out[i] = src[i]! * c // the typed array store rounds float32 once
  return fromBuffer(out, x.shape, x.dtype)
}
