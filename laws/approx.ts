/**
 * Float comparison for laws and tests: |a - b| <= atol + rtol·|b|, elementwise,
 * with NaN equal to NaN and infinities equal only to themselves.
 *
 * @since 0.1.0
 */
import type { Tensor } from '../src/tensor/tensor.js'

export interface Tolerance {
  readonly rtol?: number
  readonly atol?: number
}

/** The seed every fast-check runner uses, so a failure replays. */
export const SEED = 20261130

const closeNum = (a: number, b: number, rtol: number, atol: number): boolean =>
  (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= atol + rtol * Math.abs(b)

/** Do two numbers agree within tolerance? */
export const approxEqNum = ({ rtol = 1e-6, atol = 1e-6 }: Tolerance = {}) => (a: number, b: number): boolean =>
  closeNum(a, b, rtol, atol)

/** Do two tensors have the same shape and agree elementwise within tolerance? */
export const approxEq = ({ rtol = 1e-6, atol = 1e-6 }: Tolerance = {}) => (a: Tensor, b: Tensor): boolean => {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return false
  const x = a.data()
  const y = b.data()
  for (let i = 0; i < x.length; i++) if (!closeNum(x[i]!, y[i]!, rtol, atol)) return false
  return true
}

/** The largest elementwise |a - b| (for messages). */
export const maxAbsDiff = (a: Tensor, b: Tensor): number => {
  const x = a.data()
  const y = b.data()
  let m = 0
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!))
  return m
}
