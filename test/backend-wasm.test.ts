import { describe, it, expect } from 'vitest'
import type { Backend, BinaryOp, UnaryOp } from '../src/backend/backend.js'
import { jsBackend } from '../src/backend/js/index.js'
import { encodeModule, f32x4, func, i32, sleb, uleb, v128 } from '../src/backend/wasm/emit/encoder.js'
import { ELEMENTWISE_MIN, CHUNK } from '../src/backend/wasm/elementwise.js'
import { BINARY_KERNELS, GEMM_BLOCK, UNARY_KERNELS } from '../src/backend/wasm/emit/kernels.js'
import { BLOCKS, MATMUL_MIN } from '../src/backend/wasm/gemm-plan.js'
import { wasmBackend } from '../src/backend/wasm/index.js'

type FloatArray = Float32Array | Float64Array
type FloatCtor = Float32ArrayConstructor | Float64ArrayConstructor

/** Fixed LCG so every run sees the same data. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const randomArray = <C extends FloatCtor>(C: C, len: number, rand: () => number): InstanceType<C> => {
  const x = new C(len) as InstanceType<C>
  for (let i = 0; i < len; i++) x[i] = rand() * 2 - 1
  return x
}

/** Random values with the awkward ones sprinkled in: ±0, ±Infinity, NaN, ties. */
const specialArray = <C extends FloatCtor>(C: C, len: number, rand: () => number): InstanceType<C> => {
  const specials = [0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5]
  const x = randomArray(C, len, rand)
  for (let i = 0; i < len; i += 5) x[i] = specials[Math.floor(rand() * specials.length)]!
  return x
}

/** The index of the first element that differs (NaN matches NaN; +0 and -0 differ), or -1. */
const firstMismatch = (got: ArrayLike<number>, want: ArrayLike<number>): number => {
  if (got.length !== want.length) return 0
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!
    const w = want[i]!
    if (!(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)))) return i
  }
  return -1
}

/** The WebAssembly JS API (the project's TypeScript lib has no DOM types). */
const Wasm = (globalThis as unknown as {
  WebAssembly: {
    validate(bytes: Uint8Array): boolean
    Module: new (bytes: Uint8Array) => object
    Instance: new (module: object, imports: object) => { exports: object }
  }
}).WebAssembly

const bits = (x: FloatArray): number[] => Array.from(new Uint8Array(x.buffer, x.byteOffset, x.byteLength))

const floats: ReadonlyArray<[string, FloatCtor]> = [['float32', Float32Array], ['float64', Float64Array]]
const layouts: ReadonlyArray<[string, boolean, boolean]> = [
  ['A·B', false, false],
  ['Aᵀ·B', true, false],
  ['A·Bᵀ', false, true],
  ['Aᵀ·Bᵀ', true, true],
]

describe('wasm encoder', () => {
  it('encodes LEB128', () => {
    expect(uleb(0)).toEqual([0])
    expect(uleb(127)).toEqual([0x7f])
    expect(uleb(128)).toEqual([0x80, 0x01])
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26])
    expect(sleb(-1)).toEqual([0x7f])
    expect(sleb(63)).toEqual([0x3f])
    expect(sleb(64)).toEqual([0xc0, 0x00])
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78])
  })

  it('emits a valid module whose functions run', () => {
    const bytes = encodeModule({
      memoryPages: 1,
      functions: [
        func('addOne', { params: { x: 'i32' }, results: ['i32'] }, ({ x }) => i32.add(x.get, i32.const(1))),
        // out[0..4] = a[0..4] * b[0..4] in f32 lanes
        func('mul4', { params: { a: 'i32', b: 'i32', out: 'i32' } }, ({ a, b, out }) =>
          v128.store(out.get, f32x4.mul(v128.load(a.get), v128.load(b.get)))),
      ],
    })
    expect(Wasm.validate(bytes)).toBe(true)
    const ex = new Wasm.Instance(new Wasm.Module(bytes), {}).exports as unknown as {
      addOne: (x: number) => number
      mul4: (a: number, b: number, out: number) => void
      memory: { buffer: ArrayBuffer }
    }
    expect(ex.addOne(41)).toBe(42)
    expect(ex.addOne(-1)).toBe(0)
    const heap = new Float32Array(ex.memory.buffer)
    heap.set([1, 2, 3, 4, 0.5, -1, 2, 10], 0)
    ex.mul4(0, 16, 32)
    expect(Array.from(heap.subarray(8, 12))).toEqual([0.5, -2, 6, 40])
  })
})

describe.skipIf(wasmBackend === null)('wasm backend', () => {
  const W = wasmBackend as Backend

  it('is available on Node 20 (WebAssembly SIMD)', () => {
    expect(W.name).toBe('wasm')
  })

  describe('matmul', () => {
    // [m, k, n]: degenerate, tiny (the JS-side path), thin (matrix-vector), around the
    // register blocks, and past every cache block (KC = 256, MC = 128 / 64, NC = 1024).
    const shapes: ReadonlyArray<[number, number, number]> = [
      [0, 3, 4], [3, 0, 4], [3, 4, 0], [1, 1, 1], [1, 7, 9], [7, 7, 7], [9, 7, 1],
      [1, 1024, 65], [65, 1024, 1], [4, 2048, 8], [65, 7, 130], [7, 65, 130], [130, 65, 7],
      [65, 130, 65], [130, 300, 67], [33, 257, 9], [6, 40, 1030],
    ]

    /** Compare the wasm backend with the JS backend on one product. */
    const check = (C: FloatCtor, batch: number, m: number, k: number, n: number, ta: boolean, tb: boolean,
      aStride: number, bStride: number, seed: number): void => {
      const rand = lcg(seed)
      const a = randomArray(C, (aStride === 0 ? 1 : batch) * m * k, rand)
      const b = randomArray(C, (bStride === 0 ? 1 : batch) * k * n, rand)
      const got = new C(batch * m * n).fill(7) // must be overwritten, not accumulated
      const want = new C(batch * m * n)
      W.matmul(a, b, got, batch, m, k, n, ta, tb, aStride, bStride)
      jsBackend.matmul(a, b, want, batch, m, k, n, ta, tb, aStride, bStride)
      // float32 accumulates in float32 lanes: error ~ sqrt(k)·2⁻²⁴ relative to the terms (all ≤ 1 here)
      const tol = C === Float32Array ? 1e-5 * Math.sqrt(Math.max(k, 1)) : 1e-12
      let worst = 0
      for (let i = 0; i < want.length; i++) {
        const e = Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!))
        if (!(e <= worst)) worst = e // NaN fails
      }
      expect(worst, `${C.name} ${batch}×[${m},${k},${n}] transA=${ta} transB=${tb}`).toBeLessThanOrEqual(tol)
    }

    for (const [dname, C] of floats) {
      for (const [lname, ta, tb] of layouts) {
        it(`${dname} ${lname} agrees with the JS backend on odd shapes`, () => {
          shapes.forEach(([m, k, n], i) => check(C, 1, m, k, n, ta, tb, 0, 0, 100 + i))
        })
        it(`${dname} ${lname} batches with full strides, zero A stride and zero B stride`, () => {
          check(C, 3, 65, 33, 130, ta, tb, 65 * 33, 33 * 130, 1)
          check(C, 4, 33, 70, 21, ta, tb, 0, 70 * 21, 2)
          check(C, 2, 40, 300, 12, ta, tb, 40 * 300, 0, 3)
          check(C, 3, 7, 13, 5, ta, tb, 7 * 13, 0, 4)
          check(C, 2, 3, 0, 2, ta, tb, 0, 0, 5)
        })
      }
    }

    it('the shapes above exercise the SIMD path, its edges and the small path', () => {
      const simd = (m: number, k: number, n: number, F: 'f32' | 'f64'): boolean =>
        m * k * n >= MATMUL_MIN && m >= GEMM_BLOCK[F].mr && n >= GEMM_BLOCK[F].nr
      expect(shapes.filter(([m, k, n]) => simd(m, k, n, 'f32')).length).toBeGreaterThan(6)
      expect(shapes.some(([m, k, n]) => simd(m, k, n, 'f32') && m > BLOCKS.f32.mc && k > BLOCKS.f32.kc)).toBe(true)
      expect(shapes.some(([m, k, n]) => simd(m, k, n, 'f32') && n > BLOCKS.f32.nc)).toBe(true)
      expect(shapes.some(([m, , n]) => m % GEMM_BLOCK.f32.mr !== 0 && n % GEMM_BLOCK.f32.nr !== 0)).toBe(true)
      expect(shapes.some(([m, k, n]) => !simd(m, k, n, 'f32') && m * k * n > 0)).toBe(true)
    })

    it('float64 is bit-identical to the JS kernel (same sequential order, one rounding per operation)', () => {
      for (const [lname, ta, tb] of layouts) {
        for (const [m, k, n] of [[65, 130, 65], [130, 300, 67]] as const) {
          const rand = lcg(m + k + n)
          const a = randomArray(Float64Array, m * k, rand)
          const b = randomArray(Float64Array, k * n, rand)
          const got = new Float64Array(m * n)
          const want = new Float64Array(m * n)
          W.matmul(a, b, got, 1, m, k, n, ta, tb, 0, 0)
          jsBackend.matmul(a, b, want, 1, m, k, n, ta, tb, 0, 0)
          expect(firstMismatch(got, want), lname).toBe(-1)
        }
      }
    })

    it('products too small or too thin to pack (matrix-vector) are the JS kernel\'s, bit for bit', () => {
      for (const [m, k, n, C] of [
        [7, 7, 7, Float32Array], [31, 32, 32, Float32Array], [1, 1024, 65, Float32Array], [65, 1024, 1, Float32Array],
        [3, 600, 300, Float32Array], [100, 100, 1, Float32Array], [101, 99, 1, Float64Array], [1, 300, 257, Float64Array],
      ] as const) {
        expect(m * k * n < MATMUL_MIN || m < GEMM_BLOCK.f32.mr || n < GEMM_BLOCK.f32.nr).toBe(true)
        const rand = lcg(m * 31 + n)
        const a = randomArray(C, m * k, rand)
        const b = randomArray(C, k * n, rand)
        for (const [lname, ta, tb] of layouts) {
          const got = new C(m * n)
          const want = new C(m * n)
          W.matmul(a, b, got, 1, m, k, n, ta, tb, 0, 0)
          jsBackend.matmul(a, b, want, 1, m, k, n, ta, tb, 0, 0)
          expect(firstMismatch(got, want), `[${m},${k},${n}] ${lname}`).toBe(-1)
        }
      }
    })

    it('float32 accumulates in float32 on the SIMD path (documented departure from the JS kernel)', () => {
      // 1e8 + 1 rounds back to 1e8 in float32, so the 1 is lost; a double accumulator keeps it
      const [m, k, n] = [32, 33, 32]
      const a = new Float32Array(m * k)
      const b = new Float32Array(k * n).fill(1)
      for (let i = 0; i < m; i++) a.set([1e8, 1, -1e8], i * k)
      const got = new Float32Array(m * n)
      const want = new Float32Array(m * n)
      W.matmul(a, b, got, 1, m, k, n, false, false, 0, 0)
      jsBackend.matmul(a, b, want, 1, m, k, n, false, false, 0, 0)
      expect(got[0]).toBe(0)
      expect(want[0]).toBe(1)
    })

    it('gives the same bits on every run, whatever ran before (memory reuse and growth)', () => {
      const rand = lcg(5)
      const a = randomArray(Float32Array, 2 * 90 * 200, rand)
      const b = randomArray(Float32Array, 200 * 50, rand)
      const run = (): Float32Array => {
        const out = new Float32Array(2 * 90 * 50)
        W.matmul(a, b, out, 2, 90, 200, 50, false, true, 90 * 200, 0)
        return out
      }
      const first = bits(run())
      expect(bits(run())).toEqual(first)
      const big = randomArray(Float32Array, 600 * 600, rand) // forces the memory to grow
      W.matmul(big, big, new Float32Array(600 * 600), 1, 600, 600, 600, true, false, 0, 0)
      expect(bits(run())).toEqual(first)
    })

    it('propagates NaN and Infinity like the JS kernel', () => {
      for (const [, C] of floats) {
        const a = new C(40 * 40).fill(1)
        const b = new C(40 * 40).fill(1)
        a[0] = NaN
        b[40 * 40 - 1] = Infinity
        const out = new C(40 * 40)
        W.matmul(a, b, out, 1, 40, 40, 40, false, false, 0, 0)
        expect(out[0]).toBeNaN()
        expect(out[1]).toBeNaN()
        expect(out[40]).toBe(40)
        expect(out[40 * 40 - 1]).toBe(Infinity)
      }
    })

    it('falls back to the JS kernel for int32', () => {
      const rand = lcg(3)
      const a = Int32Array.from({ length: 64 * 64 }, () => Math.floor(rand() * 2 ** 32) | 0)
      const got = new Int32Array(64 * 64)
      const want = new Int32Array(64 * 64)
      W.matmul(a, a, got, 1, 64, 64, 64, false, true, 0, 0)
      jsBackend.matmul(a, a, want, 1, 64, 64, 64, false, true, 0, 0)
      expect(Array.from(got)).toEqual(Array.from(want))
    })
  })

  describe('elementwise', () => {
    // below the threshold, just past it, one and several chunks, ragged ends
    const sizes = (F: FloatCtor): number[] => {
      const chunk = CHUNK / F.BYTES_PER_ELEMENT
      return [0, 1, 7, ELEMENTWISE_MIN - 1, ELEMENTWISE_MIN, ELEMENTWISE_MIN + 3, 65 * 130, chunk, 2 * chunk + 5]
    }

    for (const [dname, C] of floats) {
      for (const op of BINARY_KERNELS) {
        it(`${dname} ${op} is bit-identical to the JS kernel: equal shapes, scalar right, scalar left`, () => {
          for (const n of sizes(C)) {
            const rand = lcg(n + op.length)
            const a = specialArray(C, n, rand)
            const b = specialArray(C, n, rand)
            const s = new C([C === Float32Array ? 0.3 : -1.7])
            const cases: ReadonlyArray<[FloatArray, number[], FloatArray, number[]]> = [
              [a, [1], b, [1]],
              [a, [1], s, [0]],
              [s, [0], b, [1]],
            ]
            for (const [x, xs, y, ys] of cases) {
              const got = new C(n)
              const want = new C(n)
              W.binary(op as BinaryOp, x, xs, y, ys, [n], got)
              jsBackend.binary(op as BinaryOp, x, xs, y, ys, [n], want)
              expect(firstMismatch(got, want), `${op} n=${n} strides ${xs} ${ys}`).toBe(-1)
            }
          }
        })
      }

      for (const op of UNARY_KERNELS) {
        it(`${dname} ${op} is bit-identical to the JS kernel`, () => {
          for (const n of sizes(C)) {
            const x = specialArray(C, n, lcg(n + 11))
            const got = new C(n)
            const want = new C(n)
            W.unary(op as UnaryOp, x, got)
            jsBackend.unary(op as UnaryOp, x, want)
            expect(firstMismatch(got, want), `${op} n=${n}`).toBe(-1)
          }
        })
      }
    }

    it('maximum, minimum and relu keep the JS semantics for NaN and signed zeros', () => {
      const n = ELEMENTWISE_MIN
      const x = new Float32Array(n)
      const y = new Float32Array(n)
      const pairs: ReadonlyArray<[number, number]> = [[0, -0], [-0, 0], [NaN, 1], [1, NaN], [-Infinity, NaN]]
      pairs.forEach(([p, q], i) => {
        x[i] = p
        y[i] = q
      })
      for (const op of ['maximum', 'minimum'] as const) {
        const out = new Float32Array(n)
        W.binary(op, x, [1], y, [1], [n], out)
        expect(Object.is(out[0], -0)).toBe(true) // x > y is false for 0 > -0, so y
        expect(Object.is(out[1], 0)).toBe(true)
        expect(out[2]).toBeNaN()
        expect(out[3]).toBeNaN()
        expect(out[4]).toBeNaN()
      }
      const r = new Float32Array(n)
      W.unary('relu', x, r)
      expect(Object.is(r[1], 0)).toBe(true) // relu(-0) = +0
      expect(r[2]).toBeNaN()
    })

    it('compares floats into bools as the JS kernel does (NaN, ±0, ±∞, ties; equal shapes and scalars)', () => {
      const specials = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5]
      for (const [dname, C] of floats) {
        for (const n of [ELEMENTWISE_MIN, 4099, 70_001]) {
          const rand = lcg(n)
          // values from a small set, so that ties and specials meet often
          const pick = (): number => (rand() < 0.5 ? specials[Math.floor(rand() * specials.length)]! : Math.round(rand() * 8) / 4)
          const x = new C(n).map(pick)
          const y = new C(n).map(pick)
          for (const op of ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const) {
            for (const [name, xs, sx, ys, sy] of [
              ['vv', x, [1], y, [1]], ['vs', x, [1], C.of(0), [0]], ['sv', C.of(NaN), [0], y, [1]], ['vs -0', x, [1], C.of(-0), [0]],
            ] as const) {
              const got = new Uint8Array(n).fill(7)
              const want = new Uint8Array(n)
              W.binary(op, xs, sx, ys, sy, [n], got)
              jsBackend.binary(op, xs, sx, ys, sy, [n], want)
              expect(got.findIndex((v, i) => v !== want[i]), `${dname} ${op} ${name} n=${n}`).toBe(-1)
            }
          }
        }
      }
    })

    it('broadcasts a repeated row (a bias) row by row, bit-identical to the JS kernel', () => {
      // rows of 16 to 8192 elements, not multiples of a v128, behind one or two leading axes, either side
      const cases: ReadonlyArray<[ReadonlyArray<number>, number]> = [[[300, 17], 1], [[128, 256], 1], [[9, 1000], 1], [[2, 70, 33], 2], [[3, 8192], 1]]
      for (const [dname, C] of floats) {
        cases.forEach(([shape, lead], t) => {
          const n = shape.reduce((x, y) => x * y, 1)
          const block = shape.slice(lead).reduce((x, y) => x * y, 1)
          const rand = lcg(t + 90)
          const full = randomArray(C, n, rand)
          const row = randomArray(C, block, rand)
          const fullS = shape.map((_, i) => shape.slice(i + 1).reduce((x, y) => x * y, 1))
          const rowS = fullS.map((st, i) => (i < lead ? 0 : st))
          for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const) {
            for (const rowFirst of [false, true]) {
              const got = new C(n).fill(NaN)
              const want = new C(n)
              const args = rowFirst ? [row, rowS, full, fullS] as const : [full, fullS, row, rowS] as const
              W.binary(op, args[0], args[1], args[2], args[3], shape, got)
              jsBackend.binary(op, args[0], args[1], args[2], args[3], shape, want)
              expect(firstMismatch(got, want), `${dname} ${op} [${shape}] row ${rowFirst ? 'first' : 'second'}`).toBe(-1)
            }
          }
        })
      }
    })

    it('falls back to the JS kernels for ints, bools, casts, broadcasting and transcendental functions', () => {
      const n = 2 * ELEMENTWISE_MIN
      const rand = lcg(8)
      const ints = Int32Array.from({ length: n }, () => Math.floor(rand() * 200) - 100)
      const got = new Int32Array(n)
      const want = new Int32Array(n)
      W.binary('add', ints, [1], ints, [1], [n], got)
      jsBackend.binary('add', ints, [1], ints, [1], [n], want)
      expect(Array.from(got)).toEqual(Array.from(want))

      const x = randomArray(Float32Array, n, rand)
      const row = randomArray(Float32Array, 64, rand)
      // [n/64, 64] + [64]: a broadcast that is neither equal shapes nor a scalar
      const g = new Float32Array(n)
      const w = new Float32Array(n)
      W.binary('mul', x, [64, 1], row, [0, 1], [n / 64, 64], g)
      jsBackend.binary('mul', x, [64, 1], row, [0, 1], [n / 64, 64], w)
      expect(firstMismatch(g, w)).toBe(-1)

      for (const op of ['exp', 'tanh', 'log', 'sigmoid', 'sign'] as const) {
        const gu = new Float32Array(n)
        const wu = new Float32Array(n)
        W.unary(op, x, gu)
        jsBackend.unary(op, x, wu)
        expect(firstMismatch(gu, wu), op).toBe(-1)
      }

      // a cast on store (float32 in, float64 out); comparisons (bool out) run in wasm and agree
      const cast = new Float64Array(n)
      const castJs = new Float64Array(n)
      W.unary('neg', x, cast)
      jsBackend.unary('neg', x, castJs)
      expect(firstMismatch(cast, castJs)).toBe(-1)
      const lt = new Uint8Array(n)
      const ltJs = new Uint8Array(n)
      W.binary('less', x, [1], x.slice().reverse(), [1], [n], lt)
      jsBackend.binary('less', x, [1], x.slice().reverse(), [1], [n], ltJs)
      expect(Array.from(lt)).toEqual(Array.from(ltJs))
    })
  })

  describe('sum', () => {
    const shapes: ReadonlyArray<[number, number, number]> = [
      [1, 0, 1], [1, 7, 1], [1, 4096, 1], [1, 4103, 1], [3, 65 * 130, 1], [1000, 7, 1], [65, 130, 1],
      [1, 4096, 2], [7, 65, 130], [2, 130, 65], [5, 1000, 3],
    ]

    for (const [dname, C] of floats) {
      it(`${dname} agrees with the JS kernel, and is exact to it over inner axes`, () => {
        shapes.forEach(([outer, n, inner], t) => {
          const x = randomArray(C, outer * n * inner, lcg(t + 40))
          const got = new C(outer * inner).fill(7)
          const want = new C(outer * inner)
          W.reduce('sum', x, outer, n, inner, got)
          jsBackend.reduce('sum', x, outer, n, inner, want)
          if (inner > 1) {
            expect(firstMismatch(got, want), `[${outer},${n},${inner}]`).toBe(-1)
            return
          }
          // float64 lanes for both dtypes: a reordering error of ~n·2⁻⁵³ relative to Σ|x|
          for (let o = 0; o < outer; o++) {
            let abs = 0
            for (let i = 0; i < n; i++) abs += Math.abs(x[o * n + i]!)
            const tol = C === Float32Array ? 2 ** -24 * Math.abs(want[o]!) + 1e-12 * abs : 1e-12 * Math.max(abs, 1)
            expect(Math.abs(got[o]! - want[o]!), `[${outer},${n},1] row ${o}`).toBeLessThanOrEqual(tol)
          }
        })
      })
    }

    it('gives the same bits on every run', () => {
      const x = randomArray(Float64Array, 3 * 50_001, lcg(2))
      const run = (): Float64Array => {
        const out = new Float64Array(3)
        W.reduce('sum', x, 3, 50_001, 1, out)
        return out
      }
      const first = bits(run())
      for (let i = 0; i < 3; i++) expect(bits(run())).toEqual(first)
    })

    it('falls back to the JS kernel for other reductions and for ints', () => {
      const x = randomArray(Float32Array, 8192, lcg(4))
      for (const op of ['prod', 'argmax', 'argmin'] as const) {
        const isArg = op === 'argmax' || op === 'argmin'
        const got = isArg ? new Int32Array(4) : new Float32Array(4)
        const want = isArg ? new Int32Array(4) : new Float32Array(4)
        W.reduce(op, x, 4, 2048, 1, got)
        jsBackend.reduce(op, x, 4, 2048, 1, want)
        expect(Array.from(got), op).toEqual(Array.from(want))
      }
      const ints = Int32Array.from({ length: 8192 }, (_, i) => (i * 7919) % 1000)
      const g = new Int32Array(1)
      const w = new Int32Array(1)
      W.reduce('sum', ints, 1, 8192, 1, g)
      jsBackend.reduce('sum', ints, 1, 8192, 1, w)
      expect(g[0]).toBe(w[0])
      W.reduce('max', ints, 1, 8192, 1, g)
      jsBackend.reduce('max', ints, 1, 8192, 1, w)
      expect(g[0]).toBe(w[0])
    })
  })

  describe('max and min', () => {
    // [outer, n, inner]: rows (inner = 1) and columns, just below and past ELEMENTWISE_MIN, with
    // lengths and widths that are not multiples of the lanes or of a row's 4 accumulators
    const shapes: ReadonlyArray<[number, number, number]> = [
      [1, ELEMENTWISE_MIN - 1, 1], [1, ELEMENTWISE_MIN, 1], [1, ELEMENTWISE_MIN + 7, 1], [1000, 7, 1], [65, 131, 1],
      [3, 1365, 1], [1, ELEMENTWISE_MIN / 2 - 1, 2], [1, ELEMENTWISE_MIN / 2, 2], [5, 1000, 3], [7, 65, 130],
      [2, 131, 65], [1, 70, 61],
    ]

    /** A quiet NaN with payload k (negative for odd k) at x[i], written through its bits. */
    const putNaN = (x: FloatArray, i: number, k: number): void => {
      const u = new Uint32Array(x.buffer, x.byteOffset)
      const sign = k % 2 === 1 ? 0x80000000 : 0
      if (x instanceof Float32Array) u[i] = (sign | 0x7fc00000 | (k & 0xffff)) >>> 0
      else [u[2 * i], u[2 * i + 1]] = [k, (sign | 0x7ff80000) >>> 0]
    }

    /** Inputs for `op`: the extreme must come out bit for bit, NaN payload and sign of zero included. */
    const fills: ReadonlyArray<[string, (x: FloatArray, op: 'max' | 'min', rand: () => number) => void]> = [
      ['random', (x, _, rand) => x.forEach((_, i) => (x[i] = rand() * 2 - 1))],
      ['specials', (x, _, rand) => x.set(specialArray(x.constructor as FloatCtor, x.length, rand))],
      // the extreme is 0 with ±0 ties, so which zero comes first decides the sign
      ['signed zeros', (x, op, rand) => x.forEach((_, i) => {
        const r = rand()
        x[i] = r < 0.2 ? (op === 'max' ? -r : r) : r < 0.6 ? 0 : -0
      })],
      // a few NaNs of different payloads, zeros around them: the first NaN must win
      ['NaNs', (x, _, rand) => x.forEach((_, i) => {
        const r = rand()
        if (r < 0.003) putNaN(x, i, Math.floor(rand() * 1000))
        else x[i] = r < 0.3 ? 0 : r < 0.5 ? -0 : r - 0.6
      })],
      ['all -Infinity', (x) => x.fill(-Infinity)],
      ['all +Infinity', (x) => x.fill(Infinity)],
    ]

    /** The index of the first element whose bits differ, or -1. */
    const firstBitMismatch = (got: FloatArray, want: FloatArray): number => {
      const [g, w] = [bits(got), bits(want)]
      for (let i = 0; i < w.length; i++) if (g[i] !== w[i]) return Math.floor(i / want.BYTES_PER_ELEMENT)
      return g.length === w.length ? -1 : 0
    }

    for (const [dname, C] of floats) {
      it(`${dname} max and min over rows and columns are bit-identical to the JS kernel`, () => {
        const seen = { nan: 0, negZero: 0, posZero: 0 }
        for (const op of ['max', 'min'] as const) {
          shapes.forEach(([outer, n, inner], t) => {
            for (const [fname, fill] of fills) {
              const x = new C(outer * n * inner)
              fill(x, op, lcg(t * 31 + fname.length))
              const got = new C(outer * inner).fill(7)
              const want = new C(outer * inner)
              W.reduce(op, x, outer, n, inner, got)
              jsBackend.reduce(op, x, outer, n, inner, want)
              const i = firstBitMismatch(got, want)
              const show = (v: number | undefined): string => (Object.is(v, -0) ? '-0' : String(v))
              expect(i, `${op} [${outer},${n},${inner}] ${fname}: element ${i} is ${show(got[i])}, JS ${show(want[i])}`).toBe(-1)
              for (const v of want) {
                if (Number.isNaN(v)) seen.nan++
                else if (Object.is(v, -0)) seen.negZero++
                else if (Object.is(v, 0)) seen.posZero++
              }
            }
          })
        }
        // the data above does reach the cases that need care
        expect(seen.nan).toBeGreaterThan(100)
        expect(seen.negZero).toBeGreaterThan(100)
        expect(seen.posZero).toBeGreaterThan(100)
      })
    }
  })

  it('delegates every other kernel to the JS backend', () => {
    for (const k of ['where', 'transpose', 'solve', 'triangularSolve', 'cholesky', 'inv', 'slogdet', 'det', 'qr'] as const) {
      expect(W[k]).toBe(jsBackend[k])
    }
  })
})
