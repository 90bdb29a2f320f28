/**
 * Scalars that are JS numbers or tensors: the arithmetic of step counts,
 * schedules and bias corrections, written once for both.
 *
 * Eagerly an optimizer state holds its step counts as JS numbers, and every
 * helper here is then the plain JS expression it names (`add(a, b)` is
 * `a + b`, `pow(a, b)` is the pow kernel's rule (`powi` for an integer exponent, else `a ** b`), `where(c, a, b)` is `c ? a : b`), so the
 * eager results keep their exact bits. When any operand is a `Tensor` (a
 * concrete scalar tensor, or a tracer: under `jit` a number leaf of the state
 * is traced as a scalar), the helper is the tensor op instead, computed in
 * **float64**: the counts stay exact up to 2^53 and, since the scalar kernels
 * are the same `Math` functions, a float64 scalar gives the same bits as the
 * JS number would. (JAX keeps optax's counts as int32 and computes schedules
 * in float32 by default; float64 is chosen here so that the traced path and
 * the eager path agree bit for bit.) `operand` then rounds such a scalar to a
 * leaf's dtype, exactly as a JS number operand is rounded.
 *
 * Conditionals become `where`: both branches are computed and one is chosen,
 * so a branch must be harmless (finite or not) where it is not chosen.
 *
 * @example
 * add(2, 3)                                  // 5, a JS number
 * add(scalar(2, 'float64'), 3)               // a float64 scalar tensor holding 5
 * where(less(count, 10), 0.1, 0.01)          // a number, or a tensor when count is one
 *
 * @since 0.4.0
 */
import { powRule } from '../backend/index.js'
import * as ops from '../ad/index.js'
import { scalar } from '../tensor/create.js'
import type { DType } from '../tensor/dtype.js'
import { ConcreteTensor, Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'

// ---- model ----

/** A JS number or a scalar tensor (concrete or traced). @category model @since 0.4.0 */
export type Scalar = number | Tensor

/** A JS boolean or a bool scalar tensor: the result of comparing scalars. @category model @since 0.4.0 */
export type Bool = boolean | Tensor

// ---- utils ----

/** Is `x` a tensor (concrete or traced) rather than a JS number? @category utils @since 0.4.0 */
export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor

/** A scalar as a float64 tensor (a traced JS number keeps its exact float64 value). @category utils @since 0.4.0 */
export const f64 = (x: Scalar): Tensor => (typeof x === 'number' ? scalar(x, 'float64') : ops.cast(x, 'float64'))

/**
 * A scalar as the operand of a tensor op on a leaf of `dtype`: a number as it
 * is (the op rounds it to the leaf's dtype), a tensor cast to `dtype` (the same
 * rounding), so a float64 scalar never promotes a float32 leaf.
 * @category utils
 * @since 0.4.0
 */
export const operand = (x: Scalar, dtype: DType): number | Tensor => (typeof x === 'number' ? x : ops.cast(x, dtype))

/**
 * The value of a concrete scalar as a JS number, or null for a tracer (whose
 * value is not known yet). For checks that can only run eagerly.
 * @category utils
 * @since 0.4.0
 */
export const known = (x: Scalar): number | null => (typeof x === 'number' ? x : x instanceof ConcreteTensor ? x.item() : null)

const binary = (js: (a: number, b: number) => number, op: (a: Tensor, b: Tensor) => Tensor) =>
  (a: Scalar, b: Scalar): Scalar => (typeof a === 'number' && typeof b === 'number' ? js(a, b) : op(f64(a), f64(b)))

const compare = (js: (a: number, b: number) => boolean, op: (a: Tensor, b: Tensor) => Tensor) =>
  (a: Scalar, b: Scalar): Bool => (typeof a === 'number' && typeof b === 'number' ? js(a, b) : op(f64(a), f64(b)))

const unary = (js: (a: number) => number, op: (a: Tensor) => Tensor) => (a: Scalar): Scalar => (typeof a === 'number' ? js(a) : op(f64(a)))

// ---- ops ----

/** `a + b`. @category ops @since 0.4.0 */
export const add = binary((a, b) => a + b, ops.add)
/** `a - b`. @category ops @since 0.4.0 */
export const sub = binary((a, b) => a - b, ops.sub)
/** `a * b`. @category ops @since 0.4.0 */
export const mul = binary((a, b) => a * b, ops.mul)
/** `a / b`. @category ops @since 0.4.0 */
export const div = binary((a, b) => a / b, ops.div)
/** `a ** b`. @category ops @since 0.4.0 */
export const pow = binary((a, b) => powRule(a, b), ops.pow)
/** `Math.min(a, b)`. @category ops @since 0.4.0 */
export const min = binary((a, b) => Math.min(a, b), ops.minimum)
/** `Math.max(a, b)`. @category ops @since 0.4.0 */
export const max = binary((a, b) => Math.max(a, b), ops.maximum)
/** `Math.cos(a)`. @category ops @since 0.4.0 */
export const cos = unary((a) => Math.cos(a), ops.cos)
/** `Math.floor(a)`. @category ops @since 0.4.0 */
export const floor = unary((a) => Math.floor(a), ops.floor)

/** `a < b`. @category ops @since 0.4.0 */
export const less = compare((a, b) => a < b, ops.less)
/** `a <= b`. @category ops @since 0.4.0 */
export const lessEqual = compare((a, b) => a <= b, ops.lessEqual)
/** `a >= b`. @category ops @since 0.4.0 */
export const greaterEqual = compare((a, b) => a >= b, ops.greaterEqual)

/** `!c`. @category ops @since 0.4.0 */
export const not = (c: Bool): Bool => (typeof c === 'boolean' ? !c : ops.equal(c, asBool(false)))
/** `a && b` (both computed). @category ops @since 0.4.0 */
export const and = (a: Bool, b: Bool): Bool => (typeof a === 'boolean' && typeof b === 'boolean' ? a && b : ops.where(asBool(a), asBool(b), asBool(false)))
/** `a || b` (both computed). @category ops @since 0.4.0 */
export const or = (a: Bool, b: Bool): Bool => (typeof a === 'boolean' && typeof b === 'boolean' ? a || b : ops.where(asBool(a), asBool(true), asBool(b)))

/** A condition as a bool tensor. */
const asBool = (c: Bool): Tensor => (typeof c === 'boolean' ? scalar(c ? 1 : 0, 'bool') : c)

/**
 * `c ? a : b`: a JS conditional when the condition is a boolean, otherwise
 * `where` over float64 scalars.
 * @category ops
 * @since 0.4.0
 */
export const where = (c: Bool, a: Scalar, b: Scalar): Scalar => (typeof c === 'boolean' ? (c ? a : b) : ops.where(c, f64(a), f64(b)))

/**
 * A count as the state types declare it. The state interfaces type their
 * counts as `number`, what they hold eagerly; when the counts are tensors
 * (under `jit`) the same fields hold float64 scalar tensors. Widening the
 * declared types to `Scalar` would reach every reader of `state.count`.
 * @internal
 */
export const asCount = (x: Scalar): number => x as number

/**
 * A state with every JS number leaf as a float64 scalar tensor and every
 * boolean as a bool scalar tensor: the form the state takes after a step
 * under `jit` (where its numbers are traced). Start a jitted loop from
 * `tensorState(opt.init(params))` and every step has the same signature, so
 * the step is traced once; eagerly it gives the same values as the numbers.
 *
 * @example
 * const s0 = tensorState(opt.init(params))   // s0.count is scalar(0, 'float64')
 *
 * @category utils
 * @since 0.4.0
 */
export const tensorState = <T>(state: T): T => {
  const [leaves, def] = tree.flatten(state as tree.PyTree<unknown>)
  return tree.unflatten<T>(def, leaves.map((x) => (typeof x === 'number' ? scalar(x, 'float64') : typeof x === 'boolean' ? scalar(x ? 1 : 0, 'bool') : x)))
}
