/**
 * Elementwise unary primitives. For each, the derivative is a factor
 * `d(x, out)`: the jvp multiplies the tangent by it and the vjp multiplies
 * the cotangent by it. `sign` and `floor` have zero derivative.
 *
 * Tie rules: `relu'(0) = 0` and `abs'(0) = 0`.
 *
 * @example
 * grad(x => sum(sin(x)))(tensor([0])).toArray()   // [1]
 *
 * @since 0.1.0
 */
import type { UnaryOp } from '../../backend/index.js'
import { DTypeError, showShape } from '../../errors.js'
import * as E from '../../tensor/eager/index.js'
import { isFloat } from '../../tensor/dtype.js'
import type { Tensor } from '../../tensor/tensor.js'
import { bind, definePrimitive, type Primitive } from '../core.js'
import { add, cast, div, greater, mul, neg, sub, where } from './arith.js'
import { asTensor, type TensorLike } from './util.js'
import { sameAxisBatch } from './batchrules.js'

type Factor = (x: Tensor, out: Tensor) => Tensor

const elementwise = (name: UnaryOp, d: Factor): Primitive =>
  definePrimitive({
    name,
    impl: ([x]) => E.unary(name, x!),
    shape: ([x]) => {
      if (!isFloat(x!.dtype)) throw new DTypeError(`${name}: expected a float tensor, got ${x!.dtype} ${showShape(x!.shape)}`)
      return x!
    },
    batch: sameAxisBatch(name),
    jvp: ([x], [t], _p, out) => mul(t!, d(x!, out)),
    vjp: (ct, [x], _p, out) => [mul(ct, d(x!, out))],
  })

const nondiff = (name: UnaryOp): Primitive =>
  definePrimitive({ name, impl: ([x]) => E.unary(name, x!), shape: ([x]) => x!, nondiff: true, batch: sameAxisBatch(name) })

// ---- primitives ----

export const expP = elementwise('exp', (_x, out) => out)
export const logP = elementwise('log', (x) => div(1, x))
export const sinP = elementwise('sin', (x) => cos(x))
export const cosP = elementwise('cos', (x) => neg(sin(x)))
export const tanhP = elementwise('tanh', (_x, out) => sub(1, mul(out, out)))
export const sqrtP = elementwise('sqrt', (_x, out) => div(0.5, out))
export const absP = elementwise('abs', (x) => sign(x))
export const sigmoidP = elementwise('sigmoid', (_x, out) => mul(out, sub(1, out)))
export const erfP = elementwise('erf', (x) => mul(2 / Math.sqrt(Math.PI), exp(neg(mul(x, x)))))
// erfc = 1 − erf, as its own kernel: 1 − erf(x) cancels to 0 for x above about 4 (float32) or 6 (float64)
export const erfcP = elementwise('erfc', (x) => mul(-2 / Math.sqrt(Math.PI), exp(neg(mul(x, x)))))
export const expm1P = elementwise('expm1', (_x, out) => add(out, 1))
export const log1pP = elementwise('log1p', (x) => div(1, add(x, 1)))
// "relu(x) = maximum(x, 0)" would split the derivative at 0; relu'(0) = 0 as in JAX
export const reluP = elementwise('relu', (x) => cast(greater(x, 0), x.dtype))
export const signP = nondiff('sign')
export const floorP = nondiff('floor')

// ---- ops ----

const floatOp = (prim: Primitive, name: string) => (x: TensorLike): Tensor => {
  const t = asTensor(name, x)
  return bind(prim, [isFloat(t.dtype) ? t : cast(t, 'float32')], {})
}

/** @category ops */ export const exp = floatOp(expP, 'exp')
/** @category ops */ export const log = floatOp(logP, 'log')
/** @category ops */ export const sin = floatOp(sinP, 'sin')
/** @category ops */ export const cos = floatOp(cosP, 'cos')
/** @category ops */ export const tanh = floatOp(tanhP, 'tanh')
/** @category ops */ export const sqrt = floatOp(sqrtP, 'sqrt')
/** 1 / (1 + e^-x). @category ops */ export const sigmoid = floatOp(sigmoidP, 'sigmoid')
/** The error function. @category ops */ export const erf = floatOp(erfP, 'erf')
/** The complementary error function 1 − erf(x), accurate where erf(x) is near 1. @category ops */
export const erfc = floatOp(erfcP, 'erfc')
/** e^x - 1, accurate near 0. @category ops */ export const expm1 = floatOp(expm1P, 'expm1')
/** log(1 + x), accurate near 0. @category ops */ export const log1p = floatOp(log1pP, 'log1p')
/** max(x, 0), with relu'(0) = 0. @category ops */ export const relu = floatOp(reluP, 'relu')

const anyOp = (prim: Primitive, name: string) => (x: TensorLike): Tensor => {
  const t = asTensor(name, x)
  return bind(prim, [t.dtype === 'bool' ? cast(t, 'int32') : t], {})
}
/** |x|. @category ops */
export const abs = (x: TensorLike): Tensor => {
  const t = asTensor('abs', x)
  return isFloat(t.dtype) ? bind(absP, [t], {}) : where(greater(t, 0), t, neg(t))
}
/** -1, 0 or 1 (NaN stays NaN). @category ops */ export const sign = anyOp(signP, 'sign')
/** Round toward -∞. @category ops */ export const floor = anyOp(floorP, 'floor')
/** x². @category ops */ export const square = (x: TensorLike): Tensor => {
  const t = asTensor('square', x)
  return mul(t, t)
}
/** 1 / √x. @category ops */ export const rsqrt = (x: TensorLike): Tensor => div(1, sqrt(x))
/** 1 / x. @category ops */ export const reciprocal = (x: TensorLike): Tensor => div(1, x)
