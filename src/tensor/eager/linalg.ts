/**
 * Eager matmul and dense linear algebra on concrete tensors, batched over
 * leading axes. The kernels compute in float64 and store in the input dtype.
 */
import { backend, type Backend } from '../../backend/index.js'
import { DTypeError, ShapeError, showShape } from '../../errors.js'
import { allocate, type DType } from '../dtype.js'
import { shapesEqual, sizeOf } from '../shape.js'
import { ConcreteTensor } from '../tensor.js'

type FloatArray = Float32Array | Float64Array

export interface MatmulParams {
  readonly transA: boolean
  readonly transB: boolean
}

/**
 * The shape of opA(a)·opB(b): both at least 2-D; their batch shapes are equal,
 * or one of them has none (it is then shared by every batch element).
 */
export const matmulShape = (a: ReadonlyArray<number>, b: ReadonlyArray<number>, { transA, transB }: MatmulParams): number[] => {
  const name = 'matmul'
  if (a.length < 2 || b.length < 2)
    throw new ShapeError(`${name}: operands must be at least 2-D here, got ${showShape(a)} and ${showShape(b)}`)
  const ba = a.slice(0, -2)
  const bb = b.slice(0, -2)
  if (ba.length > 0 && bb.length > 0 && !shapesEqual(ba, bb))
    throw new ShapeError(`${name}: batch dimensions ${showShape(ba)} and ${showShape(bb)} differ`)
  const [ar, ac] = a.slice(-2) as [number, number]
  const [br, bc] = b.slice(-2) as [number, number]
  const [m, k1] = transA ? [ac, ar] : [ar, ac]
  const [k2, n] = transB ? [bc, br] : [br, bc]
  if (k1 !== k2) {
    const sa = showShape(transA ? [m, k1] : a.slice(-2))
    throw new ShapeError(
      `${name}: cannot multiply ${showShape(a)}${transA ? 'ᵀ' : ''} by ${showShape(b)}${transB ? 'ᵀ' : ''}: inner dimensions ${k1} and ${k2} differ` +
        (transA || transB ? ` (${sa})` : ''),
    )
  }
  return [...(ba.length > 0 ? ba : bb), m, n]
}

export const matmul = (a: ConcreteTensor, b: ConcreteTensor, params: MatmulParams): ConcreteTensor => {
  if (a.dtype !== b.dtype) throw new DTypeError(`matmul: operands have dtypes ${a.dtype} and ${b.dtype}; cast one first`)
  if (a.dtype === 'bool') throw new DTypeError('matmul: bool operands are not supported; cast to int32 or a float')
  const outShape = matmulShape(a.shape, b.shape, params)
  const m = outShape[outShape.length - 2]!
  const n = outShape[outShape.length - 1]!
  const k = params.transA ? a.shape[a.ndim - 2]! : a.shape[a.ndim - 1]!
  const batch = sizeOf(outShape.slice(0, -2))
  const out = allocate(a.dtype, sizeOf(outShape), 'matmul')
  const aStride = a.ndim > 2 ? m * k : 0
  const bStride = b.ndim > 2 ? k * n : 0
  backend.matmul(a.buffer, b.buffer, out, batch, m, k, n, params.transA, params.transB, aStride, bStride)
  return new ConcreteTensor(outShape, a.dtype, out)
}

// ---- linalg ----

const squareBatch = (op: string, a: ConcreteTensor): { batch: number; n: number } => {
  if (a.dtype !== 'float32' && a.dtype !== 'float64')
    throw new DTypeError(`${op}: expected a float32 or float64 matrix, got ${a.dtype} ${showShape(a.shape)}; cast it first`)
  const n = a.shape[a.ndim - 1]
  if (a.ndim < 2 || n !== a.shape[a.ndim - 2])
    throw new ShapeError(`${op}: expected square matrices [..., n, n], got ${showShape(a.shape)}`)
  return { batch: sizeOf(a.shape.slice(0, -2)), n: n! }
}

/** Check solve's operands: a [..., n, n], b [..., n, k] with the same batch and dtype. */
export const solveShape = (op: string, a: ReadonlyArray<number>, b: ReadonlyArray<number>): void => {
  const n = a[a.length - 1]
  if (a.length < 2 || n !== a[a.length - 2]) throw new ShapeError(`${op}: expected square matrices [..., n, n], got ${showShape(a)}`)
  if (b.length !== a.length || !shapesEqual(a.slice(0, -2), b.slice(0, -2)) || b[b.length - 2] !== n)
    throw new ShapeError(`${op}: cannot solve ${showShape(a)} against ${showShape(b)}: expected b of shape [..., ${n}, k] with the same batch`)
}

const floatOut = (dtype: DType, n: number): FloatArray => allocate(dtype, n) as FloatArray

export const solve = (a: ConcreteTensor, b: ConcreteTensor): ConcreteTensor => {
  const { batch, n } = squareBatch('solve', a)
  solveShape('solve', a.shape, b.shape)
  if (a.dtype !== b.dtype) throw new DTypeError(`solve: operands have dtypes ${a.dtype} and ${b.dtype}; cast one first`)
  const nrhs = b.shape[b.ndim - 1]!
  const out = floatOut(a.dtype, b.buffer.length)
  backend.solve(a.buffer as FloatArray, b.buffer as FloatArray, out, batch, n, nrhs)
  return new ConcreteTensor(b.shape, a.dtype, out)
}

export const triangularSolve = (a: ConcreteTensor, b: ConcreteTensor,
  opts: Parameters<Backend['triangularSolve']>[6]): ConcreteTensor => {
  const { batch, n } = squareBatch('triangularSolve', a)
  solveShape('triangularSolve', a.shape, b.shape)
  const nrhs = b.shape[b.ndim - 1]!
  const out = floatOut(a.dtype, b.buffer.length)
  backend.triangularSolve(a.buffer as FloatArray, b.buffer as FloatArray, out, batch, n, nrhs, opts)
  return new ConcreteTensor(b.shape, a.dtype, out)
}

export const cholesky = (a: ConcreteTensor): ConcreteTensor => {
  const { batch, n } = squareBatch('cholesky', a)
  const out = floatOut(a.dtype, a.buffer.length)
  backend.cholesky(a.buffer as FloatArray, out, batch, n)
  return new ConcreteTensor(a.shape, a.dtype, out)
}

export const inv = (a: ConcreteTensor): ConcreteTensor => {
  const { batch, n } = squareBatch('inv', a)
  const out = floatOut(a.dtype, a.buffer.length)
  backend.inv(a.buffer as FloatArray, out, batch, n)
  return new ConcreteTensor(a.shape, a.dtype, out)
}

/** [sign, log|det|], each of shape a.shape[:-2]. */
export const slogdet = (a: ConcreteTensor): [ConcreteTensor, ConcreteTensor] => {
  const { batch, n } = squareBatch('slogdet', a)
  const sign = floatOut(a.dtype, batch)
  const logabs = floatOut(a.dtype, batch)
  backend.slogdet(a.buffer as FloatArray, batch, n, sign, logabs)
  const shape = a.shape.slice(0, -2)
  return [new ConcreteTensor(shape, a.dtype, sign), new ConcreteTensor(shape, a.dtype, logabs)]
}

export const det = (a: ConcreteTensor): ConcreteTensor => {
  const { batch, n } = squareBatch('det', a)
  const out = floatOut(a.dtype, batch)
  backend.det(a.buffer as FloatArray, batch, n, out)
  return new ConcreteTensor(a.shape.slice(0, -2), a.dtype, out)
}

/** Reduced QR of one 2-D matrix. */
export const qr = (a: ConcreteTensor): [ConcreteTensor, ConcreteTensor] => {
  if (a.ndim !== 2) throw new ShapeError(`qr: expected a 2-D matrix, got ${showShape(a.shape)}`)
  if (a.dtype !== 'float32' && a.dtype !== 'float64') throw new DTypeError(`qr: expected a float matrix, got ${a.dtype}`)
  const [m, n] = a.shape as [number, number]
  const { q, r } = backend.qr(a.buffer as FloatArray, m, n)
  const kk = Math.min(m, n)
  const qa = floatOut(a.dtype, q.length)
  qa.set(q)
  const ra = floatOut(a.dtype, r.length)
  ra.set(r)
  return [new ConcreteTensor([m, kk], a.dtype, qa), new ConcreteTensor([kk, n], a.dtype, ra)]
}
