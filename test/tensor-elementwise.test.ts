import { describe, expect, it } from 'vitest'
import * as F from '../src/index.js'
import { DTypeError, ShapeError, Tensor } from '../src/index.js'
import { approxEq } from '../laws/approx.js'

const t = F.tensor
const f64 = (x: number | F.NestedArray) => t(x, { dtype: 'float64' })

/** Shape and values within tolerance (NaN matches NaN, infinities only themselves). */
const expectClose = (x: Tensor, want: number | F.NestedArray, tol = { rtol: 1e-6, atol: 1e-7 }) =>
  expect(approxEq(tol)(x, f64(want)), `got ${x.toString()}`).toBe(true)
const TIGHT = { rtol: 1e-14, atol: 1e-15 }

describe('unary ops: values, NaN and infinities', () => {
  const specials = f64([0, -2, 3.5, NaN, Infinity, -Infinity])

  it('neg, abs, sign, square', () => {
    expectClose(F.neg(specials), [0, 2, -3.5, NaN, -Infinity, Infinity])
    expectClose(F.abs(specials), [0, 2, 3.5, NaN, Infinity, Infinity])
    expectClose(F.sign(specials), [0, -1, 1, NaN, 1, -1])
    expectClose(F.square(specials), [0, 4, 12.25, NaN, Infinity, Infinity])
    expect(Object.is(F.abs(f64([-0])).data()[0], 0)).toBe(true)
  })

  it('sqrt and rsqrt', () => {
    expectClose(F.sqrt(f64([0, 4, 2, -1, NaN, Infinity])), [0, 2, Math.SQRT2, NaN, NaN, Infinity], TIGHT)
    expectClose(F.rsqrt(f64([4, 0.25, 0, -1, Infinity])), [0.5, 2, Infinity, NaN, 0], TIGHT)
  })

  it('exp, expm1, log, log1p (including the accurate-near-zero forms)', () => {
    expectClose(F.exp(f64([0, 1, -Infinity, Infinity, NaN])), [1, Math.E, 0, Infinity, NaN], TIGHT)
    expectClose(F.log(f64([1, Math.E, 0, -1, Infinity, NaN])), [0, 1, -Infinity, NaN, Infinity, NaN], TIGHT)
    // 1e-10: exp(x) - 1 would lose about 7 digits here, expm1 keeps them
    expectClose(F.expm1(f64([1e-10, 0, -Infinity, 1])), [1.00000000005e-10, 0, -1, Math.E - 1], { rtol: 1e-12, atol: 0 })
    expectClose(F.log1p(f64([1e-10, 0, -1, -2, Math.E - 1])), [9.9999999995e-11, 0, -Infinity, NaN, 1], { rtol: 1e-12, atol: 0 })
  })

  it('sin, cos, tanh', () => {
    expectClose(F.sin(f64([0, Math.PI / 2, -Math.PI / 6, Infinity, NaN])), [0, 1, -0.5, NaN, NaN], { rtol: 1e-14, atol: 1e-15 })
    expectClose(F.cos(f64([0, Math.PI, Math.PI / 3, -Infinity])), [1, -1, 0.5, NaN], { rtol: 1e-14, atol: 1e-15 })
    expectClose(F.tanh(f64([0, 1, -1, Infinity, -Infinity, 40, NaN])), [0, 0.7615941559557649, -0.7615941559557649, 1, -1, 1, NaN], TIGHT)
  })

  it('sigmoid saturates without NaN', () => {
    expectClose(F.sigmoid(f64([0, 2, -2, 1000, -1000, Infinity, -Infinity, NaN])),
      [0.5, 0.8807970779778823, 0.11920292202211755, 1, 0, 1, 0, NaN], TIGHT)
    expectClose(F.sigmoid(t([-100, 100])), [0, 1])
  })

  it('relu keeps NaN and zeroes negatives', () => {
    expectClose(F.relu(f64([-1, 0, 2, NaN, -Infinity, Infinity])), [0, 0, 2, NaN, 0, Infinity])
  })

  it('erf matches reference values to about 1e-15', () => {
    expectClose(
      F.erf(f64([0, 0.5, 1, -1, 2, 3, -0.1, 5, Infinity, -Infinity, NaN])),
      [0, 0.5204998778130465, 0.8427007929497149, -0.8427007929497149, 0.9953222650189527, 0.9999779095030014,
        -0.1124629160182849, 0.9999999999984626, 1, -1, NaN],
      { rtol: 1e-13, atol: 1e-15 },
    )
  })

  it('floor rounds toward -Infinity', () => {
    expectClose(F.floor(f64([-2.5, 2.5, -0.1, 3, NaN, Infinity])), [-3, 2, -1, 3, NaN, Infinity])
  })

  it('work on scalars (tensors and plain numbers) and keep shapes, including size 0', () => {
    expect(F.exp(t(0)).shape).toEqual([])
    expect(F.exp(t(0)).item()).toBe(1)
    expect(F.sqrt(9).item()).toBe(3)
    expect(F.neg(2).item()).toBe(-2)
    const e = F.zeros([0, 3])
    for (const op of [F.neg, F.abs, F.sign, F.square, F.sqrt, F.rsqrt, F.exp, F.expm1, F.log, F.log1p, F.sin, F.cos,
      F.tanh, F.sigmoid, F.relu, F.erf, F.floor]) {
      expect(op(e).shape).toEqual([0, 3])
      expect(op(t([[2]])).shape).toEqual([1, 1])
    }
  })

  it('float ops turn integers into float32; neg/abs/sign/floor/square keep int32', () => {
    const i = t([-2, 3], { dtype: 'int32' })
    for (const op of [F.sqrt, F.exp, F.log, F.sin, F.cos, F.tanh, F.sigmoid, F.relu, F.erf, F.expm1, F.log1p, F.rsqrt])
      expect(op(i).dtype).toBe('float32')
    expect(F.relu(i).toArray()).toEqual([0, 3])
    expect(F.neg(i).dtype).toBe('int32')
    expect(F.neg(i).toArray()).toEqual([2, -3])
    expect(F.abs(i).toArray()).toEqual([2, 3])
    expect(F.abs(i).dtype).toBe('int32')
    expect(F.sign(i).toArray()).toEqual([-1, 1])
    expect(F.floor(i).dtype).toBe('int32')
    expect(F.square(i).toArray()).toEqual([4, 9])
    expect(F.square(i).dtype).toBe('int32')
    expect(F.neg(t([true, false])).toArray()).toEqual([-1, 0])
    expect(F.exp(f64([1])).dtype).toBe('float64')
  })
})

describe('binary ops', () => {
  const a = t([[1, 2, 3], [4, 5, 6]])

  it('add, sub, mul, div, pow elementwise', () => {
    const b = t([[6, 5, 4], [3, 2, 1]])
    expect(F.add(a, b).toArray()).toEqual([[7, 7, 7], [7, 7, 7]])
    expect(F.sub(a, b).toArray()).toEqual([[-5, -3, -1], [1, 3, 5]])
    expect(F.mul(a, b).toArray()).toEqual([[6, 10, 12], [12, 10, 6]])
    expectClose(F.div(a, b), [[1 / 6, 0.4, 0.75], [4 / 3, 2.5, 6]])
    expect(F.pow(a, 2).toArray()).toEqual([[1, 4, 9], [16, 25, 36]])
    expect(F.maximum(a, b).toArray()).toEqual([[6, 5, 4], [4, 5, 6]])
    expect(F.minimum(a, b).toArray()).toEqual([[1, 2, 3], [3, 2, 1]])
  })

  it('broadcast as numpy: trailing axes align, size-1 axes stretch', () => {
    const col = t([[10], [20]])
    const row = t([1, 2, 3])
    expect(F.add(col, row).toArray()).toEqual([[11, 12, 13], [21, 22, 23]])
    expect(F.sub(row, col).toArray()).toEqual([[-9, -8, -7], [-19, -18, -17]])
    expect(F.mul(a, row).toArray()).toEqual([[1, 4, 9], [4, 10, 18]])
    expect(F.add(t([[[1]], [[2]]]), t([[1, 2]])).shape).toEqual([2, 1, 2])
    expect(F.add(t(1), a).shape).toEqual([2, 3])
    expect(F.add(F.zeros([3, 1, 2]), F.zeros([4, 1])).shape).toEqual([3, 4, 2])
  })

  it('broadcast size-0 axes', () => {
    expect(F.add(F.zeros([0, 3]), t([1, 2, 3])).shape).toEqual([0, 3])
    expect(F.mul(F.zeros([2, 0]), F.zeros([2, 1])).shape).toEqual([2, 0])
    expect(F.add(F.zeros([0]), F.zeros([1])).shape).toEqual([0])
    expect(F.maximum(F.zeros([0, 1]), F.zeros([1, 4])).shape).toEqual([0, 4])
  })

  it('take plain numbers on either side, in order', () => {
    expect(F.sub(10, a).toArray()).toEqual([[9, 8, 7], [6, 5, 4]])
    expect(F.sub(a, 10).toArray()).toEqual([[-9, -8, -7], [-6, -5, -4]])
    expect(F.div(1, t([2, 4])).toArray()).toEqual([0.5, 0.25])
    expect(F.pow(2, t([3, -1])).toArray()).toEqual([8, 0.5])
    const s = F.add(2, 3)
    expect(s.shape).toEqual([])
    expect(s.item()).toBe(5)
  })

  it('scalars combine with scalars into scalars', () => {
    expect(F.mul(t(3), t(4)).shape).toEqual([])
    expect(F.mul(t(3), t(4)).item()).toBe(12)
    expect(F.add(t([5]), t(1)).shape).toEqual([1])
  })

  it('division by zero gives infinities and NaN', () => {
    expectClose(F.div(t([1, -1, 0]), 0), [Infinity, -Infinity, NaN])
    expectClose(F.div(t([1, 2], { dtype: 'int32' }), t([0, 0], { dtype: 'int32' })), [Infinity, Infinity])
  })

  it('pow follows IEEE/numpy corner cases', () => {
    expectClose(F.pow(f64([0, NaN, 2, -8, 0, 4]), f64([0, 0, -1, 1 / 3, -1, 0.5])), [1, 1, 0.5, NaN, Infinity, 2], TIGHT)
    expectClose(F.pow(f64([Infinity, -Infinity, 1]), f64([-1, 3, NaN])), [0, -Infinity, NaN])
  })

  it('NaN and infinities propagate through arithmetic', () => {
    expectClose(F.add(t([NaN, Infinity, Infinity]), t([1, -Infinity, 1])), [NaN, NaN, Infinity])
    expectClose(F.mul(t([Infinity, NaN]), t([0, 0])), [NaN, NaN])
    expectClose(F.sub(t([-Infinity]), t([Infinity])), [-Infinity])
  })

  it('maximum and minimum propagate NaN from either side', () => {
    const x = t([1, NaN, 3, NaN, -Infinity])
    const y = t([NaN, 2, 1, NaN, 5])
    expectClose(F.maximum(x, y), [NaN, NaN, 3, NaN, 5])
    expectClose(F.minimum(x, y), [NaN, NaN, 1, NaN, -Infinity])
    expectClose(F.maximum(t([NaN, 1]), 0), [NaN, 1])
    expectClose(F.minimum(0, t([1, NaN])), [0, NaN])
  })

  it('int32 arithmetic stays int32 and wraps on overflow', () => {
    const i = t([2147483647, -3], { dtype: 'int32' })
    const s = F.add(i, 1)
    expect(s.dtype).toBe('int32')
    expect(s.toArray()).toEqual([-2147483648, -2])
    expect(F.mul(t([7], { dtype: 'int32' }), 3).toArray()).toEqual([21])
  })

  it('reject shapes that do not broadcast, naming the op and both shapes', () => {
    expect(() => F.add(F.zeros([2, 3]), F.zeros([4]))).toThrow(ShapeError)
    expect(() => F.add(F.zeros([2, 3]), F.zeros([4]))).toThrow(
      'add: cannot broadcast [2,3] with [4]: dimension -1 is 3 vs 4 (each must be equal or 1)')
    expect(() => F.mul(F.zeros([2, 3]), F.zeros([3, 3]))).toThrow(/mul: cannot broadcast \[2,3\] with \[3,3\]: dimension -2 is 2 vs 3/)
    expect(() => F.maximum(F.zeros([0]), F.zeros([2]))).toThrow(/maximum: cannot broadcast \[0\] with \[2\]/)
    expect(() => F.less(F.zeros([2]), F.zeros([3]))).toThrow(/less: cannot broadcast/)
  })

  it('reject non-tensor arguments', () => {
    expect(() => F.add([1, 2] as unknown as Tensor, 1)).toThrow(DTypeError)
    expect(() => F.add([1, 2] as unknown as Tensor, 1)).toThrow(/add: expected a Tensor or a number, got an array/)
    expect(() => F.exp('1' as unknown as Tensor)).toThrow(/exp: expected a Tensor or a number, got string/)
  })
})

describe('comparisons', () => {
  const x = t([1, 2, 3, NaN])
  const y = t([2, 2, 2, NaN])

  it('give bool tensors', () => {
    expect(F.equal(x, y).dtype).toBe('bool')
    expect(F.equal(x, y).toArray()).toEqual([0, 1, 0, 0])
    expect(F.notEqual(x, y).toArray()).toEqual([1, 0, 1, 1])
    expect(F.less(x, y).toArray()).toEqual([1, 0, 0, 0])
    expect(F.lessEqual(x, y).toArray()).toEqual([1, 1, 0, 0])
    expect(F.greater(x, y).toArray()).toEqual([0, 0, 1, 0])
    expect(F.greaterEqual(x, y).toArray()).toEqual([0, 1, 1, 0])
  })

  it('compare infinities, broadcast, and take numbers', () => {
    expect(F.less(t([-Infinity, Infinity]), 0).toArray()).toEqual([1, 0])
    expect(F.equal(t([Infinity]), Infinity).toArray()).toEqual([1])
    expect(F.greater(t([[1], [3]]), t([0, 2, 4])).toArray()).toEqual([[1, 0, 0], [1, 1, 0]])
    expect(F.lessEqual(1, t([0, 1, 2])).toArray()).toEqual([0, 1, 1])
    expect(F.equal(t(1), t(1)).shape).toEqual([])
    expect(F.equal(F.zeros([0]), 1).shape).toEqual([0])
  })

  it('compare across dtypes after promotion', () => {
    expect(F.equal(t([1, 2], { dtype: 'int32' }), t([1, 2.5])).toArray()).toEqual([1, 0])
    expect(F.equal(t([true, false]), t([1, 0], { dtype: 'int32' })).toArray()).toEqual([1, 1])
    expect(F.less(t([1], { dtype: 'int32' }), 1.5).toArray()).toEqual([1])
  })
})

describe('where', () => {
  it('selects elementwise and broadcasts all three operands', () => {
    const c = t([true, false, true])
    expect(F.where(c, t([1, 2, 3]), t([10, 20, 30])).toArray()).toEqual([1, 20, 3])
    expect(F.where(c, 1, 0).toArray()).toEqual([1, 0, 1])
    expect(F.where(t([[true], [false]]), t([1, 2]), t(0)).toArray()).toEqual([[1, 2], [0, 0]])
    expect(F.where(t(true), t([1, 2]), t([[3], [4]])).toArray()).toEqual([[1, 2], [1, 2]])
    expect(F.where(F.zeros([0], 'bool'), 1, 2).shape).toEqual([0])
  })

  it('does not leak NaN or Infinity from the branch not taken', () => {
    expect(F.where(t([true, false]), t([1, NaN]), t([NaN, 2])).toArray()).toEqual([1, 2])
    const x = t([0, 4])
    const safe = F.where(F.greater(x, 0), F.sqrt(x), 0)
    expect(safe.toArray()).toEqual([0, 2])
  })

  it('promotes the branches', () => {
    const r = F.where(t([true, false]), t([1, 2], { dtype: 'int32' }), t([0.5, 0.5]))
    expect(r.dtype).toBe('float32')
    expect(r.toArray()).toEqual([1, 0.5])
    expect(F.where(t([true]), f64([1]), t([2])).dtype).toBe('float64')
  })

  it('requires a bool condition and broadcastable shapes', () => {
    expect(() => F.where(t([1, 0]), 1, 2)).toThrow(DTypeError)
    expect(() => F.where(t([1, 0]), 1, 2)).toThrow('where: the condition must be bool, got float32 [2]; compare first, e.g. greater(x, 0)')
    expect(() => F.where(t([true, false]), F.zeros([3]), 0)).toThrow(ShapeError)
    expect(() => F.where(t([true, false]), F.zeros([3]), 0)).toThrow(/where: cannot broadcast \[2\] with \[3\]/)
  })
})

describe('cast', () => {
  it('floats to int32 truncate toward zero', () => {
    const r = F.cast(t([-1.7, 2.9, -0.2, 3]), 'int32')
    expect(r.dtype).toBe('int32')
    expect(r.toArray()).toEqual([-1, 2, 0, 3])
  })

  it('anything to bool is x != 0 (NaN is true)', () => {
    const r = F.cast(t([NaN, 0, -0, 2, -Infinity]), 'bool')
    expect(r.dtype).toBe('bool')
    expect(r.toArray()).toEqual([1, 0, 0, 1, 1])
    expect(F.cast(t([0, 5], { dtype: 'int32' }), 'bool').toArray()).toEqual([0, 1])
  })

  it('widens and narrows floats', () => {
    expect(F.cast(t([true, false]), 'float32').toArray()).toEqual([1, 0])
    expect(F.cast(t([3], { dtype: 'int32' }), 'float64').dtype).toBe('float64')
    const narrow = F.cast(f64([0.1]), 'float32')
    expect(narrow.data()[0]).toBe(Math.fround(0.1))
    expect(F.cast(t([0.1]), 'float64').data()[0]).toBe(Math.fround(0.1))
    expectClose(F.cast(t([NaN, Infinity]), 'float64'), [NaN, Infinity])
  })

  it('is the identity for the same dtype and keeps shapes (scalars, size 0)', () => {
    const x = t([1, 2])
    expect(F.cast(x, 'float32')).toBe(x)
    expect(F.cast(t(2.5), 'int32').shape).toEqual([])
    expect(F.cast(F.zeros([0, 2]), 'bool').shape).toEqual([0, 2])
    expect(F.cast(3.7, 'int32').item()).toBe(3)
  })

  it('rejects unknown dtypes', () => {
    expect(() => F.cast(t([1]), 'int64' as F.DType)).toThrow(DTypeError)
    expect(() => F.cast(t([1]), 'int64' as F.DType)).toThrow(/cast: unknown dtype int64/)
  })
})

describe('methods', () => {
  it('read left to right and match the ops', () => {
    const x = t([[1, 2], [3, 4]])
    expect(x.add(1).mul(2).sub(x).toArray()).toEqual([[3, 4], [5, 6]])
    expectClose(x.neg().abs().sqrt().square(), [[1, 2], [3, 4]])
    expect(x.cast('int32').dtype).toBe('int32')
    expect(x.maximum(2.5).minimum(3).toArray()).toEqual([[2.5, 2.5], [3, 3]])
  })
})

describe('tie rules', () => {
  const grad = (f: (x: Tensor) => Tensor, x: Tensor) => (F.grad(f)(x) as Tensor).toArray()

  it('maximum and minimum split the derivative at a tie', () => {
    expect(grad((x) => F.sum(F.maximum(x, t([1, 0, 5]))), t([1, 2, 3]))).toEqual([0.5, 1, 0])
    expect(grad((x) => F.sum(F.minimum(x, t([1, 0, 5]))), t([1, 2, 3]))).toEqual([0.5, 0, 1])
    expect(grad((x) => F.sum(F.maximum(x, x)), t([1, 2]))).toEqual([1, 1])
  })

  it("relu'(0) = 0 and abs'(0) = 0", () => {
    expect(grad((x) => F.sum(F.relu(x)), t([0, 1, -1]))).toEqual([0, 1, 0])
    expect(grad((x) => F.sum(F.abs(x)), t([0, 2, -2]))).toEqual([0, 1, -1])
  })
})

