/**
 * The differentiation combinators: `jvp`, `vjp`, `linearize`, `grad`,
 * `valueAndGrad`, `jacfwd`, `jacrev`, `hessian`, `hvp`. They take functions of
 * pytrees of tensors and compose to any depth: `grad(grad(f))`,
 * `jacfwd(jacrev(f))`, `jvp(grad(f), ...)`.
 *
 * @example
 * const f = (x: Tensor) => sum(mul(x, x))
 * grad(f)(tensor([1, 2])).toArray()                 // [2, 4]
 * hessian(f)(tensor([1, 2])).toArray()              // [[2, 0], [0, 2]]
 *
 * @since 0.1.0
 */
import { TraceError, showShape } from '../errors.js'
import { zeros } from '../tensor/create.js'
import { isFloat } from '../tensor/dtype.js'
import { shapesEqual } from '../tensor/shape.js'
import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { withTrace, Tracer } from './core.js'
import { JVPTrace, JVPTracer } from './jvp.js'
import { add } from './prims/arith.js'
import { expandDims, reshape, squeeze, transpose } from './prims/shape.js'
import { asTensor } from './prims/util.js'
import { backward, VJPTrace, VJPTracer, type VJPNode } from './vjp.js'
import { vmap } from './vmap.js'
import { eye } from '../tensor/create.js'
import { slice } from './prims/shape.js'

// Functions here are generic over pytrees, whose static types the caller keeps.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => unknown

/** A gradient of an argument of type T: the same tree of tensors (a number's gradient is a scalar tensor). */
export type GradOf<T> = T extends number ? Tensor : tree.MapLeaves<T, Tensor, Tensor>
/** The gradients for `argnums` A of a function F. */
export type ArgGrads<F extends Fn, A> = A extends number
  ? GradOf<Parameters<F>[A]>
  : A extends ReadonlyArray<number>
    ? { -readonly [K in keyof A]: GradOf<Parameters<F>[A[K] & number]> }
    : GradOf<Parameters<F>[0]>
/** The aux value of a `hasAux` function. */
export type AuxOf<F extends Fn> = ReturnType<F> extends readonly [unknown, infer X] ? X : never
/** The loss of a `hasAux` function or the value of a plain one. */
export type ValueOf<F extends Fn, H> = H extends true ? (ReturnType<F> extends readonly [infer V, unknown] ? V : Tensor) : ReturnType<F>
/** A Jacobian: a tensor when input and output are tensors; otherwise output structure of input structures. */
export type JacobianOf<Out, In> = Out extends Tensor
  ? In extends Tensor ? Tensor : tree.MapLeaves<In, Tensor, Tensor>
  : tree.MapLeaves<Out, Tensor, In extends Tensor ? Tensor : tree.MapLeaves<In, Tensor, Tensor>>
type JacInput<F extends Fn, A> = A extends number ? Parameters<F>[A] : A extends ReadonlyArray<number> ? unknown[] : Parameters<F>[0]

const toLeaf = (op: string, x: unknown): Tensor => {
  if (x instanceof Tensor) return x
  if (typeof x === 'number') return asTensor(op, x)
  throw new TraceError(`${op}: expected tensors (or numbers) at the leaves, got ${x === null ? 'null' : typeof x}`)
}

const flat = (op: string, t: unknown): [Tensor[], tree.TreeDef] => {
  const [ls, def] = tree.flatten(t as tree.PyTree<unknown>)
  return [ls.map((l) => toLeaf(op, l)), def]
}

const sameAvals = (op: string, what: string, expected: ReadonlyArray<Tensor>, got: ReadonlyArray<Tensor>, paths: () => string[]): void => {
  expected.forEach((e, i) => {
    const g = got[i]!
    if (!shapesEqual(e.shape, g.shape) || (isFloat(e.dtype) && g.dtype !== e.dtype))
      throw new TraceError(
        `${op}: the ${what} at ${paths()[i] || '(root)'} has shape ${showShape(g.shape)} and dtype ${g.dtype}, ` +
          `expected ${showShape(e.shape)} and ${e.dtype}`,
      )
  })
}

const checkSameStructure = (op: string, what: string, a: tree.TreeDef, b: tree.TreeDef): void => {
  const d = tree.structureDiff(a, b)
  if (d !== null) throw new TraceError(`${op}: the ${what} do not match the primals' structure: ${d}`)
}

// ---- forward mode ----

/**
 * Forward mode: the value of `f` at `primals` and its directional derivative
 * along `tangents` (one per primal, same structures and shapes).
 * @returns `[out, outTangent]`
 * @category combinators
 */
export const jvp = <F extends Fn>(f: F, primals: ReadonlyArray<unknown>, tangents: ReadonlyArray<unknown>): [ReturnType<F>, ReturnType<F>] => {
  const [pl, pdef] = flat('jvp', primals)
  const [tl, tdef] = flat('jvp', tangents)
  checkSameStructure('jvp', 'tangents', pdef, tdef)
  sameAvals('jvp', 'tangent', pl, tl, () => tree.paths(primals))
  return withTrace((l) => new JVPTrace(l), (trace) => {
    const ins = pl.map((p, i) => new JVPTracer(trace, p, isFloat(p.dtype) ? tl[i]! : null))
    const out = f(...tree.unflatten<unknown[]>(pdef, ins))
    const [ol, odef] = flat('jvp', out)
    const outs = ol.map((o) => (o instanceof JVPTracer && o.trace === trace ? o : null))
    const primalsOut = ol.map((o, i) => outs[i]?.primal ?? o)
    const tangentsOut = ol.map((o, i) => outs[i]?.tangent ?? zeros(o.shape, o.dtype))
    return [tree.unflatten(odef, primalsOut), tree.unflatten(odef, tangentsOut)] as [ReturnType<F>, ReturnType<F>]
  })
}

/**
 * `f`'s value at `primals` and its linear map t ↦ J·t. The map re-runs `f`
 * in forward mode on each call (no saved linearization yet).
 * @category combinators
 */
export const linearize = <F extends Fn>(f: F, ...primals: Parameters<F>): [ReturnType<F>, (...tangents: Parameters<F>) => ReturnType<F>] => {
  const [out] = jvp(f, primals, tree.zerosLike(primals.map((p) => (typeof p === 'number' ? asTensor('linearize', p) : p))))
  return [out, (...tangents) => jvp(f, primals, tangents)[1]]
}

// ---- reverse mode ----

interface VjpResult {
  readonly out: unknown
  readonly aux: unknown
  readonly pullback: (ct: unknown) => unknown[]
}

/** Run `f` under a fresh VJP trace; with `hasAux`, f returns [out, aux] and aux is not differentiated. */
const vjpCore = (op: string, f: Fn, primals: ReadonlyArray<unknown>, hasAux: boolean): VjpResult => {
  const [pl, pdef] = flat(op, primals)
  return withTrace((l) => new VJPTrace(l), (trace) => {
    const ins = pl.map((p) => trace.input(p))
    const raw = f(...tree.unflatten<unknown[]>(pdef, ins))
    if (hasAux && (!Array.isArray(raw) || raw.length !== 2))
      throw new TraceError(`${op}: with hasAux the function must return [output, aux], got ${Array.isArray(raw) ? `an array of ${raw.length}` : typeof raw}`)
    const [main, auxRaw] = hasAux ? (raw as [unknown, unknown]) : [raw, undefined]
    const [ol, odef] = flat(op, main)
    const lowerLeaf = (x: unknown): unknown => (x instanceof VJPTracer && x.trace === trace ? x.primal : x)
    const outNodes = ol.map((o) => (o instanceof VJPTracer && o.trace === trace ? o.node : null))
    const outPrimals = ol.map((o) => lowerLeaf(o) as Tensor)
    const aux = hasAux ? tree.unflatten(tree.flatten(auxRaw as tree.PyTree<unknown>)[1], tree.leaves(auxRaw as tree.PyTree<unknown>).map(lowerLeaf)) : undefined
    const inNodes: Array<VJPNode | null> = ins.map((t) => t.node)
    const outPaths = () => tree.paths(main) // only needed for an error message
    const pullback = (ct: unknown): unknown[] => {
      const [cl, cdef] = flat(`${op} pullback`, ct)
      const d = tree.structureDiff(odef, cdef)
      if (d !== null) throw new TraceError(`${op} pullback: the cotangent does not match the output's structure: ${d}`)
      sameAvals(`${op} pullback`, 'cotangent', outPrimals, cl, outPaths)
      const seeds: Array<readonly [VJPNode, Tensor]> = []
      outNodes.forEach((n, i) => {
        if (n !== null) seeds.push([n, cl[i]!])
      })
      const cts = backward(seeds, inNodes, add)
      const full = cts.map((c, i) => c ?? zeros(pl[i]!.shape, pl[i]!.dtype))
      return tree.unflatten<unknown[]>(pdef, full)
    }
    return { out: tree.unflatten(odef, outPrimals), aux, pullback }
  })
}

/**
 * Reverse mode: `f`'s value at `primals` and its pullback, which maps an output
 * cotangent to one cotangent per primal.
 * @returns `[out, pullback]`
 * @category combinators
 */
export const vjp = <F extends Fn>(f: F, ...primals: Parameters<F>): [ReturnType<F>, (ct: ReturnType<F>) => Parameters<F>] => {
  const r = vjpCore('vjp', f, primals, false)
  return [r.out as ReturnType<F>, r.pullback as (ct: ReturnType<F>) => Parameters<F>]
}

export interface GradOptions {
  /** Which arguments to differentiate: one index (the default 0) or several. */
  readonly argnums?: number | ReadonlyArray<number>
  /** `f` returns `[loss, aux]`; aux is passed through undifferentiated. */
  readonly hasAux?: boolean
}

const normArgnums = (op: string, argnums: number | ReadonlyArray<number>, n: number): number[] => {
  const list = typeof argnums === 'number' ? [argnums] : [...argnums]
  for (const a of list)
    if (!Number.isInteger(a) || a < 0 || a >= n)
      throw new TraceError(`${op}: argnums ${a} is out of range: the function was called with ${n} argument(s)`)
  return list
}

const checkDifferentiable = (op: string, arg: unknown, index: number): void => {
  const ls = tree.leaves(arg as tree.PyTree<unknown>)
  ls.forEach((l, i) => {
    const t = toLeaf(op, l)
    const ps = !isFloat(t.dtype) ? tree.paths(arg) : []
    if (!isFloat(t.dtype))
      throw new TraceError(
        `${op}: argument ${index}${ps[i] ? ` at ${ps[i]}` : ''} has dtype ${t.dtype}; only float32/float64 inputs can be ` +
          `differentiated. Cast it to a float, or leave it out of argnums.`,
      )
  })
}

/** The gradient type: the argument's type, or a tuple of them for several argnums. */
type Grads = unknown

/**
 * `f`'s value and gradient with respect to the arguments in `argnums`.
 * With one argnum the gradient has the structure of that argument; with a list
 * it is an array of them. With `hasAux` the value is `[loss, aux]`.
 * @category combinators
 */
export function valueAndGrad<F extends Fn, const O extends GradOptions = {}>(f: F, opts?: O):
  (...args: Parameters<F>) => [O['hasAux'] extends true ? [ValueOf<F, true>, AuxOf<F>] : ReturnType<F>, ArgGrads<F, O['argnums']>] {
  const { argnums = 0, hasAux = false } = opts ?? {}
  const op = 'grad'
  return (...args) => {
    const nums = normArgnums(op, argnums, args.length)
    nums.forEach((i) => checkDifferentiable(op, args[i], i))
    const diffArgs = nums.map((i) => (typeof args[i] === 'number' ? asTensor(op, args[i]) : args[i]))
    const inner = (...xs: unknown[]) => {
      const full = args.slice()
      nums.forEach((a, j) => (full[a] = xs[j]))
      return f(...full)
    }
    const r = vjpCore(op, inner, diffArgs, hasAux)
    const value = r.out
    if (!(value instanceof Tensor) || value.size !== 1 || value.ndim !== 0 || !isFloat(value.dtype)) {
      const desc = value instanceof Tensor ? `a ${value.dtype} tensor of shape ${showShape(value.shape)}` : 'a tree of tensors'
      throw new TraceError(
        `${op}: the function must return a float scalar (shape []), got ${desc}. ` +
          'For non-scalar outputs use vjp with a cotangent, or jacrev for the full Jacobian.' +
          (hasAux ? '' : ' If it returns [loss, aux], pass { hasAux: true }.'),
      )
    }
    const g = r.pullback(asTensor(op, 1, value.dtype))
    const grads: Grads = typeof argnums === 'number' ? g[0] : g
    return [(hasAux ? [value, r.aux] : value) as never, grads as never]
  }
}

/**
 * The gradient of a scalar-valued `f` with respect to the arguments in
 * `argnums` (default 0). With `hasAux`, returns `[grads, aux]`.
 * @category combinators
 */
export function grad<F extends Fn, const O extends GradOptions = {}>(f: F, opts?: O):
  (...args: Parameters<F>) => O['hasAux'] extends true ? [ArgGrads<F, O['argnums']>, AuxOf<F>] : ArgGrads<F, O['argnums']> {
  const vg = valueAndGrad(f, opts)
  return (...args) => {
    const [v, g] = vg(...args)
    return (opts?.hasAux === true ? [g, (v as unknown as [unknown, unknown])[1]] : g) as never
  }
}

// ---- Jacobians ----

/** Where each leaf's elements start in the flat concatenation of the leaves. */
const offsets = (ls: ReadonlyArray<Tensor>): number[] => {
  let offset = 0
  return ls.map((l) => ((offset += l.size), offset - l.size))
}

/**
 * The n×n identity, cut into one tensor per leaf: leaf j gets [n, ...shape_j],
 * row i being the i-th basis vector restricted to that leaf (so vmap over the
 * rows runs every basis direction at once).
 */
const identityRows = (ls: ReadonlyArray<Tensor>, n: number): Tensor[] => {
  const starts = offsets(ls)
  return ls.map((l, j) => {
    const dtype = isFloat(l.dtype) ? l.dtype : 'float32'
    return reshape(slice(eye(n, n, dtype), [0, starts[j]!], [n, starts[j]! + l.size]), [n, ...l.shape])
  })
}

/** Every leaf with a new leading axis of size 1. */
const withLeadingAxis = (t: unknown): unknown => {
  const [ls, def] = flat('jacfwd', t)
  return tree.unflatten(def, ls.map((l) => expandDims(l, 0)))
}

/** [n, ...s] → [...s, n]. */
const moveFirstToLast = (x: Tensor): Tensor => transpose(x, [...x.shape.map((_, i) => i).slice(1), 0])

/** Select the differentiated arguments; the Jacobian's "input" is one arg or a tuple of them. */
const selectArgs = (op: string, f: Fn, args: unknown[], argnums: number | ReadonlyArray<number>) => {
  const nums = normArgnums(op, argnums, args.length)
  nums.forEach((i) => checkDifferentiable(op, args[i], i))
  const input: unknown = typeof argnums === 'number' ? args[argnums] : nums.map((i) => args[i])
  const g = (x: unknown) => {
    const full = args.slice()
    if (typeof argnums === 'number') full[argnums] = x
    else nums.forEach((a, j) => (full[a] = (x as unknown[])[j]))
    return f(...full)
  }
  return { input, g }
}

/** Assemble J[o][j] (shape out.shape ++ in.shape) into out-structure of in-structures. */
const assemble = <T>(odef: tree.TreeDef, idef: tree.TreeDef, block: (o: number, j: number) => Tensor, nOut: number, nIn: number) =>
  tree.unflatten<T>(odef, Array.from({ length: nOut }, (_, o) => tree.unflatten(idef, Array.from({ length: nIn }, (_, j) => block(o, j)))))

export interface JacOptions {
  readonly argnums?: number | ReadonlyArray<number>
}

/**
 * The Jacobian by forward mode: the jvp along every input direction at once
 * (`vmap` over the rows of the identity). For tensor input
 * and output, its shape is `out.shape ++ in.shape`; for pytrees it is the
 * output's structure holding the input's structure.
 * @category combinators
 */
export function jacfwd<F extends Fn, const O extends JacOptions = {}>(f: F, opts: O = {} as O):
  (...args: Parameters<F>) => JacobianOf<ReturnType<F>, JacInput<F, O['argnums']>> {
  return (...args) => {
    const { input, g } = selectArgs('jacfwd', f, args, opts.argnums ?? 0)
    const [il, idef] = flat('jacfwd', input)
    const starts = offsets(il)
    const n = il.reduce((s, l) => s + l.size, 0)
    if (n === 0) {
      const [ol0, odef0] = flat('jacfwd', g(input))
      return assemble<never>(odef0, idef, (o, j) => zeros([...ol0[o]!.shape, ...il[j]!.shape], ol0[o]!.dtype), ol0.length, il.length)
    }
    // every basis tangent at once: vmap of the jvp over the rows of the identity
    const basis = identityRows(il, n)
    const primal = tree.unflatten(idef, il)
    const pushforward = (...ts: Tensor[]) => jvp(g, [primal], [tree.unflatten(idef, ts)])[1]
    // (one direction needs no batch axis: a plain jvp, given one)
    const cols = n === 1
      ? withLeadingAxis(pushforward(...basis.map((b) => squeeze(b, 0))))
      : vmap(pushforward)(...basis)
    const [ol, odef] = flat('jacfwd', cols) // each [n, ...out]
    return assemble<never>(odef, idef, (o, j) => {
      const t = ol[o]! // [n, ...so]: the batch axis runs over input elements
      const so = t.shape.slice(1)
      const rows = slice(t, [starts[j]!], [starts[j]! + il[j]!.size])
      return reshape(moveFirstToLast(rows), [...so, ...il[j]!.shape])
    }, ol.length, il.length)
  }
}

/**
 * The Jacobian by reverse mode: `f` is taped once, then its pullback runs for
 * every output direction at once (`vmap` over the rows of the identity); same
 * shapes as `jacfwd`.
 * @category combinators
 */
export function jacrev<F extends Fn, const O extends JacOptions = {}>(f: F, opts: O = {} as O):
  (...args: Parameters<F>) => JacobianOf<ReturnType<F>, JacInput<F, O['argnums']>> {
  return (...args) => {
    const { input, g } = selectArgs('jacrev', f, args, opts.argnums ?? 0)
    const [il, idef] = flat('jacrev', input)
    const r = vjpCore('jacrev', g, [tree.unflatten(idef, il)], false)
    const [ol, odef] = flat('jacrev', r.out)
    const starts = offsets(ol)
    const m = ol.reduce((s, l) => s + l.size, 0)
    if (m === 0) return assemble<never>(odef, idef, (o, j) => zeros([...ol[o]!.shape, ...il[j]!.shape], il[j]!.dtype), ol.length, il.length)
    // every basis cotangent at once: vmap of the pullback over the rows of the identity
    const pullback = (...cts: Tensor[]) => r.pullback(tree.unflatten(odef, cts))[0]
    const basis = identityRows(ol, m)
    // (a scalar output needs no batch axis: one plain pullback, given one)
    const rows = m === 1
      ? flat('jacrev', pullback(...basis.map((b) => squeeze(b, 0))))[0].map((t) => expandDims(t, 0))
      : flat('jacrev', vmap(pullback)(...basis))[0]
    return assemble<never>(odef, idef, (o, j) => {
      const block = slice(rows[j]!, [starts[o]!], [starts[o]! + ol[o]!.size]) // [size_o, ...sj]
      return reshape(block, [...ol[o]!.shape, ...il[j]!.shape])
    }, ol.length, il.length)
  }
}

/**
 * The Hessian, as reverse-over-reverse: `jacrev(jacrev(f))`. Both Jacobians
 * run on `vmap`, so the gradient is taped once and its pullback runs once,
 * batched over every input direction. JAX's forward-over-reverse
 * (`jacfwd(jacrev(f))`, the same matrix up to rounding) is also batched here,
 * but carries a tangent through every op of the gradient, which measured
 * about 2× slower on the bench function.
 * @category combinators
 */
export const hessian = <F extends Fn, const O extends JacOptions = {}>(f: F, opts: O = {} as O):
  ((...args: Parameters<F>) => JacobianOf<JacobianOf<ReturnType<F>, JacInput<F, O['argnums']>>, JacInput<F, O['argnums']>>) =>
  jacrev(jacrev(f, opts) as Fn, opts) as never

/**
 * The Hessian-vector product H·v without forming H (forward-over-reverse:
 * the jvp of the gradient). One tangent per primal; the result has the
 * primals' structure (one argument: that argument's structure).
 * @category combinators
 */
export const hvp = <F extends Fn>(f: F, primals: Parameters<F>, tangents: Parameters<F>):
  Parameters<F> extends [infer X] ? GradOf<X> : unknown[] => {
  const argnums = primals.length === 1 ? 0 : primals.map((_, i) => i)
  return jvp(grad(f, { argnums }) as Fn, primals, tangents)[1] as never
}

/** Is this value a tracer (inside a transformation)? @category utils */
export const isTracer = (x: unknown): x is Tracer => x instanceof Tracer
