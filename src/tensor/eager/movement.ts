/**
 * Eager data-movement ops. Tensors are always contiguous and row-major, so a
 * reshape shares the (never written) buffer and everything else copies.
 */
import { backend } from '../../backend/index.js'
import { DTypeError, ShapeError, showShape } from '../../errors.js'
import { allocate } from '../dtype.js'
import { broadcastShapes, checkNewShape, broadcastStrides, normalizePerm, resolveReshape, shapesEqual, sizeOf, stridesOf } from '../shape.js'
import { ConcreteTensor } from '../tensor.js'

export const reshape = (x: ConcreteTensor, shape: ReadonlyArray<number>): ConcreteTensor =>
  new ConcreteTensor(resolveReshape('reshape', x.shape, shape), x.dtype, x.buffer)

export const transpose = (x: ConcreteTensor, perm?: ReadonlyArray<number>): ConcreteTensor => {
  const p = normalizePerm('transpose', perm, x.ndim)
  if (p.every((a, i) => a === i)) return x
  const out = allocate(x.dtype, x.buffer.length)
  backend.transpose(x.buffer, x.shape, p, out)
  return new ConcreteTensor(p.map((a) => x.shape[a]!), x.dtype, out)
}

export const broadcastTo = (x: ConcreteTensor, shape: ReadonlyArray<number>): ConcreteTensor => {
  if (shapesEqual(x.shape, shape)) return x
  checkNewShape('broadcastTo', shape)
  const target = broadcastShapes('broadcastTo', x.shape, shape)
  if (!shapesEqual(target, shape))
    throw new ShapeError(`broadcastTo: cannot broadcast ${showShape(x.shape)} to ${showShape(shape)}`)
  const out = allocate(x.dtype, sizeOf(shape), 'broadcastTo')
  // a where with an always-true condition is a strided copy
  const one = new Uint8Array([1])
  const zeroS = new Array<number>(shape.length).fill(0)
  backend.where(one, zeroS, x.buffer, broadcastStrides(x.shape, shape), x.buffer, zeroS, shape, out)
  return new ConcreteTensor(shape, x.dtype, out)
}

/** A strided view copy: out[i] = x[start + i*step] per axis. Arguments already normalised. */
export const slice = (x: ConcreteTensor, starts: ReadonlyArray<number>, steps: ReadonlyArray<number>,
  outShape: ReadonlyArray<number>): ConcreteTensor => {
  const out = allocate(x.dtype, sizeOf(outShape), 'slice')
  if (out.length === 0) return new ConcreteTensor(outShape, x.dtype, out)
  const st = stridesOf(x.shape)
  let base = 0
  for (let i = 0; i < starts.length; i++) base += starts[i]! * st[i]!
  const readStrides = st.map((s, i) => s * steps[i]!)
  // reuse the where kernel as a strided gather: read x at base + idx·readStrides
  const view = x.buffer.subarray(base)
  const one = new Uint8Array([1])
  const zeroS = new Array<number>(outShape.length).fill(0)
  backend.where(one, zeroS, view, readStrides, view, zeroS, outShape, out)
  return new ConcreteTensor(outShape, x.dtype, out)
}

/** Pad with `value`: `lo`/`hi` elements before/after each axis, `interior` between elements. */
export const pad = (x: ConcreteTensor, lo: ReadonlyArray<number>, hi: ReadonlyArray<number>,
  interior: ReadonlyArray<number>, value: number): ConcreteTensor => {
  const outShape = x.shape.map((d, i) => lo[i]! + hi[i]! + d + Math.max(0, d - 1) * interior[i]!)
  const out = allocate(x.dtype, sizeOf(outShape), 'pad')
  if (value !== 0) out.fill(value)
  if (x.buffer.length === 0) return new ConcreteTensor(outShape, x.dtype, out)
  const ost = stridesOf(outShape)
  let base = 0
  for (let i = 0; i < lo.length; i++) base += lo[i]! * ost[i]!
  const writeStrides = ost.map((s, i) => s * (interior[i]! + 1))
  scatterCopy(x, out, base, writeStrides)
  return new ConcreteTensor(outShape, x.dtype, out)
}

/** out[base + idx·strides] = x[idx] over x's index space. */
const scatterCopy = (x: ConcreteTensor, out: ArrayLike<number> & { [i: number]: number }, base: number,
  strides: ReadonlyArray<number>): void => {
  const shape = x.shape
  const nd = shape.length
  const src = x.buffer
  if (nd === 0) {
    out[base] = src[0]!
    return
  }
  const idx = new Array<number>(nd).fill(0)
  let off = base
  for (let i = 0; i < src.length; i++) {
    out[off] = src[i]!
    for (let ax = nd - 1; ax >= 0; ax--) {
      idx[ax]!++
      off += strides[ax]!
      if (idx[ax]! < shape[ax]!) break
      off -= strides[ax]! * shape[ax]!
      idx[ax] = 0
    }
  }
}

export const concat = (xs: ReadonlyArray<ConcreteTensor>, axis: number): ConcreteTensor => {
  const first = xs[0]!
  const outShape = first.shape.slice()
  outShape[axis] = xs.reduce((s, x) => s + x.shape[axis]!, 0)
  const out = allocate(first.dtype, sizeOf(outShape), 'concat')
  const outer = sizeOf(first.shape.slice(0, axis))
  const rowOut = sizeOf(outShape.slice(axis))
  let col = 0
  for (const x of xs) {
    const row = sizeOf(x.shape.slice(axis))
    for (let o = 0; o < outer; o++) out.set(x.buffer.subarray(o * row, (o + 1) * row), o * rowOut + col)
    col += row
  }
  return new ConcreteTensor(outShape, first.dtype, out)
}

export const flip = (x: ConcreteTensor, axes: ReadonlyArray<number>): ConcreteTensor => {
  if (axes.length === 0 || x.size === 0) return x
  const st = stridesOf(x.shape)
  let base = 0
  const readStrides = st.slice()
  for (const a of axes) {
    base += (x.shape[a]! - 1) * st[a]!
    readStrides[a] = -st[a]!
  }
  const out = allocate(x.dtype, x.buffer.length)
  // walk from the far corner with negative strides on the flipped axes
  const idx = new Array<number>(x.ndim).fill(0)
  let off = base
  for (let i = 0; i < out.length; i++) {
    out[i] = x.buffer[off]!
    for (let ax = x.ndim - 1; ax >= 0; ax--) {
      idx[ax]!++
      off += readStrides[ax]!
      if (idx[ax]! < x.shape[ax]!) break
      off -= readStrides[ax]! * x.shape[ax]!
      idx[ax] = 0
    }
  }
  return new ConcreteTensor(x.shape, x.dtype, out)
}

const checkIndices = (op: string, indices: ConcreteTensor, size: number): Int32Array => {
  if (indices.dtype !== 'int32') throw new DTypeError(`${op}: indices must be int32, got ${indices.dtype}`)
  const idx = indices.buffer as Int32Array
  const out = new Int32Array(idx.length)
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!
    const w = v < 0 ? v + size : v
    if (w < 0 || w >= size)
      throw new ShapeError(`${op}: index ${v} is out of range for an axis of size ${size}`)
    out[i] = w
  }
  return out
}

/** Gather along `axis`: out.shape = x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]. Negative indices wrap. */
export const gather = (x: ConcreteTensor, indices: ConcreteTensor, axis: number): ConcreteTensor => {
  const d = x.shape[axis]!
  const idx = checkIndices('take', indices, d)
  const outer = sizeOf(x.shape.slice(0, axis))
  const inner = sizeOf(x.shape.slice(axis + 1))
  const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)]
  const out = allocate(x.dtype, outer * idx.length * inner, 'take')
  const src = x.buffer
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < idx.length; j++) {
      const from = (o * d + idx[j]!) * inner
      out.set(src.subarray(from, from + inner), (o * idx.length + j) * inner)
    }
  return new ConcreteTensor(outShape, x.dtype, out)
}

/** `operand` with `updates` added at `indices` along `axis` (the transpose of gather). */
export const scatterAdd = (operand: ConcreteTensor, indices: ConcreteTensor, updates: ConcreteTensor,
  axis: number): ConcreteTensor => {
  const d = operand.shape[axis]!
  const idx = checkIndices('scatterAdd', indices, d)
  const outer = sizeOf(operand.shape.slice(0, axis))
  const inner = sizeOf(operand.shape.slice(axis + 1))
  const out = operand.buffer.slice()
  const up = updates.buffer
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < idx.length; j++) {
      const to = (o * d + idx[j]!) * inner
      const from = (o * idx.length + j) * inner
      for (let i = 0; i < inner; i++) out[to + i]! += up[from + i]!
    }
  return new ConcreteTensor(operand.shape, operand.dtype, out)
}
