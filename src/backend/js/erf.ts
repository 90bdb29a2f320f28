/**
 * The error function in float64, to about 1e-15 relative: a series of
 * positive terms below 2 and a continued fraction for erfc above, with e^{-x²}
 * computed from an exact x². The `erf` and `erfc` kernels use it, and so do the samplers
 * in `src/random` (truncated normals, and the Halley steps of the float64 erfinv).
 */

export const TWO_OVER_SQRT_PI = 1.1283791670955126
export const SQRT_PI = 1.7724538509055159

/** exp(-x²) with x² carried as an exact pair, so large |x| loses no digits. */
export const expNegSq = (x: number): number => {
  const p = x * x
  const c = 134217729 * x // Dekker split
  const hi = c - (c - x)
  const lo = x - hi
  const e = hi * hi - p + 2 * hi * lo + lo * lo
  return Math.exp(-p) * (1 - e)
}

const INV_ODD = Float64Array.from({ length: 200 }, (_, n) => 1 / (2 * n + 1))

/** erf(x) for 0 ≤ x < 2: 2/√π·e^{-x²}·Σ (2x²)^n x / (1·3·…·(2n+1)), all terms positive. */
export const erfSeries = (x: number, e = expNegSq(x)): number => {
  const x2 = 2 * x * x
  let term = x
  let sum = x
  for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
    term *= x2 * INV_ODD[n]!
    sum += term
  }
  return TWO_OVER_SQRT_PI * e * sum
}

/** erfc(x) for x ≥ 1.2 by the continued fraction e^{-x²}/√π / (x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) (Lentz). */
export const erfcFraction = (x: number, e = expNegSq(x)): number => {
  if (x > 27.3) return 0
  const tiny = 1e-300
  let fr = x
  let c = x
  let d = 0
  for (let k = 1; k < 500; k++) {
    const a = k / 2
    d = x + a * d
    d = d === 0 ? 1 / tiny : 1 / d
    c = x + a / c
    if (c === 0) c = tiny
    const delta = c * d
    fr *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return e / (SQRT_PI * fr)
}

/**
 * erf in float64, to about 1e-15 relative.
 * @since 0.1.0
 */
export const erf64 = (x: number): number => {
  if (Number.isNaN(x)) return x
  const a = Math.abs(x)
  const r = a < 2 ? erfSeries(a) : 1 - erfcFraction(a)
  return x < 0 ? -r : r
}

/**
 * erfc = 1 − erf in float64, without the cancellation of 1 − erf(x) for large x:
 * the continued fraction above 2, so erfc(10) ≈ 2.1e-45 keeps its digits.
 * @since 0.1.0
 */
export const erfc64 = (x: number): number => {
  if (Number.isNaN(x)) return x
  const a = Math.abs(x)
  if (a < 2) {
    const e = erfSeries(a)
    return x < 0 ? 1 + e : 1 - e
  }
  // erfc(−a) = 2 − erfc(a), which lies in [1, 2]: no digits lost
  const r = erfcFraction(a)
  return x < 0 ? 2 - r : r
}
