/**
 * The wasm SIMD backend's kernels beside the plain JS ones, on the same inputs.
 * Run: npx tsx bench/wasm-kernels.ts [sizes...]   (default 128 512 1024)
 *
 * matmul: GFLOP/s per dtype × size × layout; elementwise add / mul and sum: ms
 * on 1M elements. Every figure is the best of several timed runs after a
 * warm-up (best, not median: the machine may be shared, and interference only
 * ever makes a run slower).
 */
import { jsBackend } from '../src/backend/js/index.js'
import { wasmBackend } from '../src/backend/wasm/index.js'
import type { Backend } from '../src/backend/backend.js'

import { FLOAT_ARRAYS, fill, LAYOUTS, sizesFromArgs, type FloatArray } from './kernel-common.js'

if (wasmBackend === null) {
  console.log('WebAssembly SIMD is not available here: nothing to compare.')
  process.exit(0)
}
const wasm: Backend = wasmBackend

const sizes = sizesFromArgs()
const layouts = LAYOUTS

/** Best time in ms of `run`: warm up, then time runs until `budgetMs` is spent (at least `minRuns`). */
function bestMs(run: () => void, budgetMs: number, minRuns = 3): number {
  for (let w = 0, t = performance.now(); w < 5 && performance.now() - t < 500; w++) run() // let both tiers compile
  let best = Infinity
  const start = performance.now()
  for (let r = 0; r < minRuns || performance.now() - start < budgetMs; r++) {
    const t = performance.now()
    run()
    best = Math.min(best, performance.now() - t)
  }
  return best
}

const f2 = (x: number): string => x.toFixed(2).padStart(7)
const f1 = (x: number): string => x.toFixed(1).padStart(7)

console.log(`wasm SIMD vs JS kernels (best of several runs), node ${process.version}`)
console.log('\nmatmul GFLOP/s (square, one thread)')
console.log(['dtype', 'size', ...layouts.flatMap(([l]) => [`js ${l}`, `wasm ${l}`])].map((h) => h.padStart(11)).join(''))
for (const [name, make] of FLOAT_ARRAYS) {
  for (const s of sizes) {
    const a = fill(make(s * s))
    const b = fill(make(s * s))
    const out = make(s * s)
    const gflops = (ms: number): number => (2 * s * s * s) / (ms * 1e6)
    const cells = layouts.flatMap(([, ta, tb]) => {
      const time = (be: Backend, budget: number): number =>
        bestMs(() => be.matmul(a, b, out, 1, s, s, s, ta, tb, 0, 0), budget, s >= 1024 && be === jsBackend ? 2 : 3)
      return [gflops(time(jsBackend, s >= 1024 ? 0 : 600)), gflops(time(wasm, 800))]
    })
    console.log([name, String(s), ...cells.map(f2)].map((c) => c.padStart(11)).join(''))
  }
}

const N = 1 << 20
console.log(`\nelementwise and sum on ${N} elements: ms (js / wasm / speed-up)`)
console.log(['dtype', 'op', 'js', 'wasm', '×'].map((h) => h.padStart(9)).join(''))
for (const [name, make] of FLOAT_ARRAYS) {
  const x = fill(make(N))
  const y = fill(make(N))
  const out = make(N)
  const sum = make(1)
  const st = [1]
  const ops: ReadonlyArray<[string, (be: Backend) => void]> = [
    ['add', (be) => be.binary('add', x, st, y, st, [N], out)],
    ['mul', (be) => be.binary('mul', x, st, y, st, [N], out)],
    ['sum', (be) => be.reduce('sum', x, 1, N, 1, sum)],
  ]
  for (const [op, run] of ops) {
    const js = bestMs(() => run(jsBackend), 500)
    const w = bestMs(() => run(wasm), 500)
    console.log([name, op].map((c) => c.padStart(9)).join('') + [f2(js), f2(w), f1(js / w)].map((c) => c.padStart(9)).join(''))
  }
}
