/**
 * `linalg`: dense linear algebra, batched over leading axes, differentiable in
 * both modes. Singular or non-positive-definite input is a `LinAlgError`.
 *
 * @example
 * linalg.solve(tensor([[2, 0], [0, 4]]), tensor([2, 4])).toArray()   // [1, 1]
 *
 * @since 0.1.0
 */
export { solve, triangularSolve, cholesky, inv, det, slogdet } from './ad/prims/linalg.js'
