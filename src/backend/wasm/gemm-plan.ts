/**
 * The plan of a blocked matrix multiply on the wasm kernels, shared by the
 * single-thread matmul (`matmul.ts`) and the two-thread one (`threads.ts`):
 * cache block sizes, where a product sits in linear memory, and the ordered list
 * of `pack_*` and `gemm_*` calls that compute a range of output rows. It only
 * plans: the callers run the calls (or hand them to the worker).
 */
import type { FloatArray } from '../backend.js'
import type { Float } from './emit/float.js'
import { GEMM_BLOCK } from './emit/kernels.js'

/** Cache blocks in elements: KC along k, MC along m (a multiple of MR), NC along n (a multiple of NR). */
export const BLOCKS: Record<Float['name'], { readonly kc: number; readonly mc: number; readonly nc: number }> = {
  f32: { kc: 256, mc: 128, nc: 1024 },
  f64: { kc: 256, mc: 64, nc: 1024 },
}

/** Below this many multiply-adds copying and packing cost more than they save (about 32³). */
export const MATMUL_MIN = 32 * 32 * 32
const roundUp = (x: number, r: number): number => Math.ceil(x / r) * r

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
