/**
 * vmap composed with differentiation and with itself, in every order, each
 * checked against the loop over examples.
 */
import { describe, expect, it } from 'vitest'
import {
  add, arange, cos, customJvp, customVjp, exp, grad, jacfwd, jacrev, jvp, log1p, matmul, mul, optim, reshape, sigmoid,
  sin, stack, sum, take, tanh, tensor, tree, vjp, vmap, zeros, type Tensor,
} from '../src/index.js'
import { expectClose, f64 } from './support/tensors.js'

const at = (x: Tensor, b: number, axis = 0): Tensor => take(x, b, axis)

// a small model: loss of one example (x, y) under params
const W = f64([4, 3], 1)
const xs = f64([6, 4], 2)
const ys = f64([6, 3], 3)
const loss = (w: Tensor, x: Tensor, y: Tensor): Tensor => sum(mul(tanh(matmul(x, w)), y))

describe('vmap with grad', () => {
  it('vmap(grad(f)): per-example gradients equal the loop of grads, bit for bit', () => {
    const got = vmap(grad(loss), { inAxes: [null, 0, 0] })(W, xs, ys)
    const want = stack([0, 1, 2, 3, 4, 5].map((b) => grad(loss)(W, at(xs, b), at(ys, b))))
    expect(Array.from(got.data())).toEqual(Array.from(want.data()))
  })

  it('grad of a vmapped function equals the sum of per-example gradients', () => {
    const total = (w: Tensor) => sum(vmap(loss, { inAxes: [null, 0, 0] })(w, xs, ys))
    const want = [0, 1, 2, 3, 4, 5].map((b) => grad(loss)(W, at(xs, b), at(ys, b))).reduce((a, g) => add(a, g))
    expectClose(grad(total)(W), want)
  })

  it('no perturbation confusion: grad closing over its input inside vmap, vmap closing over an outer vmap', () => {
    const v = tensor([1, 2, 3], { dtype: 'float64' })
    // d/dx Σ_b x·v_b = Σ v
    expect(grad((x: Tensor) => sum(vmap((y: Tensor) => mul(x, y))(v)))(tensor(2, { dtype: 'float64' })).item()).toBe(6)
    // x_a + v_b for all pairs
    const pairs = vmap((x: Tensor) => vmap((y: Tensor) => add(x, y))(v))(tensor([10, 20], { dtype: 'float64' }))
    expect(pairs.toArray()).toEqual([[11, 12, 13], [21, 22, 23]])
  })
})

describe('vmap with vmap', () => {
  it('vmap(vmap(f)) with different axes equals the double loop', () => {
    const t = f64([3, 4, 5], 4) // outer batch on axis 2, inner on (what was) axis 0
    const f = (x: Tensor) => sum(sin(x))
    const got = vmap(vmap(f, { inAxes: 0 }), { inAxes: 2 })(t) // [5, 3]
    const want = stack([0, 1, 2, 3, 4].map((c) => stack([0, 1, 2].map((a) => f(at(at(t, c, 2), a, 0))))))
    expect(Array.from(got.data())).toEqual(Array.from(want.data()))
    const moved = vmap(vmap(f, { inAxes: 1, outAxes: 0 }), { inAxes: 0, outAxes: 1 })(t) // [4, 3]: outer batch last
    const want2 = stack([0, 1, 2].map((a) => stack([0, 1, 2, 3, 4].map((j) => f(at(at(t, a), j, 1))))), 1)
    expect(Array.from(moved.data())).toEqual(Array.from(want2.data()))
  })
})

describe('vmap with forward mode and Jacobians', () => {
  it('vmap(jvp): batched directional derivatives equal the loop', () => {
    const f = (x: Tensor) => mul(exp(x), sin(x))
    const ts = f64([6, 4], 5)
    const got = vmap((x: Tensor, t: Tensor) => jvp(f, [x], [t])[1])(xs, ts)
    const want = stack([0, 1, 2, 3, 4, 5].map((b) => jvp(f, [at(xs, b)], [at(ts, b)])[1]))
    expect(Array.from(got.data())).toEqual(Array.from(want.data()))
  })

  it('jacfwd of a vmapped function is block diagonal, with the per-example Jacobians on the blocks', () => {
    const f = (x: Tensor) => tanh(matmul(x, W))
    const jac = jacfwd(vmap(f))(xs) as Tensor // [6, 3, 6, 4]
    expect(jac.shape).toEqual([6, 3, 6, 4])
    for (let a = 0; a < 6; a++)
      for (let b = 0; b < 6; b++) {
        const block = at(at(jac, a, 0), b, 1)
        expectClose(block, a === b ? (jacrev(f)(at(xs, a)) as Tensor) : zeros([3, 4], 'float64'))
      }
  })

  it('vmap(jacrev(f)) and vmap(jacfwd(f)): batched Jacobians equal the loop', () => {
    const f = (x: Tensor) => mul(sin(x), sum(x))
    const want = stack([0, 1, 2, 3, 4, 5].map((b) => jacrev(f)(at(xs, b)) as Tensor))
    expectClose(vmap(jacrev(f))(xs) as Tensor, want)
    expectClose(vmap(jacfwd(f))(xs) as Tensor, want)
  })
})

describe('vmap of custom rules', () => {
  // a bwd rule that is NOT the true derivative (2·cos), so the test sees which rule ran
  const twiceSin = customVjp((x: Tensor) => sin(x), (x: Tensor) => [sin(x), cos(x)] as [Tensor, Tensor], (c: Tensor, g: Tensor) => [mul(mul(g, c), 2)])
  const softplus = customJvp((x: Tensor) => log1p(exp(x)), ([x]: [Tensor], [t]: [Tensor]) => [log1p(exp(x)), mul(mul(t, sigmoid(x)), 3)] as [Tensor, Tensor])

  it('vmap of a customVjp function equals the loop, and grad through it runs the batched bwd rule', () => {
    expect(Array.from(vmap(twiceSin)(xs).data())).toEqual(Array.from(sin(xs).data()))
    expectClose(vmap(grad((x: Tensor) => sum(twiceSin(x))))(xs), mul(cos(xs), 2))
    expectClose(grad((x: Tensor) => sum(vmap(twiceSin)(x)))(xs), mul(cos(xs), 2))
    // a shared argument gets the sum of the examples' cotangents
    const scaled = customVjp((a: Tensor, x: Tensor) => mul(a, x), (a: Tensor, x: Tensor) => [mul(a, x), [a, x]] as [Tensor, [Tensor, Tensor]],
      ([a, x]: [Tensor, Tensor], g: Tensor) => [sum(mul(g, x)), mul(g, a)])
    const a0 = tensor(1.5, { dtype: 'float64' })
    const ga = grad((a: Tensor) => sum(vmap(scaled, { inAxes: [null, 0] })(a, xs)))(a0)
    expectClose(ga, sum(xs))
  })

  it('vmap of a customJvp function: forward and reverse mode use the batched rule', () => {
    const x = reshape(arange(0, 6, 1, 'float64'), [2, 3])
    expectClose(vmap(softplus)(x), log1p(exp(x)))
    expectClose(vmap((v: Tensor) => jvp(softplus, [v], [mul(v, 0).add(1)])[1])(x), mul(sigmoid(x), 3))
    expectClose(grad((v: Tensor) => sum(vmap(softplus)(v)))(x), mul(sigmoid(x), 3))
  })
})

describe('vmap with vjp and optimizers', () => {
  it('vmap of a pullback equals the loop of pullbacks', () => {
    const f = (x: Tensor) => tanh(matmul(x, W))
    const cts = f64([6, 3], 6)
    const got = vmap((x: Tensor, ct: Tensor) => vjp(f, x)[1](ct)[0])(xs, cts)
    const want = stack([0, 1, 2, 3, 4, 5].map((b) => vjp(f, at(xs, b))[1](at(cts, b))[0]!))
    expect(Array.from(got.data())).toEqual(Array.from(want.data()))
  })

  it('vmap of an optimizer update steps an ensemble of optimizer states at once', () => {
    const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adam(0.1))
    const params = { w: f64([4, 3, 2], 7), b: f64([4, 2], 8) } // an ensemble of 4
    const x = f64([3], 9)
    const gradsOf = (p: { w: Tensor; b: Tensor }) => grad((q: typeof p) => sum(mul(tanh(add(matmul(x, q.w), q.b)), 1.5)))(p)
    let states = vmap((p: typeof params) => opt.init(p))(params)
    let ps = params
    for (let step = 0; step < 3; step++) {
      const g = vmap(gradsOf)(ps)
      const [u, s] = vmap((gi: typeof params, si: typeof states, pi: typeof params) => opt.update(gi, si, pi))(g, states, ps) as unknown as [typeof params, typeof states]
      ps = optim.applyUpdates(ps, u) as typeof params
      states = s
    }
    // each member on its own
    for (let m = 0; m < 4; m++) {
      let p = { w: at(params.w, m), b: at(params.b, m) }
      let s = opt.init(p)
      for (let step = 0; step < 3; step++) {
        const [u, s2] = opt.update(gradsOf(p), s, p)
        p = optim.applyUpdates(p, u) as typeof p
        s = s2
      }
      expectClose(at(ps.w, m), p.w)
      expectClose(at(ps.b, m), p.b)
    }
    expect(tree.leaves(states as never).length).toBeGreaterThan(0)
  })
})
