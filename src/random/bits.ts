/**
 * Raw bits, and the step from bits to floats in `[0, 1)`.
 *
 * Element `i` (row-major flat index) of a draw from key `k` gets the bits of
 * threefry on counter `(hi32(i), lo32(i))`: 32-bit draws take `y0 ^ y1`,
 * 64-bit draws take `(y0 << 32) | y1`. This is JAX's "partitionable" scheme
 * (its default since jax 0.5): every element is computed independently.
 *
 * A float in `[0, 1)` comes from the top mantissa-many bits: put them under the
 * exponent of 1.0 (`(bits >>> 9) | 0x3F800000` for float32, `>>> 12` and
 * `0x3FF0000000000000` for float64) to get a float in `[1, 2)`, then subtract
 * 1. Both steps are exact, so `unitFloats` computes the value directly as
 * `(bits >>> 9) · 2^-23`.
 *
 * fluxion has no uint32 dtype, so `bits` returns the unsigned values in a
 * float64 tensor by default (`.toArray()` shows exactly JAX's numbers), or the
 * bit patterns in an int32 tensor with `{ dtype: 'int32' }`. `toUint32` reads
 * either as a `Uint32Array`.
 *
 * @example
 * import { random } from 'fluxion'
 * const b = random.bits(random.key(0), [4])          // float64, values in [0, 2^32)
 * random.toUint32(random.bits(random.key(0), [4], { dtype: 'int32' })) // the same numbers
 *
 * @since 0.1.0
 */
import { DTypeError, ValueError, showShape } from '../errors.js'
import { fromBuffer, type Tensor } from '../tensor/tensor.js'
import { checkKey, type Key } from './key.js'
import { CHUNK, bits32, hashRange } from './threefry.js'
import { checkShape, sizeOf, type FloatArray, type FloatDType } from './util.js'

// ---- samplers ----

/** Options for `bits`. @category model @since 0.1.0 */
export interface BitsOptions {
  /** `'float64'` (default): the unsigned values; `'int32'`: the same 32 bits as a signed pattern. */
  readonly dtype?: 'float64' | 'int32'
}

/**
 * 32 random bits per element, as `jax.random.bits(key, shape)` (uint32).
 * Element `i` is `y0 ^ y1` of threefry on counter `(hi32(i), lo32(i))`.
 *
 * @param key - a PRNG key (use it for this draw only)
 * @param shape - the output shape (default `[]`)
 * @param opts - `dtype`: `'float64'` (default) holds the unsigned values;
 *   `'int32'` holds the bit patterns (read them unsigned with `toUint32`)
 * @returns a tensor of `shape`
 * @example
 * import { random } from 'fluxion'
 * const b = random.bits(random.key(0), [3])
 * b.toArray().every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32) // true
 * @category samplers
 * @since 0.1.0
 */
export const bits = (key: Key, shape: ReadonlyArray<number> = [], opts: BitsOptions = {}): Tensor => {
  const k = checkKey('bits', key)
  const s = checkShape('bits', shape)
  const dtype = opts.dtype ?? 'float64'
  if (dtype !== 'float64' && dtype !== 'int32')
    throw new DTypeError(`bits: dtype must be 'float64' (unsigned values) or 'int32' (bit patterns), got ${String(dtype)}`)
  const raw = bits32(k.hi, k.lo, sizeOf(s))
  if (dtype === 'int32') return fromBuffer(raw, s, 'int32')
  const out = new Float64Array(raw.length)
  for (let i = 0; i < raw.length; i++) out[i] = raw[i]! >>> 0
  return fromBuffer(out, s, 'float64')
}

/**
 * The values of a `bits` result (or any tensor of values in `[0, 2^32)` or
 * int32 bit patterns) as a `Uint32Array`.
 * @example
 * import { random } from 'fluxion'
 * const k = random.key(3)
 * random.toUint32(random.bits(k, [2], { dtype: 'int32' })) // equals random.toUint32(random.bits(k, [2]))
 * @category destructors
 * @since 0.1.0
 */
export const toUint32 = (t: Tensor): Uint32Array => {
  const c = t.toConcrete()
  if (c.dtype === 'int32') return new Uint32Array(c.buffer.buffer.slice(c.buffer.byteOffset, c.buffer.byteOffset + c.buffer.byteLength))
  if (c.dtype === 'bool') throw new DTypeError('toUint32: expected random bits (float64 or int32), got a bool tensor')
  const out = new Uint32Array(c.buffer.length)
  for (let i = 0; i < out.length; i++) {
    const v = c.buffer[i]!
    if (!(Number.isInteger(v) && v >= 0 && v <= 0xffffffff))
      throw new ValueError(`toUint32: element ${i} of the ${c.dtype} tensor ${showShape(c.shape)} is ${v}, not a uint32 value`)
    out[i] = v
  }
  return out
}

// ---- kernels ----

const TWO_M23 = 2 ** -23
const TWO_M52 = 2 ** -52
const TWO_20 = 2 ** 20

/**
 * JAX's `floats` in `[0, 1)` for `n` elements: float32 from the top 23 of the
 * 32 bits, float64 from the top 52 of the 64 bits `(y0 << 32) | y1`.
 * @internal @category internal @since 0.1.0
 */
export const unitFloats = (key: Key, n: number, dtype: FloatDType): FloatArray => {
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n)
  const y0 = new Int32Array(Math.min(CHUNK, n))
  const y1 = new Int32Array(Math.min(CHUNK, n))
  for (let s = 0; s < n; s += CHUNK) {
    const len = Math.min(CHUNK, n - s)
    hashRange(key.hi, key.lo, 0, s, len, y0, y1)
    if (dtype === 'float32') for (let j = 0; j < len; j++) out[s + j] = ((y0[j]! ^ y1[j]!) >>> 9) * TWO_M23
    // top 52 bits of hi·2^32 + lo: hi·2^20 + (lo >>> 12), exact in a double
    else for (let j = 0; j < len; j++) out[s + j] = ((y0[j]! >>> 0) * TWO_20 + (y1[j]! >>> 12)) * TWO_M52
  }
  return out
}
