/**
 * Splitting, standardising and minibatching: sizes, determinism, every
 * example once per epoch, train-only statistics, and argument errors.
 */
import { describe, expect, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import { mean, sqrt, variance } from '../src/ad/index.js'
import * as data from '../src/data/index.js'
import { ShapeError, ValueError } from '../src/errors.js'
import * as random from '../src/random/index.js'
import { arange, tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

const key = random.key(11)
const ids = (t: Tensor) => Array.from(t.data())
/** A dataset whose x and y both hold the example's index, so order and membership can be read off. */
const indexed = (n: number): data.Dataset => ({ x: arange(n).reshape([n, 1]), y: arange(0, n, 1, 'int32') })
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('trainTestSplit', () => {
  it('ceil(testFraction · n) test examples; disjoint parts covering every example', () => {
    const { train, test } = data.trainTestSplit(key, indexed(10), { testFraction: 0.25 })
    expect(test.x.shape).toEqual([3, 1])
    expect(train.x.shape).toEqual([7, 1])
    expect(sorted([...ids(train.y), ...ids(test.y)])).toEqual(range(10))
    expect(ids(train.x)).toEqual(ids(train.y)) // rows stay aligned
    const iris = data.trainTestSplit(key, data.iris(), { testFraction: 0.2 })
    expect([iris.train.x.shape[0], iris.test.x.shape[0]]).toEqual([120, 30])
    expect(iris.train.classNames).toEqual(['setosa', 'versicolor', 'virginica']) // other fields carried over
    expect(data.trainTestSplit(key, indexed(8)).test.x.shape[0]).toBe(2) // default 0.25
  })
  it('the test part is the first ceil(f·n) of random.permutation(key, n)', () => {
    const perm = ids(random.permutation(key, 20))
    const { train, test } = data.trainTestSplit(key, indexed(20), { testFraction: 0.3 })
    expect(ids(test.y)).toEqual(perm.slice(0, 6))
    expect(ids(train.y)).toEqual(perm.slice(6))
  })
  it('same key ⇒ same split; another key ⇒ another', () => {
    const a = data.trainTestSplit(key, indexed(50), { testFraction: 0.2 })
    expect(ids(data.trainTestSplit(key, indexed(50), { testFraction: 0.2 }).test.y)).toEqual(ids(a.test.y))
    expect(ids(data.trainTestSplit(random.key(12), indexed(50), { testFraction: 0.2 }).test.y)).not.toEqual(ids(a.test.y))
  })
  it('testFraction outside (0, 1) is a ValueError naming the function and the value', () => {
    for (const f of [0, 1, -0.1, 1.5, Number.NaN])
      expect(() => data.trainTestSplit(key, indexed(10), { testFraction: f })).toThrow(
        new RegExp(`^trainTestSplit: testFraction must be a number strictly between 0 and 1, got ${f}`),
      )
    expect(() => data.trainTestSplit(key, indexed(2), { testFraction: 0.9 })).toThrow(/leaves no training examples/)
    expect(() => data.trainTestSplit(key, { x: arange(4).reshape([4, 1]), y: arange(3) })).toThrow(ShapeError)
  })
})

describe('standardize', () => {
  const train: data.Dataset = { x: tensor([[1, 10, 7], [3, 20, 7], [5, 60, 7]], { dtype: 'float64' }), y: tensor([0, 1, 0], { dtype: 'int32' }) }
  const test: data.Dataset = { x: tensor([[3, 30, 8], [7, 0, 7]], { dtype: 'float64' }), y: tensor([1, 1], { dtype: 'int32' }) }
  const s = data.standardize(train, test)
  const close = (a: Tensor, b: Tensor) => expect(approxEq({ rtol: 1e-12, atol: 1e-12 })(a, b), `${a.toString()} vs ${b.toString()}`).toBe(true)
  it('train gets mean 0 and std 1 per feature (a constant feature gets std 1)', () => {
    close(s.mean, tensor([3, 30, 7], { dtype: 'float64' }))
    close(s.std, tensor([Math.sqrt(8 / 3), Math.sqrt(1400 / 3), 1], { dtype: 'float64' }))
    close(mean(s.train.x, 0), tensor([0, 0, 0], { dtype: 'float64' }))
    close(sqrt(variance(s.train.x, 0)), tensor([1, 1, 0], { dtype: 'float64' }))
  })
  it('test is transformed with the train statistics only', () => {
    const want = [[0, 0, 1], [4 / Math.sqrt(8 / 3), -30 / Math.sqrt(1400 / 3), 0]]
    close(s.test.x, tensor(want, { dtype: 'float64' }))
    // standardising test alone would give other values
    expect(approxEq({ rtol: 1e-6, atol: 1e-6 })(data.standardize(test).train.x, s.test.x)).toBe(false)
    expect(s.test.y).toBe(test.y)
    expect(data.standardize(train).test).toBeUndefined()
  })
  it('leaves its inputs alone; shape errors', () => {
    expect(ids(train.x)).toEqual([1, 10, 7, 3, 20, 7, 5, 60, 7])
    expect(() => data.standardize(train, { x: tensor([[1, 2]]), y: tensor([0]) })).toThrow(/standardize: test x \[1,2\] must have the features of train x \[3,3\]/)
  })
})

describe('batches', () => {
  const ds = indexed(103)
  it('every example exactly once per epoch, rows aligned, sizes batchSize then the rest', () => {
    for (const epoch of [0, 1, 7]) {
      const bs = data.batches(key, ds, 10, { epoch })
      expect(bs.length).toBe(11)
      expect(bs.map((b) => b.x.shape[0])).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3])
      const seen = bs.flatMap((b) => ids(b.y))
      expect(sorted(seen)).toEqual(range(103))
      bs.forEach((b) => expect(ids(b.x)).toEqual(ids(b.y)))
    }
  })
  it('same key and epoch ⇒ identical batches; different epochs ⇒ different orders', () => {
    const order = (epoch: number, k = key) => data.batches(k, ds, 16, { epoch }).flatMap((b) => ids(b.y))
    expect(order(3)).toEqual(order(3))
    expect(order(0)).not.toEqual(order(1))
    expect(order(1)).not.toEqual(order(2))
    expect(order(0)).not.toEqual(order(0, random.key(12)))
    expect(order(0)).not.toEqual(range(103))
    // the shuffle of epoch e is permutation(foldIn(key, e), n)
    expect(order(5)).toEqual(ids(random.permutation(random.foldIn(key, 5), 103)))
    expect(order(0)).toEqual(order(0, key)) // default epoch is 0
    expect(data.batches(key, ds, 16).flatMap((b) => ids(b.y))).toEqual(order(0))
  })
  it('dropLast drops the short last batch; numBatches agrees', () => {
    const bs = data.batches(key, ds, 10, { epoch: 2, dropLast: true })
    expect(bs.length).toBe(10)
    expect(bs.every((b) => b.x.shape[0] === 10)).toBe(true)
    expect(new Set(bs.flatMap((b) => ids(b.y))).size).toBe(100)
    expect(data.numBatches(ds, 10)).toBe(11)
    expect(data.numBatches(ds, 10, { dropLast: true })).toBe(10)
    expect(data.numBatches(100, 10, { dropLast: true })).toBe(10)
    expect(data.batches(key, ds, 200, { dropLast: true })).toEqual([])
    expect(data.batches(key, ds, 200).length).toBe(1)
    expect(data.batchIndices(key, 10, 4).map((b) => b.length)).toEqual([4, 4, 2])
  })
  it('shuffle: false keeps the order', () => {
    expect(data.batches(key, ds, 50, { shuffle: false }).map((b) => ids(b.y))).toEqual([range(50), range(100).slice(50), [100, 101, 102]])
  })
  it('works on real data: iris batches keep features and labels together', () => {
    const iris = data.iris()
    const bs = data.batches(key, iris, 32, { epoch: 1 })
    expect(bs.map((b) => b.x.shape)).toEqual([[32, 4], [32, 4], [32, 4], [32, 4], [22, 4]])
    const byRow = new Map((iris.x.toArray() as number[][]).map((r, i) => [r.join(), ids(iris.y)[i]]))
    for (const b of bs) (b.x.toArray() as number[][]).forEach((r, i) => expect(byRow.get(r.join())).toBe(ids(b.y)[i]))
  })
  it('bad arguments are ValueErrors naming the function and the value', () => {
    expect(() => data.batches(key, ds, 0)).toThrow(ValueError)
    expect(() => data.batches(key, ds, 0)).toThrow(/^batches: batchSize must be a positive integer, got 0/)
    expect(() => data.batches(key, ds, -4)).toThrow(/batches: batchSize must be a positive integer, got -4/)
    expect(() => data.batches(key, ds, 2.5)).toThrow(/got 2.5/)
    expect(() => data.batches(key, ds, 8, { epoch: -1 })).toThrow(/^batches: epoch must be an integer in \[0, 2\^32\), got -1/)
    expect(() => data.batchIndices(key, 10, 0)).toThrow(/^batchIndices: batchSize must be a positive integer/)
    expect(() => data.numBatches(10, 0)).toThrow(/^numBatches: batchSize must be a positive integer, got 0/)
    expect(() => data.batches(key, { x: arange(4).reshape([4, 1]), y: arange(3) }, 2)).toThrow(/batches: x \[4,1\] has 4 examples but y \[3\] has 3/)
  })
})
