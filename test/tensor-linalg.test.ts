import { describe, expect, it } from 'vitest'
import * as F from '../src/index.js'
import { LinAlgError, ShapeError, Tensor } from '../src/index.js'
import { approxEq } from '../laws/approx.js'

const t = F.tensor
const { linalg } = F
const f64 = (x: number | F.NestedArray) => t(x, { dtype: 'float64' })
const expectClose = (x: Tensor, want: number | F.NestedArray | Tensor, tol = { rtol: 1e-10, atol: 1e-10 }) =>
  expect(approxEq(tol)(x, want instanceof Tensor ? want : f64(want)), `got ${x.toString()}`).toBe(true)

/** A fixed LCG in [-1, 1). */
const lcg = (seed: number) => {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return (s / 2 ** 32) * 2 - 1
  }
}
/** A well-conditioned n×n matrix: random entries plus n on the diagonal. */
const wellConditioned = (n: number, seed: number): Tensor => {
  const r = lcg(seed)
  return t(Float64Array.from({ length: n * n }, (_, i) => r() + (i % (n + 1) === 0 ? n : 0)), { shape: [n, n] })
}
/** M·Mᵀ + n·I: symmetric positive definite. */
const spd = (n: number, seed: number): Tensor => {
  const mtx = wellConditioned(n, seed)
  return F.add(F.matmul(mtx, mtx, { transB: true }), F.mul(F.eye(n, n, 'float64'), n))
}

const A = f64([[4, 1], [2, 3]]) // det 10

describe('linalg.solve', () => {
  it('solves for a vector and for a matrix right-hand side', () => {
    expectClose(linalg.solve(A, f64([1, 2])), [0.1, 0.6])
    expectClose(linalg.solve(A, f64([[1, 0], [0, 1]])), [[0.3, -0.1], [-0.2, 0.4]])
    expectClose(linalg.solve(f64([[2, 0], [0, 4]]), f64([2, 4])), [1, 1])
    expect(linalg.solve(A, f64([[1], [2]])).shape).toEqual([2, 1])
  })

  it('needs partial pivoting: a zero leading entry is fine', () => {
    expectClose(linalg.solve(f64([[0, 1], [1, 0]]), f64([3, 5])), [5, 3])
  })

  it('has a small residual on a random system', () => {
    const a = wellConditioned(12, 1)
    const b = t(Float64Array.from({ length: 12 * 3 }, lcg(2)), { shape: [12, 3] })
    const x = linalg.solve(a, b)
    expectClose(F.matmul(a, x), b, { rtol: 1e-12, atol: 1e-12 })
  })

  it('solves batches', () => {
    const a = F.stack([A, f64([[1, 0], [0, 2]])])
    const b = f64([[[1], [2]], [[3], [4]]])
    expectClose(linalg.solve(a, b), [[[0.1], [0.6]], [[3], [2]]])
  })

  it('keeps float32 and float64; integers compute in float32', () => {
    expect(linalg.solve(t([[2]]), t([4])).dtype).toBe('float32')
    expect(linalg.solve(A, f64([1, 1])).dtype).toBe('float64')
    const i = linalg.solve(t([[2, 0], [0, 4]], { dtype: 'int32' }), t([1, 1], { dtype: 'int32' }))
    expect(i.dtype).toBe('float32')
    expect(i.toArray()).toEqual([0.5, 0.25])
  })

  it('solves 0×0 systems', () => {
    expect(linalg.solve(F.zeros([0, 0]), F.zeros([0, 2])).shape).toEqual([0, 2])
  })

  it('rejects singular matrices with a LinAlgError naming the matrix', () => {
    expect(() => linalg.solve(f64([[1, 2], [2, 4]]), f64([1, 1]))).toThrow(LinAlgError)
    expect(() => linalg.solve(f64([[1, 2], [2, 4]]), f64([1, 1]))).toThrow(
      'solve: matrix [2,2] is singular (zero pivot in column 1); check for linearly dependent rows, or add a small multiple of the identity')
    expect(() => linalg.solve(F.stack([A, f64([[0, 0], [0, 0]])]), F.ones([2, 2, 1], 'float64'))).toThrow(
      /solve: matrix \[2,2\] at batch index 1 is singular/)
    // not exactly singular, but within rounding error of it
    expect(() => linalg.solve(f64([[1, 1], [1, 1 + 2 ** -52]]), f64([1, 1]))).toThrow(/is singular \(pivot .* is within rounding error of 0/)
  })

  it('rejects shapes that do not fit', () => {
    expect(() => linalg.solve(F.zeros([2, 3]), F.zeros([2]))).toThrow(ShapeError)
    expect(() => linalg.solve(F.zeros([2, 3]), F.zeros([2]))).toThrow('solve: expected square matrices [..., n, n], got [2,3]')
    expect(() => linalg.solve(F.eye(3), F.ones([2, 2]))).toThrow(
      'solve: cannot solve [3,3] against [2,2]: expected b of shape [..., 3, k] with the same batch')
    expect(() => linalg.solve(F.zeros([2, 2, 2]), F.zeros([3, 2, 1]))).toThrow(/solve: cannot solve \[2,2,2\] against \[3,2,1\]/)
  })
})

describe('linalg.cholesky', () => {
  it('factors A = L·Lᵀ with L lower triangular', () => {
    const L = linalg.cholesky(f64([[4, 2], [2, 3]]))
    expectClose(L, [[2, 0], [1, Math.SQRT2]])
    const a = spd(6, 3)
    const l = linalg.cholesky(a)
    expectClose(F.matmul(l, l, { transB: true }), a, { rtol: 1e-12, atol: 1e-12 })
    const upper = (l.toArray() as number[][]).flatMap((row, i) => row.slice(i + 1))
    expect(upper.every((v) => v === 0)).toBe(true)
    expect((l.toArray() as number[][]).every((row, i) => row[i]! > 0)).toBe(true)
  })

  it('reads only the lower triangle', () => {
    expectClose(linalg.cholesky(f64([[4, 99], [2, 3]])), [[2, 0], [1, Math.SQRT2]])
  })

  it('handles 1×1, 0×0 and batches; keeps float32', () => {
    expectClose(linalg.cholesky(f64([[9]])), [[3]])
    expect(linalg.cholesky(F.zeros([0, 0])).shape).toEqual([0, 0])
    const b = linalg.cholesky(F.stack([f64([[4, 2], [2, 3]]), f64([[1, 0], [0, 1]])]))
    expectClose(b, [[[2, 0], [1, Math.SQRT2]], [[1, 0], [0, 1]]])
    expect(linalg.cholesky(t([[4]])).dtype).toBe('float32')
  })

  it('rejects matrices that are not positive definite, and NaN', () => {
    expect(() => linalg.cholesky(f64([[1, 2], [2, 1]]))).toThrow(LinAlgError)
    expect(() => linalg.cholesky(f64([[1, 2], [2, 1]]))).toThrow(
      'cholesky: matrix [2,2] is not positive definite (pivot 1 is -3); a symmetric positive-definite matrix is required')
    expect(() => linalg.cholesky(f64([[0]]))).toThrow(/pivot 0 is 0/)
    expect(() => linalg.cholesky(f64([[NaN]]))).toThrow(LinAlgError)
    expect(() => linalg.cholesky(F.stack([F.eye(2, 2, 'float64'), f64([[-1, 0], [0, 1]])]))).toThrow(/at batch index 1/)
  })

  it('rejects non-square input', () => {
    expect(() => linalg.cholesky(F.zeros([2, 3]))).toThrow(ShapeError)
    expect(() => linalg.cholesky(F.zeros([2, 3]))).toThrow('cholesky: expected square matrices [..., n, n], got [2,3]')
    expect(() => linalg.cholesky(F.zeros([3]))).toThrow(/got \[3\]/)
  })
})

describe('linalg.inv', () => {
  it('inverts: A·inv(A) = I', () => {
    expectClose(linalg.inv(A), [[0.3, -0.1], [-0.2, 0.4]])
    const a = wellConditioned(9, 4)
    expectClose(F.matmul(a, linalg.inv(a)), F.eye(9, 9, 'float64'), { rtol: 1e-12, atol: 1e-12 })
    expectClose(linalg.inv(f64([[0, 1], [1, 0]])), [[0, 1], [1, 0]])
  })

  it('handles batches, 1×1 and dtypes', () => {
    expectClose(linalg.inv(F.stack([A, f64([[2, 0], [0, 4]])])), [[[0.3, -0.1], [-0.2, 0.4]], [[0.5, 0], [0, 0.25]]])
    expectClose(linalg.inv(f64([[4]])), [[0.25]])
    expect(linalg.inv(t([[4]])).dtype).toBe('float32')
    expect(linalg.inv(t([[4]], { dtype: 'int32' })).dtype).toBe('float32')
  })

  it('rejects singular and non-square matrices, under its own name', () => {
    expect(() => linalg.inv(f64([[1, 2], [2, 4]]))).toThrow(LinAlgError)
    expect(() => linalg.inv(f64([[1, 2], [2, 4]]))).toThrow(/^inv: matrix \[2,2\] is singular \(zero pivot in column 1\)/)
    expect(() => linalg.inv(F.zeros([2, 3]))).toThrow(ShapeError)
    expect(() => linalg.inv(F.zeros([2, 3]))).toThrow('inv: expected square matrices [..., n, n], got [2,3]')
    expect(() => linalg.inv(F.zeros([3]))).toThrow('inv: expected square matrices [..., n, n], got [3]')
  })
})

describe('linalg.det and linalg.slogdet', () => {
  it('det of known matrices', () => {
    expectClose(linalg.det(A), 10)
    expectClose(linalg.det(f64([[0, 1], [1, 0]])), -1)
    expectClose(linalg.det(f64([[2, 0, 0], [0, 3, 0], [0, 0, 4]])), 24)
    expectClose(linalg.det(f64([[1, 2, 3], [4, 5, 6], [7, 8, 10]])), -3, { rtol: 1e-12, atol: 1e-12 })
    expectClose(linalg.det(f64([[7]])), 7)
    expect(linalg.det(f64([[7]])).shape).toEqual([])
  })

  it('det of singular matrices is 0, of 0×0 is 1, batched per matrix', () => {
    expect(linalg.det(f64([[1, 2], [2, 4]])).item()).toBe(0)
    expect(linalg.det(F.zeros([0, 0])).item()).toBe(1)
    const d = linalg.det(F.stack([A, f64([[0, 1], [1, 0]]), f64([[1, 1], [1, 1]])]))
    expect(d.shape).toEqual([3])
    expectClose(d, [10, -1, 0])
  })

  it('det(A·B) = det(A)·det(B)', () => {
    const a = wellConditioned(5, 7)
    const b = wellConditioned(5, 8)
    expectClose(linalg.det(F.matmul(a, b)), F.mul(linalg.det(a), linalg.det(b)), { rtol: 1e-10, atol: 0 })
  })

  it('slogdet gives sign and log|det|', () => {
    const [s, l] = linalg.slogdet(A)
    expect(s.item()).toBe(1)
    expectClose(l, Math.log(10))
    const [s2, l2] = linalg.slogdet(f64([[0, 1], [1, 0]]))
    expect(s2.item()).toBe(-1)
    expectClose(l2, 0)
  })

  it('slogdet of a singular matrix is [0, -Infinity]', () => {
    const [s, l] = linalg.slogdet(f64([[1, 2], [2, 4]]))
    expect(s.item()).toBe(0)
    expect(l.item()).toBe(-Infinity)
  })

  it('slogdet stays finite where det overflows', () => {
    const big = F.mul(F.eye(120, 120, 'float64'), 1000)
    expect(linalg.det(big).item()).toBe(Infinity)
    const [s, l] = linalg.slogdet(big)
    expect(s.item()).toBe(1)
    expectClose(l, 120 * Math.log(1000), { rtol: 1e-14, atol: 0 })
  })

  it('slogdet is batched and keeps float32', () => {
    const [s, l] = linalg.slogdet(F.stack([A, F.neg(A)]))
    expect(s.shape).toEqual([2])
    expect(s.toArray()).toEqual([1, 1]) // det(-A) = (-1)^2 det(A)
    expectClose(l, [Math.log(10), Math.log(10)])
    expect(linalg.slogdet(t([[2]]))[1].dtype).toBe('float32')
  })

  it('reject non-square input under their own names', () => {
    expect(() => linalg.det(F.zeros([2, 3]))).toThrow(ShapeError)
    expect(() => linalg.det(F.zeros([2, 3]))).toThrow('det: expected square matrices [..., n, n], got [2,3]')
    expect(() => linalg.slogdet(F.zeros([3]))).toThrow('slogdet: expected square matrices [..., n, n], got [3]')
  })
})
