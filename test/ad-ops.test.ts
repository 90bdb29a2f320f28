/**
 * Every tensor op is differentiable in both modes: checked against finite
 * differences (checkGrads, float64, first and second order, forward and reverse)
 * and, where there is one, against the closed form.
 */
import { describe, expect, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import {
  abs, add, broadcastTo, checkGrads, concat, cos, div, erf, exp, expandDims, expm1, flip, floor, grad, jacfwd, jacrev,
  jvp, log, log1p, logsumexp, matmul, max, maximum, mean, min, minimum, mT, mul, neg, oneHot, pad, pow, prod,
  reciprocal, relu, reshape, rsqrt, scatterAdd, sigmoid, sign, sin, slice, sqrt, square, squeeze, stack, sub, sum, take,
  tanh, transpose, variance, vjp, where, greater, argmax,
} from '../src/ad/index.js'
import * as linalg from '../src/linalg.js'
import { eye, tensor } from '../src/tensor/create.js'
import { fromBuffer, type Tensor } from '../src/tensor/tensor.js'

type Nested = number | Nested[]
const f64 = (v: Nested) => tensor(v as number[], { dtype: 'float64' })
const close = (a: Tensor, b: Tensor, tol = 1e-10) => {
  expect(a.shape).toEqual(b.shape)
  expect(approxEq({ rtol: tol, atol: tol })(a, b), `${a.toString()} vs ${b.toString()}`).toBe(true)
}

/** Deterministic float64 values in [lo, hi) (a 32-bit LCG; no Math.random). */
const det = (shape: number[], seed: number, lo = -1, hi = 1): Tensor => {
  let s = (seed * 2654435761) >>> 0
  const n = shape.reduce((a, b) => a * b, 1)
  const buf = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    buf[i] = lo + (hi - lo) * (s / 2 ** 32)
  }
  return fromBuffer(buf, shape, 'float64')
}
/** A well-conditioned matrix (or batch of them): noise in [-1, 1) plus n·I. */
const wellConditioned = (batch: number[], n: number, seed: number): Tensor => add(det([...batch, n, n], seed), eye(n, n, 'float64').mul(n))
/** A symmetric positive definite matrix M·Mᵀ + n·I. */
const spd = (n: number, seed: number): Tensor => {
  const m = det([n, n], seed)
  return add(matmul(m, mT(m)), eye(n, n, 'float64').mul(n))
}

/** Check first and second derivatives in both modes against finite differences. */
const check = (f: (...xs: Tensor[]) => unknown, args: Tensor[], order = 2) => checkGrads(f, args, { order })

describe('elementwise ops', () => {
  const x = det([2, 3], 1, -1.5, 1.5)
  const pos = det([2, 3], 2, 0.3, 2)
  const away = where(greater(x, 0), add(x, 0.2), sub(x, 0.2)) // no element near 0
  const unary: Array<[string, (t: Tensor) => Tensor, Tensor]> = [
    ['neg', neg, x], ['exp', exp, x], ['log', log, pos], ['sqrt', sqrt, pos], ['sin', sin, x], ['cos', cos, x],
    ['tanh', tanh, x], ['sigmoid', sigmoid, x], ['relu', relu, away], ['abs', abs, away], ['erf', erf, x],
    ['expm1', expm1, x], ['log1p', log1p, pos], ['square', square, x], ['rsqrt', rsqrt, pos],
    ['reciprocal', reciprocal, pos],
  ]
  it.each(unary)('%s', (_name, op, input) => check(op, [input]))

  const y = det([2, 3], 3, -1.5, 1.5)
  const binary: Array<[string, (a: Tensor, b: Tensor) => Tensor, Tensor, Tensor]> = [
    ['add', add, x, y], ['sub', sub, x, y], ['mul', mul, x, y], ['div', div, x, pos], ['pow', pow, pos, y],
    ['maximum', maximum, x, add(x, away)], ['minimum', minimum, x, add(x, away)],
  ]
  it.each(binary)('%s', (_name, op, a, b) => check(op, [a, b]))

  it('pow at a negative base with a constant exponent, in both modes and second order', () => {
    const xs = f64([-1.5, -0.5, 0.5, 2])
    const cube = (t: Tensor) => pow(t, 3)
    check(cube, [xs])
    close(grad((t: Tensor) => sum(cube(t)))(xs), f64([6.75, 0.75, 0.75, 12]))
    close(jvp(cube, [xs], [f64([1, 1, 1, 1])])[1], f64([6.75, 0.75, 0.75, 12]))
    close(jacfwd(jacfwd((t: Tensor) => sum(cube(t))))(xs), jacrev(jacrev((t: Tensor) => sum(cube(t))))(xs))
  })

  it('pow at zero: the 0·log(0) corners are 0 in every nesting (no NaN through the masked branch)', () => {
    const nestings = <F extends (...xs: Tensor[]) => Tensor>(f: F, argnums: number) => [
      jacfwd(jacrev(f, { argnums }), { argnums }), jacrev(jacrev(f, { argnums }), { argnums }),
      jacrev(jacfwd(f, { argnums }), { argnums }), jacfwd(jacfwd(f, { argnums }), { argnums }),
    ]
    // x² and x⁰ at x = 0
    for (const h of nestings((t: Tensor) => sum(pow(t, 2)), 0)) close(h(f64([0, 1])) as Tensor, f64([[2, 0], [0, 2]]))
    for (const h of nestings((t: Tensor) => sum(pow(t, 0)), 0)) close(h(f64([0, 1])) as Tensor, f64([[0, 0], [0, 0]]))
    // ∂²(aᵇ)/∂b² = aᵇ·log(a)², which is 0 at a = 0
    const l2 = Math.log(2)
    const byB = (a: Tensor, b: Tensor) => sum(pow(a, b))
    for (const h of nestings(byB, 1)) close(h(f64([0, 2]), f64([2, 2])) as Tensor, f64([[0, 0], [0, 4 * l2 * l2]]))
    expect(grad(byB, { argnums: 1 })(f64([0, 2]), f64([2, 2])).toArray()).toEqual([0, 4 * l2])
  })

  it('tie rules: relu′(0) = 0, abs′(0) = 0, maximum and minimum split ties', () => {
    expect(grad((t: Tensor) => sum(relu(t)))(f64([0, 1, -1])).toArray()).toEqual([0, 1, 0])
    expect(grad((t: Tensor) => sum(abs(t)))(f64([0, 2, -2])).toArray()).toEqual([0, 1, -1])
    const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(maximum(a, b)), { argnums: [0, 1] })(f64([1, 2, 3]), f64([1, 5, 0]))
    expect(ga.toArray()).toEqual([0.5, 0, 1])
    expect(gb.toArray()).toEqual([0.5, 1, 0])
    expect(grad((t: Tensor) => sum(maximum(t, t)))(f64([1, -1])).toArray()).toEqual([1, 1])
    expect(grad((t: Tensor) => sum(minimum(t, 0)))(f64([0, -1, 1])).toArray()).toEqual([0.5, 1, 0])
  })

  it('sign and floor have zero derivatives', () => {
    expect(grad((t: Tensor) => sum(mul(sign(t), t)))(f64([-2, 3])).toArray()).toEqual([-1, 1])
    expect(grad((t: Tensor) => sum(floor(t)))(f64([1.5, -0.2])).toArray()).toEqual([0, 0])
    expect(jvp(floor, [f64([1.5])], [f64([1])])[1].toArray()).toEqual([0])
  })
})

describe('broadcasting: gradients sum back over broadcast dimensions', () => {
  it('[2, 1, 3] with [4, 1]', () => {
    const a = det([2, 1, 3], 4)
    const b = det([4, 1], 5)
    const [ga, gb] = grad((p: Tensor, q: Tensor) => sum(mul(p, q)), { argnums: [0, 1] })(a, b)
    expect(ga.shape).toEqual([2, 1, 3])
    expect(gb.shape).toEqual([4, 1])
    close(ga, broadcastTo(sum(b), [2, 1, 3]))
    close(gb, broadcastTo(sum(a), [4, 1]))
    check((p, q) => mul(p, q), [a, b])
    check((p, q) => div(p, add(exp(q), 1)), [a, b])
  })

  it('with a scalar tensor and a plain number', () => {
    const x = det([2, 3], 6)
    const s = f64(0.7)
    const [gx, gs] = grad((p: Tensor, q: Tensor) => sum(add(mul(p, q), 3)), { argnums: [0, 1] })(x, s)
    expect(gs.shape).toEqual([])
    close(gs, sum(x))
    close(gx, broadcastTo(s, [2, 3]))
  })

  it('the counts come out right: grad of sum(a + b) is the broadcast multiplicity', () => {
    const [ga, gb] = grad((p: Tensor, q: Tensor) => sum(add(p, q)), { argnums: [0, 1] })(det([3, 1], 7), det([1, 4], 8))
    expect(ga.toArray()).toEqual([[4], [4], [4]])
    expect(gb.toArray()).toEqual([[3, 3, 3, 3]])
  })

  it('broadcasting in forward mode and in where', () => {
    const cond = tensor([[true, false, true]])
    const f = (p: Tensor, q: Tensor) => where(cond, p, q)
    check(f, [det([2, 1], 9), det([3], 10)])
    const [gp, gq] = grad((p: Tensor, q: Tensor) => sum(f(p, q)), { argnums: [0, 1] })(det([2, 1], 9), det([3], 10))
    expect(gp.toArray()).toEqual([[2], [2]])
    expect(gq.toArray()).toEqual([0, 2, 0])
  })
})

describe('reductions', () => {
  const x = det([2, 3, 2], 11)
  const distinct = f64([[[0.5, -1.2], [2.3, 0.1], [-0.4, 1.7]], [[1.1, 0.9], [-2.2, 0.3], [0.6, -0.8]]])
  const cases: Array<[string, (t: Tensor) => Tensor, Tensor]> = [
    ['sum (all)', (t) => sum(t), x],
    ['sum (axis, keepdims)', (t) => sum(t, 1, true), x],
    ['sum (several axes, negative)', (t) => sum(t, [0, -1]), x],
    ['mean', (t) => mean(t, [0, 2]), x],
    ['variance', (t) => variance(t, 1, false, 1), x],
    ['prod', (t) => prod(t, 2), x],
    ['max', (t) => max(t, 1), distinct],
    ['min', (t) => min(t, [0, 2], true), distinct],
    ['max (all)', (t) => max(t), distinct],
    ['logsumexp', (t) => logsumexp(t, 1), x],
    ['logsumexp (all, keepdims)', (t) => logsumexp(t, undefined, true), x],
  ]
  it.each(cases)('%s', (_name, op, input) => check(op, [input]))

  it('prod with a zero element has the product of the others as derivative', () => {
    expect(grad((t: Tensor) => prod(t))(f64([2, 0, 3])).toArray()).toEqual([0, 6, 0])
    expect(grad((t: Tensor) => prod(t))(f64([0, 0, 3])).toArray()).toEqual([0, 0, 0])
    check((t) => prod(t), [f64([2, 0, 3])])
  })

  it('max and min share the derivative equally among ties (both modes)', () => {
    expect(grad((t: Tensor) => max(t))(f64([1, 3, 3])).toArray()).toEqual([0, 0.5, 0.5])
    close(grad((t: Tensor) => min(t))(f64([2, 2, 2, 5])), f64([1 / 3, 1 / 3, 1 / 3, 0]), 1e-15)
    // along an axis, each row on its own
    expect(grad((t: Tensor) => sum(max(t, 1)))(f64([[1, 1, 0], [0, 4, 2]])).toArray()).toEqual([[0.5, 0.5, 0], [0, 1, 0]])
    // forward mode: the mean of the tangents over the tied elements
    expect(jvp((t: Tensor) => max(t), [f64([1, 3, 3])], [f64([10, 2, 4])])[1].item()).toBe(3)
    expect(jvp((t: Tensor) => min(t, 0), [f64([[1, 2], [1, 0]])], [f64([[2, 5], [4, 7]])])[1].toArray()).toEqual([3, 7])
    // the jvp and vjp of the tie rule are adjoint
    const [, pb] = vjp((t: Tensor) => max(t, 1), f64([[1, 1, 0], [0, 4, 4]]))
    const ct = f64([2, -1])
    const tan = f64([[1, 2, 3], [4, 5, 6]])
    const lhs = sum(mul(ct, jvp((t: Tensor) => max(t, 1), [f64([[1, 1, 0], [0, 4, 4]])], [tan])[1])).item()
    const rhs = sum(mul(pb(ct)[0], tan)).item()
    expect(lhs).toBeCloseTo(rhs, 12)
  })

  it('logsumexp: its gradient is the softmax, stable for large inputs', () => {
    const v = f64([1000, 1001, 999])
    const g = grad((t: Tensor) => logsumexp(t))(v)
    const e = [Math.exp(-1), 1, Math.exp(-2)]
    const z = e[0]! + e[1]! + e[2]!
    close(g, f64(e.map((x) => x / z)), 1e-12)
    expect(Number.isFinite(logsumexp(v).item())).toBe(true)
    check((t) => logsumexp(t, 0), [f64([[1000, -3], [1001, 2]])])
  })

  it('argmax is not differentiated (zero derivative through a cast)', () => {
    expect(grad((t: Tensor) => sum(mul(argmax(t).cast('float64'), t)))(f64([1, 3, 2])).toArray()).toEqual([1, 1, 1])
  })
})

describe('shape ops', () => {
  const x = det([2, 3, 4], 12)
  const cases: Array<[string, (t: Tensor) => Tensor]> = [
    ['reshape', (t) => reshape(t, [4, -1])],
    ['transpose', (t) => transpose(t, [1, 2, 0])],
    ['transpose (reversed)', (t) => transpose(t)],
    ['mT', (t) => mT(t)],
    ['broadcastTo', (t) => broadcastTo(t, [2, 2, 3, 4])],
    ['expandDims', (t) => expandDims(t, 1)],
    ['squeeze', (t) => squeeze(expandDims(t, 0), 0)],
    ['slice (steps)', (t) => slice(t, [1, 0, 1], [2, 3, 4], [1, 2, 2])],
    ['slice (negative bounds)', (t) => slice(t, [-1, -2], [undefined, undefined])],
    ['pad', (t) => pad(t, [[1, 0], [0, 2], [1, 1]], 0.5)],
    ['concat', (t) => concat([t, mul(t, 2), sin(t)], 2)],
    ['stack', (t) => stack([t, exp(t)], 1)],
    ['flip', (t) => flip(t, [0, 2])],
    ['flip (all)', (t) => flip(t)],
    ['take', (t) => take(t, [3, 0, 3, -1], 2)],
    ['take (2-D indices)', (t) => take(t, tensor([[1, 1], [0, 2]], { dtype: 'int32' }), 1)],
    ['scatterAdd', (t) => scatterAdd(t, [1, 1], mul(slice(t, [0, 0], [2, 2]), 3), 1)],
  ]
  it.each(cases)('%s', (_name, op) => check(op, [x]))

  it('take: the vjp scatter-adds, repeated indices accumulate', () => {
    const g = grad((t: Tensor) => sum(mul(take(t, [0, 0, 2, 0]), f64([1, 10, 100, 1000]))))(f64([5, 6, 7]))
    expect(g.toArray()).toEqual([1011, 0, 100])
    const g2 = grad((t: Tensor) => sum(take(t, [1, 1, 1], 1)))(f64([[1, 2], [3, 4]]))
    expect(g2.toArray()).toEqual([[0, 3], [0, 3]])
  })

  it('scatterAdd: the gradient of the updates gathers, of the operand passes through', () => {
    const [gx, gu] = grad((a: Tensor, u: Tensor) => sum(mul(scatterAdd(a, [2, 2, 0], u), f64([1, 2, 3]))), { argnums: [0, 1] })(
      f64([0, 0, 0]), f64([1, 1, 1]))
    expect(gx.toArray()).toEqual([1, 2, 3])
    expect(gu.toArray()).toEqual([3, 3, 1])
    check((a, u) => scatterAdd(a, [2, 2, 0], u), [f64([0.1, 0.2, 0.3]), f64([1, -1, 2])])
  })

  it('pad: the padding value gets the sum of the cotangent over the padding', () => {
    const g = grad((t: Tensor) => sum(pad(t, [[1, 2]], 0)))(f64([1, 2]))
    expect(g.toArray()).toEqual([1, 1])
    const slices = grad((t: Tensor) => sum(mul(slice(t, [1], [5], [2]), f64([2, 3]))))(f64([1, 2, 3, 4, 5]))
    expect(slices.toArray()).toEqual([0, 2, 0, 3, 0])
  })

  it('oneHot builds a constant that gradients flow around', () => {
    const hot = oneHot([2, 0], 3, 'float64')
    const g = grad((t: Tensor) => sum(mul(hot, t)))(det([2, 3], 13))
    expect(g.toArray()).toEqual([[0, 0, 1], [1, 0, 0]])
  })
})

describe('matmul: every layout, both modes', () => {
  const layouts: Array<[string, Tensor, Tensor, { transA?: boolean; transB?: boolean }]> = [
    ['[2,3]·[3,4]', det([2, 3], 20), det([3, 4], 21), {}],
    ['transA: [3,2]ᵀ·[3,4]', det([3, 2], 22), det([3, 4], 23), { transA: true }],
    ['transB: [2,3]·[4,3]ᵀ', det([2, 3], 24), det([4, 3], 25), { transB: true }],
    ['transA and transB', det([3, 2], 26), det([4, 3], 27), { transA: true, transB: true }],
    ['vector·matrix', det([3], 28), det([3, 4], 29), {}],
    ['matrix·vector', det([2, 3], 30), det([3], 31), {}],
    ['vector·vector', det([3], 32), det([3], 33), {}],
    ['batched [2,2,3]·[2,3,4]', det([2, 2, 3], 34), det([2, 3, 4], 35), {}],
    ['batched with transA and transB', det([2, 3, 2], 36), det([2, 4, 3], 37), { transA: true, transB: true }],
    ['batched·2-D', det([2, 2, 3], 38), det([3, 4], 39), {}],
    ['batched·2-D transB', det([2, 2, 3], 40), det([4, 3], 41), { transB: true }],
    ['2-D·batched', det([2, 3], 42), det([2, 3, 4], 43), {}],
    ['batched transA·2-D', det([2, 3, 2], 44), det([3, 4], 45), { transA: true }],
    ['broadcast batch [2,1,2,3]·[3,3,2]', det([2, 1, 2, 3], 46), det([3, 3, 2], 47), {}],
    ['broadcast batch [1,2,3]·[2,3,4]', det([1, 2, 3], 48), det([2, 3, 4], 49), {}],
    ['broadcast batch with transA [1,3,2]ᵀ·[2,3,4]', det([1, 3, 2], 54), det([2, 3, 4], 55), { transA: true }],
    ['broadcast batch with transB [2,1,2,3]·[3,4,3]ᵀ', det([2, 1, 2, 3], 56), det([3, 4, 3], 57), { transB: true }],
    ['2-D transA·batched [3,2]ᵀ·[2,3,4]', det([3, 2], 58), det([2, 3, 4], 59), { transA: true }],
    ['vector with transA', det([3], 60), det([3, 4], 61), { transA: true }],
  ]
  it.each(layouts)('%s', (_name, a, b, opts) => {
    check((p, q) => matmul(p, q, opts), [a, b])
    // a vector transposed is the same vector
    const ref = (p: Tensor, q: Tensor) => matmul(opts.transA && p.ndim > 1 ? mT(p) : p, opts.transB && q.ndim > 1 ? mT(q) : q)
    const w = det(matmul(a, b, opts).shape as number[], 50)
    const loss = (mm: typeof ref) => (p: Tensor, q: Tensor) => sum(mul(mm(p, q), w))
    const [ga, gb] = grad(loss((p, q) => matmul(p, q, opts)), { argnums: [0, 1] })(a, b)
    const [ra, rb] = grad(loss(ref), { argnums: [0, 1] })(a, b)
    expect(ga.shape).toEqual(a.shape)
    expect(gb.shape).toEqual(b.shape)
    close(ga, ra, 1e-12)
    close(gb, rb, 1e-12)
  })

  it('matches the closed form dA = G·Bᵀ, dB = Aᵀ·G', () => {
    const a = det([2, 3], 51)
    const b = det([3, 4], 52)
    const g = det([2, 4], 53)
    const [, pb] = vjp((p: Tensor, q: Tensor) => matmul(p, q), a, b)
    const [da, db] = pb(g)
    close(da, matmul(g, mT(b)), 1e-12)
    close(db, matmul(mT(a), g), 1e-12)
    close(jacfwd((p: Tensor) => matmul(p, b))(a), jacrev((p: Tensor) => matmul(p, b))(a), 1e-12)
  })
})

describe('linear algebra', () => {
  const a = wellConditioned([], 3, 60)
  it('solve (matrix and vector right-hand sides, batched)', () => {
    check((p, q) => linalg.solve(p, q), [a, det([3, 2], 61)])
    check((p, q) => linalg.solve(p, q), [a, det([3], 62)])
    check((p, q) => linalg.solve(p, q), [wellConditioned([2], 3, 63), det([2, 3, 2], 64)])
    // closed form: with X = A⁻¹B, Bbar = A⁻ᵀ·G and Abar = −Bbar·Xᵀ
    const b = det([3, 2], 61)
    const g = det([3, 2], 65)
    const [, pb] = vjp((p: Tensor, q: Tensor) => linalg.solve(p, q), a, b)
    const [da, db] = pb(g)
    const bbar = linalg.solve(mT(a), g)
    close(db, bbar)
    close(da, neg(matmul(bbar, mT(linalg.solve(a, b)))))
  })

  it('triangularSolve', () => {
    check((p, q) => linalg.triangularSolve(p, q), [a, det([3, 2], 66)])
    check((p, q) => linalg.triangularSolve(p, q, { lower: false, transA: true }), [a, det([3, 2], 67)])
    check((p, q) => linalg.triangularSolve(p, q, { unitDiagonal: true }), [a, det([3], 68)])
  })

  it('cholesky reads the lower triangle', () => {
    const s = spd(3, 70)
    check((p) => linalg.cholesky(p), [s])
    // the upper triangle is never read: its gradient is zero, and a tangent there does nothing
    const g = grad((p: Tensor) => sum(mul(linalg.cholesky(p), det([3, 3], 71))))(s)
    const ga = g.toArray() as number[][]
    expect([ga[0]![1], ga[0]![2], ga[1]![2]]).toEqual([0, 0, 0])
    const upper = f64([[0, 1, 1], [0, 0, 1], [0, 0, 0]])
    close(jvp((p: Tensor) => linalg.cholesky(p), [s], [upper])[1], mul(s, 0))
    // symmetric tangents: d(L·Lᵀ) = dA
    const e = f64([[1, 0.5, 0], [0.5, 2, -1], [0, -1, 0.3]])
    const [l, dl] = jvp((p: Tensor) => linalg.cholesky(p), [s], [e])
    close(add(matmul(dl, mT(l)), matmul(l, mT(dl))), e, 1e-12)
    // a batch of them
    check((p) => linalg.cholesky(p), [stack([s, spd(3, 72)])])
  })

  it('inv', () => {
    check((p) => linalg.inv(p), [a])
    // d inv(A) = −A⁻¹·dA·A⁻¹
    const t = det([3, 3], 73)
    const ai = linalg.inv(a)
    close(jvp((p: Tensor) => linalg.inv(p), [a], [t])[1], neg(matmul(matmul(ai, t), ai)), 1e-12)
  })

  it('slogdet and det', () => {
    const flipped = mul(a, f64([[-1], [1], [1]])) // negative determinant
    for (const m of [a, flipped]) {
      check((p) => linalg.slogdet(p)[1], [m])
      check((p) => linalg.det(p), [m])
      // ∂ log|det A| = A⁻ᵀ; ∂ det A = det(A)·A⁻ᵀ
      close(grad((p: Tensor) => linalg.slogdet(p)[1])(m), mT(linalg.inv(m)), 1e-12)
      close(grad((p: Tensor) => linalg.det(p))(m), mul(linalg.det(m), mT(linalg.inv(m))), 1e-12)
      expect(grad((p: Tensor) => linalg.slogdet(p)[0])(m).toArray()).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]])
    }
    expect(linalg.slogdet(flipped)[0].item()).toBe(-1)
    check((p) => linalg.slogdet(p)[1], [wellConditioned([2], 3, 74)])
  })
})

describe('symbolic zeros in forward mode', () => {
  // A constant operand has no tangent; mul and matmul skip its term rather than multiply
  // zeros into the other operand (as JAX does), so an infinite primal there stays harmless.
  it('mul skips the term of a constant factor', () => {
    const c = tensor([2, 3])
    const [y, t] = jvp((x: Tensor) => mul(x, c), [tensor([Infinity, 1])], [tensor([1, 1])])
    expect(y.toArray()).toEqual([Infinity, 3])
    expect(t.toArray()).toEqual([2, 3])
  })
  it('matmul skips the product with a constant matrix', () => {
    const a = tensor([[1, 2], [3, 4]])
    const [, t] = jvp((x: Tensor) => matmul(x, a), [tensor([[Infinity, 0]])], [tensor([[1, 1]])])
    expect(t.toArray()).toEqual([[4, 6]])
    const [, t2] = jvp((x: Tensor) => matmul(a, x), [tensor([[Infinity], [0]])], [tensor([[1], [0]])])
    expect(t2.toArray()).toEqual([[1], [3]])
  })
})
