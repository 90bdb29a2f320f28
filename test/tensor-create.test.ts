import { describe, expect, it } from 'vitest'
import * as F from '../src/index.js'
import { DTypeError, ShapeError, Tensor, ValueError } from '../src/index.js'
import { approxEq } from '../laws/approx.js'

const t = F.tensor

/** Shape and values within tolerance (NaN matches NaN). */
const expectClose = (x: Tensor, want: number | F.NestedArray, tol = { rtol: 1e-6, atol: 1e-6 }) =>
  expect(approxEq(tol)(x, t(want as F.NestedArray, { dtype: 'float64' })), `got ${x.toString()}`).toBe(true)

describe('tensor()', () => {
  it('makes a float32 scalar from a number', () => {
    const x = t(3.5)
    expect(x.shape).toEqual([])
    expect(x.ndim).toBe(0)
    expect(x.size).toBe(1)
    expect(x.dtype).toBe('float32')
    expect(x.item()).toBe(3.5)
    expect(x.toArray()).toBe(3.5)
  })

  it('makes a bool scalar from a boolean, stored as 0/1', () => {
    expect(t(true).dtype).toBe('bool')
    expect(t(true).item()).toBe(1)
    expect(t(false).toArray()).toBe(0)
  })

  it('infers the shape of nested arrays', () => {
    const x = t([[1, 2, 3], [4, 5, 6]])
    expect(x.shape).toEqual([2, 3])
    expect(x.ndim).toBe(2)
    expect(x.size).toBe(6)
    expect(x.toArray()).toEqual([[1, 2, 3], [4, 5, 6]])
    expect(Array.from(x.data())).toEqual([1, 2, 3, 4, 5, 6])
    expect(t([[[1], [2]], [[3], [4]]]).shape).toEqual([2, 2, 1])
  })

  it('gives bool for all-boolean data and float32 for mixed data', () => {
    expect(t([true, false]).dtype).toBe('bool')
    expect(t([true, false]).toArray()).toEqual([1, 0])
    const mixed = t([true, 2])
    expect(mixed.dtype).toBe('float32')
    expect(mixed.toArray()).toEqual([1, 2])
  })

  it('handles size-0 arrays', () => {
    const e = t([])
    expect(e.shape).toEqual([0])
    expect(e.dtype).toBe('float32')
    expect(e.size).toBe(0)
    expect(e.toArray()).toEqual([])
    const e2 = t([[], []])
    expect(e2.shape).toEqual([2, 0])
    expect(e2.toArray()).toEqual([[], []])
  })

  it('keeps NaN and infinities', () => {
    const x = t([NaN, Infinity, -Infinity, -0])
    const d = x.data()
    expect(Number.isNaN(d[0])).toBe(true)
    expect(d[1]).toBe(Infinity)
    expect(d[2]).toBe(-Infinity)
    expect(Object.is(d[3], -0)).toBe(true)
  })

  it('rounds to float32 by default and keeps float64 when asked', () => {
    expect(t([0.1]).data()[0]).toBe(Math.fround(0.1))
    expect(t([0.1]).data()[0]).not.toBe(0.1)
    expect(t([0.1], { dtype: 'float64' }).data()[0]).toBe(0.1)
  })

  it('converts with an explicit dtype: int32 truncates toward zero, bool is x != 0', () => {
    const i = t([1.7, -1.7, 2, -0.5], { dtype: 'int32' })
    expect(i.dtype).toBe('int32')
    expect(i.toArray()).toEqual([1, -1, 2, 0])
    const b = t([0, 2, -3, 0.5], { dtype: 'bool' })
    expect(b.dtype).toBe('bool')
    expect(b.toArray()).toEqual([0, 1, 1, 1])
    expect(t([true, false], { dtype: 'float64' }).toArray()).toEqual([1, 0])
  })

  it('copies typed arrays and keeps their dtype', () => {
    const src = new Float64Array([1, 2, 3, 4])
    const x = t(src, { shape: [2, 2] })
    expect(x.dtype).toBe('float64')
    expect(x.shape).toEqual([2, 2])
    src[0] = 100 // the tensor owns a copy
    expect(x.toArray()).toEqual([[1, 2], [3, 4]])
    expect(t(new Int32Array([1, -2])).dtype).toBe('int32')
    expect(t(new Float32Array([1])).dtype).toBe('float32')
    const b = t(new Uint8Array([0, 5, 1]))
    expect(b.dtype).toBe('bool')
    expect(b.toArray()).toEqual([0, 1, 1])
    expect(t(new Float64Array([1.9, -1.9]), { dtype: 'int32' }).toArray()).toEqual([1, -1])
  })

  it('reshapes data with `shape`', () => {
    expect(t([1, 2, 3, 4, 5, 6], { shape: [2, 3] }).toArray()).toEqual([[1, 2, 3], [4, 5, 6]])
    expect(t([[1, 2], [3, 4], [5, 6]], { shape: [6] }).toArray()).toEqual([1, 2, 3, 4, 5, 6])
    expect(t([5], { shape: [] }).shape).toEqual([])
    expect(t(new Float32Array(0), { shape: [3, 0] }).shape).toEqual([3, 0])
  })

  it('returns a tensor unchanged', () => {
    const x = t([1, 2])
    expect(t(x)).toBe(x)
    expect(t(x, { dtype: 'float32' })).toBe(x)
  })

  it('rejects ragged arrays, naming the path', () => {
    expect(() => t([[1, 2], [3]])).toThrow(ShapeError)
    expect(() => t([[1, 2], [3]])).toThrow('tensor: ragged nested array: at [1] expected 2 elements, got 1')
    expect(() => t([1, [2]] as unknown as F.NestedArray)).toThrow(/ragged.*\[1\] is an array/)
    expect(() => t([[1], 2] as unknown as F.NestedArray)).toThrow(/ragged.*at \[1\] expected 1 elements, got a number/)
    expect(() => t([[[1, 2]], [[3]]])).toThrow(/at \[1,0\] expected 2 elements, got 1/)
  })

  it('rejects non-numeric elements, bad dtypes and bad shapes', () => {
    expect(() => t(['a'] as unknown as F.NestedArray)).toThrow(/tensor: element at \[0\] is string/)
    expect(() => t([1], { dtype: 'int8' as F.DType })).toThrow(DTypeError)
    expect(() => t([1], { dtype: 'int8' as F.DType })).toThrow(/tensor: unknown dtype int8/)
    expect(() => t([1, 2, 3, 4], { shape: [3] })).toThrow(ShapeError)
    expect(() => t([1, 2, 3, 4], { shape: [3] })).toThrow('tensor: cannot reshape [4] (size 4) to [3] (size 3)')
    expect(() => t([1, 2], { shape: [-2, -1] })).toThrow(/tensor: shape \[-2,-1\] must hold non-negative integers/)
    expect(() => t([1, 2], { shape: [1.5] })).toThrow(ShapeError)
    expect(() => t(new Int16Array([1]) as unknown as Float32Array)).toThrow(/tensor: unsupported typed array Int16Array/)
    expect(() => t(t([1]), { shape: [1, 1] })).toThrow(ValueError)
    expect(() => t(t([1]), { dtype: 'float64' })).toThrow(/use reshape or cast/)
  })
})

describe('zeros, ones, full, zerosLike, onesLike', () => {
  it('fill shapes with a value, float32 by default', () => {
    const z = F.zeros([2, 3])
    expect(z.dtype).toBe('float32')
    expect(z.toArray()).toEqual([[0, 0, 0], [0, 0, 0]])
    expect(F.ones([2], 'int32').toArray()).toEqual([1, 1])
    expect(F.ones([2], 'int32').dtype).toBe('int32')
    expect(F.ones([3], 'bool').toArray()).toEqual([1, 1, 1])
    expect(F.full([2, 2], 7, 'float64').toArray()).toEqual([[7, 7], [7, 7]])
    expect(F.full([2], 2.9, 'int32').toArray()).toEqual([2, 2])
  })

  it('handle scalars and size-0 shapes', () => {
    expect(F.zeros([]).shape).toEqual([])
    expect(F.zeros([]).item()).toBe(0)
    expect(F.ones([0, 4]).shape).toEqual([0, 4])
    expect(F.ones([0, 4]).size).toBe(0)
    expect(F.full([3, 0], 1).toArray()).toEqual([[], [], []])
  })

  it('full with a boolean gives bool; with NaN or Infinity keeps them', () => {
    const b = F.full([2], true)
    expect(b.dtype).toBe('bool')
    expect(b.toArray()).toEqual([1, 1])
    expect(F.full([2], false).toArray()).toEqual([0, 0])
    expect(F.full([2], NaN).toArray()).toEqual([NaN, NaN])
    expect(F.full([1], -Infinity).item()).toBe(-Infinity)
  })

  it('zerosLike/onesLike copy shape and dtype, or take another dtype', () => {
    const x = t([[1, 2, 3]], { dtype: 'float64' })
    const z = F.zerosLike(x)
    expect(z.shape).toEqual([1, 3])
    expect(z.dtype).toBe('float64')
    expect(z.toArray()).toEqual([[0, 0, 0]])
    const o = F.onesLike(x, 'int32')
    expect(o.dtype).toBe('int32')
    expect(o.toArray()).toEqual([[1, 1, 1]])
    expect(F.onesLike(t(5)).shape).toEqual([])
    expect(F.zerosLike(F.zeros([0, 2])).shape).toEqual([0, 2])
  })

  it('reject bad shapes and dtypes', () => {
    expect(() => F.zeros([-1])).toThrow(ShapeError)
    expect(() => F.zeros([-1])).toThrow('zeros: shape [-1] must hold non-negative integers')
    expect(() => F.ones([2.5])).toThrow(ShapeError)
    expect(() => F.full([2], 1, 'x' as F.DType)).toThrow(DTypeError)
    expect(() => F.zeros([2], 'complex64' as F.DType)).toThrow(/unknown dtype complex64/)
    expect(() => F.zeros(3 as unknown as number[])).toThrow(/shape must be an array/)
  })
})

describe('arange', () => {
  it('counts from 0 to n, or from start to stop by step', () => {
    expect(F.arange(5).toArray()).toEqual([0, 1, 2, 3, 4])
    expect(F.arange(2, 5).toArray()).toEqual([2, 3, 4])
    expect(F.arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75])
    expect(F.arange(5, 0, -2).toArray()).toEqual([5, 3, 1])
    expect(F.arange(0, 5).dtype).toBe('float32')
    const i = F.arange(0, 3, 1, 'int32')
    expect(i.dtype).toBe('int32')
    expect(i.toArray()).toEqual([0, 1, 2])
  })

  it('excludes the stop even with rounding, as numpy does', () => {
    expect(F.arange(0, 0.3, 0.1).size).toBe(3)
    expectClose(F.arange(0, 0.3, 0.1, 'float64'), [0, 0.1, 0.2], { rtol: 0, atol: 1e-15 })
  })

  it('is empty when the step points away from stop', () => {
    expect(F.arange(0).shape).toEqual([0])
    expect(F.arange(3, 1).shape).toEqual([0])
    expect(F.arange(0, 5, -1).shape).toEqual([0])
  })

  it('rejects a zero or non-finite step, non-finite bounds and bad dtypes', () => {
    expect(() => F.arange(0, 5, 0)).toThrow(ValueError)
    expect(() => F.arange(0, 5, 0)).toThrow('arange: step must be a finite non-zero number, got 0')
    expect(() => F.arange(0, 5, Infinity)).toThrow(ValueError)
    expect(() => F.arange(0, 5, NaN)).toThrow(ValueError)
    expect(() => F.arange(Infinity)).toThrow(ValueError)
    expect(() => F.arange(NaN)).toThrow(/arange: start and stop must be finite/)
    expect(() => F.arange(3, undefined, 1, 'int64' as F.DType)).toThrow(DTypeError)
  })
})

describe('linspace', () => {
  it('includes both ends', () => {
    expect(F.linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(F.linspace(1, -1, 3).toArray()).toEqual([1, 0, -1])
    const x = F.linspace(0, 1, 7, 'float64')
    expect(x.dtype).toBe('float64')
    expect(x.data()[6]).toBe(1) // exactly the stop
    expectClose(x, [0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1], { rtol: 1e-15, atol: 1e-15 })
    expect(F.linspace(0, 1).size).toBe(50)
  })

  it('handles num = 1 and num = 0', () => {
    expect(F.linspace(2, 3, 1).toArray()).toEqual([2])
    expect(F.linspace(2, 3, 0).shape).toEqual([0])
  })

  it('rejects a negative or fractional num and bad dtypes', () => {
    expect(() => F.linspace(0, 1, -1)).toThrow(ValueError)
    expect(() => F.linspace(0, 1, -1)).toThrow('linspace: num must be a non-negative integer, got -1')
    expect(() => F.linspace(0, 1, 2.5)).toThrow(ValueError)
    expect(() => F.linspace(0, 1, 3, 'x' as F.DType)).toThrow(DTypeError)
  })
})

describe('eye', () => {
  it('makes square and rectangular identities, with a diagonal offset', () => {
    expect(F.eye(2).toArray()).toEqual([[1, 0], [0, 1]])
    expect(F.eye(2).dtype).toBe('float32')
    expect(F.eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]])
    expect(F.eye(3, 2).toArray()).toEqual([[1, 0], [0, 1], [0, 0]])
    expect(F.eye(3, 3, 'float32', 1).toArray()).toEqual([[0, 1, 0], [0, 0, 1], [0, 0, 0]])
    expect(F.eye(3, 3, 'float32', -2).toArray()).toEqual([[0, 0, 0], [0, 0, 0], [1, 0, 0]])
    expect(F.eye(2, 2, 'int32').dtype).toBe('int32')
    expect(F.eye(2, 2, 'bool').toArray()).toEqual([[1, 0], [0, 1]])
    expect(F.eye(0).shape).toEqual([0, 0])
  })

  it('rejects negative sizes and bad dtypes', () => {
    expect(() => F.eye(-1)).toThrow(ShapeError)
    expect(() => F.eye(2, -3)).toThrow(/eye: shape \[2,-3\]/)
    expect(() => F.eye(2, 2, 'x' as F.DType)).toThrow(DTypeError)
  })
})

describe('Tensor values', () => {
  it('data() returns a copy of the right typed array', () => {
    const x = t([1, 2, 3])
    const d = x.data()
    expect(d).toBeInstanceOf(Float32Array)
    d[0] = 42
    expect(x.data()[0]).toBe(1)
    expect(x.toArray()).toEqual([1, 2, 3])
    expect(x.data()).not.toBe(x.data())
    expect(t([1], { dtype: 'float64' }).data()).toBeInstanceOf(Float64Array)
    expect(t([1], { dtype: 'int32' }).data()).toBeInstanceOf(Int32Array)
    expect(t([true]).data()).toBeInstanceOf(Uint8Array)
  })

  it('is immutable: the shape is frozen and ops return new tensors', () => {
    const x = t([[1, 2], [3, 4]])
    expect(Object.isFrozen(x.shape)).toBe(true)
    expect(() => (x.shape as number[]).push(5)).toThrow(TypeError)
    expect(() => {
      ;(x.shape as number[])[0] = 9
    }).toThrow(TypeError)
    expect(x.shape).toEqual([2, 2])
    const y = F.add(x, 1)
    expect(y).not.toBe(x)
    expect(x.toArray()).toEqual([[1, 2], [3, 4]])
    // a shape passed in is copied, not captured
    const shape = [2, 2]
    const z = F.zeros(shape)
    shape[0] = 5
    expect(z.shape).toEqual([2, 2])
  })

  it('toArray nests plain numbers, bools as 0/1, keeps size-0 axes', () => {
    expect(t([[true, false]]).toArray()).toEqual([[1, 0]])
    expect(F.zeros([2, 0, 3]).toArray()).toEqual([[], []])
    expect(F.zeros([0, 2]).toArray()).toEqual([])
    expect(F.zeros([1, 1, 1]).toArray()).toEqual([[[0]]])
    expect(t(7).toArray()).toBe(7)
  })

  it('item() reads one-element tensors of any rank and rejects the rest', () => {
    expect(t([[4]]).item()).toBe(4)
    expect(t([2.5], { dtype: 'float64' }).item()).toBe(2.5)
    expect(() => t([1, 2]).item()).toThrow(ShapeError)
    expect(() => t([1, 2]).item()).toThrow('item: expected a tensor with one element, got shape [2]')
    expect(() => F.zeros([0]).item()).toThrow(/got shape \[0\]/)
  })

  it('prints its values, dtype and shape', () => {
    expect(t([[1, 2]]).toString()).toBe('Tensor([[1,2]], dtype=float32, shape=[1,2])')
    expect(t(1)).toBeInstanceOf(Tensor)
  })
})
