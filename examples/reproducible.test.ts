import { describe, expect, it } from 'vitest'
import { main } from './reproducible.js'

describe('examples/reproducible', () => {
  it('resuming from a checkpoint reproduces the uninterrupted run bit for bit', async () => {
    const { identical, losses } = await main({ log: () => {} })
    expect(identical).toBe(true)
    expect(losses.length).toBe(60)
  })
})
