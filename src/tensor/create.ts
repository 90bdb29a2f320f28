/**
 * Creating tensors: from JS data (`tensor`), and the usual constructors.
 * The default dtype is float32, as in JAX; booleans give bool.
 *
 * Every constructor checks its shape (non-negative integer dimensions, at
 * most 64 axes, at most `MAX_ELEMENTS` = 2^28 elements) before allocating,
 * and stores values so that each dtype holds what its name says: bool only
 * 0 and 1, int32 only values it can represent (see `toInt32`).
 *
 * @example
 * tensor([[1, 2], [3, 4]]).shape              // [2, 2]
 * tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).dtype   // 'float64'
 * arange(0, 1, 0.25).toArray()                // [0, 0.25, 0.5, 0.75]
 *
 * @since 0.1.0
 */
import { DTypeError, ShapeError, ValueError } from '../errors.js'
import { allocate, dtypeOfArray, fillChecked, INT32_MAX, INT32_MIN, isDType, toBool, toInt32, type DType, type TypedArray } from './dtype.js'
import { checkElements, checkNewShape, MAX_RANK, resolveReshape, sizeOf, type Shape } from './shape.js'
import { ConcreteTensor, Tensor, type NestedArray } from './tensor.js'

export interface TensorOptions {
  readonly dtype?: DType
  readonly shape?: ReadonlyArray<number>
}

const checkDType = (op: string, dtype: unknown): DType => {
  if (!isDType(dtype)) throw new DTypeError(`${op}: unknown dtype ${String(dtype)}; use 'float32', 'float64', 'int32' or 'bool'`)
  return dtype
}

const checkShape = checkNewShape // dims, rank and the element cap (shape.ts)

/** Infer the shape of a nested array, rejecting ragged ones with the path of the first mismatch. */
const inferShape = (data: NestedArray | number | boolean): number[] => {
  const shape: number[] = []
  let cur: unknown = data
  while (Array.isArray(cur)) {
    // also stops a self-containing array, which would nest forever
    if (shape.length === MAX_RANK)
      throw new ShapeError(`tensor: the nested array is more than ${MAX_RANK} levels deep; a tensor has at most ${MAX_RANK} axes`)
    shape.push(cur.length)
    cur = cur[0]
  }
  checkElements('tensor', sizeOf(shape), shape)
  const check = (x: unknown, axis: number, path: number[]): void => {
    if (axis === shape.length) {
      if (Array.isArray(x))
        throw new ShapeError(`tensor: ragged nested array: element at [${path.join(',')}] is an array, expected a number`)
      if (typeof x !== 'number' && typeof x !== 'boolean')
        throw new ShapeError(`tensor: element at [${path.join(',')}] is ${typeof x}, expected a number or boolean`)
      return
    }
    if (!Array.isArray(x) || x.length !== shape[axis])
      throw new ShapeError(
        `tensor: ragged nested array: at [${path.join(',')}] expected ${shape[axis]} elements, got ${Array.isArray(x) ? x.length : 'a number'}`,
      )
    for (let i = 0; i < x.length; i++) check(x[i], axis + 1, [...path, i])
  }
  check(data, 0, [])
  return shape
}

const fill = (data: NestedArray | number | boolean, out: TypedArray): { allBool: boolean } => {
  let i = 0
  let allBool = true
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) walk(y)
    else {
      if (typeof x !== 'boolean') allBool = false
      out[i++] = Number(x)
    }
  }
  walk(data)
  return { allBool }
}

// ---- constructors ----

/**
 * A tensor from a number, a boolean, a nested array or a typed array. A typed
 * array is copied and keeps its dtype (Uint8Array is bool) unless `dtype` says
 * otherwise; `shape` reshapes flat data.
 *
 * Values are stored under the creation rules: bool holds 1 for every nonzero
 * value (NaN included), int32 truncates toward zero and refuses NaN,
 * ±Infinity and values outside [-2^31, 2^31 - 1] with a `ValueError` naming
 * the value and its index. At most 64 axes and `MAX_ELEMENTS` elements.
 * @category constructors
 */
export function tensor(data: number | boolean | NestedArray | TypedArray | Tensor, opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype === undefined ? undefined : checkDType('tensor', opts.dtype)
  if (data instanceof Tensor) {
    if (opts.shape !== undefined || (dtype !== undefined && dtype !== data.dtype))
      throw new ValueError('tensor: to change the shape or dtype of a tensor use reshape or cast')
    return data
  }
  if (ArrayBuffer.isView(data)) {
    if (!(data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint8Array))
      throw new DTypeError(`tensor: unsupported typed array ${(data as ArrayBufferView).constructor.name}; use Float32Array, Float64Array, Int32Array or Uint8Array`)
    const src = data as TypedArray
    const dt = dtype ?? dtypeOfArray(src)
    const shape = opts.shape === undefined ? [src.length] : resolveReshape('tensor', [src.length], checkShape('tensor', opts.shape))
    const buf = allocate(dt, src.length, 'tensor')
    if (dt === dtypeOfArray(src) && dt !== 'bool') buf.set(src)
    else fillChecked('tensor', dt, src, buf)
    return new ConcreteTensor(shape, dt, buf)
  }
  const inferred = inferShape(data as NestedArray)
  const n = sizeOf(inferred)
  const scratch = new Float64Array(n)
  const { allBool } = fill(data as NestedArray, scratch)
  const dt = dtype ?? (allBool && n > 0 ? 'bool' : 'float32')
  const buf = allocate(dt, n, 'tensor')
  fillChecked('tensor', dt, scratch, buf)
  const shape = opts.shape === undefined ? inferred : resolveReshape('tensor', inferred, checkShape('tensor', opts.shape))
  return new ConcreteTensor(shape, dt, buf)
}

/**
 * A tensor of `shape` filled with `value`. The value is stored under the
 * creation rules: bool holds 1 for any nonzero value (NaN included), int32
 * truncates toward zero and refuses NaN, ±Infinity and values outside int32.
 * @category constructors
 */
export const full = (shape: ReadonlyArray<number>, value: number | boolean, dtype: DType = typeof value === 'boolean' ? 'bool' : 'float32'): Tensor =>
  filled('full', shape, value, dtype)

const filled = (op: string, shape: ReadonlyArray<number>, value: number | boolean, dtype: DType): Tensor => {
  const s = checkShape(op, shape)
  checkDType(op, dtype)
  if (typeof value !== 'number' && typeof value !== 'boolean')
    throw new ValueError(`${op}: the fill value must be a number or a boolean, got ${typeof value}`)
  const v = Number(value)
  // check the value before allocating: full([n], NaN, 'int32') fails at once
  const stored = dtype === 'bool' ? toBool(v) : dtype === 'int32' ? toInt32(op, v, 'the fill value') : v
  const buf = allocate(dtype, sizeOf(s), op)
  if (stored !== 0) buf.fill(stored)
  return new ConcreteTensor(s, dtype, buf)
}

/** @category constructors */
export const zeros = (shape: ReadonlyArray<number>, dtype: DType = 'float32'): Tensor => filled('zeros', shape, 0, dtype)
/** @category constructors */
export const ones = (shape: ReadonlyArray<number>, dtype: DType = 'float32'): Tensor => filled('ones', shape, 1, dtype)
/** Zeros with the shape and dtype of `x` (or another dtype). @category constructors */
export const zerosLike = (x: Tensor, dtype: DType = x.dtype): Tensor => filled('zerosLike', x.shape, 0, dtype)
/** Ones with the shape and dtype of `x` (or another dtype). @category constructors */
export const onesLike = (x: Tensor, dtype: DType = x.dtype): Tensor => filled('onesLike', x.shape, 1, dtype)

/**
 * Evenly spaced values in `[start, stop)`: `arange(n)`, `arange(start, stop, step?)`.
 * The length is `ceil((stop - start) / step)` (at least 0) and element `i` is
 * `start + i·step`, computed in float64 and then stored in `dtype`.
 *
 * For int32, `start` and `step` must be integers (a fractional step would
 * give repeated values; numpy silently does, fluxion refuses: make a float
 * range and cast it) and every value must fit int32. `bool` is refused: a
 * range holds more than two distinct values.
 * @category constructors
 */
export function arange(startOrStop: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
  const [start, end] = stop === undefined ? [0, startOrStop] : [startOrStop, stop]
  checkDType('arange', dtype)
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end))
    throw new ValueError(`arange: start and stop must be finite numbers, got ${start} and ${end}`)
  if (typeof step !== 'number' || step === 0 || !Number.isFinite(step))
    throw new ValueError(`arange: step must be a finite non-zero number, got ${step}`)
  if (dtype === 'bool')
    throw new DTypeError("arange: dtype 'bool' is not supported (a range is not 0s and 1s); make an int32 range and compare it, e.g. greater(arange(n), 0)")
  if (dtype === 'int32' && (!Number.isInteger(start) || !Number.isInteger(step)))
    throw new ValueError(
      `arange: an int32 range needs an integer start and step, got start ${start} and step ${step}; ` +
        "make a float range and cast it (cast(arange(0, 1, 0.25), 'int32')) if truncated values are really meant",
    )
  const n = Math.max(0, Math.ceil((end - start) / step))
  checkElements('arange', n, [n])
  if (dtype === 'int32' && n > 0) {
    const last = start + (n - 1) * step
    if (start < INT32_MIN || start > INT32_MAX || last < INT32_MIN || last > INT32_MAX)
      throw new ValueError(`arange: the int32 range from ${start} to ${last} leaves [${INT32_MIN}, ${INT32_MAX}]; use float64`)
  }
  const buf = allocate(dtype, n, 'arange')
  for (let i = 0; i < n; i++) buf[i] = start + i * step
  return new ConcreteTensor([n], dtype, buf)
}

/**
 * `num` evenly spaced values from `start` to `stop` inclusive, computed in
 * float64 and stored in `dtype`. For int32 each value is floored (numpy 2's
 * rule) and must fit int32; `bool` is refused, as for `arange`.
 * @category constructors
 */
export const linspace = (start: number, stop: number, num = 50, dtype: DType = 'float32'): Tensor => {
  if (typeof num !== 'number' || !Number.isInteger(num) || num < 0) throw new ValueError(`linspace: num must be a non-negative integer, got ${num}`)
  checkDType('linspace', dtype)
  if (typeof start !== 'number' || typeof stop !== 'number' || !Number.isFinite(start) || !Number.isFinite(stop))
    throw new ValueError(`linspace: start and stop must be finite numbers, got ${start} and ${stop}`)
  if (dtype === 'bool')
    throw new DTypeError("linspace: dtype 'bool' is not supported (the values are not 0s and 1s); make a float linspace and compare it")
  checkElements('linspace', num, [num])
  const step = num > 1 ? (stop - start) / (num - 1) : 0
  const value = (i: number): number => (i === num - 1 && num > 1 ? stop : start + i * step)
  if (dtype === 'int32' && num > 0) for (const i of [0, num - 1]) toInt32('linspace', Math.floor(value(i)), `element ${i}`)
  const buf = allocate(dtype, num, 'linspace')
  for (let i = 0; i < num; i++) buf[i] = dtype === 'int32' ? Math.floor(value(i)) : value(i)
  return new ConcreteTensor([num], dtype, buf)
}

/** The n×m identity (ones on the diagonal shifted by `k`). @category constructors */
export const eye = (n: number, m: number = n, dtype: DType = 'float32', k = 0): Tensor => {
  checkShape('eye', [n, m])
  checkDType('eye', dtype)
  if (typeof k !== 'number' || !Number.isInteger(k)) throw new ValueError(`eye: the diagonal offset k must be an integer, got ${String(k)}`)
  const buf = allocate(dtype, n * m, 'eye')
  for (let i = 0; i < n; i++) {
    const j = i + k
    if (j >= 0 && j < m) buf[i * m + j] = 1
  }
  return new ConcreteTensor([n, m], dtype, buf)
}

/** A scalar tensor, under the creation rules of `full`. @internal */
export const scalar = (v: number, dtype: DType): ConcreteTensor => {
  const buf = allocate(dtype, 1)
  buf[0] = dtype === 'bool' ? toBool(v) : dtype === 'int32' ? toInt32('scalar', v) : v
  return new ConcreteTensor(SCALAR_SHAPE, dtype, buf)
}
const SCALAR_SHAPE: ReadonlyArray<number> = Object.freeze([])

export type { Shape }
