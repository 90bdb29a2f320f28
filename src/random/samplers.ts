/**
 * Continuous samplers: uniform, normal, truncated normal, Gumbel, and the two
 * that are built on them, Bernoulli and categorical.
 *
 * Each one is a deterministic function of its key: the same key gives the same
 * tensor. Each follows `jax.random` step for step, in the dtype's own
 * arithmetic (float32 results are rounded after every operation, and a
 * multiply feeding an add is one fused multiply-add, as XLA compiles them),
 * so that the values agree with JAX's:
 *
 * - `uniform`: `max(minval, floats · (maxval - minval) + minval)`, `floats` in `[0, 1)` (see `bits.ts`);
 * - `normal`: `√2 · erfinv(u)` with `u` uniform on `(nextafter(-1, 0), 1)`;
 * - `truncatedNormal`: the inverse CDF, `√2 · erfinv(u)` with `u` uniform on
 *   `(erf(lower/√2), erf(upper/√2))`, clipped into the open interval;
 * - `gumbel`: `-log(-log(u))` with `u` uniform on `[tiny, 1)`;
 * - `bernoulli`: `uniform < p`; `categorical`: `argmax(gumbel + logits)`.
 *
 * Bit-exact agreement holds where the arithmetic is IEEE's (uniform, bits,
 * bernoulli). Elsewhere it rests on XLA's own transcendental functions: we use
 * correctly rounded float32 `log`/`log1p`, XLA may be an ulp away; `erf` and
 * `erfinv` are XLA's float32 formulas (see `erfinv.ts`).
 *
 * @example
 * import { random } from 'fluxion'
 * const [k1, k2] = random.split(random.key(0))
 * random.normal(k1, [2, 3]).shape               // [2, 3]
 * random.uniform(k2, [4], { minval: -1, maxval: 1 }).dtype // 'float32'
 *
 * @since 0.1.0
 */
import { DTypeError, ShapeError, ValueError, showShape } from '../errors.js'
import { tensor } from '../tensor/create.js'
import { broadcastShapes, checkElements, normalizeAxis, shapesEqual } from '../tensor/shape.js'
import { fromBuffer, Tensor, type NestedArray } from '../tensor/tensor.js'
import { unitFloats } from './bits.js'
import { erf32, erf64, erfinv32Batch, erfinv64, fma32, fma64, nextDown32, nextDown64, nextUp32, nextUp64 } from './erfinv.js'
import { checkKey, notAKey, type Key } from './key.js'
import {
  at, checkFloatDType, checkShape, param, rounder, shapeOf, sizeOf, values, type FloatArray, type FloatDType, type Param,
} from './util.js'

/** Options of the samplers that only choose a dtype. @category model @since 0.1.0 */
export interface DTypeOptions {
  /** `'float32'` (default) or `'float64'`. */
  readonly dtype?: FloatDType
}

/** Options of `uniform`. @category model @since 0.1.0 */
export interface UniformOptions extends DTypeOptions {
  /** The inclusive lower end (default 0); a number or a tensor that broadcasts to the shape. */
  readonly minval?: number | Tensor
  /** The exclusive upper end (default 1). */
  readonly maxval?: number | Tensor
}

// ---- samplers ----

/**
 * Uniform values in `[minval, maxval)`, as `jax.random.uniform`. (In float32,
 * a range that is narrow for its magnitude, like `[1000, 1000.001)`, can round
 * up to `maxval`, exactly as in JAX; a range with an end at 0 cannot.)
 * @param key - a PRNG key (use it for this draw only)
 * @param shape - the output shape (default `[]`)
 * @param opts - `dtype` (default float32), `minval` (0), `maxval` (1)
 * @throws ValueError if `minval > maxval`
 * @example
 * import { random } from 'fluxion'
 * const u = random.uniform(random.key(0), [1000], { minval: -1, maxval: 1 })
 * u.toArray().every((v) => v >= -1 && v < 1) // true
 * @category samplers
 * @since 0.1.0
 */
export const uniform = (key: Key, shape: ReadonlyArray<number> = [], opts: UniformOptions = {}): Tensor => {
  const k = checkKey('uniform', key)
  const s = checkShape('uniform', shape)
  const dtype = checkFloatDType('uniform', opts.dtype)
  const lo = param('uniform', 'minval', opts.minval ?? 0, s)
  const hi = param('uniform', 'maxval', opts.maxval ?? 1, s)
  const lv = values(lo)
  const hv = values(hi)
  for (let i = 0; i < Math.max(lv.length, hv.length); i++) {
    const a = lv[lv.length === 1 ? 0 : i]!
    const b = hv[hv.length === 1 ? 0 : i]!
    if (!(a <= b)) throw new ValueError(`uniform: minval must not exceed maxval, got minval ${a} and maxval ${b}`)
  }
  return fromBuffer(scaleUnit(unitFloats(k, sizeOf(s), dtype), lo, hi, dtype), s, dtype)
}

/**
 * Standard normal values, as `jax.random.normal`: `√2 · erfinv(u)` for `u`
 * uniform on `(nextafter(-1, 0), 1)`. Never infinite.
 * @param key - a PRNG key (use it for this draw only)
 * @param shape - the output shape (default `[]`)
 * @param opts - `dtype` (default float32)
 * @example
 * import { random } from 'fluxion'
 * const x = random.normal(random.key(0), [10000])
 * Math.abs(x.toArray().reduce((a, b) => a + b, 0) / 10000) < 0.05 // true
 * @category samplers
 * @since 0.1.0
 */
export const normal = (key: Key, shape: ReadonlyArray<number> = [], opts: DTypeOptions = {}): Tensor => {
  const k = checkKey('normal', key)
  const s = checkShape('normal', shape)
  const dtype = checkFloatDType('normal', opts.dtype)
  const n = sizeOf(s)
  const out = unitFloats(k, n, dtype)
  if (out instanceof Float32Array) normal32(out)
  else normal64(out)
  return fromBuffer(out, s, dtype)
}

/**
 * Standard normal values truncated to `(lower, upper)`, as
 * `jax.random.truncated_normal`, by the inverse CDF: `√2 · erfinv(u)` with `u`
 * uniform on `(erf(lower/√2), erf(upper/√2))`, clipped into the open interval.
 * float32 uses XLA's float32 `erf` (exact agreement with JAX rests on it).
 * @param key - a PRNG key (use it for this draw only)
 * @param lower - the lower bound (a number or a tensor; `-Infinity` allowed)
 * @param upper - the upper bound, above `lower`
 * @param shape - the output shape (default: the broadcast of the bounds' shapes)
 * @param opts - `dtype` (default float32)
 * @example
 * import { random } from 'fluxion'
 * const x = random.truncatedNormal(random.key(0), -2, 2, [1000])
 * x.toArray().every((v) => v > -2 && v < 2) // true
 * @category samplers
 * @since 0.1.0
 */
export const truncatedNormal = (key: Key, lower: number | Tensor, upper: number | Tensor,
  shape?: ReadonlyArray<number>, opts: DTypeOptions = {}): Tensor => {
  const k = checkKey('truncatedNormal', key)
  const s = shape === undefined ? broadcastShapes('truncatedNormal', shapeOf(lower), shapeOf(upper)) : checkShape('truncatedNormal', shape)
  const dtype = checkFloatDType('truncatedNormal', opts.dtype)
  const lo = param('truncatedNormal', 'lower', lower, s)
  const hi = param('truncatedNormal', 'upper', upper, s)
  const r = rounder(dtype)
  const [erf, up, down] = dtype === 'float32' ? [erf32, nextUp32, nextDown32] : [erf64, nextUp64, nextDown64]
  const sqrt2 = r(Math.SQRT2)
  const n = sizeOf(s)
  const out = unitFloats(k, n, dtype)
  const scalar = 'scalar' in lo && 'scalar' in hi
  // per element (or once): a = erf(lower/√2), span = erf(upper/√2) - a, and the open interval to clip into
  const a = new Float64Array(scalar ? 1 : n)
  const span = new Float64Array(scalar ? 1 : n)
  const minOut = new Float64Array(scalar ? 1 : n)
  const maxOut = new Float64Array(scalar ? 1 : n)
  for (let i = 0; i < a.length; i++) {
    const l = r(at(lo, i))
    const u = r(at(hi, i))
    if (!(l < u)) throw new ValueError(`truncatedNormal: lower must be below upper, got lower ${l} and upper ${u}`)
    a[i] = erf(r(l / sqrt2))
    span[i] = r(erf(r(u / sqrt2)) - a[i]!)
    minOut[i] = up(l)
    maxOut[i] = down(u)
  }
  const j = scalar ? () => 0 : (i: number) => i
  const fma = dtype === 'float32' ? fma32 : fma64
  for (let i = 0; i < n; i++) {
    const ai = a[j(i)]!
    const v = fma(out[i]!, span[j(i)]!, ai)
    out[i] = v < ai ? ai : v
  }
  if (out instanceof Float32Array) erfinv32Batch(out, sqrt2)
  else for (let i = 0; i < n; i++) out[i] = sqrt2 * erfinv64(out[i]!)
  for (let i = 0; i < n; i++) {
    const v = out[i]!
    const mn = minOut[j(i)]!
    const mx = maxOut[j(i)]!
    out[i] = v < mn ? mn : v > mx ? mx : v
  }
  return fromBuffer(out, s, dtype)
}

/**
 * Gumbel values, as `jax.random.gumbel`: `-log(-log(u))`, `u` uniform on
 * `[tiny, 1)` (tiny: the smallest normal float of the dtype).
 * @example
 * import { random } from 'fluxion'
 * random.gumbel(random.key(0), [3]).shape // [3]
 * @category samplers
 * @since 0.1.0
 */
export const gumbel = (key: Key, shape: ReadonlyArray<number> = [], opts: DTypeOptions = {}): Tensor => {
  const k = checkKey('gumbel', key)
  const s = checkShape('gumbel', shape)
  const dtype = checkFloatDType('gumbel', opts.dtype)
  return fromBuffer(gumbelBuffer(k, sizeOf(s), dtype), s, dtype)
}

/**
 * `true` with probability `p`, as `jax.random.bernoulli`: `uniform < p`.
 * @param key - a PRNG key (use it for this draw only)
 * @param p - the probability of `true`, in `[0, 1]` (a number, default 0.5, or a float tensor)
 * @param shape - the output shape (default: the shape of `p`)
 * @returns a bool tensor
 * @example
 * import { random } from 'fluxion'
 * random.bernoulli(random.key(0), 0.3, [5]).dtype // 'bool'
 * @category samplers
 * @since 0.1.0
 */
export const bernoulli = (key: Key, p: number | Tensor = 0.5, shape?: ReadonlyArray<number>): Tensor => {
  const k = checkKey('bernoulli', key)
  notAKey('bernoulli', 'p', p)
  const s = shape === undefined ? shapeOf(p) : checkShape('bernoulli', shape)
  if (p instanceof Tensor && p.dtype !== 'float32' && p.dtype !== 'float64')
    throw new DTypeError(`bernoulli: p must be a float tensor, got ${p.dtype}; cast it first`)
  const dtype: FloatDType = p instanceof Tensor ? (p.dtype as FloatDType) : 'float32'
  const pp = param('bernoulli', 'p', p, s)
  const r = rounder(dtype)
  for (const v of Array.from(values(pp)))
    if (!(v >= 0 && v <= 1)) throw new ValueError(`bernoulli: p must lie in [0, 1], got ${v}`)
  const n = sizeOf(s)
  const u = unitFloats(k, n, dtype)
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = u[i]! < r(at(pp, i)) ? 1 : 0
  return fromBuffer(out, s, 'bool')
}

/** Options of `categorical`. @category model @since 0.1.0 */
export interface CategoricalOptions {
  /** The axis of `logits` that holds the categories (default -1). */
  readonly axis?: number
  /** The output shape (default: `logits.shape` without `axis`); it may add leading axes. */
  readonly shape?: ReadonlyArray<number>
}

/**
 * Category indices drawn with probabilities `softmax(logits, axis)`, as
 * `jax.random.categorical`: `argmax(gumbel + logits, axis)`.
 * @param key - a PRNG key (use it for this draw only)
 * @param logits - unnormalised log-probabilities (a float tensor, or nested numbers)
 * @param opts - `axis` (default -1) and `shape`
 * @returns an int32 tensor of indices
 * @example
 * import { random, tensor } from 'fluxion'
 * const logits = tensor([Math.log(0.2), Math.log(0.8)])
 * random.categorical(random.key(0), logits, { shape: [100] }).shape // [100]
 * @category samplers
 * @since 0.1.0
 */
export const categorical = (key: Key, logits: Tensor | NestedArray, opts: CategoricalOptions = {}): Tensor => {
  const k = checkKey('categorical', key)
  notAKey('categorical', 'logits', logits)
  const t = logits instanceof Tensor ? logits : tensor(logits)
  if (t.dtype !== 'float32' && t.dtype !== 'float64')
    throw new DTypeError(`categorical: logits must be a float tensor, got ${t.dtype}; cast it first`)
  if (t.ndim === 0) throw new ShapeError('categorical: logits must have at least one axis (the categories), got a scalar')
  const ax = normalizeAxis('categorical', opts.axis ?? -1, t.ndim)
  const batch = t.shape.filter((_, i) => i !== ax)
  const shape = opts.shape === undefined ? batch : checkShape('categorical', opts.shape)
  if (shape.length < batch.length || !shapesEqual(broadcastShapes('categorical', shape, batch), shape))
    throw new ShapeError(`categorical: shape ${showShape(shape)} must end with (a broadcast of) the batch shape ${showShape(batch)} of logits ${showShape(t.shape)}`)
  const prefix = shape.slice(0, shape.length - batch.length)
  const inner = shape.slice(shape.length - batch.length)
  inner.splice(ax, 0, t.shape[ax]!)
  const full = [...prefix, ...inner]
  checkElements('categorical', sizeOf(full), full)
  const dtype = t.dtype as FloatDType
  const g = gumbelBuffer(k, sizeOf(full), dtype)
  const lp = param('categorical', 'logits', t, full.slice(prefix.length))
  const r = rounder(dtype)
  const m = t.shape[ax]!
  if (m === 0 && sizeOf(shape) > 0) throw new ShapeError(`categorical: axis ${ax} of logits ${showShape(t.shape)} holds no categories`)
  const stride = sizeOf(full.slice(prefix.length + ax + 1))
  const logitsSize = sizeOf(inner)
  const out = new Int32Array(sizeOf(shape))
  let o = 0
  for (let outer = 0; outer < sizeOf(full) / (m * stride); outer++) {
    for (let s0 = 0; s0 < stride; s0++) {
      const base = outer * m * stride + s0
      let best = NaN
      let arg = 0
      for (let j = 0; j < m; j++) {
        const idx = base + j * stride
        const v = r(g[idx]! + at(lp, idx % logitsSize))
        // numpy's argmax: the first maximum, and a NaN wins
        if (j === 0 || (!Number.isNaN(best) && (v > best || Number.isNaN(v)))) {
          best = v
          arg = j
        }
      }
      out[o++] = arg
    }
  }
  return fromBuffer(out, shape, 'int32')
}

// ---- kernels ----

/**
 * `max(minval, floats · (maxval - minval) + minval)` in place, in the dtype's
 * arithmetic, with the multiply-add fused (one rounding) as XLA compiles it.
 * @internal @category internal @since 0.1.0
 */
export const scaleUnit = (out: FloatArray, lo: Param, hi: Param, dtype: FloatDType): FloatArray => {
  const r = rounder(dtype)
  const fma = dtype === 'float32' ? fma32 : fma64
  if ('scalar' in lo && 'scalar' in hi) {
    const a = r(lo.scalar)
    const span = r(r(hi.scalar) - a)
    if (a === 0 && span === 1) return out
    for (let i = 0; i < out.length; i++) {
      const v = fma(out[i]!, span, a)
      out[i] = v < a ? a : v
    }
    return out
  }
  for (let i = 0; i < out.length; i++) {
    const a = r(at(lo, i))
    const v = fma(out[i]!, r(r(at(hi, i)) - a), a)
    out[i] = v < a ? a : v
  }
  return out
}

/** `√2 · erfinv(u)`, `u = floats · (1 - lo) + lo` with `lo = nextafter(-1, 0)`, in float32 arithmetic, in place. */
const normal32 = (out: Float32Array): void => {
  const f = Math.fround
  const lo = nextUp32(-1)
  const span = f(1 - lo)
  // floats · 2 - (1 - 2^-24) is exact, fused or not, and ≥ lo: the max(minval, ·) is a no-op here
  for (let i = 0; i < out.length; i++) out[i] = f(out[i]! * span) + lo // the store rounds the sum
  erfinv32Batch(out, f(Math.SQRT2))
}

/** The float64 twin of `normal32`. */
const normal64 = (out: Float64Array): void => {
  const lo = nextUp64(-1)
  const span = 1 - lo
  for (let i = 0; i < out.length; i++) out[i] = Math.SQRT2 * erfinv64(out[i]! * span + lo)
}

/** Gumbel values in a fresh buffer (see `gumbel`). @internal @category internal @since 0.1.0 */
export const gumbelBuffer = (k: Key, n: number, dtype: FloatDType): FloatArray => {
  const r = rounder(dtype)
  const tiny = dtype === 'float32' ? 2 ** -126 : 2 ** -1022
  const out = scaleUnit(unitFloats(k, n, dtype), { scalar: tiny }, { scalar: 1 }, dtype)
  for (let i = 0; i < n; i++) out[i] = -r(Math.log(-r(Math.log(out[i]!))))
  return out
}
