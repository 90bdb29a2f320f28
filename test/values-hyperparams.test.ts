/**
 * Hyperparameters in the library (issue 11): a bad hyperparameter is a
 * ValueError when the transformation is built, naming the argument and the
 * range it must lie in; it used to give NaN parameters, or a raw TypeError at
 * the first step.
 */
import { describe, expect, it } from 'vitest'
import { ValueError, optim, tensor, type Tensor } from '../src/index.js'

const { schedules } = optim
type Build = () => unknown

/** Building throws a ValueError whose message matches `pattern`. */
const rejects = (build: Build, pattern: RegExp): void => {
  let err: unknown
  try {
    build()
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(ValueError)
  expect((err as Error).message).toMatch(pattern)
}

const bad = (v: unknown): never => v as never

describe('learning rates', () => {
  const aliases = { sgd: optim.sgd, adam: optim.adam, adamw: optim.adamw, nadam: optim.nadam, rmsprop: optim.rmsprop, adagrad: optim.adagrad, newton: optim.newton }
  for (const [name, alias] of Object.entries(aliases)) {
    const f = alias as (lr: unknown, opts?: unknown) => unknown
    it(`${name} refuses NaN, ±Infinity, negative numbers and strings, naming learningRate and its range`, () => {
      for (const lr of [NaN, Infinity, -Infinity, -0.1, 'fast', null, undefined])
        rejects(() => f(lr), new RegExp(`^${name}: learningRate must be a number in \\[0, ∞\\) or a schedule \\(a function of the step count\\), got`))
      rejects(() => f({ learningRate: NaN }), new RegExp(`^${name}: learningRate must be`))
    })
    it(`${name} accepts a number, zero, a schedule and the object form`, () => {
      expect(() => f(0.1)).not.toThrow()
      expect(() => f(0)).not.toThrow()
      expect(() => f(schedules.cosineDecay({ init: 0.1, decaySteps: 10 }))).not.toThrow()
      expect(() => f({ learningRate: 0.1 })).not.toThrow()
    })
  }

  it('names the string it got', () => {
    rejects(() => optim.adam(bad('fast')), /adam: learningRate must be .*, got 'fast'$/)
    rejects(() => optim.sgd(Infinity), /sgd: learningRate must be .*, got Infinity$/)
  })

  it('scaleByLearningRate checks too, and a schedule that yields NaN fails at its step', () => {
    rejects(() => optim.scaleByLearningRate(NaN), /^scaleByLearningRate: learningRate must be/)
    const t = optim.scaleByLearningRate(() => NaN)
    expect(() => t.update({ w: tensor([1]) }, t.init({ w: tensor([1]) }))).toThrow(/scaleBySchedule: the schedule gave NaN at step 0/)
  })
})

describe('options are checked against their ranges', () => {
  it.each<[string, Build, RegExp]>([
    ['adam b1 = 1', () => optim.adam(0.1, { b1: 1 }), /^scaleByAdam: b1 must be a number in \[0, 1\), got 1$/],
    ['adam b1 = NaN', () => optim.adam(0.1, { b1: NaN }), /^scaleByAdam: b1 must be a number in \[0, 1\), got NaN$/],
    ['adam b2 = -0.1', () => optim.adam(0.1, { b2: -0.1 }), /^scaleByAdam: b2 must be a number in \[0, 1\)/],
    ['adam eps = -1', () => optim.adam(0.1, { eps: -1 }), /^scaleByAdam: eps must be a non-negative number in \[0, ∞\), got -1$/],
    ['adam epsRoot = Infinity', () => optim.adam(0.1, { epsRoot: Infinity }), /^scaleByAdam: epsRoot must be a non-negative number/],
    ['adam nesterov = "yes"', () => optim.scaleByAdam({ nesterov: bad('yes') }), /^scaleByAdam: nesterov must be true or false, got 'yes'$/],
    ['nadam b1 = 1', () => optim.nadam(0.1, { b1: 1 }), /^scaleByAdam: b1 must be a number in \[0, 1\)/],
    ['adamw weightDecay = -1', () => optim.adamw(0.1, { weightDecay: -1 }), /^addDecayedWeights: weightDecay must be a non-negative number/],
    ['adamw weightDecay = NaN', () => optim.adamw(0.1, { weightDecay: NaN }), /weightDecay must be a non-negative number in \[0, ∞\), got NaN/],
    ['sgd momentum = 1.5', () => optim.sgd(0.1, { momentum: 1.5 }), /^sgd: momentum must be a number in \[0, 1\], got 1.5$/],
    ['sgd momentum = NaN', () => optim.sgd(0.1, { momentum: NaN }), /^sgd: momentum must be a number in \[0, 1\]/],
    ['rmsprop decay = 1', () => optim.rmsprop(0.1, { decay: 1 }), /^scaleByRms: decay must be a number in \[0, 1\)/],
    ['rmsprop centered decay = 2', () => optim.rmsprop(0.1, { decay: 2, centered: true }), /^scaleByStddev: decay must be/],
    ['rmsprop momentum = -1', () => optim.rmsprop(0.1, { momentum: -1 }), /^rmsprop: momentum must be a number in \[0, 1\]/],
    ['rmsprop initialScale = -1', () => optim.rmsprop(0.1, { initialScale: -1 }), /^scaleByRms: initialScale must be/],
    ['adagrad initialAccumulatorValue = -1', () => optim.adagrad(0.1, { initialAccumulatorValue: -1 }), /^scaleByRss: initialAccumulatorValue must be/],
    ['adagrad eps = NaN', () => optim.adagrad(0.1, { eps: NaN }), /^scaleByRss: eps must be/],
    ['newton damping = Infinity', () => optim.newton(1, { damping: Infinity }), /^scaleByNewton: damping must be a non-negative number/],
    ['newton maxIter = 0', () => optim.newton(1, { mode: 'cg', maxIter: 0 }), /^scaleByNewton: maxIter must be a positive integer, got 0$/],
    ['newton tol = -1', () => optim.newton(1, { mode: 'cg', tol: -1 }), /^scaleByNewton: tol must be/],
    ['newton dtype = int32', () => optim.newton(1, { dtype: bad('int32') }), /^scaleByNewton: dtype must be one of 'float32', 'float64', got 'int32'$/],
    ['trace decay missing', () => optim.trace(bad({})), /^trace: decay must be a number in \[0, 1\], got undefined$/],
    ['ema decay = 1', () => optim.ema({ decay: 1 }), /^ema: decay must be a number in \[0, 1\), got 1$/],
    ['scale NaN', () => optim.scale(NaN), /^scale: step must be a finite number or a float scalar tensor, got NaN$/],
    ['scale string', () => optim.scale(bad('2')), /^scale: step must be a finite number or a float scalar tensor, got '2'$/],
    ['clip string', () => optim.clip(bad('1')), /^clip: maxDelta must be a non-negative number/],
    ['clipByGlobalNorm -1', () => optim.clipByGlobalNorm(-1), /^clipByGlobalNorm: maxNorm must be a positive number/],
    ['scaleBySchedule not a function', () => optim.scaleBySchedule(bad(0.1)), /^scaleBySchedule: schedule must be a function/],
    ['multiSteps useGradMean', () => optim.multiSteps(optim.sgd(0.1), { everyK: 2, useGradMean: bad(1) }), /^multiSteps: useGradMean must be true or false/],
    ['options not an object', () => optim.adam(0.1, bad('fast')), /^adam: the options must be an object, got 'fast'$/],
    ['options twice', () => optim.adam(bad({ learningRate: 0.1 }), {}), /^adam: pass the options either/],
  ])('%s', (_, build, pattern) => rejects(build, pattern))

  it('the boundaries that make sense are allowed', () => {
    expect(() => optim.adam(0.1, { b1: 0, b2: 0, eps: 0 })).not.toThrow()
    expect(() => optim.sgd(0.1, { momentum: 0 })).not.toThrow()
    expect(() => optim.sgd(0.1, { momentum: 1 })).not.toThrow()
    expect(() => optim.clip(Infinity)).not.toThrow()
    expect(() => optim.ema({ decay: 0 })).not.toThrow()
  })
})

describe('transform arguments must be transformations', () => {
  it.each<[string, Build, RegExp]>([
    ['chain of a factory', () => optim.chain(optim.clip(1), bad(optim.adam)), /^chain: argument 1 must be a gradient transformation .*did you forget to call it/],
    ['chain of a number', () => optim.chain(bad(3)), /^chain: argument 0 must be a gradient transformation/],
    ['masked', () => optim.masked(bad(null), true), /^masked: the transform must be a gradient transformation/],
    ['masked with a numeric mask', () => optim.masked(optim.sgd(0.1), bad(3)), /^masked: mask must be a tree of booleans/],
    ['multiTransform', () => optim.multiTransform({ a: bad(optim.sgd) }, 'a'), /^multiTransform: the transform for 'a' must be a gradient transformation/],
    ['applyIfFinite', () => optim.applyIfFinite(bad({}), { maxConsecutiveErrors: 1 }), /^applyIfFinite: the transform must be/],
    ['multiSteps', () => optim.multiSteps(bad(undefined), { everyK: 2 }), /^multiSteps: the transform must be/],
    ['optimizer', () => optim.optimizer(bad(optim.adam)), /^optimizer: the transform must be .*did you forget to call it/],
    ['injectHyperparams factory', () => optim.injectHyperparams(bad(3)), /^injectHyperparams: factory must be a function/],
  ])('%s', (_, build, pattern) => rejects(build, pattern))
})

describe('injectHyperparams checks through the factory', () => {
  it('at construction', () => {
    rejects(() => optim.injectHyperparams(optim.adam)({ learningRate: NaN }), /^adam: learningRate must be/)
    rejects(() => optim.injectHyperparams(optim.adam)({ learningRate: 0.1, b1: 1 }), /^scaleByAdam: b1 must be/)
  })

  it('and when a value set in the state is out of range, at the next update', () => {
    const t = optim.injectHyperparams(optim.adam)({ learningRate: 0.1 })
    const p = { w: tensor([1, 2]) }
    const s = t.init(p)
    expect(() => t.update(p, { ...s, hyperparams: { learningRate: -1 } }, p)).toThrow(/adam: learningRate must be/)
  })
})

describe('no NaN parameters from a bad hyperparameter', () => {
  it('a valid optimizer still trains to finite parameters', () => {
    const opt = optim.optimizer(optim.adam(0.1, { b1: 0.5 }))
    const s = opt.step(opt.init({ w: tensor([1, 2]) }), { w: tensor([0.5, -0.5]) })
    const w: Tensor = s.params.w
    expect(Array.from(w.data()).every(Number.isFinite)).toBe(true)
  })
})
