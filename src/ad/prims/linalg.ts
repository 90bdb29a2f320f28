/**
 * `matmul` and dense linear algebra, differentiable in both modes.
 *
 * matmul is one primitive with `transA`/`transB` flags, so the reverse pass
 * multiplies by transposes without materialising them (Cbar·Bᵀ and Aᵀ·Cbar
 * run as fast as A·B). The linalg rules are the standard matrix-calculus ones:
 * for X = A⁻¹B, dX = A⁻¹(dB − dA·X); for L = chol(A), dL = L·Φ(L⁻¹ dA L⁻ᵀ) with Φ
 * taking the lower triangle and half the diagonal; d log|det A| = tr(A⁻¹ dA).
 *
 * `cholesky` reads only the lower triangle of its input (as LAPACK does), and its
 * derivatives are those of that function: a tangent's upper triangle is ignored.
 *
 * @since 0.1.0
 */
import { DTypeError, LinAlgError, ShapeError, showShape } from '../../errors.js'
import { eye } from '../../tensor/create.js'
import * as E from '../../tensor/eager/index.js'
import { isFloat } from '../../tensor/dtype.js'
import { broadcastShapes, shapesEqual } from '../../tensor/shape.js'
import { fromBuffer, type Tensor } from '../../tensor/tensor.js'
import { bind, definePrimitive, ifNeeded } from '../core.js'
import { add, cast, mul, neg, sub } from './arith.js'
import { sum, sumTo } from './reduce.js'
import { broadcastTo, expandDims, mT, reshape, squeeze } from './shape.js'
import { exp } from './unary.js'
import { batchFirst, leadingBatch, moveAxis, type BDim } from './batchrules.js'
import { asTensor, resultDType, type TensorLike } from './util.js'

type MatmulParams = E.MatmulParams

const mm = (a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor => bind(matmulP, [a, b], { transA, transB })

/** Sum a batched cotangent down to an operand that had no batch axes. */
const unbatch = (ct: Tensor, operand: Tensor): Tensor =>
  operand.ndim === 2 && ct.ndim > 2 ? sum(ct, ct.shape.slice(0, -2).map((_, i) => i)) : ct

/**
 * Batched matmul. A batched left operand against a shared matrix is one big
 * product over merged rows; a shared left matrix against batched right operands
 * is one product with the examples side by side in the columns; otherwise the
 * batch becomes the leading batch axis of a batched product (a shared operand
 * with batch axes of its own is broadcast).
 */
const matmulBatch = ([a, b]: ReadonlyArray<Tensor>, [da, db]: ReadonlyArray<BDim>, p: MatmulParams, size: number): [Tensor, number] => {
  if (db === null) {
    const x = moveAxis(a!, da!, 0) // [B, ..., r, c]
    if (p.transA && b!.ndim === 2 && x.ndim === 3 && x.shape[2] === 1) {
      // each op(a_i) is one row [1, k]: the rows of one [B, k]·op(b) product
      const out = mm(reshape(x, [size, x.shape[1]!]), b!, false, p.transB)
      return [reshape(out, [size, 1, out.shape[1]!]), 0]
    }
    if (!p.transA && b!.ndim === 2) {
      const rows = x.shape.slice(0, -1)
      const merged = mm(reshape(x, [rows.reduce((s, d) => s * d, 1), x.shape[x.ndim - 1]!]), b!, false, p.transB)
      return [reshape(merged, [...rows, merged.shape[1]!]), 0]
    }
    return [mm(x, b!.ndim === 2 ? b! : broadcastTo(b!, [size, ...b!.shape]), p.transA, p.transB), 0]
  }
  if (da === null) {
    const y = moveAxis(b!, db!, 0) // [B, ..., r, c]
    if (a!.ndim === 2 && y.ndim === 3 && (p.transB ? y.shape[1] : y.shape[2]) === 1) {
      // each op(b_i) is one column [k, 1] (a matrix-vector product): out_iᵀ = b_iᵀ·op(a)ᵀ, one [B, k]·op(a)ᵀ product
      const out = mm(reshape(y, [size, y.shape[1]! * y.shape[2]!]), a!, false, !p.transA) // [B, m]
      return [reshape(out, [size, out.shape[1]!, 1]), 0]
    }
    if (a!.ndim === 2 && y.ndim === 3) {
      // op(b_i) is [k, n]: lay the examples out as columns of one [k, B·n] (or [B·n, k] when transposed) operand
      const [r, c] = [y.shape[1]!, y.shape[2]!]
      const cols = p.transB ? reshape(y, [size * r, c]) : reshape(moveAxis(y, 0, 1), [r, size * c])
      const out = mm(a!, cols, p.transA, p.transB) // [m, B·n]
      return [reshape(out, [out.shape[0]!, size, p.transB ? r : c]), 1]
    }
    return [mm(a!.ndim === 2 ? a! : broadcastTo(a!, [size, ...a!.shape]), y, p.transA, p.transB), 0]
  }
  let x = moveAxis(a!, da!, 0)
  let y = moveAxis(b!, db!, 0)
  // one operand is a batch of matrices, the other a batch of stacks of matrices: give the first the same stack axes
  if (x.ndim < y.ndim) x = broadcastTo(reshape(x, [size, ...new Array<number>(y.ndim - x.ndim).fill(1), ...x.shape.slice(1)]), [...y.shape.slice(0, -2), ...x.shape.slice(-2)])
  if (y.ndim < x.ndim) y = broadcastTo(reshape(y, [size, ...new Array<number>(x.ndim - y.ndim).fill(1), ...y.shape.slice(1)]), [...x.shape.slice(0, -2), ...y.shape.slice(-2)])
  return [mm(x, y, p.transA, p.transB), 0]
}

/**
 * Batched solves (solve, triangularSolve). A shared matrix against batched
 * right-hand sides is one solve with the examples side by side as columns (one
 * factorization); otherwise the batch becomes a leading batch axis of both.
 */
const solveBatch = (solveOnce: (a: Tensor, b: Tensor) => Tensor) =>
  ([a, b]: ReadonlyArray<Tensor>, [da, db]: ReadonlyArray<BDim>, _p: unknown, size: number): [Tensor, number] => {
    if (da === null && a!.ndim === 2) {
      const y = moveAxis(b!, db!, 1) // [n, B, k]
      const [n, k] = [y.shape[0]!, y.shape[2]!]
      return [reshape(solveOnce(a!, reshape(y, [n, size * k])), [n, size, k]), 1]
    }
    return [solveOnce(batchFirst(a!, da ?? null, size), batchFirst(b!, db ?? null, size)), 0]
  }

export const matmulP = definePrimitive<MatmulParams>({
  name: 'matmul',
  impl: ([a, b], p) => E.matmul(a!, b!, p),
  shape: ([a, b], p) => {
    if (a!.dtype !== b!.dtype) throw new DTypeError(`matmul: operands have dtypes ${a!.dtype} and ${b!.dtype}; cast one first`)
    return { shape: E.matmulShape(a!.shape, b!.shape, p), dtype: a!.dtype }
  },
  batch: matmulBatch,
  // without the term of a symbolic-zero tangent (a constant matrix costs no product)
  jvp: ([a, b], [ta, tb], { transA, transB }, _o, zero) =>
    zero?.[0] === true ? mm(a!, tb!, transA, transB)
      : zero?.[1] === true ? mm(ta!, b!, transA, transB)
        : add(mm(ta!, b!, transA, transB), mm(a!, tb!, transA, transB)),
  symbolicZeros: true,
  // C = op(A)·op(B): d op(A) = Cbar·op(B)ᵀ, d op(B) = op(A)ᵀ·Cbar, transposed back when the operand was stored transposed
  vjp: (ct, [a, b], { transA, transB }, _o, n) => [
    ifNeeded(n, 0, () => unbatch(transA ? mm(b!, ct, transB, true) : mm(ct, b!, false, !transB), a!)),
    ifNeeded(n, 1, () => unbatch(transB ? mm(ct, a!, true, transA) : mm(a!, ct, !transA, false), b!)),
  ],
})

/** Lower-triangle mask (with or without the diagonal) as a float tensor. */
const trilMask = (n: number, dtype: 'float32' | 'float64', k = 0): Tensor => {
  const m = new (dtype === 'float32' ? Float32Array : Float64Array)(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j <= Math.min(n - 1, i + k); j++) m[i * n + j] = 1
  return fromBuffer(m, [n, n], dtype)
}

const floatDType = (x: Tensor): 'float32' | 'float64' => (x.dtype === 'float64' ? 'float64' : 'float32')
const tril = (x: Tensor, k = 0): Tensor => mul(x, trilMask(x.shape[x.ndim - 1]!, floatDType(x), k))
const diagPart = (x: Tensor): Tensor => mul(x, eye(x.shape[x.ndim - 1]!, undefined, floatDType(x)))

export interface TriangularParams {
  readonly lower: boolean
  readonly transA: boolean
  readonly unitDiagonal: boolean
}
const triSolve = (a: Tensor, b: Tensor, p: TriangularParams): Tensor => bind(triangularSolveP, [a, b], p)
/** The part of a matrix a triangular solve reads. */
const triPart = (x: Tensor, { lower, unitDiagonal }: TriangularParams): Tensor => {
  const t = lower ? tril(x, unitDiagonal ? -1 : 0) : mT(tril(mT(x), unitDiagonal ? -1 : 0))
  return t
}
export const triangularSolveP = definePrimitive<TriangularParams>({
  name: 'triangularSolve',
  impl: ([a, b], p) => E.triangularSolve(a!, b!, p),
  shape: ([a, b]) => {
    E.solveShape('triangularSolve', a!.shape, b!.shape)
    return b!
  },
  batch: (xs, dims, p, size) => solveBatch((a, b) => triSolve(a, b, p))(xs, dims, p, size),
  // X = op(A)⁻¹B: dX = op(A)⁻¹(dB − op(dA)·X)
  jvp: ([a, b], [ta, tb], p, out) => triSolve(a!, sub(tb!, mm(triPart(ta!, p), out, p.transA, false)), p),
  vjp: (ct, [a], p, out) => {
    const bBar = triSolve(a!, ct, { ...p, transA: !p.transA })
    const opABar = neg(mm(bBar, out, false, true)) // w.r.t. op(A)
    return [triPart(p.transA ? mT(opABar) : opABar, p), bBar]
  },
})

export const solveP = definePrimitive({
  name: 'solve',
  impl: ([a, b]) => E.solve(a!, b!),
  shape: ([a, b]) => {
    E.solveShape('solve', a!.shape, b!.shape)
    return b!
  },
  batch: solveBatch((a, b) => solveM(a, b)),
  jvp: ([a, b], [ta, tb], _p, out) => solveM(a!, sub(tb!, mm(ta!, out, false, false))),
  vjp: (ct, [a], _p, out) => {
    const bBar = solveM(mT(a!), ct)
    return [neg(mm(bBar, out, false, true)), bBar]
  },
})
const solveM = (a: Tensor, b: Tensor): Tensor => bind(solveP, [a, b], {})

export const choleskyP = definePrimitive({
  name: 'cholesky',
  impl: ([a]) => E.cholesky(a!),
  shape: ([a]) => a!,
  batch: leadingBatch('cholesky'),
  jvp: (_a, [ta], _p, l) => {
    // the function reads tril(A): its symmetric input is tril(dA) + tril(dA, -1)ᵀ
    const dA = add(tril(ta!), mT(tril(ta!, -1)))
    const lo: TriangularParams = { lower: true, transA: false, unitDiagonal: false }
    const s = triSolve(l, mT(triSolve(l, dA, lo)), lo) // L⁻¹ dA L⁻ᵀ
    return mm(l, sub(tril(s), mul(diagPart(s), 0.5)), false, false)
  },
  vjp: (ct, _a, _p, l) => {
    // G = L⁻ᵀ Φ(Lᵀ Lbar) L⁻¹, then back through tril(A) + tril(A, -1)ᵀ
    const p = mm(l, ct, true, false)
    const phi = sub(tril(p), mul(diagPart(p), 0.5))
    const lo: TriangularParams = { lower: true, transA: true, unitDiagonal: false }
    const g = mT(triSolve(l, mT(triSolve(l, phi, lo)), lo))
    return [sub(tril(add(g, mT(g))), diagPart(g))]
  },
})

export const logAbsDetP = definePrimitive({
  name: 'logAbsDet',
  impl: ([a]) => E.slogdet(a!)[1],
  shape: ([a]) => ({ shape: a!.shape.slice(0, -2), dtype: a!.dtype }),
  batch: leadingBatch('logAbsDet'),
  // d log|det A| = tr(A⁻¹ dA)
  jvp: ([a], [ta]) => trace(solveM(a!, ta!)),
  vjp: (ct, [a]) => [mul(expandDims(expandDims(ct, -1), -1), mT(invM(a!)))],
})

export const detSignP = definePrimitive({
  name: 'detSign',
  impl: ([a]) => E.slogdet(a!)[0],
  shape: ([a]) => ({ shape: a!.shape.slice(0, -2), dtype: a!.dtype }),
  batch: leadingBatch('detSign'),
  nondiff: true,
})

const trace = (x: Tensor): Tensor => sum(diagPart(x), [x.ndim - 2, x.ndim - 1])
const invM = (a: Tensor): Tensor => solveM(a, broadcastTo(eye(a.shape[a.ndim - 1]!, undefined, floatDType(a)), a.shape))

// ---- ops ----

const floatPair = (op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] => {
  let dt = resultDType(a, b)
  if (op !== 'matmul' && !isFloat(dt)) dt = 'float32'
  if (dt === 'bool') dt = 'int32'
  return [cast(asTensor(op, a, dt), dt), cast(asTensor(op, b, dt), dt)]
}

/**
 * Matrix product with numpy semantics: 1-D operands are vectors, leading axes
 * are batch axes and broadcast. `transA`/`transB` multiply by a transpose
 * without forming it.
 * @example matmul(ones([2, 3]), ones([3, 4])).shape   // [2, 4]
 * @category ops
 */
export const matmul = (a: TensorLike, b: TensorLike, opts: { transA?: boolean; transB?: boolean } = {}): Tensor => {
  let [x, y] = floatPair('matmul', a, b)
  const transA = opts.transA ?? false
  const transB = opts.transB ?? false
  if (x.ndim === 0 || y.ndim === 0)
    throw new ShapeError(`matmul: cannot multiply ${showShape(x.shape)} by ${showShape(y.shape)}: scalars are not matrices (use mul)`)
  const vecA = x.ndim === 1
  const vecB = y.ndim === 1
  // check the inner dimensions here, so the message names the shapes the caller passed
  const kA = vecA ? x.shape[0]! : x.shape[x.ndim - (transA ? 2 : 1)]!
  const kB = vecB ? y.shape[0]! : y.shape[y.ndim - (transB ? 1 : 2)]!
  if (kA !== kB)
    throw new ShapeError(
      `matmul: cannot multiply ${showShape(x.shape)}${transA ? 'ᵀ' : ''} by ${showShape(y.shape)}${transB ? 'ᵀ' : ''}: inner dimensions ${kA} and ${kB} differ`,
    )
  // a vector is the same vector transposed: lay it out so that op(·) sees a row (a) or a column (b)
  if (vecA) x = reshape(x, transA ? [x.shape[0]!, 1] : [1, x.shape[0]!])
  if (vecB) y = reshape(y, transB ? [1, y.shape[0]!] : [y.shape[0]!, 1])
  let out: Tensor
  if (x.ndim > 2 && y.ndim === 2 && !transA) {
    // [..., m, k]·[k, n]: one big 2-D product over the merged rows
    const lead = x.shape.slice(0, -1)
    // (an explicit row count: -1 is ambiguous when k is 0)
    const rows = lead.reduce((p, d) => p * d, 1)
    out = reshape(mm(reshape(x, [rows, x.shape[x.ndim - 1]!]), y, false, transB), [...lead, transB ? y.shape[0]! : y.shape[1]!])
  } else if (x.ndim > 2 || y.ndim > 2) {
    const ba = x.shape.slice(0, -2)
    const bb = y.shape.slice(0, -2)
    if (!(ba.length === 0 || bb.length === 0 || shapesEqual(ba, bb))) {
      const batch = broadcastShapes('matmul', ba, bb)
      x = broadcastTo(x, [...batch, ...x.shape.slice(-2)])
      y = broadcastTo(y, [...batch, ...y.shape.slice(-2)])
    }
    out = mm(x, y, transA, transB)
  } else out = mm(x, y, transA, transB)
  if (vecA) out = squeeze(out, out.ndim - 2)
  if (vecB) out = squeeze(out, out.ndim - 1)
  return out
}

/** Solve A·X = B for X; B is [..., n] (a vector) or [..., n, k]. Singular A is a `LinAlgError`. @category linalg */
export const solve = (a: TensorLike, b: TensorLike): Tensor => {
  const [x, y] = floatPair('solve', a, b)
  const vec = y.ndim === x.ndim - 1
  const yy = vec ? expandDims(y, -1) : y
  const out = solveM(x, yy)
  return vec ? squeeze(out, -1) : out
}

/** Solve op(A)·X = B with A triangular (only its triangle is read). @category linalg */
export const triangularSolve = (a: TensorLike, b: TensorLike,
  opts: { lower?: boolean; transA?: boolean; unitDiagonal?: boolean } = {}): Tensor => {
  const [x, y] = floatPair('triangularSolve', a, b)
  const vec = y.ndim === x.ndim - 1
  const out = triSolve(x, vec ? expandDims(y, -1) : y, {
    lower: opts.lower ?? true, transA: opts.transA ?? false, unitDiagonal: opts.unitDiagonal ?? false,
  })
  return vec ? squeeze(out, -1) : out
}

const floatOne = (op: string, a: TensorLike): Tensor => {
  const t = asTensor(op, a)
  return isFloat(t.dtype) ? t : cast(t, 'float32')
}

const squareFloat = (op: string, a: TensorLike): Tensor => {
  const t = floatOne(op, a)
  if (t.ndim < 2 || t.shape[t.ndim - 1] !== t.shape[t.ndim - 2])
    throw new ShapeError(`${op}: expected square matrices [..., n, n], got ${showShape(t.shape)}`)
  return t
}

/** Lower Cholesky factor L with A = L·Lᵀ; reads A's lower triangle. @category linalg */
export const cholesky = (a: TensorLike): Tensor => bind(choleskyP, [floatOne('cholesky', a)], {})
/** The inverse; singular A is a `LinAlgError`. @category linalg */
export const inv = (a: TensorLike): Tensor => {
  const t = squareFloat('inv', a)
  try {
    return invM(t)
  } catch (e) {
    // invM is a solve against I: report the singular matrix under this op's name
    if (e instanceof LinAlgError && e.message.startsWith('solve: ')) throw new LinAlgError(`inv: ${e.message.slice(7)}`)
    throw e
  }
}
/** [sign, log|det|] per matrix; a singular matrix gives [0, -Infinity]. @category linalg */
export const slogdet = (a: TensorLike): [Tensor, Tensor] => {
  const t = squareFloat('slogdet', a)
  return [bind(detSignP, [t], {}), bind(logAbsDetP, [t], {})]
}
/** The determinant (sign · exp(log|det|), so it is differentiable where A is invertible). @category linalg */
export const det = (a: TensorLike): Tensor => {
  const [s, l] = slogdet(squareFloat('det', a))
  return mul(s, exp(l))
}
