/**
 * Suite: jit. A 1000-op elementwise chain on a vector of 2¹⁶ float32s
 * (y + 0.001, y · 0.999, max(y, −1), y − 0.0005, repeated), run eagerly
 * (1000 kernel calls, 1000 fresh outputs) and compiled by `jit` into one fused
 * WebAssembly SIMD loop. Two cases, both in the fluxion column: "eager" and
 * "jit"; their ratio is the speed-up. The compile time (trace, CSE/DCE,
 * code generation and WebAssembly compilation: the first call) is printed
 * under the table. jax-js's jit needs minutes to compile a chain this long
 * (see the ad-chain suite), so it is not run here.
 */
import { add, jit, maximum, mul, sub, type Tensor } from '../../src/index.js'
import { fromBuffer } from '../../src/tensor/tensor.js'
import { na, type Impl } from '../harness.js'
import { lcg } from '../inputs.js'
import type { Suite } from '../suite.js'

const N = 1 << 16
const OPS = 1000

const chain = (x: Tensor): Tensor => {
  let y = x
  for (let i = 0; i < OPS; i++)
    y = i % 4 === 0 ? add(y, 0.001) : i % 4 === 1 ? mul(y, 0.999) : i % 4 === 2 ? maximum(y, -1) : sub(y, 0.0005)
  return y
}

export const jitSuite: Suite = {
  name: 'jit',
  title: `jit: a ${OPS}-op elementwise chain on ${N} float32s, eager vs compiled (ms per call)`,
  description:
    `ops = ${OPS}: +0.001, ·0.999, max(·, −1), −0.0005, repeated. "eager": one kernel call per op. "jit": jit(chain), ` +
    'one fused wasm SIMD loop (bit-identical to eager); compiled in the warm-up, compile time printed below. ' +
    'Peers: not run (jax-js jit takes minutes to compile a 1000-op chain; see ad-chain).',
  async run(ctx) {
    const data = lcg('jit-chain').float32(N)
    const x = fromBuffer(Float32Array.from(data), [N], 'float32')
    let compileMs = NaN
    const peersNa = {
      'tfjs-cpu': na('fluxion-only case (eager vs jit)'),
      'tfjs-wasm': na('fluxion-only case (eager vs jit)'),
      'jax-js': na('fluxion-only case (eager vs jit)'),
      'jax-js-jit': na('compiling a 1000-op chain takes minutes (see ad-chain)'),
    }
    const eager: Impl = () => ({ run: () => chain(x).data(), output: () => chain(x).data() })
    const jitted: Impl = () => {
      const f = jit(chain)
      const t0 = performance.now()
      f(x)
      compileMs = performance.now() - t0
      return { run: () => f(x).data(), output: () => f(x).data() }
    }
    await ctx.case({ name: `eager, ${OPS} ops`, measure: { budgetMs: 3000, maxReps: 10 } }, { fluxion: eager, ...peersNa })
    await ctx.case({ name: `jit, ${OPS} ops`, measure: { budgetMs: 2000, maxReps: 50 } }, { fluxion: jitted, ...peersNa })
    console.log(`  jit compile time (trace, passes, code generation, wasm compile; first call): ${compileMs.toFixed(0)} ms`)
  },
}
