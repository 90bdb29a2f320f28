/**
 * Laws of keys and samplers, in two layers (as fp-ts-laws): pure predicates
 * that take keys and return a boolean, and fast-check runners that try them on
 * arbitrary keys with the fixed `SEED`, so a failure replays.
 *
 * The key laws are exact: the same key gives the same bits; the keys of a
 * split are distinct and do not depend on how many were asked for
 * (`split(k, n)[i] = split(k, m)[i]`); `split(k, n)[i] = foldIn(k, i)`; keys
 * are frozen and unchanged by use. The sampler laws are statistical, so each
 * compares with a confidence bound: a mean within `z` standard errors, a
 * Kolmogorov-Smirnov distance below its critical value.
 *
 * @example
 * import { checkKeyLaws } from 'fluxion/laws'
 * checkKeyLaws() // throws with a counterexample if a law fails
 *
 * @since 0.1.0
 */
import fc from 'fast-check'
import * as random from '../src/random/index.js'
import type { Key } from '../src/random/index.js'
import { SEED } from './approx.js'

// ---- statistics ----

/**
 * The Kolmogorov-Smirnov statistic `sup |F_n(x) - F(x)|` of a sample against a CDF.
 * @example
 * ksStatistic([0.25, 0.75], (x) => x) // 0.25
 * @category statistics
 * @since 0.1.0
 */
export const ksStatistic = (samples: ArrayLike<number>, cdf: (x: number) => number): number => {
  const xs = Float64Array.from(samples).sort()
  const n = xs.length
  let d = 0
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]!)
    d = Math.max(d, (i + 1) / n - f, f - i / n)
  }
  return d
}

/**
 * The asymptotic critical value of the KS statistic at level `alpha`: `sqrt(-ln(alpha/2)/2) / sqrt(n)`.
 * @example
 * ksCritical(10000) // ≈ 0.0195 (alpha 0.001)
 * @category statistics
 * @since 0.1.0
 */
export const ksCritical = (n: number, alpha = 0.001): number => Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n)

/**
 * Mean and (population) variance of a sample.
 * @example
 * moments([1, 3]) // { mean: 2, variance: 1 }
 * @category statistics
 * @since 0.1.0
 */
export const moments = (xs: ArrayLike<number>): { mean: number; variance: number } => {
  let m = 0
  for (let i = 0; i < xs.length; i++) m += xs[i]!
  m /= xs.length
  let v = 0
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2
  return { mean: m, variance: v / xs.length }
}

/**
 * Is the sample mean within `z` standard errors of `mean`, for a distribution with standard deviation `sd`?
 * @example
 * meanWithin(random.normal(random.key(0), [10000]).data(), 0, 1) // true
 * @category statistics
 * @since 0.1.0
 */
export const meanWithin = (xs: ArrayLike<number>, mean: number, sd: number, z = 5): boolean =>
  Math.abs(moments(xs).mean - mean) <= (z * sd) / Math.sqrt(xs.length)

/**
 * Is the sample variance within `z` standard errors of `variance`? The standard
 * error uses the fourth central moment `mu4` (3σ⁴ for a normal).
 * @example
 * varianceWithin(random.normal(random.key(0), [10000]).data(), 1, 3) // true
 * @category statistics
 * @since 0.1.0
 */
export const varianceWithin = (xs: ArrayLike<number>, variance: number, mu4: number, z = 5): boolean =>
  Math.abs(moments(xs).variance - variance) <= z * Math.sqrt((mu4 - variance * variance) / xs.length)

// ---- key laws (pure predicates) ----

const same = (a: Key, b: Key): boolean => a.hi === b.hi && a.lo === b.lo

/**
 * Key laws: each `(key, ...) => boolean`.
 * @example
 * keyLaws.splitFoldIn(random.key(0), 8) // true
 * @category laws
 * @since 0.1.0
 */
export const keyLaws = {
  /** The same key gives the same bits. */
  deterministic: (k: Key, n: number): boolean => {
    const a = random.toUint32(random.bits(k, [n]))
    const b = random.toUint32(random.bits(k, [n]))
    return a.every((v, i) => v === b[i])
  },
  /** The `n` keys of a split are pairwise distinct and differ from the parent. */
  splitDistinct: (k: Key, n: number): boolean => {
    const seen = new Set<string>([`${k.hi},${k.lo}`])
    for (const c of random.split(k, n)) seen.add(`${c.hi},${c.lo}`)
    return seen.size === n + 1
  },
  /** `split(k, n)[i]` does not depend on `n` (JAX's partitionable scheme). */
  splitPrefix: (k: Key, n: number, m: number): boolean => {
    const a = random.split(k, n)
    const b = random.split(k, m)
    for (let i = 0; i < Math.min(n, m); i++) if (!same(a[i]!, b[i]!)) return false
    return true
  },
  /** `split(k, n)[i]` equals `foldIn(k, i)`. */
  splitFoldIn: (k: Key, n: number): boolean => random.split(k, n).every((c, i) => same(c, random.foldIn(k, i))),
  /** A key is frozen, and using it changes nothing. */
  unchangedByUse: (k: Key): boolean => {
    const [hi, lo] = random.keyData(k)
    random.split(k, 3)
    random.foldIn(k, 5)
    random.uniform(k, [4])
    random.normal(k, [4])
    random.permutation(k, 4)
    return Object.isFrozen(k) && k.hi === hi && k.lo === lo
  },
  /** Element `i` of a draw does not depend on the shape asked for (counter-based: bits(k, [n])[i] = bits(k, [m])[i]). */
  bitsPrefix: (k: Key, n: number, m: number): boolean => {
    const a = random.toUint32(random.bits(k, [n]))
    const b = random.toUint32(random.bits(k, [m]))
    for (let i = 0; i < Math.min(n, m); i++) if (a[i] !== b[i]) return false
    return true
  },
}

// ---- sampler laws (pure predicates) ----

/**
 * Sampler laws: each `(key, ...) => boolean`.
 * @example
 * samplerLaws.isPermutation(random.key(0), 100) // true
 * @category laws
 * @since 0.1.0
 */
export const samplerLaws = {
  /**
   * float32 uniform values lie in `[minval, maxval)` for a range with an end
   * at 0 (a range narrow for its magnitude can round up to `maxval` in
   * float32, in JAX as here).
   */
  uniformInRange: (k: Key, n: number, minval: number, maxval: number): boolean => {
    const lo = Math.fround(minval)
    const hi = Math.fround(maxval)
    return Array.from(random.uniform(k, [n], { minval, maxval }).data()).every((v) => v >= lo && (v < hi || lo === hi))
  },
  /** Normal values are finite. */
  normalFinite: (k: Key, n: number): boolean => Array.from(random.normal(k, [n]).data()).every(Number.isFinite),
  /** Truncated normal values lie strictly inside the bounds. */
  truncatedInside: (k: Key, n: number, lower: number, upper: number): boolean =>
    Array.from(random.truncatedNormal(k, lower, upper, [n]).data()).every((v) => v > Math.fround(lower) && v < Math.fround(upper)),
  /** A permutation of `n` holds each of `0..n-1` once. */
  isPermutation: (k: Key, n: number): boolean => {
    const p = Array.from(random.permutation(k, n).data()).sort((a, b) => a - b)
    return p.length === n && p.every((v, i) => v === i)
  },
  /** randint values lie in `[minval, maxval)`. */
  randintInRange: (k: Key, n: number, minval: number, maxval: number): boolean =>
    Array.from(random.randint(k, [n], minval, maxval).data()).every((v) => v >= minval && v < Math.max(maxval, minval + 1)),
  /** Choices without replacement are distinct. */
  choiceDistinct: (k: Key, population: number, draws: number): boolean =>
    new Set(random.choice(k, population, { shape: [draws], replace: false }).data()).size === draws,
  /** The uniform sample's mean is within 5 standard errors of 1/2. */
  uniformMean: (k: Key, n: number): boolean => meanWithin(random.uniform(k, [n]).data(), 0.5, Math.sqrt(1 / 12)),
  /** The normal sample's mean is within 5 standard errors of 0. */
  normalMean: (k: Key, n: number): boolean => meanWithin(random.normal(k, [n]).data(), 0, 1),
}

// ---- runners ----

/**
 * Arbitrary keys: from raw words and from seeds (number and bigint).
 * @example
 * fc.assert(fc.property(arbKey, (k) => keyLaws.deterministic(k, 4)), { seed: SEED })
 * @category arbitraries
 * @since 0.1.0
 */
export const arbKey: fc.Arbitrary<Key> = fc.oneof(
  fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })).map(([hi, lo]) => random.wrapKeyData([hi, lo])),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((s) => random.key(s)),
  fc.maxSafeNat().map((s) => random.key(s)),
)

const run = <Ts extends [unknown, ...unknown[]]>(p: fc.IPropertyWithHooks<Ts>, numRuns: number): void =>
  fc.assert(p, { seed: SEED, numRuns })

/**
 * Check every key law on arbitrary keys (fixed seed). Throws on a counterexample.
 * @example
 * checkKeyLaws({ numRuns: 20 })
 * @category runners
 * @since 0.1.0
 */
export const checkKeyLaws = ({ numRuns = 50 }: { numRuns?: number } = {}): void => {
  const size = fc.integer({ min: 0, max: 64 })
  run(fc.property(arbKey, size, (k, n) => keyLaws.deterministic(k, n)), numRuns)
  run(fc.property(arbKey, fc.integer({ min: 1, max: 200 }), (k, n) => keyLaws.splitDistinct(k, n)), numRuns)
  run(fc.property(arbKey, size, size, (k, n, m) => keyLaws.splitPrefix(k, n, m)), numRuns)
  run(fc.property(arbKey, fc.integer({ min: 0, max: 16 }), (k, n) => keyLaws.splitFoldIn(k, n)), numRuns)
  run(fc.property(arbKey, (k) => keyLaws.unchangedByUse(k)), numRuns)
  run(fc.property(arbKey, size, size, (k, n, m) => keyLaws.bitsPrefix(k, n, m)), numRuns)
}

/**
 * Check the sampler laws on arbitrary keys and parameters (fixed seed, small samples).
 * @example
 * checkSamplerLaws({ numRuns: 10 })
 * @category runners
 * @since 0.1.0
 */
export const checkSamplerLaws = ({ numRuns = 30 }: { numRuns?: number } = {}): void => {
  const half = fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 100, noNaN: true }))
  run(fc.property(arbKey, half, fc.boolean(), (k, a, below) =>
    samplerLaws.uniformInRange(k, 256, below ? -a : 0, below ? 0 : a)), numRuns)
  run(fc.property(arbKey, (k) => samplerLaws.normalFinite(k, 4096)), numRuns)
  run(fc.property(arbKey, fc.double({ min: -3, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 4, noNaN: true }),
    (k, lo, w) => samplerLaws.truncatedInside(k, 256, lo, lo + w)), numRuns)
  run(fc.property(arbKey, fc.integer({ min: 0, max: 3000 }), (k, n) => samplerLaws.isPermutation(k, n)), numRuns)
  run(fc.property(arbKey, fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }),
    (k, a, b) => samplerLaws.randintInRange(k, 256, a, b)), numRuns)
  run(fc.property(arbKey, fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 50 }),
    (k, pop, d) => samplerLaws.choiceDistinct(k, pop, Math.min(pop, d))), numRuns)
  run(fc.property(arbKey, (k) => samplerLaws.uniformMean(k, 4000)), numRuns)
  run(fc.property(arbKey, (k) => samplerLaws.normalMean(k, 4000)), numRuns)
}
