/** Automatic differentiation: the ops (all differentiable) and the combinators. */
import './methods.js'
export * from './prims/arith.js'
export * from './prims/unary.js'
export { sum, max, min, prod, mean, variance, logsumexp, argmax, argmin, type Axis } from './prims/reduce.js'
export {
  reshape, transpose, mT, broadcastTo, expandDims, squeeze, slice, pad, concat, stack, take, scatterAdd, flip, oneHot,
} from './prims/shape.js'
export { matmul } from './prims/linalg.js'
/**
 * The linalg primitives and their raw ops, for `linalg.ts` (the public
 * `linalg` namespace) and for extensions; not a page of the API docs.
 *
 * @internal
 */
export * as linalgOps from './prims/linalg.js'
export type { TensorLike } from './prims/util.js'
export {
  jvp, vjp, linearize, grad, valueAndGrad, jacfwd, jacrev, hessian, hvp, isTracer,
  type GradOptions, type JacOptions, type JvpOptions, type GradOf, type ArgGrads, type JacobianOf, type ScalarFn, type AuxFn,
  type TangentOf, type TangentsOf, type AuxOf, type MainOf,
} from './api.js'
export { customJvp, customVjp } from './custom.js'
export { vmap, type VmapOptions, type AxisSpec, type Batched } from './vmap.js'
export { checkGrads, GradCheckError, type CheckGradsOptions } from './checkgrads.js'
export { definePrimitive, primitives, bind, Trace, Tracer, type Primitive, type Aval, type BatchRule } from './core.js'
export { jit, makeJaxpr, ClosedJaxpr, type JitOptions, type Jitted } from '../jit/index.js'
