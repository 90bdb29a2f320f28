/**
 * Checks that every transform runs on its inputs before it computes anything,
 * so a wrong state or a gradient tree of the wrong shape is an error that
 * names the tree path, never a silent broadcast.
 *
 * A state that does not fit throws a `StateError` whose path starts at the
 * transform that noticed; each combinator (`chain`, `masked`, the wrappers,
 * `optimizer`) prefixes its own part of the path on the way out, so the final
 * message points into the whole optimizer state: `inner[1].nu`.
 *
 * @example
 * const opt = optimizer(chain(clip(1), scaleByAdam()))
 * opt.step({ ...opt.init(params), inner: [{}, { trace }] }, grads)
 * // TreeError: scaleByAdam: the optimizer state at inner[1] has fields {trace}, expected {count, mu, nu}. Pass the state ...
 *
 * @since 0.1.0
 */
import { TreeError, showShape } from '../errors.js'
import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import type { Updates } from './base.js'
import { known, type Scalar } from './scalar.js'

// ---- model ----

/**
 * An optimizer state that does not come from this transform's `init` (or not
 * for these parameters). `path` is where in the whole state it was noticed.
 *
 * @example
 * try { optimizer(adam(0.1)).step(sgdOptState, grads) }
 * catch (e) { e instanceof StateError && e.path }   // 'inner[0]'
 *
 * @category model
 * @since 0.1.0
 */
export class StateError extends TreeError {
  constructor(
    readonly op: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(
      `${op}: the optimizer state at ${path === '' ? '(root)' : path} ${detail}. ` +
        "Pass the state that this transform's init returned: a state from another transform, or from other parameters, does not fit.",
    )
  }

  /** The same error, seen from one level up (`prefix` is this level's part of the path). */
  within(prefix: string): StateError {
    const path = this.path === '' ? prefix : this.path.startsWith('[') ? `${prefix}${this.path}` : `${prefix}.${this.path}`
    return new StateError(this.op, path, this.detail)
  }
}

// ---- utils ----

/** Run `f`; a `StateError` from inside gets `prefix` added to its path. @internal */
export const within = <A>(prefix: string, f: () => A): A => {
  try {
    return f()
  } catch (e) {
    if (e instanceof StateError) throw e.within(prefix)
    throw e
  }
}

/** Is this an array-free plain object (a pytree node)? @internal */
export const isPlainObject = (x: unknown): x is Readonly<Record<string, unknown>> => {
  if (x === null || typeof x !== 'object') return false
  const proto = Object.getPrototypeOf(x)
  return proto === Object.prototype || proto === null
}

/** A short description of a value, for messages. @internal */
export const describe = (x: unknown): string => {
  if (x === null || x === undefined) return String(x)
  if (x instanceof Tensor) return `a ${x.dtype} tensor of shape ${showShape(x.shape)}`
  if (Array.isArray(x)) return `an array of ${x.length}`
  if (isPlainObject(x)) return `an object with fields {${Object.keys(x).sort().join(', ')}}`
  return `a ${typeof x}`
}

/** The state must be a plain object with exactly these fields. @internal */
export const expectFields = (op: string, state: unknown, fields: ReadonlyArray<string>): Readonly<Record<string, unknown>> => {
  const want = [...fields].sort()
  if (!isPlainObject(state)) throw new StateError(op, '', `is ${describe(state)}, expected an object with fields {${want.join(', ')}}`)
  const got = Object.keys(state).sort()
  if (got.length !== want.length || got.some((k, i) => k !== want[i]))
    throw new StateError(op, '', `has fields {${got.join(', ')}}, expected {${want.join(', ')}}`)
  return state
}

/** The state of a stateless transform: `{}`. @internal */
export const expectEmpty = (op: string, state: unknown): void => {
  expectFields(op, state, [])
}

/**
 * A counter field: a non-negative integer, as a JS number or as a scalar
 * tensor of a numeric dtype (a traced number under `jit`, whose value is
 * checked only when it is known). @internal
 */
export const expectCount = (op: string, state: Readonly<Record<string, unknown>>, field: string): Scalar => {
  const c = state[field]
  const bad = (): never => {
    throw new StateError(op, field, `is ${typeof c === 'number' ? c : describe(c)}, expected a step count (a non-negative integer, or a scalar tensor holding one)`)
  }
  if (typeof c === 'number') return Number.isInteger(c) && c >= 0 ? c : bad()
  if (!(c instanceof Tensor) || c.ndim !== 0 || c.dtype === 'bool') return bad()
  const v = known(c)
  return v === null || (Number.isInteger(v) && v >= 0) ? c : bad()
}

/**
 * Where two trees that must agree leaf for leaf (structure and shapes) first
 * differ, as a phrase naming the path; null when they agree.
 * @internal
 */
export const likeDiff = (names: readonly [string, string], ref: unknown, got: unknown): string | null => {
  const [rl, rdef] = tree.flatten(ref as tree.PyTree<unknown>)
  const [gl, gdef] = tree.flatten(got as tree.PyTree<unknown>)
  const d = tree.structureDiff(rdef, gdef)
  if (d !== null) return `the ${names[0]} and the ${names[1]} differ at ${d}`
  for (let i = 0; i < rl.length; i++) {
    const r = rl[i]
    const g = gl[i]
    if (r instanceof Tensor && g instanceof Tensor && (r.ndim !== g.ndim || r.shape.some((n, j) => n !== g.shape[j])))
      return `the shapes differ at ${tree.paths(ref)[i] || '(root)'}: ${showShape(r.shape)} in the ${names[0]}, ${showShape(g.shape)} in the ${names[1]}`
  }
  return null
}

/**
 * Two trees that must agree leaf for leaf: the gradients and the parameters,
 * or the updates and the parameters. A `TreeError` names the first path where
 * they differ.
 * @internal
 */
export const expectLike = (op: string, names: readonly [string, string], ref: unknown, got: unknown): void => {
  const d = likeDiff(names, ref, got)
  if (d !== null) throw new TreeError(`${op}: ${d}. The ${names[1]} must have the tree structure and shapes of the ${names[0]}.`)
}

/**
 * A tree field of the state must be a tree of tensors shaped like the
 * updates; otherwise a `StateError` at that field says where they differ.
 * @internal
 */
export const expectStateTree = (op: string, field: string, state: unknown, updates: unknown): void => {
  if (!tree.allTensors(state)) throw new StateError(op, field, `holds ${describe(state)}, expected a tree of tensors shaped like the updates`)
  const d = likeDiff(['updates', 'state'], updates, state)
  if (d !== null)
    throw new StateError(op, field, `does not fit the updates (${d}; if the state is right, the gradients do not have the parameters' structure)`)
}

/** `tree.map` over updates-shaped trees, typed as the first tree (every leaf stays a tensor of its shape). @internal */
export const mapUpdates = <U = Updates>(f: (...xs: Tensor[]) => Tensor, t: U, ...rest: unknown[]): U =>
  tree.map(f, t as unknown, ...rest) as U

/** Zeros shaped like every leaf, typed as the tree. @internal */
export const zerosLikeTree = <U = Updates>(t: U): U => tree.zerosLike(t as unknown) as U

/** The leaves of an updates-shaped tree. @internal */
export const leavesOf = (t: unknown): Tensor[] => tree.leaves(t as tree.PyTree<Tensor>)

/** Leaves and structure of an updates-shaped tree. @internal */
export const flattenOf = (t: unknown): [Tensor[], tree.TreeDef] => tree.flatten(t as tree.PyTree<Tensor>)

/**
 * The leaves of a tree field of the state, checked against the flattened
 * updates (same structure, same shapes): transforms flatten once and work
 * leaf by leaf. A mismatch is a `StateError` at that field.
 * @internal
 */
export const stateLeaves = (op: string, field: string, state: unknown, updates: Updates, def: tree.TreeDef, g: ReadonlyArray<Tensor>): Tensor[] => {
  const [sl, sdef] = tree.flatten(state as tree.PyTree<unknown>)
  const fits = tree.structureDiff(def, sdef) === null && sl.every((x, i) => x instanceof Tensor && x.ndim === g[i]!.ndim && x.shape.every((n, j) => n === g[i]!.shape[j]))
  if (!fits) {
    expectStateTree(op, field, state, updates)
    throw new StateError(op, field, 'does not fit the updates')
  }
  return sl as Tensor[]
}

/** Rebuild an updates-shaped tree from its structure and leaves, typed as the tree it was flattened from. @internal */
export const unflattenOf = <U = Updates>(def: tree.TreeDef, leaves: ReadonlyArray<Tensor>): U => tree.unflatten<U>(def, leaves)
