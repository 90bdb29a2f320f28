import { describe, expect, it } from 'vitest'
import { tensor } from '../src/index.js'
import { customTransform, scaleByLion } from './custom-transform.js'

describe('examples/custom-transform', () => {
  it('a user-written transform passes the laws, chains with the built-ins and trains', () => {
    const lines: string[] = []
    const { losses, params } = customTransform((l) => lines.push(l), 300)
    expect(lines[0]).toMatch(/obey the transformation laws/)
    expect(losses[losses.length - 1]!).toBeLessThan(1e-3 * losses[0]!)
    expect(Math.abs(params.b.item() - 2)).toBeLessThan(0.05)
  })

  it('scaleByLion: the first update is the sign of the gradient', () => {
    const t = scaleByLion()
    const g = tensor([0.3, -2, 0])
    const [u] = t.update(g, t.init(g))
    expect((u as typeof g).toArray()).toEqual([1, -1, 0])
  })
})
