/**
 * Initialization through depth: how the scale of the initial weights decides
 * whether signals survive a deep ReLU network.
 *
 * A 50-layer ReLU MLP of width 100 (no training, zero biases) is fed a batch
 * of seeded Gaussian inputs, with weights drawn `N(0, σ²)` for `σ² = 1/n, 2/n,
 * 3/n` and from Xavier and Kaiming normal. For each we measure the root mean
 * square of every layer's post-activations, and the Frobenius norm of the
 * gradient of a linear readout with respect to every layer's kernel, and set
 * them beside the theory: each ReLU layer multiplies the activations' second
 * moment by `σ²·n/2`. Then a deep, narrower net is trained for a few hundred
 * steps from each initialization, to show what the scale does to learning.
 *
 * Layout note: our kernels are `(in, out)` (JAX), PyTorch's weights
 * `(out, in)`. The PyTorch-semantics initializers (`xavierNormal`,
 * `kaimingNormal`) read their fans from a PyTorch-shaped weight, so on an
 * `(in, out)` kernel Kaiming's default `mode: 'fan_in'` sees the layer's
 * *output* width. For the square 100×100 layers of the depth experiment the
 * two agree; for the trained net (2 → 64 → … → 3) we pass `mode: 'fan_out'`,
 * which on an `(in, out)` kernel is the real fan-in. Xavier uses
 * `fanIn + fanOut` and does not care.
 *
 * @example
 * const r = runInitDepth({ small: true })
 * r.metrics['activations.normal2.lastOverFirst']   // close to 1: σ² = 2/n holds the scale
 *
 * @since 0.1.0
 */
import { grad, valueAndGrad } from '../../ad/api.js'
import { square } from '../../ad/prims/unary.js'
import { mean, sum } from '../../ad/prims/reduce.js'
import * as D from '../../data/index.js'
import * as I from '../../init/index.js'
import * as nn from '../../nn/index.js'
import * as O from '../../optim/index.js'
import * as R from '../../random/index.js'
import type { Tensor } from '../../tensor/tensor.js'
import { layerNormsChart, lineChart } from '../plot.js'
import type { StudyOptions, StudyResult } from './types.js'
import { fmt, movingAverage } from './util.js'

// ---- model ----

/** One initialization of the study. @category model @since 0.1.0 */
export interface InitScheme {
  /** Short identifier for metric keys, e.g. `normal2`, `kaiming`. */
  readonly id: string
  /** Legend label. */
  readonly label: string
  /** `σ²·n` on a square layer: the theory's per-layer factor is `k/2`. */
  readonly k: number
  /** The initializer for the square layers of the depth experiment. */
  readonly square: I.Initializer
  /** The initializer for the (non-square) layers of the trained net: variance `k / fanIn` on `(in, out)` kernels. */
  readonly fanIn: I.Initializer
}

/** Per-scheme measurements. @category model @since 0.1.0 */
export interface SchemeResult {
  readonly id: string
  readonly label: string
  readonly k: number
  /** RMS of the activations, layer 0 (the input) to L. */
  readonly activationRms: ReadonlyArray<number>
  /** ‖∂L/∂Wₗ‖ for layers 1..L. */
  readonly gradNorms: ReadonlyArray<number>
  /** Minibatch training loss per step (stops at the first non-finite loss). */
  readonly trainLoss: ReadonlyArray<number>
  readonly diverged: boolean
}

/** The measurements of the study. @category model @since 0.1.0 */
export interface InitDepthData {
  readonly width: number
  readonly depth: number
  readonly batch: number
  /** The input's measured root mean square. */
  readonly inputRms: number
  readonly training: { readonly depth: number; readonly width: number; readonly steps: number; readonly batchSize: number; readonly learningRate: number }
  readonly schemes: ReadonlyArray<SchemeResult>
}

/** Options of `runInitDepth`. @category model @since 0.1.0 */
export interface InitDepthOptions extends StudyOptions {
  /** Width n of the untrained net (default 100; 64 when small). */
  readonly width?: number
  /** Number of ReLU layers L (default 50; 16 when small). */
  readonly depth?: number
  /** Batch of Gaussian inputs (default 256; 64 when small). */
  readonly batch?: number
  /** Hidden layers of the trained net (default 20; 6 when small). */
  readonly trainDepth?: number
  /** Width of the trained net (default 64; 16 when small). */
  readonly trainWidth?: number
  /** Training steps, minibatches of 32 (default 200; 30 when small). 0 skips training. */
  readonly trainSteps?: number
  /** SGD learning rate (momentum 0.9) for the trained net (default 0.003). */
  readonly learningRate?: number
  /** Seed of all draws (default 0). */
  readonly seed?: number
}

// ---- schemes ----

/**
 * The five initializations: plain normals with `σ² = 1/n, 2/n, 3/n`,
 * Xavier normal (`σ² = 2/(fanIn + fanOut)`, which is `1/n` on a square layer)
 * and Kaiming normal for ReLU (`σ² = 2/fanIn`).
 * @category schemes
 * @since 0.1.0
 */
export const initSchemes = (n: number): ReadonlyArray<InitScheme> => [
  ...[1, 2, 3].map((k) => ({
    id: `normal${k}`,
    label: `N(0, ${k}/n)`,
    k,
    square: I.normal(Math.sqrt(k / n)),
    fanIn: I.varianceScaling(k, 'fan_in', 'normal'),
  })),
  { id: 'xavier', label: 'Xavier normal', k: 1, square: I.xavierNormal(), fanIn: I.xavierNormal() },
  {
    id: 'kaiming',
    label: 'Kaiming normal (relu)',
    k: 2,
    square: I.kaimingNormal({ nonlinearity: 'relu' }),
    // PyTorch reads fans from (out, in); on our (in, out) kernels its 'fan_out' is the real fan-in
    fanIn: I.kaimingNormal({ nonlinearity: 'relu', mode: 'fan_out' }),
  },
]

// ---- measurements ----

const rms = (t: Tensor): number => Math.sqrt(mean(square(t)).item())

/**
 * Activation RMS per layer (input first) and the gradient norm per kernel of
 * the readout `L = mean over the batch of the sum of the last layer's outputs`,
 * for an all-ReLU net (`finalActivation: 'relu'`: every one of the L layers is
 * followed by a ReLU).
 * @category measurements
 * @since 0.1.0
 */
export const measureDepth = (params: nn.MlpParams, x: Tensor): { activationRms: number[]; gradNorms: number[] } => {
  const opts = { finalActivation: 'relu' } as const
  const { layers } = nn.mlp.applyWithActivations(params, x, opts)
  const readout = (p: nn.MlpParams): Tensor => mean(sum(nn.mlp.apply(p, x, opts), -1))
  const g = grad(readout)(params)
  return {
    activationRms: [rms(x), ...layers.map((l) => rms(l.post))],
    gradNorms: g.map((l) => Math.sqrt(sum(square(l.w)).item())),
  }
}

/** Options of `trainLosses`. @category model @since 0.1.0 */
export interface TrainLossesOptions {
  readonly steps: number
  /** Minibatch size; the incomplete last batch of an epoch is dropped. */
  readonly batchSize: number
  readonly learningRate: number
  /** SGD momentum (default 0.9; 0 for plain SGD). */
  readonly momentum?: number
}

/**
 * Train an MLP from `params` on `train` (softmax cross-entropy) with SGD for
 * `steps` minibatch steps; returns the minibatch loss per step, stopping at
 * the first non-finite one.
 * @category measurements
 * @since 0.1.0
 */
export const trainLosses = (key: R.Key, params: nn.MlpParams, train: D.Dataset, o: TrainLossesOptions): { losses: number[]; diverged: boolean } => {
  const momentum = o.momentum ?? 0.9
  const opt = O.optimizer(O.sgd(o.learningRate, momentum > 0 ? { momentum } : {}))
  const f = nn.mlp.lossFn({ loss: 'softmaxCrossEntropy' })
  const perEpoch = D.numBatches(train, o.batchSize, { dropLast: true })
  let state = opt.init(params)
  let batches: ReadonlyArray<D.Dataset> = []
  const losses: number[] = []
  for (let s = 0; s < o.steps; s++) {
    if (s % perEpoch === 0) batches = D.batches(key, train, o.batchSize, { epoch: s / perEpoch, dropLast: true })
    const [l, g] = valueAndGrad(f)(state.params, batches[s % perEpoch]!)
    const v = l.item()
    if (!Number.isFinite(v)) return { losses, diverged: true }
    losses.push(v)
    state = opt.step(state, g)
  }
  return { losses, diverged: false }
}

// ---- the study ----

/**
 * The study: activation and gradient norms through depth beside the σ²·n/2
 * theory, and training curves of a deep net from each initialization.
 * @example
 * const r = runInitDepth({ small: true })
 * r.charts.map((c) => c.file) // ['init-depth-activations.png', 'init-depth-gradients.png', 'init-depth-training.png']
 * @category study
 * @since 0.1.0
 */
export const runInitDepth = (opts: InitDepthOptions = {}): StudyResult<InitDepthData> => {
  const small = opts.small === true
  const n = opts.width ?? (small ? 64 : 100)
  const L = opts.depth ?? (small ? 16 : 50)
  const B = opts.batch ?? (small ? 64 : 256)
  const tr = {
    depth: opts.trainDepth ?? (small ? 6 : 20),
    width: opts.trainWidth ?? (small ? 16 : 64),
    steps: opts.trainSteps ?? (small ? 30 : 200),
    batchSize: 32,
    learningRate: opts.learningRate ?? 0.003,
  }
  const [kx, kParams, kData, kTrainParams, kBatches] = R.split(R.key(opts.seed ?? 0), 5)
  const x = R.normal(kx!, [B, n])
  const schemes = initSchemes(n)
  const paramKeys = R.split(kParams!, schemes.length)
  const trainKeys = R.split(kTrainParams!, schemes.length)
  const spirals = D.spirals(kData!, { nPerClass: small ? 40 : 100, classes: 3 })
  const trainSizes = [2, ...Array.from({ length: tr.depth }, () => tr.width), 3]

  const results: SchemeResult[] = schemes.map((s, i) => {
    const params = nn.mlp.init(paramKeys[i]!, Array.from({ length: L + 1 }, () => n), { kernelInit: s.square })
    const { activationRms, gradNorms } = measureDepth(params, x)
    const trained =
      tr.steps > 0
        ? trainLosses(kBatches!, nn.mlp.init(trainKeys[i]!, trainSizes, { kernelInit: s.fanIn }), spirals, tr)
        : { losses: [], diverged: false }
    return { id: s.id, label: s.label, k: s.k, activationRms, gradNorms, trainLoss: trained.losses, diverged: trained.diverged }
  })
  const inputRms = results[0]!.activationRms[0]!
  const data: InitDepthData = { width: n, depth: L, batch: B, inputRms, training: tr, schemes: results }
  return {
    name: 'initDepth',
    title: 'Initialization through depth',
    summary: summarize(data),
    charts: charts(data),
    tables: tables(data),
    metrics: Object.fromEntries([
      ...results.map((r) => [`activations.${r.id}.lastOverFirst`, r.activationRms[L]! / r.activationRms[1]!]),
      ...results.filter((r) => r.trainLoss.length > 0).map((r) => [`training.${r.id}.finalLoss`, finalLoss(r)]),
    ]),
    data,
  }
}

// ---- charts, tables, text ----

/** Theory: the activations' RMS at layer l is the input's times (k/2)^(l/2). */
const theoryRms = (inputRms: number, k: number, L: number): number[] => Array.from({ length: L + 1 }, (_, l) => inputRms * (k / 2) ** (l / 2))

/** The mean of the last 10% of the (finite) losses; NaN if the run diverged before it got there. */
const finalLoss = (r: SchemeResult): number => {
  if (r.diverged || r.trainLoss.length === 0) return NaN
  const tail = r.trainLoss.slice(-Math.max(1, Math.round(r.trainLoss.length / 10)))
  return tail.reduce((a, b) => a + b, 0) / tail.length
}

const geoMean = (v: ReadonlyArray<number>): number => Math.exp(v.reduce((a, b) => a + Math.log(b), 0) / v.length)

/** Xavier is 1/n and Kaiming 2/n on a square layer, so three theory lines cover the five nets. */
const THEORY_LABEL: Record<number, string> = { 1: 'theory 1/n, Xavier', 2: 'theory 2/n, Kaiming', 3: 'theory 3/n' }

const charts = (d: InitDepthData) => {
  const L = d.depth
  const layers = Array.from({ length: L }, (_, i) => i + 1)
  // gradient theory: flat in l, at a level ∝ (k/2)^((L-1)/2); the constant is taken from the measured 2/n net
  const ref = geoMean(d.schemes.find((s) => s.id === 'normal2')!.gradNorms)
  const out = [
    {
      file: 'init-depth-activations.png',
      caption:
        `RMS of the post-activations at each layer of a ${L}-layer ReLU net of width ${d.width} (layer 0 is the input, ` +
        `${d.batch} Gaussian examples), log scale. Dashed: theory, the input's RMS times (σ²·n/2)^(l/2).`,
      spec: layerNormsChart({
        title: `Activation scale through ${L} ReLU layers (width ${d.width})`,
        series: d.schemes.map((s) => ({ name: s.label, y: s.activationRms })),
        theory: [1, 2, 3].map((k) => ({ name: THEORY_LABEL[k]!, y: theoryRms(d.inputRms, k, L) })),
        xLabel: 'layer l',
        yLabel: 'RMS of activations',
      }),
    },
    {
      file: 'init-depth-gradients.png',
      caption:
        `Frobenius norm of ∂L/∂Wₗ for each layer's kernel, L = batch mean of the sum of the outputs, log scale. Dashed: ` +
        `theory, flat in l at a level ∝ (σ²·n/2)^((L−1)/2), scaled to the measured N(0, 2/n) net.`,
      spec: layerNormsChart({
        title: `Gradient norm per layer (${L} ReLU layers, width ${d.width})`,
        series: d.schemes.map((s) => ({ name: s.label, x: layers, y: s.gradNorms })),
        theory: [1, 2, 3].map((k) => ({ name: THEORY_LABEL[k]!, x: layers, y: layers.map(() => ref * (k / 2) ** ((L - 1) / 2)) })),
        xLabel: 'layer l',
        yLabel: '‖∂L/∂Wₗ‖ (Frobenius)',
      }),
    },
  ]
  if (d.training.steps === 0) return out
  const t = d.training
  const window = Math.max(1, Math.round(t.steps / 20))
  const stuck = (id: string) => Math.abs(finalLoss(d.schemes.find((s) => s.id === id)!) - Math.log(3)) < 0.02
  const overlap = stuck('normal1') && stuck('xavier') ? ' N(0, 1/n) and Xavier lie on top of each other at ln 3, chance level.' : ''
  return [
    ...out,
    {
      file: 'init-depth-training.png',
      caption:
        `Training loss (cross-entropy on 3-class spirals, minibatches of ${t.batchSize}, moving average over ${window} steps) of a ` +
        `ReLU net with ${t.depth} hidden layers of width ${t.width}, SGD with momentum 0.9 and lr ${t.learningRate}, from each ` +
        `initialization (N(0, k/fanIn) per layer; Xavier 2/(fanIn + fanOut)); log scale.${overlap} A line that stops early diverged.`,
      spec: lineChart({
        title: `Training a ${t.depth}-layer ReLU net from each initialization`,
        series: d.schemes.map((s) => ({ name: s.label, x: s.trainLoss.map((_, i) => i), y: movingAverage(s.trainLoss, window) })),
        xLabel: 'step',
        yLabel: 'training loss (cross-entropy)',
        logY: true,
      }),
    },
  ]
}

const tables = (d: InitDepthData) => {
  const L = d.depth
  const mid = Math.round(L / 2)
  return [
    {
      title: `Activation RMS and gradient norms through ${L} ReLU layers of width ${d.width} (input RMS ${fmt(d.inputRms)})`,
      header: ['initialization', 'σ²·n', 'RMS layer 1', `RMS layer ${mid}`, `RMS layer ${L}`, `theory layer ${L}`, `‖∂L/∂W‖ layer 1`, `‖∂L/∂W‖ layer ${L}`],
      rows: d.schemes.map((s) => [
        s.label, s.k, fmt(s.activationRms[1]!), fmt(s.activationRms[mid]!), fmt(s.activationRms[L]!),
        fmt(d.inputRms * (s.k / 2) ** (L / 2)), fmt(s.gradNorms[0]!), fmt(s.gradNorms[L - 1]!),
      ]),
    },
    ...(d.training.steps > 0
      ? [{
          title: `Training a ReLU net with ${d.training.depth} hidden layers of width ${d.training.width} on spirals (${d.training.steps} SGD steps)`,
          header: ['initialization', 'first loss', 'final loss (mean of last 10%)', 'diverged'],
          rows: d.schemes.map((s) => [s.label, fmt(s.trainLoss[0] ?? NaN), fmt(finalLoss(s)), s.diverged ? `yes, at step ${s.trainLoss.length}` : 'no']),
        }]
      : []),
  ]
}

const summarize = (d: InitDepthData): string => {
  const L = d.depth
  const by = (id: string) => d.schemes.find((s) => s.id === id)!
  const ratio = (id: string) => fmt(by(id).activationRms[L]! / by(id).activationRms[1]!)
  const paras = [
    `A ReLU layer computes h′ = relu(W·h) with weights drawn independently from N(0, σ²). Each pre-activation is a sum of n ` +
      `terms, so its second moment is σ²·n·E[h²]; the ReLU then zeroes the negative half of a symmetric distribution and keeps ` +
      `exactly half of that second moment. One layer therefore multiplies E[h²] by **σ²·n/2**, and L layers by (σ²·n/2)^L. ` +
      `With σ² = 2/n the factor is 1 and the scale is preserved at any depth (He et al., 2015, the Kaiming initialization); ` +
      `with 1/n (what Xavier gives on a square layer, designed for linear or tanh units) it halves at every layer, and with 3/n ` +
      `it grows by 1.5 per layer.`,
    `The first chart checks this on a ${L}-layer net of width ${d.width}: the measured RMS follows the dashed lines. Between ` +
      `layer 1 and layer ${L}, N(0, 2/n) changes the scale by a factor ${ratio('normal2')} and Kaiming by ${ratio('kaiming')} ` +
      `(random fluctuations of finite width, not a trend), while N(0, 1/n) shrinks it by ${ratio('normal1')} (Xavier: ` +
      `${ratio('xavier')}) and N(0, 3/n) grows it by ${ratio('normal3')}: (1/2)^${(L - 1) / 2} and (3/2)^${(L - 1) / 2} in theory.`,
    `The gradient of a loss with respect to layer l's kernel is the outer product of the layer's input (scaled like the ` +
      `forward activations, (σ²n/2)^((l−1)/2)) with the gradient flowing back from the top (which crosses L − l transposed ` +
      `layers and shrinks or grows by the same factor per layer, (σ²n/2)^((L−l)/2)). In a net of equal widths the two ` +
      `exponents add to (L − 1)/2 whatever l is, so the second chart's lines are roughly flat in l, but their level moves by ` +
      `(σ²n/2)^((L−1)/2) between initializations: about ${fmt(geoMean(by('normal1').gradNorms) / geoMean(by('normal2').gradNorms))} ` +
      `times the 2/n level for 1/n and ${fmt(geoMean(by('normal3').gradNorms) / geoMean(by('normal2').gradNorms))} times for 3/n. ` +
      `A learning rate that suits one initialization is then useless (vanishing) or explosive for the other.`,
  ]
  if (d.training.steps > 0) {
    const t = d.training
    const losses = d.schemes.map((s) => `${s.label} ${s.diverged ? `diverged at step ${s.trainLoss.length}` : fmt(finalLoss(s))}`).join(', ')
    const n3 = by('normal3')
    const fate = n3.diverged
      ? `it diverged at step ${n3.trainLoss.length}`
      : `at this learning rate it recovers, but lags (${fmt(finalLoss(n3))}); in our trials a rate only a little larger (0.005) made it diverge`
    paras.push(
      `The last chart trains a narrower deep net (${t.depth} hidden ReLU layers of width ${t.width}) on 3-class spirals with the ` +
        `same SGD settings (lr ${t.learningRate}, momentum 0.9) from each initialization, now ` +
        `N(0, k/fanIn) per layer (Xavier: 2/(fanIn + fanOut)). ` +
        `Final losses (mean of the last 10% of steps): ${losses}; chance level is ln 3 ≈ 1.10. With 1/n, and with Xavier, the ` +
        `signal reaching the output is about 2^(−${t.depth}/2) ≈ ${fmt(2 ** (-t.depth / 2))} of the input's and the gradients ` +
        `are tiny too, so SGD starts on a plateau at chance level. The scale-preserving 2/n and Kaiming start with a healthy ` +
        `signal (spikes in their curves are momentum steps overshooting in a deep net without normalization). 3/n starts ` +
        `with logits (1.5)^(${t.depth}/2) ≈ ${fmt(1.5 ** (t.depth / 2))} times too large — a first loss of ` +
        `${fmt(n3.trainLoss[0] ?? NaN)} — and gradients as large; ${fate}.`,
    )
  }
  return paras.join('\n\n')
}
