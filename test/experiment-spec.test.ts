import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { buildTransform, decodeSpec, learningRateAt } from '../src/experiment/index.js'
import { optim, tensor } from '../src/index.js'

const base = {
  name: 't', seed: 1, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [4] },
  optimizer: { sgd: { learningRate: 0.1 } }, steps: 3, batchSize: 8,
}
const errorsOf = (json: unknown): string[] => {
  const r = decodeSpec(json)
  if (E.isRight(r)) throw new Error('expected the spec to be rejected')
  return r.left
}

describe('decodeSpec', () => {
  it('accepts a minimal spec and keeps its fields', () => {
    const r = decodeSpec(base)
    expect(E.isRight(r)).toBe(true)
    if (E.isRight(r)) expect(r.right.optimizer).toEqual({ sgd: { learningRate: 0.1 } })
  })

  it('names the path of a bad hyperparameter as in the issue', () => {
    const errs = errorsOf({ ...base, optimizer: { chain: [{ clipByGlobalNorm: { maxNorm: 1 } }, { scaleByAdam: { b1: 1.5 } }] } })
    expect(errs).toEqual(['optimizer.chain[1].scaleByAdam.b1: expected a number in [0, 1), got 1.5'])
  })

  it('reports every problem at once, each with its path', () => {
    const errs = errorsOf({
      name: '', seed: -1, data: { kind: 'nope' }, model: { kind: 'mlp', hidden: [0], extra: true },
      optimizer: { bogus: {} }, batchSize: 0,
    })
    expect(errs).toEqual(expect.arrayContaining([
      'name: expected a non-empty string, got ""',
      'seed: expected an integer in [0, 9007199254740991], got -1',
      expect.stringMatching(/^data\.kind: expected data with "kind" one of/),
      'model.hidden[0]: expected an integer >= 1, got 0',
      expect.stringMatching(/^model\.extra: unknown field/),
      expect.stringMatching(/^optimizer: unknown transform "bogus"/),
      'batchSize: expected an integer >= 1, got 0',
      '(root): give exactly one of "steps" and "epochs" (got neither)',
    ]))
    expect(errs.length).toBe(8)
  })

  it('requires exactly one of steps and epochs', () => {
    expect(errorsOf({ ...base, epochs: 2 })).toEqual(['(root): give exactly one of "steps" and "epochs" (got both)'])
  })

  it('decodes schedules, wrappers, masks and labels', () => {
    const spec = {
      ...base,
      optimizer: {
        chain: [
          { applyIfFinite: { transform: { clipByGlobalNorm: { maxNorm: 1 } }, maxConsecutiveErrors: 3 } },
          { multiTransform: { transforms: { decay: { addDecayedWeights: { weightDecay: 1e-4 } }, none: { identity: {} } }, labels: { weights: 'decay', biases: 'none' } } },
          { masked: { transform: { trace: { decay: 0.9, nesterov: true } }, mask: { pathMatches: '\\.w$' } } },
          { multiSteps: { transform: { scaleByAdam: { b1: 0.9 } }, everyK: 2 } },
          { scaleByLearningRate: { learningRate: { join: { schedules: [{ linear: { init: 0, endValue: 0.1, transitionSteps: 10 } }, { cosineDecay: { init: 0.1, decaySteps: 100 } }], boundaries: [10] } } } },
        ],
      },
    }
    const r = decodeSpec(spec)
    expect(E.isRight(r)).toBe(true)
    const decoded = E.getOrElseW(() => expect.unreachable('the spec decodes'))(r)
    const t = buildTransform(decoded.optimizer)
    const params = [{ w: tensor([[1, 2]]), b: tensor([3]) }]
    const grads = [{ w: tensor([[1, 1]]), b: tensor([1]) }]
    // step 0: multiSteps (everyK 2) only accumulates, and the rate is 0: the parameters stay as they are
    const [u0, s1] = t.update(grads, t.init(params), params)
    const p1 = optim.applyUpdates(params, u0)
    expect(p1[0]!.w.toArray()).toEqual([[1, 2]])
    expect(p1[0]!.b.toArray()).toEqual([3])
    // step 1: Adam's first real step is ±1 per element (bias-corrected), times the rate at count 1 (linear: 0.01)
    const [u1] = t.update(grads, s1, p1)
    const step = optim.applyUpdates(params, u1)
    const [w0, w1] = step[0]!.w.data()
    expect(w0).toBeCloseTo(1 - 0.01, 6)
    expect(w1).toBeCloseTo(2 - 0.01, 6)
    expect(step[0]!.b.data()[0]).toBeCloseTo(3 - 0.01, 6)
    expect(learningRateAt(decoded.optimizer, 0)).toBe(0)
    expect(learningRateAt(decoded.optimizer, 5)).toBeCloseTo(0.05, 12)
  })

  it('rejects unknown schedule and initializer names with their paths', () => {
    const errs = errorsOf({ ...base, init: { kernel: 'bogus' }, optimizer: { adam: { learningRate: { cosine: {} } } } })
    expect(errs).toEqual(expect.arrayContaining([
      expect.stringMatching(/^init\.kernel: expected one of "glorotUniform"/),
      expect.stringMatching(/^optimizer\.adam\.learningRate: unknown schedule "cosine"/),
    ]))
  })
})
