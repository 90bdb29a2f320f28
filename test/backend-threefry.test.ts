/**
 * threefry-2x32 on the wasm backend (`wasm/threefry.ts`, four counters per
 * i32x4 step) gives the JS kernel's words bit for bit, for any key, counter
 * offset and length (chunk boundaries and ragged tails included).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED } from '../laws/approx.js'
import { jsBackend } from '../src/backend/js/index.js'
import { wasmBackend } from '../src/backend/wasm/index.js'
import { THREEFRY_MIN } from '../src/backend/wasm/threefry.js'

const both = (k0: number, k1: number, hi: number, lo: number, len: number): [Int32Array[], Int32Array[]] =>
  [jsBackend, wasmBackend!].map((b) => {
    const y = [new Int32Array(len), new Int32Array(len)]
    b.threefry(k0, k1, hi, lo, len, y[0]!, y[1]!)
    return y
  }) as [Int32Array[], Int32Array[]]

describe.skipIf(wasmBackend === null)('threefry on wasm', () => {
  it('equals the JS kernel for random keys, counters and lengths', () => {
    const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 })
    fc.assert(
      fc.property(u32, u32, u32, fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: THREEFRY_MIN - 3, max: 20_000 }),
        (k0, k1, hi, lo, len) => {
          const [js, wasm] = both(k0, k1, hi, lo, len)
          return js.every((y, w) => y.every((v, i) => v === wasm[w]![i]))
        }),
      { seed: SEED, numRuns: 40 },
    )
  })

  it('covers the top of the counter range and the Random123 known answer', () => {
    const len = 9001
    const [js, wasm] = both(0xffffffff, 0x12345678, 7, 2 ** 32 - len, len)
    expect(Array.from(wasm[0]!)).toEqual(Array.from(js[0]!))
    expect(Array.from(wasm[1]!)).toEqual(Array.from(js[1]!))
    // key (0, 0), counters (0, 0..): the first words are Random123's answer for counter (0, 0)
    const [, z] = both(0, 0, 0, 0, 1024)
    expect([z[0]![0]! >>> 0, z[1]![0]! >>> 0]).toEqual([0x6b200159, 0x99ba4efe])
  })
})
