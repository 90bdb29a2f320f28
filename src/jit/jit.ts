/**
 * `jit` and `makeJaxpr`: trace a function once per signature into the IR,
 * simplify it, compile it, cache it, and run the compiled program.
 *
 * - The signature of a call is the structure of its arguments, the shape and
 *   dtype of every tensor leaf, whether every JS number leaf is an integer
 *   (numbers are traced, as JAX traces Python scalars, but an integer and a
 *   fraction promote differently), and the values of the static arguments
 *   (`staticArgnums`) and of the other non-tensor leaves (PRNG keys, strings,
 *   booleans). A new signature traces again; `cacheSize()` counts them.
 * - Under an outer transformation, a jitted function behaves as a primitive
 *   whose rules act on its IR: its JVP is the jitted JVP of the IR, its
 *   reverse pass the jitted VJP of the IR, and its batching rule the jitted
 *   vmap of the IR. Each derived program is itself traced once and cached.
 * - Inside another `jit`, a jitted function is inlined into the outer trace.
 * - `donateArgnums`: the tensors of those arguments are given to the call.
 *   Their buffers hold outputs of the same size and dtype, and the tensors are
 *   dead afterwards: any use of them is a TraceError.
 *
 * @example
 * const f = jit((x: Tensor, y: Tensor) => add(mul(x, y), 1))
 * f(ones([3]), ones([3])).toArray()  // [2, 2, 2]
 * String(makeJaxpr((x: Tensor) => exp(x))(ones([3])))
 * // { lambda ; a:f32[3] . let
 * //     b:f32[3] = exp a
 * //   in ( b ) }
 *
 * @since 0.4.0
 */
import { TraceError, ValueError } from '../errors.js'
import { scalar, zeros } from '../tensor/create.js'
import { isFloat } from '../tensor/dtype.js'
import { ConcreteTensor, Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { topTrace, withTrace, type Trace } from '../ad/core.js'
import { markDonated } from './donation.js'
import { JVPTrace, JVPTracer } from '../ad/jvp.js'
import { backward, VJPTrace, VJPTracer } from '../ad/vjp.js'
import { BatchTrace, BatchTracer } from '../ad/batching.js'
import { moveAxis } from '../ad/prims/batchrules.js'
import { add } from '../ad/prims/arith.js'
import { vmap } from '../ad/vmap.js'
import type { ClosedJaxpr, Var } from './ir.js'
import type { TypedArray } from '../tensor/dtype.js'
import { sizeOf } from '../tensor/shape.js'
import { evalJaxpr } from './interpret.js'
import { simplify } from './passes.js'
import { compile, type Program } from './compile.js'
import { JitTrace, traceLeaves, type InSpec, type Traced } from './trace.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => unknown

// ---- model ----

export interface JitOptions {
  /** Arguments that are compile-time constants: their values are part of the cache key (each new value traces again). */
  readonly staticArgnums?: ReadonlyArray<number>
  /** Arguments whose tensors the call may overwrite (parameters, optimizer state); they are dead after the call. */
  readonly donateArgnums?: ReadonlyArray<number>
}

/** A jitted function: call it like `f`; `cacheSize()` counts the signatures traced so far. */
export interface Jitted<F extends Fn> {
  (...args: Parameters<F>): ReturnType<F>
  /** The number of distinct signatures traced (and compiled) so far: a growing count means retracing. */
  cacheSize(): number
  /** The simplified IR for these arguments (traced if needed). */
  lower(...args: Parameters<F>): ClosedJaxpr
}

/** One cached signature. */
interface Entry {
  readonly traced: Traced
  readonly program: Program
  readonly outDef: tree.TreeDef
  /** Jitted programs derived from this one (JVP, VJP, batched), by kind. */
  readonly derived: Map<string, (...xs: Tensor[]) => unknown>
}

/** A leaf of the arguments, by what `jit` does with it. */
type ArgLeaf = { readonly k: 'tensor'; readonly x: Tensor } | { readonly k: 'number'; readonly x: number } | { readonly k: 'static'; readonly x: unknown }

// ---- signatures ----

const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (x === null || typeof x !== 'object') return false
  const proto = Object.getPrototypeOf(x)
  return proto === Object.prototype || proto === null
}

/** A key for a static value: equal values give equal keys; objects without a value form compare by identity. */
const staticKey = (x: unknown, idOf: (o: object) => number): string => {
  if (x === null || x === undefined) return String(x)
  if (typeof x === 'number') return Object.is(x, -0) ? 'n-0' : `n${x}`
  if (typeof x === 'string') return `s${JSON.stringify(x)}`
  if (typeof x === 'boolean' || typeof x === 'bigint') return `${typeof x}${String(x)}`
  if (Array.isArray(x)) return `[${x.map((c) => staticKey(c, idOf)).join(',')}]`
  if (isPlainObject(x)) return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${staticKey(x[k], idOf)}`).join(',')}}`
  if (x instanceof Tensor) throw new TraceError('jit: a tensor cannot be a static argument (its values would be the cache key); pass it as a traced argument')
  // a value object with its own printed form (a PRNG key): equal prints are equal values
  if (typeof x === 'object' && x.toString !== Object.prototype.toString) return `o${x.constructor?.name}:${String(x)}`
  return `#${idOf(x as object)}`
}

const DT: Record<string, string> = { float32: 'f', float64: 'd', int32: 'i', bool: 'b' }

// ---- the transformation ----

/**
 * Compile `f`: trace it once per signature into the IR, simplify (CSE, DCE),
 * compile, cache, and run the compiled program.
 * @param f - a function of pytrees of tensors (and numbers, keys, static values)
 * @param opts - `staticArgnums` (compile-time constants), `donateArgnums` (tensors the call may overwrite)
 * @returns the jitted function, with `cacheSize()` and `lower(...)`
 * @throws TraceError when the traced function reads tensor values (`.item()`, `if (x > 0)`); use `where` or `staticArgnums`
 * @example
 * const step = jit((p: Tensor, g: Tensor, lr: number) => sub(p, mul(g, lr)), { donateArgnums: [0] })
 * @category combinators
 */
export function jit<F extends Fn>(f: F, opts: JitOptions = {}): Jitted<F> {
  if (typeof f !== 'function') throw new TraceError(`jit: expected a function to compile, got ${typeof f}`)
  const statics = new Set(opts.staticArgnums ?? [])
  const donate = new Set(opts.donateArgnums ?? [])
  for (const [what, s] of [['staticArgnums', statics], ['donateArgnums', donate]] as const)
    for (const i of s) if (!Number.isInteger(i) || i < 0) throw new ValueError(`jit: ${what} must hold non-negative integers, got ${String(i)}`)
  for (const i of donate) if (statics.has(i)) throw new ValueError(`jit: argument ${i} is both static and donated`)
  const cache = new Map<string, Entry>()
  // static objects without a printed value compare by identity: number them per jitted function
  const ids = new WeakMap<object, number>()
  let nextId = 0
  const idOf = (o: object): number => {
    let id = ids.get(o)
    if (id === undefined) ids.set(o, (id = ++nextId))
    return id
  }

  /** Split the arguments into leaves, and the signature key. */
  const analyse = (args: ReadonlyArray<unknown>): { leaves: ArgLeaf[]; def: tree.TreeDef; key: string } => {
    const leaves: ArgLeaf[] = []
    const keys: string[] = []
    const defs: tree.TreeDef[] = []
    args.forEach((a, i) => {
      if (statics.has(i)) {
        keys.push(`S${staticKey(a, idOf)}`)
        defs.push({ kind: 'leaf' })
        leaves.push({ k: 'static', x: a })
        return
      }
      const [ls, d] = tree.flatten(a as tree.PyTree<unknown>)
      defs.push(d)
      for (const l of ls) {
        if (l instanceof Tensor) {
          leaves.push({ k: 'tensor', x: l })
          keys.push(`${DT[l.dtype]}${l.shape.join('x')}`)
        } else if (typeof l === 'number') {
          leaves.push({ k: 'number', x: l })
          keys.push(Number.isInteger(l) ? 'N' : 'R')
        } else {
          leaves.push({ k: 'static', x: l })
          keys.push(`S${staticKey(l, idOf)}`)
        }
      }
    })
    const def: tree.TreeDef = { kind: 'array', children: defs }
    return { leaves, def, key: `${JSON.stringify(def)}|${keys.join(';')}` }
  }

  /** Trace (or find) the program for a signature. */
  const entryFor = (leaves: ReadonlyArray<ArgLeaf>, def: tree.TreeDef, key: string): Entry => {
    const hit = cache.get(key)
    if (hit !== undefined) return hit
    const specs: InSpec[] = []
    for (const l of leaves) {
      if (l.k === 'tensor') specs.push({ kind: 'tensor', aval: { shape: l.x.shape, dtype: l.x.dtype } })
      else if (l.k === 'number') specs.push({ kind: 'number', integer: Number.isInteger(l.x) })
    }
    let outDef: tree.TreeDef = { kind: 'leaf' }
    const traced = traceLeaves(specs, (ins) => {
      let j = 0
      const argLeaves = leaves.map((l) => (l.k === 'static' ? l.x : ins[j++]))
      // static arguments were kept whole (as one leaf each)
      const args = tree.unflatten<unknown[]>(def, argLeaves)
      const out = f(...args)
      const [ol, od] = tree.flatten(out as tree.PyTree<unknown>)
      outDef = od
      return { leaves: ol, result: null }
    })
    const jaxpr = simplify(traced.jaxpr)
    const t: Traced = { ...traced, jaxpr }
    const entry: Entry = { traced: t, program: compile(jaxpr), outDef, derived: new Map() }
    // a program that closed over an outer transformation's tracers is good for this call only
    if (!traced.closesOverTracers) cache.set(key, entry)
    return entry
  }

  /** The output tree from the program's outputs. */
  const assemble = (e: Entry, outs: ReadonlyArray<unknown>): ReturnType<F> =>
    tree.unflatten<ReturnType<F>>(e.outDef, e.traced.outs.map((o) => (o.k === 'var' ? outs[o.i] : o.value)))

  const wrapped = ((...args: Parameters<F>) => {
    const { leaves, def, key } = analyse(args)
    const dyn = leaves.filter((l) => l.k !== 'static')
    const top = topTrace(dyn.map((l) => l.x))
    // inside another jit: inline into the outer program
    if (top instanceof JitTrace) return f(...args)
    const e = entryFor(leaves, def, key)
    // numbers enter the program as float64 scalars
    const ins: Tensor[] = dyn.map((l) => (l.k === 'number' ? scalar(l.x as number, 'float64') : (l.x as Tensor)))
    if (top === null) {
      const donated = donate.size === 0 ? [] : donatedTensors(args, donate)
      const into = donated.length === 0 ? undefined : destinations(e.traced.jaxpr.outVars, donated)
      const outs = e.program.run(ins as ConcreteTensor[], e.traced.jaxpr.consts as ConcreteTensor[], into)
      const final = donated.length === 0 ? outs : reuseDonated(outs, donated)
      for (const d of donated) markDonated(d)
      return assemble(e, final)
    }
    if (donate.size > 0) throw new TraceError('jit: donateArgnums under a transformation (grad, jvp, vmap) is not supported; donate at the outermost jit')
    return assemble(e, applyRule(top, e, ins))
  }) as Jitted<F>
  wrapped.cacheSize = () => cache.size
  wrapped.lower = (...args: Parameters<F>) => {
    const { leaves, def, key } = analyse(args)
    return entryFor(leaves, def, key).traced.jaxpr
  }
  return wrapped
}

// ---- rules on the IR ----

const derived = (e: Entry, key: string, make: () => (...xs: Tensor[]) => unknown): ((...xs: Tensor[]) => unknown) => {
  let d = e.derived.get(key)
  if (d === undefined) e.derived.set(key, (d = jit(make())))
  return d
}

/** The outputs of the jitted program under an outer transformation `top` (one value per outVar). */
const applyRule = (top: Trace, e: Entry, ins: ReadonlyArray<Tensor>): Tensor[] => {
  const ir = e.traced.jaxpr
  if (top instanceof JVPTrace) {
    const mine = ins.map((x) => x instanceof JVPTracer && x.trace === top && x.tangent !== null && isFloat(x.dtype))
    const primals = ins.map((x) => (x instanceof JVPTracer && x.trace === top ? x.primal : x))
    const tangents = ins.filter((_, i) => mine[i]).map((x) => (x as JVPTracer).tangent!)
    const n = ir.outVars.length
    // the JVP of the IR, jitted: primals and the tangents of the inputs that have one
    const run = derived(e, `jvp:${mine.map(Number).join('')}`, () => (...xs: Tensor[]) =>
      withTrace((l) => new JVPTrace(l), (tr) => {
        let j = 0
        const inner = xs.slice(0, ins.length).map((p, i) => (mine[i] ? new JVPTracer(tr, p, xs[ins.length + j++]!) : p))
        const outs = evalJaxpr(ir, inner)
        const ps = outs.map((o) => (o instanceof JVPTracer && o.trace === tr ? o.primal : o))
        const ts = outs.map((o, k) => (o instanceof JVPTracer && o.trace === tr && o.tangent !== null ? o.tangent
          : zeros(ps[k]!.shape, isFloat(ps[k]!.dtype) ? ps[k]!.dtype : 'float32')))
        return [...ps, ...ts]
      }))
    const res = run(...primals, ...tangents) as Tensor[]
    return res.slice(0, n).map((p, k) => new JVPTracer(top, p, isFloat(p.dtype) ? res[n + k]! : null))
  }
  if (top instanceof VJPTrace) {
    const parents = ins.map((x) => (x instanceof VJPTracer && x.trace === top ? x : top.lift(x)))
    const primals = parents.map((p) => p.primal)
    const needs = parents.map((p) => p.node !== null && isFloat(p.dtype))
    const fwd = derived(e, 'fwd', () => (...xs: Tensor[]) => evalJaxpr(ir, xs))
    const outs = fwd(...primals) as Tensor[]
    return outs.map((o, k) => top.record(o, parents, (ct) => {
      // the VJP of the IR for output k, jitted (the forward pass is recomputed inside it)
      const bwd = derived(e, `vjp:${k}:${needs.map(Number).join('')}`, () => (...xs: Tensor[]) =>
        withTrace((l) => new VJPTrace(l), (tr) => {
          const inner = xs.slice(0, ins.length).map((p, i) => (needs[i] ? tr.input(p) : p))
          const out = evalJaxpr(ir, inner)[k]!
          if (!(out instanceof VJPTracer && out.trace === tr && out.node !== null))
            return inner.filter((_, i) => needs[i]).map((p) => zeros(p.shape, p.dtype))
          const cts = backward([[out.node, xs[ins.length]!]], inner.map((p, i) => (needs[i] ? (p as VJPTracer).node : null)), add)
          return inner.map((p, i) => [p, cts[i]] as const).filter((_, i) => needs[i])
            .map(([p, c]) => c ?? zeros(p.shape, p.dtype))
        }))
      const cts = bwd(...primals, ct) as Tensor[]
      let j = 0
      return needs.map((nd) => (nd ? cts[j++]! : null))
    }))
  }
  if (top instanceof BatchTrace) {
    const axes = ins.map((x) => (x instanceof BatchTracer && x.trace === top && x.bdim !== null ? 0 : null))
    const vals = ins.map((x) => (x instanceof BatchTracer && x.trace === top ? (x.bdim === null ? x.val : moveAxis(x.val, x.bdim, 0)) : x))
    const run = derived(e, `vmap:${axes.map((a) => (a === null ? 'n' : '0')).join('')}:${top.size}`, () => (...xs: Tensor[]) =>
      vmap((...ls: Tensor[]) => evalJaxpr(ir, ls), { inAxes: axes, axisSize: top.size })(...xs))
    const outs = run(...vals) as Tensor[]
    return outs.map((o) => new BatchTracer(top, o, 0))
  }
  // another kind of trace: evaluate the IR under it
  return evalJaxpr(ir, ins)
}

// ---- donation ----

const donatedTensors = (args: ReadonlyArray<unknown>, donate: ReadonlySet<number>): ConcreteTensor[] => {
  const out: ConcreteTensor[] = []
  for (const i of donate) {
    if (i >= args.length) continue
    for (const l of tree.leaves(args[i] as tree.PyTree<unknown>)) if (l instanceof ConcreteTensor && !out.includes(l)) out.push(l)
  }
  return out
}

/** For each output, a donated buffer of its dtype and size for the program to write it into (each buffer once), or null. */
const destinations = (outVars: ReadonlyArray<Var>, donated: ReadonlyArray<ConcreteTensor>): Array<TypedArray | null> => {
  const taken = new Set<ConcreteTensor>()
  const seen = new Set<Var>()
  return outVars.map((v) => {
    if (seen.has(v)) return null
    seen.add(v)
    const d = donated.find((t) => !taken.has(t) && t.dtype === v.aval.dtype && t.buffer.length === sizeOf(v.aval.shape))
    if (d === undefined) return null
    taken.add(d)
    return d.buffer
  })
}

/** Put outputs into the buffers of donated inputs of the same dtype and size (in place), so the call allocates nothing for them. */
const reuseDonated = (outs: ReadonlyArray<Tensor>, donated: ReadonlyArray<ConcreteTensor>): Tensor[] => {
  const pool = donated.map((d) => d.buffer)
  const taken = new Set<unknown>()
  // an output that already shares a donated buffer (an identity) keeps it
  for (const o of outs) if (o instanceof ConcreteTensor && pool.includes(o.buffer)) taken.add(o.buffer)
  return outs.map((o) => {
    if (!(o instanceof ConcreteTensor)) return o
    if (pool.includes(o.buffer)) return new ConcreteTensor(o.shape, o.dtype, o.buffer)
    const k = donated.findIndex((d) => !taken.has(d.buffer) && d.dtype === o.dtype && d.buffer.length === o.buffer.length
      && !outs.some((p) => p instanceof ConcreteTensor && p.buffer === d.buffer))
    if (k < 0) return o
    const buf = donated[k]!.buffer
    taken.add(buf)
    buf.set(o.buffer as never)
    return new ConcreteTensor(o.shape, o.dtype, buf)
  })
}

// ---- makeJaxpr ----

/**
 * The IR of `f` at these arguments: `String(makeJaxpr(f)(...args))` prints it
 * as a jaxpr, with the shape and dtype of every variable. Tensors and numbers
 * are traced (only their shapes and dtypes matter); other leaves are static.
 * @example
 * String(makeJaxpr((x: Tensor) => sum(mul(x, 2)))(ones([3])))
 * @category combinators
 */
export const makeJaxpr = <F extends Fn>(f: F, opts: { readonly staticArgnums?: ReadonlyArray<number> } = {}) =>
  (...args: Parameters<F>): ClosedJaxpr => {
    const statics = new Set(opts.staticArgnums ?? [])
    const leaves: ArgLeaf[] = []
    const defs: tree.TreeDef[] = []
    args.forEach((a, i) => {
      if (statics.has(i)) {
        defs.push({ kind: 'leaf' })
        leaves.push({ k: 'static', x: a })
        return
      }
      const [ls, d] = tree.flatten(a as tree.PyTree<unknown>)
      defs.push(d)
      for (const l of ls)
        leaves.push(l instanceof Tensor ? { k: 'tensor', x: l } : typeof l === 'number' ? { k: 'number', x: l } : { k: 'static', x: l })
    })
    const def: tree.TreeDef = { kind: 'array', children: defs }
    const specs: InSpec[] = leaves.flatMap((l): InSpec[] =>
      l.k === 'tensor' ? [{ kind: 'tensor', aval: { shape: l.x.shape, dtype: l.x.dtype } }]
        : l.k === 'number' ? [{ kind: 'number', integer: Number.isInteger(l.x) }] : [])
    return traceLeaves(specs, (ins) => {
      let j = 0
      const out = f(...tree.unflatten<unknown[]>(def, leaves.map((l) => (l.k === 'static' ? l.x : ins[j++]))))
      return { leaves: tree.leaves(out as tree.PyTree<unknown>), result: null }
    }).jaxpr
  }
