/**
 * The experiment catalogue is the one list: the spec codec accepts exactly
 * its names, the builder builds every one, every transform has an example
 * (which the law tests in laws/optim.test.ts run), and the activation, loss
 * and initializer names are those of the library.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  aliasCatalogue, buildInitializer, buildOptimizer, dataCatalogue, decodeSpec, initializerCatalogue, lossCatalogue, namedInitializers,
  prepare, scheduleCatalogue, transformCatalogue, transformExamples,
} from '../src/experiment/index.js'
import { add, nn, random, square, sum, tensor } from '../src/index.js'

const base = {
  name: 't', seed: 1, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [4] },
  optimizer: { sgd: { learningRate: 0.1 } }, steps: 3, batchSize: 8,
}
const decodes = (patch: object): boolean => E.isRight(decodeSpec({ ...base, ...patch }))

describe('the experiment catalogue', () => {
  it('has an example of every transform, and of injectHyperparams with every alias', () => {
    const tags = new Set(transformExamples.map(([, spec]) => Object.keys(spec)[0]))
    expect([...tags].sort()).toEqual(Object.keys(transformCatalogue).sort())
    const injected = new Set(transformExamples.flatMap(([, spec]) => ('injectHyperparams' in spec ? Object.keys(spec.injectHyperparams as object) : [])))
    expect([...injected].sort()).toEqual(Object.keys(aliasCatalogue).sort())
  })

  it.each(transformExamples)('%s: decodes in a spec, builds, and takes a step', (_name, optimizer) => {
    expect(decodes({ optimizer })).toBe(true)
    const b = buildOptimizer(optimizer)
    const params = { w: tensor([[1, 2]]), b: tensor([3]) }
    const grads = { w: tensor([[0.5, -1]]), b: tensor([2]) }
    const loss = (p: typeof params) => add(sum(square(p.w)), sum(square(p.b)))
    const [u] = b.transform.update(grads, b.transform.init(params), params, { loss })
    expect(Object.keys(u as object).sort()).toEqual(['b', 'w'])
  })

  it('rejects a name that is not in it, listing the ones that are', () => {
    const r = decodeSpec({ ...base, optimizer: { adamax: { learningRate: 0.1 } } })
    expect(E.isLeft(r) && r.left[0]).toBe(`optimizer: unknown transform "adamax" (expected one of: ${Object.keys(transformCatalogue).join(', ')})`)
  })

  it('accepts every schedule, dataset, initializer, activation and loss it names, and nothing else', () => {
    const schedules: Record<keyof typeof scheduleCatalogue, unknown> = {
      constant: 0.1, linear: { init: 0, endValue: 1, transitionSteps: 5 }, exponentialDecay: { init: 1, transitionSteps: 2, decayRate: 0.5 },
      cosineDecay: { init: 1, decaySteps: 5 }, warmupCosineDecay: { init: 0, peakValue: 1, warmupSteps: 2, decaySteps: 5 },
      piecewiseConstant: { init: 1, boundariesAndScales: { 2: 0.5 } }, join: { schedules: [0.1, { constant: 0.01 }], boundaries: [2] },
    }
    for (const [k, v] of Object.entries(schedules)) expect(decodes({ optimizer: { sgd: { learningRate: { [k]: v } } } }), k).toBe(true)
    for (const kind of Object.keys(dataCatalogue)) expect(decodes({ data: { kind } }), kind).toBe(true)
    for (const k of Object.keys(namedInitializers)) expect(decodes({ init: { kernel: k } }), k).toBe(true)
    const args: Record<keyof typeof initializerCatalogue, unknown> = {
      normal: { stddev: 0.1 }, uniform: { scale: 0.1 }, truncatedNormal: { stddev: 0.1 }, constant: { value: 0.5 },
      varianceScaling: { scale: 1, mode: 'fan_in', distribution: 'normal' },
    }
    for (const [k, v] of Object.entries(args)) expect(decodes({ init: { kernel: { [k]: v } } }), k).toBe(true)
    for (const activation of Object.keys(nn.activations)) expect(decodes({ model: { kind: 'mlp', hidden: [4], activation } }), activation).toBe(true)
    for (const loss of Object.keys(lossCatalogue)) expect(decodes({ model: { kind: 'mlp', hidden: [4], loss } }), loss).toBe(true)
    expect(decodes({ model: { kind: 'mlp', hidden: [4], activation: 'swish' } })).toBe(false)
    expect(decodes({ model: { kind: 'mlp', hidden: [4], loss: 'hinge' } })).toBe(false)
  })

  it('builds the named initializers as the library does', () => {
    const key = random.key(3)
    for (const k of Object.keys(namedInitializers)) {
      const mine = buildInitializer(k as keyof typeof namedInitializers)(key, [3, 4])
      expect(mine.shape, k).toEqual([3, 4])
    }
    expect(buildInitializer({ constant: { value: 0.5 } })(key, [2]).toArray()).toEqual([0.5, 0.5])
  })

  it('builds a dataset of the size it predicts', () => {
    const spec = decodeSpec({ ...base, data: { kind: 'spirals', nPerClass: 20, classes: 4, testFraction: 0.25 } })
    const p = prepare(E.getOrElseW(() => expect.unreachable('the spec decodes'))(spec))
    expect(p.train.x.shape[0]! + p.test.x.shape[0]!).toBe(80)
    expect(p.inputDim).toBe(2)
    expect(p.outputDim).toBe(4)
  })

  it('rejects a spec that did not come through decodeSpec with a path-named ValueError, not a TypeError', () => {
    expect(() => buildOptimizer({ constructor: {} })).toThrow(/transform: unknown transform "constructor"/)
    expect(() => buildOptimizer({ adam: { learningRate: 'fast' } })).toThrow(/^transform\.adam\.learningRate: expected a number, got "fast"/)
  })
})
