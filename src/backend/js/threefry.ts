/**
 * The threefry-2x32 kernel of the plain TypeScript backend: the hash behind
 * every random number (`random/threefry.ts` explains the algorithm). Words are
 * int32: `| 0` after each addition keeps the sum mod 2³² (both summands are
 * below 2³² in magnitude, so the float sum is exact before it wraps).
 *
 * @since 0.1.0
 */

/** The Skein key-schedule parity constant. */
export const KS_PARITY = 0x1bd11bda

/** The rotation constants of the odd and the even groups of four rounds. */
export const ROTATIONS: ReadonlyArray<ReadonlyArray<number>> = [[13, 15, 26, 6], [17, 29, 16, 24]]

/**
 * Hash the counters `(hi, lo + j)` for `j < len` under the key `(k0, k1)`,
 * writing the two output words (as int32 bit patterns) to `y0[j]` and `y1[j]`.
 * `lo + len` must not pass 2^32 (callers never wrap the low word).
 *
 * The 20 rounds are unrolled by hand: this is the hot loop of every sampler.
 * @since 0.1.0
 */
export function hashRange(
  k0: number, k1: number, hi: number, lo: number, len: number, y0: Int32Array, y1: Int32Array,
): void {
  const a = k0 | 0
  const b = k1 | 0
  const c = (a ^ b ^ KS_PARITY) | 0
  const x0Start = (hi + a) | 0
  for (let j = 0; j < len; j++) {
    let x0 = x0Start
    let x1 = (lo + j + b) | 0
    // rounds 1-4: rotations 13, 15, 26, 6
    x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0
    x0 = (x0 + b) | 0; x1 = (x1 + c + 1) | 0
    // rounds 5-8: rotations 17, 29, 16, 24
    x0 = (x0 + x1) | 0; x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0
    x0 = (x0 + c) | 0; x1 = (x1 + a + 2) | 0
    // rounds 9-12
    x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0
    x0 = (x0 + a) | 0; x1 = (x1 + b + 3) | 0
    // rounds 13-16
    x0 = (x0 + x1) | 0; x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0
    x0 = (x0 + b) | 0; x1 = (x1 + c + 4) | 0
    // rounds 17-20
    x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0
    x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0
    x0 = (x0 + c) | 0; x1 = (x1 + a + 5) | 0
    y0[j] = x0
    y1[j] = x1
  }
}
