/**
 * Discrete samplers: integers, permutations and choices, following
 * `jax.random` step for step so that the results agree with JAX's.
 *
 * - `randint` splits its key in two and combines 64 random bits per element
 *   into an offset below `span = maxval - minval`, in uint32 arithmetic:
 *   `((hi % span) · (2^32 % span) + lo % span) % span`, where `2^32 % span` is
 *   computed as `(2^16 % span)² % span` to stay in 32 bits.
 * - `permutation` shuffles by sorting: each round splits the key, draws 32
 *   random bits per element and stably sorts the elements by them; after
 *   `ceil(3·ln(n) / ln(2^32 - 1))` rounds collisions of the sort keys are too
 *   rare to matter.
 * - `choice` draws indices with `randint` (with replacement), a permutation's
 *   prefix (without), inverse-CDF search on `cumsum(p)` (with replacement and
 *   `p`) or the Gumbel top-k trick (without replacement, with `p`).
 *
 * @example
 * import { random } from 'fluxion'
 * const [k1, k2, k3] = random.split(random.key(0), 3)
 * random.randint(k1, [5], 0, 10).dtype      // 'int32'
 * random.permutation(k2, 5).shape           // [5]
 * random.choice(k3, 10, { shape: [3], replace: false }).shape // [3]
 *
 * @since 0.1.0
 */
import { reshape, take } from '../ad/index.js'
import { DTypeError, ShapeError, ValueError, showShape } from '../errors.js'
import { zeros } from '../tensor/create.js'
import { checkElements, normalizeAxis } from '../tensor/shape.js'
import { fromBuffer, Tensor } from '../tensor/tensor.js'
import { checkKey, notAKey, split, type Key } from './key.js'
import { gumbelBuffer } from './samplers.js'
import { unitFloats } from './bits.js'
import { bits32 } from './threefry.js'
import { at, checkShape, param, rounder, sizeOf, values, type FloatDType } from './util.js'

const INT32_MAX = 2147483647
const INT32_MIN = -2147483648

// ---- samplers ----

/**
 * Uniform int32 values in `[minval, maxval)`, as `jax.random.randint`. If
 * `maxval <= minval` every value is `minval`; bounds are clipped to int32.
 * @param key - a PRNG key (use it for this draw only)
 * @param shape - the output shape
 * @param minval - the inclusive lower bound (an integer, or an int32 tensor that broadcasts to `shape`)
 * @param maxval - the exclusive upper bound
 * @example
 * import { random } from 'fluxion'
 * const d = random.randint(random.key(0), [100], 1, 7)
 * d.toArray().every((v) => v >= 1 && v < 7) // true
 * @category samplers
 * @since 0.1.0
 */
export const randint = (key: Key, shape: ReadonlyArray<number>, minval: number | Tensor, maxval: number | Tensor): Tensor => {
  const k = checkKey('randint', key)
  const s = checkShape('randint', shape)
  const lo = intParam('minval', minval, s)
  const hi = intParam('maxval', maxval, s)
  const n = sizeOf(s)
  const [k1, k2] = split(k)
  const higher = bits32(k1.hi, k1.lo, n)
  const lower = bits32(k2.hi, k2.lo, n)
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const rawHi = at(hi, i)
    const mn = clip(at(lo, i))
    const mx = clip(rawHi)
    let span = mx <= mn ? 1 : (mx - mn) >>> 0
    // maxval past int32: the span needs one more (2^32 wraps to 0, and x % 0 is x in XLA)
    if (rawHi > INT32_MAX && mx > mn) span = (span + 1) >>> 0
    let mult = rem(65536, span)
    mult = rem(Math.imul(mult, mult) >>> 0, span)
    const offset = rem(((Math.imul(rem(higher[i]! >>> 0, span), mult) >>> 0) + rem(lower[i]! >>> 0, span)) >>> 0, span)
    out[i] = (mn + offset) | 0
  }
  return fromBuffer(out, s, 'int32')
}

/** Options of `permutation`. @category model @since 0.1.0 */
export interface PermutationOptions {
  /** The axis of a tensor to shuffle (default 0). */
  readonly axis?: number
}

/**
 * A random permutation, as `jax.random.permutation`: of `0..n-1` for an
 * integer `n` (int32), or of a tensor's slices along `axis`.
 * @example
 * import { random } from 'fluxion'
 * random.permutation(random.key(0), 5).toArray().sort() // [0, 1, 2, 3, 4]
 * @category samplers
 * @since 0.1.0
 */
export const permutation = (key: Key, x: number | Tensor, opts: PermutationOptions = {}): Tensor => {
  const k = checkKey('permutation', key)
  notAKey('permutation', 'x', x, 'an integer or a tensor')
  if (typeof x === 'number' || (x instanceof Tensor && x.ndim === 0)) {
    const n = typeof x === 'number' ? x : x.item()
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`permutation: n must be a non-negative integer, got ${n}`)
    return fromBuffer(shuffledIndices(k, n), [n], 'int32')
  }
  if (!(x instanceof Tensor)) throw new ValueError('permutation: x must be an integer or a tensor')
  const axis = normalizeAxis('permutation', opts.axis ?? 0, x.ndim)
  return take(x, fromBuffer(shuffledIndices(k, x.shape[axis]!), [x.shape[axis]!], 'int32'), axis)
}

/** Options of `choice`. @category model @since 0.1.0 */
export interface ChoiceOptions {
  /** The output shape (default `[]`: one draw). */
  readonly shape?: ReadonlyArray<number>
  /** Draw with replacement (default true). */
  readonly replace?: boolean
  /** The probability of each entry (a 1-D tensor or array of length `a.shape[axis]`, in `[0, 1]`); uniform if omitted. */
  readonly p?: Tensor | ReadonlyArray<number>
  /** The axis of `a` to choose along (default 0). */
  readonly axis?: number
}

/**
 * A random sample of `a` (or of `0..a-1` for an integer `a`), as `jax.random.choice`.
 * The result has shape `shape` for an integer `a`, and `a.shape` with `axis`
 * replaced by `shape` for a tensor.
 * @example
 * import { random } from 'fluxion'
 * const c = random.choice(random.key(0), 4, { shape: [1000], p: [0.1, 0.2, 0.3, 0.4] })
 * c.toArray().every((v) => v >= 0 && v < 4) // true
 * @category samplers
 * @since 0.1.0
 */
export const choice = (key: Key, a: number | Tensor, opts: ChoiceOptions = {}): Tensor => {
  const k = checkKey('choice', key)
  notAKey('choice', 'a', a, 'an integer or a tensor')
  const shape = checkShape('choice', opts.shape ?? [])
  const replace = opts.replace ?? true
  const isInt = typeof a === 'number'
  if (!isInt && !(a instanceof Tensor)) throw new ValueError('choice: a must be an integer or a tensor')
  if (isInt && (!Number.isInteger(a) || a < 0)) throw new ValueError(`choice: a must be a non-negative integer or a tensor, got ${a}`)
  if (!isInt && a.ndim === 0) throw new ShapeError('choice: a must have at least one axis; for 0..n-1 pass the integer n')
  const axis = isInt ? 0 : normalizeAxis('choice', opts.axis ?? 0, a.ndim)
  const nIn = isInt ? a : a.shape[axis]!
  const outShape = isInt ? shape : [...a.shape.slice(0, axis), ...shape, ...a.shape.slice(axis + 1)]
  const nDraws = sizeOf(shape)
  if (nDraws === 0) return zeros(outShape, isInt ? 'int32' : a.dtype)
  if (nIn <= 0) throw new ValueError('choice: a must be greater than 0 unless no samples are taken')
  if (!replace && nDraws > nIn)
    throw new ValueError(`choice: cannot take a larger sample (size ${nDraws}) than the population (size ${nIn}) when replace is false`)
  let ind: Int32Array
  if (opts.p === undefined) {
    ind = replace ? (randint(k, [nDraws], 0, nIn).toConcrete().buffer as Int32Array) : shuffledIndices(k, nIn, 'choice').slice(0, nDraws)
  } else {
    const [p, dtype] = probabilities(opts.p, nIn)
    ind = replace ? inverseCdf(k, p, nDraws, dtype) : gumbelTopK(k, p, nDraws, dtype)
  }
  const idx = fromBuffer(ind, [nDraws], 'int32')
  return isInt ? reshape(idx, shape) : reshape(take(a, idx, axis), outShape)
}

// ---- kernels ----

/**
 * JAX's `_shuffle` of `0..n-1`: `ceil(3·ln(n)/ln(2^32-1))` rounds of
 * `key, sub = split(key)` and a stable sort by `bits(sub, [n])`.
 * @internal @category internal @since 0.1.0
 */
export const shuffledIndices = (key: Key, n: number, op = 'permutation'): Int32Array => {
  checkElements(op, n, [n])
  let x = new Int32Array(n)
  for (let i = 0; i < n; i++) x[i] = i
  const rounds = Math.ceil((3 * Math.log(Math.max(1, n))) / Math.log(4294967295))
  let k = key
  for (let r = 0; r < rounds; r++) {
    const [next, sub] = split(k)
    k = next
    const sortKeys = bits32(sub.hi, sub.lo, n)
    const order = stableOrder(sortKeys)
    const y = new Int32Array(n)
    for (let j = 0; j < n; j++) y[j] = x[order[j]!]!
    x = y
  }
  return x
}

/** The positions of `keys` (read as uint32) in stable ascending order. */
const stableOrder = (keys: Int32Array): Int32Array => {
  const n = keys.length
  const order = new Int32Array(n)
  if (n <= 2 ** 21) {
    // key·2^21 + position is exact in a double and sorts by key, then position (stability)
    const packed = new Float64Array(n)
    for (let i = 0; i < n; i++) packed[i] = (keys[i]! >>> 0) * 2097152 + i
    packed.sort()
    for (let i = 0; i < n; i++) order[i] = packed[i]! % 2097152
    return order
  }
  const idx = Array.from({ length: n }, (_, i) => i)
  idx.sort((a, b) => (keys[a]! >>> 0) - (keys[b]! >>> 0) || a - b)
  order.set(idx)
  return order
}

/** Sample with replacement: `searchsorted(cumsum(p), total · (1 - u))`, in the dtype of `p`. */
const inverseCdf = (key: Key, p: ArrayLike<number>, nDraws: number, dtype: FloatDType): Int32Array => {
  const r = rounder(dtype)
  const cum = new Float64Array(p.length)
  let acc = 0
  for (let i = 0; i < p.length; i++) cum[i] = acc = r(acc + p[i]!)
  const total = cum[cum.length - 1]!
  const u = unitFloats(key, nDraws, dtype)
  const out = new Int32Array(nDraws)
  for (let d = 0; d < nDraws; d++) {
    const target = r(total * r(1 - u[d]!))
    let lo = 0 // first index with cum >= target (side 'left')
    let hi = cum.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cum[mid]! < target) lo = mid + 1
      else hi = mid
    }
    out[d] = Math.min(lo, cum.length - 1)
  }
  return out
}

/** Sample without replacement: the `nDraws` smallest of `-gumbel - log(p)` (stable). */
const gumbelTopK = (key: Key, p: ArrayLike<number>, nDraws: number, dtype: FloatDType): Int32Array => {
  const r = rounder(dtype)
  const g = gumbelBuffer(key, p.length, dtype)
  const score = Array.from({ length: p.length }, (_, i) => r(-g[i]! - r(Math.log(p[i]!))))
  const idx = Array.from({ length: p.length }, (_, i) => i)
  idx.sort((a, b) => score[a]! - score[b]! || a - b)
  return Int32Array.from(idx.slice(0, nDraws))
}

// ---- utils ----

const clip = (v: number): number => (v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v)

/** Unsigned remainder with XLA's convention `x % 0 = x`. */
const rem = (x: number, m: number): number => (m === 0 ? x : x % m)

const intParam = (name: string, x: unknown, shape: ReadonlyArray<number>) => {
  if (x instanceof Tensor && x.dtype !== 'int32')
    throw new DTypeError(`randint: ${name} must be an integer or an int32 tensor, got a ${x.dtype} tensor; cast it first`)
  const p = param('randint', name, x, shape)
  for (const v of Array.from(values(p)))
    if (!Number.isInteger(v)) throw new ValueError(`randint: ${name} must be an integer, got ${v}`)
  return p
}

/** Checked probabilities for `choice` and the dtype to draw in (float32 unless `p` is a float64 tensor). */
const probabilities = (p: Tensor | ReadonlyArray<number>, n: number): [ArrayLike<number>, FloatDType] => {
  notAKey('choice', 'p', p)
  const isT = p instanceof Tensor
  const shape = isT ? p.shape : [p.length]
  if (shape.length !== 1 || shape[0] !== n)
    throw new ShapeError(`choice: p must be a 1-D vector of length ${n} (the size of a along axis), got shape ${showShape(shape)}`)
  const dtype: FloatDType = isT && p.dtype === 'float64' ? 'float64' : 'float32'
  const r = rounder(dtype)
  const vals = isT ? Array.from(p.toConcrete().buffer, r) : p.map(r)
  let total = 0
  for (const v of vals) {
    if (!(v >= 0 && v <= 1)) throw new ValueError(`choice: every p must lie in [0, 1], got ${v}`)
    total += v
  }
  if (!(total > 0)) throw new ValueError('choice: p must have a positive entry')
  return [vals, dtype]
}
