/**
 * Tracing to the IR: the interpreter behind `makeJaxpr` and `jit`.
 *
 * A `JitTracer` stands for a value the traced function will compute: it knows
 * its shape and dtype (its abstract value), never its numbers. Every primitive
 * applied to one runs its `shape` rule (so bad inputs fail at trace time, with
 * the same errors as eagerly) and appends an equation to the `JitTrace`, which
 * runs at its own level like the JVP, VJP and batching traces. Values from
 * lower levels (tensors created inside the function, closed-over tensors, an
 * outer transformation's tracers) become constants of the IR.
 *
 * Reading the values of a traced tensor (`.item()`, `.toArray()`, `.data()`,
 * or a JS comparison through `valueOf`) is a TraceError: under `jit` there
 * are no values yet.
 *
 * A JS number among the arguments is traced as JAX traces a Python scalar: as
 * a float64 scalar input (so the value keeps all its bits), seen by the
 * function as a weakly typed float32 scalar that takes the other operand's
 * dtype in arithmetic, exactly as the number itself would.
 *
 * @since 0.4.0
 */
import { TraceError, showShape } from '../errors.js'
import type { DType } from '../tensor/dtype.js'
import type { ConcreteTensor } from '../tensor/tensor.js'
import { Tensor } from '../tensor/tensor.js'
import { bind, Trace, Tracer, withTrace, type Aval, type Primitive } from '../ad/core.js'
import { castP } from '../ad/prims/arith.js'
import { ClosedJaxpr, showAval, type Eqn, type Var } from './ir.js'

// ---- model ----

export class JitTracer extends Tracer {
  constructor(
    readonly trace: JitTrace,
    readonly v: Var,
    /** For a traced JS number: its float64 source and whether the number was an integer (for weak promotion). */
    readonly weak: { readonly source: JitTracer; readonly integer: boolean } | null = null,
  ) {
    super()
  }
  override get primal(): Tensor {
    throw concreteError(this, 'its values were read')
  }
  override get shape(): ReadonlyArray<number> {
    return this.v.aval.shape
  }
  override get dtype(): DType {
    return this.v.aval.dtype
  }
  override toConcrete(): ConcreteTensor {
    throw concreteError(this, 'its values were read (.item(), .toArray() or .data())')
  }
  /** A JS comparison or arithmetic on a traced tensor (`x > 0`, `x + 1`) lands here. */
  override valueOf(): never {
    throw concreteError(this, 'it was used as a JS number (a comparison such as x > 0, or JS arithmetic, calls valueOf)')
  }
  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'string') return this.toString()
    throw concreteError(this, 'it was used as a JS number (a comparison such as x > 0, or JS arithmetic, calls valueOf)')
  }
  override toString(): string {
    return `Traced<${showAval(this.v.aval)}>`
  }
  /** A number under weak typing: the value as `dtype` (from the exact float64 source). @internal */
  weakAs(dtype: DType): Tensor {
    const src = this.weak!.source
    return dtype === 'float64' ? src : bind(castP, [src], { dtype })
  }
}

const concreteError = (t: JitTracer, what: string): TraceError =>
  new TraceError(
    `jit: a traced tensor ${showAval(t.v.aval)} (shape ${showShape(t.shape)}) had no value: ${what}. Under jit (and makeJaxpr) ` +
      'a function is traced with abstract values (shape and dtype only), so JS control flow cannot depend on tensor values. ' +
      'Choose elementwise with where(cond, a, b), or pass the value as a static argument with jit(f, { staticArgnums: [i] }) ' +
      '(it is then a compile-time constant, and each new value traces again).',
  )

export class JitTrace extends Trace {
  private nextId = 0
  readonly eqns: Eqn[] = []
  readonly constVars: Var[] = []
  readonly consts: Tensor[] = []
  private readonly constOf = new Map<Tensor, JitTracer>()
  constructor(level: number) {
    super(level, 'jit')
  }
  newVar(aval: Aval): Var {
    return { id: this.nextId++, aval: { shape: Object.freeze(aval.shape.slice()), dtype: aval.dtype } }
  }
  /** A new input of the program. */
  input(aval: Aval): JitTracer {
    return new JitTracer(this, this.newVar(aval))
  }
  /** A JS number input: a float64 scalar, seen as a weakly typed float32 scalar. */
  numberInput(integer: boolean): [JitTracer, JitTracer] {
    const src = this.input({ shape: [], dtype: 'float64' })
    const seen = this.process(castP, [src], { dtype: 'float32' }) as JitTracer
    return [src, new JitTracer(this, seen.v, { source: src, integer })]
  }
  lift(x: Tensor): JitTracer {
    const known = this.constOf.get(x)
    if (known !== undefined) return known
    const v = this.newVar({ shape: x.shape, dtype: x.dtype })
    this.constVars.push(v)
    this.consts.push(x)
    const t = new JitTracer(this, v)
    this.constOf.set(x, t)
    return t
  }
  process<P>(prim: Primitive<P>, args: ReadonlyArray<Tracer>, params: P): Tensor {
    const ins = (args as ReadonlyArray<JitTracer>).map((a) => a.v)
    const aval = prim.shape(ins.map((v) => v.aval), params)
    const out = this.newVar(aval)
    this.eqns.push({ prim: prim as Primitive<never>, inputs: ins, out, params })
    return new JitTracer(this, out)
  }
}

/** Is `x` a traced JS number (weakly typed)? @internal */
export const isWeak = (x: unknown): x is JitTracer => x instanceof JitTracer && x.weak !== null

// ---- tracing ----

/** What an input leaf is traced as. */
export type InSpec = { readonly kind: 'tensor'; readonly aval: Aval } | { readonly kind: 'number'; readonly integer: boolean }

/** The result of tracing: the program, and the output leaves that are not traced values (static outputs). */
export interface Traced {
  readonly jaxpr: ClosedJaxpr
  /** Per output leaf: the index into `jaxpr.outVars`, or the static value itself. */
  readonly outs: ReadonlyArray<{ readonly k: 'var'; readonly i: number } | { readonly k: 'static'; readonly value: unknown }>
  readonly result: unknown
  /** True when a constant is a tracer of an outer transformation: the program cannot be reused. */
  readonly closesOverTracers: boolean
}

/**
 * Trace `body` with one abstract input per spec. `body` gets the traced leaves
 * and returns output leaves (tensors, tracers or static values) and whatever it
 * wants passed back in `result`.
 * @internal
 */
export const traceLeaves = (
  specs: ReadonlyArray<InSpec>,
  body: (ins: ReadonlyArray<Tensor>) => { readonly leaves: ReadonlyArray<unknown>; readonly result: unknown },
): Traced =>
  withTrace((l) => new JitTrace(l), (trace) => {
    const inVars: Var[] = []
    const ins = specs.map((s) => {
      if (s.kind === 'tensor') {
        const t = trace.input(s.aval)
        inVars.push(t.v)
        return t
      }
      const [src, seen] = trace.numberInput(s.integer)
      inVars.push(src.v)
      return seen
    })
    const { leaves, result } = body(ins)
    const outVars: Var[] = []
    const outs = leaves.map((o) => {
      if (o instanceof Tensor) {
        const t = o instanceof JitTracer && o.trace === trace ? o : trace.lift(o)
        outVars.push(t.v)
        return { k: 'var' as const, i: outVars.length - 1 }
      }
      return { k: 'static' as const, value: o }
    })
    const jaxpr = new ClosedJaxpr(inVars, trace.constVars.slice(), trace.consts.slice(), trace.eqns.slice(), outVars)
    return { jaxpr, outs, result, closesOverTracers: trace.consts.some((c) => c instanceof Tracer) }
  })
