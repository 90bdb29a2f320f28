import { describe, it, expect } from 'vitest'
import { LinAlgError } from '../src/errors.js'
import {
  cholesky,
  det,
  inv,
  luFactor,
  qr,
  slogdet,
  solve,
  triangularSolve,
} from '../src/backend/js/linalg.js'
import type { FloatArray } from '../src/backend/backend.js'

// ---------- helpers ----------

/** Deterministic LCG (Numerical Recipes constants) giving uniforms in [-1, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return (s / 2 ** 32) * 2 - 1
  }
}

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor
const DTYPES: Array<[string, Ctor]> = [
  ['float64', Float64Array],
  ['float32', Float32Array],
]

/**
 * `batch` well-conditioned n×n matrices: uniform noise + n·I, with the rows reversed so
 * that partial pivoting has to swap rows.
 */
function wellConditioned(rnd: () => number, batch: number, n: number): number[] {
  const out: number[] = []
  for (let p = 0; p < batch; p++) {
    const m = Array.from({ length: n * n }, (_, i) => rnd() + (Math.floor(i / n) === i % n ? n : 0))
    for (let i = n - 1; i >= 0; i--) out.push(...m.slice(i * n, i * n + n))
  }
  return out
}

/** `batch` symmetric positive-definite matrices M Mᵀ + n·I. */
function spd(rnd: () => number, batch: number, n: number): number[] {
  const out: number[] = []
  for (let p = 0; p < batch; p++) {
    const m = Array.from({ length: n * n }, rnd)
    const a = matmul(m, transpose(m, n, n), n, n, n)
    for (let i = 0; i < n; i++) a[i * n + i]! += n
    out.push(...a)
  }
  return out
}

const at = (x: ArrayLike<number>, i: number): number => x[i]!

function matmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, aOff = 0, bOff = 0): number[] {
  const c = new Array<number>(m * n).fill(0)
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let l = 0; l < k; l++) s += at(a, aOff + i * k + l) * at(b, bOff + l * n + j)
      c[i * n + j] = s
    }
  return c
}

function transpose(a: ArrayLike<number>, m: number, n: number, off = 0): number[] {
  const t = new Array<number>(m * n)
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = at(a, off + i * n + j)
  return t
}

const eye = (n: number): number[] => Array.from({ length: n * n }, (_, i) => (Math.floor(i / n) === i % n ? 1 : 0))
const maxAbs = (x: ArrayLike<number>): number => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0)
const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
  expect(x.length).toBe(y.length)
  return Array.from(x).reduce((m, v, i) => Math.max(m, Math.abs(v - at(y, i))), 0)
}
const slice = (x: ArrayLike<number>, off: number, len: number): number[] => Array.from(x).slice(off, off + len)

/** Normwise backward error of A X = B, per matrix: ‖AX − B‖ / (‖A‖‖X‖ + ‖B‖) with max-abs norms. */
function backwardError(a: FloatArray, x: FloatArray, b: FloatArray, p: number, n: number, nrhs: number): number {
  const A = slice(a, p * n * n, n * n)
  const X = slice(x, p * n * nrhs, n * nrhs)
  const B = slice(b, p * n * nrhs, n * nrhs)
  return maxDiff(matmul(A, X, n, n, nrhs), B) / (n * maxAbs(A) * maxAbs(X) + maxAbs(B))
}

// Explicit tolerances: results are computed in float64 and rounded to the output dtype.
const TOL = { float64: 1e-14, float32: 1e-6 } as const
const tolOf = (name: string): number => TOL[name as keyof typeof TOL]

/** The thrown LinAlgError's message (fails if nothing, or something else, is thrown). */
function linAlgMessage(f: () => void): string {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(LinAlgError)
    return (e as Error).message
  }
  throw new Error('expected a LinAlgError')
}

// ---------- tests ----------

describe('solve', () => {
  for (const [name, T] of DTYPES) {
    it(`has a small residual on random batched systems (${name})`, () => {
      const rnd = lcg(1)
      for (const n of [1, 2, 3, 5, 8]) {
        for (const nrhs of [1, 3]) {
          const batch = 3
          const a = T.from(wellConditioned(rnd, batch, n))
          const b = T.from(Array.from({ length: batch * n * nrhs }, rnd))
          const out = new T(batch * n * nrhs)
          solve(a, b, out, batch, n, nrhs)
          expect(out).toBeInstanceOf(T)
          for (let p = 0; p < batch; p++) expect(backwardError(a, out, b, p, n, nrhs)).toBeLessThan(tolOf(name))
        }
      }
    })
  }

  it('pivots past a zero leading entry', () => {
    const out = new Float64Array(2)
    solve(Float64Array.from([0, 1, 1, 0]), Float64Array.from([2, 3]), out, 1, 2, 1)
    expect(Array.from(out)).toEqual([3, 2])
  })

  it('names the op and the shape when singular', () => {
    const a = Float64Array.from([1, 2, 3, 2, 4, 6, 1, 0, 1]) // row 1 = 2 · row 0
    const msg = linAlgMessage(() => solve(a, new Float64Array(3), new Float64Array(3), 1, 3, 1))
    expect(msg).toMatch(/^solve: matrix \[3,3\] is singular \(zero pivot in column 2\); /)
    expect(msg).toContain('add a small multiple of the identity')
  })

  it('names the batch index when batch > 1', () => {
    const a = Float64Array.from([...eye(2), 1, 1, 1, 1])
    const msg = linAlgMessage(() => solve(a, new Float64Array(4), new Float64Array(4), 2, 2, 1))
    expect(msg).toMatch(/^solve: matrix \[2,2\] at batch index 1 is singular/)
  })

  it('uses the epsilon of the input dtype for near-singular matrices', () => {
    const m = [1, 1, 1, 1 + 2 ** -22]
    // float32: the last pivot 2^-22 is within n·eps32·max|a| of zero
    const msg = linAlgMessage(() => solve(Float32Array.from(m), new Float32Array(2), new Float32Array(2), 1, 2, 1))
    expect(msg).toMatch(/^solve: matrix \[2,2\] is singular \(pivot .* in column 1 is within rounding error/)
    // float64: the same matrix is comfortably nonsingular
    const out = new Float64Array(2)
    solve(Float64Array.from(m), Float64Array.from([2, 2 + 2 ** -22]), out, 1, 2, 1)
    expect(maxDiff(out, [1, 1])).toBeLessThan(1e-9)
    // float64 with a pivot of 2^-52: singular by the rule
    expect(() => solve(Float64Array.from([1, 1, 1, 1 + 2 ** -52]), new Float64Array(2), new Float64Array(2), 1, 2, 1)).toThrow(
      LinAlgError,
    )
  })

  it('leaves out untouched when it throws', () => {
    const out = Float64Array.from([7, 7, 7, 7])
    expect(() => solve(Float64Array.from([...eye(2), 0, 0, 0, 0]), new Float64Array(4), out, 2, 2, 1)).toThrow(LinAlgError)
    expect(Array.from(out)).toEqual([7, 7, 7, 7])
  })
})

describe('luFactor', () => {
  it('reconstructs P A = L U and reports the permutation sign', () => {
    const n = 4
    const a = Float64Array.from(wellConditioned(lcg(2), 2, n))
    const { lu, perm, sign } = luFactor(a, 2, n)
    for (let p = 0; p < 2; p++) {
      const L = eye(n)
      const U = new Array<number>(n * n).fill(0)
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (j < i ? L : U)[i * n + j] = at(lu, p * n * n + i * n + j)
      const pa = Array.from({ length: n * n }, (_, k) => at(a, p * n * n + at(perm, p * n + Math.floor(k / n)) * n + (k % n)))
      expect(maxDiff(matmul(L, U, n, n, n), pa)).toBeLessThan(1e-12)
      // sign = parity of the permutation
      const seen = new Set<number>()
      let cycles = 0
      for (let i = 0; i < n; i++) {
        if (seen.has(i)) continue
        cycles++
        for (let j = i; !seen.has(j); j = at(perm, p * n + j)) seen.add(j)
      }
      expect(at(sign, p)).toBe((n - cycles) % 2 === 0 ? 1 : -1)
    }
  })

  it('does not throw on a singular matrix', () => {
    const { lu } = luFactor(Float64Array.from([1, 2, 2, 4]), 1, 2)
    expect(at(lu, 3)).toBe(0)
  })
})

describe('cholesky', () => {
  for (const [name, T] of DTYPES) {
    it(`gives L with L Lᵀ = A, batched (${name})`, () => {
      const rnd = lcg(3)
      for (const n of [1, 2, 4, 7]) {
        const batch = 2
        const a = T.from(spd(rnd, batch, n))
        const out = new T(batch * n * n)
        cholesky(a, out, batch, n)
        expect(out).toBeInstanceOf(T)
        for (let p = 0; p < batch; p++) {
          const L = slice(out, p * n * n, n * n)
          for (let i = 0; i < n; i++) {
            expect(at(L, i * n + i)).toBeGreaterThan(0)
            for (let j = i + 1; j < n; j++) expect(at(L, i * n + j)).toBe(0)
          }
          const A = slice(a, p * n * n, n * n)
          expect(maxDiff(matmul(L, transpose(L, n, n), n, n, n), A) / maxAbs(A)).toBeLessThan(tolOf(name) * 10)
        }
      }
    })
  }

  it('reads only the lower triangle', () => {
    const a = Float64Array.from([4, 2, 2, 3])
    const junk = Float64Array.from([4, 99, 2, 3])
    const o1 = new Float64Array(4)
    const o2 = new Float64Array(4)
    cholesky(a, o1, 1, 2)
    cholesky(junk, o2, 1, 2)
    expect(Array.from(o2)).toEqual(Array.from(o1))
    expect(Array.from(o1)).toEqual([2, 0, 1, Math.sqrt(2)])
  })

  it('names the op, shape and pivot when not positive definite', () => {
    const msg = linAlgMessage(() => cholesky(Float64Array.from([1, 2, 2, 1]), new Float64Array(4), 1, 2))
    expect(msg).toBe('cholesky: matrix [2,2] is not positive definite (pivot 1 is -3); a symmetric positive-definite matrix is required')
    const a4 = Float64Array.from([...eye(4), ...eye(4)])
    a4[16 + 15] = -0.5
    const msg4 = linAlgMessage(() => cholesky(a4, new Float64Array(32), 2, 4))
    expect(msg4).toMatch(/^cholesky: matrix \[4,4\] at batch index 1 is not positive definite \(pivot 3 is -0\.5\)/)
  })
})

describe('inv', () => {
  for (const [name, T] of DTYPES) {
    it(`gives A · inv(A) = I, batched (${name})`, () => {
      const rnd = lcg(4)
      for (const n of [1, 2, 3, 6]) {
        const batch = 3
        const a = T.from(wellConditioned(rnd, batch, n))
        const out = new T(batch * n * n)
        inv(a, out, batch, n)
        expect(out).toBeInstanceOf(T)
        for (let p = 0; p < batch; p++) {
          const prod = matmul(a, out, n, n, n, p * n * n, p * n * n)
          expect(maxDiff(prod, eye(n))).toBeLessThan(tolOf(name) * 100 * n)
        }
      }
    })
  }

  it('inverts a 2×2 exactly', () => {
    const out = new Float64Array(4)
    inv(Float64Array.from([4, 7, 2, 6]), out, 1, 2)
    expect(maxDiff(out, [0.6, -0.7, -0.2, 0.4])).toBeLessThan(1e-15)
  })

  it('names the op and shape when singular', () => {
    const msg = linAlgMessage(() => inv(new Float32Array(9), new Float32Array(9), 1, 3))
    expect(msg).toMatch(/^inv: matrix \[3,3\] is singular \(zero pivot in column 0\)/)
  })
})

describe('det and slogdet', () => {
  it('det of known matrices', () => {
    const perm = [0, 1, 0, 1, 0, 0, 0, 0, 1] // one swap: det −1
    const tri = [2, 5, -1, 0, -3, 4, 0, 0, 0.5] // product of the diagonal: −3
    const cyc = [0, 1, 0, 0, 0, 1, 1, 0, 0] // 3-cycle: det +1
    const out = new Float64Array(3)
    det(Float64Array.from([...perm, ...tri, ...cyc]), 3, 3, out)
    expect(Array.from(out)).toEqual([-1, -3, 1])
    const lower = new Float32Array(1)
    det(Float32Array.from(transpose(tri, 3, 3)), 1, 3, lower)
    expect(lower[0]).toBe(-3)
  })

  it('det of 2×2 matrices matches ad − bc', () => {
    const rnd = lcg(5)
    for (let t = 0; t < 20; t++) {
      const m = [rnd(), rnd(), rnd(), rnd()]
      const out = new Float64Array(1)
      det(Float64Array.from(m), 1, 2, out)
      expect(at(out, 0)).toBeCloseTo(at(m, 0) * at(m, 3) - at(m, 1) * at(m, 2), 14)
    }
  })

  it('det of a singular matrix is 0', () => {
    const out = new Float64Array(1)
    det(Float64Array.from([1, 2, 2, 4]), 1, 2, out)
    expect(Math.abs(at(out, 0))).toBe(0)
  })

  for (const [name, T] of DTYPES) {
    it(`slogdet agrees with det on random batches (${name})`, () => {
      const rnd = lcg(6)
      const n = 5
      const batch = 6
      const a = T.from(Array.from({ length: batch * n * n }, rnd))
      const d = new T(batch)
      const s = new T(batch)
      const l = new T(batch)
      det(a, batch, n, d)
      slogdet(a, batch, n, s, l)
      const signs = new Set<number>()
      for (let p = 0; p < batch; p++) {
        signs.add(at(s, p))
        expect(at(s, p)).toBe(Math.sign(at(d, p)))
        expect(Math.abs(at(s, p) * Math.exp(at(l, p)) - at(d, p)) / Math.abs(at(d, p))).toBeLessThan(tolOf(name) * 100)
      }
      expect(signs).toEqual(new Set([1, -1])) // this seed hits both signs
    })
  }

  it('slogdet of a singular matrix is (0, −Infinity), and of a permutation is (−1, 0)', () => {
    const s = new Float64Array(2)
    const l = new Float64Array(2)
    slogdet(Float64Array.from([1, 2, 2, 4, 0, 1, 1, 0]), 2, 2, s, l)
    expect(Array.from(s)).toEqual([0, -1])
    expect(Array.from(l)).toEqual([-Infinity, 0])
  })

  it('slogdet does not overflow where det does', () => {
    const n = 3
    const a = Float64Array.from(eye(n).map((v) => v * 1e200))
    const s = new Float64Array(1)
    const l = new Float64Array(1)
    slogdet(a, 1, n, s, l)
    expect(at(s, 0)).toBe(1)
    expect(at(l, 0)).toBeCloseTo(3 * 200 * Math.log(10), 10)
  })
})

describe('qr', () => {
  const cases: Array<[string, number, number]> = [
    ['tall', 6, 3],
    ['wide', 3, 5],
    ['square', 4, 4],
    ['column', 4, 1],
    ['row', 1, 4],
    ['1×1', 1, 1],
  ]
  for (const [kind, m, n] of cases) {
    for (const [name, T] of DTYPES) {
      it(`QᵀQ = I and QR = A, R upper triangular (${kind} ${m}×${n}, ${name})`, () => {
        const a = T.from(Array.from({ length: m * n }, lcg(7 + m * 10 + n)))
        const k = Math.min(m, n)
        const { q, r } = qr(a, m, n)
        expect(q).toBeInstanceOf(Float64Array)
        expect(q.length).toBe(m * k)
        expect(r.length).toBe(k * n)
        expect(maxDiff(matmul(transpose(q, m, k), q, k, m, k), eye(k))).toBeLessThan(1e-14)
        expect(maxDiff(matmul(q, r, m, k, n), Array.from(a))).toBeLessThan(1e-14)
        for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) expect(at(r, i * n + j)).toBe(0)
      })
    }
  }

  it('handles a rank-deficient matrix with a zero column', () => {
    const a = Float64Array.from([0, 1, 0, 2, 0, 3]) // 3×2, first column zero
    const { q, r } = qr(a, 3, 2)
    expect(q.every(Number.isFinite) && r.every(Number.isFinite)).toBe(true)
    expect(maxDiff(matmul(transpose(q, 3, 2), q, 2, 3, 2), eye(2))).toBeLessThan(1e-14)
    expect(maxDiff(matmul(q, r, 3, 2, 2), a)).toBeLessThan(1e-14)
  })

  it('handles empty matrices', () => {
    expect(qr(new Float64Array(0), 0, 3)).toEqual({ q: new Float64Array(0), r: new Float64Array(0) })
    const { q, r } = qr(new Float64Array(0), 3, 0)
    expect([q.length, r.length]).toEqual([0, 0])
  })
})

describe('triangularSolve', () => {
  const variants = [
    { lower: true },
    { lower: false },
    { lower: true, transA: true },
    { lower: false, transA: true },
    { lower: true, unitDiagonal: true },
    { lower: false, transA: true, unitDiagonal: true },
  ]
  for (const opts of variants) {
    for (const [name, T] of DTYPES) {
      it(`solves ${JSON.stringify(opts)} reading only its triangle (${name})`, () => {
        const rnd = lcg(8)
        const n = 5
        const nrhs = 2
        const batch = 2
        // junk everywhere, then the effective triangular matrix used for the residual
        const a = T.from(Array.from({ length: batch * n * n }, () => rnd() * 10))
        const eff: number[] = []
        for (let p = 0; p < batch; p++) {
          for (let i = 0; i < n; i++) {
            a[p * n * n + i * n + i] = 3 + rnd() // a comfortable diagonal (ignored if unitDiagonal)
            for (let j = 0; j < n; j++) {
              const inTri = opts.lower ? j < i : j > i
              const v = i === j ? (opts.unitDiagonal ? 1 : at(a, p * n * n + i * n + j)) : inTri ? at(a, p * n * n + i * n + j) / 10 : 0
              eff.push(v)
            }
          }
        }
        // scale the in-triangle entries so the system is well conditioned
        for (let p = 0; p < batch; p++)
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) if (opts.lower ? j < i : j > i) a[p * n * n + i * n + j] = eff[p * n * n + i * n + j]!
        const effT = opts.transA ? Array.from({ length: batch }, (_, p) => transpose(eff, n, n, p * n * n)).flat() : eff
        const b = T.from(Array.from({ length: batch * n * nrhs }, rnd))
        const out = new T(batch * n * nrhs)
        triangularSolve(a, b, out, batch, n, nrhs, opts)
        expect(out).toBeInstanceOf(T)
        for (let p = 0; p < batch; p++) expect(backwardError(Float64Array.from(effT), out, b, p, n, nrhs)).toBeLessThan(tolOf(name))
      })
    }
  }

  it('names the op, shape and row on a zero diagonal', () => {
    const a = Float64Array.from([1, 0, 0, 2, 0, 0, 3, 4, 5])
    const msg = linAlgMessage(() => triangularSolve(a, new Float64Array(3), new Float64Array(3), 1, 3, 1, { lower: true }))
    expect(msg).toMatch(/^triangularSolve: matrix \[3,3\] has a zero on the diagonal \(row 1\)/)
    // with a unit diagonal the zero is never read
    const out = new Float64Array(3)
    triangularSolve(a, Float64Array.from([1, 2, 3]), out, 1, 3, 1, { lower: true, unitDiagonal: true })
    expect(Array.from(out)).toEqual([1, 0, 0]) // L = [[1,0,0],[2,1,0],[3,4,1]]
  })
})

describe('edge sizes', () => {
  it('n = 0 works everywhere (det 1, slogdet (1, 0))', () => {
    const e = new Float64Array(0)
    const batch = 3
    solve(e, e, new Float64Array(0), batch, 0, 2)
    inv(e, new Float64Array(0), batch, 0)
    cholesky(e, new Float64Array(0), batch, 0)
    triangularSolve(e, e, new Float64Array(0), batch, 0, 1, { lower: true })
    const d = new Float32Array(batch)
    det(new Float32Array(0), batch, 0, d)
    expect(Array.from(d)).toEqual([1, 1, 1])
    const s = new Float64Array(batch)
    const l = new Float64Array(batch).fill(9)
    slogdet(e, batch, 0, s, l)
    expect(Array.from(s)).toEqual([1, 1, 1])
    expect(Array.from(l)).toEqual([0, 0, 0])
    const f = luFactor(e, batch, 0)
    expect([f.lu.length, f.perm.length, Array.from(f.sign)]).toEqual([0, 0, [1, 1, 1]])
  })

  it('n = 1 is scalar arithmetic', () => {
    const a = Float64Array.from([4, -2])
    const x = new Float64Array(2)
    solve(a, Float64Array.from([2, 3]), x, 2, 1, 1)
    expect(Array.from(x)).toEqual([0.5, -1.5])
    inv(a, x, 2, 1)
    expect(Array.from(x)).toEqual([0.25, -0.5])
    det(a, 2, 1, x)
    expect(Array.from(x)).toEqual([4, -2])
    const s = new Float64Array(2)
    slogdet(a, 2, 1, s, x)
    expect(Array.from(s)).toEqual([1, -1])
    expect(maxDiff(x, [Math.log(4), Math.log(2)])).toBeLessThan(1e-15)
    cholesky(Float64Array.from([9]), x, 1, 1)
    expect(at(x, 0)).toBe(3)
    expect(linAlgMessage(() => solve(Float64Array.from([0]), x, x, 1, 1, 1))).toMatch(/^solve: matrix \[1,1\] is singular/)
  })
})

describe('inputs', () => {
  for (const [name, T] of DTYPES) {
    it(`are never mutated (${name})`, () => {
      const rnd = lcg(9)
      const n = 4
      const a = T.from(wellConditioned(rnd, 2, n))
      const sp = T.from(spd(rnd, 2, n))
      const b = T.from(Array.from({ length: 2 * n * 3 }, rnd))
      const [a0, sp0, b0] = [a.slice(), sp.slice(), b.slice()]
      solve(a, b, new T(b.length), 2, n, 3)
      inv(a, new T(a.length), 2, n)
      det(a, 2, n, new T(2))
      slogdet(a, 2, n, new T(2), new T(2))
      luFactor(a, 2, n)
      qr(a, 2 * n, n)
      cholesky(sp, new T(sp.length), 2, n)
      triangularSolve(a, b, new T(b.length), 2, n, 3, { lower: true, transA: true })
      triangularSolve(a, b, new T(b.length), 2, n, 3, { lower: false })
      expect(a).toEqual(a0)
      expect(sp).toEqual(sp0)
      expect(b).toEqual(b0)
    })
  }
})
