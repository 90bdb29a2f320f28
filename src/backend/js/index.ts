/**
 * The plain TypeScript backend: the reference implementation of every kernel,
 * and the fallback wherever a faster backend is not available.
 */
import type { Backend } from '../backend.js'
import { adamKernel } from './adam.js'
import { binary, transpose, unary, where } from './elementwise.js'
import { erfinv32Batch } from './erfinv32.js'
import * as linalg from './linalg.js'
import { matmulKernel } from './matmul.js'
import { reduce } from './reduce.js'
import { hashRange } from './threefry.js'

export const jsBackend: Backend = {
  name: 'js',
  unary,
  binary,
  where,
  reduce,
  transpose,
  matmul: matmulKernel as Backend['matmul'],
  solve: linalg.solve,
  triangularSolve: linalg.triangularSolve,
  cholesky: linalg.cholesky,
  inv: linalg.inv,
  slogdet: linalg.slogdet,
  det: linalg.det,
  qr: linalg.qr,
  adam: adamKernel,
  threefry: hashRange,
  erfinv32: erfinv32Batch,
}
