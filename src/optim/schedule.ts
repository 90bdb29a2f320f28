/**
 * Schedules: functions from the step count (0, 1, 2, ...) to a
 * hyperparameter value, usually a learning rate. Pass one wherever a
 * `ScalarOrSchedule` is accepted (`adam(schedules.cosineDecay({ ... }))`);
 * the transform evaluates it at its count before incrementing, so the first
 * step uses `schedule(0)`.
 *
 * Arguments are checked when the schedule is built: a non-positive number of
 * steps, a negative begin, a zero or negative decay rate or a negative scale
 * is a `ValueError` there, not a NaN later. (optax logs and falls back to a
 * constant in some of these cases.)
 *
 * Every schedule here is a `TraceableSchedule`: given a JS number it computes
 * with JS arithmetic, as it always did; given a scalar tensor count (under
 * `jit`, where the state's counts are traced) it computes the same formula
 * with float64 tensor ops and `where` for its conditionals (`scalar.ts`), and
 * a concrete float64 count gives the very same bits as the number.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { optim } from 'fluxion'
 * const lr = optim.schedules.warmupCosineDecay({ init: 0, peakValue: 1e-3, warmupSteps: 100, decaySteps: 1000 })
 * assert.equal(lr(0), 0)
 * assert.ok(Math.abs(lr(100) - 1e-3) < 1e-12)
 * assert.ok(Math.abs(lr(1000)) < 1e-12)
 * ```
 *
 * @module
 * @since 0.1.0
 */
import { ValueError } from '../errors.js'
import { scheduleAt, type Schedule, type TraceableSchedule } from './base.js'
import * as S from './scalar.js'
import type { Scalar } from './scalar.js'

// ---- utils ----

const finite = (op: string, name: string, v: number): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${op}: ${name} must be a finite number, got ${String(v)}`)
  return v
}
const positive = (op: string, name: string, v: number): number => {
  if (!(finite(op, name, v) > 0)) throw new ValueError(`${op}: ${name} must be positive, got ${v}`)
  return v
}
const nonNegative = (op: string, name: string, v: number): number => {
  if (!(finite(op, name, v) >= 0)) throw new ValueError(`${op}: ${name} must be non-negative, got ${v}`)
  return v
}
/** A schedule from its formula on scalars (numbers or tensors). */
const traceable = (f: (count: Scalar) => Scalar): TraceableSchedule => f as TraceableSchedule

// ---- constructors ----

/**
 * The same value at every step.
 *
 * @example
 * schedules.constant(0.1)(1000)   // 0.1
 *
 * @category constructors
 * @since 0.1.0
 */
export const constant = (value: number): TraceableSchedule => {
  finite('constant', 'value', value)
  return traceable((count) => (typeof count === 'number' ? value : S.f64(value)))
}

/**
 * From `init` to `endValue` as `(1 - s/T)^power` over `T = transitionSteps`
 * steps, starting at `transitionBegin`; held at the ends.
 *
 * @example
 * schedules.polynomial({ init: 1, endValue: 0, power: 2, transitionSteps: 10 })(5)   // 0.25
 *
 * @category constructors
 * @since 0.1.0
 */
export const polynomial = ({ init, endValue, power, transitionSteps, transitionBegin = 0 }: {
  readonly init: number
  readonly endValue: number
  readonly power: number
  readonly transitionSteps: number
  readonly transitionBegin?: number
}): TraceableSchedule => {
  const op = 'polynomial'
  finite(op, 'init', init)
  finite(op, 'endValue', endValue)
  finite(op, 'power', power)
  positive(op, 'transitionSteps', transitionSteps)
  nonNegative(op, 'transitionBegin', transitionBegin)
  return traceable((count) => {
    const s = S.min(S.max(S.sub(count, transitionBegin), 0), transitionSteps)
    return S.add(S.mul(init - endValue, S.pow(S.sub(1, S.div(s, transitionSteps)), power)), endValue)
  })
}

/**
 * A straight line from `init` to `endValue` over `transitionSteps` steps,
 * starting at `transitionBegin`; held at the ends.
 *
 * @example
 * schedules.linear({ init: 1, endValue: 0, transitionSteps: 10 })(5)   // 0.5
 *
 * @category constructors
 * @since 0.1.0
 */
export const linear = (opts: {
  readonly init: number
  readonly endValue: number
  readonly transitionSteps: number
  readonly transitionBegin?: number
}): TraceableSchedule => polynomial({ ...opts, power: 1 })

/**
 * `init · decayRate^(s / transitionSteps)` with `s = count - transitionBegin`
 * (held at `init` before the begin); with `staircase` the exponent is floored.
 * `endValue` bounds the result: from below when decaying (`decayRate < 1`),
 * from above when growing.
 *
 * @example
 * schedules.exponentialDecay({ init: 1, transitionSteps: 10, decayRate: 0.5 })(20)   // 0.25
 *
 * @category constructors
 * @since 0.1.0
 */
export const exponentialDecay = ({ init, transitionSteps, decayRate, staircase = false, transitionBegin = 0, endValue }: {
  readonly init: number
  readonly transitionSteps: number
  readonly decayRate: number
  readonly staircase?: boolean
  readonly transitionBegin?: number
  readonly endValue?: number
}): TraceableSchedule => {
  const op = 'exponentialDecay'
  finite(op, 'init', init)
  positive(op, 'transitionSteps', transitionSteps)
  positive(op, 'decayRate', decayRate)
  nonNegative(op, 'transitionBegin', transitionBegin)
  if (endValue !== undefined) finite(op, 'endValue', endValue)
  return traceable((count) => {
    const s = S.sub(count, transitionBegin)
    const p = staircase ? S.floor(S.div(s, transitionSteps)) : S.div(s, transitionSteps)
    // both branches are computed for a tensor count: decayRate > 0 keeps the unused one finite
    const v = S.where(S.lessEqual(s, 0), init, S.mul(init, S.pow(decayRate, p)))
    return endValue === undefined ? v : decayRate < 1 ? S.max(v, endValue) : S.min(v, endValue)
  })
}

/**
 * Cosine decay from `init` to `alpha·init` over `decaySteps`, then held:
 * `init · ((1 - α)·(½(1 + cos(π·s/T)))^exponent + α)` with `s = min(count, T)`.
 *
 * @example
 * schedules.cosineDecay({ init: 1, decaySteps: 100 })(50)   // 0.5
 *
 * @see Loshchilov & Hutter, SGDR: Stochastic Gradient Descent with Warm Restarts, https://arxiv.org/abs/1608.03983
 * @category constructors
 * @since 0.1.0
 */
export const cosineDecay = ({ init, decaySteps, alpha = 0, exponent = 1 }: {
  readonly init: number
  readonly decaySteps: number
  readonly alpha?: number
  readonly exponent?: number
}): TraceableSchedule => {
  const op = 'cosineDecay'
  finite(op, 'init', init)
  positive(op, 'decaySteps', decaySteps)
  finite(op, 'alpha', alpha)
  positive(op, 'exponent', exponent)
  return traceable((count) => {
    const s = S.min(count, decaySteps)
    const c = S.mul(0.5, S.add(1, S.cos(S.div(S.mul(Math.PI, s), decaySteps))))
    return S.mul(init, S.add(S.mul(1 - alpha, S.pow(c, exponent)), alpha))
  })
}

/**
 * A linear warmup from `init` to `peakValue` over `warmupSteps`, then cosine
 * decay to `endValue`; `decaySteps` counts the warmup too.
 *
 * @example
 * const lr = schedules.warmupCosineDecay({ init: 0, peakValue: 1, warmupSteps: 10, decaySteps: 110 })
 * lr(5)    // 0.5
 * lr(60)   // 0.5
 *
 * @category constructors
 * @since 0.1.0
 */
export const warmupCosineDecay = ({ init, peakValue, warmupSteps, decaySteps, endValue = 0, exponent = 1 }: {
  readonly init: number
  readonly peakValue: number
  readonly warmupSteps: number
  readonly decaySteps: number
  readonly endValue?: number
  readonly exponent?: number
}): TraceableSchedule => {
  const op = 'warmupCosineDecay'
  finite(op, 'init', init)
  finite(op, 'peakValue', peakValue)
  finite(op, 'endValue', endValue)
  nonNegative(op, 'warmupSteps', warmupSteps)
  if (!(finite(op, 'decaySteps', decaySteps) > warmupSteps))
    throw new ValueError(`${op}: decaySteps (${decaySteps}) counts the warmup and must be larger than warmupSteps (${warmupSteps})`)
  const decay = cosineDecay({ init: peakValue, decaySteps: decaySteps - warmupSteps, alpha: peakValue === 0 ? 0 : endValue / peakValue, exponent })
  if (warmupSteps === 0) return decay
  return join([linear({ init, endValue: peakValue, transitionSteps: warmupSteps }), decay], [warmupSteps])
}

/**
 * `init`, multiplied by `scale` from each boundary on: at step `s` the value
 * is `init · Π { scale : boundary ≤ s }`. Boundaries are given as an object
 * (`{ 100: 0.1, 200: 0.1 }`) or as `[boundary, scale]` pairs.
 *
 * @example
 * const lr = schedules.piecewiseConstant(1, { 10: 0.5, 20: 0.5 })
 * [lr(9), lr(10), lr(25)]   // [1, 0.5, 0.25]
 *
 * @category constructors
 * @since 0.1.0
 */
export const piecewiseConstant = (
  init: number,
  boundariesAndScales: Readonly<Record<number, number>> | ReadonlyArray<readonly [number, number]> = {},
): TraceableSchedule => {
  const op = 'piecewiseConstant'
  finite(op, 'init', init)
  const pairs = (Array.isArray(boundariesAndScales)
    ? (boundariesAndScales as ReadonlyArray<readonly [number, number]>).map(([b, s]) => [b, s] as const)
    : Object.entries(boundariesAndScales).map(([b, s]) => [Number(b), s] as const)
  ).sort((a, b) => a[0] - b[0])
  for (const [b, s] of pairs) {
    finite(op, 'a boundary', b)
    if (!(finite(op, `the scale at ${b}`, s) >= 0)) throw new ValueError(`${op}: scales must be non-negative, got ${s} at boundary ${b}`)
  }
  return traceable((count) => pairs.reduce<Scalar>((v, [b, s]) => S.where(S.greaterEqual(count, b), S.mul(v, s), v), init))
}

/**
 * Run schedules one after another: `schedules[i + 1]` takes over at
 * `boundaries[i]` and sees the count since that boundary. With a tensor
 * count every part is evaluated (at counts before its boundary too, where
 * its value is not used) and `where` picks one: the parts must then be
 * traceable schedules.
 *
 * @example
 * const lr = schedules.join([schedules.constant(1), schedules.linear({ init: 1, endValue: 0, transitionSteps: 10 })], [100])
 * [lr(99), lr(105)]   // [1, 0.5]
 *
 * @category combinators
 * @since 0.1.0
 */
export const join = (parts: ReadonlyArray<Schedule>, boundaries: ReadonlyArray<number>): TraceableSchedule => {
  const op = 'join'
  if (parts.length === 0) throw new ValueError(`${op}: needs at least one schedule`)
  if (parts.some((s) => typeof s !== 'function')) throw new ValueError(`${op}: every schedule must be a function of the step count`)
  if (boundaries.length !== parts.length - 1)
    throw new ValueError(`${op}: ${parts.length} schedules need ${parts.length - 1} boundaries, got ${boundaries.length}`)
  boundaries.forEach((b, i) => {
    nonNegative(op, `boundaries[${i}]`, b)
    if (i > 0 && b < boundaries[i - 1]!) throw new ValueError(`${op}: boundaries must not decrease, got ${boundaries.join(', ')}`)
  })
  return traceable((count) =>
    typeof count === 'number'
      ? boundaries.reduce((v, b, i) => (count < b ? v : parts[i + 1]!(count - b)), parts[0]!(count))
      : boundaries.reduce<Scalar>((v, b, i) => S.where(S.less(count, b), v, scheduleAt(parts[i + 1]!, S.sub(count, b))), scheduleAt(parts[0]!, count)))
}
