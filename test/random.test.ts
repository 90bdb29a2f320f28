import { describe, expect, it } from 'vitest'
import { add, tensor } from '../src/index.js'
import { DTypeError, FluxionError, ShapeError, ValueError } from '../src/errors.js'
import * as random from '../src/random/index.js'
import { erf32, erf64, erfinv32, erfinv32Batch, erfinv64, fma32, fma64 } from '../src/random/erfinv.js'
import { ksCritical, ksStatistic, meanWithin, moments, varianceWithin } from '../laws/random.js'
import { main as keysExample } from '../examples/keys.js'

const { key, keyData, split, foldIn, threefry2x32 } = random
const data = (t: { data(): ArrayLike<number> }): number[] => Array.from(t.data())
const phi = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)
const Phi = (x: number) => 0.5 * (1 + erf64(x / Math.SQRT2))

describe('threefry2x32 (Random123 known answers)', () => {
  it('matches the published vectors', () => {
    expect(threefry2x32(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3)).toEqual([0xc4923a9c, 0x483df7a0])
    expect(threefry2x32(0, 0, 0, 0)).toEqual([0x6b200159, 0x99ba4efe])
  })
  it('is what split applies: split(key(0))[0] hashes key (0,0) on counter (0,0)', () => {
    expect(keyData(split(key(0))[0]!)).toEqual([0x6b200159, 0x99ba4efe])
  })
})

// Outputs JAX itself printed (jax >= 0.5, partitionable threefry, CPU), kept as golden fixtures.
// Sources: the `jax.random` module page and the "Pseudorandom numbers" tutorial of docs.jax.dev
// (full-precision `draw i` values, 8-digit vectors); a published jax API walkthrough for the rest.
// numpy prints a float32 with its shortest identifying digits, or rounded to 8 decimals when
// that is shorter: so either fround(printed) is the value, or it lies within 5e-9 of the print.
describe('agreement with outputs published by JAX', () => {
  const printed = (actual: number[], shown: number[]) => {
    expect(actual).toHaveLength(shown.length)
    actual.forEach((v, i) => expect(Math.fround(shown[i]!) === v || Math.abs(v - shown[i]!) <= 5.000001e-9).toBe(true))
  }
  it('keys, bits and uniform', () => {
    expect(split(key(42)).map(keyData)).toEqual([[1832780943, 270669613], [64467757, 2916123636]])
    expect(random.uniform(key(0)).item()).toBe(Math.fround(0.947667))
    printed([random.uniform(split(key(0))[1]!).item()], [0.00729382])
    printed(data(random.uniform(key(0), [3])), [0.947667, 0.9785799, 0.33229148])
  })
  it('normal, including a value that only the fused multiply-add evaluation reproduces', () => {
    let k = key(42)
    const draws: number[] = []
    for (let i = 0; i < 3; i++) {
      const [next, sub] = split(k)
      draws.push(random.normal(sub).item())
      k = next
    }
    expect(draws).toEqual([0.6057640314102173, -0.21089035272598267, -0.3948981463909149])
    expect(random.normal(key(42)).item()).toBe(Math.fround(-0.028304616))
    printed(split(key(42), 3).map((s) => random.normal(s).item()), [0.07592554, 0.60576403, 0.4323065])
    printed(data(random.normal(key(42), [2, 3])), [-0.02830462, 0.46713185, 0.29570296, 0.15354592, -0.12403282, 0.21692315])
    // 1.6226422 is the fused evaluation's 1.62264216; rounding each Horner step gives 1.62264204
    printed(data(random.normal(key(0), [3])), [1.6226422, 2.0252647, -0.43359444])
    expect(random.normal(key(0), [1]).data()[0]).toBe(Math.fround(1.6226422))
  })
  it('randint, choice and permutation', () => {
    expect(data(random.randint(key(1), [5], 0, 10))).toEqual([6, 7, 0, 3, 8])
    expect(data(random.choice(key(2), tensor([10, 20, 30, 40], { dtype: 'int32' }), { shape: [3] }))).toEqual([40, 10, 20])
    expect(data(random.permutation(key(3), 5))).toEqual([0, 4, 2, 1, 3])
  })
})

describe('keys', () => {
  it('key(seed) holds [seed >> 32, seed & 0xFFFFFFFF]', () => {
    expect(keyData(key(0))).toEqual([0, 0])
    expect(keyData(key(42))).toEqual([0, 42])
    expect(keyData(key(2 ** 32 + 5))).toEqual([1, 5])
    expect(keyData(key(2 ** 53))).toEqual([2 ** 21, 0])
    expect(keyData(key(0x0123456789abcdefn))).toEqual([0x01234567, 0x89abcdef])
    expect(keyData(key(2n ** 64n - 1n))).toEqual([0xffffffff, 0xffffffff])
    expect(keyData(key(7n))).toEqual(keyData(key(7)))
  })
  it('rejects bad seeds and says how to pass them', () => {
    expect(() => key(-1)).toThrow(ValueError)
    expect(() => key(-1)).toThrow(/non-negative.*BigInt\.asUintN/)
    expect(() => key(1.5)).toThrow(/must be an integer, got 1.5/)
    expect(() => key(NaN)).toThrow(ValueError)
    expect(() => key(2 ** 53 + 2)).toThrow(/pass it as a bigint/)
    expect(() => key(-1n)).toThrow(/\[0, 2\^64\)/)
    expect(() => key(2n ** 64n)).toThrow(ValueError)
    expect(() => key('3' as unknown as number)).toThrow(/non-negative integer/)
  })
  it('is frozen, and unchanged by use', () => {
    const k = key(3)
    expect(Object.isFrozen(k)).toBe(true)
    expect(() => { (k as { hi: number }).hi = 1 }).toThrow(TypeError)
    const d = keyData(k)
    d[0] = 99
    split(k, 5)
    random.normal(k, [10])
    foldIn(k, 2)
    expect(keyData(k)).toEqual([0, 3])
    expect(String(k)).toBe('Key(0x00000000, 0x00000003)')
  })
  it('wrapKeyData inverts keyData', () => {
    const k = split(key(9))[1]!
    expect(keyData(random.wrapKeyData(keyData(k)))).toEqual(keyData(k))
    expect(() => random.wrapKeyData([1, 2, 3])).toThrow(/expected \[hi, lo\]/)
    expect(() => random.wrapKeyData([-1, 2])).toThrow(ValueError)
  })
  it('split gives n distinct keys (100000 of them), default 2', () => {
    expect(split(key(0))).toHaveLength(2)
    expect(split(key(0), 0)).toEqual([])
    const ks = split(key(1234), 100000)
    expect(new Set(ks.map((k) => `${k.hi},${k.lo}`)).size).toBe(100000)
  })
  it('split(key, n)[i] equals foldIn(key, i), whatever n', () => {
    const k = key(77)
    const a = split(k, 10)
    const b = split(k, 3)
    for (let i = 0; i < 10; i++) expect(keyData(a[i]!)).toEqual(keyData(foldIn(k, i)))
    for (let i = 0; i < 3; i++) expect(keyData(b[i]!)).toEqual(keyData(a[i]!))
    expect(keyData(foldIn(k, 0xffffffff))).toEqual(threefry2x32(0, 77, 0, 0xffffffff))
  })
  it('rejects bad counts and data', () => {
    expect(() => split(key(0), -1)).toThrow(/split: n must be a non-negative integer/)
    expect(() => split(key(0), 1.5)).toThrow(ValueError)
    expect(() => foldIn(key(0), -1)).toThrow(/foldIn: data must be an integer in \[0, 2\^32\)/)
    expect(() => foldIn(key(0), 2 ** 32)).toThrow(ValueError)
  })
  it('a key where a tensor belongs, or anything else where a key belongs, is a KeyError', () => {
    const k = key(0)
    expect(() => random.uniform(tensor([0, 1]) as unknown as random.Key)).toThrow(random.KeyError)
    expect(() => random.uniform(tensor([0, 1]) as unknown as random.Key)).toThrow(/wrapKeyData/)
    expect(() => random.normal({ hi: 0, lo: 0 } as unknown as random.Key)).toThrow(/normal: expected a PRNG key.*random\.key\(seed\)/)
    expect(() => split([0, 1] as unknown as random.Key)).toThrow(random.KeyError)
    expect(() => keyData(3 as unknown as random.Key)).toThrow(random.KeyError)
    expect(() => key(k as unknown as number)).toThrow(/the seed is a PRNG key/)
    expect(() => random.bernoulli(k, k as unknown as number)).toThrow(/bernoulli: p is a PRNG key/)
    expect(() => random.uniform(k, k as unknown as number[])).toThrow(/the shape is a PRNG key/)
    expect(() => foldIn(k, k as unknown as number)).toThrow(random.KeyError)
    expect(() => add(k as unknown as number, 1)).toThrow(FluxionError)
    expect(() => add(k as unknown as number, 1)).toThrow(/Key/)
    expect(new random.KeyError('x')).toBeInstanceOf(FluxionError)
  })
})

describe('bits', () => {
  it('element i is y0 ^ y1 of threefry on counter (0, i), across chunk boundaries', () => {
    const k = key(5)
    const b = random.toUint32(random.bits(k, [2, 5000]))
    for (const i of [0, 1, 4095, 4096, 9999]) {
      const [y0, y1] = threefry2x32(k.hi, k.lo, 0, i)
      expect(b[i]).toBe((y0 ^ y1) >>> 0)
    }
  })
  it('float64 holds the unsigned values; int32 the same bits', () => {
    const k = key(6)
    const f = random.bits(k, [64])
    const i = random.bits(k, [64], { dtype: 'int32' })
    expect(f.dtype).toBe('float64')
    expect(i.dtype).toBe('int32')
    expect(data(f).every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)).toBe(true)
    expect(Array.from(random.toUint32(i))).toEqual(data(f))
    expect(data(random.bits(k, [64]))).toEqual(data(f)) // same key, same bits
    expect(random.bits(k).shape).toEqual([])
    expect(() => random.bits(k, [2], { dtype: 'float32' as 'float64' })).toThrow(DTypeError)
    expect(() => random.toUint32(tensor([0.5]))).toThrow(/not a uint32 value/)
  })
  it('float32 uniform is (bits >>> 9) · 2^-23; float64 uses (y0 << 32 | y1) >>> 12', () => {
    const k = key(8)
    const u32 = data(random.uniform(k, [100]))
    const b = random.toUint32(random.bits(k, [100]))
    u32.forEach((v, i) => expect(v).toBe((b[i]! >>> 9) * 2 ** -23))
    const u64 = data(random.uniform(k, [100], { dtype: 'float64' }))
    u64.forEach((v, i) => {
      const [y0, y1] = threefry2x32(k.hi, k.lo, 0, i)
      expect(v).toBe((y0 * 2 ** 20 + (y1 >>> 12)) * 2 ** -52)
    })
  })
})

describe('erf and erfinv', () => {
  it('the batched float32 erfinv equals the scalar one, edge cases included', () => {
    const xs = Float32Array.from([0, -0, 1, -1, 0.5, -0.99999994, 0.9999999, 1e-30, NaN, 1.5,
      ...Array.from({ length: 20000 }, (_, i) => -1 + i / 10000)])
    const batch = xs.slice()
    erfinv32Batch(batch, Math.fround(Math.SQRT2))
    xs.forEach((x, i) => expect(Object.is(batch[i], Math.fround(Math.fround(Math.SQRT2) * erfinv32(x)))).toBe(true))
  })
  it('fma32 and fma64 round a·b + c once, even where float64 double rounding would not', () => {
    const f = Math.fround
    // a·b + c = 1 + 2^-23 + 2^-24 - 2^-70: just below a float32 midpoint that the float64 sum lands on
    expect(fma32(f(1 + 2 ** -23), f(2 ** -24 * (1 - 2 ** -23)), f(1 + 2 ** -23))).toBe(f(1 + 2 ** -23))
    expect(f(f(1 + 2 ** -23) * f(2 ** -24 * (1 - 2 ** -23)) + f(1 + 2 ** -23))).toBe(f(1 + 2 ** -22))
    expect(fma64(1 + 2 ** -52, 2 ** -53 * (1 - 2 ** -52), 1 + 2 ** -52)).toBe(1 + 2 ** -52)
    expect(fma32(f(0.1), f(3), f(-0.3))).toBe(f(f(0.1) * f(3) - f(0.3)))
  })
  it('float32 erfinv and erf are close to the float64 ones; erfinv64 inverts erf64', () => {
    for (let i = 1; i < 2000; i++) {
      const x = Math.fround(-1 + i / 1000)
      expect(Math.abs(erfinv32(x) - erfinv64(x))).toBeLessThan(1e-5 * Math.max(1, Math.abs(erfinv64(x))))
      const y = Math.fround(i / 400 - 2.5)
      expect(Math.abs(erf32(y) - erf64(y))).toBeLessThan(3e-7)
      expect(erf64(erfinv64(x))).toBeCloseTo(x, 14)
    }
    expect(erfinv32(1)).toBe(Infinity)
    expect(erfinv64(-1)).toBe(-Infinity)
    expect(erfinv64(1.5)).toBeNaN()
    expect(erf32(5)).toBe(1)
  })
})

describe('continuous samplers', () => {
  const k = key(2024)
  it('uniform passes a Kolmogorov-Smirnov test (alpha 0.001), float32 and float64', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const u = random.uniform(k, [100000], { dtype }).data()
      expect(ksStatistic(u, (x) => x)).toBeLessThan(ksCritical(u.length))
    }
    const v = random.uniform(foldIn(k, 1), [50000], { minval: -3, maxval: 5 }).data()
    expect(ksStatistic(v, (x) => (x + 3) / 8)).toBeLessThan(ksCritical(v.length))
  })
  it('float32 uniform values lie in [minval, maxval)', () => {
    for (const [lo, hi] of [[0, 1], [-1, 1], [0, 10], [-5, 0], [-0.001, 1000]] as const) {
      const u = data(random.uniform(foldIn(k, 2), [100000], { minval: lo, maxval: hi }))
      expect(u.every((v) => v >= Math.fround(lo) && v < Math.fround(hi))).toBe(true)
    }
  })
  it('uniform takes tensor bounds that broadcast to the shape', () => {
    const u = random.uniform(k, [1000, 2], { minval: tensor([0, 10]), maxval: tensor([1, 20]) })
    const d = data(u)
    expect(d.filter((_, i) => i % 2 === 0).every((v) => v >= 0 && v < 1)).toBe(true)
    expect(d.filter((_, i) => i % 2 === 1).every((v) => v >= 10 && v < 20)).toBe(true)
    expect(() => random.uniform(k, [3], { minval: tensor([0, 1]) })).toThrow(ShapeError)
    expect(() => random.uniform(k, [3], { minval: 2, maxval: 1 })).toThrow(/minval must not exceed maxval/)
    expect(() => random.uniform(k, [3], { dtype: 'int32' as 'float32' })).toThrow(/dtype must be 'float32' or 'float64', got int32/)
    expect(() => random.uniform(k, [2.5])).toThrow(/shape must be an array of non-negative integers/)
  })
  it('normal matches mean 0, variance 1 and the normal CDF; no infinities in 10^6 draws', () => {
    const x = random.normal(k, [1000000]).data()
    expect(Array.from(x).every(Number.isFinite)).toBe(true)
    expect(meanWithin(x, 0, 1)).toBe(true)
    expect(varianceWithin(x, 1, 3)).toBe(true)
    expect(ksStatistic(x.subarray(0, 200000), Phi)).toBeLessThan(ksCritical(200000))
    const y = random.normal(k, [100000], { dtype: 'float64' }).data()
    expect(meanWithin(y, 0, 1) && varianceWithin(y, 1, 3)).toBe(true)
    expect(ksStatistic(y, Phi)).toBeLessThan(ksCritical(y.length))
  })
  it('truncatedNormal stays inside and matches the truncated moments', () => {
    for (const [a, b, dtype] of [[-2, 2, 'float32'], [0.5, 3, 'float32'], [-1, Infinity, 'float64']] as const) {
      const x = random.truncatedNormal(foldIn(k, 3), a, b, [100000], { dtype }).data()
      expect(Array.from(x).every((v) => v > a && v < b)).toBe(true)
      const z = Phi(b) - Phi(a)
      const mean = (phi(a) - phi(b)) / z
      const bphi = (t: number) => (Number.isFinite(t) ? t * phi(t) : 0)
      const variance = 1 + (bphi(a) - bphi(b)) / z - mean * mean
      expect(meanWithin(x, mean, Math.sqrt(variance))).toBe(true)
      expect(varianceWithin(x, variance, 3 * variance * variance)).toBe(true)
      expect(ksStatistic(x, (v) => (Phi(v) - Phi(a)) / z)).toBeLessThan(ksCritical(x.length))
    }
    expect(random.truncatedNormal(k, tensor([-1, 0]), tensor([0, 1])).shape).toEqual([2])
    expect(() => random.truncatedNormal(k, 1, 1, [3])).toThrow(/lower must be below upper/)
  })
  it('gumbel matches mean γ and variance π²/6', () => {
    const g = random.gumbel(k, [100000]).data()
    expect(meanWithin(g, 0.5772156649, Math.PI / Math.sqrt(6))).toBe(true)
    expect(Math.abs(moments(g).variance - Math.PI ** 2 / 6)).toBeLessThan(0.05)
  })
  it('bernoulli matches p, broadcasts tensor p, and rejects p outside [0, 1]', () => {
    const b = random.bernoulli(k, 0.3, [100000])
    expect(b.dtype).toBe('bool')
    expect(meanWithin(b.data(), 0.3, Math.sqrt(0.3 * 0.7))).toBe(true)
    expect(data(random.bernoulli(k, 0, [1000])).every((v) => v === 0)).toBe(true)
    expect(data(random.bernoulli(k, 1, [1000])).every((v) => v === 1)).toBe(true)
    const pb = random.bernoulli(k, tensor([0.1, 0.9]), [50000, 2]).data()
    expect(meanWithin(pb.filter((_, i) => i % 2 === 1), 0.9, 0.3)).toBe(true)
    expect(random.bernoulli(k, tensor([0.5, 0.5, 0.5])).shape).toEqual([3])
    expect(random.bernoulli(k).shape).toEqual([])
    expect(() => random.bernoulli(k, 1.5, [3])).toThrow(/bernoulli: p must lie in \[0, 1\], got 1.5/)
    expect(() => random.bernoulli(k, -0.1)).toThrow(ValueError)
    expect(() => random.bernoulli(k, NaN)).toThrow(ValueError)
    expect(() => random.bernoulli(k, tensor([1], { dtype: 'int32' }))).toThrow(DTypeError)
  })
  it('categorical matches softmax(logits) along the axis', () => {
    const p = [0.1, 0.2, 0.3, 0.4]
    const c = random.categorical(k, tensor(p.map(Math.log)), { shape: [100000] })
    expect(c.dtype).toBe('int32')
    const d = data(c)
    p.forEach((pi, j) => expect(meanWithin(d.map((v) => (v === j ? 1 : 0)), pi, Math.sqrt(pi * (1 - pi)))).toBe(true))
    // batched: rows are distributions; axis 0 transposes the roles
    const logits = tensor([[0, -Infinity, -Infinity], [-Infinity, -Infinity, 0]])
    expect(data(random.categorical(k, logits))).toEqual([0, 2])
    expect(data(random.categorical(k, logits, { axis: 0 }))).toEqual([0, 0, 1])
    expect(random.categorical(k, logits, { shape: [5, 2] }).shape).toEqual([5, 2])
    expect(() => random.categorical(k, logits, { shape: [3] })).toThrow(ShapeError)
    expect(() => random.categorical(k, tensor(1))).toThrow(/at least one axis/)
  })
  it('the same key gives the same values, a split key different ones', () => {
    const [a, b] = split(k)
    for (const f of [
      (q: random.Key) => random.normal(q, [50]), (q: random.Key) => random.uniform(q, [50]),
      (q: random.Key) => random.truncatedNormal(q, -1, 1, [50]), (q: random.Key) => random.gumbel(q, [50], { dtype: 'float64' }),
      (q: random.Key) => random.randint(q, [50], 0, 1000), (q: random.Key) => random.permutation(q, 50),
    ]) {
      expect(data(f(a!))).toEqual(data(f(a!)))
      expect(data(f(a!))).not.toEqual(data(f(b!)))
    }
  })
})

describe('discrete samplers', () => {
  const k = key(99)
  it('randint stays in range and is uniform', () => {
    const d = data(random.randint(k, [60000], -3, 3))
    expect(d.every((v) => Number.isInteger(v) && v >= -3 && v < 3)).toBe(true)
    for (let v = -3; v < 3; v++) expect(meanWithin(d.map((x) => (x === v ? 1 : 0)), 1 / 6, Math.sqrt(5 / 36))).toBe(true)
    expect(data(random.randint(k, [10], 5, 5)).every((v) => v === 5)).toBe(true)
    expect(data(random.randint(k, [10], 5, 2)).every((v) => v === 5)).toBe(true)
    const wide = data(random.randint(k, [1000], -(2 ** 31), 2 ** 31 - 1))
    expect(wide.some((v) => v < 0) && wide.some((v) => v > 0)).toBe(true)
    expect(random.randint(k, [2, 3], tensor([0, 10, 20], { dtype: 'int32' }), 5).shape).toEqual([2, 3])
    expect(() => random.randint(k, [3], 0.5, 4)).toThrow(/minval must be an integer, got 0.5/)
    expect(() => random.randint(k, [3], 0, tensor([4]))).toThrow(DTypeError)
  })
  it('permutation is a permutation (one and several sorting rounds)', () => {
    for (const n of [0, 1, 2, 10, 1625, 3000]) {
      const p = data(random.permutation(foldIn(k, n), n))
      expect(p.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
    }
    const idx = data(random.permutation(k, 4))
    const x = tensor([[0, 1], [10, 11], [20, 21], [30, 31]])
    expect(random.permutation(k, x).toArray()).toEqual(idx.map((i) => [i * 10, i * 10 + 1]))
    const cols = random.permutation(k, tensor([[0, 1, 2, 3]]), { axis: 1 }).toArray()
    expect(cols).toEqual([idx])
    expect(() => random.permutation(k, -1)).toThrow(ValueError)
  })
  it('choice: with and without replacement, with p, along an axis', () => {
    const c = data(random.choice(k, 5, { shape: [1000] }))
    expect(c.every((v) => v >= 0 && v < 5)).toBe(true)
    const noRep = data(random.choice(k, 20, { shape: [4, 5], replace: false }))
    expect(new Set(noRep).size).toBe(20)
    const p = [0.5, 0, 0.25, 0.25]
    const w = data(random.choice(k, 4, { shape: [40000], p }))
    p.forEach((pi, j) => expect(meanWithin(w.map((v) => (v === j ? 1 : 0)), pi, Math.sqrt(pi * (1 - pi)) || 1e-9)).toBe(true))
    const wr = data(random.choice(k, 4, { shape: [3], p, replace: false }))
    expect(new Set(wr).size).toBe(3)
    expect(wr).not.toContain(1)
    const a = tensor([[0, 1, 2], [3, 4, 5]])
    expect(random.choice(k, a, { shape: [4] }).shape).toEqual([4, 3])
    expect(random.choice(k, a, { shape: [2, 2], axis: 1 }).shape).toEqual([2, 2, 2])
    expect(random.choice(k, 3, { shape: [0] }).shape).toEqual([0])
    expect(() => random.choice(k, 3, { shape: [4], replace: false })).toThrow(/cannot take a larger sample \(size 4\) than the population \(size 3\)/)
    expect(() => random.choice(k, 3, { p: [0.5, 0.5] })).toThrow(/p must be a 1-D vector of length 3/)
    expect(() => random.choice(k, 2, { p: [1.5, 0.5] })).toThrow(/every p must lie in \[0, 1\], got 1.5/)
    expect(() => random.choice(k, 0, { shape: [1] })).toThrow(ValueError)
  })
})

describe('examples/keys.ts', () => {
  it('runs: split keys differ, a reused key repeats itself', () => {
    const r = keysExample(2, 6)
    expect(r.sameWhenReused).toBe(true)
    expect(r.differentWhenSplit).toBe(true)
    expect(r.orders).toHaveLength(2)
    r.orders.forEach((o) => expect(o.slice().sort()).toEqual([0, 1, 2, 3, 4, 5]))
  })
})
