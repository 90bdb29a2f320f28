/**
 * Sizes (issue 11): a tensor holds at most MAX_ELEMENTS = 2^28 elements and 64
 * axes. Going over fails at once, before any allocation, with a ShapeError that
 * names the op and the element count (it used to be a raw RangeError, or a
 * quiet multi-gigabyte allocation). Invalid dimensions are ShapeErrors too.
 */
import { describe, expect, it } from 'vitest'
import {
  MAX_ELEMENTS, MAX_RANK, ShapeError, ValueError, arange, broadcastTo, eye, full, linspace, matmul, ones, random, reshape, tensor, zeros,
} from '../src/index.js'

/** Expect a ShapeError whose message names `op` and `count`, never a RangeError. */
const overCap = (f: () => unknown, op: string, count: number): void => {
  let err: unknown
  try {
    f()
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(ShapeError)
  const msg = (err as Error).message
  expect(msg.startsWith(`${op}: `)).toBe(true)
  expect(msg).toContain(`${count} elements`)
  expect(msg).toContain(String(MAX_ELEMENTS))
}

describe('the element cap', () => {
  it('is 2^28 elements and 64 axes', () => {
    expect(MAX_ELEMENTS).toBe(2 ** 28)
    expect(MAX_RANK).toBe(64)
  })

  it('stops every constructor over the cap with a ShapeError naming the op and the count', () => {
    overCap(() => zeros([1e6, 1e6]), 'zeros', 1e12)
    overCap(() => ones([2 ** 31]), 'ones', 2 ** 31)
    overCap(() => full([2 ** 29], 1), 'full', 2 ** 29)
    overCap(() => eye(1e6), 'eye', 1e12)
    overCap(() => eye(2 ** 15, 2 ** 14 + 1), 'eye', 2 ** 15 * (2 ** 14 + 1))
    overCap(() => arange(1e10), 'arange', 1e10)
    overCap(() => arange(0, 1, 1e-9), 'arange', 1e9)
    overCap(() => linspace(0, 1, 2 ** 30), 'linspace', 2 ** 30)
  })

  it('allows exactly the cap in the shape check (a zero-size tensor with a huge axis is fine)', () => {
    expect(zeros([1e12, 0]).shape).toEqual([1e12, 0])
    expect(zeros([0, 2 ** 40]).size).toBe(0)
  })

  it('stops ops whose result would be over the cap', () => {
    overCap(() => broadcastTo(ones([1]), [1e6, 1e6]), 'broadcastTo', 1e12)
    overCap(() => ones([2 ** 15, 1]).add(ones([1, 2 ** 14 + 1])), 'add', 2 ** 15 * (2 ** 14 + 1))
    overCap(() => matmul(ones([2 ** 15, 1]), ones([1, 2 ** 14 + 1])), 'matmul', 2 ** 15 * (2 ** 14 + 1))
    expect(() => reshape(ones([1]), [1e6, 1e6])).toThrow(ShapeError)
  })

  it('stops samplers and split before drawing', () => {
    const k = random.key(0)
    overCap(() => random.normal(k, [1e6, 1e6]), 'normal', 1e12)
    overCap(() => random.uniform(k, [2 ** 31]), 'uniform', 2 ** 31)
    overCap(() => random.bits(k, [2 ** 29]), 'bits', 2 ** 29)
    overCap(() => random.bernoulli(k, 0.5, [2 ** 29]), 'bernoulli', 2 ** 29)
    overCap(() => random.randint(k, [2 ** 29], 0, 3), 'randint', 2 ** 29)
    overCap(() => random.permutation(k, 1e10), 'permutation', 1e10)
    expect(() => random.split(k, 2 ** 32 - 1)).toThrow(ShapeError)
    expect(() => random.split(k, 2 ** 32 - 1)).toThrow(/split: 4294967295 keys is more than the 16777216/)
    expect(random.split(k, 3)).toHaveLength(3)
    expect(random.MAX_SPLIT).toBe(2 ** 24)
  })
})

describe('invalid dimensions', () => {
  it.each([
    ['negative', -1],
    ['fractional', 1.5],
    ['NaN', NaN],
    ['infinite', Infinity],
  ])('a %s dimension is a ShapeError naming the op and the dimension', (_, d) => {
    expect(() => zeros([2, d])).toThrow(ShapeError)
    expect(() => zeros([2, d])).toThrow(`zeros: shape [2,${d}] must hold non-negative integers (dimension 1 is ${d})`)
    expect(() => full([d], 1)).toThrow(/^full: shape/)
    expect(() => random.normal(random.key(0), [d])).toThrow(ShapeError)
  })

  it('a shape that is not an array is a ShapeError', () => {
    expect(() => zeros(5 as unknown as number[])).toThrow(ShapeError)
  })

  it('more than 64 axes is a ShapeError', () => {
    expect(() => zeros(new Array(65).fill(1))).toThrow(/zeros: shape has 65 axes, more than the 64/)
    expect(zeros(new Array(64).fill(1)).ndim).toBe(64)
  })

  it('a non-integer diagonal offset for eye is a ValueError', () => {
    expect(() => eye(3, 3, 'float32', 0.5)).toThrow(ValueError)
  })
})

describe('tensor() of deep or cyclic nested arrays', () => {
  it('an array nested 1e4 deep is a ShapeError, not a stack overflow', () => {
    let a: unknown = 1
    for (let i = 0; i < 1e4; i++) a = [a]
    expect(() => tensor(a as number[])).toThrow(ShapeError)
    expect(() => tensor(a as number[])).toThrow('tensor: the nested array is more than 64 levels deep; a tensor has at most 64 axes')
  })

  it('an array that contains itself is a ShapeError, not an endless loop', () => {
    const a: unknown[] = []
    a.push(a)
    expect(() => tensor(a as number[])).toThrow(ShapeError)
  })

  it('64 levels are fine', () => {
    let a: unknown = 7
    for (let i = 0; i < 64; i++) a = [a]
    const t = tensor(a as number[])
    expect(t.ndim).toBe(64)
    expect(t.size).toBe(1)
  })
})
