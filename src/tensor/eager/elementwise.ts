/**
 * Eager elementwise ops on concrete tensors: the `impl` of the elementwise
 * primitives. Operands of binary ops already share a dtype (the public ops
 * promote first); shapes broadcast as in numpy.
 */
import { backend, type BinaryOp, type UnaryOp } from '../../backend/index.js'
import { DTypeError, showShape } from '../../errors.js'
import { allocate, INT32_MAX, INT32_MIN, type DType } from '../dtype.js'
import { broadcastShapes, broadcastStrides, shapesEqual, sizeOf } from '../shape.js'
import { ConcreteTensor } from '../tensor.js'

const COMPARISONS: ReadonlySet<BinaryOp> = new Set(['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'])

export const unary = (op: UnaryOp, x: ConcreteTensor, outDType: DType = x.dtype): ConcreteTensor => {
  const out = allocate(outDType, x.buffer.length, op)
  backend.unary(op, x.buffer, out)
  return new ConcreteTensor(x.shape, outDType, out)
}

export const binary = (op: BinaryOp, a: ConcreteTensor, b: ConcreteTensor): ConcreteTensor => {
  if (a.dtype !== b.dtype)
    throw new DTypeError(`${op}: operands have dtypes ${a.dtype} and ${b.dtype}; cast one of them first`)
  const same = a.shape === b.shape || shapesEqual(a.shape, b.shape)
  const shape = same ? a.shape : broadcastShapes(op, a.shape, b.shape)
  const dtype: DType = COMPARISONS.has(op) ? 'bool' : a.dtype
  const out = allocate(dtype, same ? a.buffer.length : sizeOf(shape), op)
  const aS = same ? unitStrides(shape) : broadcastStrides(a.shape, shape)
  const bS = same ? aS : broadcastStrides(b.shape, shape)
  backend.binary(op, a.buffer, aS, b.buffer, bS, shape, out)
  return new ConcreteTensor(shape, dtype, out)
}

const unitStrides = (shape: ReadonlyArray<number>): number[] => broadcastStrides(shape, shape)

export const where = (cond: ConcreteTensor, a: ConcreteTensor, b: ConcreteTensor): ConcreteTensor => {
  if (cond.dtype !== 'bool') throw new DTypeError(`where: the condition must be bool, got ${cond.dtype}`)
  if (a.dtype !== b.dtype) throw new DTypeError(`where: branches have dtypes ${a.dtype} and ${b.dtype}; cast one first`)
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape)
  const out = allocate(a.dtype, sizeOf(shape), 'where')
  backend.where(cond.buffer, broadcastStrides(cond.shape, shape), a.buffer, broadcastStrides(a.shape, shape),
    b.buffer, broadcastStrides(b.shape, shape), shape, out)
  return new ConcreteTensor(shape, a.dtype, out)
}

/**
 * Convert to another dtype. To bool: 1 where `x != 0` (NaN is nonzero, as in
 * numpy). Floats to int32: truncate toward zero and saturate, as JAX (XLA)
 * does: NaN gives 0, values beyond int32 (±Infinity included) give
 * -2^31 or 2^31 - 1. Never an error, never a wrapped value.
 */
export const cast = (x: ConcreteTensor, dtype: DType): ConcreteTensor => {
  if (x.dtype === dtype) return x
  const out = allocate(dtype, x.buffer.length, 'cast')
  const src = x.buffer
  if (dtype === 'bool') for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0
  else if (dtype === 'int32' && (x.dtype === 'float32' || x.dtype === 'float64'))
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!
      out[i] = v >= INT32_MAX ? INT32_MAX : v <= INT32_MIN ? INT32_MIN : v === v ? Math.trunc(v) : 0
    }
  else out.set(src)
  return new ConcreteTensor(x.shape, dtype, out)
}

export const requireFloat = (op: string, x: ConcreteTensor | { dtype: DType; shape: ReadonlyArray<number> }): void => {
  if (x.dtype !== 'float32' && x.dtype !== 'float64')
    throw new DTypeError(`${op}: expected a float32 or float64 tensor, got ${x.dtype} ${showShape(x.shape)}; cast it first`)
}
