/**
 * Laws of automatic differentiation, checked for every registered primitive.
 *
 * Two layers, as in fp-ts-laws:
 *
 * 1. `adLaws`: pure predicates `(fn, inputs, tolerance, salt?) => boolean`. `fn`
 *    takes tensors and returns a pytree of tensors; `inputs` are its arguments.
 *    Directions (tangents, cotangents, weights) come from a fixed sequence
 *    seeded by `salt`, so every check replays.
 *    The laws: jvp is linear in the tangent; vjp is the adjoint of jvp; both
 *    agree with central finite differences; jacfwd equals jacrev; Hessians are
 *    symmetric; the chain rule holds for a composition; second derivatives in all
 *    four nestings (fwd/rev over fwd/rev) agree with finite differences of the
 *    gradient; and, for non-differentiable primitives, every derivative is zero.
 * 2. Runners: `checkPrimitiveCoverage` (every registered primitive has a case
 *    here, and every case a primitive), `checkPrimitiveLaws` (the laws over each
 *    primitive's case, which must bind that primitive, with fast-check and the
 *    fixed `SEED`) and `checkAdLaws` (the same laws for your own function).
 *
 * `primitiveCases` maps each primitive name to a small float64 test function
 * and an input generator that stays in the primitive's safe domain (log and
 * sqrt see positive numbers, solve sees well-conditioned matrices, cholesky
 * sees SPD ones, max and min see no ties). A primitive whose derivative is
 * zero by definition (comparisons, sign, floor, argmax, ...) is checked to
 * have zero derivatives in both modes.
 *
 * @example
 * checkAdLaws((x: Tensor) => sum(tanh(x)), fc.constant([tensor([0.1, -0.3], { dtype: 'float64' })]))
 *
 * @since 0.1.0
 */
import fc from 'fast-check'
import {
  abs, add, argmax, argmin, broadcastTo, cast, concat, cos, div, equal, erf, erfc, exp, expm1, flip, floor, grad, greater,
  greaterEqual, hessian, jacfwd, jacrev, jvp, less, lessEqual, log, log1p, matmul, max, maximum, min, minimum, mul,
  neg, notEqual, pow, prod, relu, reshape, scatterAdd, sigmoid, sign, sin, slice, sqrt, stopGradient, sub, sum, take,
  tanh, transpose, vjp, where,
} from '../src/ad/index.js'
import { bind, primitives, Trace, Tracer, withTrace, type Primitive } from '../src/ad/core.js'
import { padP } from '../src/ad/prims/shape.js'
import { cholesky, slogdet, solve, triangularSolve } from '../src/linalg.js'
import { tensor, zeros } from '../src/tensor/create.js'
import { isFloat } from '../src/tensor/dtype.js'
import { fromBuffer, Tensor } from '../src/tensor/tensor.js'
import * as tree from '../src/tree/index.js'
import { approxEq, approxEqNum, SEED, type Tolerance } from './approx.js'

// ---- model ----

/** A function under test: tensors in, a pytree of tensors out. */
export type AdFn = (...xs: Tensor[]) => unknown

/** A tolerance, plus the finite-difference step (default 1e-5, for float64). */
export interface AdTolerance extends Tolerance {
  readonly eps?: number
}

/** A primitive's test: a function that binds it, and inputs in its safe domain. */
export interface AdCase {
  readonly fn: AdFn
  readonly arb: fc.Arbitrary<Tensor[]>
  /** The primitive's derivative is zero by definition: check that, not the other laws. */
  readonly nondiff?: boolean
  /** Overrides the runner's tolerance (e.g. a float32 round trip needs a larger step). */
  readonly tolerance?: AdTolerance
  /** Inputs always checked first, before the generated ones: the rule's edge points. */
  readonly examples?: ReadonlyArray<Tensor[]>
}

// ---- helpers ----

const leavesOf = (t: unknown): Tensor[] =>
  tree.leaves(t as tree.PyTree<unknown>).map((l) => {
    if (!(l instanceof Tensor)) throw new TypeError(`laws/ad: expected tensors at the leaves, got ${typeof l}`)
    return l
  })

/** Fixed pseudo-random directions in (-1, 1) shaped like `like` (zeros for non-float leaves). */
const directions = (like: ReadonlyArray<Tensor>, salt: number): Tensor[] => {
  let s = (0x2545f491 ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0
  return like.map((l) => {
    if (!isFloat(l.dtype)) return zeros(l.shape, l.dtype)
    const buf = l.dtype === 'float64' ? new Float64Array(l.size) : new Float32Array(l.size)
    for (let i = 0; i < buf.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0
      buf[i] = (s / 2 ** 32) * 2 - 1
    }
    return fromBuffer(buf, l.shape, l.dtype)
  })
}

/** Σ a·b over the float leaves, in float64 on plain numbers. */
const innerProduct = (a: ReadonlyArray<Tensor>, b: ReadonlyArray<Tensor>): number => {
  let acc = 0
  a.forEach((x, i) => {
    const y = b[i]!
    if (!isFloat(x.dtype) || !isFloat(y.dtype)) return
    const xs = x.data()
    const ys = y.data()
    for (let k = 0; k < xs.length; k++) acc += xs[k]! * ys[k]!
  })
  return acc
}

/** Σ |a|·|b|: the scale an inner product is compared at. */
const innerScale = (a: ReadonlyArray<Tensor>, b: ReadonlyArray<Tensor>): number =>
  innerProduct(a.map((x) => (isFloat(x.dtype) ? abs(x) : x)), b.map((y) => (isFloat(y.dtype) ? abs(y) : y)))

const floatIndices = (inputs: ReadonlyArray<Tensor>): number[] =>
  inputs.flatMap((x, i) => (isFloat(x.dtype) ? [i] : []))

/** Leafwise approximate equality of two trees (same structure and shapes). */
const treesClose = (tol: Tolerance, a: unknown, b: unknown): boolean => {
  if (!tree.structureEquals(a, b)) return false
  const la = leavesOf(a)
  const lb = leavesOf(b)
  return la.every((x, i) => approxEq(tol)(cast(x, 'float64'), cast(lb[i]!, 'float64')))
}

/** Inner products agree within atol + rtol · (their natural scale). */
const innerClose = (tol: Tolerance, got: number, want: number, scale: number): boolean =>
  approxEqNum({ rtol: 0, atol: (tol.atol ?? 1e-6) + (tol.rtol ?? 1e-6) * Math.max(scale, Math.abs(want)) })(got, want)

const axpby = (a: number, xs: ReadonlyArray<Tensor>, b: number, ys: ReadonlyArray<Tensor>): Tensor[] =>
  xs.map((x, i) => (isFloat(x.dtype) ? add(mul(x, a), mul(ys[i]!, b)) : x))

const jvpLeaves = (fn: AdFn, inputs: ReadonlyArray<Tensor>, tangents: ReadonlyArray<Tensor>): Tensor[] =>
  leavesOf(jvp(fn, inputs, tangents)[1])

const pullback = (fn: AdFn, inputs: ReadonlyArray<Tensor>, salt: number): { u: Tensor[]; cts: Tensor[] } => {
  const [out, pb] = vjp(fn, ...inputs)
  const [ol, odef] = tree.flatten(out as tree.PyTree<Tensor>)
  const u = directions(ol, salt)
  return { u, cts: leavesOf(pb(tree.unflatten(odef, u) as never)) }
}

/** The central finite difference of fn at inputs along t, per output leaf. */
const finiteDiff = (fn: AdFn, inputs: ReadonlyArray<Tensor>, t: ReadonlyArray<Tensor>, eps: number): Tensor[] => {
  const plus = leavesOf(fn(...axpby(1, inputs, eps, t)))
  const minus = leavesOf(fn(...axpby(1, inputs, -eps, t)))
  return plus.map((p, i) => (isFloat(p.dtype) ? div(sub(p, minus[i]!), 2 * eps) : p))
}

/** ⟨w, fn(xs)⟩: a scalar function of fn's inputs (w fixed). */
const scalarize = (fn: AdFn, w: ReadonlyArray<Tensor>) => (...xs: Tensor[]): Tensor =>
  leavesOf(fn(...xs)).reduce<Tensor>((acc, y, i) => (isFloat(y.dtype) ? add(acc, sum(mul(y, w[i]!))) : acc), tensor(0, { dtype: 'float64' }))

// ---- laws ----

/** jvp is linear in the tangent: J(a·t₁ + b·t₂) = a·J t₁ + b·J t₂. */
const jvpLinear = (fn: AdFn, inputs: ReadonlyArray<Tensor>, tol: AdTolerance, salt = 0): boolean => {
  const t1 = directions(inputs, salt)
  const t2 = directions(inputs, salt + 1)
  const a = 1.5
  const b = -0.75
  const lhs = jvpLeaves(fn, inputs, axpby(a, t1, b, t2))
  const j1 = jvpLeaves(fn, inputs, t1)
  const j2 = jvpLeaves(fn, inputs, t2)
  return lhs.every((l, i) => !isFloat(l.dtype) || approxEq(tol)(l, add(mul(j1[i]!, a), mul(j2[i]!, b))))
}

/** vjp is the adjoint of jvp: ⟨ū, J t⟩ = ⟨Jᵀ ū, t⟩. */
const vjpAdjoint = (fn: AdFn, inputs: ReadonlyArray<Tensor>, tol: AdTolerance, salt = 0): boolean => {
  const t = directions(inputs, salt)
  const jt = jvpLeaves(fn, inputs, t)
  const { u, cts } = pullback(fn, inputs, salt + 7)
  return innerClose(tol, innerProduct(cts, t), innerProduct(u, jt), innerScale(u, jt))
}

/** jvp agrees with a central finite difference (use float64). */
const jvpMatchesFiniteDiff = (fn: AdFn, inputs: ReadonlyArray<Tensor>, tol: AdTolerance, salt = 0): boolean => {
  const t = directions(inputs, salt)
  const fd = finiteDiff(fn, inputs, t, tol.eps ?? 1e-5)
  const jt = jvpLeaves(fn, inputs, t)
  return jt.every((j, i) => !isFloat(j.dtype) || approxEq(tol)(j, fd[i]!))
}

/** vjp agrees with a central finite difference: ⟨Jᵀ ū, t⟩ = ⟨ū, (f(x + εt) − f(x − εt)) / 2ε⟩. */
const vjpMatchesFiniteDiff = (fn: AdFn, inputs: ReadonlyArray<Tensor>, tol: AdTolerance, salt = 0): boolean => {
  const t = directions(inputs, salt)
  const fd = finiteDiff(fn, inputs, t, tol.eps ?? 1e-5)
  const { u, cts } = pullback(fn, inputs, salt + 7)
  return innerClose(tol, innerProduct(cts, t), innerProduct(u, fd), innerScale(u, fd))
}

/** The Jacobians by forward and by reverse mode agree (over every float input). */
const jacfwdEqualsJacrev = (fn: AdFn, inputs: ReadonlyArray<Tensor>, tol: AdTolerance): boolean => {
  const argnums = floatIndices(inputs)
  if (argnums.length === 0) return true
  const jf = jacfwd(fn, { argnums })(...inputs)
  const jr = jacrev(fn, { argnums })(...inputs)
  return treesClose(tol, jf, jr)
}

/** The Hessian of ⟨w, fn(x)⟩ (forward-over-reverse) is symmetric: H[i][j] = H[j][i]ᵀ. */
const hessianSymmetric = (fn: AdFn, inputs: ReadonlyArray<Tensor>, tol: AdTolerance, salt = 0): boolean => {
  const argnums = floatIndices(inputs)
  if (argnums.length === 0) return true
  const w = directions(leavesOf(fn(...inputs)), salt + 11)
  const h = hessian(scalarize(fn, w), { argnums })(...inputs) as unknown as Tensor[][]
  const n = argnums.map((a) => inputs[a]!.size)
  return argnums.every((_, i) =>
    argnums.every((_, j) => {
      const hij = reshape(h[i]![j]!, [n[i]!, n[j]!])
      const hji = reshape(h[j]![i]!, [n[j]!, n[i]!])
      return approxEq(tol)(hij, transpose(hji))
    }))
}

/**
 * The chain rule for h∘fn with a smooth outer h(y) = ⟨w, sin(y)⟩: in reverse
 * mode ∇(h∘fn) = Jᵀ∇h(fn(x)), in forward mode J_{h∘fn} t = J_h (J t).
 */
const chainRule = (fn: AdFn, inputs: ReadonlyArray<Tensor>, tol: AdTolerance, salt = 0): boolean => {
  const y = fn(...inputs)
  const w = directions(leavesOf(y), salt + 13)
  const h = (yy: unknown): Tensor => scalarize(() => tree.map((l: Tensor) => (isFloat(l.dtype) ? sin(l) : l), yy), w)()
  const composite = (...xs: Tensor[]): Tensor => h(fn(...xs))
  // reverse: the pullback of h∘fn at 1 is fn's pullback of h's gradient
  const [, pbC] = vjp(composite, ...inputs)
  const gC = leavesOf(pbC(tensor(1, { dtype: 'float64' }) as never))
  const [, pbH] = vjp(h, y)
  const [gH] = pbH(tensor(1, { dtype: 'float64' }) as never) as unknown as [unknown]
  const [, pbF] = vjp(fn, ...inputs)
  const gF = leavesOf(pbF(gH as never))
  const revOk = gC.every((g, i) => !isFloat(g.dtype) || approxEq(tol)(g, gF[i]!))
  // forward: push t through fn, then through h
  const t = directions(inputs, salt)
  const [, tC] = jvp(composite, inputs, t)
  const [, tY] = jvp(fn, inputs, t)
  const [, tH] = jvp(h, [y], [tY])
  return revOk && approxEq(tol)(tC as Tensor, tH as Tensor)
}

/**
 * Second order: the Hessian of ⟨w, fn(x)⟩ along t, by forward-over-reverse,
 * reverse-over-forward and reverse-over-reverse, and sᵀHt by forward-over-forward,
 * all agree with a central finite difference of the gradient. Catches rules
 * written with ops whose own derivatives are wrong or missing.
 */
const hvpMatchesFiniteDiff = (fn: AdFn, inputs: ReadonlyArray<Tensor>, tol: AdTolerance, salt = 0): boolean => {
  const argnums = floatIndices(inputs)
  if (argnums.length === 0) return true
  const w = directions(leavesOf(fn(...inputs)), salt + 17)
  const g = scalarize(fn, w)
  const grads = grad(g, { argnums }) as (...xs: Tensor[]) => Tensor[]
  const t = directions(inputs, salt + 19)
  const s = directions(inputs, salt + 23)
  const pick = (xs: ReadonlyArray<Tensor>): Tensor[] => argnums.map((a) => xs[a]!)
  const fd = finiteDiff(grads, inputs, t, tol.eps ?? 1e-5)
  const dirDeriv = (...xs: Tensor[]) => jvp(g, xs, t)[1] as Tensor
  const fwdRev = leavesOf(jvp(grads, inputs, t)[1])
  const revFwd = leavesOf(grad(dirDeriv, { argnums })(...inputs))
  const revRev = pick(leavesOf(vjp(grads, ...inputs)[1](pick(t) as never)))
  const fwdFwd = (jvp(dirDeriv, inputs, s)[1] as Tensor).item()
  const close = (hs: ReadonlyArray<Tensor>) => hs.every((h, i) => approxEq(tol)(h, fd[i]!))
  return close(fwdRev) && close(revFwd) && close(revRev) &&
    innerClose(tol, fwdFwd, innerProduct(pick(s), fd), innerScale(pick(s), fd))
}

/** Every derivative is zero (non-differentiable primitives: comparisons, sign, floor, argmax, ...). */
const zeroDerivative = (fn: AdFn, inputs: ReadonlyArray<Tensor>, tol: AdTolerance, salt = 0): boolean => {
  const isZero = (x: Tensor) => !isFloat(x.dtype) || approxEq(tol)(x, mul(x, 0))
  const jt = jvpLeaves(fn, inputs, directions(inputs, salt))
  const { cts } = pullback(fn, inputs, salt + 7)
  return jt.every(isZero) && cts.every(isZero)
}

/** The AD laws, as pure predicates `(fn, inputs, tolerance, salt?) => boolean`. */
export const adLaws = {
  jvpLinear,
  vjpAdjoint,
  jvpMatchesFiniteDiff,
  vjpMatchesFiniteDiff,
  jacfwdEqualsJacrev,
  hessianSymmetric,
  chainRule,
  hvpMatchesFiniteDiff,
  zeroDerivative,
}

/** Which primitives does `fn` bind when run on `inputs`? (a recording interpreter) */
export const primitivesBoundBy = (fn: AdFn, inputs: ReadonlyArray<Tensor>): Set<string> => {
  class RecordTracer extends Tracer {
    constructor(readonly trace: RecordTrace, readonly primal: Tensor) {
      super()
    }
  }
  class RecordTrace extends Trace {
    readonly seen = new Set<string>()
    constructor(level: number) {
      super(level, 'record')
    }
    lift(x: Tensor): RecordTracer {
      return new RecordTracer(this, x)
    }
    process<P>(prim: Primitive<P>, args: ReadonlyArray<Tracer>, params: P): Tensor {
      this.seen.add(prim.name)
      return new RecordTracer(this, bind(prim, args.map((a) => (a as RecordTracer).primal), params))
    }
  }
  return withTrace((l) => new RecordTrace(l), (trace) => {
    fn(...inputs.map((x) => trace.lift(x)))
    return trace.seen
  })
}

// ---- arbitraries (float64, in safe domains) ----

const size = (shape: ReadonlyArray<number>): number => shape.reduce((a, b) => a * b, 1)
const f64 = (values: ReadonlyArray<number>, shape: ReadonlyArray<number>): Tensor =>
  fromBuffer(Float64Array.from(values), shape, 'float64')
// spread evenly over [min, max] (fc.double favours tiny magnitudes, which hide most of a domain)
const STEPS = 2 ** 24
const doubles = (n: number, min: number, max: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 0, max: STEPS }).map((k) => min + ((max - min) * k) / STEPS), { minLength: n, maxLength: n })

/** A float64 tensor with entries in [min, max]. */
const arbT = (shape: ReadonlyArray<number>, min = -2, max = 2): fc.Arbitrary<Tensor> =>
  doubles(size(shape), min, max).map((v) => f64(v, shape))

/** Entries with |x| in [lo, hi] and either sign: away from a kink or pole at 0. */
const arbAway = (shape: ReadonlyArray<number>, lo = 0.2, hi = 2): fc.Arbitrary<Tensor> =>
  fc.tuple(doubles(size(shape), lo, hi), fc.array(fc.boolean(), { minLength: size(shape), maxLength: size(shape) }))
    .map(([m, s]) => f64(m.map((x, i) => (s[i] ? -x : x)), shape))

/**
 * Entries in [min, max], where about half are drawn from `edges` exactly: the points where a
 * rule switches branch (an exponent of 0, 1 or 2, a base of 0), which an even spread never hits.
 */
const arbEdges = (shape: ReadonlyArray<number>, min: number, max: number, edges: ReadonlyArray<number>): fc.Arbitrary<Tensor> =>
  fc.array(fc.oneof(fc.constantFrom(...edges), doubles(1, min, max).map((v) => v[0]!)), { minLength: size(shape), maxLength: size(shape) })
    .map((v) => f64(v, shape))

/** Distinct entries at least 0.5 apart (in a random order): no ties for max/min. */
const arbDistinct = (shape: ReadonlyArray<number>): fc.Arbitrary<Tensor> => {
  const n = size(shape)
  const ranks = Array.from({ length: n }, (_, i) => i)
  return fc.tuple(fc.shuffledSubarray(ranks, { minLength: n, maxLength: n }), doubles(n, 0, 0.5))
    .map(([perm, noise]) => f64(perm.map((r, i) => r - n / 2 + noise[i]!), shape))
}

/** A well-conditioned n×n matrix: entries in [-1, 1] plus n·I, with a row sign flipped half the time. */
const arbWellConditioned = (n: number): fc.Arbitrary<Tensor> =>
  fc.tuple(doubles(n * n, -1, 1), fc.boolean()).map(([v, flipRow]) => {
    const m = v.map((x, k) => x + (Math.floor(k / n) === k % n ? n : 0))
    if (flipRow) for (let j = 0; j < n; j++) m[j] = -m[j]!
    return f64(m, [n, n])
  })

/** A symmetric positive definite n×n matrix M·Mᵀ + n·I. */
const arbSPD = (n: number): fc.Arbitrary<Tensor> =>
  doubles(n * n, -1, 1).map((v) => {
    const a: number[] = []
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = i === j ? n : 0
        for (let k = 0; k < n; k++) s += v[i * n + k]! * v[j * n + k]!
        a.push(s)
      }
    return f64(a, [n, n])
  })

const args = (...arbs: Array<fc.Arbitrary<Tensor>>): fc.Arbitrary<Tensor[]> => fc.tuple(...arbs).map((xs) => xs)

const f64c = (x: Tensor): Tensor => cast(x, 'float64')
const POW_EXPONENTS = tensor([0, 1, 2, 3], { dtype: 'float64' })
const mask23 = tensor([[true, false, true], [false, false, true]])

// ---- the primitive table ----

/** One case per registered primitive (see `checkPrimitiveCoverage`). */
export const primitiveCases: Readonly<Record<string, AdCase>> = {
  // shape and data movement (linear)
  reshape: { fn: (x) => reshape(x, [3, 2]), arb: args(arbT([2, 3])) },
  transpose: { fn: (x) => transpose(x, [2, 0, 1]), arb: args(arbT([2, 3, 2])) },
  broadcastTo: { fn: (x) => broadcastTo(x, [2, 3, 2]), arb: args(arbT([3, 1])) },
  slice: { fn: (x) => slice(x, [1, 0], [5, 4], [2, 3]), arb: args(arbT([5, 4])) },
  pad: {
    // bound directly, so the padding value is an input too
    fn: (x, v) => bind(padP, [x, v], { lo: [1, 0], hi: [0, 2], interior: [1, 0] }),
    arb: args(arbT([2, 2]), arbT([])),
  },
  concat: { fn: (x, y, z) => concat([x, y, z], 1), arb: args(arbT([2, 1]), arbT([2, 2]), arbT([2, 1])) },
  // repeated and negative indices
  take: { fn: (x) => take(x, [2, 0, 2, -1], 1), arb: args(arbT([2, 3])) },
  scatterAdd: { fn: (x, u) => scatterAdd(x, [1, 1, 0], u, 0), arb: args(arbT([2, 2]), arbT([3, 2])) },
  flip: { fn: (x) => flip(x, [0, 1]), arb: args(arbT([2, 3])) },

  // elementwise unary
  exp: { fn: (x) => exp(x), arb: args(arbT([3])) },
  log: { fn: (x) => log(x), arb: args(arbT([3], 0.2, 3)) },
  sin: { fn: (x) => sin(x), arb: args(arbT([3], -4, 4)) },
  cos: { fn: (x) => cos(x), arb: args(arbT([3], -4, 4)) },
  tanh: { fn: (x) => tanh(x), arb: args(arbT([3], -3, 3)) },
  sqrt: { fn: (x) => sqrt(x), arb: args(arbT([3], 0.2, 3)) },
  abs: { fn: (x) => abs(x), arb: args(arbAway([3])) },
  sigmoid: { fn: (x) => sigmoid(x), arb: args(arbT([3], -4, 4)) },
  erf: { fn: (x) => erf(x), arb: args(arbT([3])) },
  // into the tail, where erfc is tiny but its relative derivative is large
  erfc: { fn: (x) => erfc(x), arb: args(arbT([3], -2, 5)) },
  expm1: { fn: (x) => expm1(x), arb: args(arbT([3])) },
  log1p: { fn: (x) => log1p(x), arb: args(arbT([3], -0.5, 2)) },
  relu: { fn: (x) => relu(x), arb: args(arbAway([4])) },
  sign: { fn: (x) => sign(x), arb: args(arbAway([3])), nondiff: true },
  floor: { fn: (x) => floor(x), arb: args(arbT([3], -3, 3)), nondiff: true },

  // reductions (max/min on distinct values: the tie rule is tested in test/ad-ops.test.ts)
  sum: { fn: (x) => sum(x, [0, 2], true), arb: args(arbT([2, 2, 2])) },
  max: { fn: (x) => max(x, 1), arb: args(arbDistinct([2, 3])) },
  min: { fn: (x) => min(x, 0, true), arb: args(arbDistinct([2, 3])) },
  prod: { fn: (x) => prod(x, 1), arb: args(arbT([2, 3])) },
  argmax: { fn: (x) => f64c(argmax(x, 1)), arb: args(arbDistinct([2, 3])), nondiff: true },
  argmin: { fn: (x) => f64c(argmin(x, 0)), arb: args(arbDistinct([2, 3])), nondiff: true },

  // binary arithmetic, with broadcasting
  add: { fn: (x, y) => add(x, y), arb: args(arbT([2, 3]), arbT([3])) },
  sub: { fn: (x, y) => sub(x, y), arb: args(arbT([2, 1]), arbT([2, 3])) },
  neg: { fn: (x) => neg(x), arb: args(arbT([3])) },
  mul: { fn: (x, y) => mul(x, y), arb: args(arbT([2, 3]), arbT([2, 1])) },
  div: { fn: (x, y) => div(x, y), arb: args(arbT([2, 3]), arbAway([3], 0.5, 2)) },
  // a positive base with any exponent (edges: b = 0, where ∂²/∂a∂b = 1/a, and b = 1, 2, -1, ½),
  // and a base of either sign or 0 under the constant exponents 0, 1, 2 and 3
  pow: {
    fn: (x, y, z) => add(sum(pow(x, y)), sum(pow(z, POW_EXPONENTS))),
    arb: args(arbEdges([3], 0.3, 2, [1]), arbEdges([3], -2, 2, [0, 1, 2, -1, 0.5]), arbEdges([4], -2, 2, [0])),
    examples: [
      [f64([4, 0.5, 1], [3]), f64([0, 1, 2], [3]), f64([0, 0, 0, 0], [4])],
      [f64([2, 1.5, 0.3], [3]), f64([-1, 0.5, 0], [3]), f64([-1.5, 0, 2, -0.5], [4])],
    ],
  },
  maximum: {
    // the second operand is the first moved by at least 0.1: no ties
    fn: (x, d) => maximum(x, add(x, d)),
    arb: args(arbT([4]), arbAway([4], 0.1, 1)),
  },
  minimum: { fn: (x, d) => minimum(add(x, d), x), arb: args(arbT([4]), arbAway([4], 0.1, 1)) },
  equal: { fn: (x, y) => f64c(equal(x, y)), arb: args(arbT([3]), arbT([3])), nondiff: true },
  notEqual: { fn: (x, y) => f64c(notEqual(x, y)), arb: args(arbT([3]), arbT([3])), nondiff: true },
  less: { fn: (x, y) => f64c(less(x, y)), arb: args(arbT([3]), arbT([3])), nondiff: true },
  lessEqual: { fn: (x, y) => f64c(lessEqual(x, y)), arb: args(arbT([3]), arbT([3])), nondiff: true },
  greater: { fn: (x, y) => f64c(greater(x, y)), arb: args(arbT([3]), arbT([3])), nondiff: true },
  greaterEqual: { fn: (x, y) => f64c(greaterEqual(x, y)), arb: args(arbT([3]), arbT([3])), nondiff: true },
  where: { fn: (x, y) => where(mask23, x, y), arb: args(arbT([2, 1]), arbT([3])) },
  // float64 → float32 → float64: exact derivative, a float32-sized finite-difference error
  cast: {
    fn: (x) => mul(cast(cast(x, 'float32'), 'float64'), x),
    arb: args(arbT([3])),
    tolerance: { eps: 1e-3, rtol: 1e-3, atol: 1e-3 },
  },
  stopGradient: { fn: (x) => stopGradient(x), arb: args(arbT([3])), nondiff: true },

  // linear algebra (tiny sizes: the Hessian law is quadratic in the input size)
  matmul: { fn: (a, b) => matmul(a, b), arb: args(arbT([2, 3]), arbT([3, 2])) },
  triangularSolve: {
    // reads one triangle (with or without its diagonal) of a, with and without the transpose
    fn: (a, b) => add(triangularSolve(a, b), triangularSolve(a, b, { lower: false, transA: true, unitDiagonal: true })),
    arb: args(arbWellConditioned(2), arbT([2, 2])),
  },
  solve: { fn: (a, b) => solve(a, b), arb: args(arbWellConditioned(2), arbT([2, 2])) },
  cholesky: { fn: (a) => cholesky(a), arb: args(arbSPD(3)) },
  logAbsDet: { fn: (a) => slogdet(a)[1], arb: args(arbWellConditioned(3)) },
  detSign: { fn: (a) => slogdet(a)[0], arb: args(arbWellConditioned(3)), nondiff: true },
}

// ---- runners ----

export interface AdRunOptions {
  /** fast-check runs per case (default 8). */
  readonly numRuns?: number
  /** Tolerance for every law (default rtol 1e-5, atol 1e-6, eps 1e-5: float64). */
  readonly tolerance?: AdTolerance
  /** Which laws to check (default all but zeroDerivative). */
  readonly laws?: ReadonlyArray<Exclude<keyof typeof adLaws, 'zeroDerivative'>>
  /** The primitives by name (default: the library's registry, `primitives()`). */
  readonly registry?: PrimitiveRegistry
}

/** Primitives by name, as `primitives()` lists them. */
export type PrimitiveRegistry = ReadonlyMap<string, Primitive<never>>

const DEFAULT_TOL: AdTolerance = { rtol: 1e-5, atol: 1e-6, eps: 1e-5 }
const ALL_LAWS = ['jvpLinear', 'vjpAdjoint', 'jvpMatchesFiniteDiff', 'vjpMatchesFiniteDiff', 'jacfwdEqualsJacrev',
  'hessianSymmetric', 'chainRule', 'hvpMatchesFiniteDiff'] as const

/**
 * Every registered primitive has a case, every case names a registered primitive. Throws naming them.
 * @param registry - the primitives to cover (default: the library's registry)
 */
export const checkPrimitiveCoverage = (registry: PrimitiveRegistry = primitives()): void => {
  const registered = [...registry.keys()]
  const missing = registered.filter((n) => !Object.prototype.hasOwnProperty.call(primitiveCases, n))
  if (missing.length > 0)
    throw new Error(
      `laws/ad: no case in primitiveCases for the registered primitive(s) ${missing.join(', ')}. ` +
        'Add a float64 test function and an input generator for each (see laws/ad.ts).',
    )
  const unknown = Object.keys(primitiveCases).filter((n) => !registry.has(n))
  if (unknown.length > 0) throw new Error(`laws/ad: primitiveCases has case(s) for unregistered primitive(s) ${unknown.join(', ')}`)
}

const runLaws = (label: string, fn: AdFn, arb: fc.Arbitrary<Tensor[]>, nondiff: boolean, opts: AdRunOptions,
  caseTol?: AdTolerance, expectPrim?: string, examples: ReadonlyArray<Tensor[]> = []): void => {
  const tol = { ...DEFAULT_TOL, ...opts.tolerance, ...caseTol }
  const laws = opts.laws ?? ALL_LAWS
  const details = fc.check(
    fc.property(arb, fc.nat({ max: 1000 }), (inputs, salt) => {
      if (expectPrim !== undefined && !primitivesBoundBy(fn, inputs).has(expectPrim))
        throw new Error(`${label}: the case's function does not bind the primitive ${expectPrim}`)
      const failed = nondiff
        ? adLaws.zeroDerivative(fn, inputs, tol, salt) ? [] : ['zeroDerivative']
        : laws.filter((law) => !adLaws[law](fn, inputs, tol, salt))
      if (failed.length > 0) throw new Error(`${label}: law(s) ${failed.join(', ')} failed (salt ${salt})`)
    }),
    { seed: SEED, numRuns: opts.numRuns ?? 8, endOnFailure: true, examples: examples.map((e): [Tensor[], number] => [e, 0]) },
  )
  if (details.failed) {
    // lead with the law that failed, then fast-check's replay information
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
    throw new Error(`${cause}\n${fc.defaultReportMessage(details) ?? ''}`)
  }
}

/**
 * Check the AD laws for the named primitives (default: every registered one)
 * over their cases. A registered primitive without a case fails, naming it.
 */
export const checkPrimitiveLaws = (names?: ReadonlyArray<string>, opts: AdRunOptions = {}): void => {
  const registry = opts.registry ?? primitives()
  const list = names ?? [...registry.keys()]
  // check every name first, so a missing case fails at once
  const cases = list.map((name): [string, AdCase] => {
    const prim = registry.get(name)
    if (prim === undefined) throw new Error(`laws/ad: ${name} is not a registered primitive`)
    const c = primitiveCases[name]
    if (c === undefined)
      throw new Error(`laws/ad: the registered primitive ${name} has no case in primitiveCases; add one (see laws/ad.ts)`)
    if (c.nondiff === true && !prim.nondiff)
      throw new Error(`laws/ad: the case for ${name} says nondiff, but the primitive has derivative rules`)
    if (c.nondiff !== true && prim.nondiff)
      throw new Error(`laws/ad: ${name} is a nondiff primitive; its case must say nondiff: true`)
    return [name, c]
  })
  for (const [name, c] of cases) runLaws(`primitive ${name}`, c.fn, c.arb, c.nondiff === true, opts, c.tolerance, name, c.examples)
}

/** Check the AD laws for your own function (custom rules included) over an arbitrary of its inputs. */
export const checkAdLaws = (fn: AdFn, arb: fc.Arbitrary<Tensor[]>, opts: AdRunOptions = {}): void =>
  runLaws('checkAdLaws', fn, arb, false, opts)
