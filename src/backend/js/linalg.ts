/**
 * Dense linear-algebra kernels on plain typed arrays.
 *
 * Matrices are row-major and batched contiguously: matrix `p` of a batch of n×n
 * matrices starts at `p*n*n`. Every kernel copies its input into a float64 scratch
 * buffer, computes there and writes the result out only at the end, so inputs are
 * never mutated and `out` is left untouched when an error is thrown.
 *
 * - LU (`luFactor`, `solve`, `inv`, `det`, `slogdet`): Gaussian elimination with
 *   partial pivoting. Taking the largest-magnitude entry of the column as the pivot
 *   keeps every multiplier in [-1, 1], which bounds element growth and makes the
 *   factorization backward stable in practice; without it a tiny or zero leading
 *   entry ruins the result even for a perfectly well-conditioned matrix.
 * - Cholesky: the row-by-row (Cholesky–Banachiewicz) recurrence. A symmetric
 *   positive-definite matrix needs no pivoting, and a pivot that is not > 0 proves
 *   the matrix is not positive definite.
 * - QR: Householder reflections, each mapping the column onto -sign(x₀)·‖x‖·e₁ to
 *   avoid cancellation; Q is built by applying the reflections to the identity.
 * - Triangular systems: forward / back substitution.
 *
 * Indices in error messages (columns, pivots, rows, batch index) are 0-based.
 */
import { LinAlgError, showShape } from '../../errors.js'

import type { FloatArray } from '../backend.js'

/** Machine epsilon of the array's dtype: 2^-23 for float32, 2^-52 for float64. */
const machineEps = (a: FloatArray): number => (a instanceof Float32Array ? 2 ** -23 : 2 ** -52)

/** A float64 copy of the first `len` elements of `a`. */
const scratch = (a: FloatArray, len: number): Float64Array => new Float64Array(a.subarray(0, len))

const fmt = (x: number): string => String(Number(x.toPrecision(4)))

/** `matrix [3,3]`, plus `at batch index p` when there is more than one matrix. */
const which = (p: number, batch: number, n: number): string =>
  `matrix ${showShape([n, n])}${batch > 1 ? ` at batch index ${p}` : ''}`

/**
 * Factor the n×n matrix at `m[off..]` in place as PA = LU: the strictly lower part
 * holds L (unit diagonal implied), the rest holds U. `perm[pOff + i]` is the row of A
 * that ends up in row i. A zero column leaves a zero pivot and is skipped.
 * Returns the sign of the permutation.
 */
function luInPlace(m: Float64Array, off: number, n: number, perm: Int32Array, pOff: number): number {
  let sign = 1
  for (let i = 0; i < n; i++) perm[pOff + i] = i
  for (let k = 0; k < n; k++) {
    let piv = k
    let best = Math.abs(m[off + k * n + k]!)
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(m[off + i * n + k]!)
      if (v > best) (best = v), (piv = i)
    }
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[off + k * n + j]!
        m[off + k * n + j] = m[off + piv * n + j]!
        m[off + piv * n + j] = t
      }
      const t = perm[pOff + k]!
      perm[pOff + k] = perm[pOff + piv]!
      perm[pOff + piv] = t
      sign = -sign
    }
    const d = m[off + k * n + k]!
    if (d === 0) continue
    for (let i = k + 1; i < n; i++) {
      const r = off + i * n
      const f = m[r + k]! / d
      m[r + k] = f
      if (f === 0) continue
      for (let j = k + 1; j < n; j++) m[r + j] = m[r + j]! - f * m[off + k * n + j]!
    }
  }
  return sign
}

/**
 * LU with partial pivoting of each n×n matrix: PA = LU. Returns the packed factors
 * (float64, L strictly below the diagonal with an implied unit diagonal, U on and above),
 * the row permutation per matrix (`perm[p*n + i]` is the row of A[p] that became row i)
 * and the permutation sign (±1) per matrix. Does NOT throw on singular matrices: a zero
 * pivot is left in place.
 */
export function luFactor(a: FloatArray, batch: number, n: number): { lu: Float64Array; perm: Int32Array; sign: Float64Array } {
  const lu = scratch(a, batch * n * n)
  const perm = new Int32Array(batch * n)
  const sign = new Float64Array(batch)
  for (let p = 0; p < batch; p++) sign[p] = luInPlace(lu, p * n * n, n, perm, p * n)
  return { lu, perm, sign }
}

/**
 * Throw if the LU factors of matrix p are singular to working precision: some pivot
 * has |u_kk| <= n * eps * max|a_ij|, eps being the machine epsilon of `a`'s dtype.
 */
function checkPivots(op: string, a: FloatArray, lu: Float64Array, p: number, batch: number, n: number): void {
  const off = p * n * n
  let maxAbs = 0
  for (let i = 0; i < n * n; i++) maxAbs = Math.max(maxAbs, Math.abs(a[off + i]!))
  const tol = n * machineEps(a) * maxAbs
  for (let k = 0; k < n; k++) {
    const d = lu[off + k * n + k]!
    if (Math.abs(d) > tol) continue
    const why = d === 0 ? `zero pivot in column ${k}` : `pivot ${fmt(d)} in column ${k} is within rounding error of 0 (tolerance ${fmt(tol)})`
    throw new LinAlgError(
      `${op}: ${which(p, batch, n)} is singular (${why}); check for linearly dependent rows, or add a small multiple of the identity`,
    )
  }
}

/**
 * Overwrite x (n×nrhs at xOff, already row-permuted to P·B) with the solution of
 * LU X = P·B, using the packed factors at `lu[off..]`.
 */
function luSubstitute(lu: Float64Array, off: number, n: number, x: Float64Array, xOff: number, nrhs: number): void {
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const f = lu[off + i * n + k]!
      if (f === 0) continue
      for (let c = 0; c < nrhs; c++) x[xOff + i * nrhs + c] = x[xOff + i * nrhs + c]! - f * x[xOff + k * nrhs + c]!
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const f = lu[off + i * n + k]!
      if (f === 0) continue
      for (let c = 0; c < nrhs; c++) x[xOff + i * nrhs + c] = x[xOff + i * nrhs + c]! - f * x[xOff + k * nrhs + c]!
    }
    const d = lu[off + i * n + i]!
    for (let c = 0; c < nrhs; c++) x[xOff + i * nrhs + c] = x[xOff + i * nrhs + c]! / d
  }
}

/**
 * Solve A[p] X[p] = B[p] for X, with B and X n×nrhs per batch (B is always batch*n*nrhs).
 * Singular rule: a matrix is singular when, after LU with partial pivoting, some pivot is
 * exactly 0 or |pivot| <= n * eps * max|a_ij|, where eps is the machine epsilon of `a`'s
 * dtype (float32: 2^-23, float64: 2^-52). Throws LinAlgError('solve: ...') then.
 */
export function solve(a: FloatArray, b: FloatArray, out: FloatArray, batch: number, n: number, nrhs: number): void {
  const { lu, perm } = luFactor(a, batch, n)
  const x = new Float64Array(batch * n * nrhs)
  for (let p = 0; p < batch; p++) {
    checkPivots('solve', a, lu, p, batch, n)
    const xOff = p * n * nrhs
    for (let i = 0; i < n; i++) {
      const src = xOff + perm[p * n + i]! * nrhs
      for (let c = 0; c < nrhs; c++) x[xOff + i * nrhs + c] = b[src + c]!
    }
    luSubstitute(lu, p * n * n, n, x, xOff, nrhs)
  }
  out.set(x)
}

/** Inverse of each matrix. Same singular rule as `solve`; throws LinAlgError('inv: ...'). */
export function inv(a: FloatArray, out: FloatArray, batch: number, n: number): void {
  const { lu, perm } = luFactor(a, batch, n)
  const x = new Float64Array(batch * n * n)
  for (let p = 0; p < batch; p++) {
    checkPivots('inv', a, lu, p, batch, n)
    const off = p * n * n
    for (let i = 0; i < n; i++) x[off + i * n + perm[p * n + i]!] = 1 // P·I
    luSubstitute(lu, off, n, x, off, n)
  }
  out.set(x)
}

/**
 * Lower Cholesky factor L (upper triangle zeroed) with A = L Lᵀ. Reads only the lower
 * triangle of A. Throws LinAlgError('cholesky: ...') when a pivot is not > 0 (or NaN).
 */
export function cholesky(a: FloatArray, out: FloatArray, batch: number, n: number): void {
  const A = scratch(a, batch * n * n)
  const L = new Float64Array(batch * n * n)
  for (let p = 0; p < batch; p++) {
    const off = p * n * n
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = A[off + i * n + j]!
        for (let k = 0; k < j; k++) s -= L[off + i * n + k]! * L[off + j * n + k]!
        if (i !== j) {
          L[off + i * n + j] = s / L[off + j * n + j]!
        } else if (s > 0) {
          L[off + i * n + i] = Math.sqrt(s)
        } else {
          throw new LinAlgError(
            `cholesky: ${which(p, batch, n)} is not positive definite (pivot ${i} is ${fmt(s)}); a symmetric positive-definite matrix is required`,
          )
        }
      }
    }
  }
  out.set(L)
}

/**
 * Sign and log|det| per matrix, from the LU pivots. A singular matrix (an exactly zero
 * pivot) gives sign 0 and logabsdet -Infinity without throwing, as numpy. n = 0 gives 1, 0.
 */
export function slogdet(a: FloatArray, batch: number, n: number, signOut: FloatArray, logabsdetOut: FloatArray): void {
  const { lu, sign } = luFactor(a, batch, n)
  for (let p = 0; p < batch; p++) {
    let s = sign[p]!
    let logabs = 0
    for (let k = 0; k < n; k++) {
      const d = lu[p * n * n + k * n + k]!
      if (d === 0) {
        s = 0
        logabs = -Infinity
        break
      }
      if (d < 0) s = -s
      logabs += Math.log(Math.abs(d))
    }
    signOut[p] = s
    logabsdetOut[p] = logabs
  }
}

/** det per matrix: the permutation sign times the product of the LU pivots (n = 0 gives 1). */
export function det(a: FloatArray, batch: number, n: number, out: FloatArray): void {
  const { lu, sign } = luFactor(a, batch, n)
  for (let p = 0; p < batch; p++) {
    let d = sign[p]!
    for (let k = 0; k < n; k++) d *= lu[p * n * n + k * n + k]!
    out[p] = d
  }
}

/**
 * Reduced Householder QR of one m×n matrix (row-major): A = Q R with q m×k orthonormal
 * columns and r k×n upper triangular, k = min(m, n), both float64. The diagonal of R may
 * be negative (as LAPACK / numpy).
 */
export function qr(a: FloatArray, m: number, n: number): { q: Float64Array; r: Float64Array } {
  const k = Math.min(m, n)
  const w = scratch(a, m * n)
  const vs: Float64Array[] = [] // Householder vector j acts on rows j..m-1
  const taus: number[] = [] // H_j = I - tau_j v_j v_jᵀ (tau 0: identity)
  for (let j = 0; j < k; j++) {
    const len = m - j
    const v = new Float64Array(len)
    let norm2 = 0
    for (let i = 0; i < len; i++) {
      const x = w[(j + i) * n + j]!
      v[i] = x
      norm2 += x * x
    }
    const x0 = v[0]!
    const alpha = x0 < 0 ? Math.sqrt(norm2) : -Math.sqrt(norm2)
    v[0] = x0 - alpha
    const vv = norm2 - x0 * x0 + v[0]! * v[0]!
    const tau = vv === 0 ? 0 : 2 / vv
    vs.push(v)
    taus.push(tau)
    if (tau === 0) continue // the column is already zero
    for (let c = j + 1; c < n; c++) {
      let s = 0
      for (let i = 0; i < len; i++) s += v[i]! * w[(j + i) * n + c]!
      s *= tau
      for (let i = 0; i < len; i++) w[(j + i) * n + c] = w[(j + i) * n + c]! - s * v[i]!
    }
    w[j * n + j] = alpha
    for (let i = 1; i < len; i++) w[(j + i) * n + j] = 0
  }
  // Q = H_0 H_1 ... H_{k-1} applied to the first k columns of the m×m identity. Columns
  // c < j are untouched by H_j, so each reflection only needs columns j..k-1.
  const q = new Float64Array(m * k)
  for (let i = 0; i < k; i++) q[i * k + i] = 1
  for (let j = k - 1; j >= 0; j--) {
    const v = vs[j]!
    const tau = taus[j]!
    if (tau === 0) continue
    for (let c = j; c < k; c++) {
      let s = 0
      for (let i = 0; i < v.length; i++) s += v[i]! * q[(j + i) * k + c]!
      s *= tau
      for (let i = 0; i < v.length; i++) q[(j + i) * k + c] = q[(j + i) * k + c]! - s * v[i]!
    }
  }
  return { q, r: w.slice(0, k * n) }
}

/**
 * Solve A X = B for triangular A, batched like `solve`: lower=true reads only the lower
 * triangle (L X = B), lower=false only the upper (U X = B). transA solves Aᵀ X = B instead;
 * unitDiagonal treats the diagonal as 1 without reading it. Throws
 * LinAlgError('triangularSolve: ...') on an exactly zero diagonal entry.
 */
export function triangularSolve(
  a: FloatArray,
  b: FloatArray,
  out: FloatArray,
  batch: number,
  n: number,
  nrhs: number,
  opts: { lower: boolean; transA?: boolean; unitDiagonal?: boolean },
): void {
  const { lower, transA = false, unitDiagonal = false } = opts
  const A = scratch(a, batch * n * n)
  const x = scratch(b, batch * n * nrhs)
  const forward = lower !== transA // Lᵀ is upper, Uᵀ is lower
  for (let p = 0; p < batch; p++) {
    const off = p * n * n
    const xOff = p * n * nrhs
    for (let i = 0; i < n && !unitDiagonal; i++) {
      if (A[off + i * n + i] === 0) {
        throw new LinAlgError(
          `triangularSolve: ${which(p, batch, n)} has a zero on the diagonal (row ${i}), so it is singular; ` +
            'regularize the matrix, or pass unitDiagonal: true if its diagonal is implicitly 1',
        )
      }
    }
    for (let s = 0; s < n; s++) {
      const i = forward ? s : n - 1 - s
      const [k0, k1] = forward ? [0, i] : [i + 1, n]
      for (let k = k0; k < k1; k++) {
        const f = transA ? A[off + k * n + i]! : A[off + i * n + k]!
        if (f === 0) continue
        for (let c = 0; c < nrhs; c++) x[xOff + i * nrhs + c] = x[xOff + i * nrhs + c]! - f * x[xOff + k * nrhs + c]!
      }
      if (unitDiagonal) continue
      const d = A[off + i * n + i]!
      for (let c = 0; c < nrhs; c++) x[xOff + i * nrhs + c] = x[xOff + i * nrhs + c]! / d
    }
  }
  out.set(x)
}
