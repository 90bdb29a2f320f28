/**
 * Suite 4: one training step's worth of differentiation for an MLP
 * 784-256-128-10 (ReLU, softmax cross-entropy, batch 128, float32): the loss and
 * its gradient with respect to all six weights and biases. Weights and data are
 * fixed draws from the LCG; the same formula everywhere:
 *   h1 = relu(x·W1 + b1), h2 = relu(h1·W2 + b2), z = h2·W3 + b3
 *   loss = −mean over the batch of Σ_k y_k (z_k − logsumexp(z))
 */
import { add, div, logsumexp, matmul, mul, neg, relu, sub, sum, tensor, valueAndGrad, type Tensor } from '../../src/index.js'
import type { Impl } from '../harness.js'
import { lcg } from '../inputs.js'
import { tfRead } from '../peers.js'
import type { Suite } from '../suite.js'

const SIZES = [784, 256, 128, 10] as const
const BATCH = 128

type JaxArray = import('@jax-js/jax').Array
type TfTensor = import('@tensorflow/tfjs').Tensor

const NAMES = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'] as const
type Name = (typeof NAMES)[number]

interface Data {
  /** flat values and shape of each parameter, in NAMES order */
  readonly params: ReadonlyArray<{ readonly name: Name; readonly data: Float32Array; readonly shape: number[] }>
  readonly x: Float32Array
  /** one-hot labels, [BATCH, 10] */
  readonly y: Float32Array
}

const makeData = (): Data => {
  const r = lcg('mlp')
  const params: Data['params'][number][] = []
  for (let l = 0; l < 3; l++) {
    const [fin, fout] = [SIZES[l]!, SIZES[l + 1]!]
    const lim = Math.sqrt(6 / (fin + fout)) // Glorot-uniform range
    params.push({ name: NAMES[2 * l]!, data: r.float32(fin * fout, -lim, lim), shape: [fin, fout] })
    params.push({ name: NAMES[2 * l + 1]!, data: r.float32(fout, -0.1, 0.1), shape: [fout] })
  }
  const x = r.float32(BATCH * SIZES[0], 0, 1)
  const labels = r.ints(BATCH, SIZES[3])
  const y = new Float32Array(BATCH * SIZES[3])
  labels.forEach((k, i) => (y[i * SIZES[3] + k] = 1))
  return { params, x, y }
}

export const mlpSuite: Suite = {
  name: 'mlp',
  title: `MLP ${SIZES.join('-')}, batch ${BATCH}: loss and gradient w.r.t. all weights (ms per step)`,
  description:
    'Forward and backward pass of a ReLU MLP with softmax cross-entropy (logits − logsumexp), float32, ' +
    'returning the loss and the gradients of W1, b1, W2, b2, W3, b3; every output is read back. ' +
    'fluxion: valueAndGrad over a parameter object; tfjs: tf.valueAndGrads inside tf.tidy; ' +
    'jax-js: valueAndGrad over a parameter object, eager and under jit.',
  async run(ctx) {
    const { peers } = ctx
    const D = makeData()
    const impls: Record<string, Impl> = {}

    impls.fluxion = () => {
      type P = Record<Name, Tensor>
      const loss = (p: P, x: Tensor, y: Tensor): Tensor => {
        const h1 = relu(add(matmul(x, p.w1), p.b1))
        const h2 = relu(add(matmul(h1, p.w2), p.b2))
        const z = add(matmul(h2, p.w3), p.b3)
        const logp = sub(z, logsumexp(z, 1, true))
        return neg(div(sum(mul(y, logp)), BATCH))
      }
      const vg = valueAndGrad(loss)
      const params = Object.fromEntries(D.params.map((q) => [q.name, tensor(q.data, { shape: q.shape })])) as P
      const x = tensor(D.x, { shape: [BATCH, SIZES[0]] })
      const y = tensor(D.y, { shape: [BATCH, SIZES[3]] })
      return {
        run: () => vg(params, x, y),
        output: () => {
          const [v, g] = vg(params, x, y)
          return [v.item(), ...NAMES.flatMap((k) => [...g[k].data()])]
        },
      }
    }

    for (const backend of ['cpu', 'wasm'] as const)
      impls[`tfjs-${backend}`] = async () => {
        const tf = await peers.tfOn(backend)
        const x = tf.tensor2d(D.x, [BATCH, SIZES[0]])
        const y = tf.tensor2d(D.y, [BATCH, SIZES[3]])
        const params = D.params.map((q) => tf.tensor(q.data, q.shape))
        const loss = (...p: TfTensor[]): import('@tensorflow/tfjs').Scalar => {
          const [w1, b1, w2, b2, w3, b3] = p as [TfTensor, TfTensor, TfTensor, TfTensor, TfTensor, TfTensor]
          const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1))
          const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2))
          const z = tf.add(tf.matMul(h2, w3), b3)
          const logp = tf.sub(z, tf.logSumExp(z, 1, true))
          return tf.neg(tf.div(tf.sum(tf.mul(y, logp)), BATCH)) as import('@tensorflow/tfjs').Scalar
        }
        const vg = tf.valueAndGrads(loss)
        return {
          run: () =>
            tf.tidy(() => {
              const { value, grads } = vg(params)
              value.dataSync()
              for (const g of grads) g.dataSync()
            }),
          output: () =>
            tfRead(tf, () => {
              const { value, grads } = vg(params)
              return [...value.dataSync(), ...grads.flatMap((g) => [...g.dataSync()])]
            }),
          dispose: () => tf.dispose([x, y, ...params]),
        }
      }

    const jaxImpl = (jitted: boolean): Impl => () => {
      const jax = peers.jax!
      const { numpy: np, nn } = jax
      type P = Record<Name, JaxArray>
      // Ownership: every argument is used exactly once, except z (hence z.ref).
      const loss = (p: P, x: JaxArray, y: JaxArray): JaxArray => {
        const h1 = nn.relu(np.matmul(x, p.w1).add(p.b1))
        const h2 = nn.relu(np.matmul(h1, p.w2).add(p.b2))
        const z = np.matmul(h2, p.w3).add(p.b3)
        const logp = z.ref.sub(nn.logsumexp(z, 1, { keepdims: true }))
        return np.sum(y.mul(logp)).mul(-1 / BATCH)
      }
      const jf = jitted ? jax.jit(jax.valueAndGrad(loss)) : undefined
      const vg = jf ?? jax.valueAndGrad(loss)
      const params = Object.fromEntries(D.params.map((q) => [q.name, np.array(q.data, { shape: q.shape })])) as P
      const x = np.array(D.x, { shape: [BATCH, SIZES[0]] })
      const y = np.array(D.y, { shape: [BATCH, SIZES[3]] })
      const step = () => vg(jax.tree.ref(params), x.ref, y.ref) as [JaxArray, P]
      return {
        // Read back (and so free) the loss and every gradient.
        run: async () => {
          const [v, g] = step()
          await v.data()
          for (const k of NAMES) await g[k].data()
        },
        output: async () => {
          const [v, g] = step()
          const parts: ArrayLike<number>[] = [await v.data()]
          for (const k of NAMES) parts.push(await g[k].data())
          return parts.flatMap((q) => Array.from(q))
        },
        dispose: () => {
          jax.tree.dispose(params)
          x.dispose()
          y.dispose()
          jf?.dispose()
        },
      }
    }
    impls['jax-js'] = jaxImpl(false)
    impls['jax-js-jit'] = jaxImpl(true)

    await ctx.case({ name: `batch ${BATCH}`, measure: { budgetMs: 3000, maxReps: 30 } }, impls)
  },
}
