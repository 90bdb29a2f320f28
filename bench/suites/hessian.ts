/**
 * Suite: second-order AD. The full Hessian ([100, 100]) of a smooth, non-convex
 * scalar function of x ∈ R^100 (float32), with a fixed A [100, 100] and x from the LCG:
 *   f(x) = Σ_i log(1 + (A·x)_i²) + ½ x·x
 * (its Hessian is Aᵀ·diag(2(1 − z²)/(1 + z²)²)·A + I, z = A·x). Only basic ops:
 * matmul, mul, add, log, sum. ms per Hessian, the matrix read back.
 *
 * fluxion: `hessian(f)(x)` (jacrev(jacrev(f)), both on vmap: the gradient taped once, its pullback batched over the 100 directions);
 * jax-js: `hessian(f)(x)` (jacfwd(grad(f)), vmapped), eager and under `jit`.
 * tfjs has no hessian and no vmap, but nested `tf.grad` works for these ops, so the
 * 100 Hessian-vector products H·e_i are batched by hand: X [100, 100] holds x in
 * every row, F(X) = Σ_rows f(row), and H = ∂/∂X Σ(∇F(X) ⊙ I) (row i of ∇F(X) is
 * ∇f(x), row i of the result is ∂(∇f)_i/∂x). Nesting is not correct in tfjs for
 * every op: ops whose gradient reuses their saved output (exp, tanh, sigmoid) throw
 * or give wrong second derivatives, hence log(1 + z²) rather than softplus or tanh.
 */
import { add, hessian, log, matmul, mul, sum, tensor, type Tensor } from '../../src/index.js'
import type { Impl } from '../harness.js'
import { lcg } from '../inputs.js'
import { tfRead } from '../peers.js'
import type { Suite } from '../suite.js'

const N = 100

type JaxArray = import('@jax-js/jax').Array

export const hessianSuite: Suite = {
  name: 'hessian',
  title: `Hessian of f(x) = Σ log(1 + (A·x)²) + ½ x·x, x ∈ R^${N}, A ${N}×${N} (ms per Hessian)`,
  description:
    `The full [${N}, ${N}] Hessian of a smooth non-convex function (matmul, mul, add, log, sum), float32, read back. ` +
    'fluxion: hessian(f) (jacrev(jacrev(f)) on vmap); jax-js: hessian(f) (jacfwd(grad(f))), eager and under jit; ' +
    'tfjs (no hessian): nested tf.grad over x tiled into 100 rows, H = ∂/∂X Σ(∇F(X) ⊙ I), i.e. the 100 ' +
    'Hessian-vector products H·e_i batched by hand, inside tf.tidy.',
  async run(ctx) {
    const { peers } = ctx
    const r = lcg('hessian')
    const aData = r.float32(N * N, -0.3, 0.3) // z = A·x of order 1: curvature of both signs
    const xData = r.float32(N)
    const impls: Record<string, Impl> = {}

    impls.fluxion = () => {
      const a = tensor(aData, { shape: [N, N] })
      const f = (x: Tensor): Tensor => {
        const z = matmul(a, x)
        return add(sum(log(add(mul(z, z), 1))), mul(sum(mul(x, x)), 0.5))
      }
      const h = hessian(f)
      const x = tensor(xData)
      return { run: () => h(x), output: () => h(x).data() }
    }

    for (const backend of ['cpu', 'wasm'] as const)
      impls[`tfjs-${backend}`] = async () => {
        const tf = await peers.tfOn(backend)
        type T = import('@tensorflow/tfjs').Tensor
        const a = tf.tensor2d(aData, [N, N])
        const eye = tf.eye(N)
        const xs = tf.tidy(() => tf.tile(tf.tensor2d(xData, [1, N]), [N, 1]))
        const F = (X: T): import('@tensorflow/tfjs').Scalar => {
          const z = tf.matMul(X, a, false, true)
          return tf.add(tf.sum(tf.log(tf.add(tf.mul(z, z), 1))), tf.mul(tf.sum(tf.mul(X, X)), 0.5))
        }
        const h = tf.grad((X: T) => tf.sum(tf.mul(tf.grad(F)(X), eye)))
        return {
          run: () => tf.tidy(() => h(xs).dataSync()),
          output: () => tfRead(tf, () => h(xs).dataSync()),
          dispose: () => tf.dispose([a, eye, xs]),
        }
      }

    const jaxImpl = (jitted: boolean): Impl => () => {
      const jax = peers.jax!
      const np = jax.numpy
      const a = np.array(aData, { shape: [N, N] })
      // Ownership: x is used three times and z twice (hence the .ref); a lives across calls.
      const f = (x: JaxArray): JaxArray => {
        const z = np.matmul(a.ref, x.ref)
        return np.sum(np.log(z.ref.mul(z).add(1))).add(np.sum(x.ref.mul(x)).mul(0.5))
      }
      const jf = jitted ? jax.jit(jax.hessian(f)) : undefined
      const h = jf ?? jax.hessian(f)
      const x = np.array(xData)
      return {
        run: () => h(x.ref).data(),
        output: () => h(x.ref).data(),
        dispose: () => {
          a.dispose()
          x.dispose()
          jf?.dispose()
        },
      }
    }
    impls['jax-js'] = jaxImpl(false)
    impls['jax-js-jit'] = jaxImpl(true)

    await ctx.case({ name: `n=${N}`, tolerance: 1e-4, measure: { budgetMs: 2000, maxReps: 20 } }, impls)
  },
}
