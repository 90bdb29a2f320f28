/**
 * Argument checks and small helpers shared by the samplers: shapes, dtypes,
 * parameters that broadcast against the output shape (JAX's rule: the
 * broadcast of the parameter's shape and `shape` must be `shape`), and the
 * typed arrays behind float32 and float64 results.
 *
 * @since 0.1.0
 */
import { broadcastTo } from '../ad/index.js'
import { DTypeError, ShapeError, ValueError, showShape } from '../errors.js'
import { broadcastShapes, checkNewShape, shapesEqual, sizeOf } from '../tensor/shape.js'
import { Tensor } from '../tensor/tensor.js'
import { notAKey } from './key.js'

// ---- model ----

/** The dtypes a continuous sampler can produce. @category model @since 0.1.0 */
export type FloatDType = 'float32' | 'float64'

/** A float32 or float64 buffer. @internal @category internal @since 0.1.0 */
export type FloatArray = Float32Array | Float64Array

/** A parameter that is either one number for every element, or one number per element. @internal @category internal @since 0.1.0 */
export type Param = { readonly scalar: number } | { readonly values: ArrayLike<number> }

// ---- checks ----

/** A checked output shape (an array of non-negative integers). @internal @category internal @since 0.1.0 */
export const checkShape = (op: string, shape: unknown): number[] => {
  notAKey(op, 'the shape', shape, 'a shape (an array of non-negative integers)')
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
    throw new ShapeError(`${op}: shape must be an array of non-negative integers, got ${describeShape(shape)}`)
  // the element cap (MAX_ELEMENTS), before anything is drawn or allocated
  return checkNewShape(op, shape)
}

const describeShape = (s: unknown): string =>
  Array.isArray(s) ? showShape(s as number[]) : s instanceof Tensor ? `a Tensor of shape ${showShape(s.shape)}` : String(s)

/** A checked float dtype (default float32, as in JAX). @internal @category internal @since 0.1.0 */
export const checkFloatDType = (op: string, dtype: unknown = 'float32'): FloatDType => {
  if (dtype !== 'float32' && dtype !== 'float64')
    throw new DTypeError(`${op}: dtype must be 'float32' or 'float64', got ${String(dtype)}`)
  return dtype
}

/** Read a number-or-tensor parameter broadcast to `shape` (which it may not enlarge). @internal @category internal @since 0.1.0 */
export const param = (op: string, name: string, x: unknown, shape: ReadonlyArray<number>): Param => {
  notAKey(op, name, x)
  if (typeof x === 'number') return { scalar: x }
  if (!(x instanceof Tensor)) throw new ValueError(`${op}: ${name} must be a number or a Tensor, got ${describe(x)}`)
  if (x.size === 1 && x.ndim <= shape.length) return { scalar: x.toConcrete().buffer[0]! }
  const b = broadcastShapes(op, shape, x.shape)
  if (!shapesEqual(b, shape))
    throw new ShapeError(`${op}: ${name} of shape ${showShape(x.shape)} must broadcast to the output shape ${showShape(shape)}`)
  return { values: broadcastTo(x, shape).toConcrete().buffer }
}

/** The shape a parameter implies when no shape is given. @internal @category internal @since 0.1.0 */
export const shapeOf = (x: unknown): number[] => (x instanceof Tensor ? x.shape.slice() : [])

/** The value of a parameter at flat index `i`. @internal @category internal @since 0.1.0 */
export const at = (p: Param, i: number): number => ('scalar' in p ? p.scalar : p.values[i]!)

/** Every value of a parameter (for range checks). @internal @category internal @since 0.1.0 */
export const values = (p: Param): ArrayLike<number> => ('scalar' in p ? [p.scalar] : p.values)

/** Round to the dtype (float32 rounds, float64 is the identity). @internal @category internal @since 0.1.0 */
export const rounder = (dtype: FloatDType): ((x: number) => number) => (dtype === 'float32' ? Math.fround : (x) => x)

export { sizeOf }

const describe = (x: unknown): string =>
  x === null ? 'null' : Array.isArray(x) ? 'an array (wrap it with tensor(...))' : typeof x === 'object' ? (x as object).constructor?.name ?? 'an object' : typeof x
