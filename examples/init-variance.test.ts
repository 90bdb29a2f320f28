import { describe, expect, it } from 'vitest'
import { main } from './init-variance.js'

describe('examples/init-variance', () => {
  const lines: string[] = []
  const r = main({ width: 100, depth: 50, batch: 32, log: (l) => lines.push(l) })
  const ratio = (name: string) => r[name]!.measured[50]! / r[name]!.measured[1]!

  it('prints a row per initialization', () => {
    expect(lines.filter((l) => /^\s+(N\(0|Xavier|Kaiming)/.test(l))).toHaveLength(5)
  })

  it('σ² = 2/n (and Kaiming) hold the scale through 50 ReLU layers', () => {
    for (const name of ['N(0, 2/n)', 'Kaiming normal']) {
      expect(ratio(name)).toBeGreaterThan(1 / 3)
      expect(ratio(name)).toBeLessThan(3)
    }
  })

  it('σ² = 1/n (and Xavier) vanish by orders of magnitude; 3/n explodes', () => {
    expect(ratio('N(0, 1/n)')).toBeLessThan(1e-5)
    expect(ratio('Xavier normal')).toBeLessThan(1e-5)
    expect(ratio('N(0, 3/n)')).toBeGreaterThan(1e3)
  })

  it('every layer follows the σ²·n/2 theory within a small factor', () => {
    for (const { measured, theory } of Object.values(r))
      measured.forEach((m, l) => expect(Math.abs(Math.log(m / theory[l]!))).toBeLessThan(Math.log(5)))
  })
})
