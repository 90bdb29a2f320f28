/**
 * Laws of `vmap`, checked for every registered primitive.
 *
 * Two layers, as in fp-ts-laws:
 *
 * 1. `vmapLaws`: pure predicates over a function, the examples of a batch, and
 *    the batch axes.
 *    - `matchesLoop`: `vmap(f, { inAxes, outAxes })(stacked)` equals stacking `f`
 *      over the examples (along `outAxes`), bit for bit unless a tolerance is given;
 *    - `commutesWithJvp`: `vmap` of a jvp equals the jvp of the `vmap`;
 *    - `commutesWithVjp`: `vmap` of a pullback equals the pullback of the `vmap`.
 * 2. Runners: `checkBatchingCoverage` (every registered primitive has a batching
 *    rule and a case, failing by name), `checkPrimitiveBatching` (the laws over
 *    each primitive's cases with random batch sizes, in-axes (some `null`) and
 *    out-axes from fast-check with the fixed `SEED`) and `checkVmapLaws` (the
 *    same for your own function).
 *
 * The cases are those of `laws/ad.ts` (one per primitive, in its safe domain)
 * plus `batchCases`: random shapes and axes for the elementwise, reduction,
 * matmul and movement families, and the batch-specific paths (batched indices
 * for take and scatterAdd, a batched condition for where, a shared matrix
 * against batched right-hand sides for solve).
 *
 * Bit for bit: every rule applies the same kernel to the same numbers in the
 * same order as the loop does, except those listed in `BATCH_TOLERANCE`,
 * each with the reason.
 *
 * @example
 * checkVmapLaws((x: Tensor) => tanh(x), fc.constant([tensor([0.1, -0.3], { dtype: 'float64' })]))
 *
 * @since 0.3.0
 */
import fc from 'fast-check'
import {
  add, cast, concat, exp, jvp, matmul, max, mul, prod, reshape, scatterAdd, stack, sum, take, tanh, transpose, vjp, vmap, where,
  greater, argmax, flip, slice, sin,
} from '../src/ad/index.js'
import { primitives } from '../src/ad/core.js'
import { solve, triangularSolve } from '../src/linalg.js'
import { eye } from '../src/tensor/create.js'
import { isFloat } from '../src/tensor/dtype.js'
import { fromBuffer, Tensor } from '../src/tensor/tensor.js'
import * as tree from '../src/tree/index.js'
import { primitiveCases, primitivesBoundBy, type AdFn } from './ad.js'
import { approxEq, SEED, type Tolerance } from './approx.js'

// ---- model ----

/** A batching test: a function and one example's inputs (the other examples are derived from them). */
export interface VmapCase {
  readonly arb: fc.Arbitrary<{ readonly fn: AdFn; readonly inputs: Tensor[] }>
  /** The function's derivative is zero or undefined: skip the jvp/vjp laws. */
  readonly nondiff?: boolean
}

/** Where each argument's batch axis is (null: shared by all examples), and where the outputs' go. */
export interface BatchAxes {
  readonly inAxes: ReadonlyArray<number | null>
  readonly outAxes: number
}

// ---- helpers ----

const leavesOf = (t: unknown): Tensor[] => tree.leaves(t as tree.PyTree<unknown>) as Tensor[]

/** Example b of a batch: floats scaled by 1 + b/8 (keeps signs, order, SPD-ness), integer and bool entries rotated by b. */
export const exampleVariant = (x: Tensor, b: number): Tensor => {
  if (b === 0) return x
  if (isFloat(x.dtype)) return mul(x, 1 + b / 8)
  const src = x.data()
  const out = src.slice()
  for (let i = 0; i < src.length; i++) out[i] = src[(i + b) % src.length]!
  return fromBuffer(out, x.shape, x.dtype)
}

/** The examples of a batch of `size`: shared (null-axis) inputs are the same in every example. */
export const examplesOf = (inputs: ReadonlyArray<Tensor>, axes: BatchAxes, size: number): Tensor[][] =>
  Array.from({ length: size }, (_, b) => inputs.map((x, i) => (axes.inAxes[i] === null ? x : exampleVariant(x, b))))

/** The batched arguments: each input's examples stacked along its in-axis (or the shared value). */
export const stackInputs = (examples: ReadonlyArray<ReadonlyArray<Tensor>>, axes: BatchAxes): Tensor[] =>
  examples[0]!.map((x, i) => {
    const a = axes.inAxes[i]!
    return a === null ? x : stack(examples.map((e) => e[i]!), a)
  })

const sameTrees = (a: unknown, b: unknown, tol: Tolerance | undefined): boolean => {
  if (!tree.structureEquals(a, b)) return false
  const la = leavesOf(a)
  const lb = leavesOf(b)
  return la.every((x, i) => x.dtype === lb[i]!.dtype && approxEq(tol ?? { rtol: 0, atol: 0 })(x, lb[i]!))
}

const stackOut = (outs: ReadonlyArray<unknown>, axis: number): unknown => {
  const [l0, def] = tree.flatten(outs[0] as tree.PyTree<unknown>)
  return tree.unflatten(def, l0.map((_, j) => stack(outs.map((o) => leavesOf(o)[j]!), axis)))
}

// ---- laws ----

/** vmap(f)(stacked) equals f stacked over the examples (bit for bit without `tol`). */
const matchesLoop = (fn: AdFn, examples: ReadonlyArray<ReadonlyArray<Tensor>>, axes: BatchAxes, tol?: Tolerance): boolean => {
  const got = vmap(fn, { inAxes: [...axes.inAxes], outAxes: axes.outAxes })(...stackInputs(examples, axes))
  const want = stackOut(examples.map((e) => fn(...e)), axes.outAxes)
  return sameTrees(got, want, tol)
}

const floatOnly = (xs: ReadonlyArray<Tensor>, f: (x: Tensor) => Tensor): Tensor[] => xs.map((x) => (isFloat(x.dtype) ? f(x) : x))

/** vmap of a jvp equals the jvp of the vmap (tangents: the inputs through sin, batched like them). */
const commutesWithJvp = (fn: AdFn, examples: ReadonlyArray<ReadonlyArray<Tensor>>, axes: BatchAxes, tol: Tolerance): boolean => {
  const xs = stackInputs(examples, axes)
  const ts = floatOnly(xs, sin)
  const inAxes = [...axes.inAxes]
  const outer = vmap((p: Tensor[], t: Tensor[]) => jvp(fn, p, t)[1], { inAxes: [inAxes, inAxes], outAxes: axes.outAxes })(xs, ts)
  const inner = jvp((...p: Tensor[]) => vmap(fn, { inAxes, outAxes: axes.outAxes })(...p), xs, ts)[1]
  return sameTrees(outer, inner, tol)
}

/** vmap of a pullback equals the pullback of the vmap, for batched cotangents. */
const commutesWithVjp = (fn: AdFn, examples: ReadonlyArray<ReadonlyArray<Tensor>>, axes: BatchAxes, tol: Tolerance): boolean => {
  const xs = stackInputs(examples, axes)
  const inAxes = [...axes.inAxes]
  const batchedF = (...p: Tensor[]) => vmap(fn, { inAxes, outAxes: axes.outAxes })(...p)
  const [out, pullback] = vjp(batchedF, ...xs)
  const ct = tree.unflatten(tree.flatten(out as tree.PyTree<unknown>)[1], floatOnly(leavesOf(out), (o) => sin(add(o, 1))))
  const viaVmap = pullback(ct as never)
  // per example: the pullback of f; shared inputs get the sum over the batch
  const perExample = vmap((p: Tensor[], c: unknown) => vjp(fn, ...p)[1](c as never), {
    inAxes: [inAxes, axes.outAxes], outAxes: inAxes.map((a) => (a === null ? 0 : a)),
  })(xs, ct)
  const summed = (perExample as Tensor[]).map((g, i) => (inAxes[i] === null ? sum(g, 0) : g))
  return sameTrees(floatOnly(viaVmap as Tensor[], (x) => x), floatOnly(summed, (x) => x), tol)
}

/** @category laws */
export const vmapLaws = { matchesLoop, commutesWithJvp, commutesWithVjp }

// ---- arbitraries ----

const f64 = (values: ReadonlyArray<number>, shape: ReadonlyArray<number>): Tensor =>
  fromBuffer(Float64Array.from(values), shape, 'float64')
const size = (shape: ReadonlyArray<number>): number => shape.reduce((a, b) => a * b, 1)
const arbShape = (minRank = 0, maxRank = 3): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: 3 }), { minLength: minRank, maxLength: maxRank })
const arbF64 = (shape: ReadonlyArray<number>, min = -2, max = 2): fc.Arbitrary<Tensor> =>
  fc.array(fc.integer({ min: 0, max: 2 ** 20 }).map((k) => min + ((max - min) * k) / 2 ** 20), { minLength: size(shape), maxLength: size(shape) })
    .map((v) => f64(v, shape))
const arbInt = (shape: ReadonlyArray<number>, n: number): fc.Arbitrary<Tensor> =>
  fc.array(fc.integer({ min: -n, max: n - 1 }), { minLength: size(shape), maxLength: size(shape) })
    .map((v) => fromBuffer(Int32Array.from(v), shape, 'int32'))
const arbSubset = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((bs) => bs.flatMap((b, i) => (b ? [i] : [])))

/** Entries in [-1, 1] plus (n + 1)·I. */
const wellConditioned = (n: number): fc.Arbitrary<Tensor> => arbF64([n, n], -1, 1).map((m) => add(m, eye(n, n, 'float64').mul(n + 1)))

/**
 * Random shapes and axes for the families, and the batch-specific paths of
 * rules (batched indices, a batched condition, shared matrices).
 */
export const batchCases: Readonly<Record<string, VmapCase>> = {
  'exp (random shape)': { arb: arbShape().chain((s) => arbF64(s)).map((x) => ({ fn: (y) => exp(y), inputs: [x] })) },
  'add (random broadcast)': {
    arb: fc.tuple(arbShape(1, 3), arbSubset(3), fc.nat(2)).chain(([s, ones, drop]) => {
      const t = s.map((d, i) => (ones.includes(i) ? 1 : d)).slice(Math.min(drop, s.length))
      return fc.tuple(arbF64(s), arbF64(t)).map(([x, y]) => ({ fn: (a: Tensor, b: Tensor) => add(a, b), inputs: [x, y] }))
    }),
  },
  'sum (random axes)': {
    arb: fc.tuple(arbShape(1, 3), fc.boolean()).chain(([s, keep]) => fc.tuple(arbF64(s), arbSubset(s.length))
      .map(([x, axes]) => ({ fn: (y: Tensor) => sum(y, axes, keep), inputs: [x] }))),
  },
  'max and prod (random axis)': {
    arb: arbShape(1, 3).chain((s) => fc.tuple(arbF64(s), fc.nat(s.length - 1))
      .map(([x, a]) => ({ fn: (y: Tensor) => add(max(y, a), prod(y, a)), inputs: [x] }))),
  },
  'argmax (random axis)': {
    arb: arbShape(1, 3).chain((s) => fc.tuple(arbF64(s), fc.nat(s.length - 1))
      .map(([x, a]) => ({ fn: (y: Tensor) => cast(argmax(y, a), 'float64'), inputs: [x] }))),
    nondiff: true,
  },
  'transpose, reshape, flip, slice (random shape)': {
    arb: arbShape(2, 3).chain((s) => fc.tuple(arbF64(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length }))
      .map(([x, perm]) => ({
        fn: (y: Tensor) => reshape(slice(flip(transpose(y, perm), 0), [0], [null], [2]), [-1]),
        inputs: [x],
      }))),
  },
  'matmul (random sizes, transposes, vectors)': {
    arb: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean(), fc.nat(3))
      .chain(([m, k, n, tA, tB, kind]) => {
        const sa = kind === 1 ? [k] : tA ? [k, m] : [m, k]
        const sb = kind === 2 ? [k] : kind === 3 ? [2, ...(tB ? [n, k] : [k, n])] : tB ? [n, k] : [k, n]
        const opts = { transA: kind !== 1 && tA, transB: kind !== 2 && tB }
        return fc.tuple(arbF64(sa), arbF64(sb)).map(([a, b]) => ({ fn: (x: Tensor, y: Tensor) => matmul(x, y, opts), inputs: [a, b] }))
      }),
  },
  'take (batched indices)': {
    arb: fc.tuple(arbShape(1, 3), arbShape(0, 2)).chain(([s, is]) => fc.tuple(arbF64(s), fc.nat(s.length - 1))
      .chain(([x, a]) => arbInt(is, s[a]!).map((idx) => ({ fn: (y: Tensor, i: Tensor) => take(y, i, a), inputs: [x, idx] })))),
  },
  'scatterAdd (batched indices, repeats)': {
    arb: fc.tuple(arbShape(1, 2), fc.integer({ min: 1, max: 4 })).chain(([s, k]) => fc.tuple(arbF64(s), fc.nat(s.length - 1)).chain(([x, a]) => {
      const us = [...s.slice(0, a), k, ...s.slice(a + 1)]
      return fc.tuple(arbInt([k], s[a]!), arbF64(us))
        .map(([idx, u]) => ({ fn: (y: Tensor, i: Tensor, v: Tensor) => scatterAdd(y, where(greater(i, -1), i, add(i, s[a]!)), v, a), inputs: [x, idx, u] }))
    })),
  },
  'where (batched condition)': {
    arb: arbShape(1, 2).chain((s) => fc.tuple(arbF64(s), arbF64(s), arbF64(s)))
      .map(([c, x, y]) => ({ fn: (p: Tensor, a: Tensor, b: Tensor) => where(greater(p, 0), a, b), inputs: [c, x, y] })),
  },
  'concat (random axis)': {
    arb: arbShape(1, 3).chain((s) => fc.tuple(arbF64(s), arbF64(s), fc.nat(s.length - 1)))
      .map(([x, y, a]) => ({ fn: (p: Tensor, q: Tensor) => concat([p, tanh(q)], a), inputs: [x, y] })),
  },
  'solve (vector and matrix right-hand sides)': {
    arb: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean()).chain(([n, vec]) => fc.tuple(wellConditioned(n), arbF64(vec ? [n] : [n, 2])))
      .map(([a, b]) => ({ fn: (p: Tensor, q: Tensor) => add(solve(p, q), triangularSolve(p, q, { lower: false })), inputs: [a, b] })),
  },
}

/** The cases of `laws/ad.ts`, as batching cases. */
const primitiveBatchCase = (name: string): VmapCase => {
  const c = primitiveCases[name]!
  return { arb: c.arb.map((inputs) => ({ fn: c.fn, inputs })), ...(c.nondiff === true ? { nondiff: true } : {}) }
}

/**
 * Rules that are not bit-identical to the loop on these (float64) cases, with
 * the tolerance and why: none. Every rule applies the same kernel to the same
 * numbers in the same order as the loop (reductions reduce beside the batch
 * axis without a transpose; gathers and scatters only re-index; linalg runs
 * the same per-matrix kernel per example).
 *
 * The one exception is float32 matmul on the wasm backend (tested in
 * test/vmap-numerics.test.ts): batching per-example vectors merges their rows
 * into one product, which the backend runs on its packed SIMD kernel with
 * float32 running sums, while a one-row product runs on the unpacked kernel
 * with double running sums. The two agree within float32's summation bound,
 * k·2⁻²⁴·Σ|a·b|; float64 and the JS backend are bit for bit.
 */
export const BATCH_TOLERANCE: Readonly<Record<string, { readonly tol: Tolerance; readonly why: string }>> = {}

// ---- runners ----

export interface VmapRunOptions {
  /** fast-check runs per case (default 12). */
  readonly numRuns?: number
  /** The tolerance of matchesLoop (default: bit for bit). */
  readonly tolerance?: Tolerance
  /** The tolerance of the jvp/vjp laws (default rtol 1e-12, atol 1e-12: float64, summation order may differ). */
  readonly adTolerance?: Tolerance
  /** Skip the jvp/vjp laws (for non-differentiable functions). */
  readonly nondiff?: boolean
}

/** Random batch axes for inputs of these ranks: sizes 1..3, each input batched (at any axis, maybe negative) or shared. */
const arbAxes = (ranks: ReadonlyArray<number>): fc.Arbitrary<[BatchAxes, number]> =>
  fc.tuple(
    fc.integer({ min: 1, max: 3 }),
    fc.array(fc.tuple(fc.boolean(), fc.nat(8), fc.boolean()), { minLength: ranks.length, maxLength: ranks.length }),
    fc.nat(8), fc.boolean(),
  ).map(([n, raw, outRaw, outNeg]) => {
    const inAxes = raw.map(([shared, a, neg], i) => {
      if (shared && !(i === 0 && raw.every((r) => r[0]))) return null
      const pos = a % (ranks[i]! + 1)
      return neg ? pos - (ranks[i]! + 1) : pos
    })
    return [{ inAxes, outAxes: outNeg ? -1 - (outRaw % 2) : outRaw }, n]
  })

const runCase = (label: string, c: VmapCase, opts: VmapRunOptions, expectPrim?: string): void => {
  const tol = opts.tolerance
  const adTol = opts.adTolerance ?? { rtol: 1e-12, atol: 1e-12 }
  const details = fc.check(
    fc.property(c.arb.chain((x) => arbAxes(x.inputs.map((t) => t.ndim)).map((ax) => [x, ...ax] as const)), ([{ fn, inputs }, axes0, n]) => {
      if (expectPrim !== undefined && !primitivesBoundBy(fn, inputs).has(expectPrim))
        throw new Error(`${label}: the case's function does not bind the primitive ${expectPrim}`)
      // an out-axis within the output's rank (plus the batch axis)
      const outRank = Math.min(...leavesOf(fn(...inputs)).map((o) => o.ndim)) + 1
      const outAxes = axes0.outAxes < 0 ? Math.max(axes0.outAxes, -outRank) : axes0.outAxes % outRank
      const axes = { inAxes: axes0.inAxes, outAxes }
      const examples = examplesOf(inputs, axes, n)
      const failed: string[] = []
      if (!matchesLoop(fn, examples, axes, tol)) failed.push('matchesLoop')
      if (opts.nondiff !== true && c.nondiff !== true && inputs.some((x) => isFloat(x.dtype))) {
        if (!commutesWithJvp(fn, examples, axes, adTol)) failed.push('commutesWithJvp')
        if (!commutesWithVjp(fn, examples, axes, adTol)) failed.push('commutesWithVjp')
      }
      if (failed.length > 0)
        throw new Error(`${label}: law(s) ${failed.join(', ')} failed for inAxes ${JSON.stringify(axes.inAxes)}, outAxes ${outAxes}, ` +
          `batch ${n}, input shapes ${inputs.map((x) => `[${x.shape.join(',')}]`).join(' ')}`)
    }),
    { seed: SEED, numRuns: opts.numRuns ?? 12, endOnFailure: true },
  )
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
    throw new Error(`${cause}\n${fc.defaultReportMessage(details) ?? ''}`)
  }
}

/** Every registered primitive has a batching rule and a case. Throws naming the ones that do not. */
export const checkBatchingCoverage = (): void => {
  const noRule = [...primitives().values()].filter((p) => p.batch === undefined).map((p) => p.name)
  if (noRule.length > 0)
    throw new Error(`laws/vmap: the registered primitive(s) ${noRule.join(', ')} have no batching rule; add batch to their definePrimitive record`)
  const noCase = [...primitives().keys()].filter((n) => !Object.prototype.hasOwnProperty.call(primitiveCases, n))
  if (noCase.length > 0) throw new Error(`laws/vmap: no case in primitiveCases (laws/ad.ts) for ${noCase.join(', ')}`)
}

/**
 * Check the vmap laws for the named primitives (default: every registered one)
 * over their cases. A primitive without a batching rule fails, naming it.
 */
export const checkPrimitiveBatching = (names?: ReadonlyArray<string>, opts: VmapRunOptions = {}): void => {
  const list = names ?? [...primitives().keys()]
  for (const name of list) {
    const prim = primitives().get(name)
    if (prim === undefined) throw new Error(`laws/vmap: ${name} is not a registered primitive`)
    if (prim.batch === undefined) throw new Error(`laws/vmap: the registered primitive ${name} has no batching rule`)
    if (primitiveCases[name] === undefined) throw new Error(`laws/vmap: the registered primitive ${name} has no case in primitiveCases (laws/ad.ts)`)
  }
  for (const name of list)
    runCase(`primitive ${name}`, primitiveBatchCase(name), { ...opts, ...(BATCH_TOLERANCE[name] ? { tolerance: BATCH_TOLERANCE[name]!.tol } : {}) }, name)
}

/** Check the vmap laws over `batchCases` (random shapes and the batch-specific paths of the rules). */
export const checkBatchCases = (names: ReadonlyArray<string> = Object.keys(batchCases), opts: VmapRunOptions = {}): void => {
  for (const name of names) {
    const c = batchCases[name]
    if (c === undefined) throw new Error(`laws/vmap: no batch case named ${name}`)
    runCase(name, c, { ...opts, ...(BATCH_TOLERANCE[name] ? { tolerance: BATCH_TOLERANCE[name]!.tol } : {}) })
  }
}

/**
 * Check the vmap laws for your own function (custom rules included) over an
 * arbitrary of one example's inputs, with random batch sizes and axes.
 */
export const checkVmapLaws = (fn: AdFn, arb: fc.Arbitrary<Tensor[]>, opts: VmapRunOptions = {}): void =>
  runCase('checkVmapLaws', { arb: arb.map((inputs) => ({ fn, inputs })) }, opts)
