/**
 * `linalg`: dense linear algebra, batched over leading axes, differentiable in
 * both modes. Singular or non-positive-definite input is a `LinAlgError`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { linalg, tensor } from 'fluxion'
 * assert.deepEqual(linalg.solve(tensor([[2, 0], [0, 4]]), tensor([2, 4])).toArray(), [1, 1])
 * assert.equal(linalg.det(tensor([[2, 1], [1, 2]])).item(), 3)
 * ```
 *
 * @module
 * @since 0.1.0
 */
export { solve, triangularSolve, cholesky, inv, det, slogdet } from './ad/prims/linalg.js'
