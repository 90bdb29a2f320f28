/**
 * The wasm compiler of `jit`: fused elementwise loops in WebAssembly SIMD.
 *
 * 1. **Grouping.** The equations are walked in order. A run of elementwise
 *    float equations of one output shape and dtype (add, sub, mul, div,
 *    maximum, minimum, neg, abs, sqrt, relu, stopGradient), whose operands
 *    each have that shape or a single element, forms a group. Any other
 *    equation closes the group and runs on the eager kernel.
 * 2. **One loop per group.** Each group becomes one generated wasm function:
 *    a single pass over the elements, v128 lanes at a time, in which every
 *    intermediate lives in a local (a register), never in memory. Only the
 *    group's inputs are loaded and only the values used after it (or returned)
 *    are stored. Scalar operands are splatted once, before the loop.
 * 3. **Memory plan.** Each group's buffers (array inputs, scalars, outputs)
 *    get byte offsets in linear memory at compile time; at run time the plan's
 *    size is reserved once and the offsets are used as they are.
 *
 * Every fused op rounds to the storage type exactly as its eager kernel does
 * (IEEE add, sub, mul, div and sqrt; compare-and-select for maximum, minimum
 * and relu, with the eager kernels' NaN and signed-zero rules), so a fused
 * group gives the eager bits. Transcendentals, casts, comparisons and
 * reductions are not fused yet: they run on the eager kernels between groups.
 *
 * @since 0.4.0
 */
import { backend } from '../backend/index.js'
import { wasmBackend } from '../backend/wasm/index.js'
import { runtime, type Runtime } from '../backend/wasm/runtime.js'
import { encodeModule, f32, f32x4, f64, f64x2, forLoop, func, i32, v128, type Code, type Func, type Local } from '../backend/wasm/encoder.js'
import { MAX_BYTES, MAX_PAGES } from '../backend/wasm/runtime.js'
import { bind } from '../ad/core.js'
import { ConcreteTensor, fromBuffer, type Tensor } from '../tensor/tensor.js'
import { sizeOf } from '../tensor/shape.js'
import type { Eqn, Jaxpr, Var } from './ir.js'
import type { Program } from './compile.js'

// ---- model ----

const FUSABLE = new Set(['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'neg', 'abs', 'sqrt', 'relu', 'stopGradient'])

/** One fused group: its equations, its inputs and outputs, and their offsets. */
interface Group {
  readonly kind: 'group'
  readonly eqns: ReadonlyArray<Eqn>
  readonly dtype: 'float32' | 'float64'
  readonly n: number
  readonly inputs: ReadonlyArray<Var>
  readonly outputs: ReadonlyArray<Var>
  /** byte offset of each input and output (relative to the plan's base) */
  readonly offsets: Map<Var, number>
  readonly bytes: number
  readonly fn: string
}
type Step = Group | { readonly kind: 'eqn'; readonly eqn: Eqn }

/** Is the wasm path in use? (the wasm backend selected, and WebAssembly SIMD present) @internal */
export const wasmInUse = (): boolean => runtime !== null && wasmBackend !== null && backend === wasmBackend

// ---- grouping ----

const fusable = (e: Eqn): boolean => {
  const a = e.out.aval
  if (!FUSABLE.has(e.prim.name) || (a.dtype !== 'float32' && a.dtype !== 'float64')) return false
  return e.inputs.every((v) => v.aval.dtype === a.dtype &&
    (sizeOf(v.aval.shape) === 1 || v.aval.shape.join(',') === a.shape.join(',')))
}

const groupSteps = (j: Jaxpr): Array<{ kind: 'eqns'; eqns: Eqn[] } | { kind: 'eqn'; eqn: Eqn }> => {
  const steps: Array<{ kind: 'eqns'; eqns: Eqn[] } | { kind: 'eqn'; eqn: Eqn }> = []
  let cur: Eqn[] | null = null
  for (const e of j.eqns) {
    if (fusable(e) && sizeOf(e.out.aval.shape) > 1) {
      const head = cur?.[0]
      if (cur !== null && head !== undefined && head.out.aval.dtype === e.out.aval.dtype &&
        head.out.aval.shape.join(',') === e.out.aval.shape.join(',')) {
        cur.push(e)
        continue
      }
      cur = [e]
      steps.push({ kind: 'eqns', eqns: cur })
      continue
    }
    cur = null
    steps.push({ kind: 'eqn', eqn: e })
  }
  return steps
}

// ---- code generation ----

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m
/** Vectors per loop iteration. Buffers are padded to 64 bytes, so the last iteration stays inside them. */
const UNROLL = 4

const laneOp = (F: typeof f32x4 | typeof f64x2, name: string, xs: ReadonlyArray<Code>): Code => {
  const [x, y] = xs as [Code, Code]
  switch (name) {
    case 'add': return F.add(x, y)
    case 'sub': return F.sub(x, y)
    case 'mul': return F.mul(x, y)
    case 'div': return F.div(x, y)
    case 'neg': return F.neg(x)
    case 'abs': return F.abs(x)
    case 'sqrt': return F.sqrt(x)
    default: throw new Error(`jit/wasm: no lane op for ${name}`)
  }
}

/**
 * Build the group's function. Values live in v128 locals, reused once dead (a
 * linear scan over the group), so a long chain needs a handful of registers;
 * array inputs are loaded where first used and outputs stored where computed;
 * scalar constants are inlined as splatted immediates.
 */
const emitGroup = (g: Omit<Group, 'fn'>, name: string, known: ReadonlyMap<Var, number>) => {
  const F = g.dtype === 'float32' ? f32x4 : f64x2
  const size = g.dtype === 'float32' ? 4 : 8
  const scalar = (v: Var): boolean => sizeOf(v.aval.shape) === 1
  // the last equation (index) that reads each value
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
  // the scalar inputs that are not compile-time constants are splatted once, before the loop
  const hoisted = g.inputs.filter((v) => scalar(v) && !known.has(v))
  hoisted.forEach(take)
  const isOut = new Set(g.outputs)
  type Ins = { kind: 'load'; v: Var; r: number } | { kind: 'op'; e: Eqn; r: number } | { kind: 'free'; r: number }
  const plan: Ins[] = []
  const loaded = new Set<Var>()
  g.eqns.forEach((e, k) => {
    for (const v of e.inputs)
      if (g.inputs.includes(v) && !scalar(v) && !loaded.has(v)) {
        loaded.add(v)
        plan.push({ kind: 'load', v, r: take(v) })
      }
    // inputs dead after this equation give their registers back (after it reads them)
    const dying = [...new Set(e.inputs)].filter((v) => lastUse.get(v) === k && slot.has(v) && !hoisted.includes(v))
    const r = take(e.out)
    plan.push({ kind: 'op', e, r })
    for (const v of dying) free.push(slot.get(v)!)
    if (!isOut.has(e.out) && !lastUse.has(e.out)) free.push(r)
  })
  const locals: Record<string, 'v128' | 'i32'> = { i: 'i32' }
  for (let r = 0; r < nSlots; r++) for (let u = 0; u < UNROLL; u++) locals[`r${r}_${u}`] = 'v128'
  return func(name, { params: {}, locals }, (L: Record<string, Local>) => {
    const i = L['i']!
    // UNROLL independent vectors per iteration, op by op: a chain is latency-bound otherwise
    let u = 0
    const reg = (r: number): Local => L[`r${r}_${u}`]!
    const imm = (x: number): Code => F.splat(g.dtype === 'float32' ? f32.const(x) : f64.const(x))
    const body: Code[] = []
    const cur = new Map<Var, number>()
    for (const v of hoisted) cur.set(v, slot.get(v)!)
    const get = (v: Var): Code => (known.has(v) ? imm(known.get(v)!) : reg(cur.get(v)!).get)
    for (const p of plan) for (u = 0; u < UNROLL; u++) {
      if (p.kind === 'load') {
        cur.set(p.v, p.r)
        body.push(reg(p.r).set(v128.load(i32.add(i.get, i32.const(g.offsets.get(p.v)!)), 16 * u)))
        continue
      }
      if (p.kind === 'free') continue
      const e = p.e
      const xs = e.inputs.map(get)
      const [x, y] = xs as [Code, Code]
      let code: Code
      switch (e.prim.name) {
        // x > y || x !== x ? x : y (the eager kernel's rule: a NaN in x wins, then y)
        case 'maximum': code = v128.bitselect(x, y, v128.or(F.gt(x, y), F.ne(x, x))); break
        case 'minimum': code = v128.bitselect(x, y, v128.or(F.lt(x, y), F.ne(x, x))); break
        // x > 0 ? x : x !== x ? x : 0
        case 'relu': code = v128.bitselect(x, v128.zero(), v128.or(F.gt(x, v128.zero()), F.ne(x, x))); break
        case 'stopGradient': code = x; break
        default: code = laneOp(F, e.prim.name, xs)
      }
      cur.set(e.out, p.r)
      body.push(reg(p.r).set(code))
      if (isOut.has(e.out)) body.push(v128.store(i32.add(i.get, i32.const(g.offsets.get(e.out)!)), reg(p.r).get, 16 * u))
    }
    const splat = (v: Var): Code => (g.dtype === 'float32' ? v128.load32Splat(i32.const(g.offsets.get(v)!))
      : v128.load64Splat(i32.const(g.offsets.get(v)!)))
    const pre: Code[] = []
    for (u = 0; u < UNROLL; u++) for (const v of hoisted) pre.push(reg(slot.get(v)!).set(splat(v)))
    return [
      pre,
      forLoop(i, i32.const(0), i32.const(roundUp(g.n * size, 16 * UNROLL)), i32.const(16 * UNROLL), ...body),
    ]
  })
}

// ---- compile ----

/** Compile a program to fused wasm loops (and eager kernels between them), or null when the wasm path is not in use. @category combinators */
export const compileWasm = (j: Jaxpr): Program | null => {
  const rt = runtime
  // scalar constants are compile-time immediates
  const known = new Map<Var, number>()
  j.constVars.forEach((v, i) => {
    const c = j.consts[i]
    if (c instanceof ConcreteTensor && c.size === 1) known.set(v, c.buffer[0]!)
  })
  if (rt === null || !wasmInUse()) return null
  const raw = groupSteps(j)
  if (!raw.some((s) => s.kind === 'eqns')) return null // nothing to fuse: the interpreter does the same work
  // which variables are used after each step (or returned)
  const usedLater = new Map<Var, number>()
  raw.forEach((s, k) => (s.kind === 'eqn' ? [s.eqn] : s.eqns).forEach((e) => e.inputs.forEach((v) => usedLater.set(v, k))))
  for (const v of j.outVars) usedLater.set(v, Infinity)
  const steps: Step[] = []
  const funcs: Func[] = []
  let bytesMax = 0
  for (const [k, s] of raw.entries()) {
    if (s.kind === 'eqn') {
      steps.push(s)
      continue
    }
    const defined = new Set(s.eqns.map((e) => e.out))
    const inputs: Var[] = []
    for (const e of s.eqns) for (const v of e.inputs) if (!defined.has(v) && !inputs.includes(v)) inputs.push(v)
    const outputs = s.eqns.map((e) => e.out).filter((v) => (usedLater.get(v) ?? -1) > k)
    const head = s.eqns[0]!.out.aval
    const dtype = head.dtype as 'float32' | 'float64'
    const size = dtype === 'float32' ? 4 : 8
    const n = sizeOf(head.shape)
    // the memory plan of the group: each buffer at a fixed, 64-byte aligned offset
    const offsets = new Map<Var, number>()
    let at = 0
    for (const v of [...inputs.filter((v) => !known.has(v)), ...outputs]) {
      offsets.set(v, at)
      at += roundUp(sizeOf(v.aval.shape) === 1 && inputs.includes(v) ? size : n * size, 16 * UNROLL)
    }
    const name = `g${funcs.length}`
    const g = { kind: 'group' as const, eqns: s.eqns, dtype, n, inputs, outputs, offsets, bytes: at }
    funcs.push(emitGroup(g, name, known))
    steps.push({ ...g, fn: name })
    bytesMax = Math.max(bytesMax, at)
  }
  if (bytesMax > MAX_BYTES) return null // too big for one call's scratch memory: the interpreter runs it (chunk by chunk)
  const bytes = encodeModule({ memoryPages: 1, functions: funcs, importMemory: { maxPages: MAX_PAGES, shared: rt.shared } })
  const W = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => { exports: Record<string, unknown> }; Module: new (b: Uint8Array) => object } }).WebAssembly
  const exports = new W.Instance(new W.Module(bytes), { env: { memory: rt.memory } }).exports as Record<string, () => void>
  return {
    kind: 'wasm',
    run: (ins, consts) => runSteps(rt, j, steps, exports, bytesMax, ins, consts),
  }
}

const runSteps = (rt: Runtime, j: Jaxpr, steps: ReadonlyArray<Step>, exports: Record<string, () => void>, bytesMax: number,
  ins: ReadonlyArray<ConcreteTensor>, consts: ReadonlyArray<ConcreteTensor>): Tensor[] => {
  const env = new Map<Var, Tensor>()
  j.constVars.forEach((v, i) => env.set(v, consts[i]!))
  j.inVars.forEach((v, i) => env.set(v, ins[i]!))
  for (const s of steps) {
    if (s.kind === 'eqn') {
      env.set(s.eqn.out, bind(s.eqn.prim, s.eqn.inputs.map((v) => env.get(v)!), s.eqn.params as never))
      continue
    }
    // the plan is relative to offset 0 of the scratch area: reserve it (eager kernels between groups reuse it)
    rt.reserve([bytesMax])
    const view = s.dtype === 'float32' ? rt.f32 : rt.f64
    const size = s.dtype === 'float32' ? 4 : 8
    for (const v of s.inputs) if (s.offsets.has(v)) view.set((env.get(v) as ConcreteTensor).buffer as Float32Array & Float64Array, s.offsets.get(v)! / size)
    exports[s.fn]!()
    for (const v of s.outputs) {
      const at = s.offsets.get(v)! / size
      env.set(v, fromBuffer(view.slice(at, at + s.n), v.aval.shape.slice(), s.dtype))
    }
  }
  return j.outVars.map((v) => env.get(v)!)
}
