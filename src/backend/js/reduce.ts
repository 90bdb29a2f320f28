/**
 * Reduction kernels: x is viewed as [outer, n, inner] and the middle axis is
 * reduced. Sums run in index order, accumulating in doubles, so results are
 * the same on every run. NaN wins in max/min (numpy); argmax/argmin return the
 * first index of the extreme value (a NaN counts as the extreme).
 */
import type { TypedArray } from '../../tensor/dtype.js'
import type { ReduceOp } from '../backend.js'

export const reduce = (op: ReduceOp, x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void => {
  if (op === 'sum' && inner > 1) return sumRows(x, outer, n, inner, out)
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner
    for (let j = 0; j < inner; j++) {
      const start = base + j
      let acc: number
      switch (op) {
        case 'sum':
          acc = 0
          for (let i = 0, p = start; i < n; i++, p += inner) acc += x[p]!
          break
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
 * order. Each output still adds its n inputs in index order, so the result is
 * the same as the strided loop, bit for bit.
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
