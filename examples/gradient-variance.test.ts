import { describe, expect, it } from 'vitest'
import { main } from './gradient-variance.js'

describe('examples/gradient-variance', () => {
  const lines: string[] = []
  const r = main({ nPerClass: 40, batchSizes: [1, 4, 16], draws: 300, log: (l) => lines.push(l) })

  it('prints σ² and a row per batch size', () => {
    expect(lines.some((l) => l.startsWith('σ² = '))).toBe(true)
    expect(lines.filter((l) => /^\s+\d+\s+\d/.test(l))).toHaveLength(3)
  })

  it('has a gradient norm per example, and a positive per-example variance', () => {
    expect(r.norms).toHaveLength(120)
    expect(r.norms.every((x) => Number.isFinite(x) && x > 0)).toBe(true)
    expect(r.sigma2).toBeGreaterThan(0)
  })

  it('the minibatch gradient variance follows σ²/b (within sampling error of 300 draws)', () => {
    for (const { measured, theory } of r.rows) {
      expect(measured / theory).toBeGreaterThan(0.75)
      expect(measured / theory).toBeLessThan(1.3)
    }
    // and falls with the batch size: 16 examples are at least 8× less noisy than one
    expect(r.rows[0]!.measured / r.rows[2]!.measured).toBeGreaterThan(8)
  })
})
