/**
 * The wasm module is built on first use, not at import (issue 12: importing the
 * core within 0.2 s). `WebAssembly.Module` is wrapped in a counting proxy before
 * the package is imported (this file's own module registry: vitest isolates
 * files), and the count shows when the module is compiled: never by the import or
 * by small ops, once by the first large op, and never again.
 */
import { afterAll, describe, expect, it } from 'vitest'

const wasm = (globalThis as { WebAssembly?: { Module: new (bytes: Uint8Array) => object; validate(b: Uint8Array): boolean } }).WebAssembly
const realModule = wasm?.Module
let compiled = 0
// `validate` of the SIMD probe runs at load; only a `new WebAssembly.Module` compiles.
if (wasm !== undefined && realModule !== undefined)
  wasm.Module = new Proxy(realModule, { construct: (target, args) => (compiled++, Reflect.construct(target, args)) })
afterAll(() => {
  if (wasm !== undefined && realModule !== undefined) wasm.Module = realModule
})

const fx = await import('../src/index.js')
const { wasmBackend } = await import('../src/backend/wasm/index.js')
const { jsBackend } = await import('../src/backend/js/index.js')

describe.skipIf(wasmBackend === null || process.env['FLUXION_BACKEND'] === 'js')('the wasm module is built lazily', () => {
  it('importing the package compiles no module, and small ops build none', () => {
    expect(compiled).toBe(0)
    const y = fx.add(fx.tensor([1, 2, 3]), fx.tensor([4, 5, 6]))
    expect(y.toArray()).toEqual([5, 7, 9])
    expect(compiled).toBe(0)
  })

  it('the first large op builds it once, with the JS backend\'s float64 bits', () => {
    const n = 10_000 // above the elementwise threshold: the SIMD kernel runs
    const a = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3)
    const b = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.7) / 3)
    const got = new Float64Array(n)
    wasmBackend!.binary('div', a, [1], b, [1], [n], got)
    expect(compiled).toBe(1)
    const want = new Float64Array(n)
    jsBackend.binary('div', a, [1], b, [1], [n], want)
    expect(Array.from(got)).toEqual(Array.from(want))
    wasmBackend!.unary('sqrt', a.map(Math.abs), got)
    expect(compiled).toBe(1)
  })

  it('backend() names the kernels that run: wasm, once built', () => {
    expect(fx.backend()).toBe('wasm')
    expect(compiled).toBe(1)
  })
})
