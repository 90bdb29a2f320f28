/**
 * Suite 7 (issue 7): the reference training step. An MLP 784-256-128-10 with
 * ReLU, softmax cross-entropy (mean over the batch), batch 128, float32: forward,
 * backward and an Adam update (lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8) of all six
 * weights and biases. Every peer starts from the same fixed weights (Glorot-uniform
 * range from the LCG) and trains on the same fixed batch; every step continues from
 * the previous one. A timed step returns the loss as a JavaScript number (read back)
 * and leaves the updated parameters in the library's memory (jax-js is awaited with
 * `blockUntilReady`).
 *
 * - fluxion: `nn.mlp` parameters, `valueAndGrad(nn.mlp.lossFn())` (softmax
 *   cross-entropy with integer labels), `optim.optimizer(optim.adam(1e-3)).step`;
 * - tfjs: `tf.Variable`s, `optimizer.minimize(loss, true, vars)` with
 *   `tf.train.adam(1e-3, 0.9, 0.999, 1e-8)` and `tf.losses.softmaxCrossEntropy`
 *   (one-hot labels), inside `tf.tidy`;
 * - jax-js: `valueAndGrad` of the loss and the hand-written Adam update of the adam
 *   suite (jax-js has no optimizer in `@jax-js/jax`), eagerly, and the whole step
 *   under `jit` (traced and compiled in the first call).
 *
 * Agreement: the loss of the first step (at the initial weights) and of the second
 * (at the weights after one Adam step), tolerance 1e-5 relative to the loss.
 */
import { nn, optim, tensor, valueAndGrad } from '../../src/index.js'
import type { Impl } from '../harness.js'
import { lcg } from '../inputs.js'
import type { Suite } from '../suite.js'
import { jaxAdamInit, jaxAdamUpdate, jaxBiasCorrections, type JaxAdamState } from './adam.js'

const SIZES = [784, 256, 128, 10] as const
const BATCH = 128
const LR = 1e-3
const B1 = 0.9
const B2 = 0.999
const EPS = 1e-8

type JaxArray = import('@jax-js/jax').Array
type TfTensor = import('@tensorflow/tfjs').Tensor

interface Layer {
  readonly w: Float32Array
  readonly b: Float32Array
  readonly fin: number
  readonly fout: number
}

const makeData = () => {
  const r = lcg('train-step')
  const layers: Layer[] = []
  for (let l = 0; l < SIZES.length - 1; l++) {
    const [fin, fout] = [SIZES[l]!, SIZES[l + 1]!]
    const lim = Math.sqrt(6 / (fin + fout)) // Glorot-uniform range
    layers.push({ w: r.float32(fin * fout, -lim, lim), b: r.float32(fout, -0.1, 0.1), fin, fout })
  }
  const x = r.float32(BATCH * SIZES[0], 0, 1)
  const labels = r.ints(BATCH, SIZES[3])
  const oneHot = new Float32Array(BATCH * SIZES[3])
  labels.forEach((k, i) => (oneHot[i * SIZES[3] + k] = 1))
  return { layers, x, labels, oneHot }
}

export const trainStepSuite: Suite = {
  name: 'train-step',
  title: `training step: MLP ${SIZES.join('-')}, batch ${BATCH}, forward + backward + Adam (ms per step)`,
  description:
    `The reference training step: a ReLU MLP ${SIZES.join('-')} with softmax cross-entropy (batch mean), batch ${BATCH}, float32, ` +
    `forward, backward and an Adam update (lr ${LR}, ε ${EPS}) of all weights and biases, from the same fixed weights and batch; ` +
    'each step continues from the last and reads the loss back. fluxion: nn.mlp + valueAndGrad(nn.mlp.lossFn()) + ' +
    'optim.optimizer(optim.adam(1e-3)); tfjs: optimizer.minimize with tf.train.adam inside tf.tidy; jax-js: valueAndGrad + ' +
    'a hand-written Adam update (no optimizer in @jax-js/jax), eager and the whole step under jit. ' +
    'Check: the losses of the first two steps.',
  async run(ctx) {
    const { peers } = ctx
    const D = makeData()
    const impls: Record<string, Impl> = {}

    impls.fluxion = () => {
      const params: nn.MlpParams = D.layers.map((l) => ({
        w: tensor(l.w, { shape: [l.fin, l.fout] }),
        b: tensor(l.b, { shape: [l.fout] }),
      }))
      const batch: nn.Batch = {
        x: tensor(D.x, { shape: [BATCH, SIZES[0]] }),
        y: tensor(D.labels, { dtype: 'int32' }),
      }
      const vg = valueAndGrad(nn.mlp.lossFn()) // ReLU, softmax cross-entropy, batch mean
      const opt = optim.optimizer(optim.adam(LR))
      let state = opt.init(params)
      const step = (): number => {
        const [loss, grads] = vg(state.params, batch)
        state = opt.step(state, grads)
        return loss.item()
      }
      return { run: step, output: () => [step(), step()] }
    }

    let tfNames = 0
    for (const backend of ['cpu', 'wasm'] as const)
      impls[`tfjs-${backend}`] = async () => {
        const tf = await peers.tfOn(backend)
        const seq = ++tfNames
        // (tf.variable shares its initial tensor's data and leaves the tensor alive: tidy frees the tensor, the variable keeps the data)
        const vars = tf.tidy(() =>
          D.layers.flatMap((l, i) => [
            tf.variable(tf.tensor2d(l.w, [l.fin, l.fout]), true, `train-step-w${i + 1}-${backend}-${seq}`),
            tf.variable(tf.tensor1d(l.b), true, `train-step-b${i + 1}-${backend}-${seq}`),
          ]),
        )
        const x = tf.tensor2d(D.x, [BATCH, SIZES[0]])
        const y = tf.tensor2d(D.oneHot, [BATCH, SIZES[3]])
        const loss = (): import('@tensorflow/tfjs').Scalar => {
          let z: TfTensor = x
          for (let i = 0; i < D.layers.length; i++) {
            z = tf.add(tf.matMul(z, vars[2 * i]!), vars[2 * i + 1]!)
            if (i < D.layers.length - 1) z = tf.relu(z)
          }
          return tf.losses.softmaxCrossEntropy(y, z) as import('@tensorflow/tfjs').Scalar // mean over the batch
        }
        const opt = tf.train.adam(LR, B1, B2, EPS)
        const step = (): number => {
          let out = NaN
          tf.tidy(() => {
            out = opt.minimize(loss, true, vars)!.dataSync()[0]!
          })
          return out
        }
        return {
          run: step,
          output: () => [step(), step()],
          dispose: () => {
            opt.dispose()
            tf.dispose([...vars, x, y])
          },
        }
      }

    const jaxImpl = (jitted: boolean): Impl => () => {
      const jax = peers.jax!
      const { numpy: np, nn: jnn } = jax
      type P = { w1: JaxArray; b1: JaxArray; w2: JaxArray; b2: JaxArray; w3: JaxArray; b3: JaxArray }
      // Ownership: each argument is used exactly once.
      const loss = (p: P, x: JaxArray, y: JaxArray): JaxArray => {
        const h1 = jnn.relu(np.matmul(x, p.w1).add(p.b1))
        const h2 = jnn.relu(np.matmul(h1, p.w2).add(p.b2))
        const z = np.matmul(h2, p.w3).add(p.b3)
        return np.sum(y.mul(jnn.logSoftmax(z, -1))).mul(-1 / BATCH)
      }
      const vg = jax.valueAndGrad(loss)
      // One training step; consumes its arguments and returns the loss and the new state.
      const trainStep = (s: JaxAdamState<P>, x: JaxArray, y: JaxArray, bc1: JaxArray, bc2: JaxArray): [JaxArray, JaxAdamState<P>] => {
        const [l, g] = vg(jax.tree.ref(s.p), x, y) as [JaxArray, P]
        return [l, jaxAdamUpdate(jax, s, g, bc1, bc2, LR)]
      }
      const js = jitted ? jax.jit(trainStep) : undefined
      const stepFn = js ?? trainStep
      const names = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'] as const
      const params = Object.fromEntries(
        D.layers.flatMap((l, i) => [
          [names[2 * i]!, np.array(l.w, { shape: [l.fin, l.fout] })],
          [names[2 * i + 1]!, np.array(l.b, { shape: [l.fout] })],
        ]),
      ) as P
      const x = np.array(D.x, { shape: [BATCH, SIZES[0]] })
      const y = np.array(D.oneHot, { shape: [BATCH, SIZES[3]] })
      let state = jaxAdamInit(jax, params)
      let t = 0
      const step = async (): Promise<number> => {
        const [bc1, bc2] = jaxBiasCorrections(jax, ++t)
        const [l, s] = stepFn(state, x.ref, y.ref, bc1, bc2) as [JaxArray, JaxAdamState<P>]
        state = s
        const [value] = await Promise.all([l.data(), jax.blockUntilReady(state)])
        return value[0]!
      }
      return {
        run: step,
        output: async () => [await step(), await step()],
        dispose: () => {
          jax.tree.dispose(state)
          x.dispose()
          y.dispose()
          js?.dispose()
        },
      }
    }
    impls['jax-js'] = jaxImpl(false)
    impls['jax-js-jit'] = jaxImpl(true)

    await ctx.case(
      { name: `batch ${BATCH}`, metric: { unit: 'steps/s', of: (ms) => 1000 / ms }, tolerance: 1e-5, measure: { budgetMs: 3000, maxReps: 30 } },
      impls,
    )
  },
}
