/**
 * The fused Adam step (`optim/transforms/fused.ts`, kernels `backend/js/adam.ts`
 * and `backend/wasm/adam.ts`) gives the bits of Adam composed of tensor ops, on
 * both backends, and tracers still take the composed path and differentiate.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED } from '../laws/approx.js'
import { add, div, grad, mul, optim, sqrt, sum, tensor, type Tensor } from '../src/index.js'
import type { FloatArray } from '../src/backend/backend.js'
import { jsBackend } from '../src/backend/js/index.js'
import { wasmBackend } from '../src/backend/wasm/index.js'
import type { AdamStep } from '../src/backend/backend.js'
import { powi } from '../src/backend/js/powi.js'

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor
const dtypes: ReadonlyArray<['float32' | 'float64', Ctor]> = [['float32', Float32Array], ['float64', Float64Array]]

/** Adam written out in public tensor ops, straight from the equations (the reference). */
const composed = (g: Tensor, mu: Tensor, nu: Tensor, { b1, b2, eps, epsRoot, nesterov, t }: AdamStep): Tensor[] => {
  const m = add(mul(g, 1 - b1), mul(mu, b1))
  const v = add(mul(mul(g, g), 1 - b2), mul(nu, b2))
  const mHat = nesterov ? add(mul(div(m, 1 - powi(b1, t + 1)), b1), mul(div(g, 1 - powi(b1, t)), 1 - b1)) : div(m, 1 - powi(b1, t))
  const vHat = epsRoot === 0 ? div(v, 1 - powi(b2, t)) : add(div(v, 1 - powi(b2, t)), epsRoot)
  return [m, v, div(mHat, add(sqrt(vHat), eps))]
}

/** The tensor at key `w` of a one-leaf tree. */
const leaf = (x: unknown): Tensor => (x as { w: Tensor }).w

const bits = (x: FloatArray): Uint8Array => new Uint8Array(x.buffer, x.byteOffset, x.byteLength)
const sameBits = (x: FloatArray, y: FloatArray): boolean => x.length === y.length && bits(x).every((b, i) => b === bits(y)[i])

/** Values spanning many magnitudes and signs, zeros included (ν must stay ≥ 0). */
const values = (n: number, seed: number, nonNegative = false): number[] => {
  let s = seed >>> 0
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    const u = s / 2 ** 32
    const x = u < 0.05 ? 0 : Math.exp(40 * u - 25) * (u * 1e4 % 1 < 0.5 ? 1 : -1)
    return nonNegative ? Math.abs(x) : x
  })
}

const stepArb = fc.record({
  b1: fc.constantFrom(0, 0.5, 0.9, 0.95),
  b2: fc.constantFrom(0.9, 0.99, 0.999),
  eps: fc.constantFrom(0, 1e-8, 1e-3),
  epsRoot: fc.constantFrom(0, 1e-8),
  nesterov: fc.boolean(),
  t: fc.integer({ min: 1, max: 2000 }),
})

describe('fused Adam', () => {
  for (const [dtype, C] of dtypes) {
    it(`${dtype}: scaleByAdam's update is bit-identical to the composed ops`, () => {
      fc.assert(
        fc.property(stepArb, fc.integer({ min: 1, max: 40 }), fc.integer(), (step, n, seed) => {
          const g = tensor(values(n, seed), { dtype })
          const mu = tensor(values(n, seed + 1), { dtype })
          const nu = tensor(values(n, seed + 2, true), { dtype })
          const t = optim.scaleByAdam(step)
          const [u, s] = t.update({ w: g }, { count: step.t - 1, mu: { w: mu }, nu: { w: nu } })
          const want = composed(g, mu, nu, step)
          const got = [leaf(s.mu), leaf(s.nu), leaf(u)]
          return got.every((x, i) => x.dtype === dtype && sameBits(x.data() as FloatArray, want[i]!.data() as FloatArray))
        }),
        { seed: SEED, numRuns: 150 },
      )
    })

    it.skipIf(wasmBackend === null)(`${dtype}: the wasm kernel equals the JS kernel across chunk boundaries`, () => {
      for (const n of [4095, 4096, 5001, 40_000]) {
        const [g, mu, nu] = [C.from(values(n, n)), C.from(values(n, n + 1)), C.from(values(n, n + 2, true))]
        for (const step of [
          { b1: 0.9, b2: 0.999, eps: 1e-8, epsRoot: 0, nesterov: false, t: 3 },
          { b1: 0.8, b2: 0.99, eps: 1e-6, epsRoot: 1e-8, nesterov: true, t: 17 },
        ]) {
          const outs = [jsBackend, wasmBackend!].map((b) => {
            const o = [new C(n), new C(n), new C(n)] as const
            b.adam(g, mu, nu, o[0], o[1], o[2], step)
            return o
          })
          outs[0]!.forEach((x, i) => expect(sameBits(x, outs[1]![i]!)).toBe(true))
        }
      }
    })
  }

  it('leaves its inputs untouched', () => {
    const g = tensor([1, -2, 3])
    const before = g.toArray()
    const t = optim.scaleByAdam()
    const s0 = t.init({ w: g })
    t.update({ w: g }, s0)
    expect(g.toArray()).toEqual(before)
    expect(leaf(s0.mu).toArray()).toEqual([0, 0, 0])
  })

  it('differentiates through the update (tracers take the composed path)', () => {
    // d/dg Σ u(g) at the first step, against central differences in float64
    const t = optim.scaleByAdam({ eps: 1e-3 })
    const f = (g: Tensor): Tensor => {
      const [u] = t.update({ w: g }, t.init({ w: g }))
      return sum(mul(leaf(u), leaf(u)))
    }
    const g0 = [0.3, -0.7, 1.5]
    const got = grad(f)(tensor(g0, { dtype: 'float64' })).toArray() as number[]
    const h = 1e-6
    g0.forEach((_, i) => {
      const at = (d: number): number => f(tensor(g0.map((x, j) => (j === i ? x + d : x)), { dtype: 'float64' })).item()
      expect(got[i]).toBeCloseTo((at(h) - at(-h)) / (2 * h), 5)
    })
  })
})
