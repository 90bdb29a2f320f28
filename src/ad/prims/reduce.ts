/**
 * Reductions: `sum`, `max`, `min`, `prod` are primitives; `mean`, `variance`,
 * `logsumexp` and friends are built from them.
 *
 * Tie rule: the derivative of `max`/`min` is shared equally among the elements
 * that attain the extreme (JAX's rule), so `max([1, 1])` has gradient `[½, ½]`.
 *
 * @example
 * sum(tensor([[1, 2], [3, 4]]), 0).toArray()          // [4, 6]
 * mean(tensor([[1, 2], [3, 4]]), 1, true).shape       // [2, 1]
 *
 * @since 0.1.0
 */
import { DTypeError, showShape } from '../../errors.js'
import * as E from '../../tensor/eager/index.js'
import { isFloat } from '../../tensor/dtype.js'
import { normalizeAxes, reducedShape, shapesEqual } from '../../tensor/shape.js'
import { eye } from '../../tensor/create.js'
import type { Tensor } from '../../tensor/tensor.js'
import { bind, definePrimitive, primitives, type Aval, type Primitive } from '../core.js'
import { add, cast, div, equal, isfinite, mul, stopGradient, sub, where } from './arith.js'
import { broadcastTo, reshape, transpose as transposeAxes } from './shape.js'
import { exp, log, square } from './unary.js'
import { asTensor, type TensorLike } from './util.js'
import { reduceAxes } from './batchrules.js'

export interface ReduceParams {
  readonly axes: ReadonlyArray<number>
  readonly keepdims: boolean
}

const reduceShape = ([x]: ReadonlyArray<Aval>, p: ReduceParams): Aval => ({
  shape: reducedShape(x!.shape, p.axes, p.keepdims),
  dtype: x!.dtype,
})

// batched: reduce the per-example axes where they sit beside the batch axis (no transpose, so each
// output element is accumulated in the same order as for one example)
const reduceBatch = (name: string) => ([x]: ReadonlyArray<Tensor>, [d]: ReadonlyArray<number | null>, p: ReduceParams): [Tensor, number] => {
  const r = reduceAxes(p.axes, d!, p.keepdims)
  return [bind(primitives().get(name) as unknown as Primitive<ReduceParams>, [x!], { axes: r.axes, keepdims: p.keepdims }), r.out]
}

/** Put the reduced axes back as 1s, then broadcast to `shape`. */
const expandBack = (y: Tensor, shape: ReadonlyArray<number>, { axes, keepdims }: ReduceParams): Tensor =>
  broadcastTo(keepdims ? y : reshape(y, reducedShape(shape, axes, true)), shape)

// ---- primitives ----

export const sumP = definePrimitive<ReduceParams>({
  name: 'sum',
  impl: ([x], p) => E.reduce('sum', x!, p.axes, p.keepdims),
  shape: reduceShape,
  batch: reduceBatch('sum'),
  transpose: (ct, [x], p) => [expandBack(ct, x!.shape, p)],
})

// the tangent of max: the mean of the tangents over the elements that attain it
const extremumJvp = (x: Tensor, t: Tensor, out: Tensor, p: ReduceParams): Tensor => {
  const mask = cast(equal(x, expandBack(out, x.shape, p)), x.dtype)
  return div(sum(mul(t, mask), p.axes, p.keepdims), sum(mask, p.axes, p.keepdims))
}
const extremumVjp = (ct: Tensor, x: Tensor, out: Tensor, p: ReduceParams): Tensor => {
  const mask = cast(equal(x, expandBack(out, x.shape, p)), x.dtype)
  return mul(expandBack(div(ct, sum(mask, p.axes, p.keepdims)), x.shape, p), mask)
}
const extremum = (name: 'max' | 'min') =>
  definePrimitive<ReduceParams>({
    name,
    impl: ([x], p) => E.reduce(name, x!, p.axes, p.keepdims),
    shape: reduceShape,
    batch: reduceBatch(name),
    jvp: ([x], [t], p, out) => extremumJvp(x!, t!, out, p),
    vjp: (ct, [x], p, out) => [extremumVjp(ct, x!, out, p)],
  })
export const maxP = extremum('max')
export const minP = extremum('min')

/**
 * prod's derivative is the product of the *other* elements, which stays right
 * when some elements are 0 (unlike out / x). It is formed as prod over a copy
 * of the reduced axis with the diagonal set to 1: O(n²) memory in the reduced
 * size, fine for the small products this op is used for.
 */
const prodOthers = (x: Tensor, p: ReduceParams): Tensor => {
  const kept = x.shape.map((_, i) => i).filter((i) => !p.axes.includes(i))
  const n = p.axes.reduce((s, a) => s * x.shape[a]!, 1)
  const keptShape = kept.map((i) => x.shape[i]!)
  // [...kept, n] with the reduced axes flattened last
  const flat = reshape(transposeAxes(x, [...kept, ...p.axes]), [...keptShape, n])
  const rows = broadcastTo(reshape(flat, [...keptShape, 1, n]), [...keptShape, n, n])
  const diag = eye(n, n, 'bool')
  const withOnes = where(diag, 1, rows) // [..., i, j] = x_j, or 1 where j == i
  const po = prod(withOnes, -1) // [...kept, n]: product of all but i
  // back to x's layout
  const unflat = reshape(po, [...keptShape, ...p.axes.map((a) => x.shape[a]!)])
  const perm = [...kept, ...p.axes]
  const inv = perm.map((_, i) => perm.indexOf(i))
  return transposeAxes(unflat, inv)
}
export const prodP = definePrimitive<ReduceParams>({
  name: 'prod',
  impl: ([x], p) => E.reduce('prod', x!, p.axes, p.keepdims),
  shape: reduceShape,
  batch: reduceBatch('prod'),
  jvp: ([x], [t], p) => sum(mul(t!, prodOthers(x!, p)), p.axes, p.keepdims),
  vjp: (ct, [x], p) => [mul(expandBack(ct, x!.shape, p), prodOthers(x!, p))],
})

const argReduce = (name: 'argmax' | 'argmin') =>
  definePrimitive<{ readonly axis: number; readonly keepdims: boolean }>({
    name,
    impl: ([x], p) => E.reduce(name, x!, [p.axis], p.keepdims),
    shape: ([x], p) => ({ shape: reducedShape(x!.shape, [p.axis], p.keepdims), dtype: 'int32' }),
    batch: ([x], [d], p) => {
      const r = reduceAxes([p.axis], d!, p.keepdims)
      return [bind(primitives().get(name) as unknown as Primitive<typeof p>, [x!], { axis: r.axes[0]!, keepdims: p.keepdims }), r.out]
    },
    nondiff: true,
  })
export const argmaxP = argReduce('argmax')
export const argminP = argReduce('argmin')

// ---- ops ----

export type Axis = number | ReadonlyArray<number>

const reduction = (prim: Primitive<ReduceParams>, name: string) =>
  (x: TensorLike, axis?: Axis, keepdims = false): Tensor => {
    let t = asTensor(name, x)
    if (t.dtype === 'bool') t = cast(t, 'int32')
    const axes = normalizeAxes(name, axis, t.ndim)
    if (axes.length === 0) return t
    return bind(prim, [t], { axes, keepdims })
  }

/** Sum over `axis` (one, several, or all when omitted). @category ops */
export const sum = reduction(sumP, 'sum')
/** The largest element over `axis`; NaN propagates. @category ops */
export const max = reduction(maxP, 'max')
/** The smallest element over `axis`; NaN propagates. @category ops */
export const min = reduction(minP, 'min')
/** The product over `axis`. @category ops */
export const prod = reduction(prodP, 'prod')

const count = (x: Tensor, axis: Axis | undefined): number =>
  normalizeAxes('mean', axis, x.ndim).reduce((n, a) => n * x.shape[a]!, 1)

/** The mean over `axis` (integers give float32). @category ops */
export const mean = (x: TensorLike, axis?: Axis, keepdims = false): Tensor => {
  const t = asTensor('mean', x)
  normalizeAxes('mean', axis, t.ndim)
  const f = isFloat(t.dtype) ? t : cast(t, 'float32')
  return div(sum(f, axis, keepdims), count(f, axis))
}

/** The variance over `axis`, dividing by n - ddof. @category ops */
export const variance = (x: TensorLike, axis?: Axis, keepdims = false, ddof = 0): Tensor => {
  const t = asTensor('variance', x)
  normalizeAxes('variance', axis, t.ndim)
  const f = isFloat(t.dtype) ? t : cast(t, 'float32')
  const centered = sub(f, mean(f, axis, true))
  return div(sum(square(centered), axis, keepdims), count(f, axis) - ddof)
}

/**
 * log(sum(exp(x))) over `axis`, computed stably: the max is subtracted first
 * (and its gradient stopped, which does not change the derivative). @category ops
 */
export const logsumexp = (x: TensorLike, axis?: Axis, keepdims = false): Tensor => {
  const t = asTensor('logsumexp', x)
  if (!isFloat(t.dtype)) throw new DTypeError(`logsumexp: expected a float tensor, got ${t.dtype} ${showShape(t.shape)}`)
  // an empty reduction is log(0) = -inf (max has no identity there, so skip the shift)
  if (normalizeAxes('logsumexp', axis, t.ndim).some((a) => t.shape[a] === 0)) return log(sum(exp(t), axis, keepdims))
  const m0 = stopGradient(max(t, axis, true))
  const m = where(isfinite(m0), m0, 0) // all -inf rows give -inf, not NaN
  const s = add(log(sum(exp(sub(t, m)), axis, true)), m)
  return keepdims ? s : reshape(s, reducedShape(t.shape, normalizeAxes('logsumexp', axis, t.ndim), false))
}

const argOp = (prim: typeof argmaxP, name: string) => (x: TensorLike, axis?: number, keepdims = false): Tensor => {
  const t = asTensor(name, x)
  if (axis === undefined) {
    // over the flattened tensor; keepdims keeps every axis as a 1 (numpy)
    const flat = bind(prim, [reshape(t, [-1])], { axis: 0, keepdims: false })
    return keepdims ? reshape(flat, t.shape.map(() => 1)) : flat
  }
  const a = normalizeAxes(name, axis, t.ndim)[0]!
  return bind(prim, [t], { axis: a, keepdims })
}
/** Index of the largest element along `axis` (of the flattened tensor when omitted); the first wins ties. @category ops */
export const argmax = argOp(argmaxP, 'argmax')
/** Index of the smallest element along `axis`; the first wins ties. @category ops */
export const argmin = argOp(argminP, 'argmin')

/** Sum a broadcast cotangent back to `shape` (the vjp of broadcasting). @internal */
export const sumTo = (ct: Tensor, shape: ReadonlyArray<number>): Tensor => {
  if (shapesEqual(ct.shape, shape)) return ct
  const lead = ct.ndim - shape.length
  const axes: number[] = []
  // (a size-1 axis needs no sum, only the reshape)
  for (let i = 0; i < ct.ndim; i++) if (ct.shape[i] !== 1 && (i < lead || shape[i - lead] === 1)) axes.push(i)
  const s = axes.length > 0 ? sum(ct, axes, true) : ct
  return reshape(s, shape)
}
