/**
 * Values mean what they say (issue 11): bool data is exactly 0 or 1, creating
 * an int32 tensor from a value int32 cannot hold is an error, and `cast` to
 * int32 saturates (as JAX/XLA) instead of wrapping.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  DTypeError, ValueError, arange, cast, eye, full, greater, linspace, ones, onesLike, random, sum, tensor, where, zeros, zerosLike, type Tensor,
} from '../src/index.js'
import { decodeSafetensors, encodeSafetensors } from '../src/experiment/safetensors.js'

const raw = (t: Tensor): number[] => Array.from(t.data())
const onlyZeroOne = (t: Tensor): boolean => raw(t).every((v) => v === 0 || v === 1)

describe('bool tensors hold only 0 and 1', () => {
  it('arange and linspace refuse bool with a DTypeError (their values are not 0s and 1s)', () => {
    expect(() => arange(0, 3, 1, 'bool')).toThrow(DTypeError)
    expect(() => arange(0, 3, 1, 'bool')).toThrow(/arange: dtype 'bool' is not supported/)
    expect(() => linspace(0, 5, 3, 'bool')).toThrow(DTypeError)
    expect(() => linspace(0, 5, 3, 'bool')).toThrow(/linspace: dtype 'bool' is not supported/)
  })

  it('tensor() stores 1 for every nonzero value, NaN included (as numpy)', () => {
    const b = tensor([2, -3, 0.5, 0, NaN, -0], { dtype: 'bool' })
    expect(raw(b)).toEqual([1, 1, 1, 0, 1, 0])
    expect(raw(tensor(new Float32Array([2, NaN, 0]), { dtype: 'bool' }))).toEqual([1, 1, 0])
    expect(raw(tensor(new Int32Array([7, 0]), { dtype: 'bool' }))).toEqual([1, 0])
    expect(raw(tensor(new Uint8Array([0, 2, 255])))).toEqual([0, 1, 1])
  })

  it('full normalizes its value; NaN is true', () => {
    expect(raw(full([3], 2, 'bool'))).toEqual([1, 1, 1])
    expect(raw(full([2], NaN, 'bool'))).toEqual([1, 1])
    expect(raw(full([2], -0.25, 'bool'))).toEqual([1, 1])
    expect(raw(full([2], 0, 'bool'))).toEqual([0, 0])
  })

  it('cast to bool maps nonzero (and NaN) to 1', () => {
    expect(raw(cast(tensor([2, NaN, 0, -0.5]), 'bool'))).toEqual([1, 1, 0, 1])
    expect(raw(cast(tensor([5, 0, -1], { dtype: 'int32' }), 'bool'))).toEqual([1, 0, 1])
  })

  it('a plain number made into a bool scalar is normalized', () => {
    // cast(2, 'bool') and where(2, ...) made a bool scalar holding 2
    expect(raw(cast(2, 'bool'))).toEqual([1])
    expect(where(2 as unknown as Tensor, tensor([1]), tensor([0])).toArray()).toEqual([1])
  })

  it('sum of a bool tensor counts its true entries', () => {
    expect(sum(tensor([3, 0, -1], { dtype: 'bool' })).item()).toBe(2)
  })

  it('a bool tensor from every creation function survives a safetensors round trip', () => {
    const made: Record<string, Tensor> = {
      tensor: tensor([2, 0, -1, NaN], { dtype: 'bool' }),
      tensorLiteral: tensor([true, false, true]),
      typed: tensor(new Uint8Array([0, 3, 1])),
      full: full([2, 2], 5, 'bool'),
      fullNaN: full([2], NaN, 'bool'),
      zeros: zeros([3], 'bool'),
      ones: ones([2], 'bool'),
      zerosLike: zerosLike(tensor([1, 2]), 'bool'),
      onesLike: onesLike(tensor([1, 2]), 'bool'),
      eye: eye(3, 2, 'bool', 1),
      cast: cast(tensor([0.5, 0, -2]), 'bool'),
      compare: greater(tensor([1, 2, 3]), 1),
      bernoulli: random.bernoulli(random.key(0), 0.5, [16]),
    }
    for (const t of Object.values(made)) expect(onlyZeroOne(t)).toBe(true)
    const decoded = decodeSafetensors(encodeSafetensors(made))
    if (E.isLeft(decoded)) throw new Error(`decode failed: ${decoded.left.join('; ')}`)
    for (const [name, t] of Object.entries(made)) {
      const back = decoded.right.tensors[name]!
      expect(back.dtype).toBe('bool')
      expect(back.shape).toEqual(t.shape)
      expect(raw(back)).toEqual(raw(t))
    }
  })
})

describe('int32 creation refuses values int32 cannot hold', () => {
  it('tensor() of an out-of-range or non-finite number is a ValueError naming the value', () => {
    expect(() => tensor([3e9, NaN, 1.7], { dtype: 'int32' })).toThrow(ValueError)
    expect(() => tensor([3e9, NaN, 1.7], { dtype: 'int32' })).toThrow(/^tensor: 3000000000 \(element 0\) cannot be stored as int32/)
    expect(() => tensor([1, NaN], { dtype: 'int32' })).toThrow(/tensor: NaN \(element 1\)/)
    expect(() => tensor([Infinity], { dtype: 'int32' })).toThrow(/tensor: Infinity/)
    expect(() => tensor([-(2 ** 31) - 1], { dtype: 'int32' })).toThrow(/-2147483649/)
    expect(() => tensor(new Float64Array([2 ** 31]), { dtype: 'int32' })).toThrow(/2147483648 \(element 0\)/)
  })

  it('in-range values truncate toward zero (numpy), and the int32 limits are allowed', () => {
    expect(tensor([1.7, -1.7, 2 ** 31 - 1, -(2 ** 31)], { dtype: 'int32' }).toArray()).toEqual([1, -1, 2 ** 31 - 1, -(2 ** 31)])
    expect(tensor([2 ** 31 - 0.5], { dtype: 'int32' }).toArray()).toEqual([2 ** 31 - 1])
  })

  it('full refuses an int32 fill value it cannot hold', () => {
    expect(() => full([2], 3e9, 'int32')).toThrow(ValueError)
    expect(() => full([2], 3e9, 'int32')).toThrow(/^full: 3000000000 \(the fill value\) cannot be stored as int32/)
    expect(() => full([2], NaN, 'int32')).toThrow(/full: NaN/)
    expect(full([2], 2.9, 'int32').toArray()).toEqual([2, 2])
  })

  it('a plain number meeting an int32 tensor must fit int32 (as JAX refuses a too large Python int)', () => {
    const x = tensor([1], { dtype: 'int32' })
    expect(() => x.add(3e9)).toThrow(ValueError)
    expect(x.add(2 ** 31 - 2).toArray()).toEqual([2 ** 31 - 1])
  })
})

describe('int32 ranges', () => {
  it('arange across 2^31 is an error, not a wrap', () => {
    expect(() => arange(2 ** 31 - 2, 2 ** 31 + 2, 1, 'int32')).toThrow(ValueError)
    expect(() => arange(2 ** 31 - 2, 2 ** 31 + 2, 1, 'int32')).toThrow(/arange: the int32 range from 2147483646 to 2147483649/)
    expect(() => arange(-(2 ** 31) - 1, 0, 2 ** 30, 'int32')).toThrow(ValueError)
    expect(arange(2 ** 31 - 3, 2 ** 31, 1, 'int32').toArray()).toEqual([2 ** 31 - 3, 2 ** 31 - 2, 2 ** 31 - 1])
  })

  it('arange with a fractional step or start for int32 is a ValueError (numpy would give repeated values)', () => {
    expect(() => arange(0, 1, 0.25, 'int32')).toThrow(ValueError)
    expect(() => arange(0, 1, 0.25, 'int32')).toThrow(/arange: an int32 range needs an integer start and step, got start 0 and step 0.25/)
    expect(() => arange(0.5, 3, 1, 'int32')).toThrow(ValueError)
    // a fractional stop only sets the length
    expect(arange(0, 2.5, 1, 'int32').toArray()).toEqual([0, 1, 2])
  })

  it('linspace into int32 floors each value (numpy 2) and checks the range', () => {
    expect(linspace(-1, 1, 4, 'int32').toArray()).toEqual([-1, -1, 0, 1])
    expect(linspace(0, 10, 3, 'int32').toArray()).toEqual([0, 5, 10])
    expect(() => linspace(0, 3e9, 2, 'int32')).toThrow(ValueError)
    expect(() => linspace(0, NaN, 2)).toThrow(ValueError)
  })
})

describe('cast to int32 saturates, as JAX (XLA) does', () => {
  it('truncates toward zero, sends NaN to 0 and clamps at the int32 limits', () => {
    const x = tensor([3e9, -3e9, NaN, Infinity, -Infinity, 1.7, -1.7, 2 ** 31 - 1], { dtype: 'float64' })
    expect(cast(x, 'int32').toArray()).toEqual([2 ** 31 - 1, -(2 ** 31), 0, 2 ** 31 - 1, -(2 ** 31), 1, -1, 2 ** 31 - 1])
    expect(cast(tensor([1e10, -1e10, NaN]), 'int32').toArray()).toEqual([2 ** 31 - 1, -(2 ** 31), 0])
  })

  it('int32 arithmetic wraps (documented), as in numpy and JAX', () => {
    const big = tensor([2 ** 31 - 1], { dtype: 'int32' })
    expect(big.add(1).toArray()).toEqual([-(2 ** 31)])
  })
})
