import { describe, expect, it } from 'vitest'
// the package root, so that every primitive the library defines is registered
import '../src/index.js'
import { definePrimitive, primitives, type Primitive } from '../src/ad/index.js'
import { checkPrimitiveCoverage, checkPrimitiveLaws, primitiveCases } from './ad.js'

describe('laws/ad', () => {
  it('every registered primitive has a case, and every case a primitive', () => {
    expect(() => checkPrimitiveCoverage()).not.toThrow()
  })

  describe.each([...primitives().keys()])('primitive %s', (name) => {
    const what = primitiveCases[name]?.nondiff === true
      ? 'has zero derivatives in both modes'
      : 'jvp linear, vjp adjoint, both match finite differences, jacfwd = jacrev, symmetric Hessian, chain rule, second order'
    it(what, () => {
      checkPrimitiveLaws([name])
    })
  })

  // the extra primitive lives in a registry of this test's own: the library's stays as it is
  it('a primitive added without a case (or rules) fails, naming it', () => {
    expect(() => checkPrimitiveLaws(['noSuchPrimitive'])).toThrow(/noSuchPrimitive is not a registered primitive/)
    const uncovered = definePrimitive({ name: 'lawsAdUncovered', impl: ([x]) => x!, shape: ([x]) => x! }, { register: false })
    const registry = new Map([...primitives(), [uncovered.name, uncovered as Primitive<never>]])
    expect(() => checkPrimitiveCoverage(registry)).toThrow(/lawsAdUncovered/)
    expect(() => checkPrimitiveLaws(undefined, { registry })).toThrow(/lawsAdUncovered has no case/)
    expect(primitives().has('lawsAdUncovered')).toBe(false)
    expect(() => checkPrimitiveCoverage()).not.toThrow()
  })
})
