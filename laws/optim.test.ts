/**
 * Every built-in gradient transformation, alias and wrapper runs through the
 * laws of laws/optim.ts (the list is the experiment catalogue's examples,
 * plus what only the library API can write): monoid laws with chain and identity, purity, state
 * structure, masking, multiSteps and applyIfFinite; plus scale composition
 * and injectHyperparams.
 */
import { describe, it } from 'vitest'
import { buildTransform, transformExamples } from '../src/experiment/index.js'
import { optim, tree, type Tensor } from '../src/index.js'
import {
  checkApplyIfFiniteLaws, checkInjectHyperparamsLaws, checkMaskedLaws, checkMultiStepsLaws, checkNesterovFormsLaws, checkScaleLaws, checkTransformLaws,
  convexTestLoss, optimArb, type OptimRunOptions,
} from './optim.js'

const { schedules } = optim
const lrSchedule = schedules.exponentialDecay({ init: 0.1, transitionSteps: 2, decayRate: 0.5 })
const newtonOpts: OptimRunOptions = { extra: { loss: convexTestLoss }, numRuns: 6, arb: optimArb.case({ steps: 2, dtypes: ['float64'] }), tolerance: { rtol: 1e-6, atol: 1e-8 } }

type Entry = readonly [string, () => optim.GradientTransformation<unknown>, OptimRunOptions?]

/**
 * Every entry of the experiment catalogue, from its example spec: the same
 * list the spec codec and the builder are derived from, so a new entry is
 * under the laws as soon as it has an example (test/experiment-catalogue
 * checks that every entry has one).
 */
const fromCatalogue: ReadonlyArray<Entry> = transformExamples.map(([name, spec]) =>
  [`${name} (spec)`, () => buildTransform(spec), /newton/i.test(name) ? newtonOpts : undefined])

/** What a spec cannot write: the positional forms, function masks and labels, and transforms the catalogue leaves out. */
const libraryOnly: ReadonlyArray<Entry> = [
  ['scaleBySchedule', () => optim.scaleBySchedule(lrSchedule)],
  ['scaleByLearningRate(number)', () => optim.scaleByLearningRate(0.1)],
  ['scaleByLearningRate(schedule)', () => optim.scaleByLearningRate(lrSchedule)],
  ['trace', () => optim.trace({ decay: 0.9 })],
  ['trace nesterov', () => optim.trace({ decay: 0.9, nesterov: true })],
  ['trace damped', () => optim.trace({ decay: 0.9, dampening: 0.9 })],
  ['trace damped debiased nesterov', () => optim.trace({ decay: 0.8, dampening: 0.5, debias: true, nesterov: true })],
  ['sgd damped debiased', () => optim.sgd(0.1, { momentum: 0.9, dampening: 0.9, debias: true })],
  ['ema', () => optim.ema({ decay: 0.9 })],
  ['scaleByAdam', () => optim.scaleByAdam()],
  ['scaleByRms', () => optim.scaleByRms()],
  ['scaleByRms bias-corrected, eps outside', () => optim.scaleByRms({ biasCorrection: true, epsInSqrt: false })],
  ['scaleByStddev', () => optim.scaleByStddev({ initialScale: 1 })],
  ['addDecayedWeights masked', () => optim.addDecayedWeights({ weightDecay: 0.1, mask: (p) => tree.map((x: Tensor) => x.ndim > 0, p) })],
  ['scaleByNewton dense', () => optim.scaleByNewton({ damping: 0.1 }), newtonOpts],
  ['sgd', () => optim.sgd(0.1)],
  ['adam(schedule)', () => optim.adam(lrSchedule)],
  ['rmsprop', () => optim.rmsprop(5e-3)],
  ['masked', () => optim.masked(optim.adam(0.1), (p) => tree.map((x: Tensor) => x.size > 1, p))],
  ['multiTransform', () => optim.multiTransform({ big: optim.adam(0.1), small: optim.sgd(0.1) }, (p) => tree.map((x: Tensor) => (x.size > 1 ? 'big' : 'small'), p))],
  ['injectHyperparams(adam)', () => optim.injectHyperparams(optim.adam)({ learningRate: lrSchedule, b1: 0.8 })],
]

const builtins: ReadonlyArray<Entry> = [...libraryOnly, ...fromCatalogue]

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
