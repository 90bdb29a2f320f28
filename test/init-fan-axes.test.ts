/**
 * Fans with explicit axes, at any rank. JAX's variance scaling accepts a 1-D or
 * 0-D shape when `in_axis`/`out_axis` say where the fans are; fluxion refused
 * every shape of fewer than 2 axes. Now only the default axes (-2, -1) need 2 axes.
 * The fans are checked against JAX's formula: fan_in = in · rf, fan_out = out · rf
 * with rf = size(shape) / (in · out · batch), a list of axes counting the product
 * of its sizes (1 for an empty list).
 */
import { describe, expect, it } from 'vitest'
import { ShapeError } from '../src/errors.js'
import * as init from '../src/init/index.js'
import * as random from '../src/random/index.js'

type Axes = number | number[]

/** JAX's `_compute_fans`, written out for distinct axes. */
const jaxFans = (shape: number[], inAxis: Axes = -2, outAxis: Axes = -1, batchAxis: Axes = []) => {
  const at = (a: number) => shape[a < 0 ? a + shape.length : a]!
  const size = (ax: Axes) => (typeof ax === 'number' ? at(ax) : ax.reduce((p, a) => p * at(a), 1))
  const total = shape.reduce((p, d) => p * d, 1)
  const rf = total / size(inAxis) / size(outAxis) / size(batchAxis)
  return { fanIn: size(inAxis) * rf, fanOut: size(outAxis) * rf }
}

describe('fans with explicit axes', () => {
  const cases: Array<[number[], { inAxis?: Axes; outAxis?: Axes; batchAxis?: Axes }]> = [
    [[10], { inAxis: 0, outAxis: [] }],
    [[10], { inAxis: [], outAxis: 0 }],
    [[10], { inAxis: [], outAxis: [] }],
    [[], { inAxis: [], outAxis: [] }],
    [[4, 6], { inAxis: [0, 1], outAxis: [] }],
    [[2, 3, 4], { inAxis: 0, outAxis: 2, batchAxis: 1 }],
    [[3, 3, 16, 32], {}],
  ]
  it.each(cases)('computeFans(%j, %j) is JAX\'s', (shape, axes) => {
    expect(init.computeFans(shape, axes)).toEqual(jaxFans(shape, axes.inAxis, axes.outAxis, axes.batchAxis))
  })

  it('with the default axes a 1-D or 0-D shape is still refused, and the message says how to give axes', () => {
    expect(() => init.computeFans([10])).toThrow(ShapeError)
    expect(() => init.computeFans([10])).toThrow(/cannot compute fans of a 1-D shape \[10\].*give inAxis and outAxis/)
    expect(() => init.varianceScaling(1, 'fan_in', 'normal')(random.key(0), [])).toThrow(/0-D shape/)
  })

  it('varianceScaling on a 1-D shape with { inAxis: 0, outAxis: [] } draws what the (n, 1) kernel draws', () => {
    const key = random.key(3)
    const opts = { inAxis: 0, outAxis: [] as number[] }
    for (const dist of ['uniform', 'normal', 'truncated_normal'] as const) {
      const v = init.varianceScaling(2, 'fan_in', dist, opts)(key, [50])
      const m = init.varianceScaling(2, 'fan_in', dist)(key, [50, 1])
      expect(v.shape).toEqual([50])
      expect(Array.from(v.data())).toEqual(Array.from(m.data()))
    }
  })

  it('varianceScaling on a 0-D shape with empty axes has fans (1, 1): a unit-variance draw', () => {
    const key = random.key(5)
    const v = init.varianceScaling(1, 'fan_avg', 'normal', { inAxis: [], outAxis: [] })(key, [])
    expect(v.shape).toEqual([])
    expect(v.item()).toBe(random.normal(key, []).item())
  })
})
