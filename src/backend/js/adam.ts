/**
 * Adam's moment update as one pass over the parameters (the fused kernel behind
 * `optim.scaleByAdam`).
 *
 * It computes exactly what the composed ops of `scaleByAdam` compute, op for op
 * and rounding for rounding: each intermediate is rounded to the element type
 * (`Math.fround` for float32; float64 needs nothing), and every scalar is
 * rounded to the element type first, as a weakly typed number is when it meets
 * a float32 tensor. Add, subtract, multiply, divide and square root are
 * correctly rounded, so evaluating them in double and rounding once gives the
 * float32 result. The outputs are therefore bit-identical to the unfused update
 * on either backend; only the 12 allocations and passes over memory go away.
 *
 *     μ' = (1-β₁)·g + β₁·μ            ν' = (1-β₂)·g² + β₂·ν
 *     μ̂  = μ'/(1-β₁ᵗ)                 (Nadam: β₁·μ'/(1-β₁ᵗ⁺¹) + (1-β₁)·g/(1-β₁ᵗ))
 *     u  = μ̂ / (√(ν'/(1-β₂ᵗ) [+ ε_root]) + ε)
 *
 * @since 0.2.0
 */
import type { AdamStep, FloatArray } from '../backend.js'
import { powi } from './powi.js'

/** The scalars of a step, in double; a float32 kernel rounds each to float32 first. */
export const adamCoefficients = ({ b1, b2, eps, epsRoot, t }: AdamStep) => ({
  c1: 1 - b1, d1: b1, c2: 1 - b2, d2: b2, bc1: 1 - powi(b1, t), bc2: 1 - powi(b2, t), bcNext: 1 - powi(b1, t + 1), eps, epsRoot,
})

/**
 * Write μ', ν' and the update u for every element. All six arrays have the same
 * length and type; the outputs are fresh arrays (never an input).
 *
 * The float32 and float64 loops are written out twice on purpose: the same loop
 * calling a rounding function held in a variable (`Math.fround` or the identity)
 * is not inlined by V8 and measured ten times slower.
 */
export const adamKernel = (
  g: FloatArray, mu: FloatArray, nu: FloatArray, muOut: FloatArray, nuOut: FloatArray, uOut: FloatArray, step: AdamStep,
): void => {
  const n = g.length
  const { nesterov } = step
  const root = step.epsRoot !== 0
  if (g instanceof Float32Array) {
    const r = Math.fround
    const { c1, d1, c2, d2, bc1, bc2, bcNext, eps, epsRoot } = mapValues(adamCoefficients(step), r)
    for (let i = 0; i < n; i++) {
      const gi = g[i]!
      const m = r(r(gi * c1) + r(mu[i]! * d1))
      const v = r(r(r(gi * gi) * c2) + r(nu[i]! * d2))
      const mHat = nesterov ? r(r(r(m / bcNext) * d1) + r(r(gi / bc1) * c1)) : r(m / bc1)
      const vHat = root ? r(r(v / bc2) + epsRoot) : r(v / bc2)
      muOut[i] = m
      nuOut[i] = v
      uOut[i] = r(mHat / r(r(Math.sqrt(vHat)) + eps))
    }
  } else {
    const { c1, d1, c2, d2, bc1, bc2, bcNext, eps, epsRoot } = adamCoefficients(step)
    for (let i = 0; i < n; i++) {
      const gi = g[i]!
      const m = gi * c1 + mu[i]! * d1
      const v = gi * gi * c2 + nu[i]! * d2
      const mHat = nesterov ? (m / bcNext) * d1 + (gi / bc1) * c1 : m / bc1
      const vHat = root ? v / bc2 + epsRoot : v / bc2
      muOut[i] = m
      nuOut[i] = v
      uOut[i] = mHat / (Math.sqrt(vHat) + eps)
    }
  }
}

const mapValues = <T extends Record<string, number>>(o: T, f: (x: number) => number): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)])) as T
