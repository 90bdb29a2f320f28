/**
 * Tensor methods, for code that reads better left to right:
 * `x.matmul(w).add(b).relu()`. Each method is the op of the same name, so it
 * is differentiable and works on tracers; installing them here keeps the
 * tensor layer free of any dependency on the ops.
 */
import { Tensor } from '../tensor/tensor.js'
import type { DType } from '../tensor/dtype.js'
import * as A from './prims/arith.js'
import * as L from './prims/linalg.js'
import * as R from './prims/reduce.js'
import * as S from './prims/shape.js'
import * as U from './prims/unary.js'
import type { TensorLike } from './prims/util.js'
import type { Axis } from './prims/reduce.js'

declare module '../tensor/tensor.js' {
  interface Tensor {
    add(y: TensorLike): Tensor
    sub(y: TensorLike): Tensor
    mul(y: TensorLike): Tensor
    div(y: TensorLike): Tensor
    pow(y: TensorLike): Tensor
    maximum(y: TensorLike): Tensor
    minimum(y: TensorLike): Tensor
    neg(): Tensor
    exp(): Tensor
    log(): Tensor
    sqrt(): Tensor
    square(): Tensor
    abs(): Tensor
    sin(): Tensor
    cos(): Tensor
    tanh(): Tensor
    sigmoid(): Tensor
    relu(): Tensor
    sum(axis?: Axis, keepdims?: boolean): Tensor
    mean(axis?: Axis, keepdims?: boolean): Tensor
    max(axis?: Axis, keepdims?: boolean): Tensor
    min(axis?: Axis, keepdims?: boolean): Tensor
    matmul(y: TensorLike): Tensor
    reshape(shape: ReadonlyArray<number>): Tensor
    transpose(perm?: ReadonlyArray<number>): Tensor
    cast(dtype: DType): Tensor
  }
}

const P = Tensor.prototype
P.add = function (y) { return A.add(this, y) }
P.sub = function (y) { return A.sub(this, y) }
P.mul = function (y) { return A.mul(this, y) }
P.div = function (y) { return A.div(this, y) }
P.pow = function (y) { return A.pow(this, y) }
P.maximum = function (y) { return A.maximum(this, y) }
P.minimum = function (y) { return A.minimum(this, y) }
P.neg = function () { return A.neg(this) }
P.exp = function () { return U.exp(this) }
P.log = function () { return U.log(this) }
P.sqrt = function () { return U.sqrt(this) }
P.square = function () { return U.square(this) }
P.abs = function () { return U.abs(this) }
P.sin = function () { return U.sin(this) }
P.cos = function () { return U.cos(this) }
P.tanh = function () { return U.tanh(this) }
P.sigmoid = function () { return U.sigmoid(this) }
P.relu = function () { return U.relu(this) }
P.sum = function (axis, keepdims) { return R.sum(this, axis, keepdims) }
P.mean = function (axis, keepdims) { return R.mean(this, axis, keepdims) }
P.max = function (axis, keepdims) { return R.max(this, axis, keepdims) }
P.min = function (axis, keepdims) { return R.min(this, axis, keepdims) }
P.matmul = function (y) { return L.matmul(this, y) }
P.reshape = function (shape) { return S.reshape(this, shape) }
P.transpose = function (perm) { return S.transpose(this, perm) }
P.cast = function (dtype) { return A.cast(this, dtype) }
