/**
 * Laws of gradient transformations, in two layers (as fp-ts-laws).
 *
 * 1. `optimLaws`: pure predicates. Transformations are compared
 *    observationally: two are equal on a case (parameters and a sequence of
 *    gradients) when they produce the same updates at every step, with the
 *    parameters moved by `applyUpdates` in between (`transformEq` is that
 *    fp-ts `Eq`). Their states need not look alike: `chain(identity(), t)`
 *    keeps `[{}, S]` where `t` keeps `S`.
 * 2. Runners that draw random pytrees (`optimArb`) and `fc.assert` the laws
 *    with the fixed `SEED`: `checkTransformLaws` (monoid laws with `identity`
 *    and `chain`, purity, state structure) for any transformation, including
 *    your own, and one runner per wrapper law.
 *
 * @example
 * import { checkTransformLaws } from 'fluxion/laws'
 * checkTransformLaws(myTransform, { numRuns: 20 })   // throws with a counterexample if a law fails
 *
 * @since 0.1.0
 */
import fc from 'fast-check'
import type { Eq } from 'fp-ts/lib/Eq.js'
import type { Monoid } from 'fp-ts/lib/Monoid.js'
import { add, cast, grad, mul, square, sum, Tensor, tensor, tree, optim } from '../src/index.js'
import { approxEq, SEED, type Tolerance } from './approx.js'

type GT = optim.GradientTransformation<unknown>

// ---- model ----

/** Parameters and a sequence of gradients with their structure: what transformations are compared on. */
export interface OptimCase {
  readonly params: optim.Params
  readonly grads: ReadonlyArray<optim.Updates>
}

/** Options of the runners. */
export interface OptimRunOptions {
  readonly numRuns?: number
  readonly seed?: number
  /** Float comparison for updates (default rtol 1e-5, atol 1e-6). */
  readonly tolerance?: Tolerance
  /** Extra arguments for every update, e.g. `{ loss }` for `scaleByNewton`. */
  readonly extra?: optim.ExtraArgs
  /** The cases to draw (default `optimArb.case()`). */
  readonly arb?: fc.Arbitrary<OptimCase>
}

// ---- helpers ----

const DEFAULT_TOL: Tolerance = { rtol: 1e-5, atol: 1e-6 }

const isPlain = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x) && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null)

const tensorLeaves = (t: unknown): Tensor[] => tree.leaves(t as tree.PyTree<unknown>).filter((x): x is Tensor => x instanceof Tensor)

/** Freeze every array and plain object in a tree (tensors are immutable already). */
const deepFreeze = <T>(x: T): T => {
  if (Array.isArray(x)) x.forEach(deepFreeze)
  else if (isPlain(x)) Object.values(x).forEach(deepFreeze)
  if (Array.isArray(x) || isPlain(x)) Object.freeze(x)
  return x
}

/** A copy of every array and plain object in a tree (tensors are shared: they are immutable). */
const copyTree = <T>(x: T): T =>
  (Array.isArray(x) ? x.map(copyTree) : isPlain(x) ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, copyTree(v)])) : x) as T

/** A structural fingerprint: containers, numbers, booleans and tensors' dtype and shape. */
const signature = (x: unknown): string => {
  if (x instanceof Tensor) return `T<${x.dtype}[${x.shape.join(',')}]>`
  if (Array.isArray(x)) return `[${x.map(signature).join(',')}]`
  if (isPlain(x)) return `{${Object.keys(x).sort().map((k) => `${k}:${signature(x[k])}`).join(',')}}`
  return x === null || x === undefined ? String(x) : typeof x
}

/** Everything in a tree, bit for bit: tensor data (as bytes), numbers, booleans, structure. */
const snapshot = (x: unknown): string => {
  if (x instanceof Tensor) {
    const d = x.data()
    return `T<${x.dtype}[${x.shape.join(',')}]:${Array.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)).join('.')}>`
  }
  if (Array.isArray(x)) return `[${x.map(snapshot).join(',')}]`
  if (isPlain(x)) return `{${Object.keys(x).sort().map((k) => `${k}:${snapshot(x[k])}`).join(',')}}`
  return typeof x === 'number' ? `n${Object.is(x, -0) ? '-0' : String(x)}` : String(x)
}

/** Values of a tree's tensors, as numbers compare (-0 equals 0, NaN equals NaN): what "unchanged parameters" means. */
const values = (x: unknown): string =>
  JSON.stringify([signature(x), tensorLeaves(x).map((t) => Array.from(t.data(), (v) => (v === 0 ? 0 : String(v))))])

const treesClose = (tol: Tolerance, a: unknown, b: unknown): boolean => {
  if (!tree.structureEquals(a, b)) return false
  const la = tensorLeaves(a)
  const lb = tensorLeaves(b)
  return la.length === lb.length && la.every((x, i) => approxEq(tol)(cast(x, 'float64'), cast(lb[i]!, 'float64')))
}

/**
 * Run `t` over a case: at each step, transform the gradients and apply the
 * updates to the parameters. Returns the updates, the states (init first)
 * and the parameters (initial first).
 */
export const runTransform = <S>(t: optim.GradientTransformation<S>, c: OptimCase, extra?: optim.ExtraArgs) => {
  let state = t.init(c.params)
  let params = c.params
  const updates: optim.Updates[] = []
  const states: S[] = [state]
  const paramsSeq: optim.Params[] = [params]
  for (const g of c.grads) {
    const [u, s] = t.update(g, state, params, extra)
    updates.push(u)
    params = optim.applyUpdates(params, u)
    state = s
    states.push(s)
    paramsSeq.push(params)
  }
  return { updates, states, params: paramsSeq }
}

/** Observational equality of transformations on one case: the same updates at every step. */
export const transformEq = (c: OptimCase, tolerance: Tolerance = DEFAULT_TOL, extra?: optim.ExtraArgs): Eq<GT> => ({
  equals: (a, b) => {
    const ra = runTransform(a, c, extra)
    const rb = runTransform(b, c, extra)
    return ra.updates.every((u, i) => treesClose(tolerance, u, rb.updates[i]))
  },
})

/** A loss whose Hessian is positive definite for any parameters: Σ x² + 0.1·x⁴ over all leaves. */
export const convexTestLoss = (p: optim.Params): Tensor =>
  tensorLeaves(p).reduce<Tensor>((acc, x) => add(acc, cast(sum(add(square(x), mul(square(square(x)), 0.1))), 'float64')), tensor(0, { dtype: 'float64' }))

// ---- laws ----

/** The laws as pure predicates. */
export const optimLaws = {
  /** `chain` and `identity` form a monoid (fp-ts-laws' shape: instance and Eq first). */
  monoid: {
    leftIdentity: (M: Monoid<GT>, E: Eq<GT>) => (t: GT): boolean => E.equals(M.concat(M.empty, t), t),
    rightIdentity: (M: Monoid<GT>, E: Eq<GT>) => (t: GT): boolean => E.equals(M.concat(t, M.empty), t),
    associativity: (M: Monoid<GT>, E: Eq<GT>) => (a: GT, b: GT, c: GT): boolean =>
      E.equals(M.concat(M.concat(a, b), c), M.concat(a, M.concat(b, c))),
  },

  /**
   * The two forms of Nesterov momentum give the same iterates in
   * corresponding coordinates: run `sgd(η, { momentum: β, dampening: d, nesterov: 'lookahead' })`
   * (parameters θ, momentum u) and `sgd(η, { momentum: β, dampening: d, nesterov: true })`
   * (parameters φ) from the same start on `loss`; at every step φ = θ − η·β·u,
   * the look-ahead point. (Needs no gradients: the look-ahead form takes them
   * from the loss, the reparametrized one is fed ∇loss(φ).)
   */
  nesterovForms: (
    hp: { readonly learningRate: number; readonly momentum: number; readonly dampening: number },
    params: optim.Params,
    loss: (p: optim.Params) => Tensor,
    steps: number,
    tolerance: Tolerance = DEFAULT_TOL,
  ): boolean => {
    const { learningRate: lr, momentum, dampening } = hp
    const ahead = optim.optimizer(optim.sgd(lr, { momentum, dampening, nesterov: 'lookahead' }))
    const repar = optim.optimizer(optim.sgd(lr, { momentum, dampening, nesterov: true }))
    const gradOf = grad(loss as (p: optim.Params) => Tensor) as (p: optim.Params) => optim.Params
    let a = ahead.init(params)
    let r = repar.init(params)
    for (let i = 0; i < steps; i++) {
      a = ahead.step(a, gradOf(a.params), { loss })
      r = repar.step(r, gradOf(r.params), { loss })
      const u = (a.inner[0] as optim.LookaheadNesterovState).trace
      const um = tensorLeaves(u)
      const point = tensorLeaves(a.params).map((p, j) => cast(add(p, mul(um[j]!, -lr * momentum)), p.dtype))
      const got = tensorLeaves(r.params)
      if (got.length !== point.length || !point.every((p, j) => approxEq(tolerance)(cast(p, 'float64'), cast(got[j]!, 'float64')))) return false
    }
    return true
  },

  /** `scale(a)` then `scale(b)` is `scale(a·b)`. */
  scaleComposition: (E: Eq<GT>) => (a: number, b: number): boolean =>
    E.equals(optim.chain(optim.scale(a), optim.scale(b)), optim.scale(a * b)),

  /**
   * `init` and `update` change none of their inputs (parameters, gradients,
   * state), and the same inputs give the same outputs, bit for bit. The case
   * is run twice: once on plain copies, checking each input before and after
   * each call, and once with every array and object frozen (so a write throws
   * in strict mode); both runs must agree.
   */
  purity: (t: GT, c: OptimCase, extra?: optim.ExtraArgs): boolean => {
    const run = (freeze: boolean): string | null => {
      const fz = <T>(x: T): T => (freeze ? deepFreeze(x) : x)
      const params = fz(copyTree(c.params))
      const grads = fz(copyTree(c.grads))
      const inputs = snapshot([params, grads])
      let state = fz(t.init(params))
      const outs = [snapshot(state)]
      let p = params
      for (const g of grads) {
        const before = snapshot(state)
        const [u, next] = t.update(g, state, p, extra)
        if (snapshot(state) !== before) return null
        outs.push(snapshot([u, next]))
        state = fz(next)
        p = optim.applyUpdates(p, u)
      }
      return snapshot([params, grads]) === inputs ? outs.join('|') : null
    }
    const plain = run(false)
    return plain !== null && plain === run(true)
  },

  /** Every state has the structure (containers, fields, leaf shapes and dtypes) of the initial one. */
  stateStructure: (t: GT, c: OptimCase, extra?: optim.ExtraArgs): boolean => {
    const { states } = runTransform(t, c, extra)
    const s0 = signature(states[0])
    return states.every((s) => signature(s) === s0)
  },

  /** Where the mask is false, `masked(t, mask)` passes the updates through untouched, at every step. */
  maskedUntouched: (t: GT, mask: optim.MaskTree, c: OptimCase, extra?: optim.ExtraArgs): boolean => {
    const { updates } = runTransform(optim.masked(t, mask), c, extra)
    const flags = maskLeaves(mask, c.params)
    return updates.every((u, i) => {
      const got = tensorLeaves(u)
      const incoming = tensorLeaves(c.grads[i])
      return flags.every((m, j) => m || snapshot(got[j]) === snapshot(incoming[j]))
    })
  },

  /** `multiSteps(t, { everyK: k })` fed the same gradients k times: zeros, then one step of `t`. */
  multiStepsIsOneStep: (t: GT, k: number, c: OptimCase, tolerance: Tolerance = DEFAULT_TOL, extra?: optim.ExtraArgs): boolean => {
    const g = c.grads[0] as optim.Updates
    const ms = optim.multiSteps(t, { everyK: k })
    let state = ms.init(c.params)
    for (let i = 0; i < k - 1; i++) {
      const [u, s] = ms.update(g, state, c.params, extra)
      if (!tensorLeaves(u).every((x) => x.data().every((v) => v === 0))) return false
      state = s
    }
    const [u] = ms.update(g, state, c.params, extra)
    const [want] = t.update(g, t.init(c.params), c.params, extra)
    return treesClose(tolerance, u, want)
  },

  /**
   * `applyIfFinite(t, { maxConsecutiveErrors: m })`, after some finite steps,
   * fed m gradients holding NaN: the parameters and the inner state do not
   * change, only the counters; the next finite step goes through.
   */
  applyIfFiniteSkipsNaN: (t: GT, m: number, c: OptimCase, extra?: optim.ExtraArgs): boolean => {
    const opt = optim.optimizer(optim.applyIfFinite(t, { maxConsecutiveErrors: m }))
    let s = opt.init(c.params)
    for (const g of c.grads) s = opt.step(s, g, extra)
    const bad = poison(c.grads[0]!)
    // adding zero updates keeps every value (though it turns -0 into +0, as optax's zeros do)
    const params = values(s.params)
    const inner = snapshot(s.inner.inner)
    for (let i = 1; i <= m; i++) {
      s = opt.step(s, bad, extra)
      if (s.inner.notfiniteCount !== i || s.inner.lastFinite || values(s.params) !== params || snapshot(s.inner.inner) !== inner) return false
    }
    const total = s.inner.totalNotfinite
    s = opt.step(s, c.grads[0]!, extra)
    return s.inner.notfiniteCount === 0 && s.inner.lastFinite && s.inner.totalNotfinite === total && s.count === c.grads.length + m + 1
  },

  /** `injectHyperparams(factory)(hparams)` behaves as `factory(hparams)`. */
  injectHyperparamsAgrees: <A extends object, S>(factory: (args: A) => optim.GradientTransformation<S>, hparams: A, E: Eq<GT>): boolean =>
    E.equals(optim.injectHyperparams(factory)(hparams), factory(hparams)),
}

/** One boolean per leaf of `params` (in flatten order): is the leaf masked in? */
const maskLeaves = (mask: optim.MaskTree, params: unknown): boolean[] => {
  const out: boolean[] = []
  const go = (m: optim.MaskTree, p: unknown): void => {
    if (typeof m === 'boolean') tensorLeaves(p).forEach(() => out.push(m))
    else if (Array.isArray(m)) m.forEach((x: optim.MaskTree, i) => go(x, (p as unknown[])[i]))
    else if (m !== null && m !== undefined) Object.keys(m).sort().forEach((k) => go((m as Record<string, optim.MaskTree>)[k], (p as Record<string, unknown>)[k]))
  }
  go(mask, params)
  return out
}

/** The same tree with a NaN in the first element of the first leaf (and +Infinity in the last leaf's last). */
const poison = (g: optim.Updates): optim.Updates => {
  const ls = tensorLeaves(g)
  const [, def] = tree.flatten(g)
  const bad = ls.map((x, i) => {
    const d = x.data()
    if (i === 0 && d.length > 0) d[0] = NaN
    if (i === ls.length - 1 && d.length > 0) d[d.length - 1] = Infinity
    return tensor(d, { shape: x.shape })
  })
  return tree.unflatten(def, bad)
}

// ---- arbitraries ----

type Shape = ReadonlyArray<number>
type Skeleton = { kind: 'leaf'; shape: Shape } | { kind: 'array'; items: Skeleton[] } | { kind: 'object'; fields: Array<[string, Skeleton]> }

const countLeaves = (s: Skeleton): number =>
  s.kind === 'leaf' ? 1 : s.kind === 'array' ? s.items.reduce((n, c) => n + countLeaves(c), 0) : s.fields.reduce((n, [, c]) => n + countLeaves(c), 0)

const sizeOf = (shape: Shape): number => shape.reduce((p, d) => p * d, 1)

const skeletonSizes = (s: Skeleton): number[] =>
  s.kind === 'leaf' ? [sizeOf(s.shape)] : s.kind === 'array' ? s.items.flatMap(skeletonSizes) : s.fields.flatMap(([, c]) => skeletonSizes(c))

/** Build a tree from a skeleton, taking leaf values in order from `take`. */
const build = <L>(s: Skeleton, leaf: (shape: Shape) => L): unknown =>
  s.kind === 'leaf'
    ? leaf(s.shape)
    : s.kind === 'array'
      ? s.items.map((c) => build(c, leaf))
      : Object.fromEntries(s.fields.map(([k, c]) => [k, build(c, leaf)]))

const skeletonArb: fc.Arbitrary<Skeleton> = fc
  .letrec<{ node: Skeleton; leaf: Skeleton; array: Skeleton; object: Skeleton }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', maxDepth: 3 }, tie('leaf'), tie('array'), tie('object')),
    leaf: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }).map((shape): Skeleton => ({ kind: 'leaf', shape })),
    array: fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items): Skeleton => ({ kind: 'array', items })),
    object: fc
      .uniqueArray(fc.tuple(fc.constantFrom('w', 'b', 'layers', 'scale', 'bias', 'emb'), tie('node')), { minLength: 1, maxLength: 3, selector: ([k]) => k })
      .map((fields): Skeleton => ({ kind: 'object', fields })),
  }))
  .node.filter((s) => countLeaves(s) >= 1 && countLeaves(s) <= 6)

/** Random pytrees and gradients, for your own laws too. */
export const optimArb = {
  /** The structure of a parameter tree: nested arrays and objects with small tensors at the leaves. */
  skeleton: (): fc.Arbitrary<Skeleton> => skeletonArb,

  /** Parameters and `steps` gradient trees of the same structure, float32 or float64, values in [-10, 10]. */
  case: ({ steps = 3, dtypes = ['float32', 'float64'] as ReadonlyArray<'float32' | 'float64'> } = {}): fc.Arbitrary<OptimCase> =>
    fc.tuple(skeletonArb, fc.constantFrom(...dtypes)).chain(([sk, dtype]) => {
      const n = skeletonSizes(sk).reduce((a, b) => a + b, 0)
      const values = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n })
      return fc.array(values, { minLength: steps + 1, maxLength: steps + 1 }).map((vs) => {
        const trees = vs.map((v) => {
          let i = 0
          return build(sk, (shape) => {
            const k = sizeOf(shape)
            const t = tensor(v.slice(i, i + k), { dtype, shape })
            i += k
            return t
          }) as optim.Params
        })
        return { params: trees[0]!, grads: trees.slice(1) }
      })
    }),

  /** A case and a boolean mask over its parameters (a full tree of booleans). */
  caseWithMask: (opts: { steps?: number } = {}): fc.Arbitrary<{ c: OptimCase; mask: optim.MaskTree }> =>
    optimArb.case(opts).chain((c) => {
      const n = tensorLeaves(c.params).length
      return fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((bits) => {
        const [, def] = tree.flatten(c.params)
        return { c, mask: tree.unflatten<optim.MaskTree>(def, bits) }
      })
    }),
}

// ---- runners ----

const assert = <T>(arb: fc.Arbitrary<T>, pred: (x: T) => boolean, opts: OptimRunOptions, numRuns = 15): void =>
  fc.assert(fc.property(arb, pred), { seed: opts.seed ?? SEED, numRuns: opts.numRuns ?? numRuns })

/**
 * The laws every gradient transformation obeys, on random pytrees:
 * `chain(identity(), t) ≡ t ≡ chain(t, identity())`, `chain` is associative
 * (on `t`, a clip and `t` again), `init`/`update` are pure, and the state keeps
 * its structure across updates. Pass a factory when `t` must be fresh per
 * case. Throws with a counterexample.
 */
export const checkTransformLaws = (t: GT | (() => GT), opts: OptimRunOptions = {}): void => {
  const make = typeof t === 'function' ? t : () => t
  const tol = opts.tolerance ?? DEFAULT_TOL
  const arb = opts.arb ?? optimArb.case()
  const M = optim.monoid
  assert(arb, (c) => optimLaws.monoid.leftIdentity(M, transformEq(c, tol, opts.extra))(make()), opts)
  assert(arb, (c) => optimLaws.monoid.rightIdentity(M, transformEq(c, tol, opts.extra))(make()), opts)
  assert(arb, (c) => optimLaws.monoid.associativity(M, transformEq(c, tol, opts.extra))(make(), optim.clipByGlobalNorm(5), make()), opts)
  assert(arb, (c) => optimLaws.purity(make(), c, opts.extra), opts)
  assert(arb, (c) => optimLaws.stateStructure(make(), c, opts.extra), opts)
}

/** `scale(a)` then `scale(b)` equals `scale(a·b)`, for random a, b and pytrees. */
export const checkScaleLaws = (opts: OptimRunOptions = {}): void => {
  const tol = opts.tolerance ?? DEFAULT_TOL
  const arb = fc.tuple(opts.arb ?? optimArb.case(), fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }))
  assert(arb, ([c, a, b]) => optimLaws.scaleComposition(transformEq(c, tol))(a, b), opts, 30)
}

/** Masked-out leaves pass through `masked(t, mask)` untouched, for random masks. */
export const checkMaskedLaws = (t: GT | (() => GT), opts: OptimRunOptions = {}): void => {
  const make = typeof t === 'function' ? t : () => t
  assert(optimArb.caseWithMask(), ({ c, mask }) => optimLaws.maskedUntouched(make(), mask, c, opts.extra), opts)
}

/** `multiSteps(t, { everyK: k })` with k equal gradients equals one step of `t`, for k in 1..4. */
export const checkMultiStepsLaws = (t: GT | (() => GT), opts: OptimRunOptions = {}): void => {
  const make = typeof t === 'function' ? t : () => t
  const arb = fc.tuple(opts.arb ?? optimArb.case({ steps: 1 }), fc.integer({ min: 1, max: 4 }))
  assert(arb, ([c, k]) => optimLaws.multiStepsIsOneStep(make(), k, c, opts.tolerance ?? DEFAULT_TOL, opts.extra), opts)
}

/** `applyIfFinite(t)` leaves the parameters and the inner state unchanged on NaN/Infinity gradients. */
export const checkApplyIfFiniteLaws = (t: GT | (() => GT), opts: OptimRunOptions = {}): void => {
  const make = typeof t === 'function' ? t : () => t
  const arb = fc.tuple(opts.arb ?? optimArb.case({ steps: 2 }), fc.integer({ min: 1, max: 3 }))
  assert(arb, ([c, m]) => optimLaws.applyIfFiniteSkipsNaN(make(), m, c, opts.extra), opts)
}

/** `injectHyperparams(factory)(hparams)` behaves as `factory(hparams)` on random pytrees. */
export const checkInjectHyperparamsLaws = <A extends object, S>(
  factory: (args: A) => optim.GradientTransformation<S>,
  hparams: A,
  opts: OptimRunOptions = {},
): void => {
  const tol = opts.tolerance ?? DEFAULT_TOL
  assert(opts.arb ?? optimArb.case(), (c) => optimLaws.injectHyperparamsAgrees(factory, hparams, transformEq(c, tol, opts.extra)), opts)
}

/**
 * Look-ahead and reparametrized Nesterov agree (`optimLaws.nesterovForms`)
 * for random β, dampening, learning rates and float64 pytrees, on
 * `convexTestLoss` (or `opts.extra.loss`).
 */
export const checkNesterovFormsLaws = (opts: OptimRunOptions & { readonly steps?: number } = {}): void => {
  const loss = (opts.extra?.loss as ((p: optim.Params) => Tensor) | undefined) ?? convexTestLoss
  const arb = fc.tuple(
    opts.arb ?? optimArb.case({ steps: 0, dtypes: ['float64'] }),
    fc.double({ min: 0, max: 0.99, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 1e-4, max: 0.05, noNaN: true }),
  )
  assert(arb, ([c, momentum, dampening, learningRate]) =>
    optimLaws.nesterovForms({ learningRate, momentum, dampening }, c.params, loss, opts.steps ?? 5, opts.tolerance ?? { rtol: 1e-9, atol: 1e-9 }), opts)
}
