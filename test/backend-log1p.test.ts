/**
 * The `log1p` pass of float32 erfinv on the wasm backend (`wasm/log1p.ts`, a
 * port of V8's `Math.log1p`) gives `Math.log1p`'s float64 bit for bit, and the
 * JS loop's float32 `-log1p(f(-x²))`: over a dense sample of the float32s in
 * (-1, 0] (every 211th, plus runs at every branch point of fdlibm's code), for
 * several lengths; and `random.normal` draws what it drew when pass 1 was the
 * JS loop. (An exhaustive run over all 2³⁰ float32s in (-1, 0] found no
 * difference either.)
 */
import { describe, expect, it } from 'vitest'
import { gilesBatch32, log1pNegSq32 } from '../src/backend/js/erfinv32.js'
import { wasmBackend } from '../src/backend/wasm/index.js'
import { log1pF32, log1pNegSq32 as log1pPass } from '../src/backend/wasm/log1p.js'
import { runtime } from '../src/backend/wasm/runtime.js'
import { random } from '../src/index.js'
import { nextUp32 } from '../src/random/erfinv.js'

const f = Math.fround
/** The wasm backend's log1p pass alone. */
const log1pWasm = (xs: Float32Array, ws: Float32Array): void => log1pPass(runtime!)(xs, ws)
const NEG_ONE = 0xbf800000 // the bits of -1
const SIGN = 0x80000000

const bitsOf = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0]!

/** float32 values in (-1, 0]: a dense sample and runs of 2^12 patterns around each branch point. */
const inputs = (): Float32Array => {
  const bits: number[] = []
  for (let b = SIGN; b < NEG_ONE; b += 211) bits.push(b)
  const around = (x: number): void => {
    const c = bitsOf(x)
    for (let b = Math.max(SIGN, c - 2048); b < Math.min(NEG_ONE, c + 2048); b++) bits.push(b)
  }
  around(-0) // -0 and the subnormals
  around(-(2 ** -54)) // |x| < 2^-54: log1p(x) = x
  around(-(2 ** -29)) // |x| < 2^-29: x - x²/2
  around(-0.29289388656616211) // high word 0xBFD2BEC4 / 0xBFD2BEC5: f = x or the correction path
  around(-(1 - Math.SQRT1_2)) // 2(1 + x) near √2 (the reduction's k back to 0)
  for (let j = 1; j <= 24; j++) around(-(1 - 2 ** -j)) // 1 + x a power of 2: f = 0, |f| < 2^-20
  around(-1 + 2 ** -23) // the last ones before -1
  return new Float32Array(new Uint32Array(bits).buffer)
}

/** The index of the first element whose bits differ, or -1. */
const firstDiff = (a: Float32Array | Float64Array, b: Float32Array | Float64Array): number => {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4)
  const y = new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4)
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return Math.floor(i / (a.BYTES_PER_ELEMENT / 4))
  return -1
}

describe('Math.log1p on wasm', () => {
  const vs = inputs()

  it.skipIf(runtime === null)(`gives Math.log1p's float64 bit for bit on ${vs.length} float32s in (-1, 0]`, () => {
    const want = new Float64Array(vs.length)
    for (let i = 0; i < vs.length; i++) want[i] = Math.log1p(vs[i]!)
    const got = new Float64Array(vs.length)
    log1pF32(runtime!, vs, got)
    const i = firstDiff(want, got)
    expect(i, i < 0 ? '' : `v = ${vs[i]}: Math.log1p ${want[i]}, wasm ${got[i]}`).toBe(-1)
  })

  it.skipIf(wasmBackend === null)('gives the JS loop\'s -log1p(f(-x²)) for x of either sign, at every length', () => {
    // x with f(-x²) spread over (-1, 0], and ±1 (-log1p(-1) = ∞)
    const xs = new Float32Array(vs.length + 2)
    xs.set(vs.map((v, i) => f(Math.sqrt(-v)) * (i % 2 ? -1 : 1)))
    xs[vs.length] = 1
    xs[vs.length + 1] = -1
    const want = new Float32Array(xs.length)
    log1pNegSq32(xs, want)
    const got = new Float32Array(xs.length)
    log1pWasm(xs, got)
    const i = firstDiff(want, got)
    expect(i, i < 0 ? '' : `x = ${xs[i]}: JS ${want[i]}, wasm ${got[i]}`).toBe(-1)
    expect(got[xs.length - 1]).toBe(Infinity)
    for (const [start, n] of [[0, 1], [5, 7], [9, 63], [1, 64], [70001, 65], [3, 8191], [11, 8193], [2, 16387], [4, 40000]] as const) {
      const w1 = new Float32Array(n)
      const w2 = new Float32Array(n)
      log1pNegSq32(xs.subarray(start, start + n), w1)
      log1pWasm(xs.subarray(start, start + n), w2)
      expect(firstDiff(w1, w2), `length ${n} from ${start}`).toBe(-1)
    }
  })

  it('leaves random.normal as it was', () => {
    const k = random.key(0)
    const got = random.normal(k, [100000]).data() as Float32Array
    // both passes on the JS backend, over the uniforms normal draws
    const floats = random.uniform(k, [100000]).data() as Float32Array
    const lo = nextUp32(-1)
    const xs = floats.map((u) => f(f(u * f(1 - lo)) + lo))
    const ws = new Float32Array(xs.length)
    log1pNegSq32(xs, ws)
    gilesBatch32(xs, ws, f(Math.SQRT2))
    expect(firstDiff(xs, got)).toBe(-1)
    // and the hash of the draws before the pass moved (see backend-erfinv.test.ts)
    const u = new Uint32Array(got.buffer, got.byteOffset, got.length)
    let h = 0x811c9dc5
    for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i]!, 0x01000193) >>> 0
    expect(h).toBe(0x06089808)
  })
})
