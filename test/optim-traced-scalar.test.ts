/**
 * Counts as tensors: every schedule and every transform that reads a step
 * count gives the same values when its counts are float64 scalar tensors (as
 * under jit, where the state's numbers are traced) as when they are JS
 * numbers, bit for bit, in float32 and float64. The tensor path computes in
 * float64 tensor ops with `where` for its conditionals; a count tensor on the
 * old code was a StateError.
 */
import { describe, expect, it } from 'vitest'
import { optim, tensor, tree, Tensor, type DType } from '../src/index.js'
import { scalar } from '../src/tensor/create.js'

const O = optim
const S = optim.schedules

/** The bits of a leaf (a tensor's buffer, or a number/boolean as float64), for exact comparison. */
const bits = (x: unknown): string => {
  if (x instanceof Tensor) return `${x.shape.join('x')}:${Array.from(x.data(), (v) => Buffer.from(new Float64Array([Number(v)]).buffer).toString('hex')).join(',')}`
  if (typeof x === 'number' || typeof x === 'boolean') return `:${Buffer.from(new Float64Array([Number(x)]).buffer).toString('hex')}`
  return String(x)
}
/** Two trees leaf by leaf, a number leaf equal to a scalar tensor leaf holding the same bits. */
const expectSameBits = (a: unknown, b: unknown): void => {
  const [al, ad] = tree.flatten(a as tree.PyTree<unknown>)
  const [bl, bd] = tree.flatten(b as tree.PyTree<unknown>)
  expect(JSON.stringify(bd)).toBe(JSON.stringify(ad))
  expect(bl.map(bits)).toEqual(al.map(bits))
}
/** Does the tree hold any number or boolean leaf? */
const hasJsScalar = (t: unknown): boolean => tree.leaves(t as tree.PyTree<unknown>).some((x) => typeof x === 'number' || typeof x === 'boolean')

const schedules: Record<string, (n: number) => number> = {
  constant: S.constant(0.3),
  polynomial: S.polynomial({ init: 0.7, endValue: 0.01, power: 1.7, transitionSteps: 13, transitionBegin: 3 }),
  linear: S.linear({ init: 0.1, endValue: 0.003, transitionSteps: 9 }),
  exponentialDecay: S.exponentialDecay({ init: 0.9, transitionSteps: 7, decayRate: 0.37 }),
  'exponentialDecay staircase, begin, floor': S.exponentialDecay({ init: 0.9, transitionSteps: 4, decayRate: 0.37, staircase: true, transitionBegin: 2, endValue: 0.05 }),
  'exponentialDecay growing, capped': S.exponentialDecay({ init: 0.1, transitionSteps: 5, decayRate: 1.3, endValue: 0.5 }),
  cosineDecay: S.cosineDecay({ init: 0.7, decaySteps: 17, alpha: 0.1, exponent: 1.5 }),
  warmupCosineDecay: S.warmupCosineDecay({ init: 0.01, peakValue: 0.3, warmupSteps: 5, decaySteps: 23, endValue: 0.001 }),
  'warmupCosineDecay without warmup': S.warmupCosineDecay({ init: 0, peakValue: 0.3, warmupSteps: 0, decaySteps: 23 }),
  piecewiseConstant: S.piecewiseConstant(0.5, { 3: 0.5, 7: 0.1, 12: 3 }),
  join: S.join([S.constant(1), S.linear({ init: 1, endValue: 0, transitionSteps: 10 }), S.cosineDecay({ init: 0.2, decaySteps: 5 })], [4, 9]),
}
const counts = [...Array(40).keys(), 100, 1000, 12345]

describe('schedules at a tensor count', () => {
  for (const [name, s] of Object.entries(schedules))
    it(`${name}: a float64 or int32 scalar count gives a float64 scalar with the number's bits`, () => {
      for (const dtype of ['float64', 'int32'] as const)
        for (const n of counts) {
          const got = (s as optim.TraceableSchedule)(scalar(n, dtype))
          expect(got).toBeInstanceOf(Tensor)
          expect(got.dtype).toBe('float64')
          expect(got.shape).toEqual([])
          expect(Object.is(got.item(), s(n)), `${name} at ${n} (${dtype}): ${got.item()} vs ${s(n)}`).toBe(true)
        }
    })
})

// transforms and wrappers that read a count, and the aliases built on them
const transforms: Record<string, () => optim.GradientTransformation<unknown>> = {
  'trace debias': () => O.trace({ decay: 0.9, dampening: 0.9, debias: true }),
  'trace debias nesterov': () => O.trace({ decay: 0.7, nesterov: true, debias: true }),
  ema: () => O.ema({ decay: 0.83 }),
  'ema without debias': () => O.ema({ decay: 0.83, debias: false }),
  scaleByAdam: () => O.scaleByAdam(),
  'scaleByAdam epsRoot': () => O.scaleByAdam({ b1: 0.8, b2: 0.99, eps: 1e-3, epsRoot: 1e-4 }),
  'scaleByAdam nesterov (nadam)': () => O.scaleByAdam({ nesterov: true }),
  'scaleByRms biasCorrection': () => O.scaleByRms({ biasCorrection: true, epsInSqrt: false, initialScale: 0.1 }),
  'scaleByStddev biasCorrection': () => O.scaleByStddev({ biasCorrection: true }),
  scaleBySchedule: () => O.scaleBySchedule(schedules.warmupCosineDecay!),
  'scaleByLearningRate schedule': () => O.scaleByLearningRate(schedules.cosineDecay!),
  'sgd schedule, nesterov': () => O.sgd(schedules.exponentialDecay!, { momentum: 0.9, nesterov: true }),
  'sgd debias': () => O.sgd(0.1, { momentum: 0.9, dampening: 0.9, debias: true }),
  'adam warmupCosineDecay': () => O.adam(schedules.warmupCosineDecay!),
  'adamw cosineDecay': () => O.adamw(schedules.cosineDecay!, { weightDecay: 0.01 }),
  nadam: () => O.nadam(0.01),
  'rmsprop piecewise, centered, momentum': () => O.rmsprop(schedules.piecewiseConstant!, { momentum: 0.9, centered: true }),
  'adagrad polynomial': () => O.adagrad(schedules.polynomial!),
  'injectHyperparams(adam) warmupCosineDecay': () => O.injectHyperparams(O.adam, { staticArgs: ['eps'] })({ learningRate: schedules.warmupCosineDecay!, eps: 1e-6 }) as never,
  'injectHyperparams(sgd) constant': () => O.injectHyperparams(O.sgd)({ learningRate: 0.1 }) as never,
  applyIfFinite: () => O.applyIfFinite(O.adam(schedules.warmupCosineDecay!), { maxConsecutiveErrors: 2 }) as never,
  multiSteps: () => O.multiSteps(O.adam(0.1), { everyK: 3 }) as never,
  'multiSteps sum': () => O.multiSteps(O.scaleByAdam(), { everyK: 2, useGradMean: false }) as never,
  'multiSteps scheduled everyK': () => O.multiSteps(O.sgd(schedules.warmupCosineDecay!), { everyK: S.piecewiseConstant(1, { 2: 3 }) }) as never,
}

const problem = (dtype: DType) => {
  const params = { a: tensor([0.3, -1.2, 2.5], { dtype }), b: tensor([[1, -0.5], [0.25, 4]], { dtype }) }
  // steps 3, 5, 6 and 7 are not finite (applyIfFinite skips two in a row, then lets the third through)
  const bad = (i: number) => i === 3 || i === 5 || i === 6 || i === 7
  const grads = (i: number, withBad: boolean) => ({
    a: tensor([Math.sin(i + 1), Math.cos(3 * i) * 2, withBad && bad(i) ? NaN : 0.1 * i - 0.4], { dtype }),
    b: tensor([[Math.sin(2 * i) * 0.5, 1 / (i + 2)], [-0.3 + 0.05 * i, withBad && bad(i) ? Infinity : Math.cos(i)]], { dtype }),
  })
  return { params, grads }
}

describe('transforms with tensor counts', () => {
  for (const dtype of ['float32', 'float64'] as const)
    for (const [name, make] of Object.entries(transforms))
      it(`${name} (${dtype}): 12 steps from tensorState(init) give the numbers' updates and states, bit for bit`, () => {
        const { params, grads } = problem(dtype)
        const t = make()
        const withBad = name === 'applyIfFinite'
        let sn = t.init(params)
        let st = O.tensorState(sn)
        expect(hasJsScalar(st)).toBe(false)
        for (let i = 0; i < 12; i++) {
          const g = grads(i, withBad)
          const [un, sn1] = t.update(g, sn, params)
          const [ut, st1] = t.update(g, st, params)
          expectSameBits(un, ut)
          expectSameBits(sn1, st1)
          // the tensor path stays on tensors: no count fell back to a JS number
          expect(hasJsScalar(st1), `step ${i}`).toBe(false)
          sn = sn1
          st = st1
        }
      })
})

describe('the optimizer with tensor counts', () => {
  it('optimizer(adam(warmupCosineDecay)).step: the same parameters and state as with numbers', () => {
    const { params, grads } = problem('float32')
    const opt = O.optimizer(O.chain(O.clipByGlobalNorm(1), O.adam(schedules.warmupCosineDecay!)))
    let sn = opt.init(params)
    let st = O.tensorState(sn)
    for (let i = 0; i < 10; i++) {
      sn = opt.step(sn, grads(i, false))
      st = opt.step(st, grads(i, false))
    }
    expectSameBits(sn, st)
    expect((st.count as unknown as Tensor).item()).toBe(10)
  })

  it('a learning rate given as a float64 scalar tensor scales like the number', () => {
    const { params, grads } = problem('float32')
    const a = O.adam(0.0123)
    const b = O.adam(scalar(0.0123, 'float64') as never)
    const [ua] = a.update(grads(0, false), a.init(params), params)
    const [ub] = b.update(grads(0, false), b.init(params), params)
    expectSameBits(ua, ub)
    expect(ub.a.dtype).toBe('float32')
  })
})

describe('checks on tensor counts', () => {
  it('a count tensor that is not a non-negative integer scalar is a StateError naming the field', () => {
    const { params, grads } = problem('float64')
    const t = O.scaleByAdam()
    const s = t.init(params)
    for (const count of [scalar(-1, 'float64'), scalar(1.5, 'float64'), tensor([1, 2], { dtype: 'float64' }), scalar(1, 'bool')])
      expect(() => t.update(grads(0, false), { ...s, count: count as never }, params)).toThrow(/at count .*expected a step count/)
  })

  it('a hyperparameter other than the learning rate given as a tensor is a ValueError that says what was given', () => {
    expect(() => O.adam(0.1, { b1: scalar(0.9, 'float64') as never })).toThrow(/b1 must be a number in \[0, 1\), got a float64 scalar tensor holding 0.9/)
  })

  it('injectHyperparams: a tensor b1 held in the state is a ValueError that points to staticArgs', () => {
    const { params, grads } = problem('float32')
    const t = O.injectHyperparams(O.adam)({ learningRate: 0.1, b1: 0.9 })
    const s = O.tensorState(t.init(params))
    expect(() => t.update(grads(0, false), s, params)).toThrow(/b1 must be a number .*scalar tensors here .*staticArgs/)
  })
})
