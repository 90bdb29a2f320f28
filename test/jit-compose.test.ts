/**
 * jit composed with the other transformations, in every order: grad(jit(f)),
 * jvp(jit(f)), vmap(jit(f)), jit(grad(f)), jit(vmap(f)), hessian(jit(f)),
 * jit inside jit. Each is checked against the same composition without jit.
 */
import { describe, expect, it } from 'vitest'
import {
  add, exp, grad, hessian, jit, jvp, matmul, mul, sin, sum, tanh, valueAndGrad, vjp, vmap, type Tensor,
  customJvp as cj, customVjp as cv, log1p as l1p, sigmoid as sg,
} from '../src/index.js'
import { expectClose, f64 } from './support/tensors.js'

const bits = (t: Tensor): number[] => Array.from(t.data())

const W = f64([4, 3], 1)
const X = f64([6, 4], 2)
const loss = (w: Tensor, x: Tensor): Tensor => sum(mul(tanh(matmul(x, w)), sin(matmul(x, mul(w, 0.5)))))

describe('jit under the transformations (rules on the IR)', () => {
  it('grad(jit(f)) equals grad(f), bit for bit, and traces f once', () => {
    let traces = 0
    const jf = jit((w: Tensor, x: Tensor) => (traces++, loss(w, x)))
    const got = grad(jf)(W, X)
    expect(bits(got)).toEqual(bits(grad(loss)(W, X)))
    grad(jf)(W, X)
    expect(traces).toBe(1)
  })

  it('valueAndGrad over both arguments, and vjp with a non-scalar output', () => {
    const [v, [gw, gx]] = valueAndGrad(jit(loss), { argnums: [0, 1] })(W, X)
    const [v0, [gw0, gx0]] = valueAndGrad(loss, { argnums: [0, 1] })(W, X)
    expect([bits(v), bits(gw), bits(gx)]).toEqual([bits(v0), bits(gw0), bits(gx0)])
    const g = (x: Tensor) => exp(matmul(x, W))
    const u = f64([6, 3], 5)
    expect(bits(vjp(jit(g), X)[1](u)[0] as Tensor)).toEqual(bits(vjp(g, X)[1](u)[0] as Tensor))
  })

  it('with a common subexpression, CSE merges it: the gradient sums cotangents before the transpose (within 1e-13)', () => {
    // matmul(x, w) twice: eagerly, two transposed matmuls are added; the jitted IR has one matmul, so one transpose of the sum
    const dup = (w: Tensor, x: Tensor): Tensor => sum(mul(tanh(matmul(x, w)), sin(matmul(x, w))))
    expect(jit(dup).lower(W, X).eqns.filter((e) => e.prim.name === 'matmul')).toHaveLength(1)
    expectClose(grad(jit(dup))(W, X), grad(dup)(W, X), 1e-13)
  })

  it('jvp(jit(f)) equals jvp(f)', () => {
    const t = f64([4, 3], 4)
    const [o, to] = jvp(jit(loss), [W, X], [t, f64([6, 4], 0).mul(0)])
    const [o0, to0] = jvp(loss, [W, X], [t, f64([6, 4], 0).mul(0)])
    expect([bits(o), bits(to)]).toEqual([bits(o0), bits(to0)])
  })

  it('second order: grad(grad(jit(f))) and hessian(jit(f)) match without jit', () => {
    const h = (x: Tensor) => sum(mul(exp(mul(x, 0.3)), sin(x)))
    const x = f64([5], 6)
    expectClose(hessian(jit(h))(x), hessian(h)(x))
    const s = (x: Tensor) => sum(mul(mul(x, x), x))
    expectClose(grad((x: Tensor) => sum(grad(jit(s))(x)))(x), grad((x: Tensor) => sum(grad(s)(x)))(x))
  })

  it('vmap(jit(f)) equals vmap(f), with unbatched arguments', () => {
    const got = vmap(jit(loss), { inAxes: [null, 0] })(W, f64([7, 6, 4], 8))
    const want = vmap(loss, { inAxes: [null, 0] })(W, f64([7, 6, 4], 8))
    expect(bits(got)).toEqual(bits(want))
  })

  it('vmap(grad(jit(f))): per-example gradients', () => {
    const per = (w: Tensor, x: Tensor) => sum(tanh(matmul(x, w)))
    const xs = f64([5, 4], 9)
    expectClose(vmap(grad(jit(per)), { inAxes: [null, 0] })(W, xs), vmap(grad(per), { inAxes: [null, 0] })(W, xs))
  })
})

describe('transformations under jit', () => {
  it('jit(grad(f)) equals grad(f), bit for bit', () => {
    expect(bits(jit(grad(loss))(W, X))).toEqual(bits(grad(loss)(W, X)))
  })

  it('jit(vmap(f)) and jit(hessian(f))', () => {
    const xs = f64([7, 6, 4], 10)
    expect(bits(jit(vmap(loss, { inAxes: [null, 0] }))(W, xs))).toEqual(bits(vmap(loss, { inAxes: [null, 0] })(W, xs)))
    const h = (x: Tensor) => sum(mul(exp(mul(x, 0.3)), sin(x)))
    const x = f64([5], 11)
    expect(bits(jit(hessian(h))(x))).toEqual(bits(hessian(h)(x)))
  })

  it('jit inside jit is inlined into one program', () => {
    const inner = jit((x: Tensor) => exp(x))
    const outer = jit((x: Tensor) => add(inner(x), inner(mul(x, 2))))
    const x = f64([3], 12)
    expect(bits(outer(x))).toEqual(bits(add(exp(x), exp(mul(x, 2)))))
    expect(outer.lower(x).eqns.map((e) => e.prim.name)).toEqual(['exp', 'mul', 'exp', 'add'])
    expect(inner.cacheSize()).toBe(0)
  })
})

describe('custom rules under jit', () => {
  it('a customJvp or customVjp function traces inline under jit, with the eager value', () => {
    const { customJvp, customVjp, log1p, sigmoid } = { customJvp: cj, customVjp: cv, log1p: l1p, sigmoid: sg }
    const softplus = customJvp((x: Tensor) => log1p(exp(x)), ([x], [t]) => [log1p(exp(x)), mul(t, sigmoid(x))])
    const clip = customVjp((x: Tensor) => mul(x, 2), (x: Tensor) => [mul(x, 2), null] as const, (_r, ct: Tensor) => [ct])
    const x = f64([4], 13)
    expect(bits(jit(softplus)(x))).toEqual(bits(softplus(x)))
    expect(bits(jit(clip)(x))).toEqual(bits(clip(x)))
  })
})
