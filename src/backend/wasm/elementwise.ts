/**
 * Elementwise ops and the sum, max and min reductions on the wasm backend.
 *
 * Only the cases where SIMD pays for the copies go to WebAssembly: float32 /
 * float64 operands of at least `ELEMENTWISE_MIN` elements, with the output of the
 * same dtype, and for binary ops equal shapes, one scalar operand, or one operand
 * a block repeated along the leading axes (a bias row, `rowBroadcast`). Everything
 * else (ints, bools, general broadcasting, casts on store, transcendental
 * functions other than float32 exp, tanh and sigmoid) calls the JS kernel.
 *
 * The elementwise kernels give the same bits as the JS ones: IEEE add, sub,
 * mul, div and sqrt are correctly rounded in both (for float32 the JS kernel
 * rounds a double result once more, which is harmless for these operations),
 * and maximum, minimum and relu are written with compares and bit-selects to
 * reproduce the JS ternaries, NaN and signed-zero cases included.
 *
 * `sum` accumulates in float64 lanes for both dtypes. Over an inner axis
 * (`inner > 1`) it adds rows in index order, which is exactly the JS kernel's
 * order. Over the last axis (`inner = 1`) it keeps 8 interleaved partial sums
 * (see `sumRows` in kernels.ts), and the JS kernel adds in that same order
 * (`sumLast` in js/reduce.ts), so sums are the same bits on both backends.
 *
 * `max` and `min` give the JS kernel's bits for every input: the first NaN of a
 * row or column if it has one, else the extreme value, and for a ±0 extreme the
 * first zero, so even the sign of zero matches (see `extremeRows` and
 * `extremeCols` in kernels.ts). argmax, argmin and prod run in JS.
 */
import type { BinaryOp, ReduceOp, TypedArray, UnaryOp } from '../backend.js'
import { jsBackend } from '../js/index.js'
import { isCompareKernel, type CompareKernel } from './emit/compare.js'
import { F32, F64, type Float } from './emit/float.js'
import {
  BINARY_KERNELS, REDUCE_KERNELS, UNARY_KERNELS, type BinaryKernel, type ReduceKernel, type UnaryKernel,
} from './emit/kernels.js'
import { TRANSCENDENTAL_KERNELS } from './emit/transcendental.js'
import { MAX_BYTES, type Runtime } from './runtime.js'

/** Below this many elements the copies in and out cost more than SIMD saves. */
export const ELEMENTWISE_MIN = 4096

/**
 * Elementwise ops stream through linear memory in chunks of this many bytes per
 * operand, so the copies in, the kernel and the copy out all hit cache.
 */
export const CHUNK = 65536

const roundUp16 = (bytes: number): number => Math.ceil(bytes / 16) * 16

/** The float width shared by every array, or null (ints, bools, or a cast on store). */
const floatOf = (...xs: TypedArray[]): Float | null => {
  const F = xs[0] instanceof Float32Array ? F32 : xs[0] instanceof Float64Array ? F64 : null
  return F !== null && xs.every((x) => x.constructor === xs[0]!.constructor) ? F : null
}

const isBinaryKernel = (op: BinaryOp): op is BinaryKernel => (BINARY_KERNELS as ReadonlyArray<string>).includes(op)
const isUnaryKernel = (op: UnaryOp): op is UnaryKernel => (UNARY_KERNELS as ReadonlyArray<string>).includes(op)
const isReduceKernel = (op: ReduceOp): op is ReduceKernel => (REDUCE_KERNELS as ReadonlyArray<string>).includes(op)
const isTranscendental = (op: UnaryOp): boolean => (TRANSCENDENTAL_KERNELS as ReadonlyArray<string>).includes(op)

/** Strides that read an array laid out exactly like the output (size-1 axes may have any stride). */
const contiguous = (strides: ReadonlyArray<number>, shape: ReadonlyArray<number>): boolean => {
  let acc = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== acc) return false
    acc *= shape[i]!
  }
  return true
}
const scalar = (strides: ReadonlyArray<number>): boolean => strides.every((s) => s === 0)

export const unary = (rt: Runtime) => (op: UnaryOp, x: TypedArray, out: TypedArray): void => {
  const n = x.length
  if (n < ELEMENTWISE_MIN) return jsBackend.unary(op, x, out) // small: straight to JS, nothing else to check
  const F = floatOf(x, out)
  // the SIMD ops for both widths; exp, tanh, sigmoid for float32 (transcendental.ts)
  const name = F === null ? null : isUnaryKernel(op) || (F === F32 && isTranscendental(op)) ? `${op}_${F.name}` : null
  if (F === null || name === null) return jsBackend.unary(op, x, out)
  const kernel = rt.kernels[name]!
  const [X, O] = rt.reserve([CHUNK, CHUNK]) as [number, number]
  const heap = rt.view(F)
  const per = CHUNK / F.size
  for (let s = 0; s < n; s += per) {
    const len = Math.min(per, n - s)
    heap.set(x.subarray(s, s + len), X / F.size)
    kernel(X, O, roundUp16(len * F.size))
    out.set(heap.subarray(O / F.size, O / F.size + len), s)
  }
}

export const binary = (rt: Runtime) => (
  op: BinaryOp, a: TypedArray, aStrides: ReadonlyArray<number>, b: TypedArray, bStrides: ReadonlyArray<number>,
  outShape: ReadonlyArray<number>, out: TypedArray,
): void => {
  const n = out.length
  if (n < ELEMENTWISE_MIN) return jsBackend.binary(op, a, aStrides, b, bStrides, outShape, out)
  const js = (): void => jsBackend.binary(op, a, aStrides, b, bStrides, outShape, out)
  if (isCompareKernel(op)) return void (compareToBool(rt, op, a, aStrides, b, bStrides, outShape, out) || js())
  const F = floatOf(a, b, out)
  if (F === null || !isBinaryKernel(op) || n < ELEMENTWISE_MIN) return js()
  const aScalar = scalar(aStrides)
  const bScalar = scalar(bStrides)
  const aFull = contiguous(aStrides, outShape)
  const bFull = contiguous(bStrides, outShape)
  // one operand full, the other a block repeated along the leading axes (a bias row): row by row
  const block = aFull && !bFull ? repeatedBlock(bStrides, outShape) : bFull && !aFull ? repeatedBlock(aStrides, outShape) : 0
  if (block > 0) return rowBroadcast(rt, F, op, a, b, out, block, aFull)
  if (aScalar === bScalar ? aScalar || !aFull || !bFull : !(aScalar ? bFull : aFull)) return js()
  const kernel = rt.kernels[`${op}_${F.name}_${aScalar ? 'sv' : bScalar ? 'vs' : 'vv'}`]!
  const [A, B, O] = rt.reserve([CHUNK, CHUNK, CHUNK]) as [number, number, number]
  const heap = rt.view(F)
  const per = CHUNK / F.size
  if (aScalar) heap[A / F.size] = a[0]!
  if (bScalar) heap[B / F.size] = b[0]!
  for (let s = 0; s < n; s += per) {
    const len = Math.min(per, n - s)
    if (!aScalar) heap.set(a.subarray(s, s + len), A / F.size)
    if (!bScalar) heap.set(b.subarray(s, s + len), B / F.size)
    kernel(A, B, O, roundUp16(len * F.size))
    out.set(heap.subarray(O / F.size, O / F.size + len), s)
  }
}

/**
 * A comparison of floats into bools (`compare.ts`), for equal shapes or a scalar
 * operand; false (nothing written) for anything else.
 */
const compareToBool = (
  rt: Runtime, op: CompareKernel, a: TypedArray, aStrides: ReadonlyArray<number>, b: TypedArray, bStrides: ReadonlyArray<number>,
  outShape: ReadonlyArray<number>, out: TypedArray,
): boolean => {
  const F = floatOf(a, b)
  const aScalar = scalar(aStrides)
  const bScalar = scalar(bStrides)
  if (F === null || !(out instanceof Uint8Array) || (aScalar && bScalar)) return false
  if (!(aScalar || contiguous(aStrides, outShape)) || !(bScalar || contiguous(bStrides, outShape))) return false
  const kernel = rt.kernels[`${op}_${F.name}_${aScalar ? 'sv' : bScalar ? 'vs' : 'vv'}_bool`]!
  const [A, B, O] = rt.reserve([CHUNK + 128, CHUNK + 128, CHUNK / F.size + 16]) as [number, number, number]
  const heap = rt.view(F)
  const bytes = new Uint8Array(heap.buffer)
  const per = CHUNK / F.size
  if (aScalar) heap[A / F.size] = a[0]!
  if (bScalar) heap[B / F.size] = b[0]!
  const n = out.length
  for (let s = 0; s < n; s += per) {
    const len = Math.min(per, n - s)
    if (!aScalar) heap.set(a.subarray(s, s + len), A / F.size)
    if (!bScalar) heap.set(b.subarray(s, s + len), B / F.size)
    kernel(A, B, O, Math.ceil(len / 16) * 16)
    out.set(bytes.subarray(O, O + len), s)
  }
  return true
}

/** Rows shorter than this go to JS: a kernel call per row would cost more than it saves. */
const ROW_MIN = 16

/**
 * The length of the block `strides` read if they repeat one contiguous block
 * along the leading axes (strides 0 there, row-major after: a bias row or
 * matrix broadcast over a batch), else 0.
 */
const repeatedBlock = (strides: ReadonlyArray<number>, shape: ReadonlyArray<number>): number => {
  let k = 0
  while (k < shape.length && (strides[k] === 0 || shape[k] === 1)) k++
  if (k === 0 || k === shape.length || !contiguous(strides.slice(k), shape.slice(k))) return 0
  const len = shape.slice(k).reduce((x, y) => x * y, 1)
  return len >= ROW_MIN && len * 8 <= CHUNK ? len : 0
}

/**
 * op(full, block) or op(block, full) with the block repeated over the rows of the
 * full operand: the block is copied in once, the full operand streams through in
 * chunks of whole rows, and the `vv` kernel runs once per row. A row's lanes past
 * its end compute into the next row's place, which the next call overwrites (or
 * into padding after the last row), so rows need not be multiples of a v128.
 */
const rowBroadcast = (
  rt: Runtime, F: Float, op: BinaryKernel, a: TypedArray, b: TypedArray, out: TypedArray, block: number, aFull: boolean,
): void => {
  const kernel = rt.kernels[`${op}_${F.name}_vv`]!
  const [X, R, O] = rt.reserve([CHUNK + 64, block * F.size + 64, CHUNK + 64]) as [number, number, number]
  const heap = rt.view(F)
  const [full, row] = aFull ? [a, b] : [b, a]
  heap.set(row.subarray(0, block), R / F.size)
  const rowBytes = block * F.size
  const rowsPer = Math.floor(CHUNK / rowBytes)
  const n = out.length
  for (let s = 0; s < n; s += rowsPer * block) {
    const len = Math.min(rowsPer * block, n - s)
    heap.set(full.subarray(s, s + len), X / F.size)
    for (let r = 0; r < len; r += block) {
      const x = X + r * F.size
      kernel(aFull ? x : R, aFull ? R : x, O + r * F.size, roundUp16(rowBytes))
    }
    out.set(heap.subarray(O / F.size, O / F.size + len), s)
  }
}

export const reduce = (rt: Runtime) => (op: ReduceOp, x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void => {
  const len = outer * n * inner
  if (len < ELEMENTWISE_MIN || !isReduceKernel(op)) return jsBackend.reduce(op, x, outer, n, inner, out)
  const F = floatOf(x, out)
  const outs = outer * inner
  const outSize = op === 'sum' ? 8 : F?.size ?? 0 // sums come out in float64, max / min in the element type
  const bytes = len * (F?.size ?? 0) + outs * outSize
  if (F === null || bytes > MAX_BYTES) return jsBackend.reduce(op, x, outer, n, inner, out)
  const [X, O] = rt.reserve([len * F.size, outs * outSize]) as [number, number]
  rt.view(F).set(x.subarray(0, len), X / F.size)
  if (inner === 1) rt.kernels[`${op}Rows_${F.name}`]!(X, outer, n, O)
  else rt.kernels[`${op}Cols_${F.name}`]!(X, outer, n, inner, O)
  const res = op === 'sum' ? rt.f64 : rt.view(F)
  out.set(res.subarray(O / outSize, O / outSize + outs)) // float32 sums round once here, as in the JS kernel
}
