/**
 * GFLOP/s of the JS matmul kernel per size × layout × dtype, beside a naive triple loop.
 * Run: npx tsx bench/matmul-kernel.ts [sizes...]   (default 128 512 1024)
 * Each figure is the median of several timed runs after a warm-up.
 */
import { matmulKernel } from '../src/backend/js/matmul.js'
import { FLOAT_ARRAYS, fill, LAYOUTS, sizesFromArgs, type FloatArray } from './kernel-common.js'

const sizes = sizesFromArgs()
const layouts = LAYOUTS

/** The textbook i-j-p loop, plain layout, for scale. */
function naive(a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!
      out[i * n + j] = s
    }
  }
}

/** Median GFLOP/s of `run`, repeating enough to fill roughly `budgetMs`. */
function measure(flops: number, run: () => void, budgetMs: number): number {
  // Warm-up (lets the JIT optimise): a few calls, or one if a call is already slow.
  for (let w = 0, t = performance.now(); w < 5 && performance.now() - t < 300; w++) run()
  const t0 = performance.now()
  run()
  const once = Math.max(performance.now() - t0, 0.01)
  const reps = Math.max(3, Math.min(50, Math.round(budgetMs / once)))
  const inner = Math.max(1, Math.round(20 / once)) // batch very fast calls so the timer resolves them
  const rates: number[] = []
  for (let r = 0; r < reps; r++) {
    const s = performance.now()
    for (let i = 0; i < inner; i++) run()
    rates.push((flops * inner) / ((performance.now() - s) * 1e6))
  }
  rates.sort((x, y) => x - y)
  return rates[rates.length >> 1]!
}

const fmt = (x: number): string => x.toFixed(2).padStart(7)
console.log(`matmul kernel GFLOP/s (median), node ${process.version}`)
console.log(['dtype', 'size', ...layouts.map((l) => l[0]), 'naive'].map((h) => h.padStart(7)).join(' '))
for (const [name, make] of FLOAT_ARRAYS) {
  for (const s of sizes) {
    const a = fill(make(s * s))
    const b = fill(make(s * s))
    const out = make(s * s)
    const flops = 2 * s * s * s
    const budget = s >= 1024 ? 3000 : 1000
    const row = layouts.map(([, ta, tb]) => measure(flops, () => matmulKernel(a, b, out, 1, s, s, s, ta, tb, 0, 0), budget))
    const nv = measure(flops, () => naive(a, b, out, s, s, s), budget / 3)
    console.log([name.padStart(7), String(s).padStart(7), ...row.map(fmt), fmt(nv)].join(' '))
  }
}
