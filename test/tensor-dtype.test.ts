import { describe, expect, it } from 'vitest'
import * as F from '../src/index.js'
import { type DType } from '../src/index.js'

const t = F.tensor
const DTYPES: ReadonlyArray<DType> = ['bool', 'int32', 'float32', 'float64']
const one = (d: DType, shape: number[] = [2]) => F.ones(shape, d)

// The table in src/tensor/dtype.ts, written out: row a, column b.
const TABLE: Record<DType, Record<DType, DType>> = {
  bool: { bool: 'bool', int32: 'int32', float32: 'float32', float64: 'float64' },
  int32: { bool: 'int32', int32: 'int32', float32: 'float32', float64: 'float64' },
  float32: { bool: 'float32', int32: 'float32', float32: 'float32', float64: 'float64' },
  float64: { bool: 'float64', int32: 'float64', float32: 'float64', float64: 'float64' },
}
const pairs = DTYPES.flatMap((a) => DTYPES.map((b) => [a, b] as const))

describe('promoteTypes', () => {
  it.each(pairs)('%s with %s follows the table', (a, b) => {
    expect(F.promoteTypes(a, b)).toBe(TABLE[a][b])
    expect(F.promoteTypes(b, a)).toBe(TABLE[a][b])
  })
})

describe('ops on two tensors', () => {
  it.each(pairs)('%s with %s', (a, b) => {
    const p = TABLE[a][b]
    const arith = p === 'bool' ? 'int32' : p // arithmetic on two bools computes in int32
    for (const op of [F.add, F.sub, F.mul, F.maximum, F.minimum]) expect(op(one(a), one(b)).dtype).toBe(arith)
    const trueDiv = p === 'float64' ? 'float64' : 'float32' // integer division is true division
    expect(F.div(one(a), one(b)).dtype).toBe(trueDiv)
    expect(F.pow(one(a), one(b)).dtype).toBe(trueDiv)
    for (const op of [F.equal, F.notEqual, F.less, F.lessEqual, F.greater, F.greaterEqual])
      expect(op(one(a), one(b)).dtype).toBe('bool')
    expect(F.where(t([true, false]), one(a), one(b)).dtype).toBe(p)
    expect(F.matmul(one(a, [2, 2]), one(b, [2, 2])).dtype).toBe(arith)
  })

  it('compute in the promoted dtype', () => {
    expect(F.add(t([1, 2], { dtype: 'int32' }), t([0.5, 0.5])).toArray()).toEqual([1.5, 2.5])
    expect(F.add(t([0.1]), t([0.2], { dtype: 'float64' })).item()).toBe(Math.fround(0.1) + 0.2)
    expect(F.div(t([1, 3], { dtype: 'int32' }), t([2, 2], { dtype: 'int32' })).toArray()).toEqual([0.5, 1.5])
    expect(F.add(t([true, true]), t([true, false])).toArray()).toEqual([2, 1])
    expect(F.sub(t([false]), t([true])).toArray()).toEqual([-1])
    expect(F.mul(t([true]), t([3], { dtype: 'int32' })).toArray()).toEqual([3])
  })
})

describe('plain numbers are weakly typed', () => {
  it('take the tensor dtype', () => {
    expect(F.mul(t([1]), 2).dtype).toBe('float32')
    expect(F.add(t([1], { dtype: 'float64' }), 1).dtype).toBe('float64')
    expect(F.add(t([1], { dtype: 'int32' }), 2).dtype).toBe('int32')
    expect(F.add(2, t([1], { dtype: 'int32' })).dtype).toBe('int32')
    expect(F.mul(t([1]), 0.1).data()[0]).toBe(Math.fround(0.1))
    expect(F.add(t([1], { dtype: 'float64' }), 0.1).data()[0]).toBe(1.1)
  })

  it('a non-integer or non-finite number meeting int32 or bool gives float32', () => {
    const h = F.mul(t([3], { dtype: 'int32' }), 0.5)
    expect(h.dtype).toBe('float32')
    expect(h.toArray()).toEqual([1.5])
    expect(F.add(t([true]), 0.5).dtype).toBe('float32')
    expect(F.add(t([1], { dtype: 'int32' }), Infinity).toArray()).toEqual([Infinity])
    expect(F.add(t([1], { dtype: 'int32' }), NaN).dtype).toBe('float32')
    expect(F.less(t([1], { dtype: 'int32' }), 1.5).toArray()).toEqual([1])
  })

  it('bools with integers compute in int32', () => {
    const r = F.add(t([true, false]), 1)
    expect(r.dtype).toBe('int32')
    expect(r.toArray()).toEqual([2, 1])
    const m = F.maximum(t([true, false]), 3)
    expect(m.dtype).toBe('int32')
    expect(m.toArray()).toEqual([3, 3])
  })

  it('two numbers give float32', () => {
    expect(F.add(1, 2).dtype).toBe('float32')
    expect(F.where(t(true), 1, 2).dtype).toBe('float32')
  })
})

describe('dtypes of unary ops and reductions', () => {
  it.each(DTYPES)('%s input', (d) => {
    const x = one(d, [2, 2])
    const float = d === 'float64' ? 'float64' : 'float32'
    for (const op of [F.exp, F.log, F.sqrt, F.sin, F.cos, F.tanh, F.sigmoid, F.relu, F.erf, F.expm1, F.log1p, F.rsqrt])
      expect(op(x).dtype).toBe(float)
    const integral = d === 'bool' ? 'int32' : d
    expect(F.neg(x).dtype).toBe(integral)
    expect(F.sign(x).dtype).toBe(integral)
    expect(F.floor(x).dtype).toBe(integral)
    expect(F.square(x).dtype).toBe(integral)
    expect(F.sum(x).dtype).toBe(integral)
    expect(F.prod(x, 0).dtype).toBe(integral)
    expect(F.max(x).dtype).toBe(integral)
    expect(F.min(x, 1).dtype).toBe(integral)
    expect(F.mean(x).dtype).toBe(float)
    expect(F.variance(x).dtype).toBe(float)
    expect(F.argmax(x).dtype).toBe('int32')
    expect(F.argmin(x, 0).dtype).toBe('int32')
    // shape ops never change the dtype
    for (const y of [F.reshape(x, [4]), F.transpose(x), F.broadcastTo(x, [3, 2, 2]), F.expandDims(x, 0), F.squeeze(x),
      F.slice(x, [1]), F.concat([x, x]), F.stack([x, x]), F.take(x, [0]), F.pad(x, [[1, 0], [0, 0]]), F.flip(x)])
      expect(y.dtype).toBe(d)
  })
})

describe('cast between every pair of dtypes', () => {
  const values: Record<DType, F.NestedArray> = {
    bool: [true, false],
    int32: [-3, 0],
    float32: [-2.5, 0],
    float64: [7.75, 0],
  }
  const expected: Record<DType, Record<DType, number[]>> = {
    bool: { bool: [1, 0], int32: [1, 0], float32: [1, 0], float64: [1, 0] },
    int32: { bool: [1, 0], int32: [-3, 0], float32: [-3, 0], float64: [-3, 0] },
    float32: { bool: [1, 0], int32: [-2, 0], float32: [-2.5, 0], float64: [-2.5, 0] },
    float64: { bool: [1, 0], int32: [7, 0], float32: [7.75, 0], float64: [7.75, 0] },
  }
  it.each(pairs)('%s to %s', (from, to) => {
    const x = t(values[from], { dtype: from })
    const y = F.cast(x, to)
    expect(y.dtype).toBe(to)
    expect(y.toArray()).toEqual(expected[from][to])
    expect(x.toArray()).toEqual(t(values[from], { dtype: from }).toArray()) // the input is untouched
  })
})

describe('creation dtypes', () => {
  it('default to float32; booleans give bool; typed arrays keep theirs', () => {
    expect(t([1, 2]).dtype).toBe('float32')
    expect(t(1).dtype).toBe('float32')
    expect(t([[true]]).dtype).toBe('bool')
    expect(F.zeros([1]).dtype).toBe('float32')
    expect(F.arange(3).dtype).toBe('float32')
    expect(F.linspace(0, 1, 3).dtype).toBe('float32')
    expect(F.eye(2).dtype).toBe('float32')
    expect(F.full([1], 2).dtype).toBe('float32')
    expect(F.oneHot([0], 2).dtype).toBe('float32')
    expect(t(new Float64Array(1)).dtype).toBe('float64')
    expect(t(new Int32Array(1)).dtype).toBe('int32')
    expect(t(new Uint8Array(1)).dtype).toBe('bool')
  })

  it('data() hands out the typed array of the dtype', () => {
    expect(F.zeros([1], 'float32').data()).toBeInstanceOf(Float32Array)
    expect(F.zeros([1], 'float64').data()).toBeInstanceOf(Float64Array)
    expect(F.zeros([1], 'int32').data()).toBeInstanceOf(Int32Array)
    expect(F.zeros([1], 'bool').data()).toBeInstanceOf(Uint8Array)
  })
})
