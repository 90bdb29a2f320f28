/**
 * Suite 2: elementwise ops and reductions over 10⁶ float32 elements
 * (a [1000, 1000] tensor): add, mul, exp, tanh, sum of all, max along each axis.
 * Memory-bound work: the figures are mostly one or two passes over 4 MB.
 */
import { add, exp, max, mul, sum, tanh, tensor, type Tensor } from '../../src/index.js'
import type { Impl } from '../harness.js'
import { tfRead, type Tf } from '../peers.js'
import { lcg } from '../inputs.js'
import type { Suite } from '../suite.js'

const SHAPE = [1000, 1000] as const
const N = SHAPE[0] * SHAPE[1]

type JaxArray = import('@jax-js/jax').Array
type JaxNp = typeof import('@jax-js/jax').numpy

interface Op {
  readonly name: string
  readonly fluxion: (a: Tensor, b: Tensor) => Tensor
  readonly tfjs: (tf: Tf, a: import('@tensorflow/tfjs').Tensor, b: import('@tensorflow/tfjs').Tensor) => import('@tensorflow/tfjs').Tensor
  /** consumes a and b (the caller passes .ref) */
  readonly jax: (np: JaxNp, a: JaxArray, b: JaxArray) => JaxArray
}

const OPS: ReadonlyArray<Op> = [
  { name: 'add', fluxion: (a, b) => add(a, b), tfjs: (tf, a, b) => tf.add(a, b), jax: (np, a, b) => np.add(a, b) },
  { name: 'mul', fluxion: (a, b) => mul(a, b), tfjs: (tf, a, b) => tf.mul(a, b), jax: (np, a, b) => np.multiply(a, b) },
  { name: 'exp', fluxion: (a) => exp(a), tfjs: (tf, a) => tf.exp(a), jax: (np, a, b) => (b.dispose(), np.exp(a)) },
  { name: 'tanh', fluxion: (a) => tanh(a), tfjs: (tf, a) => tf.tanh(a), jax: (np, a, b) => (b.dispose(), np.tanh(a)) },
  { name: 'sum (all)', fluxion: (a) => sum(a), tfjs: (tf, a) => tf.sum(a), jax: (np, a, b) => (b.dispose(), np.sum(a)) },
  { name: 'max axis=1', fluxion: (a) => max(a, 1), tfjs: (tf, a) => tf.max(a, 1), jax: (np, a, b) => (b.dispose(), np.max(a, 1)) },
  { name: 'max axis=0', fluxion: (a) => max(a, 0), tfjs: (tf, a) => tf.max(a, 0), jax: (np, a, b) => (b.dispose(), np.max(a, 0)) },
]

export const elementwiseSuite: Suite = {
  name: 'elementwise',
  title: 'elementwise and reductions: 10⁶ float32 elements ([1000, 1000])',
  description:
    'One op over a [1000, 1000] float32 tensor (and a second one for add/mul), inputs uniform in [-1, 1). ' +
    'sum reduces everything to a scalar; max axis=1 reduces each contiguous row, axis=0 each strided column. ' +
    'Peers read the result back inside the timed call (a 4 MB copy for elementwise results on wasm backends).',
  async run(ctx) {
    const { peers } = ctx
    const r = lcg('elementwise')
    const aData = r.float32(N)
    const bData = r.float32(N)
    for (const op of OPS) {
      const impls: Record<string, Impl> = {}
      impls.fluxion = () => {
        const a = tensor(aData, { shape: [...SHAPE] })
        const b = tensor(bData, { shape: [...SHAPE] })
        return { run: () => op.fluxion(a, b), output: () => op.fluxion(a, b).data() }
      }
      for (const backend of ['cpu', 'wasm'] as const)
        impls[`tfjs-${backend}`] = async () => {
          const tf = await peers.tfOn(backend)
          const a = tf.tensor2d(aData, [...SHAPE])
          const b = tf.tensor2d(bData, [...SHAPE])
          return {
            run: () => tf.tidy(() => void op.tfjs(tf, a, b).dataSync()),
            output: () => tfRead(tf, () => op.tfjs(tf, a, b).dataSync()),
            dispose: () => tf.dispose([a, b]),
          }
        }
      impls['jax-js'] = () => {
        const { numpy: np } = peers.jax!
        const a = np.array(aData, { shape: [...SHAPE] })
        const b = np.array(bData, { shape: [...SHAPE] })
        return {
          run: () => op.jax(np, a.ref, b.ref).data(),
          output: () => op.jax(np, a.ref, b.ref).data(),
          dispose: () => {
            a.dispose()
            b.dispose()
          },
        }
      }
      await ctx.case({ name: op.name, measure: { budgetMs: 600 } }, impls)
    }
  },
}
