/** Float64 test tensors from a seed, and closeness with a relative tolerance. */
import { expect } from 'vitest'
import { random, type Tensor } from '../../src/index.js'

/** A float64 normal draw of `shape` from `seed`. */
export const f64 = (shape: number[], seed: number): Tensor => random.normal(random.key(seed), shape, { dtype: 'float64' })

/** Same shape, and every element within `tol · (1 + |want|)`. */
export const expectClose = (got: Tensor, want: Tensor, tol = 1e-12): void => {
  expect(got.shape).toEqual(want.shape)
  const g = got.data()
  const w = want.data()
  for (let i = 0; i < w.length; i++) expect(Math.abs(g[i]! - w[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i]!)))
}
