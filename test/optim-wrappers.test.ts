/**
 * masked, multiTransform, injectHyperparams, applyIfFinite and multiSteps:
 * what each does to the updates and to its state.
 */
import { describe, expect, it } from 'vitest'
import { optim, tensor, tree, TreeError, ValueError, type Tensor } from '../src/index.js'

const f64 = (x: number | number[]) => tensor(x, { dtype: 'float64' })
const arr = (t: unknown): number[] => Array.from((t as Tensor).data())

describe('masked', () => {
  const params = { layers: [{ w: f64([1, 2]), b: f64([3]) }], head: f64([4]) }
  const grads = { layers: [{ w: f64([1, 1]), b: f64([1]) }], head: f64([1]) }
  type P = typeof params

  it('applies the transform where the mask is true (a prefix of the tree) and passes the rest through', () => {
    const t = optim.masked(optim.scale(-2), { layers: true, head: false })
    const [u] = t.update(grads, t.init(params), params) as unknown as [P]
    expect(arr(u.layers[0]!.w)).toEqual([-2, -2])
    expect(arr(u.layers[0]!.b)).toEqual([-2])
    expect(u.head).toBe(grads.head)
  })

  it('the inner state exists only for masked-in leaves', () => {
    const t = optim.masked(optim.scaleByAdam(), { layers: [{ w: true, b: false }], head: false })
    const s = t.init(params)
    expect(tree.leaves(s.inner.mu).length).toBe(1)
    expect(s.inner.mu).toEqual({ layers: [{ w: tree.zerosLike(params.layers[0]!.w), b: null }], head: null })
  })

  it('a mask function is called with the parameters', () => {
    const t = optim.masked(optim.scale(0), (p) => tree.map((x: Tensor) => x.size > 1, p))
    const [u] = t.update(grads, t.init(params), params) as unknown as [P]
    expect(arr(u.layers[0]!.w)).toEqual([0, 0])
    expect(arr(u.layers[0]!.b)).toEqual([1])
    expect(arr(u.head)).toEqual([1])
  })

  it('a mask that does not fit the parameters is a TreeError naming the path', () => {
    const t = optim.masked(optim.identity(), { layers: [{ w: true }], head: false })
    expect(() => t.init(params)).toThrow(TreeError)
    expect(() => t.init(params)).toThrow(/layers\[0\]: the mask has an object with fields \{w\}/)
    const u = optim.masked(optim.identity(), { layers: [{ w: true, b: 'yes' as unknown as boolean }], head: false })
    expect(() => u.init(params)).toThrow(/mask at layers\[0\]\.b is a string; mask leaves must be booleans/)
  })
})

describe('multiTransform', () => {
  const params = { w: f64([1, 2]), b: f64([3]) }
  const grads = { w: f64([0.5, -0.5]), b: f64([1]) }

  it('runs a transform per label: weight decay on weights, none on biases', () => {
    const t = optim.multiTransform({ decay: optim.adamw(0.1, { weightDecay: 0.5 }), plain: optim.adam(0.1) }, { w: 'decay', b: 'plain' })
    const [u] = t.update(grads, t.init(params), params) as unknown as [typeof params]
    const [uw] = optim.adamw(0.1, { weightDecay: 0.5 }).update(grads.w, optim.adamw(0.1).init(params.w), params.w)
    const [ub] = optim.adam(0.1).update(grads.b, optim.adam(0.1).init(params.b), params.b)
    expect(arr(u.w)).toEqual(arr(uw))
    expect(arr(u.b)).toEqual(arr(ub))
    expect(Object.keys(t.init(params).inner)).toEqual(['decay', 'plain'])
  })

  it('labels may be a function of the parameters', () => {
    const t = optim.multiTransform({ big: optim.scale(2), small: optim.scale(-1) }, (p) => tree.map((x: Tensor) => (x.size > 1 ? 'big' : 'small'), p))
    const [u] = t.update(grads, t.init(params), params) as unknown as [typeof params]
    expect(arr(u.w)).toEqual([1, -1])
    expect(arr(u.b)).toEqual([-1])
  })

  it('a label with no transform is an error naming the path and the label', () => {
    const t = optim.multiTransform({ decay: optim.scale(1) }, { w: 'decay', b: 'bias' })
    expect(() => t.init(params)).toThrow(ValueError)
    expect(() => t.init(params)).toThrow("the parameters at b are labelled 'bias', but there is no transform for 'bias' (transforms: decay)")
  })
})

describe('injectHyperparams', () => {
  const p = f64([1, -2])
  const g = f64([0.5, 0.5])

  it('keeps the numeric hyperparameters in the state', () => {
    const t = optim.injectHyperparams(optim.adam)({ learningRate: 0.1, b1: 0.8, nesterov: false })
    const s = t.init(p)
    expect(s.hyperparams).toEqual({ learningRate: 0.1, b1: 0.8 })
    expect(s.count).toBe(0)
  })

  it('a value changed in the state is used at the next update', () => {
    const t = optim.injectHyperparams(optim.adam)({ learningRate: 0.1 })
    const [, s1] = t.update(g, t.init(p), p)
    const changed = { ...s1, hyperparams: { ...s1.hyperparams, learningRate: 0.01 } }
    const [u2] = t.update(g, changed, p)
    const a = optim.adam(0.01)
    const [, a1] = a.update(g, a.init(p), p)
    expect(arr(u2)).toEqual(arr(a.update(g, a1, p)[0]))
  })

  it('a schedule is evaluated at the count before it is incremented, and its value is stored', () => {
    const t = optim.injectHyperparams(optim.sgd)({ learningRate: (n: number) => 1 / (n + 1) })
    let s = t.init(p)
    expect(s.hyperparams.learningRate).toBe(1)
    const us: number[][] = []
    for (let i = 0; i < 3; i++) {
      const [u, next] = t.update(f64([1, 1]), s, p)
      us.push(arr(u))
      s = next
    }
    expect(us.map((u) => u[0])).toEqual([-1, -0.5, -1 / 3])
    expect(s.hyperparams.learningRate).toBe(1 / 3)
    expect(s.count).toBe(3)
  })

  it('staticArgs keeps a function-valued argument (a mask) out of the hyperparameters', () => {
    const mask = (q: optim.Params) => tree.map((x: Tensor) => x.ndim > 0, q)
    const t = optim.injectHyperparams(optim.adamw, { staticArgs: ['mask'] })({ learningRate: 0.1, weightDecay: 0.5, mask })
    const s = t.init(p)
    expect(s.hyperparams).toEqual({ learningRate: 0.1, weightDecay: 0.5 })
    expect(arr(t.update(f64([0, 0]), s, p)[0])).toEqual([-0.05, 0.1])
  })
})

describe('applyIfFinite', () => {
  const p = f64([1, 2])
  const good = f64([1, 1])
  const bad = f64([NaN, 1])

  it('a non-finite step returns zero updates, keeps the inner state and counts', () => {
    const t = optim.applyIfFinite(optim.adam(0.1), { maxConsecutiveErrors: 2 })
    const [, s1] = t.update(good, t.init(p), p)
    const [u, s2] = t.update(bad, s1, p)
    expect(arr(u)).toEqual([0, 0])
    expect(s2.inner).toBe(s1.inner)
    expect(s2).toMatchObject({ notfiniteCount: 1, lastFinite: false, totalNotfinite: 1 })
    const [, s3] = t.update(f64([Infinity, 0]), s2, p)
    expect(s3).toMatchObject({ notfiniteCount: 2, totalNotfinite: 2 })
    const [u4, s4] = t.update(good, s3, p)
    expect(arr(u4).every(Number.isFinite)).toBe(true)
    expect(s4).toMatchObject({ notfiniteCount: 0, lastFinite: true, totalNotfinite: 2 })
    expect(s4.inner).not.toBe(s3.inner)
  })

  it('after more than maxConsecutiveErrors non-finite steps in a row it lets them through (as optax)', () => {
    const t = optim.applyIfFinite(optim.sgd(1), { maxConsecutiveErrors: 1 })
    const [u1, s1] = t.update(bad, t.init(p), p)
    expect(arr(u1)).toEqual([0, 0])
    const [u2, s2] = t.update(bad, s1, p)
    expect(Number.isNaN(arr(u2)[0])).toBe(true)
    expect(s2.notfiniteCount).toBe(2)
  })

  it('rejects a bad maxConsecutiveErrors', () => {
    expect(() => optim.applyIfFinite(optim.sgd(1), { maxConsecutiveErrors: -1 })).toThrow(ValueError)
  })
})

describe('multiSteps', () => {
  const p = f64([0])

  it('accumulates the mean over k minibatches; the updates are zero until the k-th', () => {
    const t = optim.multiSteps(optim.sgd(1), { everyK: 3 })
    let s = t.init(p)
    const us: number[] = []
    for (const g of [1, 2, 6, 10, 10, 10]) {
      const [u, next] = t.update(f64([g]), s, p)
      us.push(arr(u)[0]!)
      s = next
    }
    expect(us).toEqual([0, 0, -3, 0, 0, -10])
    expect(s).toMatchObject({ miniStep: 0, gradientStep: 2 })
  })

  it('sums without useGradMean', () => {
    const t = optim.multiSteps(optim.sgd(1), { everyK: 2, useGradMean: false })
    const [, s1] = t.update(f64([1]), t.init(p), p)
    expect(arr(t.update(f64([2]), s1, p)[0])).toEqual([-3])
  })

  it('everyK may be a schedule of the number of real steps', () => {
    const t = optim.multiSteps(optim.sgd(1), { everyK: (step) => step + 1 }) // 1 minibatch, then 2, then 3
    let s = t.init(p)
    const us: number[] = []
    for (let i = 0; i < 6; i++) {
      const [u, next] = t.update(f64([1]), s, p)
      us.push(arr(u)[0]!)
      s = next
    }
    expect(us).toEqual([-1, 0, -1, 0, 0, -1])
  })

  it('rejects a bad everyK', () => {
    expect(() => optim.multiSteps(optim.sgd(1), { everyK: 0 })).toThrow(ValueError)
    expect(() => optim.multiSteps(optim.sgd(1), { everyK: 1.5 })).toThrow(/positive integer/)
  })
})
