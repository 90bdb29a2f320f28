/**
 * Newton's method (`scaleByNewton`, `newton`): one undamped step solves a
 * positive definite quadratic; on logistic regression the error converges
 * quadratically; the matrix-free `cg` mode agrees with the dense one.
 * Parameters are pytrees with leaves of different shapes (a scalar bias too),
 * so the flatten/unflatten path is exercised throughout.
 */
import { describe, expect, it } from 'vitest'
import { add, concat, exp, grad, log1p, matmul, mean, mul, optim, sub, sum, square, tensor, type Tensor } from '../src/index.js'

const f64 = (x: number | number[] | number[][]) => tensor(x, { dtype: 'float64' })
const vec = (t: Tensor): number[] => Array.from(t.data())

// ---- a positive definite quadratic f(x) = ½xᵀAx - bᵀx over x = [w₀, w₁, b] ----

const A = f64([[4, 1, 0], [1, 3, 0.5], [0, 0.5, 2]])
const bq = f64([1, 2, 3])
type Q = { w: Tensor; b: Tensor }
const flat = (p: Q) => concat([p.w, p.b.reshape([1])])
const quadratic = (p: Q) => {
  const x = flat(p)
  return sub(mul(sum(mul(x, matmul(A, x))), 0.5), sum(mul(bq, x)))
}
/** ‖A·x - rhs‖∞ */
const residual = (m: Tensor, x: Tensor, rhs: Tensor) => Math.max(...vec(sub(matmul(m, x), rhs)).map(Math.abs))

describe('newton on a positive definite quadratic', () => {
  const start: Q = { w: f64([5, -3]), b: f64(7) }

  for (const mode of ['dense', 'cg'] as const) {
    it(`one undamped step lands on the minimum exactly (${mode})`, () => {
      const opt = optim.optimizer(optim.newton(1, { mode }))
      const s1 = opt.step(opt.init(start), grad(quadratic)(start), { loss: quadratic })
      expect(residual(A, flat(s1.params), bq)).toBeLessThan(1e-12)
      expect(s1.params.b.shape).toEqual([])
      expect(s1.params.b.dtype).toBe('float64')
    })
  }

  it('damping solves (H + λI)·d = g', () => {
    const zero: Q = { w: f64([0, 0]), b: f64(0) }
    const t = optim.scaleByNewton({ damping: 0.5 })
    const [d] = t.update(grad(quadratic)(zero), t.init(zero), zero, { loss: quadratic }) as unknown as [Q]
    const damped = add(A, mul(tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]], { dtype: 'float64' }), 0.5))
    expect(residual(damped, flat(d), mul(bq, -1))).toBeLessThan(1e-12)
  })

  it('float32 parameters are solved in float32 by default, or in float64 on request; updates keep the leaf dtype', () => {
    const p32 = { w: tensor([5, -3]), b: tensor(7) }
    const q32 = (p: { w: Tensor; b: Tensor }) => quadratic({ w: p.w.cast('float64'), b: p.b.cast('float64') })
    for (const dtype of [undefined, 'float64'] as const) {
      const opt = optim.optimizer(optim.newton(1, { dtype }))
      const s1 = opt.step(opt.init(p32), grad(q32)(p32), { loss: q32 })
      expect(s1.params.w.dtype).toBe('float32')
      expect(residual(A, flat({ w: s1.params.w.cast('float64'), b: s1.params.b.cast('float64') }), bq)).toBeLessThan(1e-4)
    }
  })
})

// ---- logistic regression on a fixed, non-separable data set ----

/** A fixed LCG: the data set is the same on every run. */
const lcg = (seed: number) => () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32)
const rand = lcg(12345)
const wTrue = [1.5, -2, 0.5]
const xs: number[][] = []
const ys: number[] = []
for (let i = 0; i < 200; i++) {
  const x = wTrue.map(() => rand() * 4 - 2)
  const z = x.reduce((a, v, j) => a + v * wTrue[j]!, 0.3)
  ys.push(rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0)
  xs.push(x)
}
const X = f64(xs)
const Y = f64(ys)
type L = { w: Tensor; b: Tensor }
/** Mean cross-entropy of a logistic model, plus a small ridge term so the minimizer is unique. */
const logistic = (p: L) => {
  const z = add(matmul(X, p.w), p.b)
  return add(mean(sub(log1p(exp(z)), mul(Y, z))), mul(sum(square(p.w)), 1e-3))
}
const origin: L = { w: f64([0, 0, 0]), b: f64(0) }

const newtonPath = (mode: 'dense' | 'cg', steps: number): L[] => {
  const opt = optim.optimizer(optim.newton(1, { mode }))
  const path = [origin]
  let s = opt.init(origin)
  for (let k = 0; k < steps; k++) {
    s = opt.step(s, grad(logistic)(s.params), { loss: logistic })
    path.push(s.params)
  }
  return path
}

describe('newton on logistic regression', () => {
  const path = newtonPath('dense', 10)
  const star = path[path.length - 1]!
  const err = (p: L) => Math.hypot(...vec(sub(p.w, star.w)), sub(p.b, star.b).item())

  it('converges to the minimizer (the gradient vanishes there)', () => {
    const g = grad(logistic)(star)
    expect(Math.max(...vec(g.w).map(Math.abs), Math.abs(g.b.item()))).toBeLessThan(1e-13)
  })

  it('converges quadratically: e_{k+1} ≤ C·e_k² for the late steps', () => {
    const e = path.map(err)
    // The error sequence ‖p_k - p*‖ (k = 0, 1, ...), as this test computes it:
    //   2.44e+0  1.23e+0  5.33e-1  1.17e-1  6.03e-3  1.64e-5  1.23e-10  ~1e-16 ...
    // e_{k+1}/e_k² = 0.21, 0.36, 0.41, 0.44, 0.45, 0.46: the ratio settles (to about ½·‖H⁻¹∇³f‖), the mark of
    // quadratic convergence; the number of correct digits doubles each step.
    expect(e[0]).toBeGreaterThan(1)
    const late = e.map((ek, k) => [k, ek] as const).filter(([k, ek]) => k >= 2 && ek > 1e-7)
    expect(late.length).toBeGreaterThanOrEqual(4)
    for (const [k, ek] of late) expect(e[k + 1]!, `step ${k}: e = ${ek}, next ${e[k + 1]}`).toBeLessThanOrEqual(1 * ek * ek)
    expect(e[7]!).toBeLessThan(1e-14)
  })

  it('the cg mode agrees with the dense mode, step by step', () => {
    const cg = newtonPath('cg', 6)
    cg.forEach((p, k) => {
      const d = path[k]!
      expect(Math.max(...vec(sub(p.w, d.w)).map(Math.abs), Math.abs(sub(p.b, d.b).item())), `step ${k}`).toBeLessThan(1e-9)
    })
  })
})
