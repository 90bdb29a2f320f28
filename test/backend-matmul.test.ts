import { describe, it, expect } from 'vitest'
import { matmulKernel } from '../src/backend/js/matmul.js'

type Arr = Float32Array | Float64Array | Int32Array
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor

/** Fixed LCG so every run sees the same data. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function randomArray(C: Ctor, len: number, rand: () => number): Arr {
  const x = new C(len)
  for (let i = 0; i < len; i++) x[i] = C === Int32Array ? Math.floor(rand() * 21) - 10 : rand() * 2 - 1
  return x
}

/** Naive float64 reference (or exact int32 wraparound), one batch entry at a time. */
function reference(
  a: Arr, b: Arr, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, aStride: number, bStride: number, int: boolean,
): Float64Array {
  const out = new Float64Array(batch * m * n)
  for (let q = 0; q < batch; q++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0
        for (let p = 0; p < k; p++) {
          const x = a[q * aStride + (transA ? p * m + i : i * k + p)]!
          const y = b[q * bStride + (transB ? j * k + p : p * n + j)]!
          s = int ? (s + Math.imul(x, y)) | 0 : s + x * y
        }
        out[q * m * n + i * n + j] = s
      }
    }
  }
  return out
}

/** Largest |got - want| / scale over all elements; scale = sqrt(k) * max(1, |want|) for floats. */
function maxRelError(got: Arr, want: Float64Array, k: number): number {
  let worst = 0
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i]! - want[i]!) / (Math.sqrt(Math.max(k, 1)) * Math.max(1, Math.abs(want[i]!)))
    if (!(e <= worst)) worst = e // NaN propagates as a failure
  }
  return worst
}

const layouts: ReadonlyArray<[string, boolean, boolean]> = [
  ['A·B', false, false],
  ['Aᵀ·B', true, false],
  ['A·Bᵀ', false, true],
  ['Aᵀ·Bᵀ', true, true],
]

const dtypes: ReadonlyArray<[string, Ctor, number]> = [
  ['float64', Float64Array, 1e-12],
  ['float32', Float32Array, 1e-5],
  ['int32', Int32Array, 0],
]

// [m, k, n]: degenerate, tiny, around the 4×4 register block, thin (matrix-vector),
// and ragged cache blocks (KC=256, MC=64, NC=1024).
const shapes: ReadonlyArray<[number, number, number]> = [
  [0, 3, 4], [3, 0, 4], [3, 4, 0], [0, 0, 0],
  [1, 1, 1], [1, 5, 1], [1, 7, 9], [9, 7, 1], [5, 1, 6],
  [7, 13, 5], [4, 4, 4], [17, 16, 15], [8, 64, 8],
  [65, 33, 130], [70, 300, 9], [3, 520, 66], [200, 50, 2], [130, 257, 67], [5, 3, 1030],
]

function check(C: Ctor, tol: number, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, stride: 'zero' | 'full' | 'mixed', seed: number): void {
  const rand = lcg(seed)
  // 'zero': A broadcast over the batch; 'mixed': B broadcast; 'full': neither.
  const aStride = stride === 'zero' ? 0 : m * k
  const bStride = stride === 'mixed' ? 0 : k * n
  const a = randomArray(C, (aStride === 0 ? 1 : batch) * m * k, rand)
  const b = randomArray(C, (bStride === 0 ? 1 : batch) * k * n, rand)
  const out = new C(batch * m * n).fill(7) // must be overwritten, not accumulated
  matmulKernel(a, b, out, batch, m, k, n, transA, transB, aStride, bStride)
  const want = reference(a, b, batch, m, k, n, transA, transB, aStride, bStride, C === Int32Array)
  if (C === Int32Array) expect(Array.from(out)).toEqual(Array.from(want))
  else expect(maxRelError(out, want, k)).toBeLessThanOrEqual(tol)
}

describe('matmulKernel', () => {
  for (const [dname, C, tol] of dtypes) {
    for (const [lname, ta, tb] of layouts) {
      it(`${dname} ${lname} matches the naive reference on odd shapes`, () => {
        shapes.forEach(([m, k, n], i) => check(C, tol, 1, m, k, n, ta, tb, 'full', 1000 + i))
      })
      it(`${dname} ${lname} batches with full strides, zero A stride and zero B stride`, () => {
        check(C, tol, 3, 7, 13, 5, ta, tb, 'full', 1)
        check(C, tol, 3, 65, 33, 130, ta, tb, 'full', 2)
        check(C, tol, 4, 33, 70, 21, ta, tb, 'zero', 3)
        check(C, tol, 2, 40, 300, 12, ta, tb, 'mixed', 4)
        check(C, tol, 2, 2, 3, 2, ta, tb, 'mixed', 5)
        check(C, tol, 2, 3, 0, 2, ta, tb, 'zero', 6)
      })
    }
  }

  it('float64 is bit-identical to an ordered double dot product, on both the small and the blocked path', () => {
    for (const [m, k, n] of [[7, 13, 5], [65, 33, 130], [130, 600, 70]] as const) {
      const rand = lcg(m * 7 + k)
      const a = randomArray(Float64Array, m * k, rand)
      const b = randomArray(Float64Array, k * n, rand)
      const out = new Float64Array(m * n)
      matmulKernel(a, b, out, 1, m, k, n, false, false, 0, 0)
      expect(Array.from(out)).toEqual(Array.from(reference(a, b, 1, m, k, n, false, false, 0, 0, false)))
    }
  })

  it('float32 is the float64 result rounded once', () => {
    const [m, k, n] = [33, 700, 41]
    const rand = lcg(99)
    const a = randomArray(Float32Array, m * k, rand)
    const b = randomArray(Float32Array, k * n, rand)
    const out = new Float32Array(m * n)
    matmulKernel(a, b, out, 1, m, k, n, true, false, 0, 0)
    const want = Float32Array.from(reference(a, b, 1, m, k, n, true, false, 0, 0, false))
    expect(Array.from(out)).toEqual(Array.from(want))
  })

  it('is deterministic across repeated calls', () => {
    const rand = lcg(5)
    const a = randomArray(Float32Array, 2 * 90 * 200, rand)
    const b = randomArray(Float32Array, 200 * 50, rand)
    const run = (): Float32Array => {
      const out = new Float32Array(2 * 90 * 50)
      matmulKernel(a, b, out, 2, 90, 200, 50, false, true, 90 * 200, 0)
      return out
    }
    const first = run()
    for (let i = 0; i < 3; i++) expect(run()).toEqual(first)
  })

  it('int32 wraps around like 32-bit C arithmetic', () => {
    const a = new Int32Array([0x7fffffff, 3, -0x80000000, 0x10001])
    const b = new Int32Array([2, 0x40000000, 0x10001, -1])
    const out = new Int32Array(4)
    matmulKernel(a, b, out, 1, 2, 2, 2, false, false, 0, 0)
    expect(Array.from(out)).toEqual(Array.from(reference(a, b, 1, 2, 2, 2, false, false, 0, 0, true)))
    expect(out[0]).toBe((Math.imul(0x7fffffff, 2) + Math.imul(3, 0x10001)) | 0)
  })

  it('propagates NaN and Infinity like the naive product', () => {
    const a = new Float64Array(40 * 40).fill(1)
    const b = new Float64Array(40 * 40).fill(1)
    a[0] = NaN
    b[40 * 40 - 1] = Infinity
    const out = new Float64Array(40 * 40)
    matmulKernel(a, b, out, 1, 40, 40, 40, false, false, 0, 0)
    expect(out[0]).toBeNaN()
    expect(out[1]).toBeNaN()
    expect(out[40]).toBe(40)
    expect(out[40 * 40 - 1]).toBe(Infinity)
  })
})
