/**
 * Batching: the interpreter behind `vmap`. A `BatchTracer` stands for one
 * example of a batch; it holds the whole batch as a tensor `val` with one extra
 * axis, the batch axis `bdim` (null: the value is the same for every example).
 * Its `shape` is the per-example shape, so the function under `vmap` sees what
 * it would see for one example.
 *
 * Each primitive applied to a batch tracer goes through its own `batch` rule
 * (beside its impl, shape, jvp and vjp rules), which moves the batch axis and
 * applies the primitive once to the whole batch. The trace runs at its own
 * level, like the JVP and VJP traces, so `vmap` nests with `grad`, `jvp` and
 * itself in any order without mixing up whose axis is whose.
 *
 * Reading the values of a batched tracer (`.item()`, `.toArray()`, `.data()`)
 * is an error: inside `vmap` a tensor has one value per example, not one value.
 *
 * @example
 * vmap((x: Tensor) => sum(x))(ones([8, 3])).shape   // [8]
 *
 * @since 0.3.0
 */
import { ShapeError, TraceError, showShape } from '../errors.js'
import type { DType } from '../tensor/dtype.js'
import type { ConcreteTensor, Tensor } from '../tensor/tensor.js'
import { bind, Trace, Tracer, type Primitive } from './core.js'
import { take } from './prims/shape.js'

// ---- model ----

export class BatchTracer extends Tracer {
  constructor(
    readonly trace: BatchTrace,
    /** The whole batch (a value of the level below). */
    readonly val: Tensor,
    /** Where the batch axis of `val` is; null: not batched. */
    readonly bdim: number | null,
  ) {
    super()
  }
  /** An unbatched value is its own primal; a batched one has no single value. */
  override get primal(): Tensor {
    if (this.bdim === null) return this.val
    throw concreteError(this)
  }
  override get shape(): ReadonlyArray<number> {
    if (this.bdim === null) return this.val.shape
    return this.val.shape.filter((_, i) => i !== this.bdim)
  }
  override get dtype(): DType {
    return this.val.dtype
  }
  override toConcrete(): ConcreteTensor {
    return this.primal.toConcrete()
  }
}

const concreteError = (t: BatchTracer): TraceError =>
  new TraceError(
    `vmap: the values of a batched tensor were read (.item(), .toArray() or .data()) on a tensor of per-example shape ` +
      `${showShape(t.shape)} in a batch of ${t.trace.size}. Inside vmap a tensor holds one value per example, so ` +
      'Python-style control on its values is not possible: choose elementwise with where(cond, a, b), or un-batch ' +
      'the argument (inAxes null) if it is the same for every example.',
  )

export class BatchTrace extends Trace {
  constructor(
    level: number,
    /** The batch size. */
    readonly size: number,
  ) {
    super(level, 'vmap')
  }
  lift(x: Tensor): BatchTracer {
    return new BatchTracer(this, x, null)
  }
  process<P>(prim: Primitive<P>, args: ReadonlyArray<Tracer>, params: P): Tensor {
    const tracers = args as ReadonlyArray<BatchTracer>
    const vals = tracers.map((t) => t.val)
    const dims = tracers.map((t) => t.bdim)
    if (dims.every((d) => d === null)) return new BatchTracer(this, bind(prim, vals, params), null)
    if (prim.batch === undefined)
      throw new TraceError(`vmap: the primitive ${prim.name} has no batching rule; add a batch rule to its definePrimitive record`)
    // abstract evaluation on the per-example avals first: errors name the shapes the user's function sees
    const want = prim.shape(tracers.map((t) => ({ shape: t.shape, dtype: t.dtype })), params)
    const [out, d] = prim.batch(vals, dims, params, this.size)
    const got = new BatchTracer(this, out, d)
    if (d !== null && out.shape[d] !== this.size)
      throw new TraceError(`vmap: the batch rule of ${prim.name} returned batch axis ${d} of ${showShape(out.shape)}, expected size ${this.size}`)
    if (got.shape.length !== want.shape.length || got.shape.some((s, i) => s !== want.shape[i]))
      throw new TraceError(`vmap: the batch rule of ${prim.name} gave per-example shape ${showShape(got.shape)}, expected ${showShape(want.shape)}`)
    return got
  }
}

// ---- utils ----

/** Example `b` of a value batched by `trace` (the value itself when it is not batched there). @internal */
export const exampleOf = (x: Tensor, trace: BatchTrace, b: number): Tensor => {
  if (!(x instanceof BatchTracer) || x.trace !== trace) return x
  return x.bdim === null ? x.val : take(x.val, b, x.bdim)
}

/** Wrap a batch held at axis `bdim` of `val` as a tracer of `trace`. @internal */
export const batched = (trace: BatchTrace, val: Tensor, bdim: number | null): BatchTracer => {
  if (bdim !== null && val.shape[bdim] !== trace.size)
    throw new ShapeError(`vmap: a batch of size ${val.shape[bdim]} does not fit a vmap of size ${trace.size}`)
  return new BatchTracer(trace, val, bdim)
}

// ---- leaves that are not tensors ----

/**
 * A kind of non-tensor leaf that `vmap` can batch, such as an array of PRNG
 * keys. The module that owns the kind registers it (`src/random` registers keys),
 * so this layer needs no import of it.
 */
export interface BatchableLeaf {
  readonly name: string
  /** The batch size when `x` is a batch of this kind (batched along its axis 0), else undefined. */
  readonly sizeOf: (x: unknown) => number | undefined
  /** The per-example stand-in the function sees for batch `x`. */
  readonly enter: (x: unknown, trace: BatchTrace) => unknown
  /** If `y` is a stand-in of this kind made by `trace`, the batch it stands for; else undefined. */
  readonly exit: (y: unknown, trace: BatchTrace) => unknown
}

const leafKinds: BatchableLeaf[] = []

/** Register a kind of batchable leaf (once per kind, by name). @category utils */
export const registerBatchableLeaf = (kind: BatchableLeaf): void => {
  if (!leafKinds.some((k) => k.name === kind.name)) leafKinds.push(kind)
}

/** The registered kind `x` is a batch of, if any. @internal */
export const leafKindOf = (x: unknown): BatchableLeaf | undefined => leafKinds.find((k) => k.sizeOf(x) !== undefined)

/** The registered kinds (for output conversion). @internal */
export const leafKindsList = (): ReadonlyArray<BatchableLeaf> => leafKinds
