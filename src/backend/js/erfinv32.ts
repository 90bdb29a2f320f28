/**
 * The float32 erfinv kernel of the plain TypeScript backend: Giles' polynomial
 * as XLA's CPU code evaluates it, each Horner step one fused multiply-add
 * (`fma32` emulates it exactly in float64). `random/erfinv.ts` explains why
 * this is the float32 erfinv JAX's samples need; the wasm backend's kernel
 * (`wasm/erfinv.ts`) gives the same bits.
 *
 * @since 0.1.0
 */

const f = Math.fround

/** Giles' single-precision coefficients for w < 5, highest degree first (XLA's ErfInv32). */
export const W_LT_5 = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 2.1858087e-4, -1.25372503e-3,
  -4.17768164e-3, 2.46640727e-1, 1.50140941].map(f)
/** The same for w ≥ 5. */
export const W_GE_5 = [-2.00214257e-4, 1.00950558e-4, 1.34934322e-3, -3.67342844e-3, 5.73950773e-3, -7.6224613e-3,
  9.43887047e-3, 1.00167406, 2.83297682].map(f)
const [A0, A1, A2, A3, A4, A5, A6, A7, A8] = W_LT_5 as [number, number, number, number, number, number, number, number, number]
const [B0, B1, B2, B3, B4, B5, B6, B7, B8] = W_GE_5 as [number, number, number, number, number, number, number, number, number]

/**
 * `a·b + c` rounded once to float32 (an IEEE fused multiply-add) for float32
 * inputs: the product is exact in float64, so only the sum rounds, and only a
 * float64 sum that lands exactly on a float32 midpoint needs the sum's
 * rounding error (TwoSum) to break the tie the right way.
 * @since 0.1.0
 */
export const fma32 = (a: number, b: number, c: number): number => {
  const p = a * b
  const s = p + c
  const r = f(s)
  const d = s - r // exact (Sterbenz)
  if (d === 0) return r
  const e = r + 2 * d // the float32 on the other side of s, if s is a midpoint
  if (f(e) !== e) return r
  const bb = s - p
  const t = p - (s - bb) + (c - bb) // a·b + c = s + t exactly
  return t === 0 ? r : t > 0 === d > 0 ? e : r
}

/** Giles' polynomial in w = -log1p(-x²) (float32, fused multiply-adds as XLA's CPU code): erfinv(x) = p(w)·x. */
export const giles32 = (w: number): number => {
  let p: number
  if (w < 5) {
    w = f(w - 2.5)
    p = A0
    p = fma32(p, w, A1); p = fma32(p, w, A2); p = fma32(p, w, A3); p = fma32(p, w, A4)
    p = fma32(p, w, A5); p = fma32(p, w, A6); p = fma32(p, w, A7); p = fma32(p, w, A8)
  } else {
    w = f(f(Math.sqrt(w)) - 3)
    p = B0
    p = fma32(p, w, B1); p = fma32(p, w, B2); p = fma32(p, w, B3); p = fma32(p, w, B4)
    p = fma32(p, w, B5); p = fma32(p, w, B6); p = fma32(p, w, B7); p = fma32(p, w, B8)
  }
  return p
}

/**
 * The second pass of `erfinv32Batch`:
 * `xs[i] = scale · erfinv32(xs[i])` in place, given `ws[i] = -log1p(-xs[i]²)`
 * as float32. The polynomials' long chains of dependent roundings, in a loop
 * of their own, overlap across elements.
 * @since 0.2.0
 */
export const gilesBatch32 = (xs: Float32Array, ws: Float32Array, scale: number): void => {
  const n = xs.length
  for (let i = 0; i < n; i++) {
    const x = xs[i]!
    if (x === 1 || x === -1) {
      xs[i] = scale * x * Infinity
      continue
    }
    xs[i] = scale * f(giles32(ws[i]!) * x) // the store rounds
  }
}

/**
 * The first pass of `erfinv32Batch`:
 * `ws[i] = -log1p(f(-xs[i]²))` as float32, with `Math.log1p` (the reference:
 * the wasm backend's kernel gives its float64 bit for bit).
 * @since 0.2.0
 */
export const log1pNegSq32 = (xs: Float32Array, ws: Float32Array): void => {
  const n = xs.length
  for (let i = 0; i < n; i++) {
    const x = xs[i]!
    ws[i] = -Math.log1p(f(-x * x)) // the store rounds log1p to float32 (negation commutes with rounding)
  }
}

/**
 * `xs[i] = scale · erfinv32(xs[i])` in place, rounded to float32: the JS
 * backend's `erfinv32`, in two passes (the `log1p` calls, then the polynomials,
 * whose long chains of dependent roundings then overlap across elements).
 * @since 0.1.0
 */
export const erfinv32Batch = (xs: Float32Array, scale: number): void => {
  const ws = new Float32Array(xs.length)
  log1pNegSq32(xs, ws)
  gilesBatch32(xs, ws, scale)
}
