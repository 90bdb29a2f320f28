/**
 * Building blocks of the batching rules (`Primitive.batch`, used by `vmap`).
 *
 * A batched value is a tensor with one extra axis, the batch axis, at a known
 * position (or `null`: the value is the same for every example). A rule moves
 * that axis where the primitive can treat it as one more ordinary axis, applies
 * the primitive once, and says where the batch axis ended up. Rules never loop
 * over examples. They are written with the public ops, so a batched program can
 * itself be differentiated (and a derivative batched).
 *
 * @example
 * // sum over per-example axis 0 of a batch held at axis 1: reduce full axis 0, the batch axis moves to 0
 * reduceAxes([0], 1)   // { axes: [0], out: 0 }
 *
 * @since 0.3.0
 */
import type { Tensor } from '../../tensor/tensor.js'
import { bind, primitives, type BatchRule, type Primitive } from '../core.js'

// The shape primitives by name (this module imports no op module, so the op modules can all import it).
const same = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean => a.length === b.length && a.every((d, i) => d === b[i])
const transpose = (x: Tensor, perm: ReadonlyArray<number>): Tensor =>
  perm.every((a, i) => a === i) ? x : bindSelf('transpose', [x], { perm })
const reshape = (x: Tensor, shape: ReadonlyArray<number>): Tensor => (same(x.shape, shape) ? x : bindSelf('reshape', [x], { shape }))
const broadcastTo = (x: Tensor, shape: ReadonlyArray<number>): Tensor => (same(x.shape, shape) ? x : bindSelf('broadcastTo', [x], { shape }))

/** Where a value's batch axis is; null when it is not batched. */
export type BDim = number | null

// ---- moving the batch axis ----

/** Move axis `from` of `x` to position `to` (one transpose; none when they agree). */
export const moveAxis = (x: Tensor, from: number, to: number): Tensor => {
  if (from === to) return x
  const perm = x.shape.map((_, i) => i).filter((i) => i !== from)
  perm.splice(to, 0, from)
  return transpose(x, perm)
}

/** `x` with its batch axis first; an unbatched `x` is broadcast along a new first axis of `size`. */
export const batchFirst = (x: Tensor, d: BDim, size: number): Tensor =>
  d === null ? broadcastTo(x, [size, ...x.shape]) : moveAxis(x, d, 0)

/** The full-rank index of per-example axis `a` when the batch axis sits at `d`. */
export const fullAxis = (a: number, d: number): number => (a < d ? a : a + 1)

/** Per-example shape → full shape with `size` inserted at `d`. */
export const withBatch = (shape: ReadonlyArray<number>, d: number, size: number): number[] => {
  const s = shape.slice()
  s.splice(d, 0, size)
  return s
}

/** Reduced per-example `axes` as full axes, and where the batch axis lands after the reduction. */
export const reduceAxes = (axes: ReadonlyArray<number>, d: number, keepdims = false): { axes: number[]; out: number } => ({
  axes: axes.map((a) => fullAxis(a, d)),
  out: keepdims ? d : d - axes.filter((a) => a < d).length,
})

/**
 * Operands of a broadcasting elementwise op, batched so that numpy broadcasting
 * lines their batch axes up. When every batched operand has full rank and one
 * batch axis that no unbatched operand reaches, they are used as they are
 * (no copy); otherwise batch axes move first and lower-rank operands get 1s.
 */
export const elementwiseOperands = (xs: ReadonlyArray<Tensor>, dims: ReadonlyArray<BDim>): [Tensor[], number] => {
  const ranks = xs.map((x, i) => (dims[i] === null ? x.ndim : x.ndim - 1))
  const r = Math.max(...ranks)
  const batched = dims.filter((d): d is number => d !== null)
  const d0 = batched[0]!
  if (batched.every((d) => d === d0) && xs.every((_, i) => (dims[i] === null ? ranks[i]! + d0 <= r : ranks[i] === r)))
    return [xs.slice(), d0]
  return [xs.map((x, i) => {
    const d = dims[i]!
    if (dims[i] === null) return x
    const y = moveAxis(x, d, 0)
    return ranks[i]! < r ? reshape(y, [y.shape[0]!, ...new Array<number>(r - ranks[i]!).fill(1), ...y.shape.slice(1)]) : y
  }), 0]
}

// ---- rules shared by families ----

const self = <P>(name: string): Primitive<P> => primitives().get(name) as unknown as Primitive<P>

/** Apply the primitive named `name` (a rule's own primitive, without naming its record in its own initializer). */
export const bindSelf = <P>(name: string, xs: ReadonlyArray<Tensor>, params: P): Tensor => bind(self<P>(name), xs, params)

/** An elementwise primitive (any arity, numpy broadcasting): line the batch axes up and apply it once. */
export const elementwiseBatch = <P>(name: string): BatchRule<P> => (xs, dims, params) => {
  const [ys, d] = elementwiseOperands(xs, dims)
  return [bind(self<P>(name), ys, params), d]
}

/** A primitive that acts on each element alone and keeps the shape (unary ops, cast): the batch axis stays put. */
export const sameAxisBatch = <P>(name: string): BatchRule<P> => ([x], [d], params) => [bind(self<P>(name), [x!], params), d!]

/**
 * A primitive over trailing matrix axes `[..., n, n]` (cholesky, determinants):
 * the batch axis goes first, where it is one more leading axis.
 */
export const leadingBatch = <P>(name: string): BatchRule<P> => ([x], [d], params) =>
  [bind(self<P>(name), [moveAxis(x!, d!, 0)], params), 0]
