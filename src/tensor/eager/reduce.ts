/**
 * Eager reductions over any set of axes. The reduced axes are moved to the end
 * (one transpose, only when they are not already a contiguous block) and the
 * kernel reduces the middle axis of an [outer, n, inner] view.
 */
import { backend, type ReduceOp } from '../../backend/index.js'
import { ShapeError, showShape } from '../../errors.js'
import { allocate, type DType } from '../dtype.js'
import { reducedShape, sizeOf } from '../shape.js'
import { ConcreteTensor } from '../tensor.js'
import { transpose } from './movement.js'

/** Reduce `axes` (already normalised and sorted). */
export const reduce = (op: ReduceOp, x: ConcreteTensor, axes: ReadonlyArray<number>, keepdims: boolean): ConcreteTensor => {
  const shape = x.shape
  const outShape = reducedShape(shape, axes, keepdims)
  const isArg = op === 'argmax' || op === 'argmin'
  const dtype: DType = isArg ? 'int32' : x.dtype === 'bool' && (op === 'sum' || op === 'prod') ? 'int32' : x.dtype
  let n = 1
  for (const a of axes) n *= shape[a]!
  if (n === 0 && (op === 'max' || op === 'min' || isArg))
    throw new ShapeError(`${op}: cannot reduce an empty axis of ${showShape(shape)} (the result has no identity)`)
  const contiguous = axes.every((a, i) => i === 0 || a === axes[i - 1]! + 1)
  let src = x
  let outer: number
  let inner: number
  if (contiguous && axes.length > 0) {
    outer = sizeOf(shape.slice(0, axes[0]))
    inner = sizeOf(shape.slice(axes[axes.length - 1]! + 1))
  } else {
    const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i))
    src = transpose(x, [...kept, ...axes])
    outer = sizeOf(kept.map((i) => shape[i]!))
    inner = 1
  }
  const out = allocate(dtype, outer * inner, op)
  backend.reduce(op, src.buffer, outer, n, inner, out)
  return new ConcreteTensor(outShape, dtype, out)
}
