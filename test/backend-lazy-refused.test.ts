/**
 * An engine that validates WebAssembly SIMD but refuses to compile the module
 * (none is known; the wasm backend still guards it): `WebAssembly.Module` is
 * replaced, before the package loads, by one that throws. The lazily built
 * module then fails on the first large op, which runs on JS instead, and from
 * then on the backend reports 'js' and gives the JS kernels' bits.
 */
import { afterAll, describe, expect, it } from 'vitest'

const wasm = (globalThis as { WebAssembly?: { Module: new (bytes: Uint8Array) => object } }).WebAssembly
const realModule = wasm?.Module
let attempts = 0
if (wasm !== undefined && realModule !== undefined)
  wasm.Module = new Proxy(realModule, {
    construct: () => {
      attempts++
      throw new RangeError('WebAssembly.Module(): synchronous compilation refused (test)')
    },
  })
afterAll(() => {
  if (wasm !== undefined && realModule !== undefined) wasm.Module = realModule
})

const { wasmBackend } = await import('../src/backend/wasm/index.js')
const { jsBackend } = await import('../src/backend/js/index.js')

describe.skipIf(wasmBackend === null)('the wasm module refused at its lazy build', () => {
  it('a large op runs on JS with its bits, the build is tried once, and the name is js', () => {
    expect(attempts).toBe(0)
    const n = 10_000
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 3)
    for (const op of ['exp', 'sqrt'] as const) {
      const got = new Float32Array(n)
      const want = new Float32Array(n)
      wasmBackend!.unary(op, x, got)
      jsBackend.unary(op, x, want)
      expect(Array.from(got)).toEqual(Array.from(want))
    }
    const a = Float32Array.from({ length: 96 * 96 }, (_, i) => Math.cos(i))
    const got = new Float32Array(96 * 96)
    const want = new Float32Array(96 * 96)
    wasmBackend!.matmul(a, a, got, 1, 96, 96, 96, false, false, 0, 0)
    jsBackend.matmul(a, a, want, 1, 96, 96, 96, false, false, 0, 0)
    expect(Array.from(got)).toEqual(Array.from(want))
    expect(attempts).toBe(1)
    expect(wasmBackend!.name).toBe('js')
  })
})
