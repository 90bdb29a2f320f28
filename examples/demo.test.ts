import { describe, expect, it } from 'vitest'
import { demo } from './demo.js'

describe('examples/demo', () => {
  it('runs, and Newton solves the least-squares quadratic in one step', () => {
    const lines: string[] = []
    const { newtonLosses } = demo((l) => lines.push(l))
    expect(lines.length).toBeGreaterThan(5)
    expect(newtonLosses[0]).toBeCloseTo(7.5, 10)
    // after one step the loss is at its minimum and stays there
    expect(Math.abs(newtonLosses[1]! - newtonLosses[2]!)).toBeLessThan(1e-12)
  })
})
