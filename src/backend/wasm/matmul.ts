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
 *   tolerance. Products too small for the SIMD path to pay (below ~32³
 *   multiply-adds, or thinner than a register block, like matrix-vector) run the
 *   JS kernel and so keep its double accumulation: which of the two a float32
 *   product gets depends on its shape only.
 * - Nothing depends on blocking sizes or timing: the k-blocks continue each
 *   element's running sum in order, never re-associating it.
 */
import type { TypedArray } from '../../tensor/dtype.js'
import { jsBackend } from '../js/index.js'
import { F32, F64, GEMM_BLOCK, type Float } from './kernels.js'
import { MAX_BYTES, type Runtime } from './runtime.js'
import { matmulThreaded } from './threads.js'

type FloatArray = Float32Array | Float64Array

/** Cache blocks in elements: KC along k, MC along m (a multiple of MR), NC along n (a multiple of NR). */
export const BLOCKS: Record<Float['name'], { readonly kc: number; readonly mc: number; readonly nc: number }> = {
  f32: { kc: 256, mc: 128, nc: 1024 },
  f64: { kc: 256, mc: 64, nc: 1024 },
}

/** Below this many multiply-adds copying and packing cost more than they save (about 32³). */
export const MATMUL_MIN = 32 * 32 * 32

const roundUp = (x: number, r: number): number => Math.ceil(x / r) * r

export const matmul = (rt: Runtime) => (
  a: TypedArray, b: TypedArray, out: TypedArray, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, aStride: number, bStride: number,
): void => {
  const F = out instanceof Float32Array ? F32 : out instanceof Float64Array ? F64 : null
  const sameType = F !== null && a.constructor === out.constructor && b.constructor === out.constructor
  const js = (): void => jsBackend.matmul(a, b, out, batch, m, k, n, transA, transB, aStride, bStride)
  if (!sameType || m * n === 0 || batch === 0 || k === 0) return js()
  const { mr, nr } = GEMM_BLOCK[F.name]
  const bytes = scratchBytes(F, m, k, n)
  if (m * n * k < MATMUL_MIN || m < mr || n < nr || bytes > MAX_BYTES) return js()
  // large products: split the output rows at a fixed point across two threads (same bits)
  if (matmulThreaded(a, b, out, batch, m, k, n, transA, transB, aStride, bStride)) return
  gemm(rt, F, a as FloatArray, b as FloatArray, out as FloatArray, batch, m, k, n, transA, transB, aStride, bStride)
}

/** Bytes of linear memory one product needs: both operands, the padded output, and the two pack buffers. */
const scratchBytes = (F: Float, m: number, k: number, n: number): number => {
  const { mr, nr } = GEMM_BLOCK[F.name]
  const { kc, mc, nc } = BLOCKS[F.name]
  const kb = Math.min(k, kc)
  return F.size * (m * k + k * n + roundUp(m, mr) * roundUp(n, nr) + roundUp(Math.min(m, mc), mr) * kb + kb * roundUp(Math.min(n, nc), nr)) + 5 * 64
}

function gemm(
  rt: Runtime, F: Float, a: FloatArray, b: FloatArray, out: FloatArray, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, aStride: number, bStride: number,
): void {
  const { mr, nr } = GEMM_BLOCK[F.name]
  const { kc, mc, nc } = BLOCKS[F.name]
  const es = F.size
  // Element (i, p) of opA is at A + (i*ars + p*acs), element (p, j) of opB at B + (p*brs + j*bcs).
  const ars = transA ? 1 : k
  const acs = transA ? m : 1
  const brs = transB ? 1 : n
  const bcs = transB ? k : 1
  const ldc = roundUp(n, nr)
  const mPad = roundUp(m, mr)
  const kb0 = Math.min(k, kc)
  const [A, B, C, PA, PB] = rt.reserve([
    m * k * es, k * n * es, mPad * ldc * es, roundUp(Math.min(m, mc), mr) * kb0 * es, kb0 * roundUp(Math.min(n, nc), nr) * es,
  ]) as [number, number, number, number, number]
  const pack = rt.kernels[`pack_${F.name}`]!
  const macro = rt.kernels[`gemm_${F.name}`]!
  const mn = m * n
  for (let q = 0; q < batch; q++) {
    // reserve() never runs inside this loop, so the view stays valid
    const heap = rt.view(F)
    if (q === 0 || aStride !== 0) heap.set(a.subarray(q * aStride, q * aStride + m * k), A / es)
    if (q === 0 || bStride !== 0) heap.set(b.subarray(q * bStride, q * bStride + k * n), B / es)
    for (let jc = 0; jc < n; jc += nc) {
      const nb = Math.min(nc, n - jc)
      for (let pc = 0; pc < k; pc += kc) {
        const kb = Math.min(kc, k - pc)
        pack(B + (pc * brs + jc * bcs) * es, bcs * es, brs * es, nb, kb, nr, PB)
        for (let ic = 0; ic < m; ic += mc) {
          const mb = Math.min(mc, m - ic)
          pack(A + (ic * ars + pc * acs) * es, ars * es, acs * es, mb, kb, mr, PA)
          macro(PA, PB, C + (ic * ldc + jc) * es, ldc * es, roundUp(mb, mr), roundUp(nb, nr), kb, pc === 0 ? 1 : 0)
        }
      }
    }
    const c0 = C / es
    if (ldc === n) out.set(heap.subarray(c0, c0 + mn), q * mn)
    else for (let i = 0; i < m; i++) out.set(heap.subarray(c0 + i * ldc, c0 + i * ldc + n), q * mn + i * n)
  }
}
