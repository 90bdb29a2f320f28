/**
 * The spec fields of the new momentum forms: `sgd` and `trace` take
 * `dampening` and `debias`, and a spec builds the same optimizer as the code.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { buildTransform } from '../src/experiment/build.js'
import { TransformSpec } from '../src/experiment/spec.js'
import { optim, tensor } from '../src/index.js'

const stepsOf = (t: optim.GradientTransformation<unknown>): number[] => {
  const g = { w: tensor([1], { dtype: 'float64' }) }
  let s = t.init(g)
  return [1, 2, 3].map(() => {
    const [u, next] = t.update(g, s)
    s = next
    return -u.w.item()
  })
}

describe('spec: dampening and debias', () => {
  it('sgd with dampening and debias decodes and builds the damped, debiased form', () => {
    const d = TransformSpec.decode({ sgd: { learningRate: 0.5, momentum: 0.9, dampening: 0.9, debias: true } })
    expect(E.isRight(d)).toBe(true)
    const t = buildTransform((d as E.Right<TransformSpec>).right) as optim.GradientTransformation<unknown>
    expect(stepsOf(t)).toEqual(stepsOf(optim.sgd(0.5, { momentum: 0.9, dampening: 0.9, debias: true }) as optim.GradientTransformation<unknown>))
    for (const v of stepsOf(t)) expect(v).toBeCloseTo(0.5, 14)
  })

  it('a dampening out of [0, 1] or a non-boolean debias is reported by its path', () => {
    expect(E.isLeft(TransformSpec.decode({ sgd: { learningRate: 0.5, momentum: 0.9, dampening: 2 } }))).toBe(true)
    expect(E.isLeft(TransformSpec.decode({ trace: { decay: 0.9, debias: 'yes' } }))).toBe(true)
  })
})
