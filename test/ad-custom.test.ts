import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import { checkAdLaws } from '../laws/ad.js'
import { FluxionError, TraceError } from '../src/errors.js'
import {
  add, checkGrads, cos, customJvp, customVjp, exp, floor, GradCheckError, grad, hessian, jacfwd, jacrev, jvp, log1p, matmul,
  maximum, minimum, mul, sigmoid, sin, stopGradient, sum, tanh, valueAndGrad, vjp,
} from '../src/ad/index.js'
import { tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

const f64 = (v: number | number[] | number[][]) => tensor(v, { dtype: 'float64' })
const close = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape)
  expect(approxEq({ rtol: tol, atol: tol })(a, b), `${a.toString()} vs ${b.toString()}`).toBe(true)
}
const sig = (x: number) => 1 / (1 + Math.exp(-x))

// log(1 + eˣ) with the derivative sigmoid(x), finite where the naive one is inf/inf
const softplus = customJvp(
  (x: Tensor) => log1p(exp(x)),
  ([x], [t]) => [log1p(exp(x)), mul(t, sigmoid(x))] as const,
)

describe('customJvp', () => {
  it('evaluates f eagerly', () => {
    close(softplus(f64([0, 1])), f64([Math.log(2), Math.log1p(Math.E)]))
  })

  it('is used under grad and jvp (the naive derivative is NaN at 1000)', () => {
    expect(Number.isNaN(grad((x: Tensor) => log1p(exp(x)))(f64(1000)).item())).toBe(true)
    expect(grad(softplus)(f64(1000)).item()).toBe(1)
    close(grad((x: Tensor) => sum(softplus(x)))(f64([-1, 0, 2])), f64([sig(-1), 0.5, sig(2)]))
    close(jvp(softplus, [f64([-1, 0, 2])], [f64([1, 2, 3])])[1], f64([sig(-1), 1, 3 * sig(2)]))
    const [, pb] = vjp(softplus, f64([0.5]))
    close(pb(f64([2]))[0], f64([2 * sig(0.5)]))
  })

  it('the rule, not f, defines the derivative', () => {
    // a "straight-through" round: the value is rounded (floor has derivative 0), the derivative is the identity's
    const round = (x: Tensor) => floor(add(x, 0.5))
    expect(grad((x: Tensor) => sum(round(x)))(f64([0.4, 2.6])).toArray()).toEqual([0, 0])
    const ste = customJvp(round, ([x], [t]) => [round(x), t] as const)
    close(ste(f64([0.4, 2.6])), f64([0, 3]))
    expect(grad((x: Tensor) => sum(mul(ste(x), 3)))(f64([0.4, 2.6])).toArray()).toEqual([3, 3])
    expect(jvp(ste, [f64([0.4])], [f64([2])])[1].toArray()).toEqual([2])
  })

  it('grad of grad differentiates the rule', () => {
    const d2 = (x: number) => sig(x) * (1 - sig(x))
    expect(grad(grad(softplus))(f64(0.3)).item()).toBeCloseTo(d2(0.3), 14)
    expect(grad(grad(softplus))(f64(1000)).item()).toBe(0)
    const h = hessian((x: Tensor) => sum(softplus(x)))(f64([-1, 0.5]))
    close(h, f64([[d2(-1), 0], [0, d2(0.5)]]))
    close(jacfwd(jacfwd((x: Tensor) => sum(softplus(x))))(f64([-1, 0.5])), h)
    close(jacrev(jacrev((x: Tensor) => sum(softplus(x))))(f64([-1, 0.5])), h)
    close(jacrev(jacfwd((x: Tensor) => sum(softplus(x))))(f64([-1, 0.5])), h)
  })

  it('an outer transformation differentiates the value through the rule too', () => {
    // valueAndGrad inside grad: the outer derivative of the value must come from the rule
    expect(grad((x: Tensor) => valueAndGrad(softplus)(x)[0])(f64(1000)).item()).toBe(1)
    expect(grad((x: Tensor) => valueAndGrad(softplus)(x)[1])(f64(1000)).item()).toBe(0)
  })

  it('nested inside another transformation, closing over its variable', () => {
    // d/dy [d/dx softplus(x·y)] at x0 = d/dy [y·σ(x0·y)] = σ(x0 y) + x0·y·σ(x0 y)(1 − σ(x0 y))
    const x0 = 0.7
    const y0 = -1.3
    const outer = (y: Tensor) => grad((x: Tensor) => softplus(mul(x, y)))(f64(x0))
    const s = sig(x0 * y0)
    expect(grad(outer)(f64(y0)).item()).toBeCloseTo(s + x0 * y0 * s * (1 - s), 14)
  })

  it('pytree arguments and outputs', () => {
    const f = customJvp(
      (p: { a: Tensor; b: Tensor }) => [mul(p.a, p.b), sin(p.a)] as const,
      ([p], [t]) => [[mul(p.a, p.b), sin(p.a)], [add(mul(t.a, p.b), mul(p.a, t.b)), mul(t.a, cos(p.a))]] as const,
    )
    const p = { a: f64([0.5, 1]), b: f64([2, -1]) }
    const g = grad((q: typeof p) => {
      const [m, s] = f(q)
      return sum(add(m, s))
    })(p)
    close(g.a, f64([2 + Math.cos(0.5), -1 + Math.cos(1)]))
    close(g.b, f64([0.5, 1]))
    checkGrads((q: typeof p) => f(q), [p])
  })

  it('an integer argument gets no tangent', () => {
    const scale = customJvp(
      (x: Tensor, k: Tensor) => mul(x, k.cast('float64')),
      ([x, k], [t]) => [mul(x, k.cast('float64')), mul(t, k.cast('float64'))] as const,
    )
    expect(grad((x: Tensor) => sum(scale(x, tensor([3], { dtype: 'int32' }))))(f64([1])).toArray()).toEqual([3])
  })

  it('checkGrads passes on a correct rule, to second order', () => {
    checkGrads(softplus, [f64([-1.5, 0.2, 3])], { order: 2 })
    checkGrads((x: Tensor) => sum(softplus(mul(x, x))), [f64([0.5, -0.7])], { order: 3 })
  })

  it('the AD laws hold for it (laws/ad runner)', () => {
    checkAdLaws(softplus, fc.array(fc.integer({ min: -300, max: 300 }), { minLength: 3, maxLength: 3 }).map((v) => [f64(v.map((k) => k / 100))]), { numRuns: 5 })
  })

  it('checkGrads throws GradCheckError on a wrong rule', () => {
    const wrong = customJvp((x: Tensor) => sin(x), ([x], [t]) => [sin(x), mul(t, mul(cos(x), 1.1))] as const)
    const e = (() => {
      try {
        checkGrads(wrong, [f64([0.3, -0.8])], { order: 1 })
      } catch (err) {
        return err
      }
      return null
    })()
    expect(e).toBeInstanceOf(GradCheckError)
    expect(e).toBeInstanceOf(FluxionError)
    expect((e as Error).message).toContain('disagrees with finite differences')
    expect(() => checkGrads(wrong, [f64([0.3])], { order: 1, modes: ['fwd'] })).toThrow(GradCheckError)
    expect(() => checkGrads(wrong, [f64([0.3])], { order: 1, modes: ['rev'] })).toThrow(GradCheckError)
  })

  it('checkGrads catches a rule that is right to first order only', () => {
    // the tangent factor is not differentiable (stopGradient), so second derivatives come out 0
    const firstOnly = customJvp((x: Tensor) => sin(x), ([x], [t]) => [sin(x), mul(t, cos(stopGradient(x)))] as const)
    expect(() => checkGrads(firstOnly, [f64([0.3, -0.8])], { order: 1 })).not.toThrow()
    expect(() => checkGrads(firstOnly, [f64([0.3, -0.8])], { order: 2 })).toThrow(GradCheckError)
  })
})

describe('customVjp', () => {
  // gradient clipping: the identity forward, the cotangent clipped to [-0.5, 0.5] backward
  const clipGrad = customVjp(
    (x: Tensor) => x,
    (x: Tensor) => [x, null] as const,
    (_res: null, ct: Tensor) => [minimum(maximum(ct, -0.5), 0.5)],
  )

  it('evaluates f eagerly and uses bwd under grad', () => {
    close(clipGrad(f64([1, 2])), f64([1, 2]))
    expect(grad((x: Tensor) => sum(mul(clipGrad(x), f64([10, 0.2]))))(f64([1, 2])).toArray()).toEqual([0.5, 0.2])
    const [, pb] = vjp(clipGrad, f64([3]))
    expect(pb(f64([-7]))[0].toArray()).toEqual([-0.5])
  })

  // x³ with the residual x saved by fwd; bwd is written with differentiable ops
  const cube = customVjp(
    (x: Tensor) => mul(mul(x, x), x),
    (x: Tensor) => [mul(mul(x, x), x), x] as const,
    (x: Tensor, ct: Tensor) => [mul(ct, mul(mul(x, x), 3))],
  )

  it('grad of grad works when bwd is differentiable', () => {
    expect(grad(cube)(f64(2)).item()).toBe(12)
    expect(grad(grad(cube))(f64(2)).item()).toBe(12)
    expect(grad(grad(grad(cube)))(f64(2)).item()).toBe(6)
    close(jacrev(jacrev((x: Tensor) => sum(cube(x))))(f64([1, -2])), f64([[6, 0], [0, -12]]))
    // forward-over-reverse (hessian) differentiates bwd in forward mode: also fine
    close(hessian((x: Tensor) => sum(cube(x)))(f64([1, -2])), f64([[6, 0], [0, -12]]))
  })

  it('pytree arguments and several outputs', () => {
    const affine = customVjp(
      (p: { w: Tensor; b: Tensor }, x: Tensor) => [add(matmul(x, p.w), p.b), tanh(x)] as const,
      (p: { w: Tensor; b: Tensor }, x: Tensor) => [[add(matmul(x, p.w), p.b), tanh(x)] as const, { p, x }] as const,
      ({ p, x }: { p: { w: Tensor; b: Tensor }; x: Tensor }, [cy, ct]: readonly [Tensor, Tensor]) => [
        { w: matmul(x.transpose(), cy), b: sum(cy, 0) },
        add(matmul(cy, p.w.transpose()), mul(ct, add(mul(tanh(x), tanh(x)).mul(-1), 1))),
      ],
    )
    const p = { w: f64([[1, 2], [3, 4]]), b: f64([0.5, -0.5]) }
    const x = f64([[0.1, -0.2]])
    const loss = (q: typeof p, xs: Tensor) => {
      const [y, t] = affine(q, xs)
      return add(sum(mul(y, y)), sum(t))
    }
    const plain = (q: typeof p, xs: Tensor) => add(sum(mul(add(matmul(xs, q.w), q.b), add(matmul(xs, q.w), q.b))), sum(tanh(xs)))
    const [gp, gx] = grad(loss, { argnums: [0, 1] })(p, x)
    const [rp, rx] = grad(plain, { argnums: [0, 1] })(p, x)
    close(gp.w, rp.w)
    close(gp.b, rp.b)
    close(gx, rx)
    checkGrads(loss, [p, x], { modes: ['rev'], order: 2 })
  })

  it('jvp of it is a clear error', () => {
    expect(() => jvp(cube, [f64(1)], [f64(1)])).toThrow(TraceError)
    expect(() => jvp(cube, [f64(1)], [f64(1)])).toThrow(/customVjp: forward mode .* use customJvp/)
    expect(() => jacfwd(cube)(f64([1]))).toThrow(TraceError)
  })

  it('checkGrads in reverse mode passes on a correct bwd and catches a wrong one', () => {
    checkGrads(cube, [f64([0.3, -1.1])], { modes: ['rev'], order: 2 })
    const wrong = customVjp(
      (x: Tensor) => mul(mul(x, x), x),
      (x: Tensor) => [mul(mul(x, x), x), x] as const,
      (x: Tensor, ct: Tensor) => [mul(ct, mul(x, 3))],
    )
    expect(() => checkGrads(wrong, [f64([0.3, -1.1])], { modes: ['rev'], order: 1 })).toThrow(GradCheckError)
  })
})

describe('checkGrads on ordinary functions', () => {
  it('passes on correct functions of several arguments and pytrees, in float64 and float32', () => {
    checkGrads((x: Tensor) => sum(tanh(x)), [f64([0.1, -0.3])], { order: 3 })
    checkGrads((a: Tensor, b: Tensor) => matmul(a, sin(b)), [f64([[1, 2]]), f64([[0.1], [0.2]])])
    checkGrads((p: { u: Tensor; v: Tensor[] }) => mul(p.u, p.v[0]!), [{ u: f64([1, 2]), v: [f64([3, 4])] }])
    checkGrads((x: Tensor) => sum(mul(x, x)), [tensor([0.5, -1.5])], { order: 2 })
  })
})
