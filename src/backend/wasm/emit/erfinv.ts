/**
 * The polynomial pass of float32 erfinv (`js/erfinv32.ts`, `gilesBatch32`)
 * in WebAssembly SIMD, bit-identical to the JS loop for every input.
 *
 * Two elements per f64x2, two f64x2 per iteration. Every float32 is widened to
 * float64 exactly, and every `Math.fround` of the JS code is a demote to
 * float32 and a promote back (`f32x4.demote_f64x2_zero` rounds to nearest,
 * ties to even, as `Math.fround` does); f64 add, sub, mul and sqrt are the same
 * IEEE operations as JS's. So the kernel does what the JS code does, with
 * `fma32` (a float32 fused multiply-add, exact by its float64 sum and a
 * midpoint tie-break) at every Horner step.
 *
 * A fast path covers nearly every iteration: when all four lanes have w < 5 it
 * evaluates the w < 5 polynomial with each fma32 rounded directly (the float64
 * sum `s`, rounded to float32), and checks that no sum was a float32 midpoint:
 * `fma32` departs from that rounding only when `s - f(s) ≠ 0` and
 * `f(s) + 2(s - f(s))` is a float32, that is when `s` is the average of two
 * neighbouring float32s, a number of at most 25 significant bits, whose low 28
 * float64 mantissa bits are zero. So the fast path keeps, per lane, the
 * smallest of those 28 bits over the eight sums (`i32x4.min_u` on the low
 * 32-bit half), and when one of them was zero (a superset of the midpoints:
 * every sum with few bits counts), or some lane has w ≥ 5 (|x| above about
 * 0.9966, or x = ±1 with w = ∞; 1.5% of iterations for uniform x in all), the
 * four elements are evaluated again in full: both polynomials with their
 * coefficients chosen per lane, both argument transforms, and `fma32` with
 * every branch computed and the right one chosen per lane by compare masks.
 *
 * (For w in [0, 16), every w that an x in (-1, 1) gives, an exhaustive search
 * found no Horner step where the tie-break changes the sum's rounding; it does
 * for some larger and some negative w, which the tests use.)
 *
 * @since 0.2.0
 */
import { W_GE_5 as GILES_GE_5, W_LT_5 as GILES_LT_5 } from '../../js/erfinv32.js'
import { type Code, type Func, type Local, f64x2, forLoop, func, i32, i32x4, i64x2, if_, v128 } from './encoder.js'

const c = v128.f64x2Const
/** `Math.fround` in both f64 lanes. */
const round32 = (v: Code): Code => f64x2.promoteLowF32x4(f64x2.demoteToF32x4Zero(v))

/** The low 28 mantissa bits of each f64 lane (little-endian i32 lanes): zero in every float32 midpoint. */
const LOW28 = i32x4.const([0x0fffffff, 0, 0x0fffffff, 0])

/** The locals of one f64x2 of elements. */
interface Lanes {
  readonly x: Local; readonly w: Local; readonly z: Local; readonly p: Local; readonly lt: Local; readonly k: Local
  readonly pp: Local; readonly s: Local; readonly r: Local; readonly d: Local; readonly e: Local; readonly bb: Local
  readonly t: Local; readonly mid: Local; readonly y: Local
}
const LANE_LOCALS = ['x', 'w', 'z', 'p', 'lt', 'k', 'pp', 's', 'r', 'd', 'e', 'bb', 't', 'mid', 'y'] as const
const GROUPS = 2

/** One fast Horner step: p = f(p·z + k), and `mid` = the least low 28 bits of the sums so far (per lane, in the low 32-bit half). */
const fastStep = (L: Lanes, k: number): Code => [
  L.s.set(f64x2.add(f64x2.mul(L.p.get, L.z.get), c(k))),
  L.p.set(round32(L.s.get)),
  L.mid.set(i32x4.minU(L.mid.get, v128.and(L.s.get, LOW28))),
]

/**
 * One exact Horner step, `p = fma32(p, z, k)` as `js/erfinv32.ts` computes it:
 * s = p·z + k (the product is exact), r = f(s), d = s - r; r unless d ≠ 0, e = r + 2d
 * is a float32 and the sum's rounding error t has d's sign, then e.
 */
const exactStep = (L: Lanes, k: Code): Code => {
  const zero = v128.zero()
  const pick = v128.andnot(
    v128.and(v128.and(f64x2.ne(L.d.get, zero), f64x2.eq(round32(L.e.get), L.e.get)), f64x2.ne(L.t.get, zero)),
    v128.xor(f64x2.gt(L.t.get, zero), f64x2.gt(L.d.get, zero)))
  return [
    L.k.set(k),
    L.pp.set(f64x2.mul(L.p.get, L.z.get)),
    L.s.set(f64x2.add(L.pp.get, L.k.get)),
    L.r.set(round32(L.s.get)),
    L.d.set(f64x2.sub(L.s.get, L.r.get)),
    L.e.set(f64x2.add(L.r.get, f64x2.add(L.d.get, L.d.get))),
    L.bb.set(f64x2.sub(L.s.get, L.pp.get)),
    L.t.set(f64x2.add(f64x2.sub(L.pp.get, f64x2.sub(L.s.get, L.bb.get)), f64x2.sub(L.k.get, L.bb.get))),
    L.p.set(v128.bitselect(L.e.get, L.r.get, pick)),
  ]
}

/** giles32(w) in full: per lane, the w < 5 polynomial in f(w - 2.5) or the other in f(f(√w) - 3). */
const exactPoly = (L: Lanes): Code => {
  const coef = (i: number): Code => v128.bitselect(c(GILES_LT_5[i]!), c(GILES_GE_5[i]!), L.lt.get)
  return [
    L.lt.set(f64x2.lt(L.w.get, c(5))),
    L.z.set(v128.bitselect(round32(f64x2.sub(L.w.get, c(2.5))),
      round32(f64x2.sub(round32(f64x2.sqrt(L.w.get)), c(3))), L.lt.get)),
    L.p.set(coef(0)),
    GILES_LT_5.slice(1).map((_, i) => exactStep(L, coef(i + 1))),
  ]
}

/**
 * `erfinv_f32(x, w, bytes, scale)`: x[i] = scale·erfinv32(x[i]) in place over
 * `bytes` bytes of float32 (a multiple of 16; lanes past the end compute into
 * padding that is never copied out), given w[i] = -log1p(-x[i]²).
 */
export const erfinvKernel = (): Func => {
  const locals: Record<string, 'v128' | 'i32'> = { i: 'i32', sc: 'v128' }
  for (let g = 0; g < GROUPS; g++) for (const n of LANE_LOCALS) locals[`${n}${g}`] = 'v128'
  return func('erfinv_f32', { params: { x: 'i32', w: 'i32', bytes: 'i32', scale: 'f64' }, locals }, (v) => {
    const { x, w, bytes, scale, i, sc } = v as Record<string, Local> as { x: Local; w: Local; bytes: Local; scale: Local; i: Local; sc: Local }
    const Ls: Lanes[] = Array.from({ length: GROUPS }, (_, g) =>
      Object.fromEntries(LANE_LOCALS.map((n) => [n, (v as Record<string, Local>)[`${n}${g}`]!])) as unknown as Lanes)
    const each = (body: (L: Lanes, g: number) => Code): Code => Ls.map(body)
    const at = (base: Local, g: number): Code => i32.add(i32.add(base.get, i.get), i32.const(8 * g))
    const ones = (m: (L: Lanes) => Code): Code => Ls.map(m).reduce((a, b) => v128.and(a, b))
    const anys = (m: (L: Lanes) => Code): Code => Ls.map(m).reduce((a, b) => v128.or(a, b))
    return [
      sc.set(f64x2.splat(scale.get)),
      forLoop(i, i32.const(0), bytes.get, i32.const(8 * GROUPS),
        each((L, g) => [
          L.x.set(f64x2.promoteLowF32x4(v128.load64Zero(at(x, g)))),
          L.w.set(f64x2.promoteLowF32x4(v128.load64Zero(at(w, g)))),
          L.z.set(round32(f64x2.sub(L.w.get, c(2.5)))),
          L.p.set(c(GILES_LT_5[0]!)),
          L.mid.set(i32x4.const([-1, -1, -1, -1])),
        ]),
        GILES_LT_5.slice(1).map((k) => each((L) => fastStep(L, k))),
        each((L) => L.y.set(f64x2.mul(sc.get, round32(f64x2.mul(L.p.get, L.x.get))))),
        // redo in full unless every lane has w < 5 and no sum was a possible midpoint (the high 32-bit halves of
        // `mid` are zero, so only the low halves of the compare count: allTrue looks at whole 64-bit lanes)
        if_(i32.eqz(i64x2.allTrue(v128.andnot(ones((L) => f64x2.lt(L.w.get, c(5))), anys((L) => i32x4.eq(L.mid.get, v128.zero()))))),
          each((L) => [
            exactPoly(L),
            L.y.set(v128.bitselect(
              f64x2.mul(f64x2.mul(sc.get, L.x.get), c(Infinity)), // x = ±1: scale·x·∞
              f64x2.mul(sc.get, round32(f64x2.mul(L.p.get, L.x.get))),
              f64x2.eq(f64x2.abs(L.x.get), c(1)))),
          ])),
        each((L, g) => v128.store64Lane0(at(x, g), f64x2.demoteToF32x4Zero(L.y.get))),
      ),
    ]
  })
}
