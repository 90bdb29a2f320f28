/**
 * Suite: vmap. Three measurements of batching, each beside jax-js:
 *
 * 1. Per-example gradients of the reference MLP 784-256-128-10 (ReLU, softmax
 *    cross-entropy, float32) over a batch of 128: `vmap(grad(loss))` with the
 *    parameters shared (inAxes null), against jax-js `vmap(grad)`, eager and
 *    under `jit`. A second case runs fluxion's loop of 128 `grad` calls (the
 *    examples pre-sliced), and the suite prints the loop / vmap ratio.
 * 2. The Jacobian of f(x) = tanh(A·x) ⊙ x, x ∈ R^64, A 64×64: `jacfwd` and
 *    `jacrev` (both on vmap), against jax-js's, eager and under `jit`.
 *
 * The Hessian of the 100-input function (hessian, now on vmap) is in the
 * `hessian` suite. tfjs has no vmap and no Jacobians: n/a here.
 */
import { add, grad, jacfwd, jacrev, logsumexp, matmul, mul, neg, relu, sub, sum, take, tanh, tensor, vmap, type Tensor } from '../../src/index.js'
import { na, type Impl, type Row } from '../harness.js'
import { lcg } from '../inputs.js'
import type { Suite } from '../suite.js'

const BIG = [784, 256, 128, 10] as const
const SMALL = [16, 32, 32, 4] as const
const BATCH = 128
const NJ = 64

type JaxArray = import('@jax-js/jax').Array
const NAMES = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'] as const
type Name = (typeof NAMES)[number]
type P = Record<Name, Tensor>

const makeData = (SIZES: readonly [number, number, number, number]) => {
  const r = lcg(`vmap-mlp-${SIZES.join('-')}`)
  const params: Array<{ name: Name; data: Float32Array; shape: number[] }> = []
  for (let l = 0; l < 3; l++) {
    const [fin, fout] = [SIZES[l]!, SIZES[l + 1]!]
    const lim = Math.sqrt(6 / (fin + fout))
    params.push({ name: NAMES[2 * l]!, data: r.float32(fin * fout, -lim, lim), shape: [fin, fout] })
    params.push({ name: NAMES[2 * l + 1]!, data: r.float32(fout, -0.1, 0.1), shape: [fout] })
  }
  const x = r.float32(BATCH * SIZES[0], 0, 1)
  const labels = r.ints(BATCH, SIZES[3])
  const y = new Float32Array(BATCH * SIZES[3])
  labels.forEach((k, i) => (y[i * SIZES[3] + k] = 1))
  return { params, x, y }
}

/** The loss of one example: x [784], one-hot y [10]. */
const loss1 = (p: P, x: Tensor, y: Tensor): Tensor => {
  const h1 = relu(add(matmul(x, p.w1), p.b1))
  const h2 = relu(add(matmul(h1, p.w2), p.b2))
  const z = add(matmul(h2, p.w3), p.b3)
  return neg(sum(mul(y, sub(z, logsumexp(z)))))
}

const noVmap = na('tfjs has no vmap')

export const vmapSuite: Suite = {
  name: 'vmap',
  title: `vmap: per-example gradients (MLP ${BIG.join('-')} and ${SMALL.join('-')}, batch ${BATCH}) and [${NJ}]→[${NJ}] Jacobians (ms per call)`,
  description:
    `Per-example gradients of every weight of a ReLU MLP for ${BATCH} examples (float32, all read back), for the reference ` +
    `${BIG.join('-')} (memory-bound: the per-example W1 gradients alone are ${BATCH}×784×256 floats) and a small ${SMALL.join('-')}: ` +
    'fluxion vmap(grad(loss)) and a loop of 128 grad calls; jax-js vmap(grad), eager and under jit. ' +
    `Jacobian of tanh(A·x)⊙x, x ∈ R^${NJ}: jacfwd and jacrev (fluxion: both on vmap), beside jax-js eager and jit.`,
  async run(ctx) {
    const { peers } = ctx
    // ---- per-example gradients: the reference MLP, and a small one where per-call overhead dominates ----
    for (const SIZES of [BIG, SMALL]) {
    const D = makeData(SIZES)
    const label = SIZES.join('-')

    const fluxionSetup = () => {
      const params = Object.fromEntries(D.params.map((q) => [q.name, tensor(q.data, { shape: q.shape })])) as P
      const x = tensor(D.x, { shape: [BATCH, SIZES[0]] })
      const y = tensor(D.y, { shape: [BATCH, SIZES[3]] })
      return { params, x, y }
    }
    const readAll = (g: P) => NAMES.map((k) => g[k].data())
    const checkOut = (g: P) => [...g.w3.data(), ...g.b3.data(), ...g.b1.data()]

    const perExample: Record<string, Impl> = {
      fluxion: () => {
        const { params, x, y } = fluxionSetup()
        const pe = vmap(grad(loss1), { inAxes: [null, 0, 0] })
        return { run: () => readAll(pe(params, x, y) as P), output: () => checkOut(pe(params, x, y) as P) }
      },
      'tfjs-cpu': noVmap,
      'tfjs-wasm': noVmap,
    }
    const jaxImpl = (jitted: boolean): Impl => () => {
      const jax = peers.jax!
      const { numpy: np, nn } = jax
      type JP = Record<Name, JaxArray>
      // Ownership: every argument is used once, except z (hence z.ref).
      const loss = (p: JP, x: JaxArray, y: JaxArray): JaxArray => {
        const h1 = nn.relu(np.matmul(x, p.w1).add(p.b1))
        const h2 = nn.relu(np.matmul(h1, p.w2).add(p.b2))
        const z = np.matmul(h2, p.w3).add(p.b3)
        return np.sum(y.mul(z.ref.sub(nn.logsumexp(z, 0)))).mul(-1)
      }
      const pe = jax.vmap(jax.grad(loss), [null, 0, 0])
      const jf = jitted ? jax.jit(pe) : undefined
      const f = jf ?? pe
      const params = Object.fromEntries(D.params.map((q) => [q.name, np.array(q.data, { shape: q.shape })])) as JP
      const x = np.array(D.x, { shape: [BATCH, SIZES[0]] })
      const y = np.array(D.y, { shape: [BATCH, SIZES[3]] })
      const step = () => f(jax.tree.ref(params), x.ref, y.ref) as unknown as JP
      return {
        run: async () => {
          const g = step()
          for (const k of NAMES) await g[k].data()
        },
        output: async () => {
          const g = step()
          const all: Record<string, ArrayLike<number>> = {}
          for (const k of NAMES) all[k] = await g[k].data()
          return [...Array.from(all.w3!), ...Array.from(all.b3!), ...Array.from(all.b1!)]
        },
        dispose: () => {
          jax.tree.dispose(params)
          x.dispose()
          y.dispose()
          jf?.dispose()
        },
      }
    }
    perExample['jax-js'] = jaxImpl(false)
    perExample['jax-js-jit'] = jaxImpl(true)
    const vmapRows = await ctx.case({ name: `per-example grads ${label}, vmap(grad)`, tolerance: 1e-4, measure: { budgetMs: 4000, maxReps: 15 } }, perExample)

    const loopRows = await ctx.case({ name: `per-example grads ${label}, loop of ${BATCH} grads`, measure: { budgetMs: 4000, maxReps: 5 } }, {
      fluxion: () => {
        const { params, x, y } = fluxionSetup()
        const xs = Array.from({ length: BATCH }, (_, b) => take(x, b, 0))
        const ys = Array.from({ length: BATCH }, (_, b) => take(y, b, 0))
        const g = grad(loss1)
        return { run: () => xs.map((xb, b) => readAll(g(params, xb, ys[b]!))) }
      },
    })
    const median = (rows: Row[]) => rows.find((r) => r.peer === 'fluxion')?.stats?.median
    const [v, l] = [median(vmapRows), median(loopRows)]
    if (v !== undefined && l !== undefined) console.log(`  → vmap(grad) is ${(l / v).toFixed(1)}× faster than the loop of ${BATCH} grads for MLP ${label}`)
    // For scale: the batched result is BATCH× one gradient, in fresh memory (the result, then its .data() copy),
    // where the loop reuses the same small buffers. How long the machine takes to hand out and write that much
    // fresh memory bounds vmap(grad) from below, whatever the kernels do (on VMs whose page faults go to the
    // host it is most of the time).
    const floats = BATCH * D.params.reduce((s, q) => s + q.data.length, 0)
    const fresh = Array.from({ length: 3 }, () => {
      const t0 = performance.now()
      new Float32Array(floats).fill(1)
      return performance.now() - t0
    }).sort((a, b) => a - b)[1]!
    console.log(`  → for scale: writing the ${(floats * 4 / 1e6).toFixed(0)} MB of per-example gradients into fresh memory once takes ${fresh.toFixed(1)} ms on this machine ` +
      '(vmap(grad) with the read-back writes it twice)')

    }

    // ---- Jacobians ----
    const r = lcg('vmap-jacobian')
    const aData = r.float32(NJ * NJ, -0.2, 0.2)
    const xData = r.float32(NJ)
    for (const mode of ['jacfwd', 'jacrev'] as const) {
      const impls: Record<string, Impl> = {
        fluxion: () => {
          const a = tensor(aData, { shape: [NJ, NJ] })
          const f = (x: Tensor): Tensor => mul(tanh(matmul(a, x)), x)
          const j = (mode === 'jacfwd' ? jacfwd : jacrev)(f)
          const x = tensor(xData)
          return { run: () => (j(x) as Tensor).data(), output: () => (j(x) as Tensor).data() }
        },
        'tfjs-cpu': na('tfjs has no Jacobians'),
        'tfjs-wasm': na('tfjs has no Jacobians'),
      }
      for (const jitted of [false, true]) {
        impls[jitted ? 'jax-js-jit' : 'jax-js'] = () => {
          const jax = peers.jax!
          const np = jax.numpy
          const a = np.array(aData, { shape: [NJ, NJ] })
          const f = (x: JaxArray): JaxArray => np.tanh(np.matmul(a.ref, x.ref)).mul(x)
          const j0 = jax[mode](f)
          const jf = jitted ? jax.jit(j0) : undefined
          const j = jf ?? j0
          const x = np.array(xData)
          return {
            run: () => j(x.ref).data(),
            // jax-js 0.1.25's jacfwd returns the transpose of the Jacobian (its jacrev does not): transposed back for the check
            output: async () => {
              const d = await j(x.ref).data()
              return mode === 'jacfwd' ? Float32Array.from({ length: NJ * NJ }, (_, k) => d[(k % NJ) * NJ + Math.floor(k / NJ)]!) : d
            },
            dispose: () => {
              a.dispose()
              x.dispose()
              jf?.dispose()
            },
          }
        }
      }
      await ctx.case({ name: `${mode} [${NJ}]→[${NJ}]`, tolerance: 1e-4, measure: { budgetMs: 2000, maxReps: 200 } }, impls)
    }
  },
}
