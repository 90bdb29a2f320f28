/**
 * Bad specs are rejected by `decodeSpec` up front, each with its path: unsafe
 * names, prototype-named keys under every tagged union, errors that used to
 * surface only after training (a bad regex, an unknown label, a bad boundary,
 * deep nesting) and sizes past the documented caps. Also: the learning rate a
 * run records is read from the optimizer's state.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  buildOptimizer, compareProblems, decodeSpec, learningRateAt, MAX_SPEC_DEPTH, prepare, run, start, type Spec,
} from '../src/experiment/index.js'
import { optim } from '../src/index.js'
import { BAD, BASE, nest } from './spec-hardening.cases.js'

const errorsOf = (u: unknown): string[] => {
  const r = decodeSpec(u)
  if (E.isRight(r)) throw new Error(`expected the spec to be rejected: ${JSON.stringify(u)?.slice(0, 200)}`)
  return r.left
}

describe('decodeSpec rejects bad specs up front, each with its path', () => {
  it.each(BAD)('%s', (_what, spec, path) => {
    const errs = errorsOf(spec)
    expect(errs.some((e) => e.startsWith(path)), errs.join('\n')).toBe(true)
  })

  it('bounds nesting: a spec 2000 deep is a Left naming where the limit was passed, never a stack overflow', () => {
    const errs = errorsOf({ ...BASE, optimizer: nest(2000) })
    expect(errs).toHaveLength(1)
    // the 64th level below the root is the array of the 32nd chain
    expect(MAX_SPEC_DEPTH).toBe(64)
    expect(errs[0]).toBe(`optimizer${'.chain[0]'.repeat(31)}.chain: nested deeper than 64 levels`)
    // a cyclic value is bounded the same way
    const cyclic: Record<string, unknown> = { ...BASE }
    cyclic.optimizer = { chain: [cyclic] }
    expect(errorsOf(cyclic)[0]).toMatch(/nested deeper than/)
  })

  it('still accepts a reasonably deep spec', () => {
    expect(E.isRight(decodeSpec({ ...BASE, optimizer: nest(20) }))).toBe(true)
  })

  it('keeps a "constructor" label as an own entry and builds it', () => {
    const r = decodeSpec({ ...BASE, optimizer: { multiTransform: { transforms: { constructor: { sgd: { learningRate: 0.1 } }, toString: { identity: {} } }, labels: { weights: 'constructor', biases: 'toString' } } } })
    expect(E.isRight(r)).toBe(true)
    const spec = (r as E.Right<Spec>).right
    const transforms = (spec.optimizer.multiTransform as { transforms: Record<string, unknown> }).transforms
    expect(Object.keys(transforms)).toEqual(['constructor', 'toString'])
    expect(Object.getPrototypeOf(transforms)).toBe(null)
    const h = run(spec).history
    expect(h).toHaveLength(3)
    expect(h.every((x) => x.learningRate === 0.1)).toBe(true)
  })

  it('keeps every boundary of piecewiseConstant as an own entry, in a null-prototype record', () => {
    const r = decodeSpec({ ...BASE, optimizer: { sgd: { learningRate: { piecewiseConstant: { init: 1, boundariesAndScales: { 0: 0.5, 2: 0.1 } } } } } })
    expect(E.isRight(r)).toBe(true)
    const spec = (r as E.Right<Spec>).right
    expect(learningRateAt(spec.optimizer, 0)).toBeCloseTo(0.5, 12)
    expect(learningRateAt(spec.optimizer, 2)).toBeCloseTo(0.05, 12)
  })

  it('accepts names that are safe folder names', () => {
    for (const name of ['iris-sgd', 'a b', 'x.y', '...', 'Ω-run_1'])
      expect(E.isRight(decodeSpec({ ...BASE, name })), name).toBe(true)
  })

  it('accepts sizes just inside the caps', () => {
    expect(E.isRight(decodeSpec({ ...BASE, data: { kind: 'spirals', nPerClass: 1000, classes: 10 }, model: { kind: 'mlp', hidden: [512, 512] } }))).toBe(true)
    expect(E.isRight(decodeSpec({ ...BASE, steps: 1e9 }))).toBe(true)
  })
})

describe('compareProblems', () => {
  it('rejects two specs of the same name, naming both', () => {
    const a = (decodeSpec(BASE) as E.Right<Spec>).right
    expect(compareProblems([a, a], ['a.json', 'b.json'])).toEqual([
      'b.json: name: "t" is also the name of a.json; runs compared side by side need different names (each is a folder)',
    ])
    expect(compareProblems([a, { ...a, name: 'u' }])).toEqual([])
  })
})

describe('learning rates are read from the optimizer state', () => {
  const specOf = (optimizer: unknown, steps = 6): Spec => {
    const r = decodeSpec({ ...BASE, optimizer, steps })
    if (E.isLeft(r)) throw new Error(r.left.join('\n'))
    return r.right
  }
  const lin = optim.schedules.linear({ init: 0.1, endValue: 0, transitionSteps: 10 })

  it('under multiTransform: the rate of the weights\' label, not of the first label written', () => {
    const spec = specOf({ multiTransform: { transforms: { slow: { sgd: { learningRate: 0.001 } }, fast: { adam: { learningRate: 0.1 } } }, labels: { weights: 'fast', biases: 'slow' } } })
    expect(run(spec).history.map((h) => h.learningRate)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
  })

  it('under multiSteps: the schedule at the real step, not at the minibatch count', () => {
    const spec = specOf({ multiSteps: { transform: { injectHyperparams: { adam: { learningRate: { linear: { init: 0.1, endValue: 0, transitionSteps: 10 } } } } }, everyK: 3 } })
    const got = run(spec).history.map((h) => h.learningRate)
    const want = [0, 0, 0, 1, 1, 1].map(lin)
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 12))
  })

  it('under injectHyperparams: the rate held in the state, which a user may change', () => {
    const p = prepare(specOf({ injectHyperparams: { adam: { learningRate: 0.1, b1: 0.8 } } }))
    const s = start(p)
    expect(p.learningRate(s.opt.inner)).toBe(0.1)
    const inner = s.opt.inner as optim.InjectHyperparamsState<{ learningRate: number; b1: number }, unknown>
    const changed = { ...inner, hyperparams: { ...inner.hyperparams, learningRate: 0.02 } }
    expect(p.learningRate(changed)).toBe(0.02)
    // and a run started from that state records what it uses
    const r = run(p.spec, { until: 2 }, { ...s, opt: { ...s.opt, inner: changed } }, p)
    expect(r.history.map((h) => h.learningRate)).toEqual([0.02, 0.02])
  })

  it('under injectHyperparams with a schedule: the schedule at the state\'s count', () => {
    const b = buildOptimizer({ injectHyperparams: { sgd: { learningRate: { linear: { init: 0.1, endValue: 0, transitionSteps: 10 } } } } })
    expect(b.learningRate({ count: 4, hyperparams: { learningRate: 123 }, inner: [] })).toBeCloseTo(lin(4), 12)
  })

  it('is undefined for a state of the wrong shape (e.g. from a bad checkpoint), never a throw', () => {
    const b = buildOptimizer({ chain: [{ scaleByAdam: {} }, { scaleByLearningRate: { learningRate: { cosineDecay: { init: 1, decaySteps: 5 } } } }] })
    expect(b.learningRate(null)).toBeUndefined()
    expect(b.learningRate([{}, { count: 'x' }])).toBeUndefined()
    expect(b.learningRate([{}, { count: 5 }])).toBeCloseTo(0, 12)
  })
})
