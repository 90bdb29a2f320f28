/**
 * The plain-TypeScript matrix-multiply kernel behind `matmul` on the JS backend.
 *
 * Why it is shaped like this:
 * - A JS engine cannot vectorise, so speed comes from keeping the hot loop to
 *   loads and multiply-adds on a few local doubles. A 4×4 register block does
 *   16 multiply-adds per 8 loads, where a dot-product loop does 1 per 2.
 * - The operands are first copied ("packed") into Float64Array panels laid out
 *   in exactly the order the micro-kernel reads them. That makes the four
 *   layouts (plain, Aᵀ·B, A·Bᵀ, Aᵀ·Bᵀ) cost the same — a transpose is only a
 *   different packing order, paid O(n²) times instead of O(n³) — and keeps the
 *   micro-kernel monomorphic (always Float64Array, whatever the input dtype).
 * - Blocking k by KC and m by MC keeps a packed A block (MC×KC doubles) in L2
 *   and one packed B micro-panel (KC×NR) in L1 while it is reused across the
 *   whole A block; without it large matrices run at memory speed.
 * - Every output element is summed in a double, sequentially over k in index
 *   order: the micro-kernel loads its running sums from the output buffer and
 *   continues them, so the k-blocks never re-associate the sum. The result is
 *   therefore fixed for a given input and, for float64, bit-identical to a
 *   naive ordered dot product; float32 outputs are rounded once at the end.
 * - Tiny products, and thin ones (fewer rows or columns than a register block,
 *   e.g. matrix-vector), skip packing: copying a whole operand would cost as
 *   much as the arithmetic. They keep the same summation order.
 * - int32 uses its own simple loop: wrapping 32-bit arithmetic (Math.imul) is
 *   exact, whereas a double accumulator would lose low bits past 2^53.
 */

import type { FloatArray } from '../backend.js'

/** Register block: MR rows of A × NR columns of B per micro-kernel call. */
const MR = 4
const NR = 4
/** Cache blocks (in elements): KC along k, MC along m (multiples of MR), NC along n (multiple of NR). */
const KC = 256
const MC = 64
const NC = 1024
/** Below this many multiply-adds (or below one register block in m or n) packing is not worth its setup. */
const SMALL = 4096

/**
 * out[p] = opA(A[p]) · opB(B[p]) for p in 0..batch-1, all row-major.
 * A[p] starts at a[p * aStride] and is (m×k) if !transA, else stored (k×m) and used transposed.
 * B[p] starts at b[p * bStride] and is (k×n) if !transB, else stored (n×k) and used transposed.
 * aStride / bStride may be 0 (one matrix broadcast over the batch).
 * out has batch*m*n elements, overwritten (not accumulated). k may be 0 (out = 0).
 */
export function matmulKernel(
  a: Int32Array | FloatArray,
  b: Int32Array | FloatArray,
  out: Int32Array | FloatArray,
  batch: number,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  aStride: number,
  bStride: number,
): void {
  // Element (i, p) of opA is a[aOff + i*ars + p*acs]; element (p, j) of opB is b[bOff + p*brs + j*bcs].
  const ars = transA ? 1 : k
  const acs = transA ? m : 1
  const brs = transB ? 1 : n
  const bcs = transB ? k : 1
  const mn = m * n
  if (out instanceof Int32Array) {
    for (let q = 0; q < batch; q++) {
      intGemm(a as Int32Array, q * aStride, ars, acs, b as Int32Array, q * bStride, brs, bcs, out, q * mn, m, k, n)
    }
    return
  }
  if (mn === 0) return
  if (k === 0) {
    out.fill(0, 0, batch * mn)
    return
  }
  const fa = a as FloatArray
  const fb = b as FloatArray
  if (k === 1) {
    outerProducts(fa, aStride, fb, bStride, out, batch, m, n)
    return
  }
  if (m * n * k < SMALL || m < MR || n < NR) {
    const row = new Float64Array(n)
    for (let q = 0; q < batch; q++) {
      smallGemm(fa, q * aStride, ars, acs, fb, q * bStride, brs, bcs, out, q * mn, row, m, k, n)
    }
    return
  }
  const kc = Math.min(k, KC)
  const mc = Math.min(roundUp(m, MR), MC)
  const nc = Math.min(roundUp(n, NR), NC)
  const packA = new Float64Array(mc * kc)
  const packB = new Float64Array(kc * nc)
  const acc = out instanceof Float64Array ? null : new Float64Array(mn)
  for (let q = 0; q < batch; q++) {
    // Running sums live in a Float64Array: the output itself when it is float64, else a scratch copy.
    const c = acc ?? (out as Float64Array).subarray(q * mn, (q + 1) * mn)
    c.fill(0)
    const aOff = q * aStride
    const bOff = q * bStride
    for (let jc = 0; jc < n; jc += NC) {
      const nb = Math.min(NC, n - jc)
      for (let pc = 0; pc < k; pc += KC) {
        const kb = Math.min(KC, k - pc)
        packPanels(fb, bOff + pc * brs + jc * bcs, bcs, brs, nb, kb, NR, packB)
        for (let ic = 0; ic < m; ic += MC) {
          const mb = Math.min(MC, m - ic)
          packPanels(fa, aOff + ic * ars + pc * acs, ars, acs, mb, kb, MR, packA)
          macroKernel(packA, packB, c, ic * n + jc, n, mb, nb, kb)
        }
      }
    }
    if (acc !== null) out.set(acc, q * mn)
  }
}

/**
 * k = 1: each product is the outer product of a column of m and a row of n
 * (per-example weight gradients under `vmap` are a batch of these). With one
 * k-step every layout reads both operands contiguously, so it is one multiply
 * per output element written straight to the output, no packing, no scratch.
 * Same bits as the general path: the running sum starts at +0 and takes one
 * product (`+ 0` turns a -0 product into +0 as that sum does), and a float32
 * output rounds the exact double product once.
 */
function outerProducts(a: FloatArray, aStride: number, b: FloatArray, bStride: number, out: FloatArray, batch: number, m: number, n: number): void {
  const row = new Float64Array(n)
  for (let q = 0; q < batch; q++) {
    const aOff = q * aStride
    const bOff = q * bStride
    for (let j = 0; j < n; j++) row[j] = b[bOff + j]!
    const oOff = q * m * n
    if (out instanceof Float32Array) outerRows32(a, aOff, row, out, oOff, m, n)
    else outerRows64(a, aOff, row, out, oOff, m, n)
  }
}

function outerRows32(a: FloatArray, aOff: number, row: Float64Array, out: Float32Array, oOff: number, m: number, n: number): void {
  for (let i = 0, o = oOff; i < m; i++, o += n) {
    const x = a[aOff + i]!
    for (let j = 0; j < n; j++) out[o + j] = x * row[j]! + 0
  }
}

function outerRows64(a: FloatArray, aOff: number, row: Float64Array, out: Float64Array, oOff: number, m: number, n: number): void {
  for (let i = 0, o = oOff; i < m; i++, o += n) {
    const x = a[aOff + i]!
    for (let j = 0; j < n; j++) out[o + j] = x * row[j]! + 0
  }
}

const roundUp = (x: number, r: number): number => Math.ceil(x / r) * r

/**
 * Copy `len` lines (rows of A / columns of B) of `kb` elements each into `dst`
 * as panels of `w` lines interleaved along k: panel t, step p, line l lands at
 * dst[t*w*kb + p*w + l]. `ls` is the source stride between lines, `ps` between
 * k-steps. A ragged last panel is zero-padded so the micro-kernel never branches.
 */
function packPanels(src: FloatArray, off: number, ls: number, ps: number, len: number, kb: number, w: number, dst: Float64Array): void {
  let d = 0
  for (let l0 = 0; l0 < len; l0 += w) {
    const lw = Math.min(w, len - l0)
    for (let p = 0; p < kb; p++) {
      let s = off + l0 * ls + p * ps
      for (let l = 0; l < lw; l++, s += ls) dst[d + l] = src[s]!
      for (let l = lw; l < w; l++) dst[d + l] = 0
      d += w
    }
  }
}

/** All MR×NR tiles of one (mb×kb)·(kb×nb) block, added into c (row stride ldc) from cOff. */
function macroKernel(pa: Float64Array, pb: Float64Array, c: Float64Array, cOff: number, ldc: number, mb: number, nb: number, kb: number): void {
  const edge = new Float64Array(MR * NR)
  for (let j = 0; j < nb; j += NR) {
    const bPanel = j * kb
    const nr = Math.min(NR, nb - j)
    for (let i = 0; i < mb; i += MR) {
      const aPanel = i * kb
      const mr = Math.min(MR, mb - i)
      const o = cOff + i * ldc + j
      if (mr === MR && nr === NR) {
        micro(kb, pa, aPanel, pb, bPanel, c, o, ldc)
      } else {
        // Ragged tile: run the full kernel on a padded copy, write back the valid part.
        edge.fill(0)
        for (let r = 0; r < mr; r++) for (let s = 0; s < nr; s++) edge[r * NR + s] = c[o + r * ldc + s]!
        micro(kb, pa, aPanel, pb, bPanel, edge, 0, NR)
        for (let r = 0; r < mr; r++) for (let s = 0; s < nr; s++) c[o + r * ldc + s] = edge[r * NR + s]!
      }
    }
  }
}

/** c[o.., 4×4 tile, row stride ldc] += (4×kb panel at pa[ai]) · (kb×4 panel at pb[bi]). */
function micro(kb: number, pa: Float64Array, ai: number, pb: Float64Array, bi: number, c: Float64Array, o: number, ldc: number): void {
  const o1 = o + ldc
  const o2 = o1 + ldc
  const o3 = o2 + ldc
  let c00 = c[o]!, c01 = c[o + 1]!, c02 = c[o + 2]!, c03 = c[o + 3]!
  let c10 = c[o1]!, c11 = c[o1 + 1]!, c12 = c[o1 + 2]!, c13 = c[o1 + 3]!
  let c20 = c[o2]!, c21 = c[o2 + 1]!, c22 = c[o2 + 2]!, c23 = c[o2 + 3]!
  let c30 = c[o3]!, c31 = c[o3 + 1]!, c32 = c[o3 + 2]!, c33 = c[o3 + 3]!
  const end = ai + kb * MR
  for (; ai < end; ai += MR, bi += NR) {
    const a0 = pa[ai]!, a1 = pa[ai + 1]!, a2 = pa[ai + 2]!, a3 = pa[ai + 3]!
    const b0 = pb[bi]!, b1 = pb[bi + 1]!, b2 = pb[bi + 2]!, b3 = pb[bi + 3]!
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3
  }
  c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03
  c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13
  c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23
  c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33
}

/**
 * Unpacked path for tiny or thin products, where packing would cost as much as the
 * arithmetic. Same summation order as the packed path; the loop order only picks
 * whichever walks B contiguously (i-p-j for plain B, dot products for Bᵀ or thin n).
 */
function smallGemm(
  a: FloatArray, aOff: number, ars: number, acs: number,
  b: FloatArray, bOff: number, brs: number, bcs: number,
  out: FloatArray, oOff: number, row: Float64Array, m: number, k: number, n: number,
): void {
  if (bcs !== 1 || n < 8) {
    for (let i = 0; i < m; i++) {
      const aRow = aOff + i * ars
      for (let j = 0; j < n; j++) {
        const bCol = bOff + j * bcs
        let s = 0
        for (let p = 0; p < k; p++) s += a[aRow + p * acs]! * b[bCol + p * brs]!
        out[oOff + i * n + j] = s
      }
    }
    return
  }
  for (let i = 0; i < m; i++) {
    row.fill(0)
    for (let p = 0; p < k; p++) {
      const x = a[aOff + i * ars + p * acs]!
      const bRow = bOff + p * brs
      for (let j = 0; j < n; j++) row[j] = row[j]! + x * b[bRow + j]!
    }
    out.set(row, oOff + i * n)
  }
}

/** int32 product with two's-complement wraparound, like a C int32 loop. */
function intGemm(
  a: Int32Array, aOff: number, ars: number, acs: number,
  b: Int32Array, bOff: number, brs: number, bcs: number,
  out: Int32Array, oOff: number, m: number, k: number, n: number,
): void {
  out.fill(0, oOff, oOff + m * n)
  for (let i = 0; i < m; i++) {
    const o = oOff + i * n
    for (let p = 0; p < k; p++) {
      const x = a[aOff + i * ars + p * acs]!
      if (x === 0) continue
      const bRow = bOff + p * brs
      for (let j = 0; j < n; j++) out[o + j] = (out[o + j]! + Math.imul(x, b[bRow + j * bcs]!)) | 0
    }
  }
}
