import { describe, expect, it } from 'vitest'
import { hexBits, repoModule, runChild } from '../test/support/child.js'
import { main } from './mlp-iris.js'

describe('examples/mlp-iris', () => {
  const lines: string[] = []
  const r = main({ epochs: 30, log: (l) => lines.push(l) })

  it('trains to a high held-out accuracy', () => {
    expect(r.testSize).toBeGreaterThan(30)
    expect(r.testAccuracy[r.testAccuracy.length - 1]!).toBeGreaterThan(0.9)
    expect(r.trainAccuracy).toBeGreaterThan(0.95)
    expect(lines[lines.length - 1]).toMatch(/test accuracy \d+\.\d% on \d+ held-out flowers/)
  })

  it('the loss falls from chance level', () => {
    expect(r.losses[0]!).toBeGreaterThan(0.5)
    const tail = r.losses.slice(-20)
    expect(tail.reduce((a, b) => a + b, 0) / tail.length).toBeLessThan(0.2)
  })

  it('replays bit for bit from the seed', () => {
    const again = main({ epochs: 2, log: () => {} })
    const first = main({ epochs: 2, log: () => {} })
    expect(again.losses).toEqual(first.losses)
  })

  it('replays bit for bit from the seed in a fresh process', () => {
    const child = runChild(`
      import { main } from ${repoModule('examples/mlp-iris.ts')}
      import { hexBits } from ${repoModule('test/support/child.ts')}
      console.log(hexBits(main({ epochs: 2, log: () => {} }).losses))
    `)
    expect(child.trim()).toBe(hexBits(main({ epochs: 2, log: () => {} }).losses))
  })
})
