/**
 * The combinators' types catch mistakes at compile time. `npm test` runs `tsc` over
 * this file: every `@ts-expect-error` line must be an error (an unused directive
 * fails the type check), and every `expectTypeOf` must hold. The calls sit in
 * functions that are type-checked but never run.
 */
import { describe, expectTypeOf, it } from 'vitest'
import { grad, hessian, jacfwd, jacrev, jvp, mul, sum, valueAndGrad } from '../src/ad/index.js'
import { tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

const x = tensor([1, 2])
const loss = (v: Tensor) => sum(mul(v, v))

describe('grad and valueAndGrad: the function returns a scalar tensor, or a pair with hasAux', () => {
  it('a function that does not return a tensor does not compile', () => {
    const typeOnly = () => {
      // @ts-expect-error: a string is not a scalar tensor
      grad((v: Tensor) => 'hello')
      // @ts-expect-error: neither is a number
      valueAndGrad((v: Tensor) => v.size)
      // @ts-expect-error: nor an array of tensors (that is a hasAux pair without hasAux, or a jacobian's job)
      grad((v: Tensor) => [sum(v), v])
    }
    expectTypeOf(typeOnly).toBeFunction()
    expectTypeOf(grad(loss)(x)).toEqualTypeOf<Tensor>()
    expectTypeOf(valueAndGrad(loss)(x)).toEqualTypeOf<[Tensor, Tensor]>()
  })

  it('hasAux: a pair written inline infers its aux; a plain array declared apart does not compile', () => {
    // inline, no `as const`: the pair is typed as a pair, so the aux keeps its type
    const [g, aux] = grad((v: Tensor) => [sum(v), { n: v.size }], { hasAux: true })(x)
    expectTypeOf(g).toEqualTypeOf<Tensor>()
    expectTypeOf(aux).toEqualTypeOf<{ n: number }>()
    const [[value, note], g2] = valueAndGrad((v: Tensor) => [sum(v), 'note'], { hasAux: true })(x)
    expectTypeOf(value).toEqualTypeOf<Tensor>()
    expectTypeOf(note).toEqualTypeOf<string>()
    expectTypeOf(g2).toEqualTypeOf<Tensor>()
    // declared on its own, `as const` makes the pair
    const withConst = (v: Tensor) => [sum(v), { n: v.size }] as const
    expectTypeOf(grad(withConst, { hasAux: true })(x)[1]).toEqualTypeOf<{ readonly n: number }>()
    const typeOnly = () => {
      // declared on its own without `as const` it is an array, and the aux would be lost: an error, not `never`
      const forgotConst = (v: Tensor) => [sum(v), { n: v.size }]
      // @ts-expect-error: (Tensor | { n: number })[] is not a pair
      grad(forgotConst, { hasAux: true })
      // @ts-expect-error: with hasAux the function must return a pair
      valueAndGrad(loss, { hasAux: true })
    }
    expectTypeOf(typeOnly).toBeFunction()
  })
})

describe('jvp: tangents are typed like the primals', () => {
  it('the wrong arity or structure does not compile', () => {
    const typeOnly = () => {
      // @ts-expect-error: one primal, two tangents
      jvp(loss, [x], [x, x])
      // @ts-expect-error: no tangent
      jvp(loss, [x], [])
      // @ts-expect-error: two primals for a function of one argument
      jvp(loss, [x, x], [x, x])
      const f = (p: { w: Tensor; b: Tensor }) => sum(mul(p.w, p.b))
      // @ts-expect-error: the tangent misses b
      jvp(f, [{ w: x, b: x }], [{ w: x }])
      // @ts-expect-error: a tangent must hold tensors
      jvp(f, [{ w: x, b: x }], [{ w: x, b: 'x' }])
    }
    expectTypeOf(typeOnly).toBeFunction()
    const f = (p: { w: Tensor; b: Tensor }) => sum(mul(p.w, p.b))
    expectTypeOf(jvp(f, [{ w: x, b: x }], [{ w: x, b: x }])).toEqualTypeOf<[Tensor, Tensor]>()
  })

  it('hasAux gives [out, outTangent, aux]', () => {
    const r = jvp((v: Tensor) => [mul(v, 2), 'note'] as const, [x], [x], { hasAux: true })
    expectTypeOf(r).toEqualTypeOf<[Tensor, Tensor, 'note']>()
  })
})

describe('jacfwd, jacrev, hessian with hasAux', () => {
  it('give [jacobian, aux]; a function that does not return a pair does not compile', () => {
    const f = (v: Tensor) => [mul(v, v), { n: 1 }] as const
    expectTypeOf(jacfwd(f, { hasAux: true })(x)).toEqualTypeOf<[Tensor, { readonly n: 1 }]>()
    expectTypeOf(jacrev(f, { hasAux: true })(x)).toEqualTypeOf<[Tensor, { readonly n: 1 }]>()
    expectTypeOf(hessian((v: Tensor) => [sum(v), 'aux'] as const, { hasAux: true })(x)).toEqualTypeOf<[Tensor, 'aux']>()
    const typeOnly = () => {
      // @ts-expect-error: with hasAux the function must return a pair
      jacfwd(loss, { hasAux: true })
      // @ts-expect-error: with hasAux the function must return a pair
      hessian(loss, { hasAux: true })
    }
    expectTypeOf(typeOnly).toBeFunction()
  })
})
