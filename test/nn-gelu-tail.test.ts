/**
 * The exact gelu, ½x(1 + erf(x/√2)), in its negative tail. Written that way the sum
 * cancels: in float32 it is off by x = −4 and exactly 0 below −5.6, in float64 exactly
 * 0 below −8.4, and the gradient there is 0 too. fluxion computes ½x·erfc(−x/√2); these
 * tests hold it to JAX's bar (relative error ≤ 2e-5 on linspace(−12, 5) in float32)
 * against a float64 reference that shares no code with the library.
 */
import { describe, expect, it } from 'vitest'
import { erfc, grad, sum } from '../src/ad/index.js'
import * as nn from '../src/nn/index.js'
import { linspace, tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

// ---- an independent float64 reference ----

/**
 * erfc(z) = 2/√π·e^{−z²}·∫₀^∞ e^{−2zs − s²} ds for z ≥ 0 (substitute t = z + s), the
 * integral by composite Simpson on [0, 10]; erfc(−z) = 2 − erfc(z).
 */
const refErfc = (z: number): number => {
  if (z < 0) return 2 - refErfc(-z)
  const n = 40000
  const h = 10 / n
  let acc = 0
  for (let i = 0; i <= n; i++) {
    const s = i * h
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2
    acc += w * Math.exp(-2 * z * s - s * s)
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z) * ((acc * h) / 3)
}
const refGelu = (x: number): number => 0.5 * x * refErfc(-x / Math.SQRT2)
/** d/dx x·Φ(x) = Φ(x) + x·φ(x). */
const refGeluGrad = (x: number): number => 0.5 * refErfc(-x / Math.SQRT2) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI)

/** The largest relative error of `got` against `want(x)` over the entries of x. */
const maxRelErr = (x: Tensor, got: Tensor, want: (x: number) => number): number => {
  const xs = x.data()
  const gs = got.data()
  let worst = 0
  xs.forEach((xi, i) => {
    const w = want(xi)
    const err = w === 0 ? Math.abs(gs[i]!) : Math.abs(gs[i]! - w) / Math.abs(w)
    worst = Math.max(worst, err)
  })
  return worst
}

const exact = (x: Tensor) => nn.gelu(x, { approximate: false })

describe('exact gelu in the negative tail', () => {
  it('the reference itself agrees with known values of erfc', () => {
    // erfc(1) and erfc(5), to their printed digits
    expect(Math.abs(refErfc(1) - 0.15729920705028513) / 0.15729920705028513).toBeLessThan(1e-12)
    expect(Math.abs(refErfc(5) - 1.5374597944280349e-12) / 1.5374597944280349e-12).toBeLessThan(1e-11)
  })

  it('float32: relative error ≤ 2e-5 on linspace(−12, 5)', () => {
    const x = linspace(-12, 5, 341, 'float32')
    expect(maxRelErr(x, exact(x), refGelu)).toBeLessThanOrEqual(2e-5)
  })

  it('float64: relative error ≤ 1e-11 on linspace(−12, 5)', () => {
    const x = linspace(-12, 5, 341, 'float64')
    expect(maxRelErr(x, exact(x), refGelu)).toBeLessThanOrEqual(1e-11)
  })

  it.each(['float32', 'float64'] as const)('%s: the gradient is non-zero down to −12 and matches Φ(x) + xφ(x)', (dtype) => {
    const x = linspace(-12, 5, 69, dtype)
    const g = grad((t: Tensor) => sum(exact(t)))(x)
    expect(g.data().every((v) => v !== 0)).toBe(true)
    expect(maxRelErr(x, g, refGeluGrad)).toBeLessThanOrEqual(dtype === 'float32' ? 1e-4 : 1e-10)
  })

  it('float64: the gradient matches a central finite difference, relatively, in the tail', () => {
    const xs = [-12, -10, -8.5, -7, -5.6, -4, -2, -0.5]
    const eps = 1e-5
    const x = tensor(xs, { dtype: 'float64' })
    const g = grad((t: Tensor) => sum(exact(t)))(x).data()
    xs.forEach((xi, i) => {
      const plus = exact(tensor([xi + eps], { dtype: 'float64' })).item()
      const minus = exact(tensor([xi - eps], { dtype: 'float64' })).item()
      const fd = (plus - minus) / (2 * eps)
      expect(Math.abs(g[i]! - fd) / Math.abs(fd), `at x = ${xi}`).toBeLessThan(1e-5)
    })
  })

  it('erfc keeps its digits where 1 − erf(x) would be 0', () => {
    // golden values: Python's math.erfc (the C library's), printed to 17 digits
    const golden: Array<[number, number]> = [
      [3, 2.2090496998585438e-5], [6, 2.1519736712498916e-17], [10, 2.088487583762545e-45],
      [20, 5.3958656116079005e-176], [26, 5.663192408856143e-296],
    ]
    const got = erfc(tensor(golden.map(([x]) => x), { dtype: 'float64' })).data()
    golden.forEach(([x, want], i) => expect(Math.abs(got[i]! - want) / want, `erfc(${x})`).toBeLessThan(1e-14))
    const neg = tensor([-1, -3, -30], { dtype: 'float64' })
    expect(maxRelErr(neg, erfc(neg), refErfc)).toBeLessThan(1e-14)
  })
})
