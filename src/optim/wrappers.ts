/**
 * Wrappers change how a transformation is driven, not what it computes:
 *
 * - `injectHyperparams(factory)(hparams)` keeps numeric hyperparameters in
 *   the state, where the user can read and change them between steps;
 * - `applyIfFinite(t)` skips steps whose gradients hold NaN or ±Infinity;
 * - `multiSteps(t, { everyK })` accumulates gradients over k minibatches and
 *   steps once.
 *
 * @example
 * const opt = injectHyperparams(adam)({ learningRate: 0.1 })
 * let s = opt.init(params)
 * s = { ...s, hyperparams: { ...s.hyperparams, learningRate: 0.01 } }   // takes effect at the next update
 *
 * @since 0.1.0
 */
import { add, cast, div, isfinite, mul, sum, where as whereOp } from '../ad/index.js'
import { ValueError } from '../errors.js'
import { scalar } from '../tensor/create.js'
import { ConcreteTensor, Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { scheduleAt, type GradientTransformation, type ScalarOrSchedule, type Schedule, type Updates } from './base.js'
import * as V from './validate.js'
import * as S from './scalar.js'
import { expectCount, expectFields, flattenOf, leavesOf, StateError, stateLeaves, unflattenOf, within, zerosLikeTree } from './check.js'

// ---- model ----

/** The numeric hyperparameters of an argument object `A`: its number or schedule fields, as numbers. @category model @since 0.1.0 */
export type Hyperparams<A> = {
  readonly [K in keyof A as NonNullable<A[K]> extends ScalarOrSchedule ? K : never]: number
}

/** The state of `injectHyperparams`: the count, the current hyperparameter values and the inner state. @category model @since 0.1.0 */
export interface InjectHyperparamsState<H, S> {
  readonly count: number
  readonly hyperparams: H
  readonly inner: S
}

/** The state of `applyIfFinite`. @category model @since 0.1.0 */
export interface ApplyIfFiniteState<S> {
  /** Non-finite steps in a row, up to now. */
  readonly notfiniteCount: number
  /** Were the last gradients finite? */
  readonly lastFinite: boolean
  /** Non-finite steps in all. */
  readonly totalNotfinite: number
  readonly inner: S
}

/** The state of `multiSteps`. @category model @since 0.1.0 */
export interface MultiStepsState<S> {
  /** Minibatches accumulated since the last real step (0 ≤ miniStep < k). */
  readonly miniStep: number
  /** Real steps taken (the count `everyK` is evaluated at). */
  readonly gradientStep: number
  readonly inner: S
  /** The accumulated gradients (their running mean, with `useGradMean`). */
  readonly accGrads: Updates
}

// ---- combinators ----

/**
 * Make a transformation's hyperparameters part of its state. `factory` takes
 * one argument object (every alias and transform with an options object
 * does); the returned function takes that object. Each number or schedule in
 * it becomes a hyperparameter: `state.hyperparams` holds its current value.
 * Schedules are evaluated at the count before it is incremented (and
 * overwrite whatever the state held); plain numbers are read from the state,
 * so a value set there is used at the next update. Other values (booleans,
 * masks, ...) and the keys in `staticArgs` are passed through as they are:
 * list a function-valued argument that is not a schedule (a mask function)
 * in `staticArgs`.
 *
 * With a tensor count (under `jit`, or from `tensorState`) the schedules give
 * float64 scalar tensors, and the values held in the state may be scalar
 * tensors: the learning rate may be one (it is rounded to each leaf's dtype,
 * as a number is), while the other hyperparameters of the built-in
 * transforms must be JS numbers, so under `jit` list them in `staticArgs`
 * (they are then compile-time constants, not part of the state).
 *
 * @example
 * const opt = injectHyperparams(adam)({ learningRate: schedules.cosineDecay({ init: 0.1, decaySteps: 100 }), b1: 0.9 })
 * const s = opt.init(params)
 * s.hyperparams   // { learningRate: 0.1, b1: 0.9 }
 *
 * @category combinators
 * @since 0.1.0
 */
export const injectHyperparams = <A extends object, S>(
  factory: (args: A) => GradientTransformation<S>,
  { staticArgs = [] }: { readonly staticArgs?: ReadonlyArray<string> } = {},
) => {
  if (typeof factory !== 'function')
    throw new ValueError(`injectHyperparams: factory must be a function from an options object to a transformation (e.g. adam), got ${V.show(factory)}`)
  return <P extends A>(hparams: P): GradientTransformation<InjectHyperparamsState<Hyperparams<P>, S>> => {
  const op = 'injectHyperparams'
  if (hparams === null || typeof hparams !== 'object' || Array.isArray(hparams))
    throw new ValueError(`${op}: the hyperparameters must be an object of arguments for the factory, got ${V.show(hparams)}`)
  const statics = new Set(staticArgs)
  const entries = Object.entries(hparams).filter(([k]) => !statics.has(k))
  const numeric = entries.filter(([, v]) => typeof v === 'number').map(([k]) => k)
  const scheduled = entries.filter(([, v]) => typeof v === 'function') as Array<[string, Schedule]>
  const evalSchedules = (count: S.Scalar) => Object.fromEntries(scheduled.map(([k, s]) => [k, scheduleAt(s, count)]))
  const build = (hp: Readonly<Record<string, S.Scalar>>) => {
    try {
      return factory({ ...hparams, ...hp })
    } catch (e) {
      const tensors = Object.keys(hp).filter((k) => hp[k] instanceof Tensor)
      if (!(e instanceof ValueError) || tensors.length === 0) throw e
      throw new ValueError(
        `${e.message}. The hyperparameters ${tensors.join(', ')} are scalar tensors here (under jit the numbers held in the state are traced): ` +
          'the learning rate may be one, other hyperparameters must be JS numbers; list those in injectHyperparams(factory, { staticArgs: [...] })',
      )
    }
  }
  // build once now, so the factory checks the hyperparameters at construction (values set in the state later are checked at update)
  V.transformation(op, 'what the factory returns', build(evalSchedules(0)))
  return {
    init: (params) => {
      const hp = { ...Object.fromEntries(numeric.map((k) => [k, (hparams as Record<string, unknown>)[k] as number])), ...evalSchedules(0) }
      return { count: 0, hyperparams: hp as Hyperparams<P>, inner: build(hp).init(params) }
    },
    update: (updates, state, params, extra) => {
      const st = expectFields(op, state, ['count', 'hyperparams', 'inner'])
      const count = expectCount(op, st, 'count')
      const held = within('hyperparams', () => expectFields(op, st.hyperparams, [...numeric, ...scheduled.map(([k]) => k)]))
      for (const k of numeric) {
        const h = held[k]
        if (typeof h !== 'number' && !(h instanceof Tensor && h.ndim === 0))
          throw new StateError(op, `hyperparams.${k}`, `is ${h instanceof Tensor ? V.show(h) : typeof h}, expected a number (or a scalar tensor)`)
      }
      const hp = { ...(held as Readonly<Record<string, S.Scalar>>), ...evalSchedules(count) }
      const [u, inner] = within('inner', () => build(hp).update(updates, st.inner as S, params, extra))
      return [u, { count: S.asCount(S.add(count, 1)), hyperparams: hp as Hyperparams<P>, inner }]
    },
  }
  }
}

const allFinite = (updates: Updates): boolean =>
  leavesOf(updates).every((x) => {
    const d = x.data()
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return false
    return true
  })

/** The same test as tensor ops, for traced updates: `x·0` is NaN exactly where `x` is not finite, and a sum holds any NaN. */
const allFiniteTensor = (updates: Updates): Tensor =>
  isfinite(leavesOf(updates).reduce<Tensor>((acc, x) => add(acc, cast(sum(mul(x, 0)), 'float64')), scalar(0, 'float64')))

/**
 * `cond ? a : b` leaf by leaf over two states of one structure, with `cond` a
 * bool scalar tensor: tensors of one dtype through `where`, numbers and
 * tensors as float64 scalars, booleans as bool tensors; any other leaf must be
 * the same in both.
 */
const selectTree = <T>(op: string, cond: Tensor, a: T, b: T): T => {
  const [al, adef] = tree.flatten(a as tree.PyTree<unknown>)
  const [bl] = tree.flatten(b as tree.PyTree<unknown>)
  const asBool = (x: unknown): Tensor => (typeof x === 'boolean' ? scalar(x ? 1 : 0, 'bool') : (x as Tensor))
  const leaves = al.map((x, i) => {
    const y = bl[i]
    if (x instanceof Tensor && y instanceof Tensor && x.dtype === y.dtype) return whereOp(cond, x, y)
    if ((typeof x === 'number' || x instanceof Tensor) && (typeof y === 'number' || y instanceof Tensor)) return S.where(cond, x, y)
    if (typeof x === 'boolean' || typeof y === 'boolean') return whereOp(cond, asBool(x), asBool(y))
    if (x === y) return x
    throw new ValueError(`${op}: cannot choose between two values of the inner state by a traced condition: ${V.show(x)} and ${V.show(y)}`)
  })
  return tree.unflatten<T>(adef, leaves)
}

/**
 * Skip steps whose incoming updates hold NaN or ±Infinity: such a step
 * returns zero updates and leaves the inner state alone, changing only the
 * counters. Once more than `maxConsecutiveErrors` of them come in a row,
 * they are let through (as optax does), so a run that only produces
 * non-finite gradients does not stall silently forever; a finite step resets
 * the run count (`totalNotfinite` keeps the total).
 *
 * When the counters are scalar tensors or the updates are traced (under
 * `jit`), whether to skip is a traced condition: the inner update then always
 * runs and `where` chooses, leaf by leaf, between its result and the skipped
 * step (zero updates, the old inner state), as optax does; `lastFinite`
 * becomes a bool scalar tensor.
 *
 * @example
 * const opt = applyIfFinite(adam(1e-3), { maxConsecutiveErrors: 5 })
 *
 * @category combinators
 * @since 0.1.0
 */
export const applyIfFinite = <S>(
  t: GradientTransformation<S>,
  { maxConsecutiveErrors }: { readonly maxConsecutiveErrors: number },
): GradientTransformation<ApplyIfFiniteState<S>> => {
  const op = 'applyIfFinite'
  V.transformation(op, 'the transform', t)
  if (!Number.isInteger(maxConsecutiveErrors) || maxConsecutiveErrors < 0)
    throw new ValueError(`${op}: maxConsecutiveErrors must be a non-negative integer, got ${maxConsecutiveErrors}`)
  return {
    init: (params) => ({ notfiniteCount: 0, lastFinite: true, totalNotfinite: 0, inner: t.init(params) }),
    update: (updates, state, params, extra) => {
      const st = expectFields(op, state, ['notfiniteCount', 'lastFinite', 'totalNotfinite', 'inner'])
      const notfinite = expectCount(op, st, 'notfiniteCount')
      const total = expectCount(op, st, 'totalNotfinite')
      const eager = typeof notfinite === 'number' && typeof total === 'number' && leavesOf(updates).every((x) => x instanceof ConcreteTensor)
      const finite: S.Bool = eager ? allFinite(updates) : allFiniteTensor(updates)
      const notfiniteCount = S.where(finite, 0, S.add(notfinite, 1))
      const counters = { notfiniteCount: S.asCount(notfiniteCount), lastFinite: finite as boolean, totalNotfinite: S.asCount(S.where(finite, total, S.add(total, 1))) }
      const skip = S.and(S.not(finite), S.lessEqual(notfiniteCount, maxConsecutiveErrors))
      if (skip === true) return [zerosLikeTree(updates), { ...counters, inner: st.inner as S }]
      const [u, inner] = within('inner', () => t.update(updates, st.inner as S, params, extra))
      if (skip === false) return [u, { ...counters, inner }]
      return [selectTree(op, skip, zerosLikeTree(updates), u), { ...counters, inner: selectTree(op, skip, st.inner as S, inner) }]
    },
  }
}

/**
 * Gradient accumulation: collect `k` minibatch gradients (their mean, or
 * their sum without `useGradMean`), and on the k-th call run `t` once on
 * them. The other calls return zero updates. `everyK` may be a schedule of
 * the number of real steps taken.
 *
 * With scalar tensor counters (under `jit`, where they are traced) whether
 * this call steps is a traced condition: the inner update always runs and
 * `where` chooses between its result and the accumulating call (zero
 * updates, the old inner state); `everyK` is then not checked per step.
 *
 * @example
 * const opt = multiSteps(adam(1e-3), { everyK: 4 })   // one Adam step per 4 minibatches
 *
 * @category combinators
 * @since 0.1.0
 */
export const multiSteps = <S>(
  t: GradientTransformation<S>,
  { everyK, useGradMean = true }: { readonly everyK: number | Schedule; readonly useGradMean?: boolean },
): GradientTransformation<MultiStepsState<S>> => {
  const op = 'multiSteps'
  V.transformation(op, 'the transform', t)
  V.bool(op, 'useGradMean', useGradMean)
  const kAt = (step: S.Scalar): S.Scalar => {
    const k = typeof everyK === 'number' ? everyK : scheduleAt(everyK, step)
    const v = S.known(k)
    if (v !== null && (!Number.isInteger(v) || v < 1)) throw new ValueError(`${op}: everyK must be a positive integer, got ${v}`)
    return k
  }
  if (typeof everyK === 'number') kAt(0)
  return {
    init: (params) => ({ miniStep: 0, gradientStep: 0, inner: t.init(params), accGrads: zerosLikeTree(params) }),
    update: (updates, state, params, extra) => {
      const st = expectFields(op, state, ['miniStep', 'gradientStep', 'inner', 'accGrads'])
      const n = expectCount(op, st, 'miniStep')
      const step = expectCount(op, st, 'gradientStep')
      const [g, def] = flattenOf(updates)
      const a0 = stateLeaves(op, 'accGrads', st.accGrads, updates, def, g)
      const acc = unflattenOf(def, g.map((x, i) =>
        (useGradMean ? div(add(mul(a0[i]!, S.operand(n, x.dtype)), x), S.operand(S.add(n, 1), x.dtype)) : add(a0[i]!, x))))
      const wait = S.less(n, S.sub(kAt(step), 1))
      if (wait === true)
        return [zerosLikeTree(updates), { miniStep: S.asCount(S.add(n, 1)), gradientStep: S.asCount(step), inner: st.inner as S, accGrads: acc }]
      const [u, inner] = within('inner', () => t.update(acc as typeof updates, st.inner as S, params, extra))
      if (wait === false) return [u, { miniStep: 0, gradientStep: S.asCount(S.add(step, 1)), inner, accGrads: zerosLikeTree(acc) }]
      return [selectTree(op, wait, zerosLikeTree(updates), u), {
        miniStep: S.asCount(S.where(wait, S.add(n, 1), 0)),
        gradientStep: S.asCount(S.where(wait, step, S.add(step, 1))),
        inner: selectTree(op, wait, st.inner as S, inner),
        accGrads: selectTree(op, wait, acc, zerosLikeTree(acc)),
      }]
    },
  }
}
