/**
 * Threefry-2x32: the counter-based hash behind every random number in fluxion.
 *
 * A counter-based generator has no state to advance. A 64-bit key and a 64-bit
 * counter go in, 64 random-looking bits come out, and the same pair always gives
 * the same bits. So "the i-th random number of key k" is simply
 * `threefry(k, i)`: any element can be computed on its own, in any order, and
 * splitting a key is hashing it on a few counters. That is why JAX chose it,
 * and fluxion computes exactly the same function (Salmon et al., "Parallel
 * random numbers: as easy as 1, 2, 3", SC 2011; the Random123 reference).
 *
 * The hash is 20 rounds of add-rotate-xor on two 32-bit words, with rotation
 * constants 13, 15, 26, 6 / 17, 29, 16, 24, and the key injected every 4 rounds
 * from the schedule `k0, k1, k0 ^ k1 ^ 0x1BD11BDA`. All arithmetic is mod 2^32:
 * in JavaScript we keep words as int32 (`| 0` after each addition; both
 * summands are below 2^32 in magnitude, so the float sum is exact before it
 * wraps) and read them as unsigned with `>>> 0` at the edges.
 *
 * @example
 * import { threefry2x32 } from './threefry.js'
 * // Random123's known answer for key (0, 0) and counter (0, 0)
 * threefry2x32(0, 0, 0, 0) // [0x6b200159, 0x99ba4efe]
 *
 * @since 0.1.0
 */

import { backend } from '../backend/index.js'

// ---- model ----

/** The Skein key-schedule parity constant. @internal @category internal @since 0.1.0 */
export { KS_PARITY } from '../backend/index.js'

/** How many counters `hashRange` callers process per chunk of scratch space. @internal @category internal @since 0.1.0 */
export const CHUNK = 4096

// ---- kernels ----

/**
 * Hash the counters `(hi, lo + j)` for `j < len` under the key `(k0, k1)`,
 * writing the two output words (as int32 bit patterns) to `y0[j]` and `y1[j]`:
 * the backend's threefry kernel (`backend/js/threefry.ts`, SIMD on wasm).
 * @internal @category internal @since 0.1.0
 */
export const hashRange = (k0: number, k1: number, hi: number, lo: number, len: number, y0: Int32Array, y1: Int32Array): void =>
  backend.threefry(k0, k1, hi, lo, len, y0, y1)

/**
 * One threefry-2x32 evaluation: key `(k0, k1)`, counter `(x0, x1)`, all uint32.
 * Returns the two output words as unsigned numbers.
 *
 * @example
 * threefry2x32(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3) // [0xc4923a9c, 0x483df7a0]
 * @category kernels
 * @since 0.1.0
 */
export const threefry2x32 = (k0: number, k1: number, x0: number, x1: number): [number, number] => {
  const y0 = new Int32Array(1)
  const y1 = new Int32Array(1)
  hashRange(k0 >>> 0, k1 >>> 0, x0 >>> 0, x1 >>> 0, 1, y0, y1)
  return [y0[0]! >>> 0, y1[0]! >>> 0]
}

/**
 * The 32 random bits JAX's partitionable threefry assigns to flat indices
 * `0..n-1`: `y0 ^ y1` of the hash on counter `(0, i)`, as int32 bit patterns.
 * @internal @category internal @since 0.1.0
 */
export const bits32 = (k0: number, k1: number, n: number): Int32Array => {
  checkCount(n)
  const out = new Int32Array(n)
  const y0 = new Int32Array(Math.min(CHUNK, n))
  const y1 = new Int32Array(Math.min(CHUNK, n))
  for (let s = 0; s < n; s += CHUNK) {
    const len = Math.min(CHUNK, n - s)
    hashRange(k0, k1, 0, s, len, y0, y1)
    for (let j = 0; j < len; j++) out[s + j] = y0[j]! ^ y1[j]!
  }
  return out
}

/**
 * Both hash words for flat indices `0..n-1` (JAX's 64-bit draws use
 * `(y0 << 32) | y1`; `split` uses the pair as a new key).
 * @internal @category internal @since 0.1.0
 */
export const words = (k0: number, k1: number, n: number): { readonly hi: Int32Array; readonly lo: Int32Array } => {
  checkCount(n)
  const hi = new Int32Array(n)
  const lo = new Int32Array(n)
  hashRange(k0, k1, 0, 0, n, hi, lo)
  return { hi, lo }
}

// ---- utils ----

const checkCount = (n: number): void => {
  // the low counter word would wrap past 2^32; no typed array is that large anyway
  if (!(n >= 0 && n <= 0xffffffff)) throw new RangeError(`threefry: cannot draw ${n} values (at most 2^32 - 1 per key)`)
}
