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
 * opt.step({ ...opt.init(params), inner: sgdState }, grads)
 * // TreeError: optimizer.step: the optimizer state at inner[1] has fields {trace}, expected {count, mu, nu} ...
 *
 * @since 0.1.0
 */
import { TreeError, showShape } from '../errors.js'
import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import type { Updates } from './base.js'

// ---- model ----

/**
 * An optimizer state that does not come from this transform's `init` (or not
 * for these parameters). `path` is where in the state it was noticed.
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
  within(prefix: string, op: string = this.op): StateError {
    const path = this.path === '' ? prefix : this.path.startsWith('[') ? `${prefix}${this.path}` : `${prefix}.${this.path}`
    return new StateError(op, path, this.detail)
  }
}

// ---- utils ----

/** Run `f`; a `StateError` from inside gets `prefix` added to its path. @internal */
export const within = <A>(prefix: string, f: () => A, op?: string): A => {
  try {
    return f()
  } catch (e) {
    if (e instanceof StateError) throw e.within(prefix, op)
    throw e
  }
}

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

/** A counter field: a non-negative integer. @internal */
export const expectCount = (op: string, state: Readonly<Record<string, unknown>>, field: string): number => {
  const c = state[field]
  if (typeof c !== 'number' || !Number.isInteger(c) || c < 0)
    throw new StateError(op, field, `is ${typeof c === 'number' ? c : describe(c)}, expected a step count (a non-negative integer)`)
  return c
}

/**
 * Two trees that must agree leaf for leaf (structure and shapes): a tree in
 * the state and the incoming updates, or the gradients and the parameters.
 * The error names the first path where they differ.
 * @internal
 */
export const expectLike = (op: string, names: readonly [string, string], ref: unknown, got: unknown): void => {
  const [rl, rdef] = tree.flatten(ref as tree.PyTree<unknown>)
  const [gl, gdef] = tree.flatten(got as tree.PyTree<unknown>)
  const d = tree.structureDiff(rdef, gdef)
  const hint = 'The gradients must have the tree structure of the parameters, and the state must come from init on those parameters.'
  if (d !== null) throw new TreeError(`${op}: the ${names[0]} and the ${names[1]} differ at ${d}. ${hint}`)
  for (let i = 0; i < rl.length; i++) {
    const r = rl[i]
    const g = gl[i]
    if (r instanceof Tensor && g instanceof Tensor && (r.ndim !== g.ndim || r.shape.some((n, j) => n !== g.shape[j]))) {
      const path = tree.paths(ref)[i] || '(root)'
      throw new TreeError(`${op}: at ${path} the ${names[0]} have shape ${showShape(r.shape)} but the ${names[1]} have ${showShape(g.shape)}. ${hint}`)
    }
  }
}

/** A tree field of the state must be a tree of tensors shaped like the updates. @internal */
export const expectStateTree = (op: string, field: string, state: unknown, updates: unknown): void => {
  if (!tree.allTensors(state)) throw new StateError(op, field, `holds ${describe(state)}, expected a tree of tensors shaped like the updates`)
  expectLike(op, ['updates', `state's ${field}`], updates, state)
}

/** `tree.map` over updates-shaped trees, typed as updates. @internal */
export const mapUpdates = (f: (...xs: Tensor[]) => Tensor, t: unknown, ...rest: unknown[]): Updates =>
  tree.map(f, t, ...rest) as Updates

/** Zeros shaped like every leaf, typed as updates. @internal */
export const zerosLikeTree = (t: unknown): Updates => tree.zerosLike(t) as Updates

/** The leaves of an updates-shaped tree. @internal */
export const leavesOf = (t: unknown): Tensor[] => tree.leaves(t as tree.PyTree<Tensor>)

/** Leaves and structure of an updates-shaped tree. @internal */
export const flattenOf = (t: unknown): [Tensor[], tree.TreeDef] => tree.flatten(t as tree.PyTree<Tensor>)
