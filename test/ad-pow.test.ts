/**
 * pow's derivatives at the points where its rule switches branch: an exponent of
 * 0, 1 or 2 and a base of 0. The values are checked against the closed form and
 * against finite differences (float64, first and second order, both modes), and
 * the mixed second derivative ∂²(aᵇ)/∂a∂b = a^(b−1)·(1 + b·log a) must be the same
 * whichever argument is differentiated first.
 */
import { describe, expect, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import { checkGrads, hessian, jacfwd, jacrev, pow, sum, take } from '../src/ad/index.js'
import { tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

const f64 = (v: number | number[] | number[][]) => tensor(v, { dtype: 'float64' })
const close = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape)
  expect(approxEq({ rtol: tol, atol: tol })(a, b), `${a.toString()} vs ${b.toString()}`).toBe(true)
}
/** aᵇ of a vector v = [a, b]. */
const powOfPair = (v: Tensor) => sum(pow(take(v, [0]), take(v, [1])))
/** The closed-form Hessian of aᵇ in (a, b), for a > 0. */
const closedHessian = (a: number, b: number): number[][] => {
  const l = Math.log(a)
  const ab = a ** b
  return [
    [b * (b - 1) * a ** (b - 2), a ** (b - 1) * (1 + b * l)],
    [a ** (b - 1) * (1 + b * l), ab * l * l],
  ]
}

describe('pow: mixed second derivative', () => {
  it('at exponent 0 the Hessian of aᵇ is [[0, 1/a], [1/a, log(a)²]], as in JAX', () => {
    const h = hessian(powOfPair)(f64([4, 0]))
    close(h, f64([[0, 0.25], [0.25, Math.log(4) ** 2]]))
  })

  const points: Array<[number, number]> = [[4, 0], [0.5, 0], [2, 1], [3, 2], [1.5, -1], [0.7, 0.5], [1, 0]]
  it.each(points)('at a = %d, b = %d: every nesting gives the closed form, and it is symmetric', (a, b) => {
    const want = f64(closedHessian(a, b))
    const x = f64([a, b])
    close(jacrev(jacrev(powOfPair))(x), want, 1e-11)
    close(jacfwd(jacrev(powOfPair))(x), want, 1e-11)
    close(jacrev(jacfwd(powOfPair))(x), want, 1e-11)
    close(jacfwd(jacfwd(powOfPair))(x), want, 1e-11)
  })
})

describe('pow: derivatives against finite differences (float64, orders 1 and 2, both modes)', () => {
  // a positive base with exponents at and around the branch points, both arguments differentiated
  it.each([0, 1, 2, -1, 0.5, 3.5])('base in (0, 3], exponent %d', (b) => {
    checkGrads((a: Tensor, e: Tensor) => sum(pow(a, e)), [f64([0.4, 1, 2.5]), f64([b, b, b])], { order: 2 })
  })

  // a base of either sign, or 0, under a constant integer exponent: defined everywhere
  it.each([0, 1, 2, 3])('constant exponent %d at bases −1.5, 0, 0.7', (b) => {
    checkGrads((a: Tensor) => sum(pow(a, b)), [f64([-1.5, 0, 0.7])], { order: 2 })
  })

  it('the first derivatives at base 0 are the closed form: d/da aᵇ = b·a^(b−1), with 0⁰ taken as 1', () => {
    const at0 = (b: number) => jacrev((a: Tensor) => sum(pow(a, b)))(f64([0])).item()
    expect(at0(0)).toBe(0)
    expect(at0(1)).toBe(1)
    expect(at0(2)).toBe(0)
    expect(at0(3)).toBe(0)
  })
})
