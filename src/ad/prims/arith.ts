/**
 * Binary arithmetic, comparisons, `where`, `cast` and `stopGradient`.
 *
 * Operands are promoted to a common dtype first (see `src/tensor/dtype.ts`), so
 * each primitive sees equal dtypes, and broadcast as in numpy; every vjp rule
 * sums its cotangent back to the operand's shape (`sumTo`).
 *
 * Tie rule: at `a == b`, `maximum` and `minimum` send half of the derivative
 * to each operand (as JAX does), so `maximum(x, x)` has derivative 1.
 *
 * @example
 * add(tensor([1, 2]), 1).toArray()        // [2, 3]
 * mul(tensor([[1], [2]]), tensor([1, 2])).shape   // [2, 2]
 *
 * @since 0.1.0
 */
import { DTypeError, showShape } from '../../errors.js'
import * as E from '../../tensor/eager/index.js'
import { broadcastShapes, shapesEqual } from '../../tensor/shape.js'
import { isDType, isFloat, type DType } from '../../tensor/dtype.js'
import type { Tensor } from '../../tensor/tensor.js'
import { bind, definePrimitive, ifNeeded, type Aval, type Primitive } from '../core.js'
import { sumTo } from './reduce.js'
import { elementwiseBatch, sameAxisBatch } from './batchrules.js'
import { asTensor, resultDType, type TensorLike } from './util.js'
import { log } from './unary.js'

// ---- shape rules ----

const sameDType = (op: string, [a, b]: ReadonlyArray<Aval>): DType => {
  if (a!.dtype !== b!.dtype) throw new DTypeError(`${op}: operands have dtypes ${a!.dtype} and ${b!.dtype}; cast one first`)
  return a!.dtype
}
const binaryShape = (op: string) => (xs: ReadonlyArray<Aval>): Aval => ({
  shape: broadcastShapes(op, xs[0]!.shape, xs[1]!.shape),
  dtype: sameDType(op, xs),
})

// ---- primitives ----

export const addP = definePrimitive({
  name: 'add',
  impl: ([a, b]) => E.binary('add', a!, b!),
  shape: binaryShape('add'),
  batch: elementwiseBatch('add'),
  transpose: (ct, [a, b], _p, n) => [ifNeeded(n, 0, () => sumTo(ct, a!.shape)), ifNeeded(n, 1, () => sumTo(ct, b!.shape))],
})

export const subP = definePrimitive({
  name: 'sub',
  impl: ([a, b]) => E.binary('sub', a!, b!),
  shape: binaryShape('sub'),
  batch: elementwiseBatch('sub'),
  transpose: (ct, [a, b], _p, n) => [ifNeeded(n, 0, () => sumTo(ct, a!.shape)), ifNeeded(n, 1, () => sumTo(neg(ct), b!.shape))],
})

export const negP = definePrimitive({
  name: 'neg',
  impl: ([x]) => E.unary('neg', x!),
  shape: ([x]) => x!,
  batch: sameAxisBatch('neg'),
  transpose: (ct) => [neg(ct)],
})

export const mulP = definePrimitive({
  name: 'mul',
  impl: ([a, b]) => E.binary('mul', a!, b!),
  shape: binaryShape('mul'),
  batch: elementwiseBatch('mul'),
  // d(ab) = da·b + a·db, without the term of a symbolic-zero tangent
  jvp: ([a, b], [ta, tb], _p, _o, zero) =>
    zero?.[0] === true ? mul(a!, tb!) : zero?.[1] === true ? mul(ta!, b!) : add(mul(ta!, b!), mul(a!, tb!)),
  symbolicZeros: true,
  vjp: (ct, [a, b], _p, _o, n) => [ifNeeded(n, 0, () => sumTo(mul(ct, b!), a!.shape)), ifNeeded(n, 1, () => sumTo(mul(a!, ct), b!.shape))],
})

export const divP = definePrimitive({
  name: 'div',
  impl: ([a, b]) => E.binary('div', a!, b!),
  shape: binaryShape('div'),
  batch: elementwiseBatch('div'),
  jvp: ([, b], [ta, tb], _p, out) => sub(div(ta!, b!), mul(tb!, div(out, b!))), // d(a/b) = da/b - db·(a/b)/b
  vjp: (ct, [a, b], _p, out, n) => [
    ifNeeded(n, 0, () => sumTo(div(ct, b!), a!.shape)),
    ifNeeded(n, 1, () => sumTo(neg(mul(ct, div(out, b!))), b!.shape)),
  ],
})

// d(a^b) = b·a^(b-1)·da + a^b·log(a)·db, with the 0·∞ corners defined as 0 (as JAX).
// ∂/∂a is guarded on the base, not on b: at a = 0, b = 0 the base becomes 1, so b·1^(b-1) = 0
// there. Masking the whole factor where b == 0 instead would cut its derivative in b, which at
// b = 0 is a^(b-1)·(1 + b·log a) = 1/a, and the Hessian would come out asymmetric.
// The masked corners also get safe inputs (as JAX does), or their NaN/inf would come back
// through where's masked branch in higher derivatives: 0·log(0) in reverse-over-reverse.
const powDa = (a: Tensor, b: Tensor): Tensor => {
  const base = where(equal(b, 0), where(equal(a, 0), 1, a), a)
  return mul(b, pow(base, sub(b, 1)))
}
const powDb = (a: Tensor, out: Tensor): Tensor => {
  const zero = equal(a, 0)
  return where(zero, 0, mul(out, log(where(zero, 1, a))))
}
export const powP = definePrimitive({
  name: 'pow',
  impl: ([a, b]) => E.binary('pow', a!, b!),
  shape: binaryShape('pow'),
  batch: elementwiseBatch('pow'),
  // a symbolic-zero tangent skips its term: 0·log(a) would be NaN for a negative base (x ** 2 at x < 0)
  jvp: ([a, b], [ta, tb], _p, out, zero) =>
    zero?.[1] === true ? mul(ta!, powDa(a!, b!))
      : zero?.[0] === true ? mul(tb!, powDb(a!, out))
        : add(mul(ta!, powDa(a!, b!)), mul(tb!, powDb(a!, out))),
  vjp: (ct, [a, b], _p, out) => [sumTo(mul(ct, powDa(a!, b!)), a!.shape), sumTo(mul(ct, powDb(a!, out)), b!.shape)],
})

// The share of the derivative that goes to `a` in maximum/minimum: 1, 0, or ½ at a tie.
const share = (wins: Tensor, ties: Tensor, dtype: DType): Tensor =>
  add(cast(wins, dtype), mul(cast(ties, dtype), 0.5))
const extremum = (name: 'maximum' | 'minimum', beats: (a: Tensor, b: Tensor) => Tensor) =>
  definePrimitive({
    name,
    impl: ([a, b]) => E.binary(name, a!, b!),
    shape: binaryShape(name),
    batch: elementwiseBatch(name),
    jvp: ([a, b], [ta, tb]) => {
      const sa = share(beats(a!, b!), equal(a!, b!), a!.dtype)
      return add(mul(ta!, sa), mul(tb!, sub(1, sa)))
    },
    vjp: (ct, [a, b]) => {
      const sa = share(beats(a!, b!), equal(a!, b!), a!.dtype)
      return [sumTo(mul(ct, sa), a!.shape), sumTo(mul(ct, sub(1, sa)), b!.shape)]
    },
  })
export const maximumP = extremum('maximum', (a, b) => greater(a, b))
export const minimumP = extremum('minimum', (a, b) => less(a, b))

export type CompareOp = 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual'
const comparison = (name: CompareOp) =>
  definePrimitive({
    name,
    impl: ([a, b]) => E.binary(name, a!, b!),
    shape: (xs) => ({ shape: binaryShape(name)(xs).shape, dtype: 'bool' }),
    batch: elementwiseBatch(name),
    nondiff: true,
  })
export const equalP = comparison('equal')
export const notEqualP = comparison('notEqual')
export const lessP = comparison('less')
export const lessEqualP = comparison('lessEqual')
export const greaterP = comparison('greater')
export const greaterEqualP = comparison('greaterEqual')

export const selectP = definePrimitive({
  name: 'where',
  impl: ([c, a, b]) => E.where(c!, a!, b!),
  shape: ([c, a, b]) => {
    if (c!.dtype !== 'bool') throw new DTypeError(`where: the condition must be bool, got ${c!.dtype}`)
    if (a!.dtype !== b!.dtype) throw new DTypeError(`where: branches have dtypes ${a!.dtype} and ${b!.dtype}`)
    return { shape: broadcastShapes('where', broadcastShapes('where', c!.shape, a!.shape), b!.shape), dtype: a!.dtype }
  },
  staticInputs: [0],
  batch: elementwiseBatch('where'),
  // linear in the two branches
  transpose: (ct, [c, a, b]) => [null, sumTo(where(c!, ct, 0), a!.shape), sumTo(where(c!, 0, ct), b!.shape)],
})

export const castP = definePrimitive<{ readonly dtype: DType }>({
  name: 'cast',
  impl: ([x], { dtype }) => E.cast(x!, dtype),
  shape: ([x], { dtype }) => ({ shape: x!.shape, dtype }),
  batch: sameAxisBatch('cast'),
  transpose: (ct, [x]) => [isFloat(x!.dtype) ? cast(ct, x!.dtype) : null],
})

export const stopGradientP = definePrimitive({
  name: 'stopGradient',
  impl: ([x]) => x!,
  shape: ([x]) => x!,
  batch: sameAxisBatch('stopGradient'),
  nondiff: true,
})

// ---- ops ----

const ARITH = new Set(['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'])

/** Promote two operands to their common dtype, casting as needed (bools compute in int32). */
const promoted = (op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] => {
  let dt = resultDType(a, b)
  if (ARITH.has(op) && dt === 'bool') dt = 'int32'
  if ((op === 'div' || op === 'pow') && !isFloat(dt)) dt = 'float32'
  return [cast(asTensor(op, a, dt), dt), cast(asTensor(op, b, dt), dt)]
}

const binary = (prim: Primitive, name: string) => (a: TensorLike, b: TensorLike): Tensor => {
  const [x, y] = promoted(name, a, b)
  return bind(prim, [x, y], {})
}

/** a + b, broadcasting. @category ops */
export const add = binary(addP, 'add')
/** a - b, broadcasting. @category ops */
export const sub = binary(subP, 'sub')
/** a · b elementwise, broadcasting. @category ops */
export const mul = binary(mulP, 'mul')
/** a / b elementwise (true division: integers give float32). @category ops */
export const div = binary(divP, 'div')
/** a ** b elementwise. @category ops */
export const pow = binary(powP, 'pow')
/** Elementwise maximum; NaN propagates; ties split the derivative. @category ops */
export const maximum = binary(maximumP, 'maximum')
/** Elementwise minimum; NaN propagates; ties split the derivative. @category ops */
export const minimum = binary(minimumP, 'minimum')
/** -x. @category ops */
export const neg = (x: TensorLike): Tensor => {
  const t = asTensor('neg', x)
  return bind(negP, [t.dtype === 'bool' ? cast(t, 'int32') : t], {})
}
/** @category ops */
export const equal = binary(equalP, 'equal')
/** @category ops */
export const notEqual = binary(notEqualP, 'notEqual')
/** @category ops */
export const less = binary(lessP, 'less')
/** @category ops */
export const lessEqual = binary(lessEqualP, 'lessEqual')
/** @category ops */
export const greater = binary(greaterP, 'greater')
/** @category ops */
export const greaterEqual = binary(greaterEqualP, 'greaterEqual')

/** `cond ? a : b` elementwise, broadcasting all three; `cond` must be bool. @category ops */
export const where = (cond: TensorLike, a: TensorLike, b: TensorLike): Tensor => {
  const c = asTensor('where', cond, 'bool')
  if (c.dtype !== 'bool') throw new DTypeError(`where: the condition must be bool, got ${c.dtype} ${showShape(c.shape)}; compare first, e.g. greater(x, 0)`)
  const [x, y] = promoted('where', a, b)
  return bind(selectP, [c, x, y], {})
}

/** Convert to `dtype` (floats to int32 truncate toward zero; to bool is `x != 0`). @category ops */
export const cast = (x: TensorLike, dtype: DType): Tensor => {
  if (!isDType(dtype)) throw new DTypeError(`cast: unknown dtype ${String(dtype)}; use 'float32', 'float64', 'int32' or 'bool'`)
  const t = asTensor('cast', x, dtype)
  return t.dtype === dtype ? t : bind(castP, [t], { dtype })
}

/**
 * The identity, with zero derivative: gradients do not flow through it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, mul, stopGradient, tensor, type Tensor } from 'fluxion'
 * // d/dx [x · stop(x)] = stop(x): the stopped factor is a constant
 * assert.equal(grad((x: Tensor) => mul(x, stopGradient(x)))(tensor(3)).item(), 3)
 * ```
 * @category ops
 */
export const stopGradient = (x: TensorLike): Tensor => bind(stopGradientP, [asTensor('stopGradient', x)], {})

/** True where x is neither infinite nor NaN. @category ops */
export const isfinite = (x: TensorLike): Tensor => {
  const t = asTensor('isfinite', x)
  return isFloat(t.dtype) ? equal(sub(t, t), 0) : equal(t, t)
}

/** True when two avals agree (used by error checks). @internal */
export const sameAval = (a: Aval, b: Aval): boolean => a.dtype === b.dtype && shapesEqual(a.shape, b.shape)
