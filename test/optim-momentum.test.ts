/**
 * The momentum forms of `sgd` and `trace` against hand-written recurrences in
 * float64: undamped (optax's trace), damped (PyTorch's dampening), debiased,
 * Nesterov, and the look-ahead Nesterov form against its defining equation;
 * plus their hyperparameter checks.
 */
import { describe, expect, it } from 'vitest'
import { grad, optim, sum, mul, square, sub, tensor, ValueError, type Tensor } from '../src/index.js'

type P = { readonly w: Tensor }
const f64 = (v: ReadonlyArray<number>): Tensor => tensor([...v], { dtype: 'float64' })

/** A fixed, irregular sequence of 3-vectors (no randomness needed: the recurrences are exact). */
const GRADS: ReadonlyArray<ReadonlyArray<number>> = [
  [1, -2, 0.5], [0.3, 4, -1], [-2.5, 0.1, 2], [1.5, 1.5, -0.7], [0, -3, 0.25], [0.9, 0.2, 1.1], [-1, 2, -2],
]

/** The updates `sgd(lr, opts)` gives for GRADS (from parameters that do not matter to it). */
const sgdUpdates = (lr: number, opts: optim.SgdOptions): number[][] => {
  const t = optim.sgd(lr, opts)
  let s = t.init({ w: f64([0, 0, 0]) })
  return GRADS.map((g) => {
    const [u, next] = t.update({ w: f64(g) }, s)
    s = next
    return u.w.toArray() as number[]
  })
}

/** The recurrence written out: u ← β·u + (1 − d)·g; update −η·u, or −η·((1 − d)·g + β·u); debias ÷ (1 − βᵗ) / (1 − βᵗ⁺¹). */
const handWritten = (lr: number, beta: number, d: number, nesterov: boolean, debias: boolean): number[][] => {
  let u = [0, 0, 0]
  return GRADS.map((g, i) => {
    const t = i + 1
    u = u.map((ui, j) => beta * ui + (1 - d) * g[j]!)
    const dir = nesterov ? u.map((ui, j) => (1 - d) * g[j]! + beta * ui) : u
    const c = debias ? 1 - beta ** (nesterov ? t + 1 : t) : 1
    return dir.map((x) => (-lr * x) / c)
  })
}

const expectClose = (got: number[][], want: number[][], rtol = 1e-14) => {
  expect(got.length).toBe(want.length)
  got.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThanOrEqual(rtol * (1 + Math.abs(want[i]![j]!)))))
}

describe('sgd momentum forms: the exact recurrences (float64)', () => {
  const cases: ReadonlyArray<readonly [string, optim.SgdOptions, number, number, boolean, boolean]> = [
    ['undamped (optax trace)', { momentum: 0.9 }, 0.9, 0, false, false],
    ['damped, d = β (an average of past gradients)', { momentum: 0.9, dampening: 0.9 }, 0.9, 0.9, false, false],
    ['damped, d = 0.3', { momentum: 0.7, dampening: 0.3 }, 0.7, 0.3, false, false],
    ['damped and debiased', { momentum: 0.9, dampening: 0.9, debias: true }, 0.9, 0.9, false, true],
    ['undamped and debiased', { momentum: 0.5, debias: true }, 0.5, 0, false, true],
    ['Nesterov undamped', { momentum: 0.9, nesterov: true }, 0.9, 0, true, false],
    ['Nesterov damped and debiased', { momentum: 0.8, dampening: 0.8, nesterov: true, debias: true }, 0.8, 0.8, true, true],
  ]
  for (const [name, opts, beta, d, nesterov, debias] of cases)
    it(name, () => expectClose(sgdUpdates(0.1, opts), handWritten(0.1, beta, d, nesterov, debias)))

  it('with only momentum, the numbers are those of before (undamped: g + β·u, no dampening multiply)', () => {
    // bit for bit: the default path multiplies nothing by (1 − 0)
    const a = sgdUpdates(0.1, { momentum: 0.9 })
    const b = sgdUpdates(0.1, { momentum: 0.9, dampening: 0 })
    expect(a).toEqual(b)
    expect(optim.sgd(0.1, { momentum: 0.9 }).init({ w: f64([1]) })[0]).toEqual({ trace: { w: f64([0]) } })
  })

  it('the damped form takes (1 − β) times the undamped steps; debiased, a constant gradient gives the same step from t = 1', () => {
    const constant = (opts: optim.SgdOptions, steps: number): number[] => {
      const t = optim.sgd(1, opts)
      let s = t.init({ w: f64([0]) })
      return Array.from({ length: steps }, () => {
        const [u, next] = t.update({ w: f64([1]) }, s)
        s = next
        return -(u.w.toArray() as number[])[0]!
      })
    }
    const und = constant({ momentum: 0.9 }, 5)
    const damp = constant({ momentum: 0.9, dampening: 0.9 }, 5)
    und.forEach((v, i) => expect(damp[i]!).toBeCloseTo(0.1 * v, 14))
    damp.forEach((v, i) => expect(v).toBeCloseTo(1 - 0.9 ** (i + 1), 14))
    for (const v of constant({ momentum: 0.9, dampening: 0.9, debias: true }, 5)) expect(v).toBeCloseTo(1, 14)
    for (const v of constant({ momentum: 0.9, debias: true }, 5)) expect(v).toBeCloseTo(10, 12)
    for (const v of constant({ momentum: 0.9, dampening: 0.9, debias: true, nesterov: true }, 5)) expect(v).toBeCloseTo(1, 14)
  })

  it('trace with debias keeps a count; without, its state is { trace } as before', () => {
    const t = optim.trace({ decay: 0.9, debias: true })
    const s0 = t.init({ w: f64([1, 2]) })
    expect(s0.count).toBe(0)
    expect(t.update({ w: f64([1, 1]) }, s0)[1].count).toBe(1)
    expect(Object.keys(optim.trace({ decay: 0.9 }).init({ w: f64([1]) }))).toEqual(['trace'])
  })
})

describe('look-ahead Nesterov: the gradient at θ − η·β·u', () => {
  const loss = (p: P): Tensor => sum(mul(square(square(sub(p.w, 1))), 0.25))   // Σ (w − 1)⁴ / 4, gradient (w − 1)³
  const lr = 0.05
  const beta = 0.8
  const d = 0.2

  it('matches its defining recurrence', () => {
    const opt = optim.optimizer(optim.sgd(lr, { momentum: beta, dampening: d, nesterov: 'lookahead' }))
    let s = opt.init({ w: f64([3, -1, 0.5]) })
    let theta = [3, -1, 0.5]
    let u = [0, 0, 0]
    for (let i = 0; i < 6; i++) {
      s = opt.step(s, grad(loss)(s.params), { loss: loss as (p: never) => Tensor })
      const g = theta.map((x, j) => (x - lr * beta * u[j]! - 1) ** 3)
      u = u.map((uj, j) => beta * uj + (1 - d) * g[j]!)
      theta = theta.map((x, j) => x - lr * u[j]!)
      ;(s.params.w.toArray() as number[]).forEach((v, j) => expect(Math.abs(v - theta[j]!)).toBeLessThan(1e-13))
    }
  })

  it('its look-ahead points are the reparametrized iterates (and its own iterates are not)', () => {
    const ahead = optim.optimizer(optim.sgd(lr, { momentum: beta, dampening: d, nesterov: 'lookahead' }))
    const repar = optim.optimizer(optim.sgd(lr, { momentum: beta, dampening: d, nesterov: true }))
    const extra = { loss: loss as (p: never) => Tensor }
    let a = ahead.init({ w: f64([3, -1, 0.5]) })
    let r = repar.init({ w: f64([3, -1, 0.5]) })
    let maxPoint = 0
    let maxIterate = 0
    for (let i = 0; i < 20; i++) {
      a = ahead.step(a, grad(loss)(a.params), extra)
      r = repar.step(r, grad(loss)(r.params), extra)
      const u = ((a.inner[0] as optim.LookaheadNesterovState).trace as P).w.toArray() as number[]
      const th = a.params.w.toArray() as number[]
      const phi = r.params.w.toArray() as number[]
      th.forEach((x, j) => {
        maxPoint = Math.max(maxPoint, Math.abs(x - lr * beta * u[j]! - phi[j]!))
        maxIterate = Math.max(maxIterate, Math.abs(x - phi[j]!))
      })
    }
    expect(maxPoint).toBeLessThan(1e-12)
    expect(maxIterate).toBeGreaterThan(1e-3)
  })

  it('needs the loss, a constant learning rate, and no debias', () => {
    const t = optim.sgd(0.1, { momentum: 0.9, nesterov: 'lookahead' })
    const p = { w: f64([1]) }
    expect(() => t.update(p, t.init(p), p)).toThrow(/lookaheadNesterov: needs the loss/)
    expect(() => optim.sgd(() => 0.1, { momentum: 0.9, nesterov: 'lookahead' })).toThrow(/constant learning rate/)
    expect(() => optim.sgd(0.1, { momentum: 0.9, nesterov: 'lookahead', debias: true })).toThrow(/no debias form/)
  })
})

describe('momentum hyperparameters are checked', () => {
  it.each([
    [() => optim.sgd(0.1, { momentum: 0.9, dampening: 1.5 }), /trace: dampening must be a number in \[0, 1\], got 1.5/],
    [() => optim.sgd(0.1, { momentum: 0.9, dampening: Number.NaN }), /dampening must be a number in \[0, 1\], got NaN/],
    [() => optim.sgd(0.1, { momentum: 1, debias: true }), /decay \(with debias\) must be a number in \[0, 1\), got 1/],
    [() => optim.sgd(0.1, { momentum: 0.9, debias: 'yes' as never }), /debias must be true or false, got 'yes'/],
    [() => optim.sgd(0.1, { dampening: 0.5 }), /sgd: dampening needs momentum/],
    [() => optim.sgd(0.1, { debias: true }), /sgd: debias needs momentum/],
    [() => optim.sgd(0.1, { momentum: 0.9, nesterov: 'ahead' as never }), /sgd: nesterov must be true or false, got 'ahead'/],
    [() => optim.lookaheadNesterov({ decay: 0.9, learningRate: -1 }), /lookaheadNesterov: learningRate must be a non-negative number/],
  ])('%#: a ValueError naming the argument', (make, msg) => {
    expect(make).toThrow(ValueError)
    expect(make).toThrow(msg)
  })
})
