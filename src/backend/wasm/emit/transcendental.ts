/**
 * exp, tanh and sigmoid over float32 arrays in WebAssembly SIMD.
 *
 * Each float32 is widened to float64 (exactly), the function is computed in
 * f64x2 lanes to within about an ulp of float64, and the result is rounded once
 * to float32 — what the JS kernel does with `Math.exp`, `Math.tanh` and
 * `1 / (1 + Math.exp(-x))`. Both errors are about 2⁻⁵², some 2²⁹ times finer
 * than float32's spacing, so the two backends give the same float32 except when
 * the exact value lies within that error of a point halfway between two float32s:
 * a last-bit difference about once in 10⁸ elements. Float64 arrays keep the JS
 * kernels (`Math.exp` is the reference there).
 *
 * exp(x): clamp x to ±120 (past ±104 every float32 result is 0 or ∞ already,
 * and NaN passes the clamp), split x = k·ln2 + r with k = round(x/ln2) and
 * ln2 in two parts (Cody–Waite: k·LN2_HI is exact for |k| < 2¹¹), sum the
 * Taylor series of e^r to r¹³/13! for |r| ≤ ln2/2 (truncation below 10⁻¹⁷, Estrin's scheme),
 * and scale by 2^k, built in the exponent bits: k + 1023 + 1.5·2⁵² puts
 * k + 1023 in the low mantissa bits, and a 52-bit shift moves it into the
 * exponent field.
 *
 * @since 0.2.0
 */
import { type Code, type Func, type Local, f64x2, forLoop, func, i32, i64x2, v128 } from './encoder.js'

const c = v128.f64x2Const

export type TranscendentalKernel = 'exp' | 'tanh' | 'sigmoid'
export const TRANSCENDENTAL_KERNELS: ReadonlyArray<TranscendentalKernel> = ['exp', 'tanh', 'sigmoid']

const LN2_HI = 6.93147180369123816490e-1 // 0x3FE62E42FEE00000: its low 32 bits are zero
const LN2_LO = 1.90821492927058770002e-10
const INV_LN2 = 1.44269504088896338700
const CLAMP = 120
const SHIFT = 1.5 * 2 ** 52
/** 1/i! for i = 0..13. */
const TAYLOR = Array.from({ length: 14 }, (_, i) => 1 / Array.from({ length: i }, (_, t) => t + 1).reduce((a, b) => a * b, 1))

/**
 * Σ cᵢ·rⁱ by Estrin's scheme: pairs c₂ⱼ + c₂ⱼ₊₁·r, then pairs of pairs times r², r⁴,
 * r⁸. The dependency chain is four multiply-adds deep instead of Horner's
 * thirteen, so the CPU overlaps the work (Horner measured twice as slow).
 */
const estrin = (coeffs: ReadonlyArray<number>, r: Code, r2: Local, r4: Local, r8: Local): Code => {
  const pairUp = (terms: Code[], power: Code): Code[] =>
    Array.from({ length: Math.ceil(terms.length / 2) }, (_, j) =>
      terms[2 * j + 1] === undefined ? terms[2 * j]! : f64x2.add(terms[2 * j]!, f64x2.mul(terms[2 * j + 1]!, power)))
  const level1 = pairUp(coeffs.map((x) => c(x)), r)
  return pairUp(pairUp(pairUp(level1, r2.get), r4.get), r8.get)[0]!
}


/** Scratch v128 locals of `exp`. */
export interface ExpLocals { readonly k: Local; readonly r: Local; readonly r2: Local; readonly r4: Local; readonly r8: Local }

/** e^x in both f64 lanes of `x` (a local, clamped in place); the result is left on the stack. */
const exp = (x: Local, { k, r, r2, r4, r8 }: ExpLocals): Code => [
  x.set(f64x2.max(f64x2.min(x.get, c(CLAMP)), c(-CLAMP))),
  k.set(f64x2.nearest(f64x2.mul(x.get, c(INV_LN2)))),
  r.set(f64x2.sub(f64x2.sub(x.get, f64x2.mul(k.get, c(LN2_HI))), f64x2.mul(k.get, c(LN2_LO)))),
  r2.set(f64x2.mul(r.get, r.get)),
  r4.set(f64x2.mul(r2.get, r2.get)),
  r8.set(f64x2.mul(r4.get, r4.get)),
  f64x2.mul(estrin(TAYLOR, r.get, r2, r4, r8), i64x2.shl(f64x2.add(k.get, c(1023 + SHIFT)), i32.const(52))),
]

/** The function of one kernel on the f64x2 in `x`; the result is left on the stack (also used by the fused loops of `jit`). */
export const transcendentalBody = (op: TranscendentalKernel, x: Local, t: Local, a: Local, e: ExpLocals): Code => {
  switch (op) {
    case 'exp':
      return exp(x, e)
    case 'sigmoid':
      // 1 / (1 + e^-x), as the JS kernel writes it
      return [x.set(f64x2.neg(x.get)), f64x2.div(c(1), f64x2.add(c(1), exp(x, e)))]
    case 'tanh': {
      // |x| < 1e-4: x - x³/3 + 2x⁵/15 (the next term is below 10⁻²⁵ relative);
      // else (1 - e^-2|x|) / (1 + e^-2|x|), whose cancellation costs at most 10⁻¹² relative there.
      // The sign comes back from x by a bit-select of the sign bit (so tanh(-0) = -0).
      const sign = c(-0)
      const small = f64x2.lt(a.get, c(1e-4))
      const x2 = f64x2.mul(a.get, a.get)
      const series = f64x2.mul(a.get, f64x2.add(c(1), f64x2.mul(x2, f64x2.add(c(-1 / 3), f64x2.mul(x2, c(2 / 15))))))
      return [
        a.set(f64x2.abs(x.get)),
        t.set(f64x2.mul(a.get, c(-2))),
        t.set(exp(t, e)),
        v128.bitselect(x.get,
          v128.bitselect(series, f64x2.div(f64x2.sub(c(1), t.get), f64x2.add(c(1), t.get)), small),
          sign),
      ]
    }
  }
}

/**
 * `<op>_f32(x, out, bytes)`: out = op(x) over `bytes` bytes of float32, two
 * elements per step (the caller rounds `bytes` up to 8; lanes past the end
 * compute into padding that is never copied out).
 */
export const transcendental = (op: TranscendentalKernel): Func =>
  func(`${op}_f32`, {
    params: { x: 'i32', out: 'i32', bytes: 'i32' },
    locals: { i: 'i32', v: 'v128', t: 'v128', a: 'v128', k: 'v128', r: 'v128', r2: 'v128', r4: 'v128', r8: 'v128' },
  }, ({ x, out, bytes, i, v, t, a, ...e }) =>
    forLoop(i, i32.const(0), bytes.get, i32.const(8),
      v.set(f64x2.promoteLowF32x4(v128.load64Zero(i32.add(x.get, i.get)))),
      v128.store64Lane0(i32.add(out.get, i.get), f64x2.demoteToF32x4Zero(transcendentalBody(op, v, t, a, e)))))

export const transcendentalKernels = (): Func[] => TRANSCENDENTAL_KERNELS.map(transcendental)
