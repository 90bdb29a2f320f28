/**
 * The WebAssembly SIMD kernels, as functions that emit their instruction
 * sequences (see `encoder.ts`). Each kernel works on byte pointers into the one
 * linear memory; `matmul.ts` and `elementwise.ts` copy operands in, call a
 * kernel and copy results out.
 *
 * Every kernel is generated for both float widths from one description: a `Float`
 * says how wide an element is, how many fit in a v128 and which lane ops to use.
 *
 * - `gemm_*`: the macro-kernel of a blocked matrix multiply over packed panels
 *   (the GotoBLAS scheme of `js/matmul.ts`), with an MR×NR register block held in
 *   v128 accumulators: 4×8 for float32 (two f32x4 per row), 4×4 for float64 (two
 *   f64x2 per row). Each output element is summed sequentially over k, in the
 *   element type, from +0: the order never depends on blocking or timing.
 * - `pack_*`: copy a block of A or B into the panel layout the macro-kernel reads,
 *   zero-padding ragged panels so the micro-kernel never branches.
 * - `<op>_*_{vv,vs,sv}`: binary ops on equal shapes or against a scalar; `<op>_*`
 *   for unary ops. Lengths are in bytes, rounded up to 16 by the caller (the lanes
 *   past the end compute garbage into padding that is never copied out).
 * - `sumRows_*`, `sumCols_*`: the sum reduction, accumulating in f64 lanes.
 * - `maxRows_*`, `maxCols_*`, `minRows_*`, `minCols_*`: max and min, the JS kernel's
 *   result bit for bit (NaN and ±0 included).
 */
import {
  type Code, type Func, type Local, block, br, brIf, f32, f32x4, f64, f64x2, forLoop, func, i32, if_, loop, select,
  v128, whileLtU,
} from './encoder.js'
import type { Float } from './float.js'

// ---- model ----

/**
 * Register block of the matmul micro-kernel: MR rows × NR columns (NR a whole
 * number of v128). MR·NR/lanes accumulators, NR/lanes B vectors, one splatted A
 * value and a product must fit the 16 xmm registers V8 allocates on x64; among
 * 2×16, 4×8, 5×8, 6×8, 4×12 and 8×4 for float32, 4×8 measured fastest (the larger
 * ones spill), and 4×4 / 2×8 tie for float64.
 */
export const GEMM_BLOCK: Record<Float['name'], { readonly mr: number; readonly nr: number }> = {
  f32: { mr: 4, nr: 8 },
  f64: { mr: 4, nr: 4 },
}

export type BinaryKernel = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum'
export type UnaryKernel = 'neg' | 'abs' | 'sqrt' | 'square' | 'relu' | 'reciprocal'
export const BINARY_KERNELS: ReadonlyArray<BinaryKernel> = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum']
export const UNARY_KERNELS: ReadonlyArray<UnaryKernel> = ['neg', 'abs', 'sqrt', 'square', 'relu', 'reciprocal']
/** Reductions with kernels: `<op>Rows_*` over the last axis, `<op>Cols_*` over an inner one. */
export type ReduceKernel = 'sum' | ExtremeKernel
export type ExtremeKernel = 'max' | 'min'
export const REDUCE_KERNELS: ReadonlyArray<ReduceKernel> = ['sum', 'max', 'min']

// ---- utils ----

const add = (a: Code, b: Code): Code => i32.add(a, b)
const addTo = (p: Local, bytes: Code): Code => p.set(i32.add(p.get, bytes))
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i))

// ---- matmul ----

/**
 * `gemm_<f>(pa, pb, c, ldc, mb, nb, kb, first)`: for every MR×NR tile of the
 * (mb×nb) block at `c` (row stride `ldc` bytes), tile += Apanel·Bpanel over kb
 * steps — or tile = Apanel·Bpanel when `first` is nonzero (the first k-block).
 * mb, nb are multiples of MR, NR (the caller pads); kb ≥ 1.
 *
 * Loop order: B panels outer, A panels inner, so one B panel (kb×NR) stays in L1
 * while the packed A block streams from L2.
 */
export const gemm = (F: Float, { mr, nr } = GEMM_BLOCK[F.name], name = `gemm_${F.name}`): Func => {
  const nv = nr / F.lanes
  const accNames = times(mr, (r) => times(nv, (v) => `acc${r}_${v}`))
  const vecLocals = Object.fromEntries([...accNames.flat(), ...times(nv, (v) => `b${v}`), 'a'].map((n) => [n, 'v128' as const]))
  return func(name, {
    params: { pa: 'i32', pb: 'i32', c: 'i32', ldc: 'i32', mb: 'i32', nb: 'i32', kb: 'i32', first: 'i32' },
    locals: { i: 'i32', j: 'i32', pA: 'i32', pB: 'i32', pEnd: 'i32', tile: 'i32', ...vecLocals },
  }, (vars) => {
    const { pa, pb, c, ldc, mb, nb, kb, first, i, j, pA, pB, pEnd, tile } = vars
    const named = vars as Readonly<Record<string, Local>>
    const acc = accNames.map((row) => row.map((n) => named[n]!))
    const b = times(nv, (v) => named[`b${v}`]!)
    const a = named['a']!
    const bytes = (x: Code): Code => i32.mul(x, i32.const(F.size))
    const rowPtr = (r: number): Code => add(tile.get, i32.mul(ldc.get, i32.const(r)))
    // One k-step: NR values of B, then per row one splatted A value times them. (Unrolling
    // this by hand measured slower: V8 pipelines the loop itself and extra live v128s spill.)
    const step: Code = [
      b.map((bv, v) => bv.set(v128.load(pB.get, v * 16))),
      acc.map((row, r) => [
        a.set(F.loadSplat(pA.get, r * F.size)),
        row.map((av, v) => av.set(F.x.add(av.get, F.x.mul(a.get, b[v]!.get)))),
      ]),
      addTo(pA, i32.const(mr * F.size)),
      addTo(pB, i32.const(nr * F.size)),
    ]
    return forLoop(j, i32.const(0), nb.get, i32.const(nr),
      forLoop(i, i32.const(0), mb.get, i32.const(mr),
        tile.set(add(c.get, add(i32.mul(i.get, ldc.get), bytes(j.get)))),
        pA.set(add(pa.get, bytes(i32.mul(i.get, kb.get)))), // A panel i/MR starts at element i·kb
        pB.set(add(pb.get, bytes(i32.mul(j.get, kb.get)))), // B panel j/NR starts at element j·kb
        if_(first.get,
          acc.flat().map((av) => av.set(v128.zero())),
          acc.map((row, r) => row.map((av, v) => av.set(v128.load(rowPtr(r), v * 16))))),
        pEnd.set(add(pA.get, bytes(i32.mul(kb.get, i32.const(mr))))),
        loop(step, brIf(0, i32.ltU(pA.get, pEnd.get))), // kb ≥ 1
        acc.map((row, r) => row.map((av, v) => v128.store(rowPtr(r), av.get, v * 16))),
      ))
  })
}

/**
 * `pack_<f>(src, ls, ps, len, kb, w, dst)`: copy `len` lines of `kb` elements
 * (rows of A or columns of B; `ls` bytes between lines, `ps` between k-steps) into
 * panels of `w` lines interleaved along k: panel t, step p, line l goes to
 * element t·w·kb + p·w + l of `dst`. A ragged last panel is zero-padded.
 * w·size must be a multiple of 16 (it is for every register block above).
 */
export const pack = (F: Float): Func =>
  func(`pack_${F.name}`, {
    params: { src: 'i32', ls: 'i32', ps: 'i32', len: 'i32', kb: 'i32', w: 'i32', dst: 'i32' },
    locals: { l0: 'i32', lw: 'i32', p: 'i32', l: 'i32', q: 'i32', s: 'i32', line: 'i32', d: 'i32', wBytes: 'i32' },
  }, ({ src, ls, ps, len, kb, w, dst, l0, lw, p, l, q, s, line, d, wBytes }) => [
    d.set(dst.get),
    wBytes.set(i32.mul(w.get, i32.const(F.size))),
    forLoop(l0, i32.const(0), len.get, w.get,
      lw.set(select(i32.sub(len.get, l0.get), w.get, i32.ltU(i32.sub(len.get, l0.get), w.get))),
      line.set(add(src.get, i32.mul(l0.get, ls.get))),
      if_(i32.and(i32.eq(lw.get, w.get), i32.eq(ls.get, i32.const(F.size))),
        // full panel of contiguous lines: w elements per k-step, copied as v128s
        forLoop(p, i32.const(0), kb.get, i32.const(1),
          s.set(add(line.get, i32.mul(p.get, ps.get))),
          forLoop(q, i32.const(0), wBytes.get, i32.const(16), v128.store(add(d.get, q.get), v128.load(add(s.get, q.get)))),
          addTo(d, wBytes.get)),
        forLoop(p, i32.const(0), kb.get, i32.const(1),
          s.set(add(line.get, i32.mul(p.get, ps.get))),
          forLoop(l, i32.const(0), lw.get, i32.const(1),
            F.store(add(d.get, i32.mul(l.get, i32.const(F.size))), F.load(s.get)),
            addTo(s, ls.get)),
          forLoop(l, lw.get, w.get, i32.const(1), F.store(add(d.get, i32.mul(l.get, i32.const(F.size))), F.const(0))),
          addTo(d, wBytes.get))),
    ),
  ])

/**
 * `smallGemm_<f>(a, ars, acs, b, brs, bcs, out, m, k, n)`: out (m×n, row-major) =
 * opA·opB for products too small or thin to pack (matrix-vector, tiny matrices),
 * element (i, p) of opA at a + i·ars + p·acs and (p, j) of opB at b + p·brs + j·bcs
 * (strides in bytes). Each element is summed in a double, sequentially over p,
 * and rounded once on store: the JS kernel's small path, bit for bit, without
 * its polymorphic typed-array loads. Two rows at a time, for two independent sums.
 */
export const smallGemm = (F: Float): Func =>
  func(`smallGemm_${F.name}`, {
    params: { a: 'i32', ars: 'i32', acs: 'i32', b: 'i32', brs: 'i32', bcs: 'i32', out: 'i32', m: 'i32', k: 'i32', n: 'i32' },
    locals: { i: 'i32', j: 'i32', pa: 'i32', pb: 'i32', end: 'i32', o: 'i32', s0: 'f64', s1: 'f64', bv: 'f64', two: 'i32' },
  }, ({ a, ars, acs, b, brs, bcs, out, m, k, n, i, j, pa, pb, end, o, s0, s1, bv, two }) => {
    const store = (addr: Code, s: Local): Code => (F.size === 8 ? f64.store(addr, s.get) : f32.store(addr, f32.demoteF64(s.get)))
    const rowPair = (rows: 1 | 2): Code =>
      forLoop(j, i32.const(0), n.get, i32.const(1),
        s0.set(f64.const(0)), s1.set(f64.const(0)),
        pa.set(add(a.get, i32.mul(i.get, ars.get))),
        pb.set(add(b.get, i32.mul(j.get, bcs.get))),
        end.set(add(pb.get, i32.mul(k.get, brs.get))),
        whileLtU(pb, end.get,
          bv.set(loadAsF64(F, pb.get)),
          s0.set(f64.add(s0.get, f64.mul(loadAsF64(F, pa.get), bv.get))),
          rows === 2 ? s1.set(f64.add(s1.get, f64.mul(loadAsF64(F, add(pa.get, ars.get)), bv.get))) : [],
          addTo(pa, acs.get), addTo(pb, brs.get)),
        o.set(add(out.get, i32.mul(add(i32.mul(i.get, n.get), j.get), i32.const(F.size)))),
        store(o.get, s0),
        rows === 2 ? store(add(o.get, i32.mul(n.get, i32.const(F.size))), s1) : [])
    return [
      two.set(i32.and(m.get, i32.const(-2))),
      forLoop(i, i32.const(0), two.get, i32.const(2), rowPair(2)),
      if_(i32.ne(two.get, m.get), [i.set(two.get), rowPair(1)]),
    ]
  })

// ---- elementwise ----

/** The lane op of a binary kernel. maximum/minimum keep the JS kernel's exact semantics (NaN of x wins, then y). */
const binaryOp = (F: Float, op: BinaryKernel, x: Local, y: Local): Code => {
  switch (op) {
    case 'add': return F.x.add(x.get, y.get)
    case 'sub': return F.x.sub(x.get, y.get)
    case 'mul': return F.x.mul(x.get, y.get)
    case 'div': return F.x.div(x.get, y.get)
    // x > y || x !== x ? x : y
    case 'maximum': return v128.bitselect(x.get, y.get, v128.or(F.x.gt(x.get, y.get), F.x.ne(x.get, x.get)))
    // x < y || x !== x ? x : y
    case 'minimum': return v128.bitselect(x.get, y.get, v128.or(F.x.lt(x.get, y.get), F.x.ne(x.get, x.get)))
  }
}

/**
 * `<op>_<f>_<mode>(a, b, out, bytes)`: out = op(a, b) over `bytes` bytes; mode `vv`
 * reads both operands as vectors, `vs` splats the scalar b[0], `sv` the scalar a[0].
 */
export const binary = (F: Float, op: BinaryKernel, mode: 'vv' | 'vs' | 'sv'): Func =>
  func(`${op}_${F.name}_${mode}`, {
    params: { a: 'i32', b: 'i32', out: 'i32', bytes: 'i32' },
    locals: { i: 'i32', x: 'v128', y: 'v128' },
  }, ({ a, b, out, bytes, i, x, y }) => [
    mode === 'sv' ? x.set(F.loadSplat(a.get)) : [],
    mode === 'vs' ? y.set(F.loadSplat(b.get)) : [],
    forLoop(i, i32.const(0), bytes.get, i32.const(16),
      mode !== 'sv' ? x.set(v128.load(add(a.get, i.get))) : [],
      mode !== 'vs' ? y.set(v128.load(add(b.get, i.get))) : [],
      v128.store(add(out.get, i.get), binaryOp(F, op, x, y))),
  ])

const unaryOp = (F: Float, op: UnaryKernel, x: Local): Code => {
  switch (op) {
    case 'neg': return F.x.neg(x.get)
    case 'abs': return F.x.abs(x.get)
    case 'sqrt': return F.x.sqrt(x.get)
    case 'square': return F.x.mul(x.get, x.get)
    // v > 0 ? v : v !== v ? v : 0   (so relu(-0) = +0 and NaN stays NaN)
    case 'relu': return v128.bitselect(x.get, v128.zero(), v128.or(F.x.gt(x.get, v128.zero()), F.x.ne(x.get, x.get)))
    case 'reciprocal': return F.x.div(F.x.splat(F.const(1)), x.get)
  }
}

/** `<op>_<f>(x, out, bytes)`: out = op(x) over `bytes` bytes. */
export const unary = (F: Float, op: UnaryKernel): Func =>
  func(`${op}_${F.name}`, { params: { x: 'i32', out: 'i32', bytes: 'i32' }, locals: { i: 'i32', v: 'v128' } },
    ({ x, out, bytes, i, v }) =>
      forLoop(i, i32.const(0), bytes.get, i32.const(16),
        v.set(v128.load(add(x.get, i.get))),
        v128.store(add(out.get, i.get), unaryOp(F, op, v))))

// ---- reduce ----

/** Two elements at `p + offset` as an f64x2 (float32 is widened exactly). */
const load2AsF64 = (F: Float, p: Code, offset: number): Code =>
  F.size === 8 ? v128.load(p, offset) : f64x2.promoteLowF32x4(v128.load64Zero(p, offset))
const loadAsF64 = (F: Float, p: Code): Code => (F.size === 8 ? f64.load(p) : f64.promoteF32(f32.load(p)))

/**
 * `sumRows_<f>(x, rows, n, out)`: out[r] (f64) = sum of the n elements of row r.
 * Elements 8t+2v+l go to lane l of accumulator v (v < 4); the accumulators are
 * combined as ((acc0 + acc1) + (acc2 + acc3)), lane 0 + lane 1, then the n mod 8
 * trailing elements are added in order. A fixed order for a given n.
 */
export const sumRows = (F: Float): Func =>
  func(`sumRows_${F.name}`, {
    params: { x: 'i32', rows: 'i32', n: 'i32', out: 'i32' },
    locals: { r: 'i32', p: 'i32', vecEnd: 'i32', rowEnd: 'i32', s: 'f64', t: 'v128', a0: 'v128', a1: 'v128', a2: 'v128', a3: 'v128' },
  }, ({ x, rows, n, out, r, p, vecEnd, rowEnd, s, t, a0, a1, a2, a3 }) => {
    const accs = [a0, a1, a2, a3]
    return [
      p.set(x.get),
      forLoop(r, i32.const(0), rows.get, i32.const(1),
        accs.map((a) => a.set(v128.zero())),
        rowEnd.set(add(p.get, i32.mul(n.get, i32.const(F.size)))),
        vecEnd.set(add(p.get, i32.mul(i32.and(n.get, i32.const(-8)), i32.const(F.size)))),
        whileLtU(p, vecEnd.get,
          accs.map((a, v) => a.set(f64x2.add(a.get, load2AsF64(F, p.get, 2 * v * F.size)))),
          addTo(p, i32.const(8 * F.size))),
        t.set(f64x2.add(f64x2.add(a0.get, a1.get), f64x2.add(a2.get, a3.get))),
        s.set(f64.add(f64x2.extractLane(t.get, 0), f64x2.extractLane(t.get, 1))),
        whileLtU(p, rowEnd.get, s.set(f64.add(s.get, loadAsF64(F, p.get))), addTo(p, i32.const(F.size))),
        f64.store(add(out.get, i32.mul(r.get, i32.const(8))), s.get)),
    ]
  })

/**
 * `sumCols_<f>(x, outer, n, inner, out)`: x viewed as [outer, n, inner]; out (f64,
 * [outer, inner]) = sum over the middle axis, adding row after row in index order
 * (two columns per f64x2). This is the JS kernel's order, so the sums are the same.
 */
export const sumCols = (F: Float): Func =>
  func(`sumCols_${F.name}`, {
    params: { x: 'i32', outer: 'i32', n: 'i32', inner: 'i32', out: 'i32' },
    locals: { o: 'i32', i: 'i32', j: 'i32', row: 'i32', acc: 'i32', pairs: 'i32' },
  }, ({ x, outer, n, inner, out, o, i, j, row, acc, pairs }) => {
    const accAt = (jj: Code): Code => add(acc.get, i32.shl(jj, i32.const(3)))
    const rowAt = (jj: Code): Code => add(row.get, i32.mul(jj, i32.const(F.size)))
    return [
      row.set(x.get),
      acc.set(out.get),
      pairs.set(i32.and(inner.get, i32.const(-2))),
      forLoop(o, i32.const(0), outer.get, i32.const(1),
        forLoop(j, i32.const(0), inner.get, i32.const(1), f64.store(accAt(j.get), f64.const(0))),
        forLoop(i, i32.const(0), n.get, i32.const(1),
          forLoop(j, i32.const(0), pairs.get, i32.const(2),
            v128.store(accAt(j.get), f64x2.add(v128.load(accAt(j.get)), load2AsF64(F, rowAt(j.get), 0)))),
          if_(i32.ne(pairs.get, inner.get),
            f64.store(accAt(pairs.get), f64.add(f64.load(accAt(pairs.get)), loadAsF64(F, rowAt(pairs.get))))),
          addTo(row, i32.mul(inner.get, i32.const(F.size)))),
        addTo(acc, i32.shl(inner.get, i32.const(3)))),
    ]
  })

/**
 * `maxRows_<f>(x, rows, n, out)`, `minRows_<f>`: out[r] (element type) = the JS
 * kernel's max (min) of the n elements of row r. Four accumulators take the
 * pmax (pmin) of interleaved vectors, a single instruction on x64 that is exact in
 * value when no NaN is involved, while a mask notes whether a NaN was seen. The
 * value settles every case but two, for each other value has one encoding: a NaN
 * row and a ±0 extreme, where the JS kernel returns the row's first NaN or first
 * zero (its compare is strict, so the first of equal values stays). Only such rows
 * are scanned again from the start, up to that element, which is then the result:
 * the JS kernel's bits in every case.
 */
export const extremeRows = (F: Float, op: ExtremeKernel): Func =>
  func(`${op}Rows_${F.name}`, {
    params: { x: 'i32', rows: 'i32', n: 'i32', out: 'i32' },
    locals: {
      r: 'i32', p: 'i32', start: 'i32', end4: 'i32', end1: 'i32', rowEnd: 'i32',
      t: 'v128', nan: 'v128', a0: 'v128', a1: 'v128', a2: 'v128', a3: 'v128',
    },
  }, ({ x, rows, n, out, r, p, start, end4, end1, rowEnd, t, nan, a0, a1, a2, a3 }) => {
    const pick = op === 'max' ? F.x.pmax : F.x.pmin
    const accs = [a0, a1, a2, a3]
    const bytes = (k: Code): Code => i32.mul(k, i32.const(F.size))
    const fold = (a: Local, v: Code): Code => [t.set(v), a.set(pick(a.get, t.get)), nan.set(v128.or(nan.get, F.x.ne(t.get, t.get)))]
    // the first element that is NaN or equals lane 0 of a0 (which is forced to NaN in a NaN row)
    const found = (): Code => v128.anyTrue(v128.or(F.x.eq(t.tee(F.loadSplat(p.get)), a0.get), F.x.ne(t.get, t.get)))
    return [
      p.set(x.get),
      forLoop(r, i32.const(0), rows.get, i32.const(1),
        accs.map((a) => a.set(F.x.splat(F.const(op === 'max' ? -Infinity : Infinity)))),
        nan.set(v128.zero()),
        start.set(p.get),
        rowEnd.set(add(p.get, bytes(n.get))),
        end4.set(add(p.get, bytes(i32.and(n.get, i32.const(-4 * F.lanes))))),
        end1.set(add(p.get, bytes(i32.and(n.get, i32.const(-F.lanes))))),
        whileLtU(p, end4.get, accs.map((a, v) => fold(a, v128.load(p.get, 16 * v))), addTo(p, i32.const(64))),
        whileLtU(p, end1.get, fold(a0, v128.load(p.get)), addTo(p, i32.const(16))),
        whileLtU(p, rowEnd.get, fold(a1, F.loadSplat(p.get)), addTo(p, i32.const(F.size))), // splatting changes no extreme
        a0.set(pick(pick(a0.get, a1.get), pick(a2.get, a3.get))),
        times(F.lanes - 1, (l) => a0.set(pick(a0.get, F.x.splat(F.x.extractLane(a0.get, l + 1))))),
        a0.set(F.x.splat(F.x.extractLane(a0.get, 0))),
        if_(v128.anyTrue(v128.or(nan.get, F.x.eq(a0.get, v128.zero()))), [
          if_(v128.anyTrue(nan.get), a0.set(F.x.splat(F.const(NaN)))),
          p.set(start.get),
          block(loop(brIf(1, found()), addTo(p, i32.const(F.size)), br(0))), // the element exists, so this stops
          a0.set(t.get),
          p.set(rowEnd.get),
        ]),
        F.store(add(out.get, bytes(r.get)), F.x.extractLane(a0.get, 0))),
    ]
  })

/**
 * `maxCols_<f>(x, outer, n, inner, out)`, `minCols_<f>`: x viewed as [outer, n,
 * inner]; out (element type, [outer, inner]) = max (min) over the middle axis, row
 * after row in index order with one column per lane. Each lane keeps its value
 * exactly when the JS kernel does (it is NaN, or the new value is not larger
 * (smaller)), so the first NaN and the first of equal values win, bit for bit.
 */
export const extremeCols = (F: Float, op: ExtremeKernel): Func =>
  func(`${op}Cols_${F.name}`, {
    params: { x: 'i32', outer: 'i32', n: 'i32', inner: 'i32', out: 'i32' },
    locals: { o: 'i32', i: 'i32', j: 'i32', row: 'i32', acc: 'i32', vecs: 'i32', a: 'v128', v: 'v128' },
  }, ({ x, outer, n, inner, out, o, i, j, row, acc, vecs, a, v }) => {
    const keep = (): Code => v128.bitselect(a.get, v.get, v128.or((op === 'max' ? F.x.ge : F.x.le)(a.get, v.get), F.x.ne(a.get, a.get)))
    const at = (base: Local, jj: Code): Code => add(base.get, i32.mul(jj, i32.const(F.size)))
    return [
      row.set(x.get),
      acc.set(out.get),
      vecs.set(i32.and(inner.get, i32.const(-F.lanes))),
      forLoop(o, i32.const(0), outer.get, i32.const(1),
        forLoop(j, i32.const(0), inner.get, i32.const(1), F.store(at(acc, j.get), F.const(op === 'max' ? -Infinity : Infinity))),
        forLoop(i, i32.const(0), n.get, i32.const(1),
          forLoop(j, i32.const(0), vecs.get, i32.const(F.lanes),
            a.set(v128.load(at(acc, j.get))), v.set(v128.load(at(row, j.get))), v128.store(at(acc, j.get), keep())),
          // the last inner mod lanes columns, one at a time in lane 0
          forLoop(j, vecs.get, inner.get, i32.const(1),
            a.set(F.loadSplat(at(acc, j.get))), v.set(F.loadSplat(at(row, j.get))), F.store(at(acc, j.get), F.x.extractLane(keep(), 0))),
          addTo(row, i32.mul(inner.get, i32.const(F.size)))),
        addTo(acc, i32.mul(inner.get, i32.const(F.size)))),
    ]
  })

// ---- adam ----

/** The scalars of `adam_*`, in the order they sit in memory (each rounded to the element type on store). */
export const ADAM_COEFFICIENTS = ['c1', 'd1', 'c2', 'd2', 'bc1', 'bc2', 'bcNext', 'eps', 'epsRoot'] as const

/**
 * `adam_<f>(g, mu, nu, coef, bytes, flags)`: one fused Adam step over `bytes`
 * bytes, in place: mu ← μ', nu ← ν', g ← u (see `js/adam.ts` for the equations
 * and why the bits equal the composed ops). `coef` points at the
 * ADAM_COEFFICIENTS; `flags` bit 0 is Nadam, bit 1 adds ε_root.
 */
export const adam = (F: Float): Func => {
  const coefs = Object.fromEntries(ADAM_COEFFICIENTS.map((c) => [c, 'v128' as const]))
  return func(`adam_${F.name}`, {
    params: { g: 'i32', mu: 'i32', nu: 'i32', coef: 'i32', bytes: 'i32', flags: 'i32' },
    locals: { i: 'i32', x: 'v128', m: 'v128', v: 'v128', mHat: 'v128', vHat: 'v128', ...coefs },
  }, (vars) => {
    const { g, mu, nu, coef, bytes, flags, i, x, m, v, mHat, vHat } = vars
    const k = (c: typeof ADAM_COEFFICIENTS[number]): Code => (vars as Readonly<Record<string, Local>>)[c]!.get
    const { add: plus, mul, div, sqrt } = F.x
    return [
      ADAM_COEFFICIENTS.map((c, j) => (vars as Readonly<Record<string, Local>>)[c]!.set(F.loadSplat(coef.get, j * F.size))),
      forLoop(i, i32.const(0), bytes.get, i32.const(16),
        x.set(v128.load(add(g.get, i.get))),
        m.set(plus(mul(x.get, k('c1')), mul(v128.load(add(mu.get, i.get)), k('d1')))),
        v.set(plus(mul(mul(x.get, x.get), k('c2')), mul(v128.load(add(nu.get, i.get)), k('d2')))),
        if_(i32.and(flags.get, i32.const(1)),
          mHat.set(plus(mul(div(m.get, k('bcNext')), k('d1')), mul(div(x.get, k('bc1')), k('c1')))),
          mHat.set(div(m.get, k('bc1')))),
        vHat.set(div(v.get, k('bc2'))),
        if_(i32.and(flags.get, i32.const(2)), vHat.set(plus(vHat.get, k('epsRoot')))),
        v128.store(add(mu.get, i.get), m.get),
        v128.store(add(nu.get, i.get), v.get),
        v128.store(add(g.get, i.get), div(mHat.get, plus(sqrt(vHat.get), k('eps'))))),
    ]
  })
}
