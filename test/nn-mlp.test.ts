/**
 * Dense layers and the MLP: parameter structure and shapes, initialisation
 * defaults, `applyWithActivations` against `apply`, the loss as a pure
 * function of (params, batch), and its gradient against finite differences.
 */
import { describe, expect, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import { checkGrads, grad, mean, valueAndGrad } from '../src/ad/index.js'
import { ShapeError, ValueError } from '../src/errors.js'
import * as init from '../src/init/index.js'
import * as nn from '../src/nn/index.js'
import * as optim from '../src/optim/index.js'
import * as random from '../src/random/index.js'
import { ones, tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'
import * as tree from '../src/tree/index.js'

type Nested = number | Nested[]
const f64 = (v: Nested) => tensor(v as number[], { dtype: 'float64' })
const i32 = (v: number[]) => tensor(v, { dtype: 'int32' })
const same = (a: Tensor, b: Tensor) => {
  expect(a.shape).toEqual(b.shape)
  expect(a.dtype).toBe(b.dtype)
  expect(Array.from(a.data())).toEqual(Array.from(b.data()))
}
const close = (a: Tensor, b: Tensor, tol = 1e-12) =>
  expect(approxEq({ rtol: tol, atol: tol })(a, b), `${a.toString()} vs ${b.toString()}`).toBe(true)

const key = random.key(7)

describe('dense', () => {
  it('apply is Z·W + b (hand-computed)', () => {
    const p = { w: f64([[1, 0, 2], [0, 2, -1]]), b: f64([1, 1, 0.5]) }
    close(nn.dense.apply(p, f64([[3, 4], [1, -1]])), f64([[4, 9, 2.5], [2, -1, 3.5]]))
    expect(nn.dense.apply(p, f64([[[3, 4]]])).shape).toEqual([1, 1, 3])
  })
  it('init: w (in, out) from lecunNormal, b (out) zeros, float32 by default', () => {
    const p = nn.dense.init(key, 4, 3)
    expect(p.w.shape).toEqual([4, 3])
    expect(p.b.toArray()).toEqual([0, 0, 0])
    expect(p.w.dtype).toBe('float32')
    const [kw] = random.split(key)
    same(p.w, init.lecunNormal()(kw!, [4, 3], 'float32'))
    expect(nn.dense.init(key, 4, 3, { dtype: 'float64', biasInit: init.constant(0.1) }).b.toArray()).toEqual([0.1, 0.1, 0.1])
  })
  it('shape errors name the layer and the shapes', () => {
    const p = nn.dense.init(key, 4, 3)
    expect(() => nn.dense.apply(p, ones([2, 5]))).toThrow(ShapeError)
    expect(() => nn.dense.apply(p, ones([2, 5]))).toThrow(/^dense.apply: the input \[2,5\] must end in the layer's 4 input features \(w is \[4,3\]\)/)
    expect(() => nn.dense.apply({ w: p.w, b: ones([4]) }, ones([2, 4]))).toThrow(/w of shape \(in, out\) and b of shape \(out\)/)
    expect(() => nn.dense.init(key, 0, 3)).toThrow(/dense.init: inSize must be a positive integer, got 0/)
  })
})

describe('mlp.init', () => {
  const sizes = [4, 16, 8, 3]
  const params = nn.mlp.init(key, sizes)
  it('one { w, b } per layer, shapes from sizes', () => {
    expect(params.length).toBe(3)
    expect(params.map((l) => l.w.shape)).toEqual([[4, 16], [16, 8], [8, 3]])
    expect(params.map((l) => l.b.shape)).toEqual([[16], [8], [3]])
    expect(params.every((l) => Object.keys(l).sort().join() === 'b,w')).toBe(true)
    expect(tree.leaves(params).every((t) => t.dtype === 'float32')).toBe(true)
    expect(tree.paths(params)).toEqual(['[0].b', '[0].w', '[1].b', '[1].w', '[2].b', '[2].w'])
    expect(nn.mlp.countParams(params)).toBe(4 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3)
  })
  it('defaults as flax: lecunNormal kernels, zero biases, one key per layer from split', () => {
    const keys = random.split(key, 3)
    params.forEach((l, i) => same(l.w, nn.dense.init(keys[i]!, sizes[i]!, sizes[i + 1]!).w))
    expect(tree.leaves(params.map((l) => l.b)).every((b) => (b.toArray() as number[]).every((v) => v === 0))).toBe(true)
    // variance 1 / fanIn
    const big = nn.mlp.init(key, [400, 300])[0]!.w
    const v = (big.toArray() as number[][]).flat().reduce((a, x) => a + x * x, 0) / big.size
    expect(v * 400).toBeGreaterThan(0.95)
    expect(v * 400).toBeLessThan(1.05)
  })
  it('deterministic in the key; options are honoured', () => {
    tree.leaves(nn.mlp.init(key, sizes)).forEach((t, i) => same(t, tree.leaves(params)[i]!))
    expect(Array.from(nn.mlp.init(random.key(8), sizes)[0]!.w.data())).not.toEqual(Array.from(params[0]!.w.data()))
    const p64 = nn.mlp.init(key, [2, 3], { kernelInit: init.constant(0.5), biasInit: init.ones(), dtype: 'float64' })
    same(p64[0]!.w, f64([[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]))
    same(p64[0]!.b, f64([1, 1, 1]))
  })
  it('bad sizes are ValueErrors naming the entry', () => {
    expect(() => nn.mlp.init(key, [4])).toThrow(/mlp.init: sizes must list at least an input and an output width, got \[4\]/)
    expect(() => nn.mlp.init(key, [4, 0, 3])).toThrow(/mlp.init: sizes\[1\] must be a positive integer, got 0/)
    expect(() => nn.mlp.init(key, [4, 2.5])).toThrow(ValueError)
  })
})

describe('mlp.apply and applyWithActivations', () => {
  const params = nn.mlp.init(key, [3, 5, 5, 2], { dtype: 'float64' })
  const x = random.normal(random.key(1), [6, 3], { dtype: 'float64' })
  it('shapes; finalActivation; activation by name or function', () => {
    expect(nn.mlp.apply(params, x).shape).toEqual([6, 2])
    close(nn.mlp.apply(params, x, { finalActivation: (z) => nn.softmax(z) }).sum(-1), f64([1, 1, 1, 1, 1, 1]))
    same(nn.mlp.apply(params, x, { activation: 'tanh' }), nn.mlp.apply(params, x, { activation: nn.tanh }))
    expect(() => nn.mlp.apply([], x)).toThrow(/mlp.apply: params must be a non-empty array/)
    expect(() => nn.mlp.apply(params, x, { activation: 'nope' as never })).toThrow(/mlp.apply: unknown activation "nope"/)
  })
  it('is the composition of dense layers and activations', () => {
    const [l0, l1, l2] = params as [nn.DenseParams, nn.DenseParams, nn.DenseParams]
    const manual = nn.dense.apply(l2, nn.relu(nn.dense.apply(l1, nn.relu(nn.dense.apply(l0, x)))))
    same(nn.mlp.apply(params, x), manual)
  })
  it('applyWithActivations: output equals apply; post = act(pre); pre of the next layer = dense(post)', () => {
    for (const opts of [{}, { activation: 'tanh' as const, finalActivation: 'sigmoid' as const }]) {
      const { output, layers } = nn.mlp.applyWithActivations(params, x, opts)
      same(output, nn.mlp.apply(params, x, opts))
      expect(layers.length).toBe(3)
      expect(layers.map((l) => l.pre.shape)).toEqual([[6, 5], [6, 5], [6, 2]])
      const act = nn.resolveActivation(opts.activation ?? 'relu')
      const last = nn.resolveActivation(opts.finalActivation ?? 'identity')
      layers.forEach((l, i) => {
        same(l.post, (i === 2 ? last : act)(l.pre))
        same(l.pre, nn.dense.apply(params[i]!, i === 0 ? x : layers[i - 1]!.post))
      })
      same(output, layers[2]!.post)
    }
  })
})

describe('mlp.loss: the model as a pure (params, batch) => loss', () => {
  const params = nn.mlp.init(key, [3, 4, 3], { dtype: 'float64' })
  const x = random.normal(random.key(2), [5, 3], { dtype: 'float64' })
  const y = i32([0, 2, 1, 1, 0])
  it('cross-entropy from int or one-hot labels equals the mean of the per-example loss', () => {
    const want = mean(nn.softmaxCrossEntropyWithIntegerLabels(nn.mlp.apply(params, x), y))
    same(nn.mlp.loss(params, { x, y }), want)
    close(nn.mlp.loss(params, { x, y: tensor([[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 0], [1, 0, 0]], { dtype: 'float64' }) }), want)
    close(nn.mlp.lossFn({ loss: 'softmaxCrossEntropy' })(params, { x, y }), want)
  })
  it('regression and binary losses match [n] targets to an [n, 1] output', () => {
    const p1 = nn.mlp.init(key, [3, 4, 1], { dtype: 'float64' })
    const t = f64([0.5, -1, 2, 0, 1])
    const out = nn.mlp.apply(p1, x)
    close(nn.mlp.loss(p1, { x, y: t }, { loss: 'mse' }), nn.meanSquaredError(out, t.reshape([5, 1])))
    close(nn.mlp.loss(p1, { x, y: t }, { loss: 'huber', delta: 0.5 }), mean(nn.huber(out, t.reshape([5, 1]), 0.5)))
    const b = i32([1, 0, 0, 1, 1])
    close(nn.mlp.loss(p1, { x, y: b }, { loss: 'sigmoidBinaryCrossEntropy' }), mean(nn.sigmoidBinaryCrossEntropy(out, f64([[1], [0], [0], [1], [1]]))))
    close(nn.mlp.loss(p1, { x, y: t }, { loss: (o, yy) => nn.squaredError(o, yy.reshape([5, 1])) }), nn.meanSquaredError(out, t.reshape([5, 1])))
    expect(() => nn.mlp.loss(p1, { x, y: f64([1, 2]) }, { loss: 'mse' })).toThrow(/mlp.loss: targets \[2\] do not match the model's output \[5,1\]/)
    expect(() => nn.mlp.loss(p1, { x, y: t }, { loss: 'l7' as never })).toThrow(/mlp.loss: unknown loss "l7"/)
  })
  it('grad keeps the parameter structure; gradients agree with finite differences (float64)', () => {
    const g = grad(nn.mlp.lossFn())(params, { x, y })
    expect(tree.structureEquals(g, params)).toBe(true)
    expect(g.map((l) => l.w.shape)).toEqual(params.map((l) => l.w.shape))
    checkGrads((p: nn.MlpParams) => nn.mlp.loss(p, { x, y }, { activation: 'tanh' }), [params], { order: 1 })
    checkGrads((p: nn.MlpParams) => nn.mlp.loss(p, { x, y: f64([[1], [0], [2], [0.5], [1]]) }, { loss: 'mse', activation: 'softplus' }),
      [nn.mlp.init(key, [3, 4, 1], { dtype: 'float64' })], { order: 1 })
    // and in the input
    checkGrads((xx: Tensor) => nn.mlp.loss(params, { x: xx, y }, { activation: 'gelu' }), [x], { order: 1 })
  })
  it('a few SGD steps on separable blobs lower the loss', () => {
    const xs = f64([[-2, -2], [-2.5, -1.5], [2, 2], [1.5, 2.5]])
    const batch = { x: xs, y: i32([0, 0, 1, 1]) }
    const opt = optim.optimizer(optim.sgd(0.5))
    let state = opt.init(nn.mlp.init(key, [2, 8, 2], { dtype: 'float64' }))
    const f = valueAndGrad(nn.mlp.lossFn())
    const [first] = f(state.params, batch)
    for (let i = 0; i < 20; i++) state = opt.step(state, f(state.params, batch)[1])
    const [lastLoss] = f(state.params, batch)
    expect(lastLoss.item()).toBeLessThan(first.item() / 4)
    expect(nn.accuracy(nn.mlp.apply(state.params, xs), batch.y).item()).toBe(1)
  })
})
