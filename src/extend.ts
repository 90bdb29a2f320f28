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
 * ```ts
 * import assert from 'node:assert/strict'
 * import { primitives, addP, bind } from 'fluxion/extend'
 * import { tensor, type Tensor } from 'fluxion'
 * assert.equal(primitives().get('add'), addP)      // the registry of every primitive, by name
 * const x = bind(addP, [tensor([1, 2]), tensor([3, 4])], {}) as Tensor
 * assert.deepEqual(x.toArray(), [4, 6])
 * ```
 *
 * @module fluxion/extend
 * @since 0.1.0
 */
export * from './ad/index.js'
export { registerBatchableLeaf, type BatchableLeaf } from './ad/batching.js'
export { sameAval } from './ad/prims/arith.js'
