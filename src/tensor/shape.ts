/**
 * Shape arithmetic shared by the eager ops and the primitives' shape rules:
 * sizes, strides, numpy broadcasting and axis normalisation. Every check
 * throws a `ShapeError` that names the op and the shapes.
 *
 * @since 0.1.0
 */
import { ShapeError, showShape } from '../errors.js'

export type Shape = ReadonlyArray<number>

/**
 * The most elements one tensor may hold: 2^28 = 268,435,456 (1 GiB of
 * float32, 2 GiB of float64). Creating a larger tensor, by a constructor, a
 * sampler, a broadcast or any other op, is a `ShapeError` that names the op
 * and the element count, thrown before anything is allocated.
 * @category shape
 */
export const MAX_ELEMENTS = 2 ** 28

/** The most axes a tensor may have (numpy's limit). @category shape */
export const MAX_RANK = 64

/** `ShapeError` unless `n` elements fit under `MAX_ELEMENTS`. */
export const checkElements = (op: string, n: number, shape?: Shape): number => {
  if (!(n >= 0 && n <= MAX_ELEMENTS))
    throw new ShapeError(
      `${op}: ${shape === undefined ? '' : `shape ${showShape(shape)} has `}${n} elements, more than the ${MAX_ELEMENTS} (2^28) a tensor may hold`,
    )
  return n
}

/**
 * A checked shape for a new tensor: an array of at most `MAX_RANK`
 * non-negative integers whose product is at most `MAX_ELEMENTS`. Returns a
 * fresh copy.
 */
export const checkNewShape = (op: string, shape: unknown): number[] => {
  if (!Array.isArray(shape)) throw new ShapeError(`${op}: shape must be an array of non-negative integers, got ${String(shape)}`)
  if (shape.length > MAX_RANK) throw new ShapeError(`${op}: shape has ${shape.length} axes, more than the ${MAX_RANK} a tensor may have`)
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i]
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0)
      throw new ShapeError(`${op}: shape [${shape.map(String).join(',')}] must hold non-negative integers (dimension ${i} is ${String(d)})`)
  }
  checkElements(op, sizeOf(shape), shape)
  return shape.slice()
}

export const sizeOf = (shape: Shape): number => {
  let n = 1
  for (const d of shape) n *= d
  return n
}

/** Row-major strides of a contiguous array. */
export const stridesOf = (shape: Shape): number[] => {
  const s = new Array<number>(shape.length)
  let acc = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc
    acc *= shape[i]!
  }
  return s
}

export const shapesEqual = (a: Shape, b: Shape): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** The numpy broadcast of two shapes, or a `ShapeError` naming `op`. */
export const broadcastShapes = (op: string, a: Shape, b: Shape): number[] => {
  if (shapesEqual(a, b)) return a.slice()
  const n = Math.max(a.length, b.length)
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1
    const db = b[b.length - n + i] ?? 1
    if (da !== db && da !== 1 && db !== 1)
      throw new ShapeError(
        `${op}: cannot broadcast ${showShape(a)} with ${showShape(b)}: dimension ${i - n} is ${da} vs ${db} (each must be equal or 1)`,
      )
    out[i] = da === 1 ? db : da
  }
  return out
}

/** Strides to read an array of `shape` as if broadcast to `outShape` (0 on broadcast dims). */
export const broadcastStrides = (shape: Shape, outShape: Shape): number[] => {
  const st = stridesOf(shape)
  const off = outShape.length - shape.length
  const out = new Array<number>(outShape.length).fill(0)
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : st[i]!
  return out
}

/** A checked, non-negative axis. */
export const normalizeAxis = (op: string, axis: number, ndim: number): number => {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim)
    throw new ShapeError(`${op}: axis ${axis} is out of range for a tensor of rank ${ndim} (valid: ${-ndim}..${ndim - 1})`)
  return axis < 0 ? axis + ndim : axis
}

/** Checked, sorted, distinct axes; `undefined` means all of them. */
export const normalizeAxes = (op: string, axis: number | ReadonlyArray<number> | undefined, ndim: number): number[] => {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i)
  const list = typeof axis === 'number' ? [axis] : axis
  const out = list.map((a) => normalizeAxis(op, a, ndim)).sort((x, y) => x - y)
  for (let i = 1; i < out.length; i++)
    if (out[i] === out[i - 1]) throw new ShapeError(`${op}: axis ${out[i]} is repeated in [${list.join(',')}]`)
  return out
}

/** The shape after reducing `axes` (kept as 1s with `keepdims`). */
export const reducedShape = (shape: Shape, axes: ReadonlyArray<number>, keepdims: boolean): number[] => {
  const out: number[] = []
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepdims) out.push(1)
    } else out.push(shape[i]!)
  }
  return out
}

/** Resolve one `-1` in a reshape target and check the size. */
export const resolveReshape = (op: string, from: Shape, to: ReadonlyArray<number>): number[] => {
  const size = sizeOf(from)
  let unknown = -1
  let known = 1
  for (let i = 0; i < to.length; i++) {
    const d = to[i]!
    if (d === -1) {
      if (unknown >= 0) throw new ShapeError(`${op}: only one -1 is allowed in the target shape ${showShape(to)}`)
      unknown = i
    } else if (!Number.isInteger(d) || d < 0)
      throw new ShapeError(`${op}: invalid dimension ${d} in target shape ${showShape(to)}`)
    else known *= d
  }
  const out = to.slice()
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0)
      throw new ShapeError(`${op}: cannot reshape ${showShape(from)} (size ${size}) to ${showShape(to)}`)
    out[unknown] = size / known
  } else if (known !== size)
    throw new ShapeError(`${op}: cannot reshape ${showShape(from)} (size ${size}) to ${showShape(to)} (size ${known})`)
  return out
}

/** A checked permutation; `undefined` reverses the axes. */
export const normalizePerm = (op: string, perm: ReadonlyArray<number> | undefined, ndim: number): number[] => {
  if (perm === undefined) return Array.from({ length: ndim }, (_, i) => ndim - 1 - i)
  if (perm.length !== ndim)
    throw new ShapeError(`${op}: permutation [${perm.join(',')}] has ${perm.length} axes, the tensor has ${ndim}`)
  const p = perm.map((a) => normalizeAxis(op, a, ndim))
  if (new Set(p).size !== ndim) throw new ShapeError(`${op}: [${perm.join(',')}] is not a permutation of 0..${ndim - 1}`)
  return p
}
