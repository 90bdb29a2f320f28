/**
 * `powi`, the integer power made of multiplications only, which Adam's and
 * RMSprop's bias corrections use so that Node and browsers agree bit for bit
 * (the playground's browser test checks the agreement itself).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED } from '../laws/approx.js'
import { powi } from '../src/backend/js/powi.js'

describe('powi', () => {
  it('is exact where the power is representable: x⁰ = 1, powers of two, small integers', () => {
    expect(powi(0.9, 0)).toBe(1)
    expect(powi(0.5, 10)).toBe(2 ** -10)
    expect(powi(2, 400)).toBe(2 ** 400)
    expect(powi(3, 20)).toBe(3486784401)
    expect(powi(-1.5, 3)).toBe(-3.375)
  })

  it('is within an ulp or two of Math.pow (itself within an ulp) for Adam-like bases and counts', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 0.9999, noNaN: true }), fc.integer({ min: 1, max: 100_000 }), (b, t) => {
        const got = powi(b, t)
        const want = b ** t
        // double-double keeps the error of the squarings near ε²·t; one rounding at the end
        return want < 1e-290 ? Math.abs(got - want) < 1e-300 : Math.abs(got / want - 1) <= 2 * Number.EPSILON
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })
})
