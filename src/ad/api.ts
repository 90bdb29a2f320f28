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
import { TraceError, ValueError, showShape } from '../errors.js'
import { eye, zeros } from '../tensor/create.js'
import { isFloat } from '../tensor/dtype.js'
import { shapesEqual } from '../tensor/shape.js'
import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { withTrace, Trace, Tracer } from './core.js'
import { JVPTrace, JVPTracer } from './jvp.js'
import { add } from './prims/arith.js'
import { expandDims, reshape, slice, squeeze, transpose } from './prims/shape.js'
import { asTensor } from './prims/util.js'
import { backward, VJPTrace, VJPTracer, type VJPNode } from './vjp.js'
import { vmap } from './vmap.js'

// Functions here are generic over pytrees, whose static types the caller keeps.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => unknown
/** A function `grad` can differentiate: it returns a scalar tensor. @category model */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ScalarFn = (...args: any[]) => Tensor
/**
 * A function for `hasAux`: it returns a pair `[output, aux]`. Write the pair inline
 * (`(x) => [loss, aux]` passed straight to the combinator is typed as a pair), or with
 * `as const` when the function is declared on its own: an array type is not a pair.
 * @category model
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AuxFn<Out = unknown> = (...args: any[]) => readonly [Out, unknown]

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
/** The output of a `hasAux` function (the first of its pair). */
export type MainOf<F extends Fn> = ReturnType<F> extends readonly [infer M, unknown] ? M : never
/** The loss of a `hasAux` function or the value of a plain one. */
export type ValueOf<F extends Fn, H> = H extends true ? (ReturnType<F> extends readonly [infer V, unknown] ? V : Tensor) : ReturnType<F>
/** A Jacobian: a tensor when input and output are tensors; otherwise output structure of input structures. */
export type JacobianOf<Out, In> = Out extends Tensor
  ? In extends Tensor ? Tensor : tree.MapLeaves<In, Tensor, Tensor>
  : tree.MapLeaves<Out, Tensor, In extends Tensor ? Tensor : tree.MapLeaves<In, Tensor, Tensor>>
type JacInput<F extends Fn, A> = A extends number ? Parameters<F>[A] : A extends ReadonlyArray<number> ? unknown[] : Parameters<F>[0]
/**
 * The tangent of a primal of type P: the same structure with a tensor at every leaf
 * (a number's tangent may be a number or a tensor).
 */
export type TangentOf<P> = 0 extends 1 & P
  ? P // any
  : unknown extends P
    ? unknown
    : P extends number
      ? Tensor | number
      : P extends Tensor
        ? Tensor
        : P extends null | undefined
          ? P
          : P extends ReadonlyArray<unknown>
            ? { readonly [K in keyof P]: TangentOf<P[K]> }
            : P extends object
              ? { readonly [K in keyof P]: TangentOf<P[K]> }
              : never
/** One tangent per parameter of F, each shaped like its primal. */
export type TangentsOf<F extends Fn> = TangentOf<Parameters<F>>

// ---- argument checks ----

const describe = (x: unknown): string => {
  if (x === null) return 'null'
  if (x === undefined) return 'undefined'
  if (Array.isArray(x)) return `an array of ${x.length}`
  if (x instanceof Tensor) return `a Tensor of shape ${showShape(x.shape)}`
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return `the ${typeof x} ${String(x)}`
  if (typeof x === 'object') return `an object (${(x as object).constructor?.name ?? 'no prototype'})`
  return typeof x
}

/** The combinator's function argument must be a function. @internal */
export const checkFn = (op: string, f: unknown, what = 'the function to differentiate'): void => {
  if (typeof f !== 'function')
    throw new ValueError(`${op}: expected ${what} as its first argument, got ${describe(f)}. Write ${op}((x) => ...)`)
}

const checkOptions = (op: string, opts: unknown, allowed: ReadonlyArray<string>): void => {
  if (opts === undefined) return
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts))
    throw new ValueError(`${op}: options must be an object such as { ${allowed.join(', ')} }, got ${describe(opts)}`)
  for (const k of Object.keys(opts))
    if (!allowed.includes(k)) throw new ValueError(`${op}: unknown option ${k}; the options are ${allowed.join(', ')}`)
  const o = opts as { hasAux?: unknown; argnums?: unknown }
  if (o.hasAux !== undefined && typeof o.hasAux !== 'boolean')
    throw new ValueError(`${op}: hasAux must be true or false, got ${describe(o.hasAux)}`)
  const a = o.argnums
  const isIndex = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0
  if (a !== undefined && !isIndex(a) && !(Array.isArray(a) && a.every(isIndex)))
    throw new ValueError(`${op}: argnums must be a non-negative integer or an array of them, got ${describe(a)}`)
}

const checkArgList = (op: string, what: string, xs: unknown): void => {
  if (!Array.isArray(xs))
    throw new ValueError(`${op}: ${what} must be an array with one entry per argument of the function, got ${describe(xs)}; ` +
      `write ${op}(f, [x], [t]) for a function of one argument`)
}

/** Split a hasAux function's result into [output, aux] (checking it is a pair). */
const splitAux = (op: string, raw: unknown, hasAux: boolean): [unknown, unknown] => {
  if (!hasAux) return [raw, undefined]
  if (!Array.isArray(raw) || raw.length !== 2)
    throw new TraceError(`${op}: with hasAux the function must return [output, aux], got ${Array.isArray(raw) ? `an array of ${raw.length}` : describe(raw)}`)
  return [raw[0], raw[1]]
}

/** aux with the tracers of `trace` replaced by their primals: aux leaves the transformation undifferentiated. */
const lowerAux = (aux: unknown, trace: Trace): unknown => {
  const [ls, def] = tree.flatten(aux as tree.PyTree<unknown>)
  return tree.unflatten(def, ls.map((l) => (l instanceof Tracer && l.trace === trace ? l.primal : l)))
}

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

/** Options of `jvp`. @category model */
export interface JvpOptions {
  /** `f` returns `[output, aux]`; aux is passed through undifferentiated and returned third. */
  readonly hasAux?: boolean
}

const jvpCore = (op: string, f: Fn, primals: unknown, tangents: unknown, hasAux: boolean): [unknown, unknown, unknown] => {
  checkArgList(op, 'primals', primals)
  checkArgList(op, 'tangents', tangents)
  const [pl, pdef] = flat(op, primals)
  const [tl, tdef] = flat(op, tangents)
  checkSameStructure(op, 'tangents', pdef, tdef)
  sameAvals(op, 'tangent', pl, tl, () => tree.paths(primals))
  return withTrace((l) => new JVPTrace(l), (trace) => {
    const ins = pl.map((p, i) => new JVPTracer(trace, p, isFloat(p.dtype) ? tl[i]! : null))
    const [out, aux] = splitAux(op, f(...tree.unflatten<unknown[]>(pdef, ins)), hasAux)
    const [ol, odef] = flat(op, out)
    const outs = ol.map((o) => (o instanceof JVPTracer && o.trace === trace ? o : null))
    const primalsOut = ol.map((o, i) => outs[i]?.primal ?? o)
    const tangentsOut = ol.map((o, i) => outs[i]?.tangent ?? zeros(o.shape, o.dtype))
    return [tree.unflatten(odef, primalsOut), tree.unflatten(odef, tangentsOut), hasAux ? lowerAux(aux, trace) : undefined]
  })
}

/**
 * Forward mode: the value of `f` at `primals` and its directional derivative
 * along `tangents` (one per primal, same structures and shapes). With
 * `{ hasAux: true }`, `f` returns `[output, aux]` and the result is
 * `[out, outTangent, aux]`, as in JAX.
 * @returns `[out, outTangent]`, or `[out, outTangent, aux]` with `hasAux`
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { jvp, mul, sin, tensor, type Tensor } from 'fluxion'
 * const [y, dy] = jvp((x: Tensor) => mul(x, x), [tensor([3])], [tensor([1])])
 * assert.deepEqual([y.toArray(), dy.toArray()], [[9], [6]])
 * const [, , aux] = jvp((x: Tensor) => [sin(x), 'note'] as const, [tensor([0])], [tensor([1])], { hasAux: true })
 * assert.equal(aux, 'note')
 * ```
 * @category combinators
 */
export function jvp<F extends AuxFn>(f: F, primals: Readonly<Parameters<F>>, tangents: TangentsOf<F>, opts: JvpOptions & { readonly hasAux: true }):
  [MainOf<F>, MainOf<F>, AuxOf<F>]
export function jvp<F extends Fn>(f: F, primals: Readonly<Parameters<F>>, tangents: TangentsOf<F>, opts?: JvpOptions & { readonly hasAux?: false }):
  [ReturnType<F>, ReturnType<F>]
export function jvp(f: Fn, primals: ReadonlyArray<unknown>, tangents: unknown, opts?: JvpOptions): unknown[] {
  checkFn('jvp', f)
  checkOptions('jvp', opts, ['hasAux'])
  const hasAux = opts?.hasAux ?? false
  const [out, t, aux] = jvpCore('jvp', f, primals, tangents, hasAux)
  return hasAux ? [out, t, aux] : [out, t]
}

/**
 * `f`'s value at `primals` and its linear map t ↦ J·t. The map re-runs `f`
 * in forward mode on each call (no saved linearization yet).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { linearize, mul, tensor, type Tensor } from 'fluxion'
 * const [y, jvpAt3] = linearize((x: Tensor) => mul(x, x), tensor([3]))
 * assert.deepEqual(y.toArray(), [9])
 * assert.deepEqual(jvpAt3(tensor([2])).toArray(), [12])   // J·t = 2·3·2
 * ```
 * @category combinators
 */
export const linearize = <F extends Fn>(f: F, ...primals: Parameters<F>): [ReturnType<F>, (...tangents: TangentsOf<F>) => ReturnType<F>] => {
  checkFn('linearize', f)
  const [out] = jvpCore('linearize', f, primals, tree.zerosLike(primals.map((p) => (typeof p === 'number' ? asTensor('linearize', p) : p))), false)
  return [out as ReturnType<F>, (...tangents) => jvpCore('linearize', f, primals, tangents, false)[1] as ReturnType<F>]
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
    const [main, auxRaw] = splitAux(op, f(...tree.unflatten<unknown[]>(pdef, ins)), hasAux)
    const [ol, odef] = flat(op, main)
    const outNodes = ol.map((o) => (o instanceof VJPTracer && o.trace === trace ? o.node : null))
    const outPrimals = ol.map((o) => (o instanceof VJPTracer && o.trace === trace ? o.primal : o))
    const aux = hasAux ? lowerAux(auxRaw, trace) : undefined
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { vjp, mul, tensor, type Tensor } from 'fluxion'
 * const [y, pullback] = vjp((x: Tensor) => mul(x, x), tensor([3]))
 * assert.deepEqual(y.toArray(), [9])
 * assert.deepEqual(pullback(tensor([1]))[0].toArray(), [6])
 * ```
 * @category combinators
 */
export const vjp = <F extends Fn>(f: F, ...primals: Parameters<F>): [ReturnType<F>, (ct: ReturnType<F>) => Parameters<F>] => {
  checkFn('vjp', f)
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

/** What `valueAndGrad(f, opts)` returns when called. */
type ValueAndGradOut<F extends Fn, O extends GradOptions> =
  [O['hasAux'] extends true ? [MainOf<F>, AuxOf<F>] : ReturnType<F>, ArgGrads<F, O['argnums']>]

const valueAndGradImpl = (op: string, f: Fn, opts: GradOptions | undefined) => {
  checkFn(op, f)
  checkOptions(op, opts, ['argnums', 'hasAux'])
  const { argnums = 0, hasAux = false } = opts ?? {}
  return (...args: unknown[]): [unknown, unknown] => {
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
    const grads = typeof argnums === 'number' ? g[0] : g
    return [hasAux ? [value, r.aux] : value, grads]
  }
}

/**
 * `f`'s value and gradient with respect to the arguments in `argnums`.
 * With one argnum the gradient has the structure of that argument; with a list
 * it is an array of them. With `hasAux` the value is `[loss, aux]`.
 *
 * `f` must return a scalar tensor, or with `hasAux` a pair `[loss, aux]`: write the
 * pair inline, or `as const` when `f` is declared on its own (a plain array is
 * rejected at compile time, since it is not a pair).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { valueAndGrad, mul, sum, tensor, type Tensor } from 'fluxion'
 * const [v, g] = valueAndGrad((x: Tensor) => sum(mul(x, x)))(tensor([1, 2]))
 * assert.equal(v.item(), 5)
 * assert.deepEqual(g.toArray(), [2, 4])
 * ```
 * @category combinators
 */
export function valueAndGrad<F extends AuxFn<Tensor>, const O extends GradOptions & { readonly hasAux: true }>(f: F, opts: O):
  (...args: Parameters<F>) => ValueAndGradOut<F, O>
export function valueAndGrad<F extends ScalarFn, const O extends GradOptions & { readonly hasAux?: false } = {}>(f: F, opts?: O):
  (...args: Parameters<F>) => ValueAndGradOut<F, O>
export function valueAndGrad(f: Fn, opts?: GradOptions): (...args: unknown[]) => [unknown, unknown] {
  return valueAndGradImpl('valueAndGrad', f, opts)
}

/**
 * The gradient of a scalar-valued `f` with respect to the arguments in
 * `argnums` (default 0). With `hasAux`, `f` returns `[loss, aux]` and the
 * result is `[grads, aux]`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, mul, sum, tensor, type Tensor } from 'fluxion'
 * assert.deepEqual(grad((x: Tensor) => sum(mul(x, x)))(tensor([1, 2])).toArray(), [2, 4])
 * const [g, n] = grad((x: Tensor) => [sum(x), x.size] as const, { hasAux: true })(tensor([1, 2]))
 * assert.deepEqual([g.toArray(), n], [[1, 1], 2])
 * // several arguments: argnums picks them, and the gradients come in that order
 * const [gw, gb] = grad((w: Tensor, b: Tensor) => sum(mul(w, b)), { argnums: [0, 1] })(tensor([1, 2]), tensor([3, 4]))
 * assert.deepEqual([gw.toArray(), gb.toArray()], [[3, 4], [1, 2]])
 * ```
 * @category combinators
 */
export function grad<F extends AuxFn<Tensor>, const O extends GradOptions & { readonly hasAux: true }>(f: F, opts: O):
  (...args: Parameters<F>) => [ArgGrads<F, O['argnums']>, AuxOf<F>]
export function grad<F extends ScalarFn, const O extends GradOptions & { readonly hasAux?: false } = {}>(f: F, opts?: O):
  (...args: Parameters<F>) => ArgGrads<F, O['argnums']>
export function grad(f: Fn, opts?: GradOptions): (...args: unknown[]) => unknown {
  const vg = valueAndGradImpl('grad', f, opts)
  return (...args) => {
    const [v, g] = vg(...args)
    return opts?.hasAux === true ? [g, (v as [unknown, unknown])[1]] : g
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
  /** `f` returns `[output, aux]`: the Jacobian is of the output, aux is passed through and returned second. */
  readonly hasAux?: boolean
}

/** What `jacfwd`/`jacrev(f, opts)` return when called. */
type JacOut<F extends Fn, O extends JacOptions> = O['hasAux'] extends true
  ? [JacobianOf<MainOf<F>, JacInput<F, O['argnums']>>, AuxOf<F>]
  : JacobianOf<ReturnType<F>, JacInput<F, O['argnums']>>

const jacfwdImpl = (f: Fn, opts: JacOptions | undefined) => {
  checkFn('jacfwd', f)
  checkOptions('jacfwd', opts, ['argnums', 'hasAux'])
  const hasAux = opts?.hasAux ?? false
  return (...args: unknown[]): unknown => {
    const { input, g } = selectArgs('jacfwd', f, args, opts?.argnums ?? 0)
    const [il, idef] = flat('jacfwd', input)
    const starts = offsets(il)
    const n = il.reduce((s, l) => s + l.size, 0)
    if (n === 0) {
      // with no input elements there is no column: run f once for the output's structure (and aux)
      const [out, aux] = splitAux('jacfwd', g(input), hasAux)
      const [ol0, odef0] = flat('jacfwd', out)
      const jac0 = assemble<unknown>(odef0, idef, (o, j) => zeros([...ol0[o]!.shape, ...il[j]!.shape], ol0[o]!.dtype), ol0.length, il.length)
      return hasAux ? [jac0, aux] : jac0
    }
    // every basis tangent at once: vmap of the jvp over the rows of the identity
    // (aux comes from the primal alone, so it is not batched)
    const primal = tree.unflatten(idef, il)
    const pushforward = (...ts: Tensor[]): [unknown, unknown] => {
      const [, t, aux] = jvpCore('jacfwd', g, [primal], [tree.unflatten(idef, ts)], hasAux)
      return [t, aux]
    }
    const basisRows = identityRows(il, n)
    // (one direction needs no batch axis: a plain jvp, given one)
    const [cols, aux] = n === 1
      ? ((r: [unknown, unknown]) => [withLeadingAxis(r[0]), r[1]])(pushforward(...basisRows.map((b) => squeeze(b, 0))))
      : (vmap(pushforward, { outAxes: [0, null] })(...basisRows) as [unknown, unknown])
    const [ol, odef] = flat('jacfwd', cols) // each [n, ...out]
    const jac = assemble<unknown>(odef, idef, (o, j) => {
      const t = ol[o]! // [n, ...so]: the batch axis runs over input elements
      const rows = slice(t, [starts[j]!], [starts[j]! + il[j]!.size])
      return reshape(moveFirstToLast(rows), [...t.shape.slice(1), ...il[j]!.shape])
    }, ol.length, il.length)
    return hasAux ? [jac, aux] : jac
  }
}

/**
 * The Jacobian by forward mode: the jvp along every input direction at once
 * (`vmap` over the rows of the identity). For tensor input
 * and output, its shape is `out.shape ++ in.shape`; for pytrees it is the
 * output's structure holding the input's structure. With `hasAux`, `f` returns
 * `[output, aux]` and the result is `[jacobian, aux]`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { jacfwd, mul, tensor, type Tensor } from 'fluxion'
 * assert.deepEqual(jacfwd((x: Tensor) => mul(x, x))(tensor([1, 2])).toArray(), [[2, 0], [0, 4]])
 * ```
 * @category combinators
 */
export function jacfwd<F extends AuxFn, const O extends JacOptions & { readonly hasAux: true }>(f: F, opts: O):
  (...args: Parameters<F>) => JacOut<F, O>
export function jacfwd<F extends Fn, const O extends JacOptions & { readonly hasAux?: false } = {}>(f: F, opts?: O):
  (...args: Parameters<F>) => JacOut<F, O>
export function jacfwd(f: Fn, opts?: JacOptions): (...args: unknown[]) => unknown {
  return jacfwdImpl(f, opts)
}

const jacrevImpl = (f: Fn, opts: JacOptions | undefined) => {
  checkFn('jacrev', f)
  checkOptions('jacrev', opts, ['argnums', 'hasAux'])
  const hasAux = opts?.hasAux ?? false
  return (...args: unknown[]): unknown => {
    const { input, g } = selectArgs('jacrev', f, args, opts?.argnums ?? 0)
    const [il, idef] = flat('jacrev', input)
    const r = vjpCore('jacrev', g, [tree.unflatten(idef, il)], hasAux)
    const [ol, odef] = flat('jacrev', r.out)
    const starts = offsets(ol)
    const m = ol.reduce((s, l) => s + l.size, 0)
    // every basis cotangent at once: vmap of the pullback over the rows of the identity
    const pullback = (...cts: Tensor[]) => r.pullback(tree.unflatten(odef, cts))[0]
    const basisRows = identityRows(ol, m)
    // (a scalar output needs no batch axis: one plain pullback, given one; no output element, no row)
    const rows = m === 0 ? [] : m === 1
      ? flat('jacrev', pullback(...basisRows.map((b) => squeeze(b, 0))))[0].map((t) => expandDims(t, 0))
      : flat('jacrev', vmap(pullback)(...basisRows))[0]
    const jac = assemble<unknown>(odef, idef, (o, j) => {
      if (m === 0) return zeros([...ol[o]!.shape, ...il[j]!.shape], il[j]!.dtype)
      const block = slice(rows[j]!, [starts[o]!], [starts[o]! + ol[o]!.size]) // [size_o, ...sj]
      return reshape(block, [...ol[o]!.shape, ...il[j]!.shape])
    }, ol.length, il.length)
    return hasAux ? [jac, r.aux] : jac
  }
}

/**
 * The Jacobian by reverse mode: `f` is taped once, then its pullback runs for
 * every output direction at once (`vmap` over the rows of the identity); same
 * shapes as `jacfwd`, and the same `hasAux`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { jacrev, mul, tensor, type Tensor } from 'fluxion'
 * assert.deepEqual(jacrev((x: Tensor) => mul(x, x))(tensor([1, 2])).toArray(), [[2, 0], [0, 4]])
 * ```
 * @category combinators
 */
export function jacrev<F extends AuxFn, const O extends JacOptions & { readonly hasAux: true }>(f: F, opts: O):
  (...args: Parameters<F>) => JacOut<F, O>
export function jacrev<F extends Fn, const O extends JacOptions & { readonly hasAux?: false } = {}>(f: F, opts?: O):
  (...args: Parameters<F>) => JacOut<F, O>
export function jacrev(f: Fn, opts?: JacOptions): (...args: unknown[]) => unknown {
  return jacrevImpl(f, opts)
}

/** What `hessian(f, opts)` returns when called. */
type HessianOut<F extends Fn, O extends JacOptions> = O['hasAux'] extends true
  ? [JacobianOf<JacobianOf<MainOf<F>, JacInput<F, O['argnums']>>, JacInput<F, O['argnums']>>, AuxOf<F>]
  : JacobianOf<JacobianOf<ReturnType<F>, JacInput<F, O['argnums']>>, JacInput<F, O['argnums']>>

/**
 * The Hessian, as reverse-over-reverse: `jacrev(jacrev(f))`. Both Jacobians
 * run on `vmap`, so the gradient is taped once and its pullback runs once,
 * batched over every input direction. JAX's forward-over-reverse
 * (`jacfwd(jacrev(f))`, the same matrix up to rounding) is batched here too,
 * and measured about as fast on the bench function. With `hasAux`, `f` returns
 * `[output, aux]` and the result is `[hessian, aux]`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { hessian, mul, sum, tensor, type Tensor } from 'fluxion'
 * assert.deepEqual(hessian((x: Tensor) => sum(mul(x, mul(x, x))))(tensor([1, 2])).toArray(), [[6, 0], [0, 12]])
 * ```
 * @category combinators
 */
export function hessian<F extends AuxFn, const O extends JacOptions & { readonly hasAux: true }>(f: F, opts: O):
  (...args: Parameters<F>) => HessianOut<F, O>
export function hessian<F extends Fn, const O extends JacOptions & { readonly hasAux?: false } = {}>(f: F, opts?: O):
  (...args: Parameters<F>) => HessianOut<F, O>
export function hessian(f: Fn, opts?: JacOptions): (...args: unknown[]) => unknown {
  checkFn('hessian', f)
  checkOptions('hessian', opts, ['argnums', 'hasAux'])
  // with hasAux the inner jacrev returns [gradient jacobian, aux]: the outer one differentiates
  // the first and passes aux through again
  return jacrevImpl(jacrevImpl(f, opts), opts)
}

/**
 * The Hessian-vector product H·v without forming H (forward-over-reverse:
 * the jvp of the gradient). One tangent per primal; the result has the
 * primals' structure (one argument: that argument's structure).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { hvp, mul, sum, tensor, type Tensor } from 'fluxion'
 * const f = (x: Tensor) => sum(mul(x, mul(x, x)))        // Hessian diag(6x)
 * assert.deepEqual(hvp(f, [tensor([1, 2])], [tensor([1, 0])]).toArray(), [6, 0])
 * ```
 * @category combinators
 */
export const hvp = <F extends ScalarFn>(f: F, primals: Readonly<Parameters<F>>, tangents: TangentsOf<F>):
  Parameters<F> extends [infer X] ? GradOf<X> : unknown[] => {
  checkFn('hvp', f)
  checkArgList('hvp', 'primals', primals)
  const argnums = primals.length === 1 ? 0 : primals.map((_, i) => i)
  const vg = valueAndGradImpl('hvp', f, { argnums })
  return jvpCore('hvp', (...xs: unknown[]) => vg(...xs)[1], primals, tangents, false)[1] as never
}

/** Is this value a tracer (inside a transformation)? @category utils */
export const isTracer = (x: unknown): x is Tracer => x instanceof Tracer
