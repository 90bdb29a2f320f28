/**
 * Batched matmuls with k = 1 (a batch of outer products: per-example weight
 * gradients under vmap are these). The JS kernel writes them by a direct path;
 * these tests hold that path to the bits of the general kernel's ordered sum
 * (+0, then one product, rounded once to the output dtype), on every layout,
 * with broadcast operands (stride 0), signed zeros, infinities and NaN, and
 * that the wasm backend (which keeps its own kernels) gives the same bits.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED } from '../laws/approx.js'
import { jsBackend } from '../src/backend/js/index.js'
import { wasmBackend } from '../src/backend/wasm/index.js'
import { grad, matmul, sum, tensor, vmap, mul, type Tensor } from '../src/index.js'

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor

/** The general kernel's sum for one k-step: a double starting at +0, one product, stored in the output's dtype. */
const reference = (C: Ctor, a: ArrayLike<number>, b: ArrayLike<number>, batch: number, m: number, n: number, aStride: number, bStride: number) => {
  const out = new C(batch * m * n)
  for (let q = 0; q < batch; q++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0
        s += a[q * aStride + i]! * b[q * bStride + j]!
        out[(q * m + i) * n + j] = s
      }
  return out
}

const bits = (x: Float32Array | Float64Array): Uint8Array => new Uint8Array(x.buffer, x.byteOffset, x.byteLength)
const sameBits = (x: Float32Array | Float64Array, y: Float32Array | Float64Array): boolean =>
  x.length === y.length && bits(x).every((v, i) => v === bits(y)[i])

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 1e-300, -3.5e38]
const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(...SPECIALS) },
)

describe('matmul with k = 1 (batched outer products)', () => {
  it('the JS kernel gives the ordered sum +0 + a·b, bit for bit, on every layout and with broadcast operands', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Ctor>(Float32Array, Float64Array),
        fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }),
        fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(),
        fc.array(value, { minLength: 4 * 9, maxLength: 4 * 9 }), fc.array(value, { minLength: 4 * 9, maxLength: 4 * 9 }),
        (C, batch, m, n, transA, transB, shareA, shareB, av, bv) => {
          const a = C.from(av.slice(0, (shareA ? 1 : batch) * m))
          const b = C.from(bv.slice(0, (shareB ? 1 : batch) * n))
          const [aStride, bStride] = [shareA ? 0 : m, shareB ? 0 : n]
          const got = new C(batch * m * n).fill(7) // overwritten, not accumulated
          jsBackend.matmul(a, b, got, batch, m, 1, n, transA, transB, aStride, bStride)
          expect(sameBits(got, reference(C, a, b, batch, m, n, aStride, bStride))).toBe(true)
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('a -0 product is stored as +0, as the running sum from +0 gives it', () => {
    const got = new Float64Array(2)
    jsBackend.matmul(Float64Array.of(-0, 2), Float64Array.of(1), got, 1, 2, 1, 1, false, false, 0, 0)
    expect(Object.is(got[0], 0)).toBe(true)
    expect(got[1]).toBe(2)
  })

  it.skipIf(wasmBackend === null)('the wasm backend gives the JS bits for large outer products (float32 and float64)', () => {
    for (const C of [Float32Array, Float64Array] as const) {
      const [batch, m, n] = [3, 130, 70] // past the wasm kernels' thresholds: its packed path runs
      const a = C.from(Array.from({ length: batch * m }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 3)))
      const b = C.from(Array.from({ length: batch * n }, (_, i) => (i % 11 === 0 ? -0 : Math.cos(i * 0.3) * 3)))
      for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const want = new C(batch * m * n)
        const got = new C(batch * m * n)
        jsBackend.matmul(a, b, want, batch, m, 1, n, transA, transB, m, n)
        wasmBackend!.matmul(a, b, got, batch, m, 1, n, transA, transB, m, n)
        expect(sameBits(got, want), `${C.name} transA=${transA} transB=${transB}`).toBe(true)
      }
    }
  })

  it('per-example weight gradients by vmap(grad) are the bits of a loop of grads (float64)', () => {
    const w = tensor(Float64Array.from({ length: 6 * 5 }, (_, i) => Math.sin(i) / 3), { shape: [6, 5] })
    const xs = tensor(Float64Array.from({ length: 4 * 6 }, (_, i) => Math.cos(i * 0.7)), { shape: [4, 6] })
    const loss = (w: Tensor, x: Tensor): Tensor => { const z = matmul(x, w); return sum(mul(z, z)) }
    const batched = vmap(grad(loss), { inAxes: [null, 0] })(w, xs)
    const rows = Array.from({ length: 4 }, (_, b) => grad(loss)(w, tensor(xs.data().slice(b * 6, b * 6 + 6))).data() as Float64Array)
    const loop = new Float64Array(4 * 30)
    rows.forEach((r, b) => loop.set(r, b * 30))
    expect(batched.shape).toEqual([4, 6, 5])
    expect(sameBits(batched.data() as Float64Array, loop)).toBe(true)
  })
})
