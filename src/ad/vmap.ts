/**
 * `vmap`: write a function for one example, run it on a batch.
 *
 * `vmap(f, { inAxes, outAxes, axisSize })` returns a function that takes
 * batched arguments and applies `f` to every example at once. With JAX's
 * semantics:
 *
 * - `inAxes` says where each argument's batch axis is: a number (negative
 *   counts from the end), `null` (not batched: every example sees the same
 *   value), or a pytree prefix of the arguments (an array with one entry per
 *   argument, whose entries may again be arrays or objects, down to the leaves).
 *   Default 0.
 * - `outAxes` says where the batch axis goes in each output, the same way (a
 *   prefix of the output). An output that does not depend on the batch is
 *   broadcast; `null` keeps an output unbatched (it must not depend on the batch).
 * - The batch size comes from the batched arguments, which must agree; with no
 *   batched argument, `axisSize` gives it.
 *
 * An array of PRNG keys (`random.split(key, 8)`) is one batched leaf: a key
 * array of length 8, as in JAX. Inside `f` each example sees one key.
 *
 * Plain numbers in the arguments or results (a step count in an optimizer
 * state, a hyperparameter) are static: nothing inside `vmap` can make a plain
 * number differ between examples, so they pass through unbatched, whatever
 * their axis says. Tensors are what get batched.
 *
 * @example
 * const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, xs, ys)
 * vmap((a: Tensor, b: Tensor) => dot(a, b))(as, bs)          // a batch of dot products
 * vmap((x: Tensor) => x, { inAxes: 1, outAxes: 0 })(m)       // the transpose of a matrix
 *
 * @since 0.3.0
 */
import { ShapeError, TreeError, TraceError, ValueError, showShape } from '../errors.js'
import { Tensor } from '../tensor/tensor.js'
import type { TreeDef } from '../tree/index.js'
import * as tree from '../tree/index.js'
import { withTrace } from './core.js'
import { BatchTrace, BatchTracer, leafKindOf, leafKindsList } from './batching.js'
import { moveAxis } from './prims/batchrules.js'
import { broadcastTo, expandDims } from './prims/shape.js'
import { asTensor } from './prims/util.js'

// ---- model ----

/** Where batch axes are: a number, null, or a pytree prefix of the values (arrays and plain objects of these). */
export type AxisSpec = number | null | ReadonlyArray<AxisSpec> | { readonly [key: string]: AxisSpec }

export interface VmapOptions {
  /** Batch axis of each argument (default 0). */
  readonly inAxes?: AxisSpec
  /** Where the batch axis goes in each output (default 0). */
  readonly outAxes?: AxisSpec
  /** The batch size; required when no argument is batched, else checked against them. */
  readonly axisSize?: number
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => unknown

/**
 * A value as the batched function takes or returns it: tensors stay tensors
 * (with a batch axis), a PRNG key becomes a key array, containers map over.
 */
export type Batched<T> = T extends Tensor ? Tensor
  : T extends { readonly hi: number; readonly lo: number } ? ReadonlyArray<T | ReadonlyArray<unknown>> | T
    : T extends ReadonlyArray<unknown> ? { [K in keyof T]: Batched<T[K]> }
      : T extends (...a: never[]) => unknown ? T
        : T extends object ? { [K in keyof T]: Batched<T[K]> } : T

// ---- pytrees whose leaves may be batches of a registered kind (key arrays) ----

const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (x === null || typeof x !== 'object') return false
  const proto = Object.getPrototypeOf(x)
  return proto === Object.prototype || proto === null
}

interface Leaf {
  readonly value: unknown
  readonly path: string
}

const join = (path: string, part: string | number): string => (typeof part === 'number' ? `${path}[${part}]` : `${path}.${part}`)

/** Leaves (with their paths) and structure, as `tree.flatten`, but a batch of a registered kind is one leaf. */
const flattenB = (x: unknown, path: string, out: Leaf[]): TreeDef => {
  if (leafKindOf(x) !== undefined) return (out.push({ value: x, path }), { kind: 'leaf' })
  if (x === null || x === undefined) return { kind: 'none', value: x }
  if (Array.isArray(x)) return { kind: 'array', children: x.map((c, i) => flattenB(c, join(path, i), out)) }
  if (isPlainObject(x)) {
    const keys = Object.keys(x).sort()
    return { kind: 'object', keys, children: keys.map((k) => flattenB(x[k], join(path, k), out)) }
  }
  out.push({ value: x, path })
  return { kind: 'leaf' }
}

const describe = (x: unknown): string =>
  x === null || x === undefined ? String(x)
    : Array.isArray(x) ? `an array of ${x.length}`
      : isPlainObject(x) ? `an object with keys {${Object.keys(x).sort().join(', ')}}`
        : x instanceof Tensor ? `a tensor of shape ${showShape(x.shape)}` : `a ${typeof x}`

/** One axis (number or null) per leaf of `value`, from the prefix `spec`. */
const expandAxes = (what: string, spec: unknown, value: unknown, path: string, out: Array<number | null>): void => {
  if (spec === null || typeof spec === 'number') {
    const ls: Leaf[] = []
    flattenB(value, path, ls)
    for (let i = 0; i < ls.length; i++) out.push(spec)
    return
  }
  const where = path
  if (Array.isArray(spec)) {
    if (!Array.isArray(value) || (path !== 'args' && leafKindOf(value) !== undefined) || value.length !== spec.length)
      throw new TreeError(`vmap: ${what} at ${where} is an array of ${spec.length}, but the value there is ${describe(value)}; ` +
        `${what} must be a prefix of its structure (or one number or null for all of it)`)
    spec.forEach((s, i) => expandAxes(what, s, value[i], join(path, i), out))
    return
  }
  if (isPlainObject(spec)) {
    const keys = Object.keys(spec).sort()
    if (!isPlainObject(value) || Object.keys(value).sort().join('\u0000') !== keys.join('\u0000'))
      throw new TreeError(`vmap: ${what} at ${where} is an object with keys {${keys.join(', ')}}, but the value there is ${describe(value)}; ` +
        `${what} must be a prefix of its structure (or one number or null for all of it)`)
    keys.forEach((k) => expandAxes(what, spec[k], value[k], join(path, k), out))
    return
  }
  throw new TreeError(`vmap: ${what} at ${where} must be a number, null, an array or a plain object, got ${describe(spec)}`)
}

const normAxis = (what: string, axis: number, ndim: number, path: string, shape: ReadonlyArray<number>): number => {
  if (!Number.isInteger(axis)) throw new ShapeError(`vmap: ${what} at ${path} is ${axis}, not an integer axis`)
  const a = axis < 0 ? axis + ndim : axis
  if (a < 0 || a >= ndim)
    throw new ShapeError(`vmap: ${what} at ${path} is ${axis}, out of range for ${what === 'inAxes' ? 'the argument' : 'the output'} of ` +
      `shape ${showShape(shape)}${what === 'outAxes' ? ' (with its batch axis)' : ''}: an axis must lie in [${-ndim}, ${ndim})`)
  return a
}

// ---- the transformation ----

/**
 * Vectorise `f` over a batch axis of its arguments: `vmap(f)(xs)` equals
 * stacking `f` applied to each example of `xs`, computed by batched primitives.
 * Composes with `grad`, `jvp`, `vjp`, `jacfwd`, `jacrev` and itself, in any order.
 * @param f - a function of pytrees of tensors (and PRNG keys), written for one example
 * @param opts - `inAxes`, `outAxes` (numbers, null, or pytree prefixes; default 0) and `axisSize`
 * @returns the batched function
 * @throws ShapeError for an axis out of range or batch sizes that disagree; TreeError when
 *   `inAxes`/`outAxes` do not match the structure; ValueError when nothing is batched and no `axisSize` is given
 * @example
 * const norms = vmap((g: Tensor) => sqrt(sum(mul(g, g))))(perExampleGrads)
 * @category combinators
 */
export function vmap<F extends Fn>(f: F, opts: VmapOptions = {}): (...args: Batched<Parameters<F>>) => Batched<ReturnType<F>> {
  const inAxes = opts.inAxes === undefined ? 0 : opts.inAxes
  const outAxes = opts.outAxes === undefined ? 0 : opts.outAxes
  const axisSize = opts.axisSize
  if (axisSize !== undefined && !(Number.isInteger(axisSize) && axisSize >= 0))
    throw new ValueError(`vmap: axisSize must be a non-negative integer, got ${String(axisSize)}`)
  if (typeof f !== 'function') throw new TraceError(`vmap: expected a function to batch, got ${describe(f)}`)
  return (...argList) => {
    const args = argList as unknown[]
    if (isPlainObject(inAxes))
      throw new TreeError('vmap: inAxes must be a number, null, or an array with one entry per argument (a prefix of the arguments), got an object')
    // the argument list is a container, never itself a key array
    const leaves: Leaf[] = []
    const def: TreeDef = { kind: 'array', children: args.map((a, i) => flattenB(a, `args[${i}]`, leaves)) }
    const axes: Array<number | null> = []
    if (Array.isArray(inAxes)) expandAxes('inAxes', inAxes, args, 'args', axes)
    else args.forEach((a, i) => expandAxes('inAxes', inAxes, a, `args[${i}]`, axes))
    // the batch size, from every batched leaf
    const sizes: Array<{ path: string; size: number; what: string }> = []
    const norm = leaves.map((l, i) => {
      const axis = axes[i]!
      if (axis === null) return null
      const kind = leafKindOf(l.value)
      if (kind !== undefined) {
        const size = kind.sizeOf(l.value)!
        if (axis !== 0 && axis !== -1)
          throw new ShapeError(`vmap: inAxes at ${l.path} is ${axis}, but a ${kind.name} array has one axis: use 0`)
        sizes.push({ path: l.path, size, what: `a ${kind.name} array of ${size}` })
        return 0
      }
      // a plain number is static: one value for every example (nothing inside vmap can make it vary)
      if (typeof l.value === 'number') return null
      if (!(l.value instanceof Tensor))
        throw new ShapeError(`vmap: inAxes at ${l.path} is ${axis}, but the argument there is ${describe(l.value)}, which has no axes; ` +
          'pass a tensor, or give it inAxes null')
      const t = l.value
      const a = normAxis('inAxes', axis, t.ndim, l.path, t.shape)
      sizes.push({ path: l.path, size: t.shape[a]!, what: `axis ${a} of ${showShape(t.shape)}` })
      return a
    })
    const distinct = [...new Set(sizes.map((s) => s.size))]
    if (distinct.length > 1)
      throw new ShapeError(`vmap: the batched arguments disagree on the batch size: ${sizes.map((s) => `${s.path} has ${s.size} (${s.what})`).join(', ')}`)
    if (axisSize !== undefined && distinct.length === 1 && distinct[0] !== axisSize)
      throw new ShapeError(`vmap: axisSize is ${axisSize}, but ${sizes[0]!.path} has batch size ${distinct[0]} (${sizes[0]!.what})`)
    const size = distinct[0] ?? axisSize
    if (size === undefined)
      throw new ValueError('vmap: no argument is batched (every inAxes is null, or there are no arguments), so the batch size is unknown; ' +
        'pass { axisSize: n }')
    return withTrace((l) => new BatchTrace(l, size), (trace) => {
      const ins = leaves.map((l, i) => {
        const a = norm[i]!
        if (a === null) return l.value
        const kind = leafKindOf(l.value)
        return kind !== undefined ? kind.enter(l.value, trace) : new BatchTracer(trace, l.value as Tensor, a)
      })
      const out = f(...tree.unflatten<unknown[]>(def, ins))
      return unbatchOutputs(trace, out, outAxes) as Batched<ReturnType<F>>
    })
  }
}

/** Turn the function's result (stand-ins for one example) into batches, with their batch axes at `outAxes`. */
const unbatchOutputs = (trace: BatchTrace, out: unknown, outAxes: unknown): unknown => {
  const leaves: Leaf[] = []
  const def = flattenB(out, 'output', leaves)
  const axes: Array<number | null> = []
  expandAxes('outAxes', outAxes, out, 'output', axes)
  const size = trace.size
  const results = leaves.map((l, i) => {
    const axis = axes[i]!
    const y = l.value
    for (const kind of leafKindsList()) {
      const batch = kind.exit(y, trace)
      if (batch === undefined) continue
      if (axis === null) throw new ShapeError(`vmap: outAxes at ${l.path} is null, but the output there (a ${kind.name}) depends on the batch`)
      if (axis !== 0 && axis !== -1) throw new ShapeError(`vmap: outAxes at ${l.path} is ${axis}, but a ${kind.name} array has one axis: use 0`)
      return batch
    }
    if (y instanceof BatchTracer && y.trace === trace) {
      if (axis === null) {
        if (y.bdim !== null)
          throw new ShapeError(`vmap: outAxes at ${l.path} is null, but the output there (per-example shape ${showShape(y.shape)}) ` +
            'depends on the batch; give it a batch axis, or compute it outside vmap')
        return y.val
      }
      const a = normAxis('outAxes', axis, y.shape.length + 1, l.path, y.shape)
      return y.bdim === null ? broadcastAt(y.val, a, size) : moveAxis(y.val, y.bdim, a)
    }
    if (axis === null || typeof y === 'number') return y // plain numbers are static: the same for every example
    if (y instanceof Tensor) {
      const t = asTensor('vmap', y)
      return broadcastAt(t, normAxis('outAxes', axis, t.ndim + 1, l.path, t.shape), size)
    }
    if (leafKindOf([y]) !== undefined) return new Array<unknown>(size).fill(y) // one key for every example
    throw new ShapeError(`vmap: the output at ${l.path} is ${describe(y)}, which cannot be batched; give it outAxes null`)
  })
  return tree.unflatten(def, results)
}

/** An unbatched value repeated `size` times along a new axis `a`. */
const broadcastAt = (x: Tensor, a: number, size: number): Tensor => {
  const e = expandDims(x, a)
  const shape = e.shape.slice()
  shape[a] = size
  return broadcastTo(e, shape)
}
