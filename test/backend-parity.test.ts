/**
 * The JS and wasm backends, kernel by kernel, on the same inputs (issue 11):
 * float64 results are the same bits on both, for every reduction, matmul layout
 * and elementwise op; float32 ones too, except the two documented tolerances
 * (matmul accumulates in float32 lanes on wasm; float32 exp/tanh/sigmoid may
 * differ in the last bit), which are checked as bounds.
 *
 * Inputs are large enough (from ELEMENTWISE_MIN elements, from SMALL_MIN
 * multiply-adds) that the wasm backend runs its SIMD kernels rather than handing
 * the call to the JS ones, and their values carry full 52-bit mantissas over a
 * wide range of exponents, so any difference in summation order shows.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED } from '../laws/approx.js'
import type { BinaryOp, ReduceOp, TypedArray, UnaryOp } from '../src/backend/backend.js'
import { jsBackend } from '../src/backend/js/index.js'
import { wasmBackend } from '../src/backend/wasm/index.js'

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor
type FloatArray = Float32Array | Float64Array
const wasm = wasmBackend!
const RUNS = { seed: SEED, numRuns: 40 }

/** A deterministic stream of 32-bit words (xorshift32; never zero for a nonzero seed). */
const words = (seed: number): (() => number) => {
  let s = (seed | 0) || 0x9e3779b9
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return s >>> 0
  }
}

/**
 * n doubles with random sign, 52 random mantissa bits and exponents in
 * [-spread, spread]; with `specials`, about 1% are ±0, ±Infinity or NaN.
 */
const randomValues = (n: number, seed: number, spread = 6, specials = false): Float64Array => {
  const next = words(seed)
  const out = new Float64Array(n)
  const raw = new Uint32Array(out.buffer)
  const special = [0, -0, Infinity, -Infinity, NaN]
  for (let i = 0; i < n; i++) {
    const e = 1023 + (next() % (2 * spread + 1)) - spread
    raw[2 * i] = next()
    raw[2 * i + 1] = ((next() & 1) << 31) | (e << 20) | (next() & 0xfffff)
    if (specials && next() % 100 === 0) out[i] = special[next() % special.length]!
  }
  return out
}
const filled = (C: Ctor, n: number, seed: number, spread?: number, specials?: boolean): FloatArray =>
  C.from(randomValues(n, seed, spread, specials))

/** Equal as bits, except that every NaN equals every NaN (payloads are not claimed). */
const firstDifference = (x: TypedArray, y: TypedArray): number => {
  if (x.length !== y.length) return -2
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i]) && !(x[i] !== x[i] && y[i] !== y[i])) return i
  return -1
}
const expectSameBits = (x: TypedArray, y: TypedArray, what: string): void => {
  const i = firstDifference(x, y)
  expect(i, `${what}: first difference at ${i} (${x[i]} vs ${y[i]})`).toBe(-1)
}

const dtype = fc.constantFrom<[string, Ctor]>(['float64', Float64Array], ['float32', Float32Array])
const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 })

describe.skipIf(wasmBackend === null)('backend parity: the wasm backend gives the JS backend\'s bits', () => {
  it('sum, prod, max, min, argmax, argmin over [outer, n, inner], float32 and float64', () => {
    const ops: ReadonlyArray<ReduceOp> = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin']
    fc.assert(fc.property(
      dtype, fc.constantFrom(...ops), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 3000 }),
      fc.constantFrom(1, 1, 2, 3, 5, 16), fc.boolean(), seed,
      ([name, C], op, outer, n, inner, specials, s) => {
        const x = filled(C, outer * n * inner, s, op === 'prod' ? 0 : 6, specials)
        const out = (): TypedArray => (op === 'argmax' || op === 'argmin' ? new Int32Array(outer * inner) : new C(outer * inner))
        const [a, b] = [out(), out()]
        jsBackend.reduce(op, x, outer, n, inner, a)
        wasm.reduce(op, x, outer, n, inner, b)
        expectSameBits(a, b, `${op} ${name} [${outer}, ${n}, ${inner}]`)
      }), { ...RUNS, numRuns: 150 })
  })

  it('a float64 sum of a [128, 128] tensor, whole and by rows (the case of issue 11)', () => {
    const x = filled(Float64Array, 128 * 128, 7)
    for (const [outer, n] of [[1, 128 * 128], [128, 128]] as const) {
      const [a, b] = [new Float64Array(outer), new Float64Array(outer)]
      jsBackend.reduce('sum', x, outer, n, 1, a)
      wasm.reduce('sum', x, outer, n, 1, b)
      expectSameBits(a, b, `sum [${outer}, ${n}]`)
    }
  })

  it('float64 matmul: every layout, batched with broadcast operands', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 90 }),
      fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), seed,
      (batch, m, k, n, tA, tB, aAll, bAll, s) => {
        const a = filled(Float64Array, (aAll ? batch : 1) * m * k, s)
        const b = filled(Float64Array, (bAll ? batch : 1) * k * n, s + 1)
        const [x, y] = [new Float64Array(batch * m * n), new Float64Array(batch * m * n)]
        const args = [batch, m, k, n, tA, tB, aAll ? m * k : 0, bAll ? k * n : 0] as const
        jsBackend.matmul(a, b, x, ...args)
        wasm.matmul(a, b, y, ...args)
        expectSameBits(x, y, `matmul float64 ${JSON.stringify(args)}`)
      }), RUNS)
  })

  it('float64 matmul at sizes that take the packed kernel and the second thread', () => {
    for (const [m, k, n] of [[96, 96, 96], [130, 257, 129], [64, 600, 40]] as const) {
      const a = filled(Float64Array, m * k, m)
      const b = filled(Float64Array, k * n, n)
      const [x, y] = [new Float64Array(m * n), new Float64Array(m * n)]
      jsBackend.matmul(a, b, x, 1, m, k, n, false, false, 0, 0)
      wasm.matmul(a, b, y, 1, m, k, n, false, false, 0, 0)
      expectSameBits(x, y, `matmul float64 ${m}×${k}×${n}`)
    }
  })

  it('float32 matmul agrees within the float32 accumulation bound (k+2)·2⁻²⁴·Σ|a·b|', () => {
    fc.assert(fc.property(
      fc.integer({ min: 4, max: 90 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 8, max: 90 }), fc.boolean(), fc.boolean(), seed,
      (m, k, n, tA, tB, s) => {
        const a = filled(Float32Array, m * k, s, 2)
        const b = filled(Float32Array, k * n, s + 1, 2)
        const [x, y] = [new Float32Array(m * n), new Float32Array(m * n)]
        jsBackend.matmul(a, b, x, 1, m, k, n, tA, tB, 0, 0)
        wasm.matmul(a, b, y, 1, m, k, n, tA, tB, 0, 0)
        // Σ|a·b| per output element, in float64 by the JS kernel on |a|, |b|
        const abs = new Float64Array(m * n)
        jsBackend.matmul(Float64Array.from(a, Math.abs), Float64Array.from(b, Math.abs), abs, 1, m, k, n, tA, tB, 0, 0)
        for (let i = 0; i < m * n; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThanOrEqual((k + 2) * 2 ** -24 * abs[i]!)
      }), RUNS)
  })

  const unaryOps: ReadonlyArray<UnaryOp> = [
    'neg', 'abs', 'sign', 'square', 'sqrt', 'rsqrt', 'exp', 'expm1', 'log', 'log1p', 'sin', 'cos', 'tanh', 'sigmoid',
    'relu', 'erf', 'floor', 'reciprocal', 'logicalNot',
  ]
  /** The float32 ops whose wasm kernel may differ from JS in the last bit (README, `transcendental.ts`). */
  const lastBit32: ReadonlyArray<UnaryOp> = ['exp', 'tanh', 'sigmoid']

  it('every unary op, float64 bit for bit; float32 too but for exp/tanh/sigmoid within one ulp', () => {
    fc.assert(fc.property(dtype, fc.constantFrom(...unaryOps), fc.integer({ min: 1, max: 20_000 }), seed, ([name, C], op, n, s) => {
      const x = filled(C, n, s, 4, true)
      const [a, b] = [new C(n), new C(n)]
      jsBackend.unary(op, x, a)
      wasm.unary(op, x, b)
      if (C === Float32Array && lastBit32.includes(op)) {
        for (let i = 0; i < n; i++) {
          if (Object.is(a[i], b[i]) || (a[i] !== a[i] && b[i] !== b[i])) continue
          const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(a[i]!), 2 ** -126))) - 23)
          expect(Math.abs(a[i]! - b[i]!), `${op} float32 at ${x[i]}`).toBeLessThanOrEqual(ulp)
        }
      } else expectSameBits(a, b, `${op} ${name} n=${n}`)
    }), RUNS)
  })

  const binaryOps: ReadonlyArray<BinaryOp> = [
    'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual',
  ]
  const compares: ReadonlyArray<BinaryOp> = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual']
  /** How b is laid out against a [rows, cols] a: the same shape, a scalar, a broadcast row, a broadcast column. */
  const layouts = ['same', 'scalarB', 'scalarA', 'row', 'column'] as const

  it('every binary op, in every broadcast layout, bit for bit', () => {
    fc.assert(fc.property(
      dtype, fc.constantFrom(...binaryOps), fc.constantFrom(...layouts), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), seed,
      ([name, C], op, layout, rows, cols, s) => {
        const full = filled(C, rows * cols, s, 3, true)
        const other = filled(C, layout === 'same' ? rows * cols : layout === 'row' ? cols : layout === 'column' ? rows : 1, s + 1, 3, true)
        const fullStrides = [cols, 1]
        const otherStrides = layout === 'same' ? [cols, 1] : layout === 'row' ? [0, 1] : layout === 'column' ? [1, 0] : [0, 0]
        const [a, aS, b, bS] = layout === 'scalarA' ? [other, otherStrides, full, fullStrides] : [full, fullStrides, other, otherStrides]
        const out = (): TypedArray => (compares.includes(op) ? new Uint8Array(rows * cols) : new C(rows * cols))
        const [x, y] = [out(), out()]
        jsBackend.binary(op, a, aS, b, bS, [rows, cols], x)
        wasm.binary(op, a, aS, b, bS, [rows, cols], y)
        expectSameBits(x, y, `${op} ${name} ${layout} [${rows}, ${cols}]`)
      }), RUNS)
  })

  it('the fused Adam step, float32 and float64, plain and Nesterov', () => {
    fc.assert(fc.property(dtype, fc.integer({ min: 1, max: 20_000 }), fc.boolean(), fc.integer({ min: 1, max: 1000 }), seed, ([name, C], n, nesterov, t, s) => {
      const g = filled(C, n, s, 8)
      const mu = filled(C, n, s + 1, 8)
      const nu = filled(C, n, s + 2, 8).map(Math.abs)
      const step = { b1: 0.9, b2: 0.999, eps: 1e-8, epsRoot: nesterov ? 1e-9 : 0, nesterov, t }
      const outs = (): FloatArray[] => [new C(n), new C(n), new C(n)]
      const [x, y] = [outs(), outs()]
      jsBackend.adam(g, mu, nu, x[0]!, x[1]!, x[2]!, step)
      wasm.adam(g, mu, nu, y[0]!, y[1]!, y[2]!, step)
      x.forEach((xi, i) => expectSameBits(xi, y[i]!, `adam ${name} output ${i}`))
    }), RUNS)
  })
})
