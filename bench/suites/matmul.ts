/**
 * Suite 1: dense matrix multiply, n×n·n×n, in three layouts, float32 for every
 * peer and float64 where a peer has it. Reports GFLOP/s = 2n³ / time.
 *
 * All layouts multiply the same stored A and B: "Aᵀ·B" multiplies the transpose
 * of the stored A. fluxion passes { transA } / { transB } (no transpose is formed);
 * tfjs passes matMul's transposeA/transposeB flags; jax-js feeds `x.transpose()`
 * (a lazy view) to np.matmul, which is what a jax-js user writes.
 */
import { matmul, tensor } from '../../src/index.js'
import { na, type Impl, type MeasureOptions } from '../harness.js'
import { lcg } from '../inputs.js'
import { tfRead } from '../peers.js'
import type { Suite } from '../suite.js'

const LAYOUTS = [
  { name: 'A·B', transA: false, transB: false },
  { name: 'Aᵀ·B', transA: true, transB: false },
  { name: 'A·Bᵀ', transA: false, transB: true },
] as const

/**
 * 1024 is slow for the plain-JS peers: one warm-up call and few samples (a call over
 * 2 s gets 2 samples, so the whole run stays within a few minutes).
 */
const measureFor = (n: number): MeasureOptions =>
  n >= 1024 ? { minWarmup: 1, minReps: 3, maxReps: 10, budgetMs: 4000, minRepsSlow: 2 } : n >= 512 ? { minReps: 5, budgetMs: 2000 } : {}

const gflops = (n: number) => ({ unit: 'GFLOP/s', of: (ms: number) => (2 * n ** 3) / (ms * 1e6) })

export const matmulSuite: Suite = {
  name: 'matmul',
  title: 'matmul: C = op(A)·op(B), n×n, GFLOP/s = 2n³/time',
  description:
    'Square matrix products at n = 128, 512, 1024 in the layouts A·B, Aᵀ·B, A·Bᵀ, float32 and float64. ' +
    'Each timed call computes the product and reads it back (tfjs dataSync, jax-js await data()). ' +
    'tfjs has no float64 dtype, so its f64 rows are n/a.',
  async run(ctx) {
    const { peers } = ctx
    for (const dtype of ['float32', 'float64'] as const) {
      for (const n of [128, 512, 1024]) {
        const r = lcg(`matmul-${n}`)
        const aData = dtype === 'float32' ? r.float32(n * n) : r.float64(n * n)
        const bData = dtype === 'float32' ? r.float32(n * n) : r.float64(n * n)
        for (const L of LAYOUTS) {
          const impls: Record<string, Impl> = {}
          impls.fluxion = () => {
            const a = tensor(aData, { dtype, shape: [n, n] })
            const b = tensor(bData, { dtype, shape: [n, n] })
            const opts = { transA: L.transA, transB: L.transB }
            return { run: () => matmul(a, b, opts), output: () => matmul(a, b, opts).data() }
          }
          for (const backend of ['cpu', 'wasm'] as const) {
            impls[`tfjs-${backend}`] =
              dtype === 'float64'
                ? na('tfjs has no float64 dtype (float32, int32, bool, complex64 only)')
                : async () => {
                    const tf = await peers.tfOn(backend)
                    const a = tf.tensor2d(aData as Float32Array, [n, n])
                    const b = tf.tensor2d(bData as Float32Array, [n, n])
                    const product = () => tf.matMul(a, b, L.transA, L.transB)
                    return {
                      run: () => tf.tidy(() => void product().dataSync()),
                      output: () => tfRead(tf, () => product().dataSync()),
                      dispose: () => tf.dispose([a, b]),
                    }
                  }
          }
          impls['jax-js'] = () => {
            const { numpy: np } = peers.jax!
            const jdt = dtype === 'float32' ? np.float32 : np.float64
            const a = np.array(aData, { shape: [n, n], dtype: jdt })
            const b = np.array(bData, { shape: [n, n], dtype: jdt })
            const product = () => np.matmul(L.transA ? a.ref.transpose() : a.ref, L.transB ? b.ref.transpose() : b.ref)
            return {
              run: () => product().data(),
              output: () => product().data(),
              dispose: () => {
                a.dispose()
                b.dispose()
              },
            }
          }
          await ctx.case({ name: `${dtype === 'float32' ? 'f32' : 'f64'} ${n} ${L.name}`, measure: measureFor(n), metric: gflops(n) }, impls)
        }
      }
    }
  },
}
