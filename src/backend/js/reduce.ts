/**
 * Reduction kernels: x is viewed as [outer, n, inner] and the middle axis is
 * reduced. Sums accumulate in doubles in one fixed order, so results are the
 * same on every run and on every backend: over an inner axis (`inner > 1`) in
 * index order, over the last axis (`inner = 1`) in the interleaved order of
 * `sumLast` below, which is the order of the wasm backend's SIMD kernel.
 * NaN wins in max/min (numpy); argmax/argmin return the first index of the
 * extreme value (a NaN counts as the extreme).
 */
import type { ReduceOp, TypedArray } from '../backend.js'

export const reduce = (op: ReduceOp, x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void => {
  if (op === 'sum') return inner > 1 ? sumRows(x, outer, n, inner, out) : sumLast(x, outer, n, out)
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner
    for (let j = 0; j < inner; j++) {
      const start = base + j
      let acc: number
      switch (op) {
        case 'prod':
          acc = 1
          for (let i = 0, p = start; i < n; i++, p += inner) acc *= x[p]!
          break
        case 'max':
          acc = -Infinity
          for (let i = 0, p = start; i < n; i++, p += inner) {
            const v = x[p]!
            if (v > acc || v !== v) acc = v
            if (acc !== acc) break
          }
          break
        case 'min':
          acc = Infinity
          for (let i = 0, p = start; i < n; i++, p += inner) {
            const v = x[p]!
            if (v < acc || v !== v) acc = v
            if (acc !== acc) break
          }
          break
        case 'argmax':
        case 'argmin': {
          const sgn = op === 'argmax' ? 1 : -1
          let best = -Infinity
          acc = 0
          for (let i = 0, p = start; i < n; i++, p += inner) {
            const v = x[p]!
            if (v !== v) {
              acc = i
              break
            }
            if (i === 0 || sgn * v > best) {
              best = sgn * v
              acc = i
            }
          }
          break
        }
      }
      out[o * inner + j] = acc
    }
  }
}

/**
 * Sum over the middle axis when `inner > 1`, row by row so memory is read in
 * order. Each output adds its n inputs in index order, as the wasm backend's
 * `sumCols` kernel does.
 */
const sumRows = (x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void => {
  const acc = new Float64Array(inner)
  for (let o = 0; o < outer; o++) {
    acc.fill(0)
    const base = o * n * inner
    for (let i = 0; i < n; i++) {
      const row = base + i * inner
      for (let j = 0; j < inner; j++) acc[j]! += x[row + j]!
    }
    const ob = o * inner
    for (let j = 0; j < inner; j++) out[ob + j] = acc[j]!
  }
}

/**
 * Sum each of `rows` rows of n contiguous elements in the order of the wasm
 * backend's `sumRows` kernel, so both backends give the same bits: element
 * 8t + j of a row goes to partial sum s_j (j < 8); the partial sums are combined
 * as ((s0 + s2) + (s4 + s6)) + ((s1 + s3) + (s5 + s7)) (the kernel's four f64x2
 * accumulators added pairwise, then its two lanes), and the n mod 8 trailing
 * elements are added in order. Eight independent sums are also faster in JS
 * than one dependent chain.
 */
export const sumLast = (x: TypedArray, rows: number, n: number, out: TypedArray): void => {
  const vecN = n - (n % 8)
  for (let r = 0, p = 0; r < rows; r++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0
    const vecEnd = p + vecN
    const rowEnd = p + n
    for (; p < vecEnd; p += 8) {
      s0 += x[p]!
      s1 += x[p + 1]!
      s2 += x[p + 2]!
      s3 += x[p + 3]!
      s4 += x[p + 4]!
      s5 += x[p + 5]!
      s6 += x[p + 6]!
      s7 += x[p + 7]!
    }
    let s = ((s0 + s2) + (s4 + s6)) + ((s1 + s3) + (s5 + s7))
    for (; p < rowEnd; p++) s += x[p]!
    out[r] = s
  }
}
