/**
 * `fluxion`: functional, immutable differentiable programming for TypeScript.
 *
 * The package root is the core: tensors, differentiation, pytrees, random
 * keys, initializers, optimizers, models, data, the backend choice and
 * `save`/`load` of parameter pytrees as safetensors bytes. It reaches no Node
 * built-in, so it runs in Node, browsers and workers, and bundlers keep only
 * what a program uses. In Node, the same import also carries the experiment
 * layer and the file helpers (`src/node.ts`). Extension points (primitives,
 * traces) live in `fluxion/extend`, also here as the `extend` namespace.
 *
 * This module only re-exports; each part lives in its own folder.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, optim, sum, mul, tensor, type Tensor } from 'fluxion'
 * const loss = (p: { w: Tensor }) => sum(mul(p.w, p.w))
 * const opt = optim.optimizer(optim.adam(0.1))
 * let state = opt.init({ w: tensor([1, -2]) })
 * for (let i = 0; i < 20; i++) state = opt.step(state, grad(loss)(state.params))
 * assert.ok(loss(state.params).item() < loss({ w: tensor([1, -2]) }).item())
 * ```
 *
 * @module fluxion
 * @since 0.1.0
 */
export { Tensor, type NestedArray, type NestedNumbers } from './tensor/tensor.js'
export { tensor, zeros, ones, full, arange, linspace, eye, zerosLike, onesLike, type TensorOptions } from './tensor/create.js'
export { type DType, type TypedArray, promoteTypes } from './tensor/dtype.js'
export { MAX_ELEMENTS, MAX_RANK } from './tensor/shape.js'
export * from './errors.js'
// the ops (each primitive's user-facing function; the primitive records are in `extend`)
export {
  add, sub, mul, div, pow, maximum, minimum, neg, equal, notEqual, less, lessEqual, greater, greaterEqual,
  where, cast, stopGradient, isfinite, type CompareOp,
} from './ad/prims/arith.js'
export {
  exp, log, sin, cos, tanh, sqrt, sigmoid, erf, erfc, expm1, log1p, relu, abs, sign, floor, square, rsqrt, reciprocal,
} from './ad/prims/unary.js'
export { sum, max, min, prod, mean, variance, logsumexp, argmax, argmin, type Axis } from './ad/index.js'
export {
  reshape, transpose, mT, broadcastTo, expandDims, squeeze, slice, pad, concat, stack, take, scatterAdd, flip, oneHot,
} from './ad/index.js'
export { matmul, type TensorLike } from './ad/index.js'
// the combinators
export {
  jvp, vjp, linearize, grad, valueAndGrad, jacfwd, jacrev, hessian, hvp, isTracer,
  type GradOptions, type JacOptions, type JvpOptions, type GradOf, type ArgGrads, type JacobianOf, type ScalarFn, type AuxFn,
  type TangentOf, type TangentsOf, type AuxOf, type MainOf,
} from './ad/index.js'
export { customJvp, customVjp, checkGrads, GradCheckError, type CheckGradsOptions } from './ad/index.js'
// batching
export { vmap, type VmapOptions, type AxisSpec, type Batched } from './ad/index.js'
export { jit, makeJaxpr, ClosedJaxpr, type JitOptions, type Jitted } from './ad/index.js'
export { backend, setBackend, type BackendName } from './backends.js'
export { save, load } from './io/params.js'
export * as linalg from './linalg.js'
export * as tree from './tree/index.js'
export * as optim from './optim/index.js'
export * as random from './random/index.js'
export * as init from './init/index.js'
export * as nn from './nn/index.js'
export * as data from './data/index.js'
export * as extend from './extend.js'
