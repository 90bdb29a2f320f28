import { describe, expect, it } from 'vitest'
import * as random from '../src/random/index.js'
import { checkKeyLaws, checkSamplerLaws, keyLaws, ksCritical, ksStatistic, meanWithin, samplerLaws } from '../laws/random.js'

describe('random laws (fast-check, fixed seed)', () => {
  it('key laws hold on arbitrary keys', () => {
    checkKeyLaws()
  })
  it('sampler laws hold on arbitrary keys and parameters', () => {
    checkSamplerLaws()
  })
})

describe('the predicates themselves', () => {
  const k = random.key(11)
  it('hold on a fixed key', () => {
    expect(keyLaws.deterministic(k, 100)).toBe(true)
    expect(keyLaws.splitDistinct(k, 1000)).toBe(true)
    expect(keyLaws.splitPrefix(k, 7, 20)).toBe(true)
    expect(keyLaws.splitFoldIn(k, 20)).toBe(true)
    expect(keyLaws.unchangedByUse(k)).toBe(true)
    expect(keyLaws.bitsPrefix(k, 5, 9000)).toBe(true)
    expect(samplerLaws.isPermutation(k, 5000)).toBe(true)
  })
  it('can fail: they are not vacuous', () => {
    const uniformish = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000)
    expect(ksStatistic(uniformish, (x) => x)).toBeLessThan(ksCritical(1000))
    expect(ksStatistic(uniformish.map((x) => x * x), (x) => x)).toBeGreaterThan(ksCritical(1000))
    expect(meanWithin(uniformish, 0.5, Math.sqrt(1 / 12))).toBe(true)
    expect(meanWithin(uniformish, 0.55, Math.sqrt(1 / 12))).toBe(false)
  })
})
