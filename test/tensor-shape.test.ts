import { describe, expect, it } from 'vitest'
import * as F from '../src/index.js'
import { DTypeError, ShapeError, ValueError } from '../src/index.js'

const t = F.tensor
const i32 = (x: F.NestedArray) => t(x, { dtype: 'int32' })
const m = t([[1, 2, 3], [4, 5, 6]])
const r24 = F.reshape(F.arange(24), [2, 3, 4])

describe('reshape', () => {
  it('keeps the row-major order', () => {
    expect(F.reshape(m, [3, 2]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]])
    expect(F.reshape(m, [6]).toArray()).toEqual([1, 2, 3, 4, 5, 6])
    expect(F.reshape(m, [1, 2, 1, 3]).shape).toEqual([1, 2, 1, 3])
  })

  it('infers one -1', () => {
    expect(F.reshape(m, [-1]).shape).toEqual([6])
    expect(F.reshape(r24, [4, -1]).shape).toEqual([4, 6])
    expect(F.reshape(r24, [-1, 2, 3]).shape).toEqual([4, 2, 3])
    expect(F.reshape(F.zeros([0, 3]), [-1, 3]).shape).toEqual([0, 3])
  })

  it('goes to and from scalars and size-0 shapes', () => {
    expect(F.reshape(t([5]), []).shape).toEqual([])
    expect(F.reshape(t([5]), []).item()).toBe(5)
    expect(F.reshape(t(5), [1, 1]).toArray()).toEqual([[5]])
    expect(F.reshape(t(5), [-1]).shape).toEqual([1])
    expect(F.reshape(F.zeros([0, 3]), [3, 0, 5]).shape).toEqual([3, 0, 5])
  })

  it('returns the same tensor for the same shape, and keeps the dtype', () => {
    expect(F.reshape(m, [2, 3])).toBe(m)
    expect(F.reshape(i32([1, 2]), [2, 1]).dtype).toBe('int32')
  })

  it('rejects sizes that differ, two -1s, an ambiguous -1, negative and fractional dims', () => {
    expect(() => F.reshape(m, [4])).toThrow(ShapeError)
    expect(() => F.reshape(m, [4])).toThrow('reshape: cannot reshape [2,3] (size 6) to [4] (size 4)')
    expect(() => F.reshape(m, [4, -1])).toThrow('reshape: cannot reshape [2,3] (size 6) to [4,-1]')
    expect(() => F.reshape(m, [-1, -1])).toThrow('reshape: only one -1 is allowed in the target shape [-1,-1]')
    expect(() => F.reshape(F.zeros([0, 3]), [0, -1])).toThrow(/reshape: cannot reshape \[0,3\] \(size 0\) to \[0,-1\]/)
    expect(() => F.reshape(m, [-2, -3])).toThrow('reshape: invalid dimension -2 in target shape [-2,-3]')
    expect(() => F.reshape(m, [1.5, 4])).toThrow(/invalid dimension 1.5/)
  })
})

describe('transpose', () => {
  it('reverses the axes by default', () => {
    expect(F.transpose(m).toArray()).toEqual([[1, 4], [2, 5], [3, 6]])
    expect(F.transpose(r24).shape).toEqual([4, 3, 2])
    expect(F.transpose(r24).toArray()).toEqual(F.transpose(r24, [2, 1, 0]).toArray())
  })

  it('permutes by perm, negative axes allowed', () => {
    const y = F.transpose(r24, [1, 2, 0])
    expect(y.shape).toEqual([3, 4, 2])
    // y[j, k, i] = x[i, j, k] = 12i + 4j + k
    expect((y.toArray() as number[][][])[2]![1]![1]).toBe(12 + 8 + 1)
    expect(F.transpose(r24, [-2, -1, -3]).toArray()).toEqual(y.toArray())
  })

  it('is the identity on scalars and 1-D, and on the identity permutation', () => {
    expect(F.transpose(t(3)).item()).toBe(3)
    expect(F.transpose(t([1, 2])).toArray()).toEqual([1, 2])
    expect(F.transpose(m, [0, 1])).toBe(m)
  })

  it('handles size-0 and size-1 axes', () => {
    expect(F.transpose(F.zeros([0, 3])).shape).toEqual([3, 0])
    expect(F.transpose(t([[1, 2, 3]])).toArray()).toEqual([[1], [2], [3]])
  })

  it('rejects bad permutations', () => {
    expect(() => F.transpose(m, [0])).toThrow(ShapeError)
    expect(() => F.transpose(m, [0])).toThrow('transpose: permutation [0] has 1 axes, the tensor has 2')
    expect(() => F.transpose(m, [0, 0])).toThrow('transpose: [0,0] is not a permutation of 0..1')
    expect(() => F.transpose(m, [0, 2])).toThrow('transpose: axis 2 is out of range for a tensor of rank 2 (valid: -2..1)')
  })

  it('mT swaps the last two axes', () => {
    expect(F.mT(F.zeros([5, 2, 3])).shape).toEqual([5, 3, 2])
    expect(() => F.mT(t([1, 2]))).toThrow('mT: expected at least 2 axes, got [2]')
  })
})

describe('broadcastTo', () => {
  it('repeats along size-1 and missing leading axes', () => {
    expect(F.broadcastTo(t([1, 2, 3]), [2, 3]).toArray()).toEqual([[1, 2, 3], [1, 2, 3]])
    expect(F.broadcastTo(t([[1], [2]]), [2, 3]).toArray()).toEqual([[1, 1, 1], [2, 2, 2]])
    expect(F.broadcastTo(t(7), [2, 2]).toArray()).toEqual([[7, 7], [7, 7]])
    expect(F.broadcastTo(t([[1], [2]]), [3, 2, 2]).shape).toEqual([3, 2, 2])
    expect(F.broadcastTo(i32([1]), [3]).dtype).toBe('int32')
  })

  it('handles size-0 targets and the same shape', () => {
    expect(F.broadcastTo(t([1]), [0]).shape).toEqual([0])
    expect(F.broadcastTo(F.zeros([0]), [2, 0]).shape).toEqual([2, 0])
    expect(F.broadcastTo(m, [2, 3])).toBe(m)
  })

  it('rejects shapes it cannot reach', () => {
    expect(() => F.broadcastTo(t([1, 2, 3]), [4])).toThrow(ShapeError)
    expect(() => F.broadcastTo(t([1, 2, 3]), [4])).toThrow(/broadcastTo: cannot broadcast \[3\] with \[4\]/)
    expect(() => F.broadcastTo(m, [3])).toThrow('broadcastTo: cannot broadcast [2,3] to [3]')
    expect(() => F.broadcastTo(t([1, 2]), [2, 1])).toThrow('broadcastTo: cannot broadcast [2] to [2,1]')
    expect(() => F.broadcastTo(t([1]), [-1])).toThrow('broadcastTo: target shape [-1] must hold non-negative integers')
  })
})

describe('expandDims and squeeze', () => {
  it('expandDims inserts a size-1 axis, negative axes counting from the new rank', () => {
    expect(F.expandDims(m, 0).shape).toEqual([1, 2, 3])
    expect(F.expandDims(m, 1).shape).toEqual([2, 1, 3])
    expect(F.expandDims(m, -1).shape).toEqual([2, 3, 1])
    expect(F.expandDims(m, 2).shape).toEqual([2, 3, 1])
    expect(F.expandDims(t(4), 0).toArray()).toEqual([4])
    expect(F.expandDims(F.zeros([0]), 0).shape).toEqual([1, 0])
    expect(() => F.expandDims(m, 3)).toThrow(ShapeError)
    expect(() => F.expandDims(m, -4)).toThrow(/expandDims: axis -4 is out of range/)
  })

  it('squeeze drops all size-1 axes, or the named ones', () => {
    const x = F.zeros([1, 3, 1, 2])
    expect(F.squeeze(x).shape).toEqual([3, 2])
    expect(F.squeeze(x, 0).shape).toEqual([3, 1, 2])
    expect(F.squeeze(x, -2).shape).toEqual([1, 3, 2])
    expect(F.squeeze(x, [0, 2]).shape).toEqual([3, 2])
    expect(F.squeeze(t([[5]])).shape).toEqual([])
    expect(F.squeeze(t(5)).shape).toEqual([])
    expect(F.squeeze(F.zeros([1, 0])).shape).toEqual([0])
  })

  it('squeeze rejects axes whose size is not 1', () => {
    expect(() => F.squeeze(F.zeros([2, 1]), 0)).toThrow(ShapeError)
    expect(() => F.squeeze(F.zeros([2, 1]), 0)).toThrow('squeeze: axis 0 of [2,1] has size 2, not 1')
    expect(() => F.squeeze(F.zeros([2, 1]), 2)).toThrow(/squeeze: axis 2 is out of range/)
  })
})

describe('slice', () => {
  const v = F.arange(10)

  it('takes start, stop and step per axis', () => {
    expect(F.slice(v, [2], [5]).toArray()).toEqual([2, 3, 4])
    expect(F.slice(v, [1], [8], [3]).toArray()).toEqual([1, 4, 7])
    expect(F.slice(r24, [1, 0, 1], [2, 3, 4], [1, 2, 2]).toArray()).toEqual([[[13, 15], [21, 23]]])
  })

  it('counts negative indices from the end and clamps out-of-range bounds', () => {
    expect(F.slice(v, [-3]).toArray()).toEqual([7, 8, 9])
    expect(F.slice(v, [-4], [-1]).toArray()).toEqual([6, 7, 8])
    expect(F.slice(v, [-100], [100]).toArray()).toEqual(v.toArray())
    expect(F.slice(v, [8], [100], [5]).toArray()).toEqual([8])
    expect(F.slice(v, [0], [10], [20]).toArray()).toEqual([0])
  })

  it('gives size-0 results for empty ranges', () => {
    expect(F.slice(v, [5], [2]).shape).toEqual([0])
    expect(F.slice(v, [10]).shape).toEqual([0])
    expect(F.slice(m, [0, 3]).shape).toEqual([2, 0])
    expect(F.slice(F.zeros([0, 3]), [0, 1]).shape).toEqual([0, 2])
  })

  it('takes missing trailing axes whole; null means the default', () => {
    expect(F.slice(m, [1]).toArray()).toEqual([[4, 5, 6]])
    expect(F.slice(m, [null, 1], [null, null]).toArray()).toEqual([[2, 3], [5, 6]])
    expect(F.slice(m, [], [], [1, 2]).toArray()).toEqual([[1, 3], [4, 6]])
    expect(F.slice(m, [0, 0])).toBe(m)
    expect(F.slice(t(3), []).item()).toBe(3)
  })

  it('rejects non-positive steps and too many axes', () => {
    expect(() => F.slice(v, [0], [5], [0])).toThrow(ValueError)
    expect(() => F.slice(v, [0], [5], [0])).toThrow('slice: step 0 on axis 0 must be a positive integer; use flip to reverse')
    expect(() => F.slice(v, [0], [5], [-1])).toThrow(/step -1 on axis 0/)
    expect(() => F.slice(v, [0], [5], [1.5])).toThrow(ValueError)
    expect(() => F.slice(v, [0, 0])).toThrow(ShapeError)
    expect(() => F.slice(v, [0, 0])).toThrow('slice: got bounds for 2 axes, the tensor [10] has 1')
  })
})

describe('concat and stack', () => {
  it('concat joins along an existing axis', () => {
    expect(F.concat([m, t([[7, 8, 9]])]).toArray()).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    expect(F.concat([m, t([[0], [0]])], 1).toArray()).toEqual([[1, 2, 3, 0], [4, 5, 6, 0]])
    expect(F.concat([m, m], -1).shape).toEqual([2, 6])
    expect(F.concat([t([1]), t([2, 3]), t([4])]).toArray()).toEqual([1, 2, 3, 4])
    expect(F.concat([i32([1]), i32([2])]).dtype).toBe('int32')
  })

  it('concat handles size-0 pieces and a single tensor', () => {
    expect(F.concat([F.zeros([0, 3]), m]).toArray()).toEqual(m.toArray())
    expect(F.concat([F.zeros([2, 0]), m, F.zeros([2, 0])], 1).toArray()).toEqual(m.toArray())
    expect(F.concat([F.zeros([0]), F.zeros([0])]).shape).toEqual([0])
    expect(F.concat([m])).toBe(m)
  })

  it('concat rejects no tensors, scalars, mismatched shapes, ranks and dtypes', () => {
    expect(() => F.concat([])).toThrow(ValueError)
    expect(() => F.concat([])).toThrow('concat: need at least one tensor')
    expect(() => F.concat([t(1), t(2)])).toThrow('concat: cannot concatenate scalars (shape []); use stack')
    expect(() => F.concat([F.zeros([2, 3]), F.zeros([2, 4])])).toThrow(ShapeError)
    expect(() => F.concat([F.zeros([2, 3]), F.zeros([2, 4])])).toThrow('concat: shapes [2,3], [2,4] differ outside axis 0')
    expect(() => F.concat([F.zeros([2, 3]), F.zeros([3])])).toThrow('concat: shapes [2,3], [3] differ outside axis 0')
    expect(() => F.concat([F.zeros([2]), F.zeros([2], 'int32')])).toThrow(DTypeError)
    expect(() => F.concat([F.zeros([2]), F.zeros([2], 'int32')])).toThrow('concat: dtypes float32 and int32 differ; cast first')
    expect(() => F.concat([m, m], 2)).toThrow('concat: axis 2 is out of range for a tensor of rank 2 (valid: -2..1)')
  })

  it('stack joins along a new axis', () => {
    const a = t([1, 2])
    const b = t([3, 4])
    expect(F.stack([a, b]).toArray()).toEqual([[1, 2], [3, 4]])
    expect(F.stack([a, b], 1).toArray()).toEqual([[1, 3], [2, 4]])
    expect(F.stack([a, b], -1).toArray()).toEqual([[1, 3], [2, 4]])
    expect(F.stack([t(1), t(2), t(3)]).toArray()).toEqual([1, 2, 3])
    expect(F.stack([F.zeros([0]), F.zeros([0])]).shape).toEqual([2, 0])
    expect(F.stack([a]).shape).toEqual([1, 2])
  })

  it('stack rejects no tensors, different shapes and bad axes', () => {
    expect(() => F.stack([])).toThrow('stack: need at least one tensor')
    expect(() => F.stack([t([1, 2]), t([1])])).toThrow(ShapeError)
    expect(() => F.stack([t([1, 2]), t([1])])).toThrow('stack: all tensors need one shape, got [2], [1]')
    expect(() => F.stack([t([1, 2])], 2)).toThrow(/stack: axis 2 is out of range/)
  })
})

describe('take', () => {
  it('gathers along an axis with int32 indices, numbers or arrays', () => {
    expect(F.take(t([10, 20, 30]), i32([2, 0, 2])).toArray()).toEqual([30, 10, 30])
    expect(F.take(m, [1], 1).toArray()).toEqual([[2], [5]])
    expect(F.take(m, [2, 0], -1).toArray()).toEqual([[3, 1], [6, 4]])
    expect(F.take(m, [1]).toArray()).toEqual([[4, 5, 6]])
  })

  it('a scalar index drops the axis; multi-d indices insert their shape', () => {
    expect(F.take(m, 1).toArray()).toEqual([4, 5, 6])
    expect(F.take(m, 2, 1).toArray()).toEqual([3, 6])
    const g = F.take(m, i32([[0, 2], [1, 1]]), 1)
    expect(g.shape).toEqual([2, 2, 2])
    expect(g.toArray()).toEqual([[[1, 3], [2, 2]], [[4, 6], [5, 5]]])
    expect(F.take(m, []).shape).toEqual([0, 3])
  })

  it('negative indices wrap', () => {
    expect(F.take(t([10, 20, 30]), [-1, -3]).toArray()).toEqual([30, 10])
  })

  it('rejects out-of-range and non-int32 indices, scalars and bad axes', () => {
    expect(() => F.take(t([1, 2, 3]), [3])).toThrow(ShapeError)
    expect(() => F.take(t([1, 2, 3]), [3])).toThrow('take: index 3 is out of range for an axis of size 3')
    expect(() => F.take(t([1, 2, 3]), [-4])).toThrow(/index -4 is out of range/)
    expect(() => F.take(F.zeros([0]), [0])).toThrow(/index 0 is out of range for an axis of size 0/)
    expect(() => F.take(m, t([0]))).toThrow(DTypeError)
    expect(() => F.take(m, t([0]))).toThrow("take: indices must be int32, got float32; cast(indices, 'int32')")
    expect(() => F.take(t(5), [0])).toThrow('take: cannot index a scalar')
    expect(() => F.take(m, [0], 2)).toThrow('take: axis 2 is out of range for a tensor of rank 2 (valid: -2..1)')
  })
})

describe('oneHot', () => {
  it('makes one-hot rows along a new last axis; out-of-range indices give zero rows', () => {
    const o = F.oneHot(i32([0, 2, 1]), 3)
    expect(o.dtype).toBe('float32')
    expect(o.toArray()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    expect(F.oneHot([3, -1], 3).toArray()).toEqual([[0, 0, 0], [0, 0, 0]])
    expect(F.oneHot(i32([[0], [1]]), 2).shape).toEqual([2, 1, 2])
    expect(F.oneHot(i32(1 as unknown as F.NestedArray), 2).toArray()).toEqual([0, 1])
    expect(F.oneHot([], 4).shape).toEqual([0, 4])
    expect(F.oneHot([1], 2, 'int32').dtype).toBe('int32')
    expect(F.oneHot([1], 2, 'bool').toArray()).toEqual([[0, 1]])
  })

  it('rejects non-int32 indices', () => {
    expect(() => F.oneHot(t([0, 1]), 2)).toThrow(DTypeError)
    expect(() => F.oneHot(t([0, 1]), 2)).toThrow(/oneHot: indices must be int32, got float32/)
  })
})

describe('pad', () => {
  it('pads each axis before and after with a value', () => {
    expect(F.pad(t([1, 2]), [[1, 2]]).toArray()).toEqual([0, 1, 2, 0, 0])
    expect(F.pad(t([[1, 2], [3, 4]]), [[1, 0], [0, 2]], 9).toArray()).toEqual([[9, 9, 9, 9], [1, 2, 9, 9], [3, 4, 9, 9]])
    expect(F.pad(t([1]), [[0, 0]]).toArray()).toEqual([1])
    expect(F.pad(i32([1]), [[1, 1]], 2.5).toArray()).toEqual([2, 1, 2]) // the value takes the tensor's dtype
    expect(F.pad(t([1]), [[1, 0]], NaN).toArray()).toEqual([NaN, 1])
  })

  it('handles scalars and size-0 tensors', () => {
    expect(F.pad(t(3), []).item()).toBe(3)
    expect(F.pad(F.zeros([0]), [[2, 1]], 5).toArray()).toEqual([5, 5, 5])
    expect(F.pad(F.zeros([2, 0]), [[0, 0], [1, 0]], 1).toArray()).toEqual([[1], [1]])
  })

  it('rejects a wrong number of widths and negative or fractional widths', () => {
    expect(() => F.pad(m, [[1, 1]])).toThrow(ShapeError)
    expect(() => F.pad(m, [[1, 1]])).toThrow('pad: got widths for 1 axes, the tensor [2,3] has 2')
    expect(() => F.pad(t([1]), [[-1, 1]])).toThrow(ValueError)
    expect(() => F.pad(t([1]), [[-1, 1]])).toThrow('pad: widths must be non-negative integers, got [-1, 1]')
    expect(() => F.pad(t([1]), [[0.5, 1]])).toThrow(ValueError)
  })
})

describe('flip', () => {
  it('reverses all axes, or the named ones', () => {
    expect(F.flip(m).toArray()).toEqual([[6, 5, 4], [3, 2, 1]])
    expect(F.flip(m, 0).toArray()).toEqual([[4, 5, 6], [1, 2, 3]])
    expect(F.flip(m, -1).toArray()).toEqual([[3, 2, 1], [6, 5, 4]])
    expect(F.flip(m, [0, 1]).toArray()).toEqual(F.flip(m).toArray())
    expect(F.flip(F.flip(r24, [0, 2]), [0, 2]).toArray()).toEqual(r24.toArray())
  })

  it('handles scalars, size-1 and size-0 axes', () => {
    expect(F.flip(t(3)).item()).toBe(3)
    expect(F.flip(t([[1, 2]]), 0).toArray()).toEqual([[1, 2]])
    expect(F.flip(F.zeros([0, 2])).shape).toEqual([0, 2])
  })

  it('rejects bad axes', () => {
    expect(() => F.flip(t([1, 2]), 1)).toThrow(ShapeError)
    expect(() => F.flip(t([1, 2]), 1)).toThrow('flip: axis 1 is out of range for a tensor of rank 1 (valid: -1..0)')
    expect(() => F.flip(m, [0, -2])).toThrow('flip: axis 0 is repeated in [0,-2]')
  })
})

describe('scatterAdd', () => {
  it('adds updates at indices, repeated indices adding up', () => {
    expect(F.scatterAdd(F.zeros([3]), [0, 2, 0], t([1, 2, 3])).toArray()).toEqual([4, 0, 2])
  })

  it('rejects updates of the wrong shape', () => {
    expect(() => F.scatterAdd(F.zeros([3]), [0, 1], F.ones([3]))).toThrow(ShapeError)
    expect(() => F.scatterAdd(F.zeros([3]), [0, 1], F.ones([3]))).toThrow('scatterAdd: updates have shape [3], expected [2]')
  })
})
