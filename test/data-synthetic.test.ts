/**
 * The datasets: shapes, labels, determinism in the key, the ground truth of
 * the regression problems, iris, and argument errors.
 */
import { describe, expect, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import { add, matmul, reshape, sum } from '../src/ad/index.js'
import * as data from '../src/data/index.js'
import { ShapeError, ValueError } from '../src/errors.js'
import * as linalg from '../src/linalg.js'
import * as random from '../src/random/index.js'
import { tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

const key = random.key(3)
const bits = (t: Tensor) => Array.from(t.data())
const counts = (y: Tensor, k: number) => {
  const c = new Array<number>(k).fill(0)
  for (const v of y.data()) c[v]!++
  return c
}
const rows = (t: Tensor) => t.toArray() as number[][]

describe('spirals', () => {
  const ds = data.spirals(key, { nPerClass: 40, classes: 3 })
  it('shapes, dtypes and balanced int32 labels, ordered by class', () => {
    expect(ds.x.shape).toEqual([120, 2])
    expect(ds.x.dtype).toBe('float32')
    expect(ds.y.dtype).toBe('int32')
    expect(ds.numClasses).toBe(3)
    expect(counts(ds.y, 3)).toEqual([40, 40, 40])
    expect(bits(ds.y).slice(38, 42)).toEqual([0, 0, 1, 1])
  })
  it('the noise is on the angle only: the radius runs 0 → 1 along each arm', () => {
    const r = rows(ds.x).map(([a, b]) => Math.hypot(a!, b!))
    for (let j = 0; j < 3; j++)
      for (let i = 0; i < 40; i++) expect(r[j * 40 + i]).toBeCloseTo(i / 39, 6)
    // without noise, arm j starts at angle 2πj/3 (at r > 0)
    const clean = rows(data.spirals(key, { nPerClass: 3, classes: 3, noise: 0, dtype: 'float64' }).x)
    const [sx, cx] = clean[4]! // arm 1, r = ½: θ = 2π/3 + 2
    expect(sx).toBeCloseTo(0.5 * Math.sin((2 * Math.PI) / 3 + 2), 14)
    expect(cx).toBeCloseTo(0.5 * Math.cos((2 * Math.PI) / 3 + 2), 14)
  })
  it('same key ⇒ identical data; another key ⇒ different data', () => {
    expect(bits(data.spirals(key, { nPerClass: 40, classes: 3 }).x)).toEqual(bits(ds.x))
    expect(bits(data.spirals(random.key(4), { nPerClass: 40, classes: 3 }).x)).not.toEqual(bits(ds.x))
  })
  it('float64 on request; bad arguments are ValueErrors naming the function and value', () => {
    expect(data.spirals(key, { nPerClass: 5, dtype: 'float64' }).x.dtype).toBe('float64')
    expect(() => data.spirals(key, { nPerClass: 0 })).toThrow(/^spirals: nPerClass must be a positive integer, got 0/)
    expect(() => data.spirals(key, { nPerClass: 5, classes: 1.5 })).toThrow(/spirals: classes must be a positive integer, got 1.5/)
    expect(() => data.spirals(key, { nPerClass: 5, noise: -1 })).toThrow(/spirals: noise must be a finite number ≥ 0, got -1/)
    expect(() => data.spirals(key, { nPerClass: 5, dtype: 'int32' as never })).toThrow(ValueError)
  })
})

describe('blobs', () => {
  it('n shared between centers as make_blobs does; centers in the box', () => {
    const ds = data.blobs(key, { n: 10, centers: 3, dim: 4 })
    expect(ds.x.shape).toEqual([10, 4])
    expect(ds.centers.shape).toEqual([3, 4])
    expect(counts(ds.y, 3)).toEqual([4, 3, 3])
    expect(bits(ds.centers).every((v) => v >= -10 && v < 10)).toBe(true)
    expect(ds.numClasses).toBe(3)
  })
  it('each cluster is its center plus std·N(0, I)', () => {
    const centers = [[5, -5], [-5, 5]]
    const ds = data.blobs(key, { n: 2000, centers, std: 0.5, dtype: 'float64' })
    const x = rows(ds.x)
    for (let j = 0; j < 2; j++) {
      const pts = x.filter((_, i) => ds.y.data()[i] === j)
      const m = [0, 1].map((d) => pts.reduce((a, p) => a + p[d]!, 0) / pts.length)
      const v = pts.reduce((a, p) => a + (p[0]! - m[0]!) ** 2, 0) / pts.length
      expect(m[0]).toBeCloseTo(centers[j]![0]!, 1)
      expect(m[1]).toBeCloseTo(centers[j]![1]!, 1)
      expect(Math.sqrt(v)).toBeGreaterThan(0.45)
      expect(Math.sqrt(v)).toBeLessThan(0.55)
    }
  })
  it('deterministic in the key; errors', () => {
    expect(bits(data.blobs(key, { n: 50 }).x)).toEqual(bits(data.blobs(key, { n: 50 }).x))
    expect(bits(data.blobs(key, { n: 50 }).x)).not.toEqual(bits(data.blobs(random.key(9), { n: 50 }).x))
    expect(() => data.blobs(key, { n: -3 })).toThrow(/^blobs: n must be a positive integer, got -3/)
    expect(() => data.blobs(key, { n: 5, centers: tensor([1, 2]) })).toThrow(ShapeError)
    expect(() => data.blobs(key, { n: 5, box: [1, 1] })).toThrow(/blobs: box must be \[lo, hi\] with lo < hi/)
  })
})

describe('linearRegression and logisticRegression', () => {
  it('linear: y = x·w + b exactly without noise, shapes of a dense layer', () => {
    const ds = data.linearRegression(key, { n: 30, dim: 3, noise: 0, dtype: 'float64' })
    expect([ds.x.shape, ds.y.shape, ds.w.shape, ds.b.shape]).toEqual([[30, 3], [30, 1], [3, 1], [1]])
    expect(approxEq({ rtol: 1e-12, atol: 1e-12 })(ds.y, add(matmul(ds.x, ds.w), ds.b))).toBe(true)
  })
  it('linear: least squares on noisy data recovers the true weights', () => {
    const ds = data.linearRegression(key, { n: 500, dim: 2, noise: 0.1, dtype: 'float64' })
    const xb = tensor(rows(ds.x).map((r) => [...r, 1]), { dtype: 'float64' })
    const xt = xb.transpose()
    const coef = linalg.solve(matmul(xt, xb), matmul(xt, ds.y))
    const want = [...bits(ds.w), ...bits(ds.b)]
    bits(coef).forEach((c, i) => expect(Math.abs(c - want[i]!)).toBeLessThan(0.03))
    expect(ds.x.dtype).toBe('float64')
    expect(data.linearRegression(key, { n: 4 }).x.dtype).toBe('float32')
  })
  it('logistic: labels in {0, 1} follow sigmoid(x·w + b)', () => {
    const ds = data.logisticRegression(key, { n: 2000, dim: 2 })
    expect(ds.y.shape).toEqual([2000])
    expect(ds.y.dtype).toBe('int32')
    expect(ds.numClasses).toBe(2)
    const logit = bits(reshape(add(matmul(ds.x, ds.w), ds.b), [2000]))
    const y = bits(ds.y)
    expect(y.every((v) => v === 0 || v === 1)).toBe(true)
    // E[y] = E[σ(logit)] within sampling error
    const meanP = logit.reduce((a, l) => a + 1 / (1 + Math.exp(-l)), 0) / 2000
    expect(Math.abs(sum(ds.y).item() / 2000 - meanP)).toBeLessThan(0.04)
    const confident = y.filter((_, i) => logit[i]! > 3)
    expect(confident.filter((v) => v === 1).length / confident.length).toBeGreaterThan(0.9)
    expect(bits(data.logisticRegression(key, { n: 50 }).y)).toEqual(bits(data.logisticRegression(key, { n: 50 }).y))
  })
  it('errors name the function and value', () => {
    expect(() => data.linearRegression(key, { n: 10, noise: Number.NaN })).toThrow(/^linearRegression: noise must be a finite number ≥ 0, got NaN/)
    expect(() => data.logisticRegression(key, { n: 10, dim: 0 })).toThrow(/^logisticRegression: dim must be a positive integer, got 0/)
  })
})

describe('iris', () => {
  const ds = data.iris()
  it('150 × 4 float32 features, 3 int32 classes of 50, names', () => {
    expect(ds.x.shape).toEqual([150, 4])
    expect(ds.x.dtype).toBe('float32')
    expect(ds.y.shape).toEqual([150])
    expect(ds.y.dtype).toBe('int32')
    expect(counts(ds.y, 3)).toEqual([50, 50, 50])
    expect(ds.numClasses).toBe(3)
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica'])
    expect(ds.featureNames).toEqual(['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'])
  })
  it('the values of the classic table', () => {
    expect(rows(data.iris({ dtype: 'float64' }).x)[0]).toEqual([5.1, 3.5, 1.4, 0.2])
    expect(rows(data.iris({ dtype: 'float64' }).x)[149]).toEqual([5.9, 3.0, 5.1, 1.8])
    expect(bits(ds.y).slice(48, 52)).toEqual([0, 0, 1, 1])
    // petal length separates setosa: all below 2 cm, all others at least 3 cm
    const x = rows(data.iris({ dtype: 'float64' }).x)
    x.forEach((r, i) => expect(i < 50 ? r[2]! < 2 : r[2]! >= 3).toBe(true))
  })
})
