/**
 * Where vmap is not bit-identical to the loop, and by how much: float32 matmul
 * of per-example vectors against a shared matrix on the wasm backend. The
 * batched rule merges the examples' rows into one product; the wasm backend
 * runs a product with a full register block of rows on its packed SIMD kernel
 * (float32 running sums), and a one-row product on the unpacked kernel (double
 * running sums), so the two round differently. The bound is float32's
 * summation bound, k·2⁻²⁴ relative to Σ|a·b|. float64 (and the JS backend) is
 * bit for bit.
 */
import { describe, expect, it } from 'vitest'
import { abs, backend, matmul, random, stack, take, vmap, type Tensor } from '../src/index.js'

const [k1, k2] = random.split(random.key(7), 2)

const loop = (f: (x: Tensor) => Tensor, xs: Tensor): Tensor => stack(Array.from({ length: xs.shape[0]! }, (_, b) => f(take(xs, b, 0))))

describe('vmap numerics', () => {
  it('float64 matmul of per-example vectors is bit for bit the loop', () => {
    const xs = random.normal(k1, [16, 300], { dtype: 'float64' })
    const w = random.normal(k2, [300, 40], { dtype: 'float64' })
    const f = (x: Tensor) => matmul(x, w)
    expect(Array.from(vmap(f)(xs).data())).toEqual(Array.from(loop(f, xs).data()))
  })

  it('float32 matmul of per-example vectors is within k·2⁻²⁴·Σ|a·b| of the loop (bit for bit on the JS backend)', () => {
    const k = 784
    const xs = random.normal(k1, [16, k])
    const w = random.normal(k2, [k, 64])
    const f = (x: Tensor) => matmul(x, w)
    const got = vmap(f)(xs).data()
    const want = loop(f, xs).data()
    const scale = matmul(abs(xs), abs(w)).data() // Σ|a·b| per element
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(k * 2 ** -24 * scale[i]!)
    if (backend() === 'js') expect(Array.from(got)).toEqual(Array.from(want))
  })
})
