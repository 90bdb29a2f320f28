/**
 * Schedules: values at chosen steps (worked out by hand from optax's
 * formulas) and the argument checks at construction.
 */
import { describe, expect, it } from 'vitest'
import { optim, tensor, ValueError } from '../src/index.js'

const { schedules } = optim
const at = (s: optim.Schedule, counts: number[]) => counts.map((c) => s(c))
const near = (got: number[], want: number[]) => got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 12))

describe('schedules', () => {
  it('constant', () => {
    expect(at(schedules.constant(0.3), [0, 10, 1e6])).toEqual([0.3, 0.3, 0.3])
  })

  it('linear: from init to endValue over transitionSteps after transitionBegin, held at both ends', () => {
    const s = schedules.linear({ init: 1, endValue: 0.5, transitionSteps: 10, transitionBegin: 5 })
    near(at(s, [0, 5, 10, 15, 100]), [1, 1, 0.75, 0.5, 0.5])
  })

  it('polynomial', () => {
    near(at(schedules.polynomial({ init: 1, endValue: 0, power: 2, transitionSteps: 10 }), [0, 5, 10]), [1, 0.25, 0])
  })

  it('exponentialDecay: continuous, staircase, transitionBegin and endValue', () => {
    near(at(schedules.exponentialDecay({ init: 2, transitionSteps: 10, decayRate: 0.5 }), [0, 5, 10, 20]), [2, 2 * 0.5 ** 0.5, 1, 0.5])
    near(at(schedules.exponentialDecay({ init: 2, transitionSteps: 10, decayRate: 0.5, staircase: true }), [9, 10, 19, 20]), [2, 1, 1, 0.5])
    near(at(schedules.exponentialDecay({ init: 2, transitionSteps: 10, decayRate: 0.5, transitionBegin: 10 }), [0, 10, 20]), [2, 2, 1])
    // decaying: endValue is a lower bound; growing: an upper bound
    near(at(schedules.exponentialDecay({ init: 2, transitionSteps: 10, decayRate: 0.5, endValue: 0.75 }), [10, 20, 100]), [1, 0.75, 0.75])
    near(at(schedules.exponentialDecay({ init: 1, transitionSteps: 10, decayRate: 2, endValue: 3 }), [10, 20]), [2, 3])
  })

  it('cosineDecay: init·((1-α)·(½(1 + cos πs/T))^exponent + α), held after T', () => {
    near(at(schedules.cosineDecay({ init: 2, decaySteps: 100 }), [0, 50, 100, 200]), [2, 1, 0, 0])
    near(at(schedules.cosineDecay({ init: 2, decaySteps: 100, alpha: 0.5 }), [50, 100]), [1.5, 1])
    near(at(schedules.cosineDecay({ init: 1, decaySteps: 100, exponent: 2 }), [50]), [0.25])
  })

  it('warmupCosineDecay: linear warmup to the peak, then cosine to endValue; decaySteps includes the warmup', () => {
    const s = schedules.warmupCosineDecay({ init: 0, peakValue: 1, warmupSteps: 10, decaySteps: 110, endValue: 0.2 })
    near(at(s, [0, 5, 10, 60, 110, 500]), [0, 0.5, 1, 0.6, 0.2, 0.2])
    near(at(schedules.warmupCosineDecay({ init: 0, peakValue: 1, warmupSteps: 0, decaySteps: 10 }), [0, 5]), [1, 0.5])
  })

  it('piecewiseConstant: multiplies by each scale from its boundary on (object or pairs)', () => {
    near(at(schedules.piecewiseConstant(1, { 10: 0.5, 20: 0.1 }), [0, 9, 10, 19, 20, 30]), [1, 1, 0.5, 0.5, 0.05, 0.05])
    near(at(schedules.piecewiseConstant(1, [[20, 0.1], [10, 0.5]]), [15, 25]), [0.5, 0.05])
    expect(schedules.piecewiseConstant(3)(100)).toBe(3)
  })

  it('join: each schedule takes over at its boundary and counts from there', () => {
    const s = schedules.join([schedules.constant(1), schedules.linear({ init: 1, endValue: 0, transitionSteps: 10 }), schedules.constant(7)], [100, 200])
    near(at(s, [0, 99, 100, 105, 110, 199, 200]), [1, 1, 1, 0.5, 0, 0, 7])
  })

  it('invalid arguments are a ValueError at construction, naming the argument', () => {
    const bad: Array<[() => unknown, RegExp]> = [
      [() => schedules.constant(NaN), /value must be a finite number/],
      [() => schedules.linear({ init: 1, endValue: 0, transitionSteps: 0 }), /transitionSteps must be positive/],
      [() => schedules.linear({ init: 1, endValue: 0, transitionSteps: 10, transitionBegin: -1 }), /transitionBegin must be non-negative/],
      [() => schedules.exponentialDecay({ init: 1, transitionSteps: 10, decayRate: 0 }), /decayRate must be positive/],
      [() => schedules.exponentialDecay({ init: 1, transitionSteps: -5, decayRate: 0.5 }), /transitionSteps must be positive/],
      [() => schedules.cosineDecay({ init: 1, decaySteps: 0 }), /decaySteps must be positive/],
      [() => schedules.warmupCosineDecay({ init: 0, peakValue: 1, warmupSteps: 10, decaySteps: 10 }), /larger than warmupSteps/],
      [() => schedules.piecewiseConstant(1, { 10: -0.5 }), /scales must be non-negative/],
      [() => schedules.join([schedules.constant(1), schedules.constant(2)], []), /2 schedules need 1 boundaries/],
      [() => schedules.join([schedules.constant(1), schedules.constant(2), schedules.constant(3)], [20, 10]), /must not decrease/],
      [() => schedules.join([], []), /at least one schedule/],
    ]
    for (const [f, msg] of bad) {
      expect(f).toThrow(ValueError)
      expect(f).toThrow(msg)
    }
  })

  it('a schedule as a learning rate is evaluated at the count before it is incremented', () => {
    const opt = optim.optimizer(optim.sgd(schedules.piecewiseConstant(1, { 1: 0.5 })))
    const one = tensor([1], { dtype: 'float64' })
    const s1 = opt.step(opt.init(tensor([0], { dtype: 'float64' })), one) // lr(0) = 1
    const s2 = opt.step(s1, one) // lr(1) = 0.5
    expect(s1.params.toArray()).toEqual([-1])
    expect(s2.params.toArray()).toEqual([-1.5])
    expect(s2.inner[1]).toEqual({ count: 2 })
  })
})
