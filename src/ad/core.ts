/**
 * The core of automatic differentiation: primitives, `bind`, traces and tracers.
 *
 * A primitive is one record holding everything that is known about an op: its
 * eager `impl` on concrete tensors, its `shape` rule (abstract evaluation), its
 * `jvp` rule and its `vjp` rule (or, for a linear primitive, just a `transpose`
 * rule, from which both are derived). Every rule is written with the public,
 * bound ops, so rules are themselves differentiable: that is what makes
 * `grad(grad(f))` and `jacfwd(jacrev(f))` work.
 *
 * Each transformation (`jvp`, `vjp`) runs its own `Trace` at its own level.
 * `bind` looks at the tracers among the arguments and hands the primitive to
 * the trace with the highest level; values from lower levels are lifted into
 * it as constants. So nested transformations never mix up their perturbations:
 * `d/dx [x · d/dy (x + y)]` is 1, not 2.
 *
 * With no tracer among the arguments, `bind` calls `impl` directly: eager code
 * pays nothing for the machinery. Batching for `vmap` (`batching.ts`) is one
 * more `Trace` subclass over the same primitives, at its own level, using each
 * primitive's `batch` rule; tracing to an IR for `jit` (`src/jit/trace.ts`) is
 * another, whose `process` runs the primitive's `shape` rule and records an
 * equation.
 *
 * @since 0.1.0
 */
import { TraceError, showShape } from '../errors.js'
import type { DType } from '../tensor/dtype.js'
import { ConcreteTensor, Tensor } from '../tensor/tensor.js'
import { donatedUse, isDonated } from '../jit/donation.js'

// ---- model ----

/** What abstract evaluation knows about a tensor. @category model */
export interface Aval {
  readonly shape: ReadonlyArray<number>
  readonly dtype: DType
}

/**
 * Which inputs' cotangents are wanted (false for constants of the trace): a rule
 * may skip computing the others and return null for them. Absent means all.
 */
export type Needs = ReadonlyArray<boolean>

/** Skip the cotangent of input `i` unless it is needed. @internal */
export const ifNeeded = (needs: Needs | undefined, i: number, f: () => Tensor): Tensor | null =>
  needs === undefined || needs[i] !== false ? f() : null

/** A cotangent per input; `null` is a symbolic zero (or a non-differentiable input). */
export type Cotangents = ReadonlyArray<Tensor | null>

/** The record behind an op. `P` holds its static parameters (axes, shapes, flags). @category model */
export interface Primitive<P = Record<string, never>> {
  readonly name: string
  /** Eager kernel on concrete tensors. */
  readonly impl: (xs: ReadonlyArray<ConcreteTensor>, params: P) => ConcreteTensor
  /** Abstract evaluation: the output's shape and dtype; throws on bad input. */
  readonly shape: (xs: ReadonlyArray<Aval>, params: P) => Aval
  /**
   * Output tangent from primals, tangents (zeros where absent) and the primal output.
   * `zero[i]` is true where tangent i is a symbolic zero, so a rule can skip a term
   * whose factor may be NaN or infinite there (pow's log(a) at a negative base).
   */
  readonly jvp: (primals: ReadonlyArray<Tensor>, tangents: ReadonlyArray<Tensor>, params: P, out: Tensor,
    zero?: ReadonlyArray<boolean>) => Tensor
  /** Cotangents of the inputs from the output cotangent. */
  readonly vjp: (ct: Tensor, primals: ReadonlyArray<Tensor>, params: P, out: Tensor, needs?: Needs) => Cotangents
  /**
   * True when the jvp rule reads `zero` and never touches a tangent flagged zero:
   * the JVP interpreter then passes no zeros for those (bilinear rules such as
   * mul and matmul skip the term, instead of multiplying by a tensor of zeros).
   */
  readonly symbolicZeros: boolean
  /** True when all derivatives are zero (comparisons, argmax, floor, ...). */
  readonly nondiff: boolean
  /** Indices of inputs that are never differentiated (indices, conditions). */
  readonly staticInputs: ReadonlyArray<number>
  /**
   * Batching rule (for `vmap`): the primitive applied to inputs that carry a
   * batch axis at `dims[i]` (null: input i is not batched), where `size` is the
   * batch size. Returns the output and its batch axis. Rules move the batch
   * axis; they never loop over examples. Absent: vmap refuses the primitive.
   */
  readonly batch?: BatchRule<P>
}

/** See `Primitive.batch`. @category model */
export type BatchRule<P> = (xs: ReadonlyArray<Tensor>, dims: ReadonlyArray<number | null>, params: P, size: number) =>
  readonly [Tensor, number | null]

export interface PrimitiveSpec<P> {
  readonly name: string
  readonly impl: Primitive<P>['impl']
  readonly shape: Primitive<P>['shape']
  readonly jvp?: Primitive<P>['jvp']
  readonly vjp?: Primitive<P>['vjp']
  /**
   * For a primitive linear in its (non-static) inputs: the cotangents of the inputs.
   * The jvp is then the primitive applied to the tangents, and the vjp is this rule.
   */
  readonly transpose?: (ct: Tensor, primals: ReadonlyArray<Tensor>, params: P, needs?: Needs) => Cotangents
  /** For a linear primitive: apply it to tangents (defaults to binding it on them). */
  readonly nondiff?: boolean
  readonly symbolicZeros?: boolean
  readonly staticInputs?: ReadonlyArray<number>
  readonly batch?: BatchRule<P>
}

const registry = new Map<string, Primitive<never>>()

/** Every primitive defined so far, by name: the law suites enumerate this. @category model */
export const primitives = (): ReadonlyMap<string, Primitive<never>> => registry

/**
 * Define a primitive from its rules. A non-differentiable primitive gives
 * `nondiff: true`; a linear one gives `transpose`; the rest give `jvp` and `vjp`.
 * It is registered under its name, unless `{ register: false }`.
 * @category constructors
 */
export function definePrimitive<P = Record<string, never>>(spec: PrimitiveSpec<P>,
  opts: { /** Add it to the registry that `primitives()` lists (default true). */ readonly register?: boolean } = {}): Primitive<P> {
  const staticInputs = spec.staticInputs ?? []
  const missing = (rule: string) => () => {
    throw new TraceError(`${spec.name}: this primitive has no ${rule} rule`)
  }
  let prim: Primitive<P>
  if (spec.transpose !== undefined) {
    const transpose = spec.transpose
    prim = {
      name: spec.name,
      impl: spec.impl,
      shape: spec.shape,
      nondiff: false,
      symbolicZeros: false,
      staticInputs,
      // linear: the jvp applies the primitive to the tangents (static inputs stay primal)
      jvp: spec.jvp ?? ((primals, tangents, params) =>
        bind(prim, primals.map((p, i) => (staticInputs.includes(i) ? p : tangents[i]!)), params)),
      vjp: spec.vjp ?? ((ct, primals, params, _out, needs) => transpose(ct, primals, params, needs)),
      ...(spec.batch === undefined ? {} : { batch: spec.batch }),
    }
  } else {
    prim = {
      name: spec.name,
      impl: spec.impl,
      shape: spec.shape,
      nondiff: spec.nondiff ?? false,
      symbolicZeros: spec.symbolicZeros ?? false,
      staticInputs,
      jvp: spec.jvp ?? missing('jvp'),
      vjp: spec.vjp ?? missing('vjp'),
      ...(spec.batch === undefined ? {} : { batch: spec.batch }),
    }
  }
  // unregistered: a primitive private to a test or a law check, which the suites do not enumerate
  if (opts.register === false) return prim
  if (registry.has(spec.name)) throw new TraceError(`definePrimitive: a primitive named ${spec.name} already exists`)
  registry.set(spec.name, prim as Primitive<never>)
  return prim
}

// ---- traces ----

/** One running transformation. @category model */
export abstract class Trace {
  /** False once the transformation has returned: its tracers are then dead. */
  active = true
  constructor(
    readonly level: number,
    readonly kind: string,
  ) {}
  /** Make a tracer of this trace from a value of a lower level (a constant here). */
  abstract lift(x: Tensor): Tracer
  abstract process<P>(prim: Primitive<P>, args: ReadonlyArray<Tracer>, params: P): Tensor
}

/** A tensor seen by a transformation. Reading its values reads its primal. @category model */
export abstract class Tracer extends Tensor {
  abstract readonly trace: Trace
  abstract readonly primal: Tensor
  get shape(): ReadonlyArray<number> {
    return this.primal.shape
  }
  get dtype(): DType {
    return this.primal.dtype
  }
  toConcrete(): ConcreteTensor {
    return this.primal.toConcrete()
  }
}

// The depth of nested transformations now running. It only numbers levels;
// it never changes a result.
let depth = 0

/** Run `body` with a fresh trace one level above every running one; it dies on return. */
export const withTrace = <T extends Trace, R>(make: (level: number) => T, body: (trace: T) => R): R => {
  const trace = make(++depth)
  try {
    return body(trace)
  } finally {
    trace.active = false
    depth--
  }
}

const leaked = (t: Tracer): TraceError =>
  new TraceError(
    `a ${t.trace.kind} tracer of shape ${showShape(t.shape)} was used after its transformation returned. ` +
      'Values computed inside grad/jvp/vjp must be returned from the function, not stored outside it.',
  )

/** Apply a primitive: eagerly, or through the highest-level trace among the arguments. @category combinators */
export function bind<P>(prim: Primitive<P>, args: ReadonlyArray<Tensor>, params: P): Tensor {
  let top: Trace | null = null
  for (const a of args) if (isDonated(a)) throw donatedUse(prim.name, a)
  for (const a of args) {
    if (a instanceof Tracer) {
      if (!a.trace.active) throw leaked(a)
      if (top === null || a.trace.level > top.level) top = a.trace
    }
  }
  if (top === null) return prim.impl(args as ReadonlyArray<ConcreteTensor>, params)
  const t = top
  const tracers = args.map((a) => (a instanceof Tracer && a.trace === t ? a : t.lift(a)))
  return t.process(prim, tracers, params)
}

/** The value of `x` one level below `trace` (its primal if it belongs to `trace`). @internal */
export const lower = (x: Tensor, trace: Trace): Tensor => (x instanceof Tracer && x.trace === trace ? x.primal : x)

/** The highest-level active trace among some values, or null. @internal */
export const topTrace = (xs: ReadonlyArray<unknown>): Trace | null => {
  let top: Trace | null = null
  for (const a of xs) {
    if (a instanceof Tracer) {
      if (!a.trace.active) throw leaked(a)
      if (top === null || a.trace.level > top.level) top = a.trace
    }
  }
  return top
}
