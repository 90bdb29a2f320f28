/**
 * `fluxion/extend`: the extension points, for code that adds primitives or
 * interpreters: `definePrimitive`, the registry `primitives`, `bind`, the
 * `Trace`/`Tracer` machinery, every primitive record (`addP`, `matmulP`, ...)
 * and the raw linalg primitives (`linalgOps`). Everything else in the ops is
 * re-exported too, so an extension needs only this import.
 *
 * The package root (`fluxion`) exports only the user API; it also carries this
 * module as the `extend` namespace.
 *
 * @example
 * import { definePrimitive, bind, mul, type Tensor } from 'fluxion/extend'
 * const doubleP = definePrimitive({ name: 'double', ... })   // impl, shape, jvp and transpose rules
 * const double = (x: Tensor) => bind(doubleP, [x], {})
 *
 * @since 0.1.0
 */
export * from './ad/index.js'
export { registerBatchableLeaf, type BatchableLeaf } from './ad/batching.js'
export { sameAval } from './ad/prims/arith.js'
