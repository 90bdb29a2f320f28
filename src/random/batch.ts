/**
 * Keys under `vmap`: an array of keys is a key array, batched like JAX's.
 *
 * `vmap(k => random.normal(k, [3]))(random.split(key, 8))` gives the eight
 * draws stacked, bit for bit: inside the function each example sees a
 * `KeyBatch`, a stand-in for its own key, and every sampler, key function and
 * initializer (`overKeys` wraps them) draws with each example's key. Tensor
 * arguments batched by the same `vmap` (a batched `p` for `bernoulli`, batched
 * logits for `categorical`) are read per example too.
 *
 * Draws are counter-based hashes of (key, element index), so a draw for B keys
 * is B independent runs of the same kernel; there is no cheaper batched form of
 * it, and running it per key is what makes each example's bits equal to its own
 * draw. The result is one batched tensor, which the rest of the function
 * processes with the batched primitives.
 *
 * A key array can also come back out of `vmap` (`vmap(k => random.split(k, 2))`),
 * and key arrays nest: `vmap(ks => vmap(k => ...)(ks))` over an array of arrays.
 *
 * @since 0.3.0
 */
import { ShapeError, TraceError } from '../errors.js'
import { BatchTrace, BatchTracer, exampleOf, registerBatchableLeaf } from '../ad/batching.js'
import { stack } from '../ad/prims/shape.js'
import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { isKey, type Key } from './key.js'

// ---- model ----

/**
 * Inside `vmap`, the key of one example of a key array: example `b` of the
 * batch uses `items[b]` (a key, a stand-in of an outer vmap, or a row of keys
 * for a nested key array). Pass it to samplers, `split`, `foldIn` and
 * initializers like a key.
 * @category model
 */
export class KeyBatch {
  constructor(
    /** @internal the vmap this stands in for */
    readonly trace: BatchTrace,
    /** @internal each example's key */
    readonly items: ReadonlyArray<unknown>,
  ) {
    Object.freeze(this)
  }
  toString(): string {
    return `KeyBatch(one key per example of a vmap over ${this.items.length})`
  }
}

const isKeyLike = (x: unknown): boolean => isKey(x) || (x instanceof KeyBatch && x.trace.active)

/** The length of a (possibly nested) key array, or undefined. */
const keyArrayLength = (x: unknown): number | undefined => {
  if (!Array.isArray(x) || x.length === 0) return undefined
  if (x.every(isKeyLike)) return x.length
  const inner = keyArrayLength(x[0])
  return inner !== undefined && x.every((r) => keyArrayLength(r) === inner) ? x.length : undefined
}

/** A stand-in of an outer vmap whose examples are each a row of keys: as a key array of its own. */
const rowsOf = (x: unknown): number | undefined => {
  if (!(x instanceof KeyBatch) || !x.trace.active) return undefined
  const n = keyArrayLength(x.items[0])
  return n !== undefined && x.items.every((r) => keyArrayLength(r) === n) ? n : undefined
}

registerBatchableLeaf({
  name: 'PRNG key',
  sizeOf: (x) => keyArrayLength(x) ?? rowsOf(x),
  enter: (x, trace) => {
    if (Array.isArray(x)) return new KeyBatch(trace, x)
    // column j of an outer stand-in's rows: for each outer example, its row's key j
    const outer = x as KeyBatch
    const n = rowsOf(outer)!
    return new KeyBatch(trace, Array.from({ length: n }, (_, j) => new KeyBatch(outer.trace, outer.items.map((r) => (r as unknown[])[j]))))
  },
  exit: (y, trace) => {
    if (y instanceof KeyBatch && y.trace === trace) return y.items.slice()
    // an array of this vmap's stand-ins (e.g. from split): per example, the array of their keys
    if (Array.isArray(y) && y.length > 0 && y.every((k) => k instanceof KeyBatch && k.trace === trace))
      return Array.from({ length: trace.size }, (_, b) => (y as KeyBatch[]).map((k) => k.items[b]))
    return undefined
  },
})

// ---- combinators ----

/** The innermost running vmap that batches the key or a tensor among the arguments. */
const topBatch = (key: unknown, rest: ReadonlyArray<unknown>): BatchTrace | null => {
  let top: BatchTrace | null = key instanceof KeyBatch ? key.trace : null
  for (const l of tree.leaves(rest as tree.PyTree<unknown>))
    if (l instanceof BatchTracer && l.bdim !== null && (top === null || l.trace.level > top.level)) top = l.trace
  if (top !== null && !top.active) throw new TraceError('random: a key batch was used after its vmap returned; return values from the function instead')
  return top
}

/** Stack per-example results into one value batched by `trace`. */
const combine = (op: string, trace: BatchTrace, outs: ReadonlyArray<unknown>): unknown => {
  const first = outs[0]
  if (first instanceof Tensor) return new BatchTracer(trace, stack(outs as Tensor[], 0), 0)
  if (isKeyLike(first)) return new KeyBatch(trace, outs)
  if (Array.isArray(first)) return first.map((_, j) => combine(op, trace, outs.map((o) => (o as unknown[])[j])))
  if (outs.every((o) => Object.is(o, first))) return first
  throw new ShapeError(`${op}: returns ${typeof first} values, which differ between the examples of a vmap and cannot be batched`)
}

/**
 * `fn(key, ...rest)` for a key batched by `vmap` (or batched tensor arguments):
 * each example's draw with its own key and arguments, stacked. Unbatched calls
 * go straight to `fn`.
 * @category combinators
 */
export const overKeys = <F extends (key: Key, ...rest: never[]) => unknown>(op: string, fn: F): F => {
  const g = (key: unknown, ...rest: unknown[]): unknown => {
    const t = topBatch(key, rest)
    if (t === null) return (fn as unknown as (...a: unknown[]) => unknown)(key, ...rest)
    const outs = Array.from({ length: t.size }, (_, b) => {
      const k = key instanceof KeyBatch && key.trace === t ? key.items[b] : key
      const args = rest.map((r) => tree.map((l: unknown) => (l instanceof Tensor ? exampleOf(l, t, b) : l), r as tree.PyTree<unknown>))
      return g(k, ...args)
    })
    if (t.size === 0) throw new ShapeError(`${op}: cannot draw for a vmap over 0 examples`)
    return combine(op, t, outs)
  }
  return g as unknown as F
}

/**
 * An initializer factory (or initializer) whose initializers batch over key arrays:
 * calls with a key go through `overKeys`; calls that build an initializer return a wrapped one.
 * @internal
 */
export const overKeysInit = <F>(op: string, factory: F): F => {
  const f = factory as unknown as (...a: unknown[]) => unknown
  const direct = overKeys(op, f as (key: Key, ...rest: never[]) => unknown) as unknown as (...a: unknown[]) => unknown
  return ((...a: unknown[]) => {
    if (a.length > 0 && isKeyLike(a[0])) return direct(...a)
    const r = f(...a)
    return typeof r === 'function' ? overKeys(op, r as (key: Key, ...rest: never[]) => unknown) : r
  }) as unknown as F
}
