import { describe, expect, it } from 'vitest'
import { optim, tensor } from '../src/index.js'
import { clippedAdamW, main } from './custom-optimizer.js'

describe('examples/custom-optimizer', () => {
  it('trains spirals with clipped, scheduled AdamW', () => {
    const { losses, testAccuracy } = main({ steps: 120, log: () => {} })
    const head = losses.slice(0, 10).reduce((a, b) => a + b) / 10
    const tail = losses.slice(-10).reduce((a, b) => a + b) / 10
    expect(tail).toBeLessThan(head * 0.7)
    expect(testAccuracy).toBeGreaterThan(0.6)
  })

  it('decays weights but not biases', () => {
    const t = clippedAdamW(10)
    const params = [{ w: tensor([[1, 1]]), b: tensor([1]) }]
    const zero = [{ w: tensor([[0, 0]]), b: tensor([0]) }]
    // with zero gradients only the decay term moves anything, and only at step > 0 (warmup starts at lr 0)
    let s = t.init(params)
    let u: optim.Updates = zero
    for (let i = 0; i < 3; i++) [u, s] = t.update(zero, s, params)
    const { w, b } = (u as Array<{ w: ReturnType<typeof tensor>; b: ReturnType<typeof tensor> }>)[0]!
    expect(Array.from(w.data()).every((x) => x < 0)).toBe(true) // decay pulls the positive weights down
    expect(b.item() === 0).toBe(true) // ±0: untouched
  })
})
