/**
 * exp, tanh and sigmoid on float32 in WebAssembly SIMD (`wasm/transcendental.ts`)
 * against the JS kernel (`Math.exp`, `Math.tanh` in double, rounded once to
 * float32): the same float32 except, rarely, in the last bit, and the same
 * special values.
 */
import { describe, expect, it } from 'vitest'
import { jsBackend } from '../src/backend/js/index.js'
import { wasmBackend } from '../src/backend/wasm/index.js'
import { TRANSCENDENTAL_KERNELS } from '../src/backend/wasm/emit/transcendental.js'

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1e-30, -1e-30, 1e-5, -1e-5, 9.999e-5, 1.0001e-4, 88.72, 88.73, -87.3,
  -103.9, -104, -120, 120, 200, -200, 0.5, -0.5, 1, -1, 20, -20, 3.4e38, -3.4e38, 1.4e-45]

/** n float32 values: the special ones, then pseudo-random ones over several ranges. */
const inputs = (n: number): Float32Array => {
  const x = new Float32Array(n)
  x.set(SPECIAL)
  let s = 20261130
  for (let i = SPECIAL.length; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    const u = s / 2 ** 32 - 0.5
    x[i] = u * (i % 5 === 0 ? 240 : i % 5 === 1 ? 2e-4 : i % 5 === 2 ? 40 : 4)
  }
  return x
}

/** Distance in float32 units in the last place (same sign assumed; 0 for two NaNs). */
const ulps = (a: number, b: number): number => {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity
  if (a === b) return Object.is(a, b) ? 0 : Infinity // +0 vs -0 counts as a miss
  const i = new Int32Array(new Float32Array([a, b]).buffer)
  return Math.abs(i[0]! - i[1]!)
}

describe.skipIf(wasmBackend === null)('float32 exp, tanh and sigmoid in wasm', () => {
  const n = 1 << 18 // above the size where elementwise ops go to wasm, several chunks long
  const x = inputs(n)
  for (const op of TRANSCENDENTAL_KERNELS) {
    it(`${op} is the JS kernel's float32 but for rare last-bit differences`, () => {
      const want = new Float32Array(n)
      const got = new Float32Array(n)
      jsBackend.unary(op, x, want)
      wasmBackend!.unary(op, x, got)
      let differing = 0
      let worst = 0
      for (let i = 0; i < n; i++) {
        const d = ulps(want[i]!, got[i]!)
        if (d > ulps(want[worst]!, got[worst]!)) worst = i
        if (d !== 0) differing++
      }
      expect(ulps(want[worst]!, got[worst]!), `${op}(${x[worst]}): JS ${want[worst]}, wasm ${got[worst]}`).toBeLessThanOrEqual(1)
      expect(differing).toBeLessThanOrEqual(2) // measured 0 of 262144 here
      // the special values exactly, sign of zero included
      SPECIAL.forEach((v, i) => expect(Object.is(got[i], want[i]) || (Number.isNaN(got[i]!) && Number.isNaN(want[i]!)), `${op}(${v})`).toBe(true))
    })
  }

  it('leaves float64 to the JS kernel (Math.exp is the reference there)', () => {
    const x64 = Float64Array.from(x)
    const want = new Float64Array(n)
    const got = new Float64Array(n)
    jsBackend.unary('exp', x64, want)
    wasmBackend!.unary('exp', x64, got)
    expect(got).toEqual(want)
  })
})
