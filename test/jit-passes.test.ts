/**
 * The IR passes: dead-code elimination and common-subexpression elimination.
 */
import { describe, expect, it } from 'vitest'
import { add, exp, jit, log, makeJaxpr, mul, ones, sum, tensor, zeros, type Tensor } from '../src/index.js'
import { cse, dce, evalJaxpr, simplify } from '../src/jit/index.js'

const names = (eqns: ReadonlyArray<{ prim: { name: string } }>): string[] => eqns.map((e) => e.prim.name)

describe('dce', () => {
  it('drops equations and constants no output depends on, keeps the rest in order', () => {
    const ir = makeJaxpr((x: Tensor) => {
      void log(add(x, zeros([3]))) // dead, with a dead constant
      return exp(mul(x, x))
    })(ones([3]))
    expect(names(ir.eqns)).toEqual(['add', 'log', 'mul', 'exp'])
    const d = dce(ir)
    expect(names(d.eqns)).toEqual(['mul', 'exp'])
    expect(d.constVars).toEqual([])
    const x = tensor([0.5, 1, 2])
    expect(evalJaxpr(d, [x])[0]!.toArray()).toEqual(evalJaxpr(ir, [x])[0]!.toArray())
  })
})

describe('cse', () => {
  it('merges the same primitive with equal parameters on the same inputs, and nothing else', () => {
    const ir = makeJaxpr((x: Tensor) => add(sum(exp(x), 0), sum(exp(x), 0)))(ones([2, 3]))
    expect(names(cse(ir).eqns)).toEqual(['exp', 'sum', 'add'])
    const other = makeJaxpr((x: Tensor) => add(sum(exp(x), 0), sum(exp(x), 1)))(ones([2, 2]))
    expect(names(simplify(other).eqns)).toEqual(['exp', 'sum', 'sum', 'add'])
  })

  it('merges chains: once the inputs are merged, their users merge too', () => {
    const ir = makeJaxpr((x: Tensor) => [exp(mul(x, 2)), exp(mul(x, 2))])(ones([3]))
    const c = simplify(ir)
    expect(names(c.eqns)).toEqual(['mul', 'exp'])
    expect(c.outVars[0]).toBe(c.outVars[1])
  })

  it('a jitted function runs the simplified program, with the same results', () => {
    const f = (x: Tensor) => add(exp(x), mul(exp(x), log(add(x, 1))))
    const jf = jit(f)
    const x = tensor([0.25, 1, 3])
    expect(names(jf.lower(x).eqns)).toEqual(['exp', 'add', 'log', 'mul', 'add'])
    expect(Array.from(jf(x).data())).toEqual(Array.from(f(x).data()))
  })
})
