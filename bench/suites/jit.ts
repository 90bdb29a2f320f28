/**
 * Suite: jit. A 1000-op elementwise chain on a vector of 2¹⁶ float32s
 * (y + 0.001, y · 0.999, max(y, −1), y − 0.0005, repeated), run eagerly
 * (1000 kernel calls, 1000 fresh outputs) and compiled by `jit` into one fused
 * WebAssembly SIMD loop. Two cases, both in the fluxion column: "eager" and
 * "jit"; their ratio is the speed-up. The compile time (trace, CSE/DCE,
 * code generation and WebAssembly compilation: the first call) is printed
 * under the table. jax-js's jit needs minutes to compile a chain this long
 * (see the ad-chain suite), so it is not run here.
 *
 * Then the reference training step under `jit` (MLP 784-256-128-10, ReLU,
 * softmax cross-entropy with integer labels, batch 128, float32, the data of
 * the train-step suite): forward, backward and an update, the whole step one
 * jitted call with the parameters (and moments) donated. SGD (lr 0.01) beside
 * jax-js `jit` of the same step and tfjs's `train.sgd`; Adam (lr 1e-3,
 * bias corrections passed in as numbers, which `jit` traces) beside tfjs's
 * `train.adam` and jax-js `jit` of the Adam step of the train-step suite. And
 * one Adam update over 10⁶ parameters (the adam suite's) with donated state.
 * The Adam steps are written with tensor ops (optax's formula, as
 * `optim.scaleByAdam` composes it): `optim.optimizer(...).step` keeps its step
 * count as a number that its checks read, so it does not trace yet.
 */
import { add, div, jit, maximum, mul, nn, sqrt, sub, tensor, tree, valueAndGrad, type Tensor } from '../../src/index.js'
import { fromBuffer } from '../../src/tensor/tensor.js'
import { na, type Impl } from '../harness.js'
import { lcg } from '../inputs.js'
import type { Suite, SuiteContext } from '../suite.js'
import { jaxAdamInit, jaxAdamUpdate, jaxBiasCorrections, type JaxAdamState } from './adam.js'

type JaxArray = import('@jax-js/jax').Array
type TfTensor = import('@tensorflow/tfjs').Tensor

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
    await trainSteps(ctx)
    await adamMillion(ctx)
  },
}

// ---- the reference training step under jit ----

const SIZES = [784, 256, 128, 10] as const
const BATCH = 128
const B1 = 0.9
const B2 = 0.999
const EPS = 1e-8

/** The train-step suite's data: the same draws in the same order. */
const trainData = () => {
  const r = lcg('train-step')
  const layers = [0, 1, 2].map((l) => {
    const [fin, fout] = [SIZES[l]!, SIZES[l + 1]!]
    const lim = Math.sqrt(6 / (fin + fout))
    return { w: r.float32(fin * fout, -lim, lim), b: r.float32(fout, -0.1, 0.1), fin, fout }
  })
  const x = r.float32(BATCH * SIZES[0], 0, 1)
  const labels = r.ints(BATCH, SIZES[3])
  const oneHot = new Float32Array(BATCH * SIZES[3])
  labels.forEach((k, i) => (oneHot[i * SIZES[3] + k] = 1))
  return { layers, x, labels, oneHot }
}

/** One Adam leaf with tensor ops, as optim.scaleByAdam + scaleByLearningRate + applyUpdates compose it. */
const adamLeaf = (p: Tensor, g: Tensor, m: Tensor, v: Tensor, bc1: number | Tensor, bc2: number | Tensor, lr: number): [Tensor, Tensor, Tensor] => {
  const m1 = add(mul(g, 1 - B1), mul(m, B1))
  const v1 = add(mul(mul(g, g), 1 - B2), mul(v, B2))
  const u = div(div(m1, bc1), add(sqrt(div(v1, bc2)), EPS))
  return [add(p, mul(u, -lr)), m1, v1]
}

interface AdamState { readonly p: Record<string, Tensor>; readonly m: Record<string, Tensor>; readonly v: Record<string, Tensor> }

const adamTree = (s: AdamState, g: Record<string, Tensor>, bc1: number, bc2: number, lr: number): AdamState => {
  const out = Object.keys(s.p).map((k) => adamLeaf(s.p[k]!, g[k]!, s.m[k]!, s.v[k]!, bc1, bc2, lr))
  const pick = (i: number) => Object.fromEntries(Object.keys(s.p).map((k, j) => [k, out[j]![i]!]))
  return { p: pick(0), m: pick(1), v: pick(2) }
}

const trainSteps = async (ctx: SuiteContext): Promise<void> => {
  const { peers } = ctx
  const D = trainData()
  const compile: Record<string, number> = {}
  const names = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'] as const
  type P = Record<(typeof names)[number], Tensor>

  const fluxion = (opt: 'sgd' | 'adam'): Impl => () => {
    const params = Object.fromEntries(D.layers.flatMap((l, i) => [
      [names[2 * i]!, tensor(l.w, { shape: [l.fin, l.fout] })], [names[2 * i + 1]!, tensor(l.b, { shape: [l.fout] })],
    ])) as P
    const batch = { x: tensor(D.x, { shape: [BATCH, SIZES[0]] }), y: tensor(D.labels, { dtype: 'int32' }) }
    const asMlp = (p: P): nn.MlpParams => [0, 1, 2].map((i) => ({ w: p[names[2 * i]!], b: p[names[2 * i + 1]!] }))
    const vg = valueAndGrad((p: P, b: nn.Batch) => nn.mlp.lossFn()(asMlp(p), b))
    const lr = opt === 'sgd' ? 0.01 : 1e-3
    const sgd = jit((p: P, b: nn.Batch) => {
      const [loss, g] = vg(p, b)
      return [loss, tree.map((x: Tensor, d: Tensor) => sub(x, mul(d, lr)), p, g as P)] as const
    }, { donateArgnums: [0] })
    const adam = jit((s: AdamState, b: nn.Batch, bc1: number, bc2: number) => {
      const [loss, g] = vg(s.p as P, b)
      return [loss, adamTree(s, g as Record<string, Tensor>, bc1, bc2, lr)] as const
    }, { donateArgnums: [0] })
    let p = params
    let s: AdamState = { p: params, m: tree.map((x: Tensor) => mul(x, 0), params), v: tree.map((x: Tensor) => mul(x, 0), params) }
    let t = 0
    const step = (): number => {
      if (opt === 'sgd') {
        const [loss, q] = sgd(p, batch)
        p = q as P
        return loss.item()
      }
      t++
      const [loss, q] = adam(s, batch, 1 - B1 ** t, 1 - B2 ** t)
      s = q
      return loss.item()
    }
    const t0 = performance.now()
    const first = step()
    compile[opt] = performance.now() - t0
    return { run: step, output: () => [first, step()] }
  }

  const tfjs = (opt: 'sgd' | 'adam'): Impl => async () => {
    const tf = await peers.tfOn('wasm')
    const tag = `${opt}-${Math.floor(performance.now() * 1000)}`
    const vars = tf.tidy(() => D.layers.flatMap((l, i) => [
      tf.variable(tf.tensor2d(l.w, [l.fin, l.fout]), true, `jit-${tag}-w${i}`),
      tf.variable(tf.tensor1d(l.b), true, `jit-${tag}-b${i}`),
    ]))
    const x = tf.tensor2d(D.x, [BATCH, SIZES[0]])
    const y = tf.tensor2d(D.oneHot, [BATCH, SIZES[3]])
    const loss = (): import('@tensorflow/tfjs').Scalar => {
      let z: TfTensor = x
      for (let i = 0; i < 3; i++) {
        z = tf.add(tf.matMul(z, vars[2 * i]!), vars[2 * i + 1]!)
        if (i < 2) z = tf.relu(z)
      }
      return tf.losses.softmaxCrossEntropy(y, z) as import('@tensorflow/tfjs').Scalar
    }
    const o = opt === 'sgd' ? tf.train.sgd(0.01) : tf.train.adam(1e-3, B1, B2, EPS)
    const step = (): number => {
      let out = NaN
      tf.tidy(() => { out = o.minimize(loss, true, vars)!.dataSync()[0]! })
      return out
    }
    return { run: step, output: () => [step(), step()], dispose: () => { o.dispose(); tf.dispose([...vars, x, y]) } }
  }

  const jaxJit = (opt: 'sgd' | 'adam'): Impl => () => {
    const jax = peers.jax!
    const { numpy: np, nn: jnn } = jax
    type JP = { w1: JaxArray; b1: JaxArray; w2: JaxArray; b2: JaxArray; w3: JaxArray; b3: JaxArray }
    const loss = (p: JP, x: JaxArray, y: JaxArray): JaxArray => {
      const h1 = jnn.relu(np.matmul(x, p.w1).add(p.b1))
      const h2 = jnn.relu(np.matmul(h1, p.w2).add(p.b2))
      const z = np.matmul(h2, p.w3).add(p.b3)
      return np.sum(y.mul(jnn.logSoftmax(z, -1))).mul(-1 / BATCH)
    }
    const vg = jax.valueAndGrad(loss)
    const sgdStep = jax.jit((p: JP, x: JaxArray, y: JaxArray): [JaxArray, JP] => {
      const [l, g] = vg(jax.tree.ref(p), x, y) as [JaxArray, JP]
      const q = Object.fromEntries(Object.keys(p).map((k) => [k, p[k as keyof JP].sub(g[k as keyof JP].mul(0.01))])) as JP
      return [l, q]
    })
    const adamStep = jax.jit((s: JaxAdamState<JP>, x: JaxArray, y: JaxArray, bc1: JaxArray, bc2: JaxArray): [JaxArray, JaxAdamState<JP>] => {
      const [l, g] = vg(jax.tree.ref(s.p), x, y) as [JaxArray, JP]
      return [l, jaxAdamUpdate(jax, s, g, bc1, bc2, 1e-3)]
    })
    const params = Object.fromEntries(D.layers.flatMap((l, i) => [
      [names[2 * i]!, np.array(l.w, { shape: [l.fin, l.fout] })], [names[2 * i + 1]!, np.array(l.b, { shape: [l.fout] })],
    ])) as JP
    const x = np.array(D.x, { shape: [BATCH, SIZES[0]] })
    const y = np.array(D.oneHot, { shape: [BATCH, SIZES[3]] })
    let p = params
    let s = opt === 'adam' ? jaxAdamInit(jax, params) : null
    let t = 0
    const step = async (): Promise<number> => {
      let l: JaxArray
      if (s === null) {
        ;[l, p] = sgdStep(p, x.ref, y.ref) as [JaxArray, JP]
        const [value] = await Promise.all([l.data(), jax.blockUntilReady(p)])
        return value[0]!
      }
      const [bc1, bc2] = jaxBiasCorrections(jax, ++t)
      ;[l, s] = adamStep(s, x.ref, y.ref, bc1, bc2) as [JaxArray, JaxAdamState<JP>]
      const [value] = await Promise.all([l.data(), jax.blockUntilReady(s)])
      return value[0]!
    }
    return {
      run: step,
      output: async () => [await step(), await step()],
      dispose: () => {
        jax.tree.dispose(s ?? p)
        x.dispose()
        y.dispose()
        sgdStep.dispose()
        adamStep.dispose()
      },
    }
  }

  for (const opt of ['sgd', 'adam'] as const)
    await ctx.case(
      {
        name: `train step ${opt === 'sgd' ? 'SGD 0.01' : 'Adam 1e-3'}, jit`,
        metric: { unit: 'steps/s', of: (ms) => 1000 / ms },
        tolerance: 1e-5,
        measure: { budgetMs: 3000, maxReps: 40 },
      },
      {
        fluxion: fluxion(opt),
        'tfjs-cpu': na('see the train-step suite'),
        'tfjs-wasm': tfjs(opt),
        'jax-js': na('see the train-step suite'),
        'jax-js-jit': jaxJit(opt),
      },
    )
  console.log(`  jit compile time of the training step (first call): SGD ${compile['sgd']?.toFixed(0)} ms, Adam ${compile['adam']?.toFixed(0)} ms`)
}

// ---- Adam over 10⁶ parameters, donated state ----

const adamMillion = async (ctx: SuiteContext): Promise<void> => {
  const { peers } = ctx
  const SHAPES = { w1: [1000, 500], w2: [500, 1000] } as const
  const KEYS = ['w1', 'w2'] as const
  const r = lcg('adam')
  const pData = Object.fromEntries(KEYS.map((k) => [k, r.float32(500_000, -0.1, 0.1)])) as Record<string, Float32Array>
  const gData = Object.fromEntries(KEYS.map((k) => [k, r.float32(500_000, -1, 1)])) as Record<string, Float32Array>
  const flat = (parts: ReadonlyArray<ArrayLike<number>>): Float32Array => {
    const out = new Float32Array(1_000_000)
    parts.forEach((q, i) => out.set(q, i * 500_000))
    return out
  }
  let compileMs = NaN
  const fluxion: Impl = () => {
    const make = (d: Record<string, Float32Array>) => Object.fromEntries(KEYS.map((k) => [k, tensor(d[k]!, { shape: [...SHAPES[k]] })]))
    const grads = make(gData)
    let s: AdamState = { p: make(pData), m: tree.map((x: Tensor) => mul(x, 0), make(pData)), v: tree.map((x: Tensor) => mul(x, 0), make(pData)) }
    const update = jit((st: AdamState, g: Record<string, Tensor>, bc1: number, bc2: number) => adamTree(st, g, bc1, bc2, 1e-3),
      { donateArgnums: [0] })
    let t = 0
    const step = (): void => {
      t++
      s = update(s, grads, 1 - B1 ** t, 1 - B2 ** t)
    }
    const t0 = performance.now()
    step()
    compileMs = performance.now() - t0
    return { run: step, output: () => { step(); return flat(KEYS.map((k) => s.p[k]!.data())) } }
  }
  const tfjs: Impl = async () => {
    const tf = await peers.tfOn('wasm')
    const tag = Math.floor(performance.now() * 1000)
    const vars = Object.fromEntries(KEYS.map((k) => [k, tf.tidy(() => tf.variable(tf.tensor(pData[k]!, [...SHAPES[k]]), true, `jit-adam-${k}-${tag}`))]))
    const grads: Record<string, TfTensor> = Object.fromEntries(KEYS.map((k) => [vars[k]!.name, tf.tensor(gData[k]!, [...SHAPES[k]])]))
    const opt: import('@tensorflow/tfjs').Optimizer = tf.train.adam(1e-3, B1, B2, EPS)
    return {
      run: () => opt.applyGradients(grads),
      output: () => { opt.applyGradients(grads); opt.applyGradients(grads); return flat(KEYS.map((k) => vars[k]!.dataSync())) },
      dispose: () => { opt.dispose(); tf.dispose([...Object.values(vars), ...Object.values(grads)]) },
    }
  }
  const jaxJit: Impl = () => {
    const jax = peers.jax!
    const np = jax.numpy
    type JP = Record<string, JaxArray>
    const ju = jax.jit((st: JaxAdamState<JP>, g: JP, bc1: JaxArray, bc2: JaxArray) => jaxAdamUpdate(jax, st, g, bc1, bc2))
    const grads = Object.fromEntries(KEYS.map((k) => [k, np.array(gData[k]!, { shape: [...SHAPES[k]] })])) as JP
    let s = jaxAdamInit(jax, Object.fromEntries(KEYS.map((k) => [k, np.array(pData[k]!, { shape: [...SHAPES[k]] })])) as JP)
    let t = 0
    const next = async () => {
      const [bc1, bc2] = jaxBiasCorrections(jax, ++t)
      s = ju(s, jax.tree.ref(grads), bc1, bc2) as JaxAdamState<JP>
      await jax.blockUntilReady(s)
    }
    return {
      run: next,
      output: async () => {
        await next()
        await next()
        const parts: ArrayLike<number>[] = []
        for (const k of KEYS) parts.push(await s.p[k]!.ref.data())
        return flat(parts)
      },
      dispose: () => { jax.tree.dispose(s); jax.tree.dispose(grads); ju.dispose() },
    }
  }
  await ctx.case(
    { name: 'Adam 10⁶ params, donated', metric: { unit: 'ns/param', of: (ms) => ms * 1e6 / 1e6 }, tolerance: 1e-5, measure: { budgetMs: 2000, maxReps: 40 } },
    { fluxion, 'tfjs-cpu': na('see the adam suite'), 'tfjs-wasm': tfjs, 'jax-js': na('see the adam suite'), 'jax-js-jit': jaxJit },
  )
  console.log(`  jit compile time of the Adam update (first call): ${compileMs.toFixed(0)} ms`)
}
