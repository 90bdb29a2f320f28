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
import { add, div, mul } from '../ad/index.js'
import { ValueError } from '../errors.js'
import type { GradientTransformation, ScalarOrSchedule, Schedule, Updates } from './base.js'
import * as V from './validate.js'
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
  const evalSchedules = (count: number) => Object.fromEntries(scheduled.map(([k, s]) => [k, s(count)]))
  const build = (hp: Readonly<Record<string, number>>) => factory({ ...hparams, ...hp })
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
      for (const k of numeric)
        if (typeof held[k] !== 'number') throw new StateError(op, `hyperparams.${k}`, `is ${typeof held[k]}, expected a number`)
      const hp = { ...(held as Readonly<Record<string, number>>), ...evalSchedules(count) }
      const [u, inner] = within('inner', () => build(hp).update(updates, st.inner as S, params, extra))
      return [u, { count: count + 1, hyperparams: hp as Hyperparams<P>, inner }]
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

/**
 * Skip steps whose incoming updates hold NaN or ±Infinity: such a step
 * returns zero updates and leaves the inner state alone, changing only the
 * counters. Once more than `maxConsecutiveErrors` of them come in a row,
 * they are let through (as optax does), so a run that only produces
 * non-finite gradients does not stall silently forever; a finite step resets
 * the run count (`totalNotfinite` keeps the total).
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
      const finite = allFinite(updates)
      const notfiniteCount = finite ? 0 : notfinite + 1
      const counters = { notfiniteCount, lastFinite: finite, totalNotfinite: finite ? total : total + 1 }
      if (!finite && notfiniteCount <= maxConsecutiveErrors)
        return [zerosLikeTree(updates), { ...counters, inner: st.inner as S }]
      const [u, inner] = within('inner', () => t.update(updates, st.inner as S, params, extra))
      return [u, { ...counters, inner }]
    },
  }
}

/**
 * Gradient accumulation: collect `k` minibatch gradients (their mean, or
 * their sum without `useGradMean`), and on the k-th call run `t` once on
 * them. The other calls return zero updates. `everyK` may be a schedule of
 * the number of real steps taken.
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
  const kAt = (step: number): number => {
    const k = typeof everyK === 'number' ? everyK : everyK(step)
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`${op}: everyK must be a positive integer, got ${k}`)
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
      const acc = unflattenOf(def, g.map((x, i) => (useGradMean ? div(add(mul(a0[i]!, n), x), n + 1) : add(a0[i]!, x))))
      if (n < kAt(step) - 1)
        return [zerosLikeTree(updates), { miniStep: n + 1, gradientStep: step, inner: st.inner as S, accGrads: acc }]
      const [u, inner] = within('inner', () => t.update(acc as typeof updates, st.inner as S, params, extra))
      return [u, { miniStep: 0, gradientStep: step + 1, inner, accGrads: zerosLikeTree(acc) }]
    },
  }
}
