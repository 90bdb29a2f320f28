/**
 * The wasm compiler of `jit`: one memory plan for the whole program, fused
 * SIMD loops, and the blocked matmul kernels called on planned buffers.
 *
 * 1. **Steps.** The equations are walked in order and become steps:
 *    - *groups*: runs of elementwise equations over one output shape and float
 *      dtype (add, sub, mul, div, maximum, minimum, neg, abs, sqrt, relu,
 *      stopGradient, broadcastTo, comparisons, where, casts between bool and
 *      the float, and exp, tanh, sigmoid on float32 where the eager kernel is
 *      the wasm one), whose operands are full, scalars, rows repeated along the
 *      leading axes (a bias) or columns repeated along the last axis;
 *    - *matmuls* (2-D, float): `matmulAt` of the wasm backend, the eager path
 *      for the shapes (one or two threads) on the planned buffers;
 *    - *reductions* (sum, max, min over a contiguous block of axes): the
 *      backend's reduce kernel, reading and writing the planned buffers;
 *    - *aliases* (reshape, stopGradient): no step, the same buffer;
 *    - any other equation: its eager kernel, on copies of its operands.
 * 2. **One loop per group.** A generated function makes one pass over the
 *    elements (rows × columns when an operand is a row or a column), four
 *    v128 vectors per iteration; intermediates live in locals (registers),
 *    reused once dead. Bools are lane masks inside a loop and bytes in memory.
 * 3. **Memory plan.** Every input, constant and stored intermediate gets a
 *    byte offset in linear memory at compile time; a buffer is reused once its
 *    last reader has run (first fit). At run time the plan is pinned at the
 *    bottom of the runtime's memory (`Runtime.pinned`), the inputs are copied
 *    in, the steps run, and the outputs are copied out: nothing else crosses
 *    between JS and wasm, but for the equations that run on eager kernels.
 *
 * Every fused op rounds as its eager kernel does (IEEE add, sub, mul, div and
 * sqrt; the eager compare-and-select rules for maximum, minimum and relu; the
 * eager wasm kernels' algorithm for the transcendentals, used only at the
 * sizes where eager runs that kernel), so the program gives the eager bits.
 *
 * @since 0.4.0
 */
import { backend } from '../backend/index.js'
import { wasmToolkit } from '../backend/index.js'
type Runtime = wasmToolkit.Runtime
type Code = wasmToolkit.Code
type Func = wasmToolkit.Func
type Local = wasmToolkit.Local
type Float = wasmToolkit.Float
type TranscendentalKernel = wasmToolkit.TranscendentalKernel
const {
  wasmBackend, runtime, MAX_PAGES, encodeModule, f32, f32x4, f64, f64x2, forLoop, func, i32, i8x16, if_, select, v128,
  F32, F64, GEMM_BLOCK, matmulAt, packBytes, paddedCols, ELEMENTWISE_MIN, transcendentalBody, uleb,
} = wasmToolkit
import { bind } from '../ad/core.js'
import { ConcreteTensor, fromBuffer, type Tensor } from '../tensor/tensor.js'
import type { DType, TypedArray } from '../tensor/dtype.js'
import { sizeOf } from '../tensor/shape.js'
import type { Eqn, Jaxpr, Program, Var } from './ir.js'

// ---- model ----

/** How an operand of a group is read: the whole shape, one element, a row repeated down, or a column repeated across. */
type Pattern = 'full' | 'scalar' | 'row' | 'col'

interface GroupStep {
  readonly kind: 'group'
  readonly fn: string
}
interface MatmulStep {
  readonly kind: 'matmul'
  readonly F: Float
  readonly m: number
  readonly k: number
  readonly n: number
  readonly transA: boolean
  readonly transB: boolean
  readonly a: Var
  readonly b: Var
  readonly out: Var
}
interface ReduceStep {
  readonly kind: 'reduce'
  readonly op: 'sum' | 'max' | 'min'
  readonly x: Var
  readonly out: Var
  readonly outer: number
  readonly n: number
  readonly inner: number
}
interface EqnStep {
  readonly kind: 'eqn'
  readonly eqn: Eqn
}
type Step = GroupStep | MatmulStep | ReduceStep | EqnStep

const FLOAT_ELEMENTWISE = new Set(['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'neg', 'abs', 'sqrt', 'relu', 'stopGradient', 'broadcastTo'])
const COMPARE = new Set(['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'])
const TRANSCENDENTAL = new Set(['exp', 'tanh', 'sigmoid'])
/** Largest memory plan a program may pin (the rest of the memory stays for eager kernels and the matmul threads). */
const PLAN_MAX = 256 * 2 ** 20

/** Is the wasm path in use? (the wasm backend selected, and WebAssembly SIMD present) @internal */
export const wasmInUse = (): boolean => runtime !== null && wasmBackend !== null && backend === wasmBackend

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m
const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 }
const same = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean => a.length === b.length && a.every((x, i) => x === b[i])

/** How `v` is read inside a loop over `shape`, or null when it cannot be. */
const patternOf = (v: Var, shape: ReadonlyArray<number>): Pattern | null => {
  const s = v.aval.shape
  if (sizeOf(s) === 1) return 'scalar'
  if (s.length > shape.length) return null
  const p = [...new Array<number>(shape.length - s.length).fill(1), ...s]
  if (same(p, shape)) return 'full'
  const r = shape.length
  if (p.slice(0, r - 1).every((d) => d === 1) && p[r - 1] === shape[r - 1]) return 'row'
  if (p[r - 1] === 1 && same(p.slice(0, r - 1), shape.slice(0, r - 1))) return 'col'
  return null
}

// ---- grouping ----

/** The float dtype of the loop an equation runs in, or null when it cannot be fused. */
/**
 * A reduction that can end a group: sum, max or min over the last axis of a
 * float array. max and min follow the eager kernels' sequential rule (the same
 * bits in JS and wasm); a sum follows the order both backends' kernels use:
 * eight interleaved partial sums in doubles, combined pairwise, then the
 * row's tail in index order (`sumLast` in JS, `sumRows` in wasm).
 */
const endsChain = (e: Eqn): boolean => {
  const name = e.prim.name
  if (name !== 'sum' && name !== 'max' && name !== 'min') return false
  const x = e.inputs[0]!.aval
  const axes = (e.params as { axes: ReadonlyArray<number> }).axes
  const n = sizeOf(x.shape)
  return (x.dtype === 'float32' || x.dtype === 'float64') && x.shape.length > 0 && axes.length === 1 &&
    axes[0] === x.shape.length - 1 && x.shape[x.shape.length - 1]! > 0 && n >= 2
}

/** The shape a group containing `e` loops over: its output's, or a reduction's input's. */
const loopShape = (e: Eqn): ReadonlyArray<number> => (endsChain(e) ? e.inputs[0]!.aval.shape : e.out.aval.shape)

const loopDtype = (e: Eqn): 'float32' | 'float64' | null => {
  if (endsChain(e)) return e.inputs[0]!.aval.dtype as 'float32' | 'float64'
  const out = e.out.aval
  const name = e.prim.name
  const isF = (d: DType): d is 'float32' | 'float64' => d === 'float32' || d === 'float64'
  const n = sizeOf(out.shape)
  if (n < 2) return null
  // bools (lane masks inside the loop) are read whole, one byte per element
  const shapesOk = e.inputs.every((v) => v.aval.dtype === 'bool' ? patternOf(v, out.shape) === 'full' : patternOf(v, out.shape) !== null)
  if (!shapesOk) return null
  if (FLOAT_ELEMENTWISE.has(name))
    return isF(out.dtype) && e.inputs.every((v) => v.aval.dtype === out.dtype) ? out.dtype : null
  if (TRANSCENDENTAL.has(name))
    // only where eager runs the wasm kernel (same algorithm, same bits): float32, at least ELEMENTWISE_MIN elements
    return out.dtype === 'float32' && e.inputs[0]!.aval.dtype === 'float32' && n >= ELEMENTWISE_MIN ? 'float32' : null
  if (COMPARE.has(name)) {
    const d = e.inputs[0]!.aval.dtype
    return d === 'float32' && e.inputs[1]!.aval.dtype === d ? d : null
  }
  if (name === 'where') {
    const [c, a, b] = e.inputs as [Var, Var, Var]
    return out.dtype === 'float32' && c.aval.dtype === 'bool' && a.aval.dtype === out.dtype && b.aval.dtype === out.dtype ? out.dtype : null
  }
  if (name === 'cast') {
    const d = e.inputs[0]!.aval.dtype
    if (isF(out.dtype) && d === out.dtype) return out.dtype
    return out.dtype === 'float32' && d === 'bool' ? 'float32' : null
  }
  return null
}

type Raw = { kind: 'group'; eqns: Eqn[]; dtype: 'float32' | 'float64'; shape: ReadonlyArray<number> } | { kind: 'eqn'; eqn: Eqn }

const groupSteps = (j: Jaxpr): Raw[] => {
  const steps: Raw[] = []
  let cur: (Raw & { kind: 'group' }) | null = null
  for (const e of j.eqns) {
    const d = loopDtype(e)
    if (d !== null) {
      const shape = loopShape(e)
      if (cur !== null && cur.dtype === d && same(cur.shape, shape)) cur.eqns.push(e)
      else steps.push(cur = { kind: 'group', eqns: [e], dtype: d, shape })
      // a reduction ends its group: its result is complete only at the end of each row
      if (endsChain(e)) cur = null
      continue
    }
    cur = null
    steps.push({ kind: 'eqn', eqn: e })
  }
  return steps
}

// ---- code generation ----

/** Vectors per loop iteration. Buffers are padded, so the last iteration stays inside them. */
const UNROLL = 4

/** Raw SIMD opcodes the shared encoder does not name. */
const load32Zero = (addr: Code, offset: number): Code => [addr, 0xfd, 0x5c, 2, ...uleb(offset)]
const i32x4Sub = (a: Code, b: Code): Code => [a, b, 0xfd, 0xb1, 0x01]
const i32x4Lane0 = (v: Code): Code => [v, 0xfd, 0x1b, 0]
const Z = 16 // a shuffle lane index that reads the zero vector

interface GroupCode {
  readonly eqns: ReadonlyArray<Eqn>
  readonly dtype: 'float32' | 'float64'
  readonly shape: ReadonlyArray<number>
  readonly inputs: ReadonlyArray<Var>
  readonly outputs: ReadonlyArray<Var>
}

/**
 * Build a group's function `(base)`: the plan's offsets are relative to `base`.
 * Values live in v128 locals reused by liveness; full and row inputs are loaded
 * where first used, outputs stored where computed; scalar inputs are splatted
 * once (or inlined when constant), columns once per row.
 */
const emitGroup = (g: GroupCode, name: string, known: ReadonlyMap<Var, number>, offsetOf: (v: Var) => number, tailOff: number): Func => {
  const F = g.dtype === 'float32' ? F32 : F64
  const X = g.dtype === 'float32' ? f32x4 : f64x2
  const es = F.size
  const n = sizeOf(g.shape)
  const pat = new Map<Var, Pattern>(g.inputs.map((v) => [v, patternOf(v, g.shape)!]))
  const red = g.eqns.find(endsChain) ?? null
  const twoLevel = red !== null || [...pat.values()].some((p) => p === 'row' || p === 'col')
  const C = twoLevel ? g.shape[g.shape.length - 1]! : n
  const R = n / C
  const lastUse = new Map<Var, number>()
  g.eqns.forEach((e, k) => e.inputs.forEach((v) => lastUse.set(v, k)))
  const slot = new Map<Var, number>()
  const free: number[] = []
  let nSlots = 0
  const take = (v: Var): number => {
    const r = free.pop() ?? nSlots++
    slot.set(v, r)
    return r
  }
  const hoisted = g.inputs.filter((v) => (pat.get(v) === 'scalar' && !known.has(v)) || pat.get(v) === 'col')
  hoisted.forEach(take)
  const isOut = new Set(g.outputs)
  type Ins = { kind: 'load'; v: Var; r: number } | { kind: 'op'; e: Eqn; r: number }
  const plan: Ins[] = []
  const loaded = new Set<Var>()
  g.eqns.forEach((e, k) => {
    for (const v of e.inputs) {
      const p = pat.get(v)
      if ((p === 'full' || p === 'row') && !loaded.has(v)) {
        loaded.add(v)
        plan.push({ kind: 'load', v, r: take(v) })
      }
    }
    const dying = [...new Set(e.inputs)].filter((v) => lastUse.get(v) === k && slot.has(v) && !hoisted.includes(v))
    const r = take(e.out)
    plan.push({ kind: 'op', e, r })
    for (const v of dying) free.push(slot.get(v)!)
    if (!isOut.has(e.out) && !lastUse.has(e.out)) free.push(r)
  })
  const needsTrans = g.eqns.some((e) => TRANSCENDENTAL.has(e.prim.name))
  const locals: Record<string, 'v128' | 'i32' | 'f64'> = {
    r: 'i32', j: 'i32', ro: 'i32', p: 'i32', q: 'i32', pb: 'i32', acc: 'f64', lane: 'f64', a0: 'v128', a1: 'v128', a2: 'v128', a3: 'v128',
  }
  // a sum in the eager kernels' order: elements 8t+2v+l into lane l of a_v, the row's last C mod 8 elements after
  const interleaved = red !== null && red.prim.name === 'sum'
  const vecEnd = 8 * Math.floor(C / 8)
  for (let s = 0; s < nSlots; s++) for (let u = 0; u < UNROLL; u++) locals[`v${s}_${u}`] = 'v128'
  if (needsTrans) for (const l of ['tv', 'tt', 'ta', 'tk', 'tr', 'tr2', 'tr4', 'tr8', 'tlo']) locals[l] = 'v128'
  return func(name, { params: { base: 'i32' }, locals }, (L: Record<string, Local>) => {
    const base = L['base']!
    const [r, j, ro, p, q, pb] = ['r', 'j', 'ro', 'p', 'q', 'pb'].map((k) => L[k]!) as [Local, Local, Local, Local, Local, Local]
    let u = 0
    const reg = (s: number): Local => L[`v${s}_${u}`]!
    const imm = (x: number): Code => X.splat(g.dtype === 'float32' ? f32.const(x) : f64.const(x))
    const cur = new Map<Var, number>()
    for (const v of hoisted) cur.set(v, slot.get(v)!)
    const get = (v: Var): Code => (known.has(v) ? imm(known.get(v)!) : reg(cur.get(v)!).get)
    const isBool = (v: Var): boolean => v.aval.dtype === 'bool'
    // p: base + the byte index of the element (full operands); q: base + its index in the row (row operands);
    // pb: base + the element index (bool operands, one byte each)
    const loadFull = (v: Var): Code => isBool(v)
      ? i32x4Sub(v128.zero(), i8x16.shuffle(load32Zero(pb.get, offsetOf(v) + 4 * u), v128.zero(),
        [0, Z, Z, Z, 1, Z, Z, Z, 2, Z, Z, Z, 3, Z, Z, Z]))
      : v128.load(pat.get(v) === 'row' ? q.get : p.get, offsetOf(v) + 16 * u)
    const store = (v: Var, x: Code): Code => isBool(v)
      ? i32.store(pb.get, i32x4Lane0(v128.and(i8x16.shuffle(x, x, [0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12]), i8x16.const(1))),
        offsetOf(v) + 4 * u)
      : v128.store(p.get, x, offsetOf(v) + 16 * u)
    const body: Code[] = []
    for (const ins of plan) for (u = 0; u < UNROLL; u++) {
      if (ins.kind === 'load') {
        cur.set(ins.v, ins.r)
        body.push(reg(ins.r).set(loadFull(ins.v)))
        continue
      }
      const e = ins.e
      if (e === red && interleaved) {
        const v = get(e.inputs[0]!)
        const jEl = i32.shrU(j.get, i32.const(es === 4 ? 2 : 3))
        // the f64 pairs of this vector, each with its accumulator: f32x4 holds elements 4u..4u+3 of 16, f64x2 2u, 2u+1 of 8
        const pairs: Array<[Code, number]> = F.name === 'f32'
          ? [[f64x2.promoteLowF32x4(v), 2 * (u & 1)],
            [f64x2.promoteLowF32x4(i8x16.shuffle(v, v, [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15])), 2 * (u & 1) + 1]]
          : [[v, u]]
        const groupStart = i32.add(jEl, i32.const(F.name === 'f32' ? 8 * (u >> 1) : 0))
        for (const [w, k] of pairs) {
          const a = L[`a${k}`]!
          body.push(if_(i32.leU(i32.add(groupStart, i32.const(8)), i32.const(C)), a.set(f64x2.add(a.get, w))))
        }
        // the elements past the last whole group of 8 go to the tail area, to be added in order after the partial sums
        for (let l = 0; l < F.lanes; l++) {
          const el = i32.add(jEl, i32.const(u * F.lanes + l))
          const x = F.name === 'f32' ? f64.promoteF32(f32x4.extractLane(v, l)) : f64x2.extractLane(v, l)
          body.push(if_(i32.and(i32.geU(el, i32.const(vecEnd)), i32.ltU(el, i32.const(C))),
            f64.store(i32.add(base.get, i32.shl(i32.sub(el, i32.const(vecEnd)), i32.const(3))), x, tailOff)))
        }
        continue
      }
      if (e === red) {
        const acc = L['acc']!
        const lane = L['lane']!
        const v = get(e.inputs[0]!)
        const jEl = i32.shrU(j.get, i32.const(es === 4 ? 2 : 3))
        for (let l = 0; l < F.lanes; l++) {
          const inRow = i32.ltU(i32.add(jEl, i32.const(u * F.lanes + l)), i32.const(C))
          const x = F.name === 'f32' ? f64.promoteF32(f32x4.extractLane(v, l)) : f64x2.extractLane(v, l)
          body.push(lane.set(x))
          if (e.prim.name === 'sum') body.push(acc.set(select(f64.add(acc.get, lane.get), acc.get, inRow)))
          else {
            // v > acc || v !== v, while acc is not NaN (the first NaN stays): the eager kernels' rule
            const beats = i32.and(i32.or((e.prim.name === 'max' ? f64.gt : f64.lt)(lane.get, acc.get), f64.ne(lane.get, lane.get)), f64.eq(acc.get, acc.get))
            body.push(acc.set(select(lane.get, acc.get, i32.and(inRow, beats))))
          }
        }
        continue
      }
      const xs = e.inputs.map(get)
      const [x, y, z] = xs as [Code, Code, Code]
      let code: Code
      switch (e.prim.name) {
        case 'add': code = X.add(x, y); break
        case 'sub': code = X.sub(x, y); break
        case 'mul': code = X.mul(x, y); break
        case 'div': code = X.div(x, y); break
        case 'neg': code = X.neg(x); break
        case 'abs': code = X.abs(x); break
        case 'sqrt': code = X.sqrt(x); break
        // x > y || x !== x ? x : y (the eager kernel's rule: a NaN in x wins, then y)
        case 'maximum': code = v128.bitselect(x, y, v128.or(X.gt(x, y), X.ne(x, x))); break
        case 'minimum': code = v128.bitselect(x, y, v128.or(X.lt(x, y), X.ne(x, x))); break
        // x > 0 ? x : x !== x ? x : 0
        case 'relu': code = v128.bitselect(x, v128.zero(), v128.or(X.gt(x, v128.zero()), X.ne(x, x))); break
        case 'stopGradient': case 'broadcastTo': code = x; break
        case 'equal': code = X.eq(x, y); break
        case 'notEqual': code = X.ne(x, y); break
        case 'less': code = X.lt(x, y); break
        case 'lessEqual': code = X.le(x, y); break
        case 'greater': code = X.gt(x, y); break
        case 'greaterEqual': code = X.ge(x, y); break
        case 'where': code = v128.bitselect(y, z, x); break
        // bool → float: the mask's bits and 1.0; a float to itself: the value
        case 'cast': code = isBool(e.inputs[0]!) ? v128.and(x, imm(1)) : x; break
        default: {
          // exp, tanh, sigmoid: the eager kernel's f64x2 algorithm on each half of the f32x4
          const [tv, tt, ta, tlo] = ['tv', 'tt', 'ta', 'tlo'].map((k) => L[k]!) as [Local, Local, Local, Local]
          const ex = { k: L['tk']!, r: L['tr']!, r2: L['tr2']!, r4: L['tr4']!, r8: L['tr8']! }
          const op = e.prim.name as TranscendentalKernel
          const half = (v: Code): Code => [tv.set(f64x2.promoteLowF32x4(v)), f64x2.demoteToF32x4Zero(transcendentalBody(op, tv, tt, ta, ex))]
          code = [
            tlo.set(half(x)),
            i8x16.shuffle(tlo.get, half(i8x16.shuffle(x, x, [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15])),
              [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]),
          ]
        }
      }
      cur.set(e.out, ins.r)
      body.push(reg(ins.r).set(code))
      if (isOut.has(e.out)) body.push(store(e.out, reg(ins.r).get))
    }
    const splat = (v: Var, at: Code): Code => F.loadSplat(at, offsetOf(v))
    const scalars: Code[] = []
    const cols: Code[] = []
    for (u = 0; u < UNROLL; u++)
      for (const v of hoisted)
        if (pat.get(v) === 'scalar') scalars.push(reg(slot.get(v)!).set(splat(v, base.get)))
        else cols.push(reg(slot.get(v)!).set(splat(v, i32.add(base.get, i32.mul(r.get, i32.const(es))))))
    const step = 16 * UNROLL
    const addrs = (at: Code): Code => [
      p.set(i32.add(base.get, at)),
      pb.set(i32.add(base.get, i32.shrU(at, i32.const(2)))),
    ]
    if (!twoLevel)
      return [scalars, forLoop(j, i32.const(0), i32.const(roundUp(n * es, step)), i32.const(step), addrs(j.get), body)]
    const acc = L['acc']!
    const accs = [0, 1, 2, 3].map((k) => L[`a${k}`]!)
    const start = red === null ? [] : interleaved ? accs.map((a) => a.set(v128.zero()))
      : acc.set(f64.const(red.prim.name === 'sum' ? 0 : red.prim.name === 'max' ? -Infinity : Infinity))
    // sumRows' ending: ((a0 + a1) + (a2 + a3)), lane 0 + lane 1, then the tail in order
    const combine = !interleaved ? [] : [
      accs[0]!.set(f64x2.add(f64x2.add(accs[0]!.get, accs[1]!.get), f64x2.add(accs[2]!.get, accs[3]!.get))),
      acc.set(f64.add(f64x2.extractLane(accs[0]!.get, 0), f64x2.extractLane(accs[0]!.get, 1))),
      Array.from({ length: C - vecEnd }, (_, k) => acc.set(f64.add(acc.get, f64.load(base.get, tailOff + 8 * k)))),
    ]
    const finish = red === null || !isOut.has(red.out) ? [] : F.store(i32.add(base.get, i32.mul(r.get, i32.const(es))),
      F.name === 'f32' ? f32.demoteF64(acc.get) : acc.get, offsetOf(red.out))
    return [
      scalars,
      forLoop(r, i32.const(0), i32.const(R), i32.const(1),
        ro.set(i32.mul(r.get, i32.const(C * es))),
        cols,
        start,
        forLoop(j, i32.const(0), i32.const(roundUp(C * es, step)), i32.const(step),
          addrs(i32.add(ro.get, j.get)),
          q.set(i32.add(base.get, j.get)),
          body),
        combine,
        finish),
    ]
  })
}

// ---- the memory plan ----

/** First-fit allocation of 64-byte aligned blocks, with freed blocks merged with their neighbours. */
class Arena {
  private readonly holes: Array<{ at: number; size: number }> = []
  top = 0
  take(bytes: number): number {
    const size = roundUp(bytes, 64)
    const k = this.holes.findIndex((h) => h.size >= size)
    if (k < 0) {
      const at = this.top
      this.top += size
      return at
    }
    const h = this.holes[k]!
    const at = h.at
    if (h.size === size) this.holes.splice(k, 1)
    else this.holes[k] = { at: at + size, size: h.size - size }
    return at
  }
  give(at: number, bytes: number): void {
    const size = roundUp(bytes, 64)
    this.holes.push({ at, size })
    this.holes.sort((a, b) => a.at - b.at)
    for (let k = 0; k + 1 < this.holes.length;) {
      const a = this.holes[k]!
      const b = this.holes[k + 1]!
      if (a.at + a.size === b.at) this.holes.splice(k, 2, { at: a.at, size: a.size + b.size })
      else k++
    }
  }
}

/** A buffer's bytes: the elements, padded for the last vector iteration of a loop (and its overrun past a row). */
const bufferBytes = (v: Var): number => roundUp(sizeOf(v.aval.shape) * BYTES[v.aval.dtype], 64) + 16 * UNROLL

// ---- compile ----

/** A 2-D float matmul the wasm kernels take, or null. */
const matmulOf = (e: Eqn): MatmulStep | null => {
  if (e.prim.name !== 'matmul') return null
  const [a, b] = e.inputs as [Var, Var]
  const d = e.out.aval.dtype
  if (a.aval.shape.length !== 2 || b.aval.shape.length !== 2 || (d !== 'float32' && d !== 'float64')) return null
  if (a.aval.dtype !== d || b.aval.dtype !== d) return null
  const { transA, transB } = e.params as { transA: boolean; transB: boolean }
  const [m, k] = transA ? [a.aval.shape[1]!, a.aval.shape[0]!] : [a.aval.shape[0]!, a.aval.shape[1]!]
  const n = transB ? b.aval.shape[0]! : b.aval.shape[1]!
  return { kind: 'matmul', F: d === 'float32' ? F32 : F64, m, k, n, transA, transB, a, b, out: e.out }
}

/** A float reduction over a contiguous block of axes (what the eager kernel takes without a transpose), or null. */
const reduceOf = (e: Eqn): ReduceStep | null => {
  const op = e.prim.name
  if (op !== 'sum' && op !== 'max' && op !== 'min') return null
  const x = e.inputs[0]!
  if (x.aval.dtype !== 'float32' && x.aval.dtype !== 'float64') return null
  const axes = (e.params as { axes: ReadonlyArray<number> }).axes
  if (axes.length === 0 || !axes.every((a, i) => i === 0 || a === axes[i - 1]! + 1)) return null
  const s = x.aval.shape
  const n = sizeOf(axes.map((a) => s[a]!))
  if (n === 0) return null
  return { kind: 'reduce', op, x, out: e.out, outer: sizeOf(s.slice(0, axes[0])), n, inner: sizeOf(s.slice(axes[axes.length - 1]! + 1)) }
}

/** Compile a program to one memory plan with fused wasm loops, or null when the wasm path is not in use. @category combinators */
export const compileWasm = (j: Jaxpr): Program | null => {
  const rt = runtime
  if (rt === null || !wasmInUse()) return null
  const all = [...j.inVars, ...j.constVars, ...j.eqns.map((e) => e.out)]
  if (all.some((v) => sizeOf(v.aval.shape) === 0)) return null
  // scalar float constants are immediates inside loops
  const known = new Map<Var, number>()
  j.constVars.forEach((v, i) => {
    const c = j.consts[i]
    if (c instanceof ConcreteTensor && c.size === 1 && (c.dtype === 'float32' || c.dtype === 'float64')) known.set(v, c.buffer[0]!)
  })
  const raw = groupSteps(j)
  // aliases: reshape and stopGradient outside groups share their input's buffer
  const root = new Map<Var, Var>()
  const rootOf = (v: Var): Var => root.get(v) ?? v
  const isAlias = (e: Eqn): boolean => e.prim.name === 'reshape' || e.prim.name === 'stopGradient'
  for (const s of raw) if (s.kind === 'eqn' && isAlias(s.eqn)) root.set(s.eqn.out, rootOf(s.eqn.inputs[0]!))
  // the last step that reads each buffer (program outputs: the end)
  const last = new Map<Var, number>()
  const reads = (s: Raw): ReadonlyArray<Var> => (s.kind === 'eqn' ? s.eqn.inputs : s.eqns.flatMap((e) => e.inputs))
  raw.forEach((s, k) => reads(s).forEach((v) => last.set(rootOf(v), k)))
  for (const v of j.outVars) last.set(rootOf(v), Infinity)
  // plan: inputs and constants first, then each step's outputs; a buffer is given back after its last reader
  const arena = new Arena()
  const offset = new Map<Var, number>()
  const place = (v: Var): void => void offset.set(v, arena.take(bufferBytes(v)))
  const placed = [...j.inVars, ...j.constVars].filter((v) => !offset.has(v))
  placed.forEach(place)
  const steps: Step[] = []
  const funcs: Func[] = []
  let scratch = 0
  const offsetOf = (v: Var): number => offset.get(rootOf(v))!
  for (const [k, s] of raw.entries()) {
    if (s.kind === 'group') {
      const defined = new Set(s.eqns.map((e) => e.out))
      const inputs: Var[] = []
      for (const e of s.eqns) for (const v of e.inputs) if (!defined.has(v) && !inputs.includes(v)) inputs.push(v)
      const outputs = s.eqns.map((e) => e.out).filter((v) => (last.get(v) ?? -1) > k)
      outputs.forEach(place)
      const name = `g${funcs.length}`
      // eight doubles for the tail of a row a `sumRows`-ordered sum folds in last (kept for the whole program)
      const tailOff = s.eqns.some((e) => endsChain(e) && e.prim.name === 'sum') ? arena.take(64) : 0
      funcs.push(emitGroup({ eqns: s.eqns, dtype: s.dtype, shape: s.shape, inputs, outputs }, name, known, offsetOf, tailOff))
      steps.push({ kind: 'group', fn: name })
    } else if (!isAlias(s.eqn)) {
      place(s.eqn.out)
      const mm = matmulOf(s.eqn)
      const red = mm === null ? reduceOf(s.eqn) : null
      if (mm !== null) {
        const { F, m, k: kk, n } = mm
        const packs = packBytes(F, m, kk, n).reduce((x, y) => x + y)
        scratch = Math.max(scratch, roundUp(m, GEMM_BLOCK[F.name].mr) * paddedCols(F, n) * F.size + 2 * packs + 6 * 64)
      }
      if (red !== null) scratch = Math.max(scratch, sizeOf(red.x.aval.shape) * BYTES[red.x.aval.dtype] + red.outer * red.inner * 8 + 2 * 64)
      steps.push(mm ?? red ?? s)
    }
    // give back what this step read last (its own outputs stay: none of them is read here)
    for (const v of new Set(reads(s).map(rootOf)))
      if (last.get(v) === k && offset.has(v)) arena.give(offset.get(v)!, bufferBytes(v))
  }
  // nothing planned to run in wasm: the interpreter does the same work without the copies
  if (steps.every((s) => s.kind === 'eqn')) return null
  const bytes = arena.top
  if (bytes > PLAN_MAX || bytes + scratch > (MAX_PAGES - 512) * 65536) return null
  const W = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => { exports: Record<string, unknown> }; Module: new (b: Uint8Array) => object } }).WebAssembly
  const exports = funcs.length === 0 ? {} : new W.Instance(new W.Module(encodeModule({
    memoryPages: 1, functions: funcs, importMemory: { maxPages: MAX_PAGES, shared: rt.shared },
  })), { env: { memory: rt.memory } }).exports as Record<string, (base: number) => void>
  const plan: Plan = { j, steps, exports: exports as Record<string, (base: number) => void>, bytes, scratch, offsetOf, known }
  const fusedEqns = raw.reduce((k, s) => k + (s.kind === 'group' ? s.eqns.length : 0), 0)
  return { kind: 'wasm', planBytes: bytes, fusedEqns, run: (ins, consts, into) => runPlan(rt, plan, ins, consts, into) }
}

interface Plan {
  readonly j: Jaxpr
  readonly steps: ReadonlyArray<Step>
  readonly exports: Readonly<Record<string, (base: number) => void>>
  readonly bytes: number
  readonly scratch: number
  readonly offsetOf: (v: Var) => number
  readonly known: ReadonlyMap<Var, number>
}

// ---- run ----

/** A typed view of the whole memory for a dtype (refreshed when the memory grows). */
const heapOf = (rt: Runtime, d: DType): TypedArray => {
  const buf = rt.memory.buffer
  switch (d) {
    case 'float32': return rt.f32
    case 'float64': return rt.f64
    case 'int32': return new Int32Array(buf)
    case 'bool': return new Uint8Array(buf)
  }
}

const runPlan = (rt: Runtime, P: Plan, ins: ReadonlyArray<ConcreteTensor>, consts: ReadonlyArray<ConcreteTensor>,
  into?: ReadonlyArray<TypedArray | null>): Tensor[] =>
  rt.pinned(P.bytes, (base) => {
    rt.reserve([P.scratch]) // grow now: the views below stay valid through matmuls and reductions
    const at = (v: Var): number => (base + P.offsetOf(v)) / BYTES[v.aval.dtype]
    const put = (v: Var, x: ConcreteTensor): void => (heapOf(rt, v.aval.dtype) as Float32Array).set(x.buffer as Float32Array, at(v))
    const read = (v: Var): TypedArray => {
      const o = at(v)
      return heapOf(rt, v.aval.dtype).slice(o, o + sizeOf(v.aval.shape))
    }
    P.j.inVars.forEach((v, i) => put(v, ins[i]!))
    P.j.constVars.forEach((v, i) => {
      if (!P.known.has(v)) put(v, consts[i]!)
      else (heapOf(rt, v.aval.dtype) as Float64Array)[at(v)] = P.known.get(v)!
    })
    for (const s of P.steps) {
      switch (s.kind) {
        case 'group':
          P.exports[s.fn]!(base)
          break
        case 'matmul':
          matmulAt(rt, s.F, s.m, s.k, s.n, s.transA, s.transB, base + P.offsetOf(s.a), base + P.offsetOf(s.b), base + P.offsetOf(s.out))
          break
        case 'reduce': {
          const h = heapOf(rt, s.x.aval.dtype)
          const x = at(s.x)
          const o = at(s.out)
          backend.reduce(s.op, h.subarray(x, x + s.outer * s.n * s.inner), s.outer, s.n, s.inner, h.subarray(o, o + s.outer * s.inner))
          break
        }
        case 'eqn': {
          // an equation without a planned kernel: its eager kernel, on copies
          const e = s.eqn
          const xs = e.inputs.map((v) => fromBuffer(read(v), v.aval.shape.slice(), v.aval.dtype))
          const y = bind(e.prim, xs, e.params as never) as ConcreteTensor
          put(e.out, y)
        }
      }
    }
    // outputs: copied out of the plan, into the given (donated) buffers where there are some
    return P.j.outVars.map((v, k) => {
      const dst = into?.[k]
      if (dst === undefined || dst === null) return fromBuffer(read(v), v.aval.shape.slice(), v.aval.dtype)
      const o = at(v)
      ;(dst as Float32Array).set(heapOf(rt, v.aval.dtype).subarray(o, o + sizeOf(v.aval.shape)) as Float32Array)
      return fromBuffer(dst, v.aval.shape.slice(), v.aval.dtype)
    })
  })
