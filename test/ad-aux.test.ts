/**
 * `hasAux` on every combinator, with JAX's result shapes: `jvp` gives
 * `[out, outTangent, aux]`; `jacfwd`, `jacrev` and `hessian` give `[jacobian, aux]`.
 * The aux output is never differentiated and comes back concrete (no tracers).
 * Before, `jacfwd(f, { hasAux: true })` ignored the option and differentiated the
 * aux output as well.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import { add, hessian, isTracer, jacfwd, jacrev, jvp, mul, sin, cos, sum } from '../src/ad/index.js'
import { TraceError } from '../src/errors.js'
import { tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

const f64 = (v: number | number[] | number[][]) => tensor(v, { dtype: 'float64' })
const close = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape)
  expect(approxEq({ rtol: tol, atol: tol })(a, b), `${a.toString()} vs ${b.toString()}`).toBe(true)
}

// f(x) = sin(x)·x with aux { sq: x², label }: the aux holds a tensor computed from x
const f = (x: Tensor) => [mul(sin(x), x), { sq: mul(x, x), label: 'kept' }] as const
const x = f64([0.5, -1.2])
const dfdx = (v: number) => Math.cos(v) * v + Math.sin(v)
const d2fdx2 = (v: number) => 2 * Math.cos(v) - v * Math.sin(v)

describe('hasAux', () => {
  it('jvp returns [out, outTangent, aux]', () => {
    const r = jvp(f, [x], [f64([1, 2])], { hasAux: true })
    expect(r).toHaveLength(3)
    const [out, t, aux] = r
    close(out, f64([0.5 * Math.sin(0.5), -1.2 * Math.sin(-1.2)]))
    close(t, f64([dfdx(0.5), 2 * dfdx(-1.2)]))
    close(aux.sq, f64([0.25, 1.44]))
    expect(aux.label).toBe('kept')
    expect(isTracer(aux.sq)).toBe(false)
    expectTypeOf(aux).toEqualTypeOf<{ readonly sq: Tensor; readonly label: 'kept' }>()
  })

  it('jvp without hasAux still returns a pair', () => {
    expect(jvp((y: Tensor) => sin(y), [x], [x])).toHaveLength(2)
  })

  it.each([['jacfwd', jacfwd], ['jacrev', jacrev]] as const)('%s returns [jacobian, aux], the Jacobian of the output only', (_name, jac) => {
    const [j, aux] = jac(f, { hasAux: true })(x)
    close(j, f64([[dfdx(0.5), 0], [0, dfdx(-1.2)]]))
    close(aux.sq, f64([0.25, 1.44]))
    expect(aux.label).toBe('kept')
    expect(isTracer(aux.sq)).toBe(false)
  })

  it('jacfwd and jacrev with hasAux and several argnums', () => {
    const g = (a: Tensor, b: Tensor) => [mul(a, b), add(a, b)] as const
    const a = f64([2, 3])
    const b = f64([5, 7])
    for (const jac of [jacfwd, jacrev]) {
      const [[ja, jb], aux] = jac(g, { argnums: [0, 1], hasAux: true })(a, b)
      close(ja as Tensor, f64([[5, 0], [0, 7]]))
      close(jb as Tensor, f64([[2, 0], [0, 3]]))
      close(aux, f64([7, 10]))
    }
  })

  it('jacfwd with hasAux over an empty input still returns the aux', () => {
    const [j, aux] = jacfwd((v: Tensor) => [sum(v), 'none'] as const, { hasAux: true })(f64([]))
    expect(j.shape).toEqual([0])
    expect(aux).toBe('none')
  })

  it('hessian returns [hessian, aux]', () => {
    const [h, aux] = hessian((v: Tensor) => [sum(mul(sin(v), v)), { sq: mul(v, v) }] as const, { hasAux: true })(x)
    close(h, f64([[d2fdx2(0.5), 0], [0, d2fdx2(-1.2)]]))
    close(aux.sq, f64([0.25, 1.44]))
    expect(isTracer(aux.sq)).toBe(false)
  })

  it('the aux of a nested transformation is concrete at the outer level only', () => {
    // grad of a jvp with aux: the inner aux is a tracer of the outer grad, and comes out concrete
    const [hv, aux] = jacrev((v: Tensor) => {
      const [, t, a] = jvp((u: Tensor) => [sum(mul(u, u)), mul(u, 3)] as const, [v], [f64([1, 0])], { hasAux: true })
      return [t, a] as const
    }, { hasAux: true })(x)
    close(hv, f64([2, 0]))
    close(aux, f64([1.5, -3.6]))
    expect(isTracer(aux)).toBe(false)
  })

  it('a hasAux function that does not return a pair is a TraceError naming the combinator', () => {
    const bad = (v: Tensor) => [sin(v), cos(v), v] as unknown as readonly [Tensor, unknown]
    expect(() => jvp(bad, [x], [x], { hasAux: true })).toThrow(TraceError)
    expect(() => jvp(bad, [x], [x], { hasAux: true })).toThrow(/^jvp: with hasAux the function must return \[output, aux\], got an array of 3/)
    expect(() => jacfwd(bad, { hasAux: true })(x)).toThrow(/^jacfwd: with hasAux .* got an array of 3/)
    expect(() => jacrev(bad, { hasAux: true })(x)).toThrow(/^jacrev: with hasAux .* got an array of 3/)
    expect(() => hessian(bad, { hasAux: true })(x)).toThrow(/with hasAux .* got an array of 3/)
  })

  it('without hasAux, a pair output is differentiated as a pytree (the aux is not special)', () => {
    const j = jacfwd((v: Tensor) => [sin(v), mul(v, 2)] as const)(x)
    expect(j).toHaveLength(2)
    close(j[1], f64([[2, 0], [0, 2]]))
  })
})
