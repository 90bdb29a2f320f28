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
import type { TypedArray } from '../../tensor/dtype.js'
import { jsBackend } from '../js/index.js'
import { F32, F64, GEMM_BLOCK, type Float } from './kernels.js'
import { MAX_BYTES, type Runtime } from './runtime.js'
import { matmulThreaded, matmulThreadedAt } from './threads.js'

type FloatArray = Float32Array | Float64Array

/** Cache blocks in elements: KC along k, MC along m (a multiple of MR), NC along n (a multiple of NR). */
export const BLOCKS: Record<Float['name'], { readonly kc: number; readonly mc: number; readonly nc: number }> = {
  f32: { kc: 256, mc: 128, nc: 1024 },
  f64: { kc: 256, mc: 64, nc: 1024 },
}

/** Below this many multiply-adds copying and packing cost more than they save (about 32³). */
export const MATMUL_MIN = 32 * 32 * 32
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

/** Where one product sits in linear memory (byte offsets) and how its operands are strided (in elements). */
export interface Placement {
  readonly F: Float
  readonly m: number
  readonly k: number
  readonly n: number
  readonly A: number
  readonly B: number
  /** The output, padded to whole register tiles: row stride `ldc` elements. */
  readonly C: number
  readonly ldc: number
  readonly transA: boolean
  readonly transB: boolean
}

/** The output's padded row stride, in elements. */
export const paddedCols = (F: Float, n: number): number => roundUp(n, GEMM_BLOCK[F.name].nr)

/** Bytes of the two pack buffers (A block, B block) a thread needs for one product. */
export const packBytes = (F: Float, m: number, k: number, n: number): [number, number] => {
  const { mr, nr } = GEMM_BLOCK[F.name]
  const { kc, mc, nc } = BLOCKS[F.name]
  const kb = Math.min(k, kc)
  return [roundUp(Math.min(m, mc), mr) * kb * F.size, kb * roundUp(Math.min(n, nc), nr) * F.size]
}

/**
 * The GotoBLAS loop over the output rows [i0, i1) of a placed product (i0 a
 * multiple of MR): for each NC-wide column block and KC-deep k-block, pack the B
 * block into PB, then for each MC-tall row block pack A into PA and run the
 * macro-kernel. The kernel calls go to `call` in order, so one thread can run
 * them and another can replay them (`threads.ts`). Every output element is
 * summed over k in order whatever the rows, so splitting rows keeps the bits.
 */
export const blockedCalls = (
  p: Placement, i0: number, i1: number, PA: number, PB: number, call: (kernel: string, args: number[]) => void,
): void => {
  const { F, k, n, A, B, C, ldc } = p
  const { mr, nr } = GEMM_BLOCK[F.name]
  const { kc, mc, nc } = BLOCKS[F.name]
  const es = F.size
  // Element (i, q) of opA is at A + (i*ars + q*acs), element (q, j) of opB at B + (q*brs + j*bcs).
  const [ars, acs] = p.transA ? [1, p.m] : [k, 1]
  const [brs, bcs] = p.transB ? [1, k] : [n, 1]
  for (let jc = 0; jc < n; jc += nc) {
    const nb = Math.min(nc, n - jc)
    for (let pc = 0; pc < k; pc += kc) {
      const kb = Math.min(kc, k - pc)
      call(`pack_${F.name}`, [B + (pc * brs + jc * bcs) * es, bcs * es, brs * es, nb, kb, nr, PB])
      for (let ic = i0; ic < i1; ic += mc) {
        const mb = Math.min(mc, i1 - ic)
        call(`pack_${F.name}`, [A + (ic * ars + pc * acs) * es, ars * es, acs * es, mb, kb, mr, PA])
        call(`gemm_${F.name}`, [PA, PB, C + (ic * ldc + jc) * es, ldc * es, roundUp(mb, mr), roundUp(nb, nr), kb, pc === 0 ? 1 : 0])
      }
    }
  }
}

/** Copy the m×n result out of its padded place into `out` at element `at`. */
export const copyOut = (heap: Float32Array | Float64Array, p: Placement, out: FloatArray, at: number): void => {
  const c0 = p.C / p.F.size
  const { m, n, ldc } = p
  if (ldc === n) out.set(heap.subarray(c0, c0 + m * n), at)
  else for (let i = 0; i < m; i++) out.set(heap.subarray(c0 + i * ldc, c0 + i * ldc + n), at + i * n)
}

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
