/**
 * The polynomial pass of float32 erfinv on the wasm backend (`wasm/erfinv.ts`)
 * gives the JS kernel's float32 (`gilesBatch32` of `backend/js/erfinv32.ts`) bit for
 * bit: over every 709th float32 in (-1, 1), every float32 of the last 2⁻⁷ below
 * ±1 (all of w ≥ 5 and the switch at w = 5), the run around w = 2.5 (where the
 * polynomial's argument has few bits and its float64 sums are often float32
 * midpoints), zero and subnormals, random values, and ±1; for several scales
 * and lengths (chunk boundaries and ragged tails); and for w that no x in
 * (-1, 1) gives but that make fma32's tie-break count. And `random.normal`
 * draws what it drew before the kernel moved to wasm.
 */
import { describe, expect, it } from 'vitest'
import { gilesPass } from '../src/backend/wasm/erfinv.js'
import { wasmBackend } from '../src/backend/wasm/index.js'
import { runtime } from '../src/backend/wasm/runtime.js'
import { random } from '../src/index.js'
import { erfinv32, gilesBatch32, nextUp32, W_GE_5, W_LT_5 } from '../src/random/erfinv.js'

const f = Math.fround
/** The wasm backend's polynomial pass alone. */
const pass2 = (xs: Float32Array, ws: Float32Array, scale: number): void => gilesPass(runtime!)(xs, ws, scale)
const ONE = 0x3f800000 // the bits of 1
const SIGN = 0x80000000

/** float32 values from their bit patterns. */
const fromBits = (bits: ReadonlyArray<number>): Float32Array => new Float32Array(new Uint32Array(bits).buffer)

/** The inputs: specials, then each family for +x and -x. */
const inputs = (): Float32Array => {
  const bits: number[] = [ONE, (ONE | SIGN) >>> 0, 0, SIGN]
  const both = (b: number): void => { bits.push(b, (b | SIGN) >>> 0) }
  for (let b = 0; b < ONE; b += 709) both(b) // every 709th float32 in [0, 1)
  for (let b = ONE - 2 ** 17; b < ONE; b++) both(b) // [1 - 2^-7, 1): w from 4.16 up, across w = 5 at x ≈ 0.99662
  const at25 = new Uint32Array(new Float32Array([Math.sqrt(1 - Math.exp(-2.5))]).buffer)[0]!
  for (let b = at25 - 2 ** 15; b < at25 + 2 ** 15; b++) both(b) // w ≈ 2.5: f(w - 2.5) tiny
  for (let b = 0; b < 2 ** 14; b++) both(b) // zero and the smallest subnormals
  let s = 20261130
  const next = (): number => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0 }
  for (let i = 0; i < 2 ** 19; i++) {
    const u = f(f((next() >>> 9) / 2 ** 23 * f(1 - nextUp32(-1))) + nextUp32(-1)) // as random.normal draws them
    bits.push(new Uint32Array(new Float32Array([u]).buffer)[0]!)
    const r = next() & 0x3fffffff // a random pattern, kept below 2 in magnitude
    if (r < ONE) bits.push((r | (next() & SIGN)) >>> 0)
  }
  return fromBits(bits)
}

/** The index of the first element whose bits differ, or -1. */
const firstDiff = (a: Float32Array, b: Float32Array): number => {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length)
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length)
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i
  return -1
}

/**
 * w where fma32's midpoint tie-break changes giles32's result. An exhaustive
 * search of every float32 w found no tie-break at work in [0, 16), which holds
 * every -log1p(-x²) of x in (-1, 1), but 1101 above 2¹⁷ and 781 below -1354;
 * these are some of those where it changes the polynomial's value. The
 * kernel takes any w, and these (above: its full path; below: its fast path's
 * midpoint test) are the only inputs that tell a missing tie-break.
 */
const TIE_W = [
  0x47fa51ff, 0x48d71e83, 0x49851ecb, 0x49bdd207, 0x49e1af99, 0x4a58814c, 0x4ab4f211, 0x4b187935, 0x4b9a31e9, 0x4bce4aff,
  0x4bf36f28, 0x4c017239, 0x4c22b642, 0x4c5fe35b, 0x4c9f2fc8, 0x4cf3c8a7, 0x4d131630, 0x4d473260, 0x4d78e6c7, 0x4defa9f3,
  0x4e440a80, 0x4e650d68, 0x4e94ce77, 0x4eaf82e3,
  0xc4aa9c00, 0xc4f49bf8, 0xc5249800, 0xc596ec00, 0xc5afec00, 0xc5db8ce4, 0xc62bf600, 0xc663f600, 0xc681fb00, 0xc6affb00,
  0xc6d4f100, 0xc7015ca0, 0xc715669c, 0xc73f1b80, 0xc788fec0, 0xc7a1ac20, 0xc7ccdd80, 0xc7ea1ec0, 0xc80eef60, 0xc81be260,
  0xc84a3a40, 0xc86c9f60, 0xc884e3b0, 0xc8a2ffb0,
]

/** giles32 with every Horner step rounded once from its float64 sum: fma32 without the tie-break. */
const gilesNoTieBreak = (w: number): number => {
  const cs = w < 5 ? W_LT_5 : W_GE_5
  const z = w < 5 ? f(w - 2.5) : f(f(Math.sqrt(w)) - 3)
  return cs.slice(1).reduce((p, c) => f(p * z + c), cs[0]!)
}

/** FNV-1a of the bits of a float32 array. */
const fnv = (a: Float32Array): number => {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length)
  let h = 0x811c9dc5
  for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i]!, 0x01000193) >>> 0
  return h
}

describe('float32 erfinv polynomials on wasm', () => {
  const xs = inputs()
  const ws = new Float32Array(xs.length)
  for (let i = 0; i < xs.length; i++) ws[i] = -Math.log1p(f(-xs[i]! * xs[i]!)) // pass 1 of erfinv32Batch

  for (const scale of [f(Math.SQRT2), 1, -0.5]) {
    it.skipIf(wasmBackend === null)(`equals the JS loop bit for bit on ${xs.length} inputs, scale ${scale}`, () => {
      const want = xs.slice()
      const got = xs.slice()
      gilesBatch32(want, ws, scale)
      pass2(got, ws, scale)
      const i = firstDiff(want, got)
      expect(i, i < 0 ? '' : `x = ${xs[i]}, w = ${ws[i]}: JS ${want[i]}, wasm ${got[i]}`).toBe(-1)
      expect([got[0], got[1]]).toEqual([scale * Infinity, -scale * Infinity])
    })
  }

  it.skipIf(wasmBackend === null)('breaks fma32 ties as the JS code does, for any w', () => {
    const ws = fromBits(TIE_W)
    const n = ws.length * 64 // each w with several x, at every lane position, over the kernel's minimum
    const w = new Float32Array(n).map((_, i) => ws[i % ws.length]!)
    const x = new Float32Array(n).map((_, i) => f(((i * 0.618034) % 2) - 1))
    const scale = f(Math.SQRT2)
    const want = x.slice()
    const got = x.slice()
    gilesBatch32(want, w, scale)
    pass2(got, w, scale)
    const i = firstDiff(want, got)
    expect(i, i < 0 ? '' : `x = ${x[i]}, w = ${w[i]}: JS ${want[i]}, wasm ${got[i]}`).toBe(-1)
    // each of these w needs the tie-break: without it the polynomial comes out otherwise
    const half = new Float32Array(ws.length).fill(0.5)
    gilesBatch32(half, ws, 1)
    ws.forEach((v, j) => expect(f(gilesNoTieBreak(v) * 0.5), `w = ${v}`).not.toBe(half[j]))
  })

  it.skipIf(wasmBackend === null)('handles every length, chunk boundaries and ragged tails included', () => {
    const scale = f(Math.SQRT2)
    for (const [start, n] of [[0, 1], [5, 2], [9, 3], [70001, 5], [3, 7], [1000, 8191], [11, 8193], [2, 16387], [4, 40000]] as const) {
      const want = xs.slice(start, start + n)
      const got = xs.slice().subarray(start, start + n) // a view at an offset
      gilesBatch32(want, ws.subarray(start, start + n), scale)
      pass2(got, ws.subarray(start, start + n), scale)
      expect(firstDiff(want, got), `length ${n} from ${start}`).toBe(-1)
    }
  })

  it('leaves random.normal and truncatedNormal as they were', () => {
    // the hashes of the draws before the kernel moved to wasm (the same on either backend)
    expect(fnv(random.normal(random.key(0), [100000]).data() as Float32Array)).toBe(0x06089808)
    expect(fnv(random.normal(random.key(42), [100000]).data() as Float32Array)).toBe(0x8801d3b5)
    expect(fnv(random.truncatedNormal(random.key(7), -2, 3, [100000]).data() as Float32Array)).toBe(0x3c9065cb)
    // and the scalar erfinv32 of the same uniforms
    const k = random.key(3)
    const got = random.normal(k, [100000]).data() as Float32Array
    const floats = random.uniform(k, [100000]).data() as Float32Array
    const lo = nextUp32(-1)
    const want = floats.map((u) => f(f(Math.SQRT2) * erfinv32(f(f(u * f(1 - lo)) + lo))))
    expect(firstDiff(want, got)).toBe(-1)
  })
})
