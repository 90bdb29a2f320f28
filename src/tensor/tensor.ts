/**
 * `Tensor`: an immutable n-d array with a shape and a dtype.
 *
 * `Tensor` is the type users see. A concrete tensor (`ConcreteTensor`) owns a
 * row-major typed array that nobody ever writes to after construction: `.data()`
 * hands out a copy. Inside a transformation (`grad`, `jvp`, ...) a function sees
 * tracers, which are also `Tensor`s (see `src/ad/core.ts`); reading a tracer's
 * values reads its primal.
 *
 * Tensors are ordinary garbage-collected values: no `dispose`, no `tidy`.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]])
 * x.shape        // [2, 2]
 * x.toArray()    // [[1, 2], [3, 4]]
 *
 * @since 0.1.0
 */
import { ShapeError } from '../errors.js'
import { allocate, dtypeOfArray, type DType, type TypedArray } from './dtype.js'
import { sizeOf, type Shape } from './shape.js'
import { donatedUse, isDonated } from '../jit/donation.js'

export type NestedArray = ReadonlyArray<number | boolean | NestedArray>

// ---- model ----

/** An immutable n-d array. @category model */
export abstract class Tensor {
  abstract readonly shape: ReadonlyArray<number>
  abstract readonly dtype: DType

  /** The number of axes. */
  get ndim(): number {
    return this.shape.length
  }

  /** The number of elements. */
  get size(): number {
    return sizeOf(this.shape)
  }

  /** The concrete value behind this tensor (a tracer's primal). @internal */
  abstract toConcrete(): ConcreteTensor

  /** The values as nested plain numbers (a number for a scalar; bools as 0/1). */
  toArray(): number | NestedNumbers {
    const c = this.toConcrete()
    return toNested(c.buffer, c.shape)
  }

  /** The value of a one-element tensor. */
  item(): number {
    const c = this.toConcrete()
    if (c.buffer.length !== 1)
      throw new ShapeError(`item: expected a tensor with one element, got shape [${c.shape.join(',')}]; index or reduce it first`)
    return c.buffer[0]!
  }

  /** A copy of the flat, row-major typed array. */
  data(): TypedArray {
    return this.toConcrete().buffer.slice()
  }

  toString(): string {
    return `Tensor(${JSON.stringify(this.toArray())}, dtype=${this.dtype}, shape=[${this.shape.join(',')}])`
  }
}

export type NestedNumbers = number[] | NestedNumbers[]

/** A tensor with its values. Its buffer is never written after construction. @category model */
export class ConcreteTensor extends Tensor {
  readonly shape: ReadonlyArray<number>
  constructor(
    shape: Shape,
    readonly dtype: DType,
    /** @internal the backing store: read it, never write it */
    readonly buffer: TypedArray,
  ) {
    super()
    // shapes are frozen once and then shared between tensors
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice())
    Object.freeze(this)
  }
  toConcrete(): ConcreteTensor {
    if (isDonated(this)) throw donatedUse('reading a tensor', this)
    return this
  }
}

export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor

// ---- utils ----

const toNested = (buf: TypedArray, shape: Shape): number | NestedNumbers => {
  if (shape.length === 0) return buf[0]!
  const build = (axis: number, offset: number, stride: number): NestedNumbers => {
    const n = shape[axis]!
    const inner = stride / (n || 1)
    const out: unknown[] = new Array(n)
    if (axis === shape.length - 1) for (let i = 0; i < n; i++) out[i] = buf[offset + i]
    else for (let i = 0; i < n; i++) out[i] = build(axis + 1, offset + i * inner, inner)
    return out as NestedNumbers
  }
  return build(0, 0, sizeOf(shape))
}

/** Wrap a freshly computed buffer (the caller gives up ownership). @internal */
export const fromBuffer = (buffer: TypedArray, shape: Shape, dtype: DType = dtypeOfArray(buffer)): ConcreteTensor =>
  new ConcreteTensor(shape, dtype, buffer)

/** An uninitialised-looking (zero-filled) output for a kernel. @internal */
export const empty = (shape: Shape, dtype: DType): ConcreteTensor => new ConcreteTensor(shape, dtype, allocate(dtype, sizeOf(shape)))
