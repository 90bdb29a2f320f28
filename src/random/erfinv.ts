/**
 * The special functions behind `normal` and `truncatedNormal`: erf and its
 * inverse, in two flavours.
 *
 * **float32 follows XLA, rounding as it rounds.** JAX draws a normal as
 * `sqrt(2) * erfinv(u)` with `u` uniform, and XLA evaluates `erfinv` with
 * Giles' single-precision polynomial ("Approximating the erfinv function",
 * GPU Computing Gems, 2011): `w = -log1p(-x²)`, then a degree-8 polynomial in
 * `w - 2.5` (for `w < 5`) or in `sqrt(w) - 3`, times `x`. We evaluate it in
 * float32 arithmetic (`Math.fround` after every operation), except that each
 * Horner step `c + p·w` is one fused multiply-add: XLA's CPU compiler always
 * allows LLVM to fuse a multiply feeding an add, and JAX's published samples
 * (e.g. `normal(key(0), (3,))[0] = 1.6226422`) match the fused evaluation,
 * not the step-by-step one. `fma32` emulates the fused operation exactly.
 * `erf32` is the rational approximation XLA's CPU backend emits for float32
 * `erf` (Eigen's, with explicit fused multiply-adds).
 *
 * Exact agreement still rests on XLA's own `log1p`, which we replace by the
 * correctly rounded value: an ulp of difference in `w` can move a sample by
 * an ulp.
 *
 * **float64 is simply accurate.** `erf64` sums a positive series (|x| < 2) or
 * a continued fraction (for erfc in the tail); `erfinv64` refines Giles' guess with
 * Halley steps on `erf(y) = x` (on `erfc(y) = 1 - |x|` in the tails, where
 * `1 - |x|` is exact), to about 1e-15 relative.
 *
 * @example
 * erfinv32(Math.fround(0.5)) // 0.47693628 (float32)
 * erfinv64(0.5)              // ≈ 0.4769362762044699
 *
 * @since 0.1.0
 */
import { backend, erfcFraction, erfSeries, expNegSq, fma32, giles32, SQRT_PI, TWO_OVER_SQRT_PI, W_GE_5, W_LT_5 } from '../backend/index.js'

export { erf64, fma32, gilesBatch32, W_GE_5, W_LT_5 } from '../backend/index.js'

const f = Math.fround

// ---- float32, as XLA ----

/**
 * XLA's float32 `erf_inv` of a float32 value, evaluated in float32 (see the
 * module doc). `±1` gives `±Infinity`; outside `[-1, 1]` gives NaN.
 * @internal @category internal @since 0.1.0
 */
export const erfinv32 = (x: number): number => {
  if (x === 1 || x === -1) return x * Infinity
  return f(giles32(-f(Math.log1p(f(-x * x)))) * x)
}

/**
 * `xs[i] = scale · erfinv32(xs[i])` in place, rounded to float32 (`scale` a
 * float32 value): the same values as `erfinv32`, by the backend's kernel
 * (`backend/js/erfinv32.ts`, and the wasm backend's, bit-identical to it).
 * @internal @category internal @since 0.1.0
 */
export const erfinv32Batch = (xs: Float32Array, scale: number): void => backend.erfinv32(xs, scale)

// Eigen's float32 erf: x·P(x²)/Q(x²), clamped to ±1 beyond erfinv(1 - 2^-24).
const ERF_CLAMP = f(3.832506856900711)
const ERF_P = [0.00022905065861350646, 0.0034082910107109506, 0.050955695062380861, 0.18520832239976145,
  1.128379143519084].map(f)
const ERF_Q = [-1.1791602954361697e-7, 0.000023547966471313185, 0.0010179625278914885, 0.014070470171167667,
  0.11098505178285362, 0.49746925110067538, 1.0].map(f)

/**
 * The float32 `erf` of XLA's CPU backend, with its fused multiply-adds.
 * @internal @category internal @since 0.1.0
 */
export const erf32 = (x: number): number => {
  if (Number.isNaN(x)) return x
  if (Math.abs(x) >= ERF_CLAMP) return x < 0 ? -1 : 1
  const x2 = f(x * x)
  let p = ERF_P[0]!
  for (let i = 1; i < ERF_P.length; i++) p = fma32(x2, p, ERF_P[i]!)
  let q = ERF_Q[0]!
  for (let i = 1; i < ERF_Q.length; i++) q = fma32(x2, q, ERF_Q[i]!)
  return f(f(x * p) / q)
}

/**
 * `a·b + c` rounded once in float64 (an emulated IEEE fma), by Boldo and
 * Melquiond's algorithm ("Emulation of FMA and correctly rounded sums", 2008):
 * the exact product and sum as float64 pairs, then `c + a·b = th + RO(tl + ul)`
 * with the inner sum rounded to odd, so that the final rounding is the only
 * one that counts. Assumes no overflow (inputs below about 1e300).
 * @internal @category internal @since 0.1.0
 */
export const fma64 = (a: number, b: number, c: number): number => {
  const uh = a * b
  if (!Number.isFinite(uh) || !Number.isFinite(c)) return uh + c
  const ul = twoProductError(a, b, uh)
  const th = c + uh
  const bb = th - c
  const tl = c - (th - bb) + (uh - bb)
  return th + roundToOdd(tl, ul)
}

/** The exact error `a·b - fl(a·b)` (Dekker's product, with Veltkamp splitting). */
const twoProductError = (a: number, b: number, p: number): number => {
  const ca = 134217729 * a
  const ah = ca - (ca - a)
  const al = a - ah
  const cb = 134217729 * b
  const bh = cb - (cb - b)
  const bl = b - bh
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl
}

/** `x + y` rounded to odd: truncated toward zero, with the last bit set if anything was lost. */
const roundToOdd = (x: number, y: number): number => {
  const s = x + y
  const bb = s - x
  const e = x - (s - bb) + (y - bb)
  if (e === 0 || !Number.isFinite(s)) return s
  if (oddBits(s)) return s // already odd: the rounded value is the round-to-odd one
  // s is even and inexact: step one ulp toward the exact value, onto its odd neighbour
  return e > 0 ? nextUp64(s) : nextDown64(s)
}

// ---- float64, accurate ----

// erfc below this as 1 - erf (losing at most a digit), above it by the continued fraction (under 200 terms).
const ERFC_SWITCH = 1.2

/**
 * The inverse of erf in float64, accurate to about 1e-15 relative; `±1` gives
 * `±Infinity`, outside `[-1, 1]` gives NaN.
 * @internal @category internal @since 0.1.0
 */
export const erfinv64 = (x: number): number => {
  if (!(x >= -1 && x <= 1)) return NaN
  if (x === 1 || x === -1) return x * Infinity
  if (x === 0) return x
  const a = Math.abs(x)
  const q = 1 - a // exact for a ≥ 0.5, where it matters
  const w = -Math.log(q * (1 + a))
  let y: number
  if (w < 16) y = gilesGuess(w) * a
  else {
    // erfc(y) ≈ e^{-y²}/(y√π) for large y: iterate y² = -ln(q·y·√π)
    y = Math.sqrt(-Math.log(q))
    for (let i = 0; i < 3; i++) y = Math.sqrt(-Math.log(q * y * SQRT_PI))
  }
  for (let it = 0; it < 8; it++) {
    // Halley on g(y) = erf(y) - a, written as q - erfc(y) past a = 0.5 so the residual keeps its digits
    const e = expNegSq(y)
    const g = a <= 0.5 ? erfSeries(y, e) - a : q - (y < ERFC_SWITCH ? 1 - erfSeries(y, e) : erfcFraction(y, e))
    const t = g / (TWO_OVER_SQRT_PI * e)
    const dy = -t / (1 + y * t)
    y += dy
    if (Math.abs(dy) <= 1e-7 * y) break // Halley is cubic: the next step would be below 1e-20
  }
  return x < 0 ? -y : y
}

/** Giles' single-precision polynomial, in float64 arithmetic: a guess to about 1e-7. */
const gilesGuess = (w: number): number => {
  const cs = w < 5 ? W_LT_5 : W_GE_5
  const z = w < 5 ? w - 2.5 : Math.sqrt(w) - 3
  let p = cs[0]!
  for (let i = 1; i < cs.length; i++) p = cs[i]! + p * z
  return p
}

// ---- utils ----

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** The next float32 above `x` (x a float32 value). @internal @category internal @since 0.1.0 */
export const nextUp32 = (x: number): number => {
  if (Number.isNaN(x) || x === Infinity) return x
  if (x === 0) return 1.401298464324817e-45
  f32[0] = x
  u32[0] = x > 0 ? u32[0]! + 1 : u32[0]! - 1
  return f32[0]!
}

/** The next float32 below `x`. @internal @category internal @since 0.1.0 */
export const nextDown32 = (x: number): number => -nextUp32(-x)

const f64 = new Float64Array(1)
const w32 = new Uint32Array(f64.buffer)
f64[0] = 1 // 0x3FF0000000000000: the zero half is the low word (platform byte order)
const LO = w32[0] === 0 ? 0 : 1
const HI = 1 - LO

/** Step the bit pattern of `x` (finite, non-zero) one unit up or down: the next float64 in magnitude. */
const stepBits = (x: number, up: boolean): number => {
  f64[0] = x
  const lo = w32[LO]!
  if (up) {
    w32[LO] = lo + 1
    if (lo === 0xffffffff) w32[HI] = w32[HI]! + 1
  } else {
    w32[LO] = lo - 1
    if (lo === 0) w32[HI] = w32[HI]! - 1
  }
  return f64[0]!
}

/** The next float64 above `x`. @internal @category internal @since 0.1.0 */
export const nextUp64 = (x: number): number => {
  if (Number.isNaN(x) || x === Infinity) return x
  if (x === 0) return Number.MIN_VALUE
  return stepBits(x, x > 0)
}

/** The next float64 below `x`. @internal @category internal @since 0.1.0 */
export const nextDown64 = (x: number): number => -nextUp64(-x)

/** Is the last mantissa bit of `x` set? */
const oddBits = (x: number): boolean => {
  f64[0] = x
  return (w32[LO]! & 1) === 1
}
