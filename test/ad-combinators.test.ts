import { describe, expect, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import {
  add, cos, exp, grad, hessian, hvp, isTracer, jacfwd, jacrev, jvp, linearize, log, matmul, mul, reshape, sin, stopGradient,
  sum, tanh, valueAndGrad, vjp,
} from '../src/ad/index.js'
import { tensor } from '../src/tensor/create.js'
import { Tensor } from '../src/tensor/tensor.js'
import * as tree from '../src/tree/index.js'

const f64 = (v: number | number[] | number[][]) => tensor(v, { dtype: 'float64' })
const close = (a: Tensor, b: Tensor, tol = 1e-10) => {
  expect(a.shape).toEqual(b.shape)
  expect(approxEq({ rtol: tol, atol: tol })(a, b), `${a.toString()} vs ${b.toString()}`).toBe(true)
}
const closeTrees = (a: unknown, b: unknown, tol = 1e-10) => {
  expect(tree.structureEquals(a, b)).toBe(true)
  const lb = tree.leaves(b as tree.PyTree)
  tree.leaves(a as tree.PyTree).forEach((l, i) => close(l, lb[i]!, tol))
}

describe('grad and valueAndGrad', () => {
  it('differentiates a scalar function of a tensor', () => {
    const g = grad((x: Tensor) => sum(sin(x)))(f64([0, 1, 2]))
    close(g, f64([1, Math.cos(1), Math.cos(2)]))
  })

  it('differentiates with respect to a plain number argument', () => {
    const g = grad((x: number) => mul(x, x))(3)
    expect(g).toBeInstanceOf(Tensor)
    expect(g.shape).toEqual([])
    expect(g.item()).toBe(6)
  })

  it('argnums as a number picks one argument', () => {
    const f = (a: Tensor, b: Tensor) => sum(mul(mul(a, a), b))
    close(grad(f, { argnums: 1 })(f64([1, 2]), f64([3, 4])), f64([1, 4]))
    close(grad(f)(f64([1, 2]), f64([3, 4])), f64([6, 16]))
  })

  it('argnums as a list gives one gradient per listed argument, in order', () => {
    const f = (a: Tensor, b: Tensor, c: Tensor) => sum(mul(mul(a, b), c))
    const [gc, ga] = grad(f, { argnums: [2, 0] })(f64(2), f64(3), f64(4))
    expect(gc.item()).toBe(6)
    expect(ga.item()).toBe(12)
    const single = grad(f, { argnums: [1] })(f64(2), f64(3), f64(4))
    expect(Array.isArray(single)).toBe(true)
    expect(single[0].item()).toBe(8)
  })

  it('valueAndGrad returns the value and the gradient', () => {
    const [v, g] = valueAndGrad((x: Tensor) => sum(mul(x, x)))(f64([1, 2]))
    expect(v.item()).toBe(5)
    close(g, f64([2, 4]))
    expect(isTracer(v)).toBe(false)
  })

  it('hasAux: valueAndGrad returns [[value, aux], grads], grad returns [grads, aux]', () => {
    const f = (x: Tensor) => [sum(mul(x, x)), { squares: mul(x, x), note: 'kept' }] as const
    const [[v, aux], g] = valueAndGrad(f, { hasAux: true })(f64([1, 2]))
    expect(v.item()).toBe(5)
    expect(aux.squares.toArray()).toEqual([1, 4])
    expect(aux.note).toBe('kept')
    expect(isTracer(aux.squares)).toBe(false) // aux comes back concrete, not a tracer
    close(g, f64([2, 4]))
    const [g2, aux2] = grad(f, { hasAux: true })(f64([1, 2]))
    close(g2, f64([2, 4]))
    expect(aux2.squares.toArray()).toEqual([1, 4])
  })

  it('hasAux with argnums as a list', () => {
    const f = (a: Tensor, b: Tensor) => [mul(a, b), add(a, b)] as const
    const [[ga, gb], aux] = grad(f, { argnums: [0, 1], hasAux: true })(f64(2), f64(5))
    expect([ga.item(), gb.item(), aux.item()]).toEqual([5, 2, 7])
  })

  it('the gradient of a pytree argument has its structure', () => {
    const params = { w: f64([[1, 2], [3, 4]]), b: f64([0.5, -0.5]), frozen: null }
    const x = f64([[1, -1]])
    const loss = (p: typeof params, xs: Tensor) => sum(tanh(add(matmul(xs, p.w), p.b)))
    const g = grad(loss)(params, x)
    expect(tree.structureEquals(g, params)).toBe(true)
    expect(g.frozen).toBeNull()
    expect(g.w.shape).toEqual([2, 2])
    // closed form: d/dz tanh = 1 - tanh², z = x·w + b
    const z = [1 * 1 - 1 * 3 + 0.5, 1 * 2 - 1 * 4 - 0.5].map((v) => 1 - Math.tanh(v) ** 2)
    close(g.b, f64(z))
    close(g.w, f64([[z[0]!, z[1]!], [-z[0]!, -z[1]!]]))
  })

  it('arrays of tensors and nested trees as arguments', () => {
    const f = (ps: [Tensor, { s: Tensor }], k: Tensor) => sum(mul(mul(ps[0], ps[1].s), k))
    const g = grad(f)([f64([1, 2]), { s: f64(3) }], f64(10))
    close(g[0], f64([30, 30]))
    close(g[1].s, f64(30))
    const [g0, gk] = grad(f, { argnums: [0, 1] })([f64([1, 2]), { s: f64(3) }], f64(10))
    close(g0[1].s, f64(30))
    close(gk, f64(9))
  })

  it('a function that ignores its input has a zero gradient of the right shape', () => {
    const g = grad((x: Tensor) => sum(f64([1, 2])))(f64([[1, 2, 3]]))
    close(g, f64([[0, 0, 0]]))
  })

  it('keeps float32 in float32', () => {
    const g = grad((x: Tensor) => sum(mul(x, x)))(tensor([1, 2]))
    expect(g.dtype).toBe('float32')
    expect(g.toArray()).toEqual([2, 4])
  })

  it('methods work under grad', () => {
    const y = f64([3, 4])
    close(grad((x: Tensor) => x.mul(y).sum())(f64([1, 2])), y)
    const w = f64([[1, 0], [2, 1]])
    const b = f64([0.1, -5])
    const g = grad((x: Tensor) => x.matmul(w).add(b).relu().square().mean())(f64([1, 1]))
    // relu(x·w + b) = [3.1, 0]: only the first column passes; d/dx mean(h²) = h·w[:, 0]
    close(g, f64([3.1, 6.2]))
  })
})

describe('jvp, vjp and linearize', () => {
  it('jvp returns the value and the directional derivative', () => {
    const [y, t] = jvp((x: Tensor) => sin(x), [f64([0, 1])], [f64([1, 2])])
    close(y, f64([0, Math.sin(1)]))
    close(t, f64([1, 2 * Math.cos(1)]))
  })

  it('jvp of a function of pytrees returning a pytree', () => {
    const f = (p: { a: Tensor; b: Tensor }) => ({ s: sum(mul(p.a, p.b)), d: [mul(p.a, 2)] })
    const [y, t] = jvp(f, [{ a: f64([1, 2]), b: f64([3, 4]) }], [{ a: f64([1, 0]), b: f64([0, 1]) }])
    expect(y.s.item()).toBe(11)
    expect(t.s.item()).toBe(3 + 2)
    close(t.d[0]!, f64([2, 0]))
  })

  it('jvp of the identity returns the tangent; of a constant, zeros', () => {
    const [, t] = jvp((x: Tensor) => x, [f64([1, 2])], [f64([5, 6])])
    close(t, f64([5, 6]))
    const [, z] = jvp((_x: Tensor) => f64([7]), [f64([1, 2])], [f64([5, 6])])
    close(z, f64([0]))
  })

  it('vjp returns one cotangent per primal, with pytree outputs', () => {
    const f = (a: Tensor, b: Tensor) => ({ p: mul(a, b), s: sum(a) })
    const [out, pullback] = vjp(f, f64([1, 2]), f64([3, 4]))
    close(out.p, f64([3, 8]))
    const [ga, gb] = pullback({ p: f64([1, 1]), s: f64(10) })
    close(ga, f64([13, 14]))
    close(gb, f64([1, 2]))
  })

  it('vjp of the identity passes the cotangent through', () => {
    const [, pb] = vjp((x: Tensor) => x, f64([1, 2]))
    close(pb(f64([3, 4]))[0], f64([3, 4]))
  })

  it('the pullback can be called more than once', () => {
    const [, pb] = vjp((x: Tensor) => exp(x), f64([0, 1]))
    close(pb(f64([1, 0]))[0], f64([1, 0]))
    close(pb(f64([0, 2]))[0], f64([0, 2 * Math.E]))
  })

  it('linearize gives the value and the linear map t ↦ J·t', () => {
    const f = (x: Tensor) => mul(sin(x), x)
    const x = f64([0.5, -1])
    const [y, lin] = linearize(f, x)
    close(y, f(x))
    const t1 = f64([1, 0])
    const t2 = f64([0.3, 2])
    close(lin(t1), jvp(f, [x], [t1])[1])
    close(lin(t2), jvp(f, [x], [t2])[1])
    // linear: L(2·t1 - t2) = 2·L(t1) - L(t2)
    close(lin(add(mul(t1, 2), mul(t2, -1))), add(mul(lin(t1), 2), mul(lin(t2), -1)))
  })
})

describe('jacfwd and jacrev', () => {
  const f = (x: Tensor) => mul(sin(x), sum(x)) // R^3 -> R^3

  it('have shape out.shape ++ in.shape and agree', () => {
    const x = f64([0.1, 0.2, 0.3])
    const jf = jacfwd(f)(x)
    const jr = jacrev(f)(x)
    expect(jf.shape).toEqual([3, 3])
    close(jf, jr)
    // closed form: J_ij = cos(x_i)·s·δ_ij + sin(x_i)
    const s = 0.6
    const xs = [0.1, 0.2, 0.3]
    const want = xs.map((xi, i) => xs.map((_, j) => (i === j ? Math.cos(xi) * s : 0) + Math.sin(xi)))
    close(jf, f64(want))
  })

  it('matrix in, vector out', () => {
    const g = (m: Tensor) => matmul(m, f64([1, 2]))
    const m = f64([[1, 2], [3, 4], [5, 6]])
    const jf = jacfwd(g)(m)
    expect(jf.shape).toEqual([3, 3, 2])
    close(jf, jacrev(g)(m))
    expect(jf.toArray()).toEqual([
      [[1, 2], [0, 0], [0, 0]],
      [[0, 0], [1, 2], [0, 0]],
      [[0, 0], [0, 0], [1, 2]],
    ])
  })

  it('scalar in and scalar out', () => {
    const sq = (x: Tensor) => mul(x, x)
    expect(jacfwd(sq)(f64(3)).shape).toEqual([])
    expect(jacrev(sq)(f64(3)).item()).toBe(6)
    const toVec = (x: Tensor) => mul(f64([1, 2, 3]), x)
    expect(jacfwd(toVec)(f64(2)).toArray()).toEqual([1, 2, 3])
    expect(jacrev(toVec)(f64(2)).toArray()).toEqual([1, 2, 3])
    const toScalar = (x: Tensor) => sum(mul(x, x))
    expect(jacfwd(toScalar)(f64([1, 2])).toArray()).toEqual([2, 4])
    expect(jacrev(toScalar)(f64([1, 2])).toArray()).toEqual([2, 4])
  })

  it('pytree input: the Jacobian has the input structure at each output', () => {
    const g = (p: { w: Tensor; b: Tensor }) => add(matmul(f64([[1, 2]]), p.w), p.b) // [1, 2]
    const p = { w: f64([[1, 2], [3, 4]]), b: f64([0, 0]) }
    const jf = jacfwd(g)(p)
    const jr = jacrev(g)(p)
    expect(jf.w.shape).toEqual([1, 2, 2, 2])
    expect(jf.b.shape).toEqual([1, 2, 2])
    closeTrees(jf, jr)
    expect(jf.b.toArray()).toEqual([[[1, 0], [0, 1]]])
  })

  it('pytree output: the Jacobian has the output structure', () => {
    const g = (x: Tensor) => ({ total: sum(x), sq: [mul(x, x)] })
    const x = f64([1, 2])
    const jf = jacfwd(g)(x)
    const jr = jacrev(g)(x)
    closeTrees(jf, jr)
    expect(jf.total.toArray()).toEqual([1, 1])
    expect(jf.sq[0]!.toArray()).toEqual([[2, 0], [0, 4]])
  })

  it('argnums as a list gives one Jacobian per argument', () => {
    const g = (a: Tensor, b: Tensor) => mul(a, b)
    const [ja, jb] = jacrev(g, { argnums: [0, 1] })(f64([1, 2]), f64(3)) as Tensor[]
    expect(ja!.toArray()).toEqual([[3, 0], [0, 3]])
    expect(jb!.toArray()).toEqual([1, 2])
    const [fa, fb] = jacfwd(g, { argnums: [0, 1] })(f64([1, 2]), f64(3)) as Tensor[]
    close(fa!, ja!)
    close(fb!, jb!)
    close(jacfwd(g, { argnums: 1 })(f64([1, 2]), f64(3)), jb!)
  })
})

describe('hessian and hvp', () => {
  it('hessian of a quadratic form is A + Aᵀ', () => {
    const a = f64([[1, 2], [0, 3]])
    const q = (x: Tensor) => sum(mul(x, matmul(a, x)))
    expect(hessian(q)(f64([0.3, -0.7])).toArray()).toEqual([[2, 2], [2, 6]])
  })

  it('hessian of sum(x³) is diag(6x), and is symmetric for a coupled function', () => {
    close(hessian((x: Tensor) => sum(mul(mul(x, x), x)))(f64([1, -2])), f64([[6, 0], [0, -12]]))
    const g = (x: Tensor) => mul(sin(sum(x)), log(add(sum(mul(x, x)), 1)))
    const h = hessian(g)(f64([0.2, 0.5, -0.1]))
    expect(h.shape).toEqual([3, 3])
    close(h, h.transpose(), 1e-12)
    close(h, jacrev(jacrev(g))(f64([0.2, 0.5, -0.1])), 1e-12)
  })

  it('hessian with argnums as a list gives the blocks', () => {
    const g = (a: Tensor, b: Tensor) => sum(mul(mul(a, a), b))
    const [[haa, hab], [hba, hbb]] = hessian(g, { argnums: [0, 1] })(f64([1, 2]), f64(3)) as unknown as Tensor[][] as [[Tensor, Tensor], [Tensor, Tensor]]
    expect(haa.toArray()).toEqual([[6, 0], [0, 6]])
    expect(hab.toArray()).toEqual([2, 4])
    expect(hba.toArray()).toEqual([2, 4])
    expect(hbb.item()).toBe(0)
  })

  it('hessian of a pytree argument', () => {
    const g = (p: { a: Tensor; b: Tensor }) => mul(sum(p.a), p.b)
    const h = hessian(g)({ a: f64([1, 2]), b: f64(3) })
    expect(h.a.a.shape).toEqual([2, 2])
    expect(h.a.b.toArray()).toEqual([1, 1])
    expect(h.b.a.toArray()).toEqual([1, 1])
    expect(h.b.b.item()).toBe(0)
  })

  it('hvp equals hessian·v', () => {
    const g = (x: Tensor) => sum(mul(exp(mul(x, 0.5)), cos(x)))
    const x = f64([0.1, -0.4, 0.9])
    const v = f64([1, -2, 0.5])
    const h = hessian(g)(x)
    close(hvp(g, [x], [v]), reshape(matmul(h, v), [3]), 1e-12)
  })

  it('hvp with several arguments returns one product per argument', () => {
    const g = (a: Tensor, b: Tensor) => sum(mul(mul(a, a), b))
    const [ha, hb] = hvp(g, [f64([1, 2]), f64(3)], [f64([1, 1]), f64(1)]) as Tensor[]
    // H = [[2b, 0, 2a1], [0, 2b, 2a2], [2a1, 2a2, 0]]
    close(ha!, f64([6 + 2, 6 + 4]))
    close(hb!, f64(2 + 4))
  })
})

describe('stopGradient', () => {
  it('blocks the gradient and the tangent but keeps the value', () => {
    const f = (x: Tensor) => sum(mul(x, stopGradient(x)))
    close(grad(f)(f64([1, 2])), f64([1, 2]))
    expect(f(f64([1, 2])).item()).toBe(5)
    const [, t] = jvp((x: Tensor) => stopGradient(mul(x, 3)), [f64([1])], [f64([1])])
    close(t, f64([0]))
    close(grad(grad((x: Tensor) => mul(stopGradient(x), mul(x, x))))(f64(2)), f64(4))
  })
})
