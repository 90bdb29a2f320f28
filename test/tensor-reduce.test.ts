import { describe, expect, it } from 'vitest'
import * as F from '../src/index.js'
import { DTypeError, ShapeError, Tensor } from '../src/index.js'
import { approxEq } from '../laws/approx.js'

const t = F.tensor
const f64 = (x: number | F.NestedArray) => t(x, { dtype: 'float64' })
const expectClose = (x: Tensor, want: number | F.NestedArray, tol = { rtol: 1e-6, atol: 1e-6 }) =>
  expect(approxEq(tol)(x, f64(want)), `got ${x.toString()}`).toBe(true)

// [2, 3]
const m = t([[1, 2, 3], [4, 5, 6]])
// [2, 3, 2]: value = 100·i + 10·j + k
const cube = t([[[0, 1], [10, 11], [20, 21]], [[100, 101], [110, 111], [120, 121]]])

describe('sum', () => {
  it('over everything, one axis, negative axes and several axes', () => {
    expect(F.sum(m).shape).toEqual([])
    expect(F.sum(m).item()).toBe(21)
    expect(F.sum(m, 0).toArray()).toEqual([5, 7, 9])
    expect(F.sum(m, 1).toArray()).toEqual([6, 15])
    expect(F.sum(m, -1).toArray()).toEqual([6, 15])
    expect(F.sum(m, -2).toArray()).toEqual([5, 7, 9])
    expect(F.sum(m, [0, 1]).item()).toBe(21)
    expect(F.sum(cube, [0, 2]).toArray()).toEqual([202, 242, 282]) // non-contiguous axes
    expect(F.sum(cube, [2, 0]).toArray()).toEqual([202, 242, 282]) // in any order
    expect(F.sum(cube, [-1, -2]).toArray()).toEqual([63, 663])
  })

  it('keepdims keeps reduced axes as 1s', () => {
    expect(F.sum(m, 1, true).shape).toEqual([2, 1])
    expect(F.sum(m, 1, true).toArray()).toEqual([[6], [15]])
    expect(F.sum(m, undefined, true).shape).toEqual([1, 1])
    expect(F.sum(cube, [0, 2], true).shape).toEqual([1, 3, 1])
  })

  it('an empty axis list reduces nothing', () => {
    expect(F.sum(m, []).toArray()).toEqual(m.toArray())
  })

  it('scalars, size-1 and size-0 axes', () => {
    expect(F.sum(t(3)).item()).toBe(3)
    expect(F.sum(t(3)).shape).toEqual([])
    expect(F.sum(t([[7]]), 0).toArray()).toEqual([7])
    expect(F.sum(F.zeros([0])).item()).toBe(0)
    expect(F.sum(F.zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0])
    expect(F.sum(F.zeros([0, 3]), 1).shape).toEqual([0])
    expect(F.sum(F.zeros([2, 0]), 1, true).toArray()).toEqual([[0], [0]])
  })

  it('accumulates in double precision, in a fixed order', () => {
    // a float32 accumulator would give 0 here
    expect(F.sum(t([1e8, 1, -1e8])).item()).toBe(1)
    const x = F.sin(F.arange(1000))
    expect(F.sum(x).item()).toBe(F.sum(x).item())
    let ref = 0
    for (const v of x.data()) ref += v
    expect(F.sum(x).item()).toBe(Math.fround(ref))
  })

  it('propagates NaN and infinities', () => {
    expectClose(F.sum(t([[1, NaN], [2, 3]]), 1), [NaN, 5])
    expectClose(F.sum(t([Infinity, -Infinity])), NaN)
    expectClose(F.sum(t([Infinity, 1])), Infinity)
  })

  it('gives int32 for int32 and counts bools', () => {
    expect(F.sum(t([1, 2], { dtype: 'int32' })).dtype).toBe('int32')
    const b = F.sum(t([true, true, false]))
    expect(b.dtype).toBe('int32')
    expect(b.item()).toBe(2)
    expect(F.sum(f64([0.1, 0.2])).item()).toBe(0.1 + 0.2)
  })
})

describe('prod, mean, variance', () => {
  it('prod over axes; the empty product is 1', () => {
    expect(F.prod(m).item()).toBe(720)
    expect(F.prod(m, 0).toArray()).toEqual([4, 10, 18])
    expect(F.prod(m, -1, true).toArray()).toEqual([[6], [120]])
    expect(F.prod(F.zeros([0])).item()).toBe(1)
    expect(F.prod(F.zeros([2, 0]), 1).toArray()).toEqual([1, 1])
    expectClose(F.prod(t([0, Infinity])), NaN)
    expect(F.prod(t([2, 3], { dtype: 'int32' })).dtype).toBe('int32')
  })

  it('mean divides by the count of reduced elements', () => {
    expect(F.mean(m).item()).toBe(3.5)
    expect(F.mean(m, 0).toArray()).toEqual([2.5, 3.5, 4.5])
    expect(F.mean(m, -1, true).toArray()).toEqual([[2], [5]])
    expect(F.mean(cube, [0, 2]).toArray()).toEqual([50.5, 60.5, 70.5])
    expect(F.mean(t(4)).item()).toBe(4)
  })

  it('mean of integers is float32; of an empty axis NaN', () => {
    const r = F.mean(t([1, 2], { dtype: 'int32' }))
    expect(r.dtype).toBe('float32')
    expect(r.item()).toBe(1.5)
    expect(F.mean(f64([1, 2])).dtype).toBe('float64')
    expectClose(F.mean(F.zeros([0])), NaN)
    expectClose(F.mean(F.zeros([2, 0]), 1), [NaN, NaN])
  })

  it('variance with ddof, over axes, keepdims', () => {
    const x = f64([1, 2, 3, 4])
    expect(F.variance(x).item()).toBe(1.25)
    expectClose(F.variance(x, undefined, false, 1), 5 / 3, { rtol: 1e-14, atol: 0 })
    expectClose(F.variance(m, 1), [2 / 3, 2 / 3])
    expect(F.variance(m, 0, true).shape).toEqual([1, 3])
    expectClose(F.variance(m, 0, true), [[2.25, 2.25, 2.25]])
    expect(F.variance(t([5, 5, 5])).item()).toBe(0)
    expect(F.variance(t([1, 3], { dtype: 'int32' })).dtype).toBe('float32')
    expectClose(F.variance(t([1, NaN])), NaN)
  })

  it('variance is stable for large offsets in float64', () => {
    expectClose(F.variance(f64([1e9 + 1, 1e9 + 2, 1e9 + 3])), 2 / 3, { rtol: 1e-9, atol: 0 })
  })
})

describe('max, min', () => {
  it('over axes with keepdims', () => {
    expect(F.max(m).item()).toBe(6)
    expect(F.min(m).item()).toBe(1)
    expect(F.max(m, 0).toArray()).toEqual([4, 5, 6])
    expect(F.min(m, -1).toArray()).toEqual([1, 4])
    expect(F.max(cube, [0, 2], true).toArray()).toEqual([[[101], [111], [121]]])
    expect(F.min(t(-2)).item()).toBe(-2)
    expect(F.max(F.zeros([3, 0]), 0).shape).toEqual([0]) // nothing to reduce per output: fine
  })

  it('propagate NaN and handle infinities', () => {
    expectClose(F.max(t([1, NaN, 3])), NaN)
    expectClose(F.min(t([NaN, 1])), NaN)
    expectClose(F.max(t([[1, NaN], [2, 3]]), 1), [NaN, 3])
    expectClose(F.min(t([[1, NaN], [2, 3]]), 0), [1, NaN])
    expect(F.max(t([-Infinity, -Infinity])).item()).toBe(-Infinity)
    expect(F.min(t([Infinity, 5])).item()).toBe(5)
    expect(F.max(t([-Infinity, Infinity])).item()).toBe(Infinity)
  })

  it('keep integer dtypes', () => {
    const i = t([3, -7, 2], { dtype: 'int32' })
    expect(F.max(i).dtype).toBe('int32')
    expect(F.min(i).item()).toBe(-7)
  })

  it('reject an empty reduction: it has no identity', () => {
    expect(() => F.max(F.zeros([0]))).toThrow(ShapeError)
    expect(() => F.max(F.zeros([0]))).toThrow('max: cannot reduce an empty axis of [0] (the result has no identity)')
    expect(() => F.min(F.zeros([2, 0]), 1)).toThrow(/min: cannot reduce an empty axis of \[2,0\]/)
  })
})

describe('argmax, argmin', () => {
  it('index along an axis, or into the flattened tensor', () => {
    const x = t([[1, 9, 3], [7, 2, 8]])
    expect(F.argmax(x, 1).toArray()).toEqual([1, 2])
    expect(F.argmax(x, 1).dtype).toBe('int32')
    expect(F.argmin(x, 0).toArray()).toEqual([0, 1, 0])
    expect(F.argmax(x, -2).toArray()).toEqual([1, 0, 1])
    expect(F.argmax(x).item()).toBe(1)
    expect(F.argmin(x).item()).toBe(0)
    expect(F.argmax(x).shape).toEqual([])
    expect(F.argmax(t(5)).item()).toBe(0)
  })

  it('keepdims, including over the flattened tensor', () => {
    const x = t([[1, 9, 3], [7, 2, 8]])
    expect(F.argmax(x, 1, true).toArray()).toEqual([[1], [2]])
    expect(F.argmin(x, 0, true).shape).toEqual([1, 3])
    expect(F.argmax(x, undefined, true).shape).toEqual([1, 1])
    expect(F.argmax(x, undefined, true).toArray()).toEqual([[1]])
  })

  it('tie rule: the first index wins', () => {
    expect(F.argmax(t([1, 3, 3, 0])).item()).toBe(1)
    expect(F.argmin(t([2, 0, 5, 0])).item()).toBe(1)
    expect(F.argmax(t([4, 4, 4])).item()).toBe(0)
    expect(F.argmax(t([[5, 5], [1, 5]]), 1).toArray()).toEqual([0, 1])
  })

  it('return the first NaN, and handle infinities', () => {
    expect(F.argmax(t([1, NaN, 3, NaN])).item()).toBe(1)
    expect(F.argmin(t([1, -5, NaN, NaN])).item()).toBe(2)
    expect(F.argmax(t([[NaN, 1], [0, NaN]]), 1).toArray()).toEqual([0, 1])
    expect(F.argmin(t([Infinity, Infinity])).item()).toBe(0)
    expect(F.argmax(t([-Infinity, -Infinity, -1])).item()).toBe(2)
    expect(F.argmin(t([3, -Infinity, -Infinity])).item()).toBe(1)
  })

  it('work on int32 and bool', () => {
    expect(F.argmax(t([1, 5, 2], { dtype: 'int32' })).item()).toBe(1)
    expect(F.argmax(t([false, true, true])).item()).toBe(1)
  })

  it('reject empty axes and bad axes', () => {
    expect(() => F.argmax(F.zeros([0]))).toThrow(ShapeError)
    expect(() => F.argmax(F.zeros([0]))).toThrow('argmax: cannot reduce an empty axis of [0] (the result has no identity)')
    expect(() => F.argmin(F.zeros([2, 0]), 1)).toThrow(/argmin: cannot reduce an empty axis/)
    expect(() => F.argmax(m, 2)).toThrow('argmax: axis 2 is out of range for a tensor of rank 2 (valid: -2..1)')
  })
})

describe('logsumexp', () => {
  it('matches log(sum(exp(x)))', () => {
    const x = f64([[0, 1, 2], [-1, 0.5, 3]])
    const ref = (r: number[]) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0))
    expectClose(F.logsumexp(x, 1), [ref([0, 1, 2]), ref([-1, 0.5, 3])], { rtol: 1e-14, atol: 0 })
    expectClose(F.logsumexp(x), ref([0, 1, 2, -1, 0.5, 3]), { rtol: 1e-14, atol: 0 })
    expect(F.logsumexp(x, 0, true).shape).toEqual([1, 3])
    expect(F.logsumexp(x, [0, 1], true).shape).toEqual([1, 1])
    expect(F.logsumexp(t(2)).item()).toBe(2)
  })

  it('does not overflow or underflow', () => {
    expectClose(F.logsumexp(t([1000, 1000])), 1000 + Math.LN2)
    expectClose(F.logsumexp(t([-1000, -1000])), -1000 + Math.LN2)
    expectClose(F.logsumexp(f64([1000, 0])), 1000, { rtol: 1e-15, atol: 0 })
  })

  it('handles infinities, NaN and empty axes', () => {
    expect(F.logsumexp(t([-Infinity, -Infinity])).item()).toBe(-Infinity)
    expectClose(F.logsumexp(t([[-Infinity, -Infinity], [0, 0]]), 1), [-Infinity, Math.LN2])
    expect(F.logsumexp(t([Infinity, 0])).item()).toBe(Infinity)
    expectClose(F.logsumexp(t([NaN, 0])), NaN)
    expect(F.logsumexp(F.zeros([0])).item()).toBe(-Infinity)
    expect(F.logsumexp(F.zeros([2, 0]), 1).toArray()).toEqual([-Infinity, -Infinity])
    expect(F.logsumexp(F.zeros([2, 0]), 1, true).shape).toEqual([2, 1])
  })

  it('requires floats', () => {
    expect(() => F.logsumexp(t([1], { dtype: 'int32' }))).toThrow(DTypeError)
    expect(() => F.logsumexp(t([1], { dtype: 'int32' }))).toThrow('logsumexp: expected a float tensor, got int32 [1]')
  })
})

describe('axis errors name the op', () => {
  it.each([
    ['sum', F.sum], ['mean', F.mean], ['prod', F.prod], ['max', F.max], ['min', F.min], ['logsumexp', F.logsumexp],
    ['variance', F.variance],
  ] as const)('%s', (name, op) => {
    expect(() => op(m, 2)).toThrow(ShapeError)
    expect(() => op(m, 2)).toThrow(`${name}: axis 2 is out of range for a tensor of rank 2 (valid: -2..1)`)
    expect(() => op(m, -3)).toThrow(`${name}: axis -3 is out of range`)
    expect(() => op(m, [1, -1])).toThrow(`${name}: axis 1 is repeated in [1,-1]`)
    expect(() => op(m, 0.5)).toThrow(`${name}: axis 0.5`)
    expect(() => op(t(1), 0)).toThrow(`${name}: axis 0 is out of range for a tensor of rank 0`)
  })
})

describe('tie rules of max and min', () => {
  const grad = (f: (x: Tensor) => Tensor, x: Tensor) => (F.grad(f)(x) as Tensor).toArray()

  it('share the derivative equally among the elements that attain the extreme', () => {
    expect(grad((x) => F.max(x), t([1, 3, 3]))).toEqual([0, 0.5, 0.5])
    expect(grad((x) => F.min(x), t([1, 1, 3]))).toEqual([0.5, 0.5, 0])
    const third = Math.fround(1 / 3)
    expect(grad((x) => F.sum(F.max(x, 1)), t([[2, 2, 2], [0, 5, 1]]))).toEqual([[third, third, third], [0, 1, 0]])
  })
})

