/**
 * Every built-in gradient transformation, alias and wrapper runs through the
 * laws of laws/optim.ts: monoid laws with chain and identity, purity, state
 * structure, masking, multiSteps and applyIfFinite; plus scale composition
 * and injectHyperparams.
 */
import { describe, it } from 'vitest'
import { optim, tree, type Tensor } from '../src/index.js'
import {
  checkApplyIfFiniteLaws, checkInjectHyperparamsLaws, checkMaskedLaws, checkMultiStepsLaws, checkNesterovFormsLaws, checkScaleLaws, checkTransformLaws,
  convexTestLoss, optimArb, type OptimRunOptions,
} from './optim.js'

const { schedules } = optim
const lrSchedule = schedules.exponentialDecay({ init: 0.1, transitionSteps: 2, decayRate: 0.5 })
const newtonOpts: OptimRunOptions = { extra: { loss: convexTestLoss }, numRuns: 6, arb: optimArb.case({ steps: 2, dtypes: ['float64'] }), tolerance: { rtol: 1e-6, atol: 1e-8 } }

type Entry = readonly [string, () => optim.GradientTransformation<unknown>, OptimRunOptions?]

const builtins: ReadonlyArray<Entry> = [
  ['identity', () => optim.identity()],
  ['scale', () => optim.scale(-0.5)],
  ['scaleBySchedule', () => optim.scaleBySchedule(lrSchedule)],
  ['scaleByLearningRate(number)', () => optim.scaleByLearningRate(0.1)],
  ['scaleByLearningRate(schedule)', () => optim.scaleByLearningRate(lrSchedule)],
  ['trace', () => optim.trace({ decay: 0.9 })],
  ['trace nesterov', () => optim.trace({ decay: 0.9, nesterov: true })],
  ['trace damped', () => optim.trace({ decay: 0.9, dampening: 0.9 })],
  ['trace damped debiased nesterov', () => optim.trace({ decay: 0.8, dampening: 0.5, debias: true, nesterov: true })],
  ['sgd damped debiased', () => optim.sgd(0.1, { momentum: 0.9, dampening: 0.9, debias: true })],
  ['ema', () => optim.ema({ decay: 0.9 })],
  ['ema no debias', () => optim.ema({ decay: 0.5, debias: false })],
  ['scaleByAdam', () => optim.scaleByAdam()],
  ['scaleByAdam nesterov epsRoot', () => optim.scaleByAdam({ nesterov: true, epsRoot: 1e-8 })],
  ['scaleByRms', () => optim.scaleByRms()],
  ['scaleByRms bias-corrected, eps outside', () => optim.scaleByRms({ biasCorrection: true, epsInSqrt: false })],
  ['scaleByStddev', () => optim.scaleByStddev({ initialScale: 1 })],
  ['scaleByRss', () => optim.scaleByRss()],
  ['addDecayedWeights', () => optim.addDecayedWeights({ weightDecay: 0.1 })],
  ['addDecayedWeights masked', () => optim.addDecayedWeights({ weightDecay: 0.1, mask: (p) => tree.map((x: Tensor) => x.ndim > 0, p) })],
  ['clip', () => optim.clip(1)],
  ['clipByGlobalNorm', () => optim.clipByGlobalNorm(2)],
  ['scaleByNewton dense', () => optim.scaleByNewton({ damping: 0.1 }), newtonOpts],
  ['scaleByNewton cg', () => optim.scaleByNewton({ damping: 0.1, mode: 'cg' }), newtonOpts],
  ['sgd', () => optim.sgd(0.1)],
  ['sgd momentum', () => optim.sgd(0.1, { momentum: 0.9, nesterov: true })],
  ['adam', () => optim.adam(0.1)],
  ['adam(schedule)', () => optim.adam(lrSchedule)],
  ['adamw', () => optim.adamw(0.1, { weightDecay: 0.01 })],
  ['nadam', () => optim.nadam(0.01)],
  ['rmsprop', () => optim.rmsprop(5e-3)],
  ['rmsprop centered momentum', () => optim.rmsprop(5e-3, { centered: true, momentum: 0.9, initialScale: 1 })],
  ['adagrad', () => optim.adagrad(1)],
  ['newton', () => optim.newton(1, { damping: 0.1 }), newtonOpts],
  ['chain', () => optim.chain(optim.clip(3), optim.scaleByAdam(), optim.scale(-0.01))],
  ['masked', () => optim.masked(optim.adam(0.1), (p) => tree.map((x: Tensor) => x.size > 1, p))],
  ['multiTransform', () => optim.multiTransform({ big: optim.adam(0.1), small: optim.sgd(0.1) }, (p) => tree.map((x: Tensor) => (x.size > 1 ? 'big' : 'small'), p))],
  ['injectHyperparams(adam)', () => optim.injectHyperparams(optim.adam)({ learningRate: lrSchedule, b1: 0.8 })],
  ['applyIfFinite', () => optim.applyIfFinite(optim.adam(0.1), { maxConsecutiveErrors: 2 })],
  ['multiSteps', () => optim.multiSteps(optim.adam(0.1), { everyK: 2 })],
]

describe('laws/optim: every built-in transformation', () => {
  for (const [name, make, opts] of builtins) {
    describe(name, () => {
      const o: OptimRunOptions = { numRuns: 10, ...opts }
      it('chain/identity monoid laws, purity, state structure', () => checkTransformLaws(make, o))
      it('masked: masked-out leaves are untouched', () => checkMaskedLaws(make, { ...o, numRuns: Math.min(o.numRuns ?? 10, 6) }))
      it('multiSteps with k equal gradients is one step', () => checkMultiStepsLaws(make, { ...o, arb: undefined, numRuns: Math.min(o.numRuns ?? 10, 6) }))
      it('applyIfFinite leaves parameters unchanged on NaN', () => checkApplyIfFiniteLaws(make, { ...o, arb: undefined, numRuns: Math.min(o.numRuns ?? 10, 6) }))
    })
  }
})

describe('laws/optim: look-ahead Nesterov (needs the loss)', () => {
  it('chain/identity monoid laws, purity, state structure', () =>
    checkTransformLaws(() => optim.sgd(0.05, { momentum: 0.9, dampening: 0.1, nesterov: 'lookahead' }), newtonOpts))
})

describe('laws/optim: specific laws', () => {
  it('Nesterov: the look-ahead and reparametrized forms give the same iterates (φ = θ − η·β·u)', () =>
    checkNesterovFormsLaws({ numRuns: 15 }))
  it('scale(a) then scale(b) equals scale(a·b)', () => checkScaleLaws())
  it('injectHyperparams(adam) equals adam (constant learning rate)', () =>
    checkInjectHyperparamsLaws(optim.adam, { learningRate: 0.1, b1: 0.8, eps: 1e-6 }, { numRuns: 10 }))
  it('injectHyperparams(adam) equals adam (scheduled learning rate)', () =>
    checkInjectHyperparamsLaws(optim.adam, { learningRate: lrSchedule }, { numRuns: 10 }))
  it('injectHyperparams(sgd) equals sgd (momentum is a hyperparameter too)', () =>
    checkInjectHyperparamsLaws(optim.sgd, { learningRate: 0.1, momentum: 0.9, nesterov: true }, { numRuns: 10 }))
  it('injectHyperparams(scaleByAdam) equals scaleByAdam', () =>
    checkInjectHyperparamsLaws(optim.scaleByAdam, { b1: 0.5, b2: 0.9 }, { numRuns: 10 }))
})
