/**
 * GFLOP/s of the wasm matmul on one thread vs two (src/backend/wasm/threads.ts),
 * A·B, float32 and float64, best of several runs after a warm-up.
 * Run: npx tsx bench/threads.ts [sizes...]   (default 128 256 512 1024; the threshold is bypassed to show where it pays)
 */
import { matmul } from '../src/backend/wasm/matmul.js'
import { runtime } from '../src/backend/wasm/runtime.js'
import { matmulThreaded, shutdown, warmup } from '../src/backend/wasm/threads.js'

const main = async (): Promise<void> => {
  const sizes = process.argv.slice(2).map(Number).filter((s) => s > 0)
  if (sizes.length === 0) sizes.push(128, 256, 512, 1024)
  if (runtime === null || !(await warmup())) {
    console.log('two-thread matmul unavailable here')
    return
  }
  const single = matmul(runtime, false)
  let seed = 12345
  const rand = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 2 ** 32 - 0.5
  }
  /**
   * Best GFLOP/s of each of `runs` over `reps` rounds after two warm-ups; the runs
   * alternate within a round, so a burst of outside load hits both alike.
   */
  const best = (flops: number, runs: ReadonlyArray<() => void>, reps: number): number[] => {
    for (const run of runs) { run(); run() }
    const t = runs.map(() => Infinity)
    for (let r = 0; r < reps; r++) {
      runs.forEach((run, i) => {
        const s = performance.now()
        run()
        t[i] = Math.min(t[i]!, performance.now() - s)
      })
    }
    return t.map((x) => flops / (x * 1e6))
  }
  console.log(`wasm matmul GFLOP/s (best of runs), node ${process.version}`)
  console.log(['dtype', 'size', '1 thread', '2 threads', 'speedup'].map((h) => h.padStart(9)).join(' '))
  for (const Arr of [Float32Array, Float64Array]) {
    for (const s of sizes) {
      const a = new Arr(s * s).map(rand)
      const b = new Arr(s * s).map(rand)
      const out = new Arr(s * s)
      const flops = 2 * s * s * s
      const reps = s >= 1024 ? 10 : s >= 512 ? 25 : 60
      const [g1, g2] = best(flops, [
        () => single(a, b, out, 1, s, s, s, false, false, 0, 0),
        () => {
          if (!matmulThreaded(a, b, out, 1, s, s, s, false, false, 0, 0, 0)) throw new Error('declined')
        },
      ], reps) as [number, number]
      const name = Arr === Float32Array ? 'f32' : 'f64'
      console.log([name, String(s), g1.toFixed(2), g2.toFixed(2), (g2 / g1).toFixed(2) + '×'].map((h) => h.padStart(9)).join(' '))
    }
  }
  await shutdown()
}

void main()
