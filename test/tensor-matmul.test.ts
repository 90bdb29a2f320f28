import { describe, expect, it } from 'vitest'
import * as F from '../src/index.js'
import { DTypeError, ShapeError, Tensor } from '../src/index.js'
import { approxEq } from '../laws/approx.js'

const t = F.tensor
const f64 = (x: F.NestedArray) => t(x, { dtype: 'float64' })
const expectClose = (x: Tensor, want: number | F.NestedArray, tol = { rtol: 1e-6, atol: 1e-6 }) =>
  expect(approxEq(tol)(x, t(want as F.NestedArray, { dtype: 'float64' })), `got ${x.toString()}`).toBe(true)

/** A fixed LCG in [-1, 1), so every run sees the same data. */
const lcg = (seed: number) => {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return (s / 2 ** 32) * 2 - 1
  }
}
const randomF64 = (shape: number[], seed: number): Tensor => {
  const r = lcg(seed)
  return t(Float64Array.from({ length: shape.reduce((p, d) => p * d, 1) }, r), { shape })
}

/** Plain triple loop on nested arrays. */
const naive2d = (a: number[][], b: number[][]): number[][] =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, p) => s + v * b[p]![j]!, 0)))

const a23 = t([[1, 2, 3], [4, 5, 6]])
const b32 = t([[7, 8], [9, 10], [11, 12]])

describe('matmul: layouts', () => {
  it('2-D · 2-D', () => {
    const c = F.matmul(a23, b32)
    expect(c.shape).toEqual([2, 2])
    expect(c.toArray()).toEqual([[58, 64], [139, 154]])
    expect(c.dtype).toBe('float32')
    expect(a23.matmul(b32).toArray()).toEqual([[58, 64], [139, 154]])
  })

  it('1-D · 1-D is the inner product (a scalar)', () => {
    const c = F.matmul(t([1, 2, 3]), t([4, 5, 6]))
    expect(c.shape).toEqual([])
    expect(c.item()).toBe(32)
  })

  it('1-D · 2-D and 2-D · 1-D drop the vector axis', () => {
    expect(F.matmul(t([1, 1]), a23).toArray()).toEqual([5, 7, 9])
    expect(F.matmul(a23, t([1, 0, -1])).toArray()).toEqual([-2, -2])
  })

  it('transA, transB and both multiply by transposes', () => {
    const at = F.transpose(a23) // [3, 2]
    const bt = F.transpose(b32) // [2, 3]
    const want = [[58, 64], [139, 154]]
    expect(F.matmul(at, b32, { transA: true }).toArray()).toEqual(want)
    expect(F.matmul(a23, bt, { transB: true }).toArray()).toEqual(want)
    expect(F.matmul(at, bt, { transA: true, transB: true }).toArray()).toEqual(want)
    expect(F.matmul(a23, a23, { transB: true }).toArray()).toEqual([[14, 32], [32, 77]])
    expect(F.matmul(a23, a23, { transA: true }).shape).toEqual([3, 3])
  })

  it('the trans flags leave vectors alone', () => {
    expect(F.matmul(t([1, 1]), a23, { transA: true }).toArray()).toEqual([5, 7, 9])
    expect(F.matmul(a23, t([1, 0, -1]), { transB: true }).toArray()).toEqual([-2, -2])
    expect(F.matmul(t([1, 2]), t([3, 4]), { transA: true, transB: true }).item()).toBe(11)
  })
})

describe('matmul: batches', () => {
  it('multiplies matching batches', () => {
    const a = F.stack([a23, F.mul(a23, 2)])
    const b = F.stack([b32, F.neg(b32)])
    const c = F.matmul(a, b)
    expect(c.shape).toEqual([2, 2, 2])
    expect(c.toArray()).toEqual([[[58, 64], [139, 154]], [[-116, -128], [-278, -308]]])
  })

  it('shares a 2-D operand across the batch, on either side', () => {
    const a = F.stack([a23, F.mul(a23, 2), F.neg(a23)])
    expect(F.matmul(a, b32).toArray()).toEqual([[[58, 64], [139, 154]], [[116, 128], [278, 308]], [[-58, -64], [-139, -154]]])
    const b = F.stack([b32, F.mul(b32, 0)])
    expect(F.matmul(a23, b).toArray()).toEqual([[[58, 64], [139, 154]], [[0, 0], [0, 0]]])
    expect(F.matmul(t([1, 1]), a).shape).toEqual([3, 3])
    expect(F.matmul(a, t([1, 1, 1])).toArray()).toEqual([[6, 15], [12, 30], [-6, -15]])
  })

  it('broadcasts batch axes as numpy', () => {
    const a = randomF64([2, 1, 3, 4], 1)
    const b = randomF64([5, 4, 2], 2)
    const c = F.matmul(a, b)
    expect(c.shape).toEqual([2, 5, 3, 2])
    const an = a.toArray() as number[][][][]
    const bn = b.toArray() as number[][][]
    const cn = c.toArray() as number[][][][]
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 5; j++) {
        const want = naive2d(an[i]![0]!, bn[j]!)
        expect(approxEq({ rtol: 1e-14, atol: 1e-14 })(f64(cn[i]![j]!), f64(want))).toBe(true)
      }
  })

  it('batched with transA over a shared 2-D operand', () => {
    const a = F.stack([F.transpose(a23), F.transpose(F.neg(a23))]) // [2, 3, 2]
    expect(F.matmul(a, b32, { transA: true }).toArray()).toEqual([[[58, 64], [139, 154]], [[-58, -64], [-139, -154]]])
    expect(F.matmul(F.stack([a23, a23]), F.transpose(b32), { transB: true }).shape).toEqual([2, 2, 2])
  })
})

describe('matmul: sizes, dtypes and special values', () => {
  it('size-0 dimensions: m or n = 0 is empty, k = 0 gives zeros', () => {
    expect(F.matmul(F.zeros([0, 3]), F.zeros([3, 2])).shape).toEqual([0, 2])
    expect(F.matmul(F.zeros([2, 3]), F.zeros([3, 0])).shape).toEqual([2, 0])
    expect(F.matmul(F.zeros([2, 0]), F.zeros([0, 3])).toArray()).toEqual([[0, 0, 0], [0, 0, 0]])
    expect(F.matmul(F.zeros([0]), F.zeros([0])).item()).toBe(0)
    expect(F.matmul(F.zeros([4, 2, 0]), F.zeros([0, 3])).toArray()).toEqual(F.zeros([4, 2, 3]).toArray())
    expect(F.matmul(F.zeros([1, 0, 0]), F.zeros([0])).shape).toEqual([1, 0])
    expect(F.matmul(F.zeros([0, 2, 3]), F.zeros([0, 3, 4])).shape).toEqual([0, 2, 4])
    expect(F.matmul(F.zeros([2, 0], 'int32'), F.zeros([0, 2], 'int32')).toArray()).toEqual([[0, 0], [0, 0]])
  })

  it('size-1 dimensions', () => {
    expect(F.matmul(t([[2]]), t([[3]])).toArray()).toEqual([[6]])
    expect(F.matmul(t([[1], [2]]), t([[3, 4]])).toArray()).toEqual([[3, 4], [6, 8]])
    expect(F.matmul(t([5]), t([[1, 2]])).toArray()).toEqual([5, 10])
  })

  it('int32 is exact and wraps; bool computes in int32; mixed dtypes promote', () => {
    const i = F.matmul(t([[1, 2]], { dtype: 'int32' }), t([[3], [4]], { dtype: 'int32' }))
    expect(i.dtype).toBe('int32')
    expect(i.toArray()).toEqual([[11]])
    const big = t([[65536]], { dtype: 'int32' })
    expect(F.matmul(big, big).toArray()).toEqual([[0]]) // 2^32 wraps to 0
    const b = F.matmul(t([[true, true]]), t([[true], [true]]))
    expect(b.dtype).toBe('int32')
    expect(b.toArray()).toEqual([[2]])
    expect(F.matmul(t([[1, 2]], { dtype: 'int32' }), t([[0.5], [0.25]])).toArray()).toEqual([[1]])
    expect(F.matmul(t([[1]]), f64([[2]])).dtype).toBe('float64')
  })

  it('float32 results are rounded once from a double accumulation', () => {
    const a = t([[1e8, 1, -1e8]])
    expect(F.matmul(a, t([[1], [1], [1]])).item()).toBe(1)
  })

  it('NaN and infinities propagate only into the rows and columns they touch', () => {
    expectClose(F.matmul(t([[1, NaN], [1, 1]]), t([[1, 1], [1, 1]])), [[NaN, NaN], [2, 2]])
    expectClose(F.matmul(t([[1, 1]]), t([[Infinity, 1], [1, 1]])), [[Infinity, 2]])
    expectClose(F.matmul(t([[0, 1]]), t([[Infinity], [1]])), [[NaN]]) // 0 · ∞
  })

  it('agrees with a naive triple loop on larger matrices (the packed kernel) in every layout', () => {
    const a = randomF64([37, 45], 3)
    const b = randomF64([45, 29], 4)
    const want = f64(naive2d(a.toArray() as number[][], b.toArray() as number[][]))
    const tol = { rtol: 1e-12, atol: 1e-12 }
    expect(approxEq(tol)(F.matmul(a, b), want)).toBe(true)
    expect(approxEq(tol)(F.matmul(F.transpose(a), b, { transA: true }), want)).toBe(true)
    expect(approxEq(tol)(F.matmul(a, F.transpose(b), { transB: true }), want)).toBe(true)
    expect(approxEq(tol)(F.matmul(F.transpose(a), F.transpose(b), { transA: true, transB: true }), want)).toBe(true)
    const a32 = F.cast(a, 'float32')
    const b32f = F.cast(b, 'float32')
    const want32 = f64(naive2d(a32.toArray() as number[][], b32f.toArray() as number[][]))
    expect(approxEq({ rtol: 1e-6, atol: 1e-6 })(F.matmul(a32, b32f), want32)).toBe(true)
  })

  it('is deterministic', () => {
    const a = randomF64([20, 30], 5)
    const b = randomF64([30, 20], 6)
    expect(Array.from(F.matmul(a, b).data())).toEqual(Array.from(F.matmul(a, b).data()))
  })
})

describe('matmul: errors name the shapes', () => {
  it('inner dimensions that differ', () => {
    expect(() => F.matmul(F.zeros([3, 4]), F.zeros([5, 2]))).toThrow(ShapeError)
    expect(() => F.matmul(F.zeros([3, 4]), F.zeros([5, 2]))).toThrow('matmul: cannot multiply [3,4] by [5,2]: inner dimensions 4 and 5 differ')
    expect(() => F.matmul(F.zeros([2, 3, 4]), F.zeros([5, 2]))).toThrow('matmul: cannot multiply [2,3,4] by [5,2]: inner dimensions 4 and 5 differ')
    expect(() => F.matmul(F.zeros([3]), F.zeros([4, 2]))).toThrow('matmul: cannot multiply [3] by [4,2]: inner dimensions 3 and 4 differ')
    expect(() => F.matmul(F.zeros([3, 4]), F.zeros([5]))).toThrow('matmul: cannot multiply [3,4] by [5]: inner dimensions 4 and 5 differ')
    expect(() => F.matmul(F.zeros([3]), F.zeros([4]))).toThrow('matmul: cannot multiply [3] by [4]: inner dimensions 3 and 4 differ')
  })

  it('with the trans flags, marked ᵀ', () => {
    expect(() => F.matmul(F.zeros([3, 4]), F.zeros([3, 2]), { transB: true })).toThrow(
      'matmul: cannot multiply [3,4] by [3,2]ᵀ: inner dimensions 4 and 2 differ')
    expect(() => F.matmul(F.zeros([3, 4]), F.zeros([4, 2]), { transA: true })).toThrow(
      'matmul: cannot multiply [3,4]ᵀ by [4,2]: inner dimensions 3 and 4 differ')
  })

  it('batch axes that do not broadcast, and scalars', () => {
    expect(() => F.matmul(F.zeros([2, 3, 4]), F.zeros([3, 4, 2]))).toThrow(ShapeError)
    expect(() => F.matmul(F.zeros([2, 3, 4]), F.zeros([3, 4, 2]))).toThrow(/matmul: cannot broadcast \[2\] with \[3\]/)
    expect(() => F.matmul(t(2), F.zeros([2]))).toThrow('matmul: cannot multiply [] by [2]: scalars are not matrices (use mul)')
    expect(() => F.matmul(F.zeros([2]), 3)).toThrow(/scalars are not matrices/)
  })

  it('non-tensor operands', () => {
    expect(() => F.matmul([[1]] as unknown as Tensor, F.zeros([1, 1]))).toThrow(DTypeError)
  })
})
