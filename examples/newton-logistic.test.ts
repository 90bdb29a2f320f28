import { describe, expect, it } from 'vitest'
import { main } from './newton-logistic.js'

describe('examples/newton-logistic', () => {
  const lines: string[] = []
  const r = main({ n: 200, dim: 3, iters: 8, log: (l) => lines.push(l) })

  it('prints the iteration table', () => {
    expect(lines[0]).toMatch(/Newton's method on logistic regression/)
    expect(lines.filter((l) => /^\s+\d\s/.test(l))).toHaveLength(9)
  })

  it('drives the gradient to round-off in a handful of steps', () => {
    expect(r.gradNorms[0]).toBeGreaterThan(0.05)
    const k = r.gradNorms.findIndex((g) => g < 1e-12)
    expect(k).toBeGreaterThan(0)
    expect(k).toBeLessThanOrEqual(7)
    // the loss never goes up (logistic loss is convex and the steps stay in its well-behaved region here)
    r.losses.slice(1).forEach((l, i) => expect(l).toBeLessThanOrEqual(r.losses[i]! + 1e-15))
  })

  it('converges quadratically: g_{k+1} ≤ C·g_k² with a bounded C once close', () => {
    const pairs = r.gradNorms.slice(1).map((g, i) => [r.gradNorms[i]!, g] as const).filter(([prev, g]) => prev < 1e-2 && g > 1e-14)
    expect(pairs.length).toBeGreaterThanOrEqual(2)
    for (const [prev, g] of pairs) {
      expect(g / (prev * prev)).toBeLessThan(50)
      // superlinear: far more than a constant factor per step
      expect(g / prev).toBeLessThan(0.05)
    }
    // the distance to the optimum is squared too
    const close = r.errors.slice(1).map((e, i) => [r.errors[i]!, e] as const).filter(([prev, e]) => prev < 0.1 && e > 1e-13)
    expect(close.length).toBeGreaterThanOrEqual(2)
    for (const [prev, e] of close) expect(e / (prev * prev)).toBeLessThan(10)
  })

  it('recovers the generating weights up to sampling noise', () => {
    r.theta.forEach((t, i) => expect(Math.abs(t - r.trueTheta[i]!)).toBeLessThan(0.6))
  })
})
