/**
 * Dtypes and the promotion table, in one place.
 *
 * | a \ b     | bool    | int32   | float32 | float64 |
 * |-----------|---------|---------|---------|---------|
 * | bool      | bool    | int32   | float32 | float64 |
 * | int32     | int32   | int32   | float32 | float64 |
 * | float32   | float32 | float32 | float32 | float64 |
 * | float64   | float64 | float64 | float64 | float64 |
 *
 * A plain JS number is "weakly typed" (as in JAX): it takes the dtype of the
 * tensor it meets, so `x.mul(2)` keeps `x` in float32. The exceptions: a
 * non-integer (or non-finite) number meeting an int32 or bool tensor gives
 * float32, so `ints.mul(0.5)` does not silently truncate, and an integer
 * meeting a bool tensor gives int32 (a bool holds only 0 and 1). Arithmetic on
 * two bools computes in int32. `div` of integers is true division and gives
 * float32.
 *
 * @since 0.1.0
 */
import type { TypedArray } from '../backend/index.js'

export type DType = 'float32' | 'float64' | 'int32' | 'bool'
export type FloatDType = 'float32' | 'float64'
/** The storage of a tensor, one typed array per dtype (the backend's type: kernels work on these). */
export type { TypedArray }

import { ValueError } from '../errors.js'
import { checkElements } from './shape.js'

export const DTYPES: ReadonlyArray<DType> = ['bool', 'int32', 'float32', 'float64']

const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 }

/** The dtype two tensors combine to; see the table above. @category dtype */
export const promoteTypes = (a: DType, b: DType): DType => (rank[a] >= rank[b] ? a : b)

/** The dtype a tensor of dtype `t` combines to with a plain JS number `v`. @category dtype */
export const promoteWeak = (t: DType, v: number): DType =>
  (t === 'int32' || t === 'bool') && !Number.isInteger(v) ? 'float32' : t === 'bool' ? 'int32' : t

export const isFloat = (d: DType): d is FloatDType => d === 'float32' || d === 'float64'

/**
 * A fresh, zero-filled typed array for `n` elements of `dtype`; more than
 * `MAX_ELEMENTS` is a `ShapeError` naming `op`.
 */
export const allocate = (dtype: DType, n: number, op = 'allocate'): TypedArray => {
  checkElements(op, n)
  switch (dtype) {
    case 'float32':
      return new Float32Array(n)
    case 'float64':
      return new Float64Array(n)
    case 'int32':
      return new Int32Array(n)
    case 'bool':
      return new Uint8Array(n)
  }
}

/** The dtype a typed array holds. */
export const dtypeOfArray = (a: TypedArray): DType =>
  a instanceof Float32Array ? 'float32' : a instanceof Float64Array ? 'float64' : a instanceof Int32Array ? 'int32' : 'bool'

export const INT32_MIN = -(2 ** 31)
export const INT32_MAX = 2 ** 31 - 1

/**
 * A JS number as an int32 element of a new tensor (numpy's rule for creation):
 * a finite value truncates toward zero and must then fit int32; NaN, ±Infinity
 * and values outside [-2^31, 2^31 - 1] are a `ValueError` naming `op`, the
 * value and, when given, where it came from.
 */
export const toInt32 = (op: string, v: number, at?: string): number => {
  const t = Math.trunc(v)
  if (!(t >= INT32_MIN && t <= INT32_MAX))
    throw new ValueError(
      `${op}: ${String(v)}${at === undefined ? '' : ` (${at})`} cannot be stored as int32: ` +
        `int32 holds integers in [${INT32_MIN}, ${INT32_MAX}]; use a float dtype, or cast(x, 'int32') to saturate`,
    )
  return t
}

/** A JS number as a bool element: 1 for anything nonzero (NaN included, as numpy), else 0. */
export const toBool = (v: number): number => (v === 0 ? 0 : 1)

/**
 * Copy numbers into a new buffer of `dtype` under the creation rules: bool
 * stores 1 for nonzero, int32 goes through `toInt32`, floats round as usual.
 */
export const fillChecked = (op: string, dtype: DType, src: ArrayLike<number>, out: TypedArray): void => {
  const n = src.length
  if (dtype === 'bool') for (let i = 0; i < n; i++) out[i] = toBool(src[i]!)
  else if (dtype === 'int32') {
    for (let i = 0; i < n; i++) {
      const v = src[i]!
      out[i] = Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX ? v : toInt32(op, v, `element ${i}`)
    }
  } else (out as Float32Array | Float64Array).set(src)
}

export const isDType = (s: unknown): s is DType => s === 'float32' || s === 'float64' || s === 'int32' || s === 'bool'
