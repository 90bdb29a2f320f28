import { describe, expect, it } from 'vitest'
import { main } from './optimizers-2d.js'

describe('examples/optimizers-2d', () => {
  const lines: string[] = []
  const r = main({ quadraticSteps: 300, rosenbrockSteps: 150, log: (l) => lines.push(l) })
  const final = (xs: number[]) => xs[xs.length - 1]!

  it('prints one row per optimizer and problem', () => {
    expect(lines.filter((l) => /^\s+(GD|momentum|Nesterov|Adam|Newton)\s/.test(l))).toHaveLength(10)
    expect(r.quadratic.GD).toHaveLength(301)
  })

  it('ill-conditioned quadratic: momentum, Nesterov and Adam all beat plain GD within the budget', () => {
    const q = r.quadratic
    expect(final(q.GD!)).toBeGreaterThan(1e-5) // GD at lr 1/κ: error shrinks only by (1 − 1/κ) per step
    expect(final(q.Adam!)).toBeLessThan(final(q.GD!) / 100)
    expect(final(q.momentum!)).toBeLessThan(final(q.GD!) / 1e6)
    expect(final(q.Nesterov!)).toBeLessThan(final(q.momentum!))
  })

  it('Newton solves the quadratic in one step', () => {
    expect(r.quadratic.Newton![0]).toBeCloseTo(24.75, 10)
    expect(r.quadratic.Newton![1]).toBeLessThan(1e-20)
  })

  it('Rosenbrock: undamped Newton first goes uphill, then converges in a few steps; GD crawls', () => {
    const n = r.rosenbrock.Newton!
    expect(Math.max(...n.slice(1, 6))).toBeGreaterThan(n[0]!)
    expect(n.findIndex((l) => l < 1e-10)).toBeLessThanOrEqual(8)
    expect(final(r.rosenbrock.GD!)).toBeGreaterThan(1)
    expect(final(r.rosenbrock.Nesterov!)).toBeLessThan(final(r.rosenbrock.GD!))
  })
})
