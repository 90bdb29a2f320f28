/**
 * The `Math.log1p` pass of float32 erfinv (`js/erfinv32.ts`, `log1pNegSq32`)
 * in WebAssembly: `ws[i] = -log1p(f(-x[i]²))` rounded to float32, with the
 * float64 `log1p` equal to V8's `Math.log1p` bit for bit.
 *
 * V8 computes `Math.log1p` with `ieee754::log1p` (`src/base/ieee754.cc`), its
 * port of fdlibm's `s_log1p.c` as FreeBSD's msun has it. `log1pCode` follows
 * that function operation for operation, every branch included: the same
 * high-word tests on the float64's bits (i64 reinterpretations and shifts),
 * the same argument reduction 1 + x = 2^k·(1 + f) with its correction term, the
 * same polynomial in s² (s = f/(2 + f)) evaluated in the same order, and the
 * same final sums. wasm's f64 add, sub, mul and div are the IEEE operations C's
 * doubles use (V8 is built without fused multiply-adds on x64), so each
 * intermediate, and the result, is V8's.
 *
 * The inputs `f(-x²)` of x in (-1, 1) are the float32s in (-1, 0]; an
 * exhaustive comparison over all 2³⁰ of them found no difference from
 * `Math.log1p` (the unit test checks a dense sample of them).
 *
 * Nearly every element takes one path: -1 < v ≤ -2⁻²⁹, and hu ≠ 0 (not
 * |f| < 2⁻²⁰) after the reduction. `log1p_negsq_f32` evaluates that path two
 * elements per f64x2, with no branch: both reductions (k = 0 with f = v for
 * v > -0.2929, else u = 1 + v = 2^k·(1 + f)) are computed and chosen per lane by
 * compare masks, the high-word tests become float compares on the same bits,
 * and k comes from the exponent field exactly. Any eight elements with one off
 * that path (|v| < 2⁻²⁹, v = -1, or |f| < 2⁻²⁰: rare for uniform x)
 * are done again by the scalar code, `log1pCode`. The vector path leaves out
 * the correction term c = (v - (u - 1))/u: for a float32 v in (-1, -0.29],
 * u = 1 + v is exact, so c = +0, and adding +0 to k·ln2_lo (k ≠ 0 where it is
 * used) changes nothing.
 *
 * @since 0.2.0
 */
import { type Code, type Func, type Local, block, br, f32, f32x4, f64, f64x2, forLoop, func, i32, i32x4, i64, i64x2, if_, select, v128 } from './encoder.js'

const LN2_HI = 6.93147180369123816490e-01 // 3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10 // 3dea39ef 35793c76
const TWO54 = 1.80143985094819840000e+16 // 43500000 00000000
/** fdlibm's Lp1 … Lp7. */
export const LP = [6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01, 2.222219843214978396e-01,
  1.818357216161805012e-01, 1.531383769920937332e-01, 1.479819860511658591e-01] as const

/** The high 32 bits of an f64, as an i32. */
const hi = (d: Code): Code => i32.wrapI64(i64.shrU(i64.reinterpretF64(d), i64.const(32n)))
/** `d` with its high 32 bits replaced by the i32 `h` (SET_HIGH_WORD). */
const withHi = (d: Code, h: Code): Code =>
  f64.reinterpretI64(i64.or(i64.and(i64.reinterpretF64(d), i64.const(0xffffffffn)), i64.shl(i64.extendI32U(h), i64.const(32n))))

/** The locals of the scalar code. */
export interface Log1pLocals {
  readonly hx: Local; readonly ax: Local; readonly k: Local; readonly hu: Local // i32
  readonly f: Local; readonly c: Local; readonly u: Local; readonly hfsq: Local; readonly s: Local; readonly z: Local; readonly R: Local // f64
}
export const LOG1P_LOCALS = { hx: 'i32', ax: 'i32', k: 'i32', hu: 'i32', f: 'f64', c: 'f64', u: 'f64', hfsq: 'f64', s: 'f64', z: 'f64', R: 'f64' } as const

/** Lp1 + z·(Lp2 + z·(… + z·Lp7)), in fdlibm's order. */
const poly = (z: Code): Code => LP.slice(0, -1).reduceRight<Code>((acc, c) => f64.add(f64.const(c), f64.mul(z, acc)), f64.const(LP[6]))

/**
 * `out = ieee754::log1p(x)` (x an f64 local), as V8 computes it: a block whose
 * early returns branch out of it.
 */
export const log1pCode = (x: Local, out: Local, L: Log1pLocals): Code => {
  const { hx, ax, k, hu, f, c, u, hfsq, s, z, R } = L
  const K = f64.convertI32S(k.get)
  const c1 = (v: number): Code => f64.const(v)
  return block(
    hx.set(hi(x.get)),
    ax.set(i32.and(hx.get, i32.const(0x7fffffff))),
    k.set(i32.const(1)),
    if_(i32.ltS(hx.get, i32.const(0x3fda827a)), [ // 1 + x < sqrt(2)+
      if_(i32.geS(ax.get, i32.const(0x3ff00000)), [ // x <= -1
        out.set(select(c1(-Infinity), c1(NaN), f64.eq(x.get, c1(-1)))),
        br(2),
      ]),
      if_(i32.ltS(ax.get, i32.const(0x3e200000)), [ // |x| < 2^-29
        out.set(select(x.get, f64.sub(x.get, f64.mul(f64.mul(x.get, x.get), c1(0.5))),
          i32.and(f64.gt(f64.add(c1(TWO54), x.get), c1(0)), i32.ltS(ax.get, i32.const(0x3c900000))))),
        br(2),
      ]),
      if_(i32.or(i32.gtS(hx.get, i32.const(0)), i32.leS(hx.get, i32.const(0xbfd2bec4))), // sqrt(2)/2- <= 1 + x < sqrt(2)+
        [k.set(i32.const(0)), f.set(x.get), hu.set(i32.const(1))]),
    ]),
    if_(i32.geS(hx.get, i32.const(0x7ff00000)), [out.set(f64.add(x.get, x.get)), br(1)]),
    if_(k.get, [
      if_(i32.ltS(hx.get, i32.const(0x43400000)), [
        u.set(f64.add(c1(1), x.get)),
        hu.set(hi(u.get)),
        k.set(i32.sub(i32.shrS(hu.get, i32.const(20)), i32.const(1023))),
        c.set(select(f64.sub(c1(1), f64.sub(u.get, x.get)), f64.sub(x.get, f64.sub(u.get, c1(1))), i32.gtS(k.get, i32.const(0)))),
        c.set(f64.div(c.get, u.get)),
      ], [
        u.set(x.get),
        hu.set(hi(u.get)),
        k.set(i32.sub(i32.shrS(hu.get, i32.const(20)), i32.const(1023))),
        c.set(c1(0)),
      ]),
      hu.set(i32.and(hu.get, i32.const(0x000fffff))),
      if_(i32.ltS(hu.get, i32.const(0x6a09e)), // u ~< sqrt(2)
        u.set(withHi(u.get, i32.or(hu.get, i32.const(0x3ff00000)))), [
          k.set(i32.add(k.get, i32.const(1))),
          u.set(withHi(u.get, i32.or(hu.get, i32.const(0x3fe00000)))),
          hu.set(i32.shrS(i32.sub(i32.const(0x00100000), hu.get), i32.const(2))),
        ]),
      f.set(f64.sub(u.get, c1(1))),
    ]),
    hfsq.set(f64.mul(f64.mul(c1(0.5), f.get), f.get)),
    if_(i32.eqz(hu.get), [ // |f| < 2^-20
      if_(f64.eq(f.get, c1(0)), [
        if_(i32.eqz(k.get), out.set(c1(0)), [
          c.set(f64.add(c.get, f64.mul(K, c1(LN2_LO)))),
          out.set(f64.add(f64.mul(K, c1(LN2_HI)), c.get)),
        ]),
        br(2),
      ]),
      R.set(f64.mul(hfsq.get, f64.sub(c1(1), f64.mul(c1(0.66666666666666666), f.get)))),
      if_(i32.eqz(k.get), out.set(f64.sub(f.get, R.get)),
        out.set(f64.sub(f64.mul(K, c1(LN2_HI)), f64.sub(f64.sub(R.get, f64.add(f64.mul(K, c1(LN2_LO)), c.get)), f.get)))),
      br(1),
    ]),
    s.set(f64.div(f.get, f64.add(c1(2), f.get))),
    z.set(f64.mul(s.get, s.get)),
    R.set(f64.mul(z.get, poly(z.get))),
    if_(i32.eqz(k.get),
      out.set(f64.sub(f.get, f64.sub(hfsq.get, f64.mul(s.get, f64.add(hfsq.get, R.get))))),
      out.set(f64.sub(f64.mul(K, c1(LN2_HI)),
        f64.sub(f64.sub(hfsq.get, f64.add(f64.mul(s.get, f64.add(hfsq.get, R.get)), f64.add(f64.mul(K, c1(LN2_LO)), c.get))), f.get)))),
  )
}

/** The f64 with the given bits. */
const fromBits = (b: bigint): number => {
  const d = new DataView(new ArrayBuffer(8))
  d.setBigUint64(0, b)
  return d.getFloat64(0)
}
/** The least |x| of the correction path: high word 0x3FD2BEC5 (x <= -0.2929). */
const T_K = fromBits(0x3fd2bec500000000n)
/** 1 + 0x6A09E·2⁻²⁰, the mantissa threshold of `hu < 0x6A09E`. */
const M_SQRT2 = fromBits(0x3ff6a09e00000000n)
/** Normalised mantissas (in [1, 2)) whose reduction leaves hu = 0: below H_LO (hu = 0) or from H_HI on ((0x100000 - hu) >> 2 = 0). */
const H_LO = fromBits(0x3ff0000100000000n)
const H_HI = fromBits(0x3ffffffd00000000n)
/** The mantissa bits of each f64 lane (little-endian i32 lanes). */
const MANT = i32x4.const([-1, 0x000fffff, -1, 0x000fffff])
/** The f64x2 constants of the vector path, held in locals (a v128.const costs several instructions on x64). */
const CONSTS = [-T_K, 1, 0.5, 2, 2 ** 52, 2 ** 52 + 1023, M_SQRT2, -1, -(2 ** -29), H_LO, H_HI, LN2_HI, LN2_LO, ...LP]

const VLOCALS = ['v', 'u', 'un', 'lt', 'kd', 'f', 'hfsq', 's', 'z', 'R', 'ok', 'r'] as const
type VLanes = Readonly<Record<typeof VLOCALS[number], Local>>
const GROUPS = 4

/**
 * log1p of the f64x2 `L.v` into `L.r` by the common path, both reductions
 * computed and chosen per lane; `L.ok` is all ones in a lane where that path is
 * the one `log1pCode` takes (-1 < v <= -2⁻²⁹ and hu ≠ 0 after the reduction).
 */
const vectorPath = (L: VLanes, cv: (x: number) => Code, mant: Code): Code => {
  const isA = f64x2.gt(L.v.get, cv(-T_K)) // k = 0, f = v (hx <= 0xBFD2BEC4 as int32)
  return [
    // the correction path: u = 1 + v = 2^k·un (un in [1, 2)), its c = +0 (see the module doc)
    L.u.set(f64x2.add(cv(1), L.v.get)),
    L.un.set(v128.or(v128.and(L.u.get, mant), cv(1))),
    L.kd.set(f64x2.sub(v128.or(i64x2.shrU(L.u.get, i32.const(52)), cv(2 ** 52)), cv(2 ** 52 + 1023))), // k = e - 1023, exactly
    L.lt.set(f64x2.lt(L.un.get, cv(M_SQRT2))),
    L.f.set(v128.bitselect(
      L.v.get,
      f64x2.sub(v128.bitselect(L.un.get, v128.or(v128.and(L.u.get, mant), cv(0.5)), L.lt.get), cv(1)),
      isA)),
    L.kd.set(v128.bitselect(L.kd.get, f64x2.add(L.kd.get, cv(1)), L.lt.get)),
    L.ok.set(v128.and(
      v128.and(f64x2.gt(L.v.get, cv(-1)), f64x2.le(L.v.get, cv(-(2 ** -29)))),
      v128.or(isA, v128.andnot(f64x2.ge(L.un.get, cv(H_LO)), f64x2.ge(L.un.get, cv(H_HI)))))),
    // the tail, as log1pCode's last lines
    L.hfsq.set(f64x2.mul(f64x2.mul(cv(0.5), L.f.get), L.f.get)),
    L.s.set(f64x2.div(L.f.get, f64x2.add(cv(2), L.f.get))),
    L.z.set(f64x2.mul(L.s.get, L.s.get)),
    L.R.set(f64x2.mul(L.z.get, LP.slice(0, -1).reduceRight<Code>((acc, k) => f64x2.add(cv(k), f64x2.mul(L.z.get, acc)), cv(LP[6])))),
    L.s.set(f64x2.mul(L.s.get, f64x2.add(L.hfsq.get, L.R.get))), // s·(hfsq + R)
    L.r.set(v128.bitselect(
      f64x2.sub(L.f.get, f64x2.sub(L.hfsq.get, L.s.get)),
      f64x2.sub(f64x2.mul(L.kd.get, cv(LN2_HI)),
        f64x2.sub(f64x2.sub(L.hfsq.get, f64x2.add(L.s.get, f64x2.mul(L.kd.get, cv(LN2_LO)))), L.f.get)),
      v128.or(isA, f64x2.eq(L.kd.get, v128.zero())))),
  ]
}

/** Elements per iteration of the vector loop. */
export const STEP = 2 * GROUPS

/**
 * `log1p_negsq_f32(x, w, n)`: w[i] = -log1p(f(-x[i]²)) rounded to float32, for
 * n float32 elements (byte pointers x and w; n a multiple of STEP, the lanes
 * past the caller's end computing into padding that is never copied out).
 * STEP elements per iteration in f64x2 pairs; any STEP with an element off the
 * common path are done again by the scalar code.
 *
 * `log1p_f32_f64(v, out, n)`: out[i] (float64) = log1p(v[i]) of float32 v, by
 * the same code, for tests to compare with `Math.log1p` in full.
 */
const log1pKernel = (negSq: boolean): Func => {
  const locals: Record<string, 'v128' | 'i32' | 'f32' | 'f64'> = { i: 'i32', j: 'i32', a: 'f32', sv: 'f64', sr: 'f64', mant: 'v128', ...LOG1P_LOCALS }
  for (let g = 0; g < GROUPS; g++) for (const n of VLOCALS) locals[`${n}${g}`] = 'v128'
  CONSTS.forEach((_, k) => { locals[`k${k}`] = 'v128' })
  return func(negSq ? 'log1p_negsq_f32' : 'log1p_f32_f64', { params: { x: 'i32', w: 'i32', n: 'i32' }, locals }, (vars) => {
    const V = vars as Readonly<Record<string, Local>>
    const { x, w, n, i, j, a, sv, sr, mant } = V as Record<'x' | 'w' | 'n' | 'i' | 'j' | 'a' | 'sv' | 'sr' | 'mant', Local>
    const Ls: VLanes[] = Array.from({ length: GROUPS }, (_, g) => Object.fromEntries(VLOCALS.map((k) => [k, V[`${k}${g}`]!])) as VLanes)
    const at = (p: Local, idx: Code, size = 4): Code => i32.add(p.get, i32.mul(idx, i32.const(size)))
    const cv = (c: number): Code => {
      const k = CONSTS.indexOf(c)
      if (k < 0) throw new Error(`log1p kernel: no constant ${c}`)
      return V[`k${k}`]!.get
    }
    // f(-x·x): the float32 product rounds the exact one, as Math.fround does
    const input = (l: Code): Code => (negSq ? f32x4.mul(f32x4.neg(l), l) : l)
    const input1 = (l: Code): Code => (negSq ? f32.mul(f32.neg(l), l) : l)
    return [
      CONSTS.map((c, k) => V[`k${k}`]!.set(v128.f64x2Const(c))),
      mant.set(MANT),
      forLoop(i, i32.const(0), n.get, i32.const(STEP),
        Ls.map((L, g) => [
          L.v.set(f64x2.promoteLowF32x4(input(v128.load64Zero(at(x, i.get), 8 * g)))),
          vectorPath(L, cv, mant.get),
        ]),
        if_(i64x2.allTrue(Ls.map((L) => L.ok.get).reduce((p, q) => v128.and(p, q))),
          Ls.map((L, g) => negSq
            ? v128.store64Lane0(i32.add(at(w, i.get), i32.const(8 * g)), f64x2.demoteToF32x4Zero(f64x2.neg(L.r.get)))
            : v128.store(at(w, i.get, 8), L.r.get, 16 * g)),
          forLoop(j, i.get, i32.add(i.get, i32.const(STEP)), i32.const(1),
            a.set(f32.load(at(x, j.get))),
            sv.set(f64.promoteF32(input1(a.get))),
            log1pCode(sv, sr, vars as unknown as Log1pLocals),
            negSq ? f32.store(at(w, j.get), f32.demoteF64(f64.neg(sr.get))) : f64.store(at(w, j.get, 8), sr.get)))),
    ]
  })
}

export const log1pKernels = (): Func[] => [log1pKernel(true), log1pKernel(false)]
