/**
 * Losses and accuracy: closed forms, stability for large logits, shapes and
 * errors, and gradients against finite differences in float64.
 */
import { describe, expect, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import { checkGrads, grad, mean, oneHot, sum } from '../src/ad/index.js'
import { DTypeError, ShapeError, ValueError } from '../src/errors.js'
import * as nn from '../src/nn/index.js'
import { tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

type Nested = number | Nested[]
const f64 = (v: Nested) => tensor(v as number[], { dtype: 'float64' })
const i32 = (v: number[]) => tensor(v, { dtype: 'int32' })
const close = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape)
  expect(approxEq({ rtol: tol, atol: tol })(a, b), `${a.toString()} vs ${b.toString()}`).toBe(true)
}
const sigma = (x: number) => 1 / (1 + Math.exp(-x))

const logits = f64([[1, 2, 3], [-1, 0.5, 4], [0.2, 0.2, -3]])
const labels = i32([2, 0, 1])

describe('softmax cross-entropy', () => {
  it('equals −logSoftmax at the label, for integer and one-hot labels', () => {
    const lsm = nn.logSoftmax(logits).toArray() as number[][]
    const want = f64([-lsm[0]![2]!, -lsm[1]![0]!, -lsm[2]![1]!])
    close(nn.softmaxCrossEntropyWithIntegerLabels(logits, labels), want)
    close(nn.softmaxCrossEntropy(logits, oneHot(labels, 3, 'float64')), want)
    close(nn.softmaxCrossEntropyWithIntegerLabels(logits, [2, 0, 1]), want)
  })
  it('hand values: log 2 for two equal logits; log(e + e² + e³) − 3', () => {
    close(nn.softmaxCrossEntropy(f64([[0, 0]]), f64([[1, 0]])), f64([Math.LN2]))
    const l = nn.softmaxCrossEntropyWithIntegerLabels(f64([[1, 2, 3]]), i32([2])).item()
    expect(l).toBeCloseTo(Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 3, 14)
  })
  it('soft labels: −Σ p·log q', () => {
    const p = f64([[0.2, 0.3, 0.5]])
    const q = nn.softmax(f64([[1, 2, 3]])).toArray() as number[][]
    const want = -(0.2 * Math.log(q[0]![0]!) + 0.3 * Math.log(q[0]![1]!) + 0.5 * Math.log(q[0]![2]!))
    expect(nn.softmaxCrossEntropy(f64([[1, 2, 3]]), p).item()).toBeCloseTo(want, 13)
  })
  it('is exact and finite for huge logits, in float32 too', () => {
    expect(nn.softmaxCrossEntropyWithIntegerLabels(tensor([[1000, 0], [1000, 0]]), i32([0, 1])).toArray()).toEqual([0, 1000])
    expect(nn.softmaxCrossEntropy(tensor([[-1000, 1000]]), tensor([[0, 1]])).toArray()).toEqual([0])
    expect(nn.softmaxCrossEntropyWithIntegerLabels(f64([[-1000, -1000]]), i32([1])).toArray()).toEqual([Math.LN2])
    // a -inf logit away from the label is fine (no 0·inf)
    const inf = f64([[0, -Infinity, 0]])
    close(nn.softmaxCrossEntropyWithIntegerLabels(inf, i32([0])), f64([Math.LN2]))
    close(nn.softmaxCrossEntropy(inf, f64([[1, 0, 0]])), f64([Math.LN2]))
    const g = grad((x: Tensor) => sum(nn.softmaxCrossEntropyWithIntegerLabels(x, i32([1]))))(f64([[1000, -1000]]))
    expect(g.toArray()).toEqual([[1, -1]])
  })
  it('one loss per example; leading batch axes are kept', () => {
    expect(nn.softmaxCrossEntropyWithIntegerLabels(logits, labels).shape).toEqual([3])
    const batched = tensor(Array.from({ length: 2 * 3 * 4 }, (_, i) => (i % 5) - 2)).reshape([2, 3, 4])
    const lab = tensor([[0, 1, 2], [3, 0, 1]], { dtype: 'int32' })
    expect(nn.softmaxCrossEntropyWithIntegerLabels(batched, lab).shape).toEqual([2, 3])
    expect(nn.softmaxCrossEntropy(batched, oneHot(lab, 4)).shape).toEqual([2, 3])
    expect(nn.softmaxCrossEntropy(logits, oneHot(labels, 3, 'float64'), 0).shape).toEqual([3])
  })
  it('clear errors for float labels, shapes and out-of-range labels', () => {
    const op = 'softmaxCrossEntropyWithIntegerLabels'
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits, oneHot(labels, 3))).toThrow(DTypeError)
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits, oneHot(labels, 3))).toThrow(/for one-hot labels use softmaxCrossEntropy/)
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits, i32([0, 1]))).toThrow(ShapeError)
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits, i32([0, 1, 3]))).toThrow(ValueError)
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits, i32([0, -1, 1]))).toThrow(new RegExp(`^${op}: label -1 is out of range for 3 classes`))
    expect(() => nn.softmaxCrossEntropy(logits, f64([[1, 0, 0]]))).toThrow(/softmaxCrossEntropy: logits \[3,3\] and labels \[1,3\] must have the same shape/)
  })
})

describe('sigmoid binary cross-entropy', () => {
  it('equals −z·log σ(x) − (1 − z)·log(1 − σ(x))', () => {
    const x = [-2, 0, 0.5, 3]
    const z = [0, 1, 0.3, 1]
    const want = x.map((v, i) => -z[i]! * Math.log(sigma(v)) - (1 - z[i]!) * Math.log(1 - sigma(v)))
    close(nn.sigmoidBinaryCrossEntropy(f64(x), f64(z)), f64(want), 1e-12)
    close(nn.sigmoidBinaryCrossEntropy(f64([0]), f64([1])), f64([Math.LN2]))
  })
  it('is exact and finite for large logits, with gradient σ(x) − z', () => {
    const x = f64([1000, -1000, 1000, -1000, 40])
    const z = f64([1, 0, 0, 1, 0])
    close(nn.sigmoidBinaryCrossEntropy(x, z), f64([0, 0, 1000, 1000, 40]))
    expect(nn.sigmoidBinaryCrossEntropy(tensor([1000, -1000]), tensor([0, 1])).toArray()).toEqual([1000, 1000])
    const g = grad((t: Tensor) => sum(nn.sigmoidBinaryCrossEntropy(t, z)))(x)
    expect(g.toArray()).toEqual([0, 0, 1, -1, 1])
  })
  it('integer labels are cast; shapes must match', () => {
    close(nn.sigmoidBinaryCrossEntropy(f64([0, 0]), i32([1, 0])), f64([Math.LN2, Math.LN2]))
    expect(() => nn.sigmoidBinaryCrossEntropy(f64([[0], [1]]), f64([0, 1]))).toThrow(ShapeError)
  })
})

describe('regression losses', () => {
  it('meanSquaredError is the mean of squared errors', () => {
    expect(nn.meanSquaredError(f64([1, 3]), f64([0, 0])).item()).toBe(5)
    expect(nn.meanSquaredError(f64([[1, 2], [3, 4]]), f64([[1, 0], [0, 4]])).item()).toBe((4 + 9) / 4)
    expect(nn.meanSquaredError(f64([1, 3]), f64([0, 0])).shape).toEqual([])
    close(nn.squaredError(f64([1, -2]), f64([0, 1])), f64([1, 9]))
    expect(() => nn.meanSquaredError(f64([[1], [2]]), f64([1, 2]))).toThrow(/meanSquaredError: pred \[2,1\] and target \[2\] must have the same shape/)
  })
  it('huber: ½e² inside δ, δ(|e| − ½δ) outside, continuous at |e| = δ', () => {
    const e = [-3, -1, -0.4, 0, 0.5, 1, 2.5]
    const hub = (v: number, d: number) => (Math.abs(v) <= d ? 0.5 * v * v : d * (Math.abs(v) - 0.5 * d))
    close(nn.huber(f64(e), f64(e.map(() => 0))), f64(e.map((v) => hub(v, 1))))
    close(nn.huber(f64(e).add(1), f64(e.map(() => 1)), 2), f64(e.map((v) => hub(v, 2))), 1e-12)
    // gradient: e inside, ±δ outside
    const g = grad((p: Tensor) => sum(nn.huber(p, f64(e.map(() => 0)), 0.8)))(f64(e))
    close(g, f64(e.map((v) => (Math.abs(v) <= 0.8 ? v : Math.sign(v) * 0.8))))
    expect(() => nn.huber(f64([1]), f64([0]), 0)).toThrow(/huber: delta must be a positive finite number, got 0/)
    expect(() => nn.huber(f64([1]), f64([0]), -1)).toThrow(ValueError)
  })
})

describe('accuracy', () => {
  it('the fraction of argmax hits, from int or one-hot labels', () => {
    const x = tensor([[2, 1], [0, 1], [3, -1], [0, 5]])
    expect(nn.accuracy(x, i32([0, 0, 0, 1])).item()).toBe(0.75)
    expect(nn.accuracy(x, oneHot(i32([0, 0, 0, 1]), 2)).item()).toBe(0.75)
    expect(nn.accuracy(x, [1, 0, 1, 0]).item()).toBe(0)
    expect(nn.accuracy(x, i32([0, 0, 0, 1])).dtype).toBe('float32')
  })
})

describe('dtypes and gradients against finite differences (float64)', () => {
  it('float32 in, float32 out; float64 in, float64 out', () => {
    for (const dt of ['float32', 'float64'] as const) {
      const x = tensor([[0.5, -1], [2, 0]], { dtype: dt })
      expect(nn.softmaxCrossEntropyWithIntegerLabels(x, i32([0, 1])).dtype).toBe(dt)
      expect(nn.softmaxCrossEntropy(x, tensor([[1, 0], [0, 1]])).dtype).toBe(dt)
      expect(nn.sigmoidBinaryCrossEntropy(x, tensor([[1, 0], [0, 1]])).dtype).toBe(dt)
      expect(nn.meanSquaredError(x, tensor([[1, 0], [0, 1]])).dtype).toBe(dt)
      expect(nn.huber(x, tensor([[1, 0], [0, 1]])).dtype).toBe(dt)
    }
  })
  const soft = f64([[0.2, 0.3, 0.5], [1, 0, 0], [0, 0.5, 0.5]])
  const target = f64([[0.3, -1.2, 2.4], [0.1, 0.4, -2.9], [1.5, 0.5, 0]])
  const z = f64([[1, 0, 0.4], [0, 1, 1], [0.5, 0, 1]])
  it('softmaxCrossEntropy (in the logits and the labels)', () => {
    checkGrads((x: Tensor) => mean(nn.softmaxCrossEntropy(x, soft)), [logits], { order: 2 })
    checkGrads((y: Tensor) => nn.softmaxCrossEntropy(logits, y), [soft], { order: 1 })
  })
  it('softmaxCrossEntropyWithIntegerLabels', () =>
    checkGrads((x: Tensor) => nn.softmaxCrossEntropyWithIntegerLabels(x, labels), [logits], { order: 2 }))
  it('sigmoidBinaryCrossEntropy', () => checkGrads((x: Tensor) => nn.sigmoidBinaryCrossEntropy(x, z), [logits], { order: 2 }))
  it('meanSquaredError (in both arguments)', () => checkGrads(nn.meanSquaredError, [logits, target], { order: 2 }))
  it('huber, in both regions', () => checkGrads((p: Tensor) => nn.huber(p, target, 1), [logits], { order: 2 }))
})
