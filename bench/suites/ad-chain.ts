/**
 * Suite 3: reverse-mode AD overhead. Value and gradient of a chain of elementwise
 * ops on a length-10 vector, then a sum:
 *   repeat ops/4 times: y = sin(y); y = y·0.99; y = tanh(y); y = y + 0.01
 * The tensors are tiny, so this measures each library's per-op cost of tracing,
 * taping and back-propagating, not arithmetic. Reported per op
 * (time of one value-and-gradient call / number of ops).
 *
 * The main case has 1000 ops. A 100-op case is also run because jax-js's jit
 * compile time grows steeply with the chain length (about 1 s at 40 ops, 8 s at
 * 100, 30 s at 200 and 3 minutes at 1000 on the machine this was written on), so
 * jax-js-jit is measured at 100 ops by default and at 1000 ops only with --full.
 */
import { add, mul, sin, sum, tanh, tensor, valueAndGrad, type Tensor } from '../../src/index.js'
import { na, type Impl } from '../harness.js'
import { lcg } from '../inputs.js'
import { tfRead } from '../peers.js'
import type { Suite } from '../suite.js'

const LEN = 10
const C_MUL = 0.99
const C_ADD = 0.01

type JaxArray = import('@jax-js/jax').Array

export const adChainSuite: Suite = {
  name: 'ad-chain',
  title: `AD: value and gradient of an elementwise chain on a length-${LEN} vector (µs per op)`,
  description:
    `ops = 1000 (and 100): sin, ·${C_MUL}, tanh, +${C_ADD}, repeated, then a sum; time of one value-and-gradient call, ` +
    'also shown per op (µs/op). fluxion: valueAndGrad; tfjs: tf.valueAndGrad inside tf.tidy; ' +
    'jax-js: valueAndGrad eagerly, and jit(valueAndGrad(f)), compiled in the warm-up (its first call is shown). ' +
    'jax-js-jit at 1000 ops needs minutes of compilation and runs only with --full.',
  async run(ctx) {
    const { peers } = ctx
    const xData = lcg('ad-chain').float32(LEN)

    for (const OPS of [1000, 100]) {
      const impls: Record<string, Impl> = {}

      impls.fluxion = () => {
        const f = (x: Tensor): Tensor => {
          let y = x
          for (let i = 0; i < OPS / 4; i++) y = add(tanh(mul(sin(y), C_MUL)), C_ADD)
          return sum(y)
        }
        const vg = valueAndGrad(f)
        const x = tensor(xData)
        return {
          run: () => vg(x),
          output: () => {
            const [v, g] = vg(x)
            return [v.item(), ...g.data()]
          },
        }
      }

      for (const backend of ['cpu', 'wasm'] as const)
        impls[`tfjs-${backend}`] = async () => {
          const tf = await peers.tfOn(backend)
          type T = import('@tensorflow/tfjs').Tensor
          const f = (x: T): import('@tensorflow/tfjs').Scalar => {
            let y = x
            for (let i = 0; i < OPS / 4; i++) y = tf.add(tf.tanh(tf.mul(tf.sin(y), C_MUL)), C_ADD)
            return tf.sum(y)
          }
          const vg = tf.valueAndGrad(f)
          const x = tf.tensor1d(xData)
          return {
            run: () =>
              tf.tidy(() => {
                const { value, grad } = vg(x)
                value.dataSync()
                grad.dataSync()
              }),
            output: () =>
              tfRead(tf, () => {
                const { value, grad } = vg(x)
                return [...value.dataSync(), ...grad.dataSync()]
              }),
            dispose: () => x.dispose(),
          }
        }

      const jaxImpl = (jitted: boolean): Impl => () => {
        const jax = peers.jax!
        const np = jax.numpy
        // Each op consumes its argument, so the chain needs no .ref.
        const f = (x: JaxArray): JaxArray => {
          let y = x
          for (let i = 0; i < OPS / 4; i++) y = np.tanh(np.sin(y).mul(C_MUL)).add(C_ADD)
          return np.sum(y)
        }
        const jf = jitted ? jax.jit(jax.valueAndGrad(f)) : undefined
        const vg = jf ?? jax.valueAndGrad(f)
        const x = np.array(xData)
        return {
          run: async () => {
            const [v, g] = vg(x.ref) as [JaxArray, JaxArray]
            await v.data()
            await g.data()
          },
          output: async () => {
            const [v, g] = vg(x.ref) as [JaxArray, JaxArray]
            return [...(await v.data()), ...(await g.data())]
          },
          dispose: () => {
            x.dispose()
            jf?.dispose()
          },
        }
      }
      impls['jax-js'] = jaxImpl(false)
      impls['jax-js-jit'] =
        OPS > 100 && !ctx.options.full
          ? na('skipped: compiling jit(valueAndGrad) of this chain takes minutes (see the 100-op case; run with --full)')
          : jaxImpl(true)

      await ctx.case(
        {
          name: `${OPS} ops, n=${LEN}`,
          metric: { unit: 'µs/op', of: (ms) => (ms * 1000) / OPS },
          measure: { budgetMs: 1000, maxReps: 30 },
        },
        impls,
      )
    }
  },
}
