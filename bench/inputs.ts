/**
 * Deterministic benchmark inputs. Every suite draws its data from a fixed
 * linear congruential generator (no Math.random), so every peer sees exactly the
 * same numbers on every run, and results.json figures are comparable across runs.
 */

/** A 32-bit LCG (Numerical Recipes constants): uniform numbers in [0, 1). */
export class Lcg {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  /** The next number in [0, 1). */
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0
    return this.state / 2 ** 32
  }
  /** n numbers uniform in [lo, hi), as float32. */
  float32(n: number, lo = -1, hi = 1): Float32Array {
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * this.next()
    return out
  }
  /** n numbers uniform in [lo, hi), as float64. */
  float64(n: number, lo = -1, hi = 1): Float64Array {
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * this.next()
    return out
  }
  /** n integers uniform in [0, k). */
  ints(n: number, k: number): Int32Array {
    const out = new Int32Array(n)
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * k)
    return out
  }
}

/** A fresh generator for a named input, so suites do not depend on each other's draw order. */
export const lcg = (name: string): Lcg => {
  // FNV-1a hash of the name: a fixed seed per input.
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0
  return new Lcg(h)
}
