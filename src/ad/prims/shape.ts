/**
 * Shape and data-movement primitives. All are linear, so each gives only a
 * `transpose` rule: reshape ↔ reshape, transpose ↔ inverse permutation,
 * broadcastTo ↔ sum, slice ↔ pad, concat ↔ slices, take (gather) ↔ scatterAdd,
 * flip ↔ flip. `expandDims`, `squeeze`, `stack` and `oneHot` are built on them.
 *
 * @example
 * slice(arange(10), [1], [8], [3]).toArray()      // [1, 4, 7]
 * take(tensor([10, 20, 30]), tensor([2, 0], { dtype: 'int32' })).toArray()  // [30, 10]
 *
 * @since 0.1.0
 */
import { DTypeError, ShapeError, ValueError, showShape } from '../../errors.js'
import { arange, ones, zeros } from '../../tensor/create.js'
import { fromBuffer } from '../../tensor/tensor.js'
import * as E from '../../tensor/eager/index.js'
import {
  broadcastShapes, normalizeAxes, normalizeAxis, normalizePerm, resolveReshape, shapesEqual,
} from '../../tensor/shape.js'
import type { Tensor } from '../../tensor/tensor.js'
import { bind, definePrimitive, type Aval } from '../core.js'
import { add, cast, equal, less, mul, sub, where } from './arith.js'
import { batchFirst, bindSelf, fullAxis, moveAxis, withBatch } from './batchrules.js'
import { sumTo } from './reduce.js'
import { asTensor, type TensorLike } from './util.js'

// ---- primitives ----

export const reshapeP = definePrimitive<{ readonly shape: ReadonlyArray<number> }>({
  name: 'reshape',
  impl: ([x], { shape }) => E.reshape(x!, shape),
  shape: ([x], { shape }) => ({ shape: resolveReshape('reshape', x!.shape, shape), dtype: x!.dtype }),
  // row-major reshapes keep a leading batch axis apart
  batch: ([x], [d], { shape }) => [reshape(moveAxis(x!, d!, 0), [x!.shape[d!]!, ...shape]), 0],
  transpose: (ct, [x]) => [reshape(ct, x!.shape)],
})

export const transposeP = definePrimitive<{ readonly perm: ReadonlyArray<number> }>({
  name: 'transpose',
  impl: ([x], { perm }) => E.transpose(x!, perm),
  shape: ([x], { perm }) => ({ shape: perm.map((a) => x!.shape[a]!), dtype: x!.dtype }),
  // one transpose: the batch axis first, then the permuted per-example axes
  batch: ([x], [d], { perm }) => [transpose(x!, [d!, ...perm.map((a) => fullAxis(a, d!))]), 0],
  transpose: (ct, _x, { perm }) => [transpose(ct, perm.map((_, i) => perm.indexOf(i)))],
})

export const broadcastToP = definePrimitive<{ readonly shape: ReadonlyArray<number> }>({
  name: 'broadcastTo',
  impl: ([x], { shape }) => E.broadcastTo(x!, shape),
  shape: ([x], { shape }) => {
    if (!shapesEqual(broadcastShapes('broadcastTo', x!.shape, shape), shape))
      throw new ShapeError(`broadcastTo: cannot broadcast ${showShape(x!.shape)} to ${showShape(shape)}`)
    return { shape, dtype: x!.dtype }
  },
  // batch axis first, the per-example shape right-aligned under the target, then broadcast
  batch: ([x], [d], { shape }) => {
    const y = moveAxis(x!, d!, 0)
    const lead = shape.length - (y.ndim - 1)
    const z = lead > 0 ? reshape(y, [y.shape[0]!, ...new Array<number>(lead).fill(1), ...y.shape.slice(1)]) : y
    return [broadcastTo(z, [y.shape[0]!, ...shape]), 0]
  },
  transpose: (ct, [x]) => [sumTo(ct, x!.shape)],
})

interface SliceParams {
  readonly starts: ReadonlyArray<number>
  readonly steps: ReadonlyArray<number>
  readonly shape: ReadonlyArray<number>
}
export const sliceP = definePrimitive<SliceParams>({
  name: 'slice',
  impl: ([x], p) => E.slice(x!, p.starts, p.steps, p.shape),
  shape: ([x], p) => ({ shape: p.shape, dtype: x!.dtype }),
  // the whole batch axis, in place
  batch: ([x], [d], p) => [bindSelf('slice', [x!], {
    starts: withBatch(p.starts, d!, 0), steps: withBatch(p.steps, d!, 1), shape: withBatch(p.shape, d!, x!.shape[d!]!),
  }), d!],
  // the cotangent goes back where the slice read from, zeros elsewhere
  transpose: (ct, [x], { starts, steps, shape }) => {
    const lo = starts
    const interior = steps.map((s) => s - 1)
    const hi = x!.shape.map((d, i) => (shape[i] === 0 ? d - lo[i]! : d - (lo[i]! + (shape[i]! - 1) * steps[i]! + 1)))
    const lo2 = lo.map((l, i) => (shape[i] === 0 ? 0 : l))
    return [padP_(ct, zeros([], ct.dtype), lo2, hi.map((h, i) => (shape[i] === 0 ? x!.shape[i]! : h)), interior)]
  },
})

interface PadParams {
  readonly lo: ReadonlyArray<number>
  readonly hi: ReadonlyArray<number>
  readonly interior: ReadonlyArray<number>
}
// linear in (x, padValue) jointly: out = embed(x) + padValue · (1 - embed(1))
export const padP = definePrimitive<PadParams>({
  name: 'pad',
  impl: ([x, v], p) => E.pad(x!, p.lo, p.hi, p.interior, v!.buffer[0]!),
  shape: ([x, v], p) => {
    if (v!.shape.length !== 0) throw new ShapeError(`pad: the padding value must be a scalar, got ${showShape(v!.shape)}`)
    return { shape: x!.shape.map((d, i) => p.lo[i]! + p.hi[i]! + d + Math.max(0, d - 1) * p.interior[i]!), dtype: x!.dtype }
  },
  batch: ([x, v], [dx, dv], p, size) => {
    const q = (d: number) => ({ lo: withBatch(p.lo, d, 0), hi: withBatch(p.hi, d, 0), interior: withBatch(p.interior, d, 0) })
    if (dv === null) return [bindSelf('pad', [x!, v!], q(dx!)), dx!]
    // a batched padding value: pad with 0, then put each example's value where nothing was copied
    const y = batchFirst(x!, dx!, size)
    const inside = bindSelf('pad', [ones(y.shape, 'bool'), zeros([], 'bool')], q(0))
    const vs = reshape(moveAxis(v!, dv!, 0), [size, ...new Array<number>(y.ndim - 1).fill(1)])
    return [where(inside, bindSelf('pad', [y, zeros([], y.dtype)], q(0)), vs), 0]
  },
  transpose: (ct, [x], { lo, interior }) => {
    const shape = x!.shape
    const inner = slice(ct, lo, lo.map((l, i) => l + (shape[i] === 0 ? 0 : (shape[i]! - 1) * (interior[i]! + 1) + 1)), interior.map((k) => k + 1))
    return [inner, sub(sumAll(ct), sumAll(inner))]
  },
})
const padP_ = (x: Tensor, v: Tensor, lo: ReadonlyArray<number>, hi: ReadonlyArray<number>, interior: ReadonlyArray<number>): Tensor =>
  bind(padP, [x, v], { lo, hi, interior })

// the eager kernels trust their inputs, so the impl checks them with the shape rule first
const concatShape = (xs: ReadonlyArray<Aval>, { axis }: { readonly axis: number }): Aval => {
  const first = xs[0]!
  const shape = first.shape.slice()
  shape[axis] = 0
  for (const x of xs) {
    if (x.dtype !== first.dtype) throw new DTypeError(`concat: dtypes ${first.dtype} and ${x.dtype} differ; cast first`)
    if (x.shape.length !== first.shape.length || x.shape.some((d, i) => i !== axis && d !== first.shape[i]))
      throw new ShapeError(`concat: shapes ${xs.map((y) => showShape(y.shape)).join(', ')} differ outside axis ${axis}`)
    shape[axis]! += x.shape[axis]!
  }
  return { shape, dtype: first.dtype }
}
export const concatP = definePrimitive<{ readonly axis: number }>({
  name: 'concat',
  impl: (xs, p) => (concatShape(xs, p), E.concat(xs, p.axis)),
  shape: concatShape,
  batch: (xs, dims, { axis }, size) => [bindSelf('concat', xs.map((x, i) => batchFirst(x, dims[i] ?? null, size)), { axis: axis + 1 }), 0],
  transpose: (ct, xs, { axis }) => {
    let start = 0
    return xs.map((x) => {
      const d = x.shape[axis]!
      const starts = x.shape.map((_, i) => (i === axis ? start : 0))
      const stops = x.shape.map((s, i) => (i === axis ? start + d : s))
      start += d
      return slice(ct, starts, stops)
    })
  },
})

export const gatherP = definePrimitive<{ readonly axis: number }>({
  name: 'take',
  impl: ([x, idx], { axis }) => E.gather(x!, idx!, axis),
  shape: ([x, idx], { axis }) => {
    if (idx!.dtype !== 'int32') throw new DTypeError(`take: indices must be int32, got ${idx!.dtype}`)
    return { shape: [...x!.shape.slice(0, axis), ...idx!.shape, ...x!.shape.slice(axis + 1)], dtype: x!.dtype }
  },
  staticInputs: [1],
  batch: ([x, idx], [dx, di], { axis }, size) => {
    // batched data, shared indices: gather along the full axis; the batch axis lands before or after the indices
    if (di === null) {
      const a = fullAxis(axis, dx!)
      return [bindSelf('take', [x!, idx!], { axis: a }), dx! < a ? dx! : dx! - 1 + idx!.ndim]
    }
    // shared data, batched indices: the indices' batch axis is among the output's index axes
    if (dx === null) return [bindSelf('take', [x!, idx!], { axis }), axis + di!]
    // both: flatten [batch, n] into one axis and offset each example's indices by b·n
    const { flat, n, rest } = flattenBatchAxis(x!, dx!, axis)
    const offs = offsetIndices(moveAxis(idx!, di!, 0), n, size)
    const g = bindSelf('take', [flat, offs], { axis: 0 }) // [B, ...idx, ...pre, ...post]
    const k = idx!.ndim - 1
    const perm = [0, ...range(1 + k, 1 + k + axis), ...range(1, 1 + k), ...range(1 + k + axis, 1 + k + rest)]
    return [transpose(g, perm), 0]
  },
  transpose: (ct, [x, idx], { axis }) => [scatterAdd(zeros(x!.shape, ct.dtype), idx!, ct, axis), null],
})

const scatterAddShape = ([x, idx, u]: ReadonlyArray<Aval>, { axis }: { readonly axis: number }): Aval => {
  const want = [...x!.shape.slice(0, axis), ...idx!.shape, ...x!.shape.slice(axis + 1)]
  if (!shapesEqual(u!.shape, want))
    throw new ShapeError(`scatterAdd: updates have shape ${showShape(u!.shape)}, expected ${showShape(want)}`)
  return x!
}
export const scatterAddP = definePrimitive<{ readonly axis: number }>({
  name: 'scatterAdd',
  impl: ([x, idx, u], p) => (scatterAddShape([x!, idx!, u!], p), E.scatterAdd(x!, idx!, u!, p.axis)),
  shape: scatterAddShape,
  staticInputs: [1],
  batch: ([x, idx, u], [dx, di, du], { axis }, size) => {
    const y = batchFirst(x!, dx ?? null, size)
    const k = idx!.ndim - (di === null ? 0 : 1)
    const v = batchFirst(u!, du ?? null, size) // [B, ...pre, ...idx, ...post]
    if (di === null) return [bindSelf('scatterAdd', [y, idx!, v], { axis: axis + 1 }), 0]
    // batched indices: scatter into [batch·n, ...] with each example's indices offset by b·n
    const { flat, n } = flattenBatchAxis(y, 0, axis)
    const offs = offsetIndices(moveAxis(idx!, di!, 0), n, size)
    const vPerm = [0, ...range(1 + axis, 1 + axis + k), ...range(1, 1 + axis), ...range(1 + axis + k, v.ndim)]
    const s = bindSelf('scatterAdd', [flat, offs, transpose(v, vPerm)], { axis: 0 }) // [B·n, ...pre, ...post]
    const back = reshape(s, [size, n, ...flat.shape.slice(1)])
    return [moveAxis(back, 1, 1 + axis), 0]
  },
  transpose: (ct, [, idx], { axis }) => [ct, null, take(ct, idx!, axis)],
})

export const flipP = definePrimitive<{ readonly axes: ReadonlyArray<number> }>({
  name: 'flip',
  impl: ([x], { axes }) => E.flip(x!, axes),
  shape: ([x]) => x!,
  batch: ([x], [d], { axes }) => [bindSelf('flip', [x!], { axes: axes.map((a) => fullAxis(a, d!)) }), d!],
  transpose: (ct, _x, { axes }) => [flip(ct, axes)],
})

// ---- ops ----

/** The same data in a new shape; one dimension may be -1. @category ops */
export const reshape = (x: TensorLike, shape: ReadonlyArray<number>): Tensor => {
  const t = asTensor('reshape', x)
  const s = resolveReshape('reshape', t.shape, shape)
  return shapesEqual(s, t.shape) ? t : bind(reshapeP, [t], { shape: s })
}

/** Permute the axes (reverse them when `perm` is omitted). @category ops */
export const transpose = (x: TensorLike, perm?: ReadonlyArray<number>): Tensor => {
  const t = asTensor('transpose', x)
  const p = normalizePerm('transpose', perm, t.ndim)
  return p.every((a, i) => a === i) ? t : bind(transposeP, [t], { perm: p })
}

/** Swap the last two axes (a batch of matrix transposes). @category ops */
export const mT = (x: TensorLike): Tensor => {
  const t = asTensor('mT', x)
  if (t.ndim < 2) throw new ShapeError(`mT: expected at least 2 axes, got ${showShape(t.shape)}`)
  const p = t.shape.map((_, i) => i)
  p[t.ndim - 2] = t.ndim - 1
  p[t.ndim - 1] = t.ndim - 2
  return transpose(t, p)
}

/** Repeat along size-1 (or missing leading) axes to reach `shape`. @category ops */
export const broadcastTo = (x: TensorLike, shape: ReadonlyArray<number>): Tensor => {
  const t = asTensor('broadcastTo', x)
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0))
    throw new ShapeError(`broadcastTo: target shape ${showShape(shape)} must hold non-negative integers`)
  return shapesEqual(t.shape, shape) ? t : bind(broadcastToP, [t], { shape: shape.slice() })
}

/** Insert a size-1 axis at `axis`. @category ops */
export const expandDims = (x: TensorLike, axis: number): Tensor => {
  const t = asTensor('expandDims', x)
  const a = normalizeAxis('expandDims', axis, t.ndim + 1)
  return reshape(t, [...t.shape.slice(0, a), 1, ...t.shape.slice(a)])
}

/** Drop size-1 axes (all of them, or those named). @category ops */
export const squeeze = (x: TensorLike, axis?: number | ReadonlyArray<number>): Tensor => {
  const t = asTensor('squeeze', x)
  const axes = axis === undefined ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axis, t.ndim)
  for (const a of axes)
    if (t.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${showShape(t.shape)} has size ${t.shape[a]}, not 1`)
  return reshape(t, t.shape.filter((_, i) => !axes.includes(i)))
}

/**
 * `x[start:stop:step]` per axis, numpy style: negative indices count from the
 * end, out-of-range bounds clamp, missing trailing axes are taken whole,
 * `null`/`undefined` means the default. Steps must be positive (use `flip`).
 * @category ops
 */
export const slice = (x: TensorLike, starts: ReadonlyArray<number | null | undefined>,
  stops: ReadonlyArray<number | null | undefined> = [], steps: ReadonlyArray<number | null | undefined> = []): Tensor => {
  const t = asTensor('slice', x)
  if (starts.length > t.ndim || stops.length > t.ndim || steps.length > t.ndim)
    throw new ShapeError(`slice: got bounds for ${Math.max(starts.length, stops.length, steps.length)} axes, the tensor ${showShape(t.shape)} has ${t.ndim}`)
  const clamp = (v: number, d: number) => Math.min(Math.max(v < 0 ? v + d : v, 0), d)
  const st: number[] = []
  const sp: number[] = []
  const shape: number[] = []
  t.shape.forEach((d, i) => {
    const k = steps[i] ?? 1
    if (!Number.isInteger(k) || k <= 0) throw new ValueError(`slice: step ${k} on axis ${i} must be a positive integer; use flip to reverse`)
    const b = clamp(starts[i] ?? 0, d)
    const e = clamp(stops[i] ?? d, d)
    const n = Math.max(0, Math.ceil((e - b) / k))
    st.push(n === 0 ? 0 : b)
    sp.push(k)
    shape.push(n)
  })
  if (shapesEqual(shape, t.shape)) return t
  return bind(sliceP, [t], { starts: st, steps: sp, shape })
}

/** Pad each axis with `[before, after]` elements of `value`. @category ops */
export const pad = (x: TensorLike, widths: ReadonlyArray<readonly [number, number]>, value = 0): Tensor => {
  const t = asTensor('pad', x)
  if (widths.length !== t.ndim) throw new ShapeError(`pad: got widths for ${widths.length} axes, the tensor ${showShape(t.shape)} has ${t.ndim}`)
  for (const [b, a] of widths)
    if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0)
      throw new ValueError(`pad: widths must be non-negative integers, got [${b}, ${a}]`)
  return padP_(t, asTensor('pad', value, t.dtype), widths.map((w) => w[0]), widths.map((w) => w[1]), widths.map(() => 0))
}

/** Join tensors along an existing axis. @category ops */
export const concat = (xs: ReadonlyArray<TensorLike>, axis = 0): Tensor => {
  if (xs.length === 0) throw new ValueError('concat: need at least one tensor')
  const ts = xs.map((x) => asTensor('concat', x))
  if (ts[0]!.ndim === 0) throw new ShapeError('concat: cannot concatenate scalars (shape []); use stack')
  const a = normalizeAxis('concat', axis, ts[0]!.ndim)
  return ts.length === 1 ? ts[0]! : bind(concatP, ts, { axis: a })
}

/** Join tensors of one shape along a new axis. @category ops */
export const stack = (xs: ReadonlyArray<TensorLike>, axis = 0): Tensor => {
  if (xs.length === 0) throw new ValueError('stack: need at least one tensor')
  const ts = xs.map((x) => asTensor('stack', x))
  const first = ts[0]!
  for (const t of ts)
    if (!shapesEqual(t.shape, first.shape))
      throw new ShapeError(`stack: all tensors need one shape, got ${ts.map((u) => showShape(u.shape)).join(', ')}`)
  const a = normalizeAxis('stack', axis, first.ndim + 1)
  return concat(ts.map((t) => expandDims(t, a)), a)
}

/** Gather along `axis` with int32 indices (negative ones wrap): numpy's take. @category ops */
export const take = (x: TensorLike, indices: Tensor | ReadonlyArray<number> | number, axis = 0): Tensor => {
  const t = asTensor('take', x)
  const idx = toIndices('take', indices)
  if (t.ndim === 0) throw new ShapeError('take: cannot index a scalar')
  return bind(gatherP, [t, idx], { axis: normalizeAxis('take', axis, t.ndim) })
}

/** `x` with `updates` added at `indices` along `axis` (repeated indices add up). @category ops */
export const scatterAdd = (x: TensorLike, indices: Tensor | ReadonlyArray<number>, updates: TensorLike, axis = 0): Tensor => {
  const t = asTensor('scatterAdd', x)
  const u = cast(asTensor('scatterAdd', updates, t.dtype), t.dtype)
  const idx = toIndices('scatterAdd', indices)
  const params = { axis: normalizeAxis('scatterAdd', axis, t.ndim) }
  return bind(scatterAddP, [t, idx, u], params)
}

const toIndices = (op: string, indices: Tensor | ReadonlyArray<number> | number): Tensor => {
  if (typeof indices === 'number') return asTensor(op, indices, 'int32')
  if (Array.isArray(indices)) return asTensorArray(indices as number[])
  const t = indices as Tensor
  if (t.dtype !== 'int32') throw new DTypeError(`${op}: indices must be int32, got ${t.dtype}; cast(indices, 'int32')`)
  return t
}
const asTensorArray = (xs: ReadonlyArray<number>): Tensor => fromBuffer(Int32Array.from(xs), [xs.length], 'int32')

/** Reverse the order of elements along `axis` (all axes when omitted). @category ops */
export const flip = (x: TensorLike, axis?: number | ReadonlyArray<number>): Tensor => {
  const t = asTensor('flip', x)
  const axes = normalizeAxes('flip', axis, t.ndim)
  return axes.length === 0 ? t : bind(flipP, [t], { axes })
}

/** One-hot vectors of length `depth` along a new last axis (float32 unless told). @category ops */
export const oneHot = (indices: Tensor | ReadonlyArray<number>, depth: number, dtype: 'float32' | 'float64' | 'int32' | 'bool' = 'float32'): Tensor => {
  const idx = toIndices('oneHot', indices)
  const classes = arange(0, depth, 1, 'int32')
  return cast(equal(expandDims(idx, -1), classes), dtype)
}

const sumAll = (x: Tensor): Tensor => sumTo(x, [])

const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i)

/** x with batch axis `d` and per-example axis `axis` merged into one leading axis of size B·n (batch-major). */
const flattenBatchAxis = (x: Tensor, d: number, axis: number): { flat: Tensor; n: number; rest: number } => {
  const y = moveAxis(moveAxis(x, d, 0), axis + 1, 1) // [B, n, ...pre, ...post]
  const n = y.shape[1]!
  return { flat: reshape(y, [y.shape[0]! * n, ...y.shape.slice(2)]), n, rest: y.ndim - 2 }
}

/** Indices [B, ...] into a batch-major [B·n] axis: negative ones wrapped per example, then offset by b·n. */
const offsetIndices = (idx: Tensor, n: number, size: number): Tensor => {
  const wrapped = where(less(idx, 0), add(idx, n), idx)
  const base = reshape(mul(arange(0, size, 1, 'int32'), n), [size, ...new Array<number>(idx.ndim - 1).fill(1)])
  return add(wrapped, base)
}
