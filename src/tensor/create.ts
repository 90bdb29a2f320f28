/**
 * Creating tensors: from JS data (`tensor`), and the usual constructors.
 * The default dtype is float32, as in JAX; booleans give bool.
 *
 * @example
 * tensor([[1, 2], [3, 4]]).shape              // [2, 2]
 * tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).dtype   // 'float64'
 * arange(0, 1, 0.25).toArray()                // [0, 0.25, 0.5, 0.75]
 *
 * @since 0.1.0
 */
import { DTypeError, ShapeError, ValueError, showShape } from '../errors.js'
import { allocate, dtypeOfArray, isDType, type DType, type TypedArray } from './dtype.js'
import { resolveReshape, sizeOf, type Shape } from './shape.js'
import { ConcreteTensor, Tensor, type NestedArray } from './tensor.js'

export interface TensorOptions {
  readonly dtype?: DType
  readonly shape?: ReadonlyArray<number>
}

const checkDType = (op: string, dtype: unknown): DType => {
  if (!isDType(dtype)) throw new DTypeError(`${op}: unknown dtype ${String(dtype)}; use 'float32', 'float64', 'int32' or 'bool'`)
  return dtype
}

const checkShape = (op: string, shape: ReadonlyArray<number>): number[] => {
  if (!Array.isArray(shape)) throw new ShapeError(`${op}: shape must be an array of non-negative integers, got ${String(shape)}`)
  for (const d of shape)
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: shape ${showShape(shape)} must hold non-negative integers`)
  return shape.slice()
}

/** Infer the shape of a nested array, rejecting ragged ones with the path of the first mismatch. */
const inferShape = (data: NestedArray | number | boolean): number[] => {
  const shape: number[] = []
  let cur: unknown = data
  while (Array.isArray(cur)) {
    shape.push(cur.length)
    cur = cur[0]
  }
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
    const buf = allocate(dt, src.length)
    if (dt === 'bool') for (let i = 0; i < src.length; i++) buf[i] = src[i] ? 1 : 0
    else buf.set(src)
    return new ConcreteTensor(shape, dt, buf)
  }
  const inferred = inferShape(data as NestedArray)
  const n = sizeOf(inferred)
  const scratch = new Float64Array(n)
  const { allBool } = fill(data as NestedArray, scratch)
  const dt = dtype ?? (allBool && n > 0 ? 'bool' : 'float32')
  const buf = allocate(dt, n)
  if (dt === 'bool') for (let i = 0; i < n; i++) buf[i] = scratch[i] ? 1 : 0
  else buf.set(scratch)
  const shape = opts.shape === undefined ? inferred : resolveReshape('tensor', inferred, checkShape('tensor', opts.shape))
  return new ConcreteTensor(shape, dt, buf)
}

/** A tensor of `shape` filled with `value`. @category constructors */
export const full = (shape: ReadonlyArray<number>, value: number | boolean, dtype: DType = typeof value === 'boolean' ? 'bool' : 'float32'): Tensor => {
  const s = checkShape('full', shape)
  const buf = allocate(checkDType('full', dtype), sizeOf(s))
  const v = Number(value)
  if (v !== 0) buf.fill(dtype === 'bool' ? (v ? 1 : 0) : v)
  return new ConcreteTensor(s, dtype, buf)
}

/** @category constructors */
export const zeros = (shape: ReadonlyArray<number>, dtype: DType = 'float32'): Tensor => full(shape, 0, dtype)
/** @category constructors */
export const ones = (shape: ReadonlyArray<number>, dtype: DType = 'float32'): Tensor => full(shape, 1, dtype)
/** Zeros with the shape and dtype of `x` (or another dtype). @category constructors */
export const zerosLike = (x: Tensor, dtype: DType = x.dtype): Tensor => full(x.shape, 0, dtype)
/** Ones with the shape and dtype of `x` (or another dtype). @category constructors */
export const onesLike = (x: Tensor, dtype: DType = x.dtype): Tensor => full(x.shape, 1, dtype)

/**
 * Evenly spaced values in `[start, stop)`: `arange(n)`, `arange(start, stop, step?)`.
 * @category constructors
 */
export function arange(startOrStop: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
  const [start, end] = stop === undefined ? [0, startOrStop] : [startOrStop, stop]
  checkDType('arange', dtype)
  if (!Number.isFinite(start) || !Number.isFinite(end))
    throw new ValueError(`arange: start and stop must be finite numbers, got ${start} and ${end}`)
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be a finite non-zero number, got ${step}`)
  const n = Math.max(0, Math.ceil((end - start) / step))
  const buf = allocate(dtype, n)
  for (let i = 0; i < n; i++) buf[i] = start + i * step
  return new ConcreteTensor([n], dtype, buf)
}

/** `num` evenly spaced values from `start` to `stop` inclusive. @category constructors */
export const linspace = (start: number, stop: number, num = 50, dtype: DType = 'float32'): Tensor => {
  if (!Number.isInteger(num) || num < 0) throw new ValueError(`linspace: num must be a non-negative integer, got ${num}`)
  checkDType('linspace', dtype)
  const buf = allocate(dtype, num)
  const step = num > 1 ? (stop - start) / (num - 1) : 0
  for (let i = 0; i < num; i++) buf[i] = i === num - 1 && num > 1 ? stop : start + i * step
  return new ConcreteTensor([num], dtype, buf)
}

/** The n×m identity (ones on the diagonal shifted by `k`). @category constructors */
export const eye = (n: number, m: number = n, dtype: DType = 'float32', k = 0): Tensor => {
  checkShape('eye', [n, m])
  checkDType('eye', dtype)
  const buf = allocate(dtype, n * m)
  for (let i = 0; i < n; i++) {
    const j = i + k
    if (j >= 0 && j < m) buf[i * m + j] = 1
  }
  return new ConcreteTensor([n, m], dtype, buf)
}

/** A scalar tensor. @internal */
export const scalar = (v: number, dtype: DType): ConcreteTensor => {
  const buf = allocate(dtype, 1)
  buf[0] = v
  return new ConcreteTensor(SCALAR_SHAPE, dtype, buf)
}
const SCALAR_SHAPE: ReadonlyArray<number> = Object.freeze([])

export type { Shape }
