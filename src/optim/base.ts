/**
 * Gradient transformations: the one idea behind fluxion's optimizers (as in
 * optax). A transformation is a pair of pure functions: `init(params)` builds
 * a state, and `update(updates, state, params?, extra?)` maps incoming updates
 * (at first, the gradients) to outgoing ones and returns the next state. An
 * optimizer is a `chain` of small transformations; `applyUpdates` adds the
 * final updates to the parameters.
 *
 * Nothing is mutated: the old state stays valid, so a run can be replayed or
 * resumed from any state.
 *
 * @example
 * const t = scale(-0.1)                                  // stateless: its state is {}
 * const params = { w: tensor([1, 2]) }
 * const [updates] = t.update({ w: tensor([10, 10]) }, t.init(params))
 * applyUpdates(params, updates).w.toArray()               // [0, 1]
 *
 * @since 0.1.0
 */
import { add, cast } from '../ad/index.js'
import type { Tensor } from '../tensor/tensor.js'
import type { Scalar } from './scalar.js'
import * as tree from '../tree/index.js'
import { expectEmpty, expectLike } from './check.js'

// ---- model ----

/**
 * Parameters: a pytree of tensors (nested arrays and plain objects; `null`
 * and `undefined` are empty subtrees). Declare parameter types with `type`,
 * not `interface`, so they fit the index signature. (Written with interfaces,
 * not as `tree.PyTree<Tensor>`, so that `tree.map` over a `Params` value stays
 * cheap for the type checker.)
 * @category model
 * @since 0.1.0
 */
export type Params = Tensor | null | undefined | ParamsArray | ParamsObject

/** An array node of `Params`. @category model @since 0.1.0 */
export interface ParamsArray extends ReadonlyArray<Params> {}

/** An object node of `Params`. @category model @since 0.1.0 */
export interface ParamsObject {
  readonly [key: string]: Params
}

/** Updates (and gradients): a pytree with the structure of the parameters. @category model @since 0.1.0 */
export type Updates = Params

/**
 * A schedule maps the step count (0, 1, 2, ...) to a hyperparameter value.
 * Transforms call it with the count their state holds: a JS number eagerly,
 * a scalar tensor when the state holds tensors (under `jit`, where number
 * leaves are traced). A schedule written with JS arithmetic works eagerly;
 * the built-in ones are `TraceableSchedule`s and work in both cases.
 * @category model
 * @since 0.1.0
 */
export type Schedule = (count: number) => number

/**
 * A schedule that also takes a scalar tensor count (concrete or traced) and
 * then returns a float64 scalar tensor: every schedule in `schedules`. On a
 * number it gives the same number, bit for bit, as it always did.
 * @category model
 * @since 0.4.0
 */
export interface TraceableSchedule {
  // the number signature last: a schedule passed as a callback (`counts.map(lr)`) takes its type from it
  (count: Tensor): Tensor
  (count: number): number
}

/** A hyperparameter given as a constant or as a schedule. @category model @since 0.1.0 */
export type ScalarOrSchedule = number | Schedule

/**
 * Extra arguments for `update`, passed through `chain` and the wrappers to
 * every transform. `scaleByNewton` reads `loss`; others ignore what they do
 * not know.
 * @category model
 * @since 0.1.0
 */
export interface ExtraArgs {
  /** The loss as a function of the parameters (a float scalar); needed by `scaleByNewton`. */
  readonly loss?: (params: never) => Tensor
  readonly [key: string]: unknown
}

/**
 * A gradient transformation with state `S`. `update` returns the outgoing
 * updates and the next state; it never changes its arguments.
 *
 * `update` is generic in the updates' tree type `U`: the outgoing updates are
 * typed as the incoming ones, and `params` must have the same type, so a tree
 * of the wrong structure is a compile error where TypeScript can see it (and
 * a `TreeError` at run time where it cannot). An implementation gets `U` as
 * the type of its `updates` argument; the internal helpers of `check.ts`, or
 * one cast `as typeof updates`, give back that type.
 *
 * @example
 * const t: GradientTransformation<ScaleByAdamState> = scaleByAdam()
 * const s0 = t.init(params)
 * const [u, s1] = t.update(grads, s0)        // s0 is unchanged
 *
 * @category model
 * @since 0.1.0
 */
export interface GradientTransformation<S> {
  /** The initial state for these parameters. */
  init(params: Params): S
  /** Transform `updates`; `params` are the current parameters (some transforms need them), with the updates' tree type. */
  update<U extends Updates>(updates: U, state: S, params?: NoInfer<U>, extra?: ExtraArgs): readonly [U, S]
}

/** The state type of a transformation. @category model @since 0.1.0 */
export type StateOf<T> = T extends GradientTransformation<infer S> ? S : never

/** The state of a stateless transformation: an empty object. @category model @since 0.1.0 */
export type EmptyState = { readonly [key: string]: never }

/**
 * The one empty state value (frozen), returned by every stateless transform.
 *
 * @example
 * scale(2).init(params) === emptyState   // true
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyState: EmptyState = Object.freeze({})

// ---- constructors ----

/**
 * A stateless transformation from a function of the updates (and, when
 * given, the parameters). Its state is `{}`.
 *
 * @example
 * const negate = stateless((u) => tree.map((x) => neg(x), u))
 *
 * @category constructors
 * @since 0.1.0
 */
export const stateless = (
  f: (updates: Updates, params?: Params, extra?: ExtraArgs) => Updates,
  name = 'stateless',
): GradientTransformation<EmptyState> => ({
  init: () => emptyState,
  update: (updates, state, params, extra) => {
    expectEmpty(name, state)
    return [f(updates, params, extra) as typeof updates, emptyState]
  },
})

/**
 * The transformation that passes updates through unchanged: the unit of
 * `chain` (see `monoid`).
 *
 * @example
 * const [u] = identity().update(grads, identity().init(params))   // u === grads
 *
 * @category constructors
 * @since 0.1.0
 */
export const identity = (): GradientTransformation<EmptyState> => stateless((u) => u, 'identity')

// ---- utils ----

/**
 * `params + updates`, leaf by leaf, cast back to each parameter's dtype (so a
 * float64 update never turns a float32 parameter into float64). The updates
 * are typed as the parameters' tree, so a wrong structure is a compile error
 * where the types say so, and a `TreeError` naming the path at run time.
 *
 * @example
 * applyUpdates({ w: tensor([1, 2]) }, { w: tensor([0.5, 0.5]) }).w.toArray()   // [1.5, 2.5]
 *
 * @category utils
 * @since 0.1.0
 */
export const applyUpdates = <P extends Params>(params: P, updates: NoInfer<P>): P => {
  expectLike('applyUpdates', ['parameters', 'updates'], params, updates)
  return tree.map((p: Tensor, u: Tensor) => cast(add(p, u), p.dtype), params, updates) as unknown as P
}

/**
 * The value of a constant or a schedule at step `count`.
 *
 * @example
 * valueAt(0.1, 5)                     // 0.1
 * valueAt((n) => 1 / (n + 1), 1)      // 0.5
 *
 * @category utils
 * @since 0.1.0
 */
export function valueAt(v: ScalarOrSchedule, count: number): number
export function valueAt(v: ScalarOrSchedule, count: Scalar): Scalar
export function valueAt(v: ScalarOrSchedule, count: Scalar): Scalar {
  return typeof v === 'number' ? v : scheduleAt(v, count)
}

/**
 * A schedule at a count that may be a tensor: a user's schedule (typed for
 * numbers) gets the tensor as it is, and fails under `jit` with a TraceError
 * if it reads it with JS arithmetic.
 * @internal
 */
export const scheduleAt = (s: Schedule, count: Scalar): Scalar => (s as unknown as (c: Scalar) => Scalar)(count)
