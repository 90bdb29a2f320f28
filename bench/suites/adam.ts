/**
 * Suite 6 (issue 5): one Adam step over a pytree of 10⁶ float32 parameters,
 * `{ w1: [1000, 500], w2: [500, 1000] }`, with fixed gradients (lr 1e-3,
 * β₁ 0.9, β₂ 0.999, ε 1e-8 outside the square root, bias-corrected):
 *
 *     m ← β₁m + (1−β₁)g    v ← β₂v + (1−β₂)g²    p ← p − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 *
 * - fluxion: `optim.optimizer(optim.adam(1e-3))`, `state = opt.step(state, grads)`
 *   (pure: a new state each step);
 * - tfjs: `tf.train.adam(1e-3, 0.9, 0.999, 1e-8)` applying the gradients to
 *   `tf.Variable`s with `optimizer.applyGradients({ name: grad })` (in place). ε is
 *   passed explicitly: tfjs's default is the backend's epsilon, 1e-7;
 * - jax-js: it has no optimizer in `@jax-js/jax` (optimizers live in the separate
 *   `@jax-js/optax` package, not installed here), so the update is written with
 *   jax-js numpy ops (`jaxAdam` below, optax's formula), eagerly and under `jit`.
 *
 * Every step continues from the previous one (a training loop with fixed
 * gradients). A timed call ends when the new parameters and moments exist in the
 * library's own memory; they are not copied back to JavaScript (a training loop
 * leaves them where they are): jax-js, which is lazy, is awaited with
 * `blockUntilReady`; tfjs and fluxion compute eagerly.
 *
 * Agreement: the parameters after the first step (every peer's first call), all
 * 10⁶ of them, relative to the largest parameter, tolerance 1e-5.
 */
import { optim, tensor, type Tensor } from '../../src/index.js'
import type { Impl } from '../harness.js'
import { lcg } from '../inputs.js'
import type { Jax } from '../peers.js'
import type { Suite } from '../suite.js'

type JaxArray = import('@jax-js/jax').Array
type TfTensor = import('@tensorflow/tfjs').Tensor
type TfVariable = import('@tensorflow/tfjs').Variable

const LR = 1e-3
const B1 = 0.9
const B2 = 0.999
const EPS = 1e-8

const SHAPES = { w1: [1000, 500], w2: [500, 1000] } as const
const NAMES = ['w1', 'w2'] as const
type Name = (typeof NAMES)[number]
const sizeOf = (s: ReadonlyArray<number>) => s.reduce((a, b) => a * b, 1)
const N_PARAMS = NAMES.reduce((n, k) => n + sizeOf(SHAPES[k]), 0)

// ---- jax-js Adam, shared with the train-step suite ----

/** The state of the hand-written jax-js Adam: parameters and both moments, each a pytree of the same structure. */
export type JaxAdamState<P> = {
  readonly p: P
  readonly m: P
  readonly v: P
}

/** A fresh state (zero moments); consumes `params`. */
export const jaxAdamInit = <P extends Record<string, JaxArray>>(jax: Jax, params: P): JaxAdamState<P> => {
  const zeros = (): P => Object.fromEntries(Object.entries(params).map(([k, x]) => [k, jax.numpy.zeros(x.shape, { dtype: x.dtype })])) as P
  return { p: params, m: zeros(), v: zeros() }
}

/**
 * One Adam step with jax-js numpy ops, optax's formula (ε outside the root, no ε inside).
 * `bc1 = 1 − β₁ᵗ` and `bc2 = 1 − β₂ᵗ` are scalar arrays (not numbers) so that a `jit`
 * of a function calling this traces them instead of recompiling each step.
 * Ownership: consumes everything it is given (state, grads, bc1, bc2), as jax-js functions do.
 */
export const jaxAdamUpdate = <P extends Record<string, JaxArray>>(
  jax: Jax,
  s: JaxAdamState<P>,
  grads: P,
  bc1: JaxArray,
  bc2: JaxArray,
  lr = LR,
): JaxAdamState<P> => {
  const np = jax.numpy
  const keys = Object.keys(s.p)
  const p: Record<string, JaxArray> = {}
  const m: Record<string, JaxArray> = {}
  const v: Record<string, JaxArray> = {}
  for (const k of keys) {
    const g = grads[k]!
    const m1 = s.m[k]!.mul(B1).add(g.ref.mul(1 - B1))
    const v1 = s.v[k]!.mul(B2).add(np.square(g).mul(1 - B2))
    const u = m1.ref.div(bc1.ref).div(np.sqrt(v1.ref.div(bc2.ref)).add(EPS))
    p[k] = s.p[k]!.sub(u.mul(lr))
    m[k] = m1
    v[k] = v1
  }
  bc1.dispose()
  bc2.dispose()
  return { p: p as P, m: m as P, v: v as P }
}

/** The bias corrections of step t (1-based) as float32 scalar arrays. */
export const jaxBiasCorrections = (jax: Jax, t: number): [JaxArray, JaxArray] => [
  jax.numpy.array(1 - B1 ** t),
  jax.numpy.array(1 - B2 ** t),
]

// ---- the suite ----

let tfNames = 0

export const adamSuite: Suite = {
  name: 'adam',
  title: `Adam: one step over ${N_PARAMS === 1e6 ? "10⁶" : N_PARAMS} float32 parameters { w1: [1000, 500], w2: [500, 1000] } (ms per step)`,
  description:
    `One Adam step (lr ${LR}, β₁ ${B1}, β₂ ${B2}, ε ${EPS} outside the root, bias-corrected) over a pytree of ${N_PARAMS} ` +
    'float32 parameters with fixed gradients, each step continuing from the last. fluxion: optim.optimizer(optim.adam(1e-3)).step; ' +
    'tfjs: tf.train.adam(1e-3, 0.9, 0.999, 1e-8).applyGradients on tf.Variables; jax-js: no optimizer in @jax-js/jax ' +
    '(@jax-js/optax is a separate package, not installed), so the update is written with jax-js numpy ops, eager and jitted. ' +
    'A step ends when the new parameters and moments exist in the library\'s memory (jax-js: blockUntilReady); nothing is ' +
    'copied back. Check: all parameters after the first step.',
  async run(ctx) {
    const { peers } = ctx
    const r = lcg('adam')
    const pData = Object.fromEntries(NAMES.map((k) => [k, r.float32(sizeOf(SHAPES[k]), -0.1, 0.1)])) as Record<Name, Float32Array>
    const gData = Object.fromEntries(NAMES.map((k) => [k, r.float32(sizeOf(SHAPES[k]), -1, 1)])) as Record<Name, Float32Array>
    const flat = (parts: ReadonlyArray<ArrayLike<number>>): Float32Array => {
      const out = new Float32Array(N_PARAMS)
      let o = 0
      for (const q of parts) {
        out.set(q, o)
        o += q.length
      }
      return out
    }
    const impls: Record<string, Impl> = {}

    impls.fluxion = () => {
      type P = Record<Name, Tensor>
      const params = Object.fromEntries(NAMES.map((k) => [k, tensor(pData[k], { shape: [...SHAPES[k]] })])) as P
      const grads = Object.fromEntries(NAMES.map((k) => [k, tensor(gData[k], { shape: [...SHAPES[k]] })])) as P
      const opt = optim.optimizer(optim.adam(LR))
      let state = opt.init(params)
      return {
        run: () => {
          state = opt.step(state, grads)
        },
        output: () => {
          state = opt.step(state, grads)
          return flat(NAMES.map((k) => state.params[k].data()))
        },
      }
    }

    for (const backend of ['cpu', 'wasm'] as const)
      impls[`tfjs-${backend}`] = async () => {
        const tf = await peers.tfOn(backend)
        const seq = ++tfNames
        // variable names are global in tfjs: make them unique per preparation
        // (tf.variable shares its initial tensor's data and leaves the tensor alive: tidy frees the tensor, the variable keeps the data)
        const vars = Object.fromEntries(
          NAMES.map((k) => [k, tf.tidy(() => tf.variable(tf.tensor(pData[k], [...SHAPES[k]]), true, `adam-${k}-${backend}-${seq}`))]),
        ) as Record<Name, TfVariable>
        const grads: Record<string, TfTensor> = Object.fromEntries(NAMES.map((k) => [vars[k].name, tf.tensor(gData[k], [...SHAPES[k]])]))
        // (AdamOptimizer's own declaration asks for Variables; gradients are plain tensors, as in the base Optimizer's)
        const opt: import('@tensorflow/tfjs').Optimizer = tf.train.adam(LR, B1, B2, EPS)
        return {
          run: () => opt.applyGradients(grads),
          output: () => {
            opt.applyGradients(grads)
            return flat(NAMES.map((k) => vars[k].dataSync()))
          },
          dispose: () => {
            opt.dispose()
            tf.dispose([...Object.values(vars), ...Object.values(grads)])
          },
        }
      }

    const jaxImpl = (jitted: boolean): Impl => () => {
      const jax = peers.jax!
      const np = jax.numpy
      type P = Record<Name, JaxArray>
      const update = (s: JaxAdamState<P>, g: P, bc1: JaxArray, bc2: JaxArray) => jaxAdamUpdate(jax, s, g, bc1, bc2)
      const ju = jitted ? jax.jit(update) : undefined
      const step = ju ?? update
      const params = Object.fromEntries(NAMES.map((k) => [k, np.array(pData[k], { shape: [...SHAPES[k]] })])) as P
      const grads = Object.fromEntries(NAMES.map((k) => [k, np.array(gData[k], { shape: [...SHAPES[k]] })])) as P
      let state = jaxAdamInit(jax, params)
      let t = 0
      const next = async () => {
        const [bc1, bc2] = jaxBiasCorrections(jax, ++t)
        state = step(state, jax.tree.ref(grads), bc1, bc2) as JaxAdamState<P>
        await jax.blockUntilReady(state)
      }
      return {
        run: next,
        output: async () => {
          await next()
          const parts: ArrayLike<number>[] = []
          for (const k of NAMES) parts.push(await state.p[k].ref.data())
          return flat(parts)
        },
        dispose: () => {
          jax.tree.dispose(state)
          jax.tree.dispose(grads)
          ju?.dispose()
        },
      }
    }
    impls['jax-js'] = jaxImpl(false)
    impls['jax-js-jit'] = jaxImpl(true)

    await ctx.case(
      {
        name: `${N_PARAMS / 1e6}M params`,
        metric: { unit: 'ns/param', of: (ms) => (ms * 1e6) / N_PARAMS },
        tolerance: 1e-5,
        measure: { budgetMs: 1500, maxReps: 30 },
      },
      impls,
    )
  },
}
