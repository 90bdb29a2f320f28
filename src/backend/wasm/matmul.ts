/**
 * Batched matmul on the wasm backend: the same contract as `js/matmul.ts`
 * (`matmulKernel`: four layouts, float32 / float64, batch strides of 0 broadcast),
 * driving the SIMD macro-kernel of `kernels.ts`.
 *
 * Per batch entry the operands are copied into linear memory once; then, as in
 * GotoBLAS, for each NC-wide column block and KC-deep k-block a B block is packed
 * into NR-wide panels, and for each MC-tall row block an A block into MR-tall
 * panels; the macro-kernel runs MR×NR register tiles over them. A transposed
 * operand is only another packing order, so all four layouts run at one speed.
 * The output lives in memory padded to whole tiles and is copied out row by row.
 *
 * Numerics, fixed by design:
 * - float64: every output element is summed sequentially over k from +0, one
 *   rounded multiply and one rounded add per step, exactly as the JS kernel
 *   does, so results are bit-identical to the JS backend.
 * - float32: the same order, but the running sum is a float32 lane (f32x4), not
 *   a double as in the JS kernel. The error bound grows from about k·2⁻⁵³ to
 *   about k·2⁻²⁴ relative to Σ|a·b| (in practice √k·2⁻²⁴), which is float32
 *   tolerance. Products too small for the packed SIMD path to pay (below ~32³
 *   multiply-adds, or thinner than a register block, like matrix-vector) run
 *   the unpacked `smallGemm` kernel, which sums in doubles exactly like the JS
 *   kernel (the tiniest, below SMALL_MIN, run the JS kernel itself): which of
 *   the two a float32 product gets depends on its shape only.
 * - Nothing depends on blocking sizes or timing: the k-blocks continue each
 *   element's running sum in order, never re-associating it.
 */
import type { FloatArray, TypedArray } from '../backend.js'
import { jsBackend } from '../js/index.js'
import { F32, F64, type Float } from './emit/float.js'
import { GEMM_BLOCK } from './emit/kernels.js'
import { blockedCalls, copyOut, MATMUL_MIN, packBytes, paddedCols, type Placement } from './gemm-plan.js'
import { MAX_BYTES, type Runtime } from './runtime.js'
import { matmulThreaded, matmulThreadedAt } from './threads.js'

/** Below this many multiply-adds even the unpacked wasm kernel (`smallGemm`) does not pay for its copies. */
export const SMALL_MIN = 2048

const roundUp = (x: number, r: number): number => Math.ceil(x / r) * r

/** The wasm matmul; `threaded: false` keeps it on the calling thread (benchmarks compare the two). */
export const matmul = (rt: Runtime, threaded = true) => (
  a: TypedArray, b: TypedArray, out: TypedArray, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, aStride: number, bStride: number,
): void => {
  const F = out instanceof Float32Array ? F32 : out instanceof Float64Array ? F64 : null
  const sameType = F !== null && a.constructor === out.constructor && b.constructor === out.constructor
  const js = (): void => jsBackend.matmul(a, b, out, batch, m, k, n, transA, transB, aStride, bStride)
  if (!sameType || m * n === 0 || batch === 0 || k === 0) return js()
  const { mr, nr } = GEMM_BLOCK[F.name]
  const bytes = scratchBytes(F, m, k, n)
  if (m * n * k < MATMUL_MIN || m < mr || n < nr || bytes > MAX_BYTES) {
    const smallBytes = F.size * (m * k + k * n + m * n) + 3 * 64
    if (m * n * k < SMALL_MIN || smallBytes > MAX_BYTES) return js()
    return small(rt, F, a as FloatArray, b as FloatArray, out as FloatArray, batch, m, k, n, transA, transB, aStride, bStride)
  }
  // large products: split the output rows at a fixed point across two threads (same bits)
  if (threaded && matmulThreaded(a, b, out, batch, m, k, n, transA, transB, aStride, bStride)) return
  gemm(rt, F, a as FloatArray, b as FloatArray, out as FloatArray, batch, m, k, n, transA, transB, aStride, bStride)
}

/** Bytes of linear memory one product needs: both operands, the padded output, and the two pack buffers. */
const scratchBytes = (F: Float, m: number, k: number, n: number): number =>
  F.size * (m * k + k * n + roundUp(m, GEMM_BLOCK[F.name].mr) * paddedCols(F, n)) + packBytes(F, m, k, n).reduce((x, y) => x + y) + 5 * 64

/** Products too small or thin to pack: `smallGemm_<f>` per batch entry, the JS kernel's double sums bit for bit. */
function small(
  rt: Runtime, F: Float, a: FloatArray, b: FloatArray, out: FloatArray, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, aStride: number, bStride: number,
): void {
  const es = F.size
  const [A, B, C] = rt.reserve([m * k * es, k * n * es, m * n * es]) as [number, number, number]
  const [ars, acs] = transA ? [1, m] : [k, 1]
  const [brs, bcs] = transB ? [1, k] : [n, 1]
  const kernel = rt.kernels[`smallGemm_${F.name}`]!
  const heap = rt.view(F)
  for (let q = 0; q < batch; q++) {
    if (q === 0 || aStride !== 0) heap.set(a.subarray(q * aStride, q * aStride + m * k), A / es)
    if (q === 0 || bStride !== 0) heap.set(b.subarray(q * bStride, q * bStride + k * n), B / es)
    kernel(A, ars * es, acs * es, B, brs * es, bcs * es, C, m, k, n)
    out.set(heap.subarray(C / es, C / es + m * n), q * m * n)
  }
}

function gemm(
  rt: Runtime, F: Float, a: FloatArray, b: FloatArray, out: FloatArray, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, aStride: number, bStride: number,
): void {
  const es = F.size
  const ldc = paddedCols(F, n)
  const [A, B, C, PA, PB] = rt.reserve([
    m * k * es, k * n * es, roundUp(m, GEMM_BLOCK[F.name].mr) * ldc * es, ...packBytes(F, m, k, n),
  ]) as [number, number, number, number, number]
  const place: Placement = { F, m, k, n, A, B, C, ldc, transA, transB }
  const run = (kernel: string, args: number[]): void => rt.kernels[kernel]!(...args)
  for (let q = 0; q < batch; q++) {
    // reserve() never runs inside this loop, so the view stays valid
    const heap = rt.view(F)
    if (q === 0 || aStride !== 0) heap.set(a.subarray(q * aStride, q * aStride + m * k), A / es)
    if (q === 0 || bStride !== 0) heap.set(b.subarray(q * bStride, q * bStride + k * n), B / es)
    blockedCalls(place, 0, m, PA, PB, run)
    copyOut(heap, place, out, q * m * n)
  }
}

/**
 * One 2-D product whose operands already sit in linear memory (a jitted
 * program's memory plan): A (m×k, or k×m with transA) at byte offset `A`, B at
 * `B`, and the m×n row-major result written at `C`. It takes the path the
 * eager `matmul` takes for these shapes (the JS kernel on views of the memory,
 * `smallGemm`, or the blocked kernels on one or two threads), so the bits are
 * the eager bits; it copies no operand. Scratch (pack buffers, a padded
 * output) is reserved above the caller's pinned plan.
 */
export const matmulAt = (
  rt: Runtime, F: Float, m: number, k: number, n: number, transA: boolean, transB: boolean, A: number, B: number, C: number,
  threaded = true,
): void => {
  const es = F.size
  const view = (): FloatArray => rt.view(F)
  if (m * n === 0) return
  if (k === 0) return void view().fill(0, C / es, C / es + m * n)
  const { mr, nr } = GEMM_BLOCK[F.name]
  const bytes = scratchBytes(F, m, k, n)
  const [ars, acs] = transA ? [1, m] : [k, 1]
  const [brs, bcs] = transB ? [1, k] : [n, 1]
  if (m * n * k < MATMUL_MIN || m < mr || n < nr || bytes > MAX_BYTES) {
    const smallBytes = F.size * (m * k + k * n + m * n) + 3 * 64
    if (m * n * k < SMALL_MIN || smallBytes > MAX_BYTES) {
      const h = view()
      return jsBackend.matmul(h.subarray(A / es, A / es + m * k), h.subarray(B / es, B / es + k * n), h.subarray(C / es, C / es + m * n),
        1, m, k, n, transA, transB, 0, 0)
    }
    return rt.kernels[`smallGemm_${F.name}`]!(A, ars * es, acs * es, B, brs * es, bcs * es, C, m, k, n)
  }
  const ldc = paddedCols(F, n)
  const direct = ldc === n && m % mr === 0
  const packs = packBytes(F, m, k, n)
  const [P, PA, PB, PA2, PB2] = rt.reserve([direct ? 0 : roundUp(m, mr) * ldc * es, ...packs, ...packs]) as
    [number, number, number, number, number]
  const place: Placement = { F, m, k, n, A, B, C: direct ? C : P, ldc, transA, transB }
  if (!(threaded && matmulThreadedAt(place, PA, PB, PA2, PB2))) blockedCalls(place, 0, m, PA, PB, (kernel, args) => rt.kernels[kernel]!(...args))
  if (!direct) {
    const h = view()
    for (let i = 0; i < m; i++) h.copyWithin(C / es + i * n, P / es + i * ldc, P / es + i * ldc + n)
  }
}
