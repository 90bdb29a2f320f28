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
  /** RMS of the activations, layer 0 (the input) to L: the geometric mean over the seeds. */
  readonly activationRms: ReadonlyArray<number>
  /** The smallest and largest over the seeds, per layer. @since 0.3.0 */
  readonly activationBand: { readonly lo: ReadonlyArray<number>; readonly hi: ReadonlyArray<number> }
  /** ‖∂L/∂Wₗ‖ for layers 1..L: the geometric mean over the seeds. */
  readonly gradNorms: ReadonlyArray<number>
  /** The smallest and largest over the seeds, per layer. @since 0.3.0 */
  readonly gradBand: { readonly lo: ReadonlyArray<number>; readonly hi: ReadonlyArray<number> }
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
  /** The seeds of the depth measurements (each curve is their geometric mean, with a min–max band). @since 0.3.0 */
  readonly seeds: ReadonlyArray<number>
  /** N(0, 3/n) trained again at `probe.learningRate`: what a larger rate does, measured. @since 0.3.0 */
  readonly probe: { readonly learningRate: number; readonly trainLoss: ReadonlyArray<number>; readonly diverged: boolean } | null
  /** Linear, tanh and ReLU nets, each with its own initialization and theory line. @since 0.3.0 */
  readonly activations: ReadonlyArray<ActivationResult>
  /** Zero, constant and random initialization of a small tanh net, trained. @since 0.3.0 */
  readonly symmetry: ReadonlyArray<SymmetryResult>
}

/** One activation of the depth study: the measured RMS (mean over seeds, band) and its theory line. @category model @since 0.3.0 */
export interface ActivationResult {
  readonly id: string
  readonly label: string
  readonly activation: 'identity' | 'tanh' | 'relu'
  /** σ²·n of the square layers. */
  readonly k: number
  readonly activationRms: ReadonlyArray<number>
  readonly band: { readonly lo: ReadonlyArray<number>; readonly hi: ReadonlyArray<number> }
  /** The mean-field theory: q ← σ²n·E[φ(√q·z)²], z ~ N(0, 1), as an RMS per layer. */
  readonly theory: ReadonlyArray<number>
}

/** One initialization of the symmetry experiment. @category model @since 0.3.0 */
export interface SymmetryResult {
  readonly id: string
  readonly label: string
  readonly trainLoss: ReadonlyArray<number>
  /** ‖∂L/∂W‖ of each hidden kernel at the first step. */
  readonly firstHiddenGradNorms: ReadonlyArray<number>
  /** How many different hidden units (columns of the first kernel, to 1e-9) the net has after training. */
  readonly distinctUnits: number
  readonly width: number
}

/** Options of `runInitDepth`. @category model @since 0.1.0 */
export interface InitDepthOptions extends StudyOptions {
  /** Width n of the untrained net (default 100; 64 when small). */
  readonly width?: number
  /** Number of ReLU layers L (default 50; 16 when small). */
  readonly depth?: number
  /** Batch of Gaussian inputs per seed (default 128; 64 when small). */
  readonly batch?: number
  /** Hidden layers of the trained net (default 20; 6 when small). */
  readonly trainDepth?: number
  /** Width of the trained net (default 64; 16 when small). */
  readonly trainWidth?: number
  /** Training steps, minibatches of 32 (default 200; 30 when small). 0 skips training. */
  readonly trainSteps?: number
  /** SGD learning rate (momentum 0.9) for the trained net (default 0.003). */
  readonly learningRate?: number
  /** Seed of all draws (default 0); the depth measurement uses `seed, seed + 1, ...`. */
  readonly seed?: number
  /** Seeds of the depth measurements (default 3; 2 when small). @since 0.3.0 */
  readonly seeds?: number
  /** Learning rate at which N(0, 3/n) is trained again, to see what a larger rate does (default 0.005; 0 skips). @since 0.3.0 */
  readonly probeLearningRate?: number
}

// ---- schemes ----

/**
 * The seven initializations: plain normals with `σ² = 1/n, 2/n, 3/n`,
 * Xavier normal and uniform (`σ² = 2/(fanIn + fanOut)`, which is `1/n` on a
 * square layer) and Kaiming normal and uniform for ReLU (`σ² = 2/fanIn`).
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
  // the uniform forms: U(−a, a) has variance a²/3, and both pick a so that the variance matches the normal form's
  { id: 'xavierUniform', label: 'Xavier uniform', k: 1, square: I.xavierUniform(), fanIn: I.xavierUniform() },
  {
    id: 'kaimingUniform',
    label: 'Kaiming uniform (relu)',
    k: 2,
    square: I.kaimingUniform({ nonlinearity: 'relu' }),
    fanIn: I.kaimingUniform({ nonlinearity: 'relu', mode: 'fan_out' }),
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
  const B = opts.batch ?? (small ? 64 : 128)
  const tr = {
    depth: opts.trainDepth ?? (small ? 6 : 20),
    width: opts.trainWidth ?? (small ? 16 : 64),
    steps: opts.trainSteps ?? (small ? 30 : 200),
    batchSize: 32,
    learningRate: opts.learningRate ?? 0.003,
  }
  const seed0 = opts.seed ?? 0
  const seeds = Array.from({ length: opts.seeds ?? (small ? 2 : 3) }, (_, i) => seed0 + i)
  const [, , kData, kTrainParams, kBatches, kSym] = R.split(R.key(seed0), 6)
  const schemes = initSchemes(n)
  const trainKeys = R.split(kTrainParams!, schemes.length)
  const spirals = D.spirals(kData!, { nPerClass: small ? 40 : 100, classes: 3 })
  const trainSizes = [2, ...Array.from({ length: tr.depth }, () => tr.width), 3]

  // one measurement per seed (a pure function of the seed: a sweep over seeds can run it as it is)
  const perSeed = seeds.map((sd) => measureSeed(sd, schemes, n, L, B))
  const results: SchemeResult[] = schemes.map((s, i) => {
    const acts = spread(perSeed.map((m) => m.schemes[i]!.activationRms))
    const grads = spread(perSeed.map((m) => m.schemes[i]!.gradNorms))
    const trained =
      tr.steps > 0
        ? trainLosses(kBatches!, nn.mlp.init(trainKeys[i]!, trainSizes, { kernelInit: s.fanIn }), spirals, tr)
        : { losses: [], diverged: false }
    return {
      id: s.id, label: s.label, k: s.k,
      activationRms: acts.mean, activationBand: { lo: acts.lo, hi: acts.hi },
      gradNorms: grads.mean, gradBand: { lo: grads.lo, hi: grads.hi },
      trainLoss: trained.losses, diverged: trained.diverged,
    }
  })
  const probeLr = opts.probeLearningRate ?? 0.005
  const n3 = schemes.findIndex((s) => s.id === 'normal3')
  const probe =
    tr.steps > 0 && probeLr > 0 && n3 >= 0
      ? (() => {
          const t = trainLosses(kBatches!, nn.mlp.init(trainKeys[n3]!, trainSizes, { kernelInit: schemes[n3]!.fanIn }), spirals, { ...tr, learningRate: probeLr })
          return { learningRate: probeLr, trainLoss: t.losses, diverged: t.diverged }
        })()
      : null
  const activations: ActivationResult[] = activationConfigs(n).map((c, i) => {
    const m = spread(perSeed.map((ps) => ps.activations[i]!))
    const inputRms = perSeed[0]!.inputRms
    return { id: c.id, label: c.label, activation: c.activation, k: c.k, activationRms: m.mean, band: { lo: m.lo, hi: m.hi }, theory: meanFieldRms(c.activation, c.k, inputRms, L) }
  })
  const symmetry = tr.steps > 0 ? symmetryRuns(kSym!, spirals, small ? 60 : 200) : []
  const inputRms = perSeed[0]!.inputRms
  const data: InitDepthData = { width: n, depth: L, batch: B, inputRms, training: tr, schemes: results, seeds, probe, activations, symmetry }
  return {
    name: 'initDepth',
    title: 'Initialization through depth',
    summary: summarize(data),
    charts: charts(data),
    tables: tables(data),
    metrics: Object.fromEntries([
      ...results.map((r) => [`activations.${r.id}.lastOverFirst`, r.activationRms[L]! / r.activationRms[1]!]),
      ...activations.map((a) => [`activation.${a.id}.lastOverFirst`, a.activationRms[L]! / a.activationRms[1]!]),
      ...results.filter((r) => r.trainLoss.length > 0).map((r) => [`training.${r.id}.finalLoss`, finalLoss(r)]),
      ...symmetry.map((r) => [`symmetry.${r.id}.distinctUnits`, r.distinctUnits]),
    ]),
    data,
  }
}

// ---- seeds, activations, symmetry ----

/** The geometric mean, minimum and maximum over seeds, per layer. */
const spread = (runs: ReadonlyArray<ReadonlyArray<number>>) => {
  const at = (l: number) => runs.map((r) => r[l]!)
  const len = runs[0]!.length
  return {
    mean: Array.from({ length: len }, (_, l) => geoMean(at(l))),
    lo: Array.from({ length: len }, (_, l) => Math.min(...at(l))),
    hi: Array.from({ length: len }, (_, l) => Math.max(...at(l))),
  }
}

/**
 * Everything the depth charts measure, for one seed: the input batch and
 * every scheme's (and every activation's) net are drawn from `key(seed)`.
 * @category measurements
 * @since 0.3.0
 */
export const measureSeed = (seed: number, schemes: ReadonlyArray<InitScheme>, n: number, L: number, B: number) => {
  const [kx, kParams, , , , , kAct] = R.split(R.key(seed), 7)
  const x = R.normal(kx!, [B, n])
  const paramKeys = R.split(kParams!, schemes.length)
  const configs = activationConfigs(n)
  const actKeys = R.split(kAct!, configs.length)
  return {
    inputRms: rms(x),
    schemes: schemes.map((s, i) => measureDepth(nn.mlp.init(paramKeys[i]!, Array.from({ length: L + 1 }, () => n), { kernelInit: s.square }), x)),
    activations: configs.map((c, i) => {
      const params = nn.mlp.init(actKeys[i]!, Array.from({ length: L + 1 }, () => n), { kernelInit: c.init })
      const { layers } = nn.mlp.applyWithActivations(params, x, { activation: c.activation, finalActivation: c.activation })
      return [rms(x), ...layers.map((l) => rms(l.post))]
    }),
  }
}

/** The nets of the activation comparison: each activation with the initialization that keeps its scale, and tanh with ReLU's. */
const activationConfigs = (n: number) =>
  [
    { id: 'linear', label: 'linear, N(0, 1/n)', activation: 'identity', k: 1, init: I.normal(Math.sqrt(1 / n)) },
    { id: 'tanhXavier', label: 'tanh, Xavier normal (1/n)', activation: 'tanh', k: 1, init: I.xavierNormal() },
    { id: 'tanh2', label: 'tanh, N(0, 2/n)', activation: 'tanh', k: 2, init: I.normal(Math.sqrt(2 / n)) },
    { id: 'reluKaiming', label: 'ReLU, Kaiming normal (2/n)', activation: 'relu', k: 2, init: I.kaimingNormal({ nonlinearity: 'relu' }) },
  ] as const

/**
 * The mean-field theory of a wide net with weights of variance k/n: a
 * pre-activation is Gaussian with variance q = k·E[h²], so the next layer's
 * second moment is k·E[φ(√q·z)²] over z ~ N(0, 1) (by quadrature). Linear:
 * the factor is k; ReLU: k/2; tanh: k for small q, less as it saturates.
 */
const meanFieldRms = (activation: 'identity' | 'tanh' | 'relu', k: number, inputRms: number, L: number): number[] => {
  const phi2 = (q: number): number => {
    if (activation === 'identity') return q
    if (activation === 'relu') return q / 2
    // E[tanh(√q z)²] by the trapezoid rule on [−8, 8]
    const m = 801
    let acc = 0
    for (let i = 0; i < m; i++) {
      const z = -8 + (16 * i) / (m - 1)
      const w = (i === 0 || i === m - 1 ? 0.5 : 1) * (16 / (m - 1)) * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI)
      acc += w * Math.tanh(Math.sqrt(q) * z) ** 2
    }
    return acc
  }
  const out = [inputRms]
  let m2 = inputRms ** 2
  for (let l = 1; l <= L; l++) {
    m2 = phi2(k * m2)
    out.push(Math.sqrt(m2))
  }
  return out
}

/**
 * Zero, constant and random initialization of a small tanh net (2 → w → w → 3)
 * trained on the spirals: with W = 0 the hidden kernels get exactly zero
 * gradients; with a constant W every hidden unit computes the same function
 * and gets the same gradient, so they stay identical.
 */
const symmetryRuns = (key: R.Key, spirals: D.ClassificationDataset, steps: number): SymmetryResult[] => {
  const width = 16
  const sizes = [2, width, width, 3]
  const [kInit, kBatches] = R.split(key, 2)
  const inits = [
    { id: 'zeros', label: 'W = 0', init: I.zeros() },
    { id: 'constant', label: 'W = 0.3 everywhere', init: I.constant(0.3) },
    { id: 'xavier', label: 'Xavier normal', init: I.xavierNormal() },
  ]
  const f = nn.mlp.lossFn({ loss: 'softmaxCrossEntropy', activation: 'tanh' })
  return inits.map((c) => {
    const params = nn.mlp.init(kInit!, sizes, { kernelInit: c.init })
    const g0 = grad(f)(params, spirals)
    const opt = O.optimizer(O.sgd(0.1, { momentum: 0.9 }))
    let s = opt.init(params)
    const losses: number[] = []
    const perEpoch = D.numBatches(spirals, 32, { dropLast: true })
    let batches: ReadonlyArray<D.Dataset> = []
    for (let t = 0; t < steps; t++) {
      if (t % perEpoch === 0) batches = D.batches(kBatches!, spirals, 32, { epoch: t / perEpoch, dropLast: true })
      const [l, g] = valueAndGrad(f)(s.params, batches[t % perEpoch]!)
      losses.push(l.item())
      s = opt.step(s, g)
    }
    // columns of the first kernel (in, out): unit j's incoming weights
    const w = s.params[0]!.w.toArray() as number[][]
    const cols = Array.from({ length: width }, (_, j) => w.map((row) => row[j]!))
    const distinct = cols.filter((c, j) => cols.findIndex((d) => d.every((v, i) => Math.abs(v - c[i]!) <= 1e-9)) === j).length
    return {
      id: c.id, label: c.label, trainLoss: losses, width, distinctUnits: distinct,
      firstHiddenGradNorms: g0.slice(0, -1).map((l) => Math.sqrt(sum(square(l.w)).item())),
    }
  })
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
        `${d.batch} Gaussian examples), log scale: the geometric mean over ${d.seeds.length} seeds, shaded from the smallest to the ` +
        `largest. Dashed: theory, the input's RMS times (σ²·n/2)^(l/2).`,
      spec: layerNormsChart({
        title: `Activation scale through ${L} ReLU layers (width ${d.width})`,
        series: d.schemes.map((s) => ({ name: s.label, y: s.activationRms, lo: s.activationBand.lo, hi: s.activationBand.hi })),
        theory: [1, 2, 3].map((k) => ({ name: THEORY_LABEL[k]!, y: theoryRms(d.inputRms, k, L) })),
        xLabel: 'layer l',
        yLabel: 'RMS of activations',
      }),
    },
    {
      file: 'init-depth-gradients.png',
      caption:
        `Frobenius norm of ∂L/∂Wₗ for each layer's kernel, L = batch mean of the sum of the outputs, log scale. Dashed: ` +
        `theory, flat in l at a level ∝ (σ²·n/2)^((L−1)/2), scaled to the measured N(0, 2/n) net. Mean over ${d.seeds.length} seeds, min–max shaded.`,
      spec: layerNormsChart({
        title: `Gradient norm per layer (${L} ReLU layers, width ${d.width})`,
        series: d.schemes.map((s) => ({ name: s.label, x: layers, y: s.gradNorms, lo: s.gradBand.lo, hi: s.gradBand.hi })),
        theory: [1, 2, 3].map((k) => ({ name: THEORY_LABEL[k]!, x: layers, y: layers.map(() => ref * (k / 2) ** ((L - 1) / 2)) })),
        xLabel: 'layer l',
        yLabel: '‖∂L/∂Wₗ‖ (Frobenius)',
      }),
    },
    {
      file: 'init-depth-activation-functions.png',
      caption:
        `RMS of the activations through ${L} layers of width ${d.width} for a linear net, tanh nets and a ReLU net, each with ` +
        `its own initialization (geometric mean over ${d.seeds.length} seeds, min–max shaded). Dashed, in the same colour order: ` +
        `each net's own theory, the mean-field recursion q ← σ²n·E[φ(√q·z)²] (linear: ×σ²n per layer; ReLU: ×σ²n/2; tanh: ×σ²n while ` +
        `small, less as it saturates).`,
      spec: layerNormsChart({
        title: `Activation scale by activation function (${L} layers, width ${d.width})`,
        series: d.activations.map((a) => ({ name: a.label, y: a.activationRms, lo: a.band.lo, hi: a.band.hi })),
        theory: d.activations.map((a) => ({ name: `theory: ${a.label}`, y: a.theory })),
        xLabel: 'layer l',
        yLabel: 'RMS of activations',
      }),
    },
  ]
  const sym = d.symmetry.length === 0 ? [] : [{
    file: 'init-symmetry.png',
    caption:
      `Training loss of a tanh net 2 → ${d.symmetry[0]!.width} → ${d.symmetry[0]!.width} → 3 on the spirals (SGD, lr 0.1, momentum 0.9, ` +
      `minibatches of 32) from W = 0, from a constant W, and from Xavier normal; biases zero. The first two cannot break the symmetry ` +
      `between hidden units.`,
    spec: lineChart({
      title: 'Zero and constant initialization do not break symmetry',
      series: d.symmetry.map((r) => ({ name: r.label, x: r.trainLoss.map((_, i) => i), y: movingAverage(r.trainLoss, 10) })),
      xLabel: 'step',
      yLabel: 'training loss (moving average over 10)',
    }),
  }]
  if (d.training.steps === 0) return [...out, ...sym]
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
    ...sym,
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
    {
      title: `Activation functions through ${L} layers of width ${d.width}: RMS at layer ${L}, measured and theory`,
      header: ['net', 'σ²·n', `RMS layer ${L}`, `theory layer ${L}`],
      rows: d.activations.map((a) => [a.label, a.k, fmt(a.activationRms[L]!), fmt(a.theory[L]!)]),
    },
    ...(d.symmetry.length > 0
      ? [{
          title: `Symmetry: a tanh net with two hidden layers of ${d.symmetry[0]!.width} units`,
          header: ['initialization', '‖∂L/∂W‖ of the hidden kernels at step 0', 'distinct hidden units after training', 'final loss (mean of last 10%)'],
          rows: d.symmetry.map((r) => [r.label, r.firstHiddenGradNorms.map(fmt).join(', '), r.distinctUnits, fmt(tailMean(r.trainLoss))]),
        }]
      : []),
  ]
}

const tailMean = (v: ReadonlyArray<number>): number => {
  const tail = v.slice(-Math.max(1, Math.round(v.length / 10)))
  return tail.reduce((a, b) => a + b, 0) / tail.length
}

/** The largest factor between measured and theory RMS at the last layer, over the schemes. */
const worstTheoryFactor = (d: InitDepthData): number =>
  Math.exp(Math.max(...d.schemes.map((s) => Math.abs(Math.log(s.activationRms[d.depth]! / (d.inputRms * (s.k / 2) ** (d.depth / 2)))))))

const activationParagraph = (d: InitDepthData): string => {
  const L = d.depth
  const a = (id: string) => d.activations.find((x) => x.id === id)!
  const last = (id: string) => fmt(a(id).activationRms[L]!)
  const th = (id: string) => fmt(a(id).theory[L]!)
  return (
    `**Other activations.** The factor σ²·n/2 is ReLU's. A linear layer keeps all of the second moment, so σ² = 1/n keeps the ` +
    `scale: at layer ${L} the linear net's RMS is ${last('linear')} (theory ${th('linear')}, the input's ${fmt(d.inputRms)}). tanh is ` +
    `linear near zero and saturates beyond, so with Xavier's 1/n its scale decays slowly, as the mean-field recursion predicts ` +
    `(${last('tanhXavier')} at layer ${L}, theory ${th('tanhXavier')}); with ReLU's 2/n the gain 2 of tanh's linear part is balanced by its saturation, and the scale ` +
    `tends to the recursion's fixed point instead of growing (${last('tanh2')}, theory ${th('tanh2')}). ReLU with Kaiming holds at ${last('reluKaiming')} (theory ${th('reluKaiming')}). ` +
    `Each initialization suits one activation: Xavier (Glorot and Bengio, 2010) was derived for linear and tanh units, Kaiming ` +
    `for ReLU.`
  )
}

const symmetryParagraph = (d: InitDepthData): string => {
  const r = (id: string) => d.symmetry.find((x) => x.id === id)!
  const z = r('zeros')
  const c = r('constant')
  const x = r('xavier')
  const zeroGrads = z.firstHiddenGradNorms.every((v) => v === 0)
  return (
    `**Zero initialization.** With every weight zero, every hidden unit outputs tanh(0) = 0 and the weights after it are zero, ` +
    `so the gradient reaching the hidden kernels is ${zeroGrads ? 'exactly zero' : `of norm ${z.firstHiddenGradNorms.map(fmt).join(', ')}`} ` +
    `(measured at step 0: ${z.firstHiddenGradNorms.map(fmt).join(', ')}).${zeroGrads ? ' Only the output bias learns, and' : ''} the loss ends at ` +
    `${fmt(tailMean(z.trainLoss))} (ln 3 ≈ 1.10 is chance). A constant W = 0.3 is no better in kind: every hidden unit computes the ` +
    `same function and receives the same gradient, so after ${c.trainLoss.length} steps the first layer has ${c.distinctUnits} ` +
    `distinct unit${c.distinctUnits === 1 ? '' : 's'} out of ${c.width} (loss ${fmt(tailMean(c.trainLoss))}). Random (Xavier) weights ` +
    `give ${x.distinctUnits} distinct units and a loss of ${fmt(tailMean(x.trainLoss))}: randomness is what breaks the symmetry.`
  )
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
    `The first chart checks this on a ${L}-layer net of width ${d.width}, averaged over ${d.seeds.length} seeds: the measured RMS at ` +
      `layer ${L} is within a factor ${fmt(worstTheoryFactor(d))} of its dashed line for every initialization. Between ` +
      `layer 1 and layer ${L}, N(0, 2/n) changes the scale by a factor ${ratio('normal2')} and Kaiming by ${ratio('kaiming')} ` +
      `${['normal2', 'kaiming'].every((id) => Math.abs(Math.log(by(id).activationRms[L]! / by(id).activationRms[1]!)) < Math.log(3)) ? '(within a factor 3 of 1: the fluctuations of a finite width, not the exponential trend of the others), ' : ''}while N(0, 1/n) shrinks it by ${ratio('normal1')} (Xavier: ` +
      `${ratio('xavier')}) and N(0, 3/n) grows it by ${ratio('normal3')}: (1/2)^${(L - 1) / 2} and (3/2)^${(L - 1) / 2} in theory. ` +
      `The uniform forms draw from U(−a, a), whose variance a²/3 is matched to the normal form's: Xavier uniform changes the scale ` +
      `by ${ratio('xavierUniform')} and Kaiming uniform by ${ratio('kaimingUniform')}, as their normal counterparts do. Only the ` +
      `variance enters the theory.`,
    `The gradient of a loss with respect to layer l's kernel is the outer product of the layer's input (scaled like the ` +
      `forward activations, (σ²n/2)^((l−1)/2)) with the gradient flowing back from the top (which crosses L − l transposed ` +
      `layers and shrinks or grows by the same factor per layer, (σ²n/2)^((L−l)/2)). In a net of equal widths the two ` +
      `exponents add to (L − 1)/2 whatever l is, so the second chart's lines are roughly flat in l, but their level moves by ` +
      `(σ²n/2)^((L−1)/2) between initializations: about ${fmt(geoMean(by('normal1').gradNorms) / geoMean(by('normal2').gradNorms))} ` +
      `times the 2/n level for 1/n and ${fmt(geoMean(by('normal3').gradNorms) / geoMean(by('normal2').gradNorms))} times for 3/n. ` +
      `A learning rate that suits one initialization is then useless (vanishing) or explosive for the other.`,
  ]
  paras.push(activationParagraph(d))
  if (d.training.steps > 0) {
    const t = d.training
    const losses = d.schemes.map((s) => `${s.label} ${s.diverged ? `diverged at step ${s.trainLoss.length}` : fmt(finalLoss(s))}`).join(', ')
    const n3 = by('normal3')
    const chance = Math.log(3)
    const near = (v: number) => Math.abs(v - chance) < 0.05
    const plateau = ['normal1', 'xavier'].filter((id) => near(by(id).trainLoss[0] ?? NaN) && near(finalLoss(by(id))))
    const healthy = ['normal2', 'kaiming'].filter((id) => !by(id).diverged && finalLoss(by(id)) < chance - 0.1)
    const spikes = (id: string) => {
      const r = by(id).trainLoss
      const avg = movingAverage(r, 10)
      return r.filter((v, i) => i > 10 && v > 2 * avg[i - 1]!).length
    }
    const spiky = healthy.filter((id) => spikes(id) > 0)
    const probe = d.probe
    const probeText =
      probe === null
        ? ''
        : probe.diverged
          ? ` Trained again at lr ${probe.learningRate} (in this run), it diverged at step ${probe.trainLoss.length}.`
          : ` Trained again at lr ${probe.learningRate} (in this run), it did not diverge: it ended at ${fmt(tailMean(probe.trainLoss))}.`
    const fate = n3.diverged
      ? `it diverged at step ${n3.trainLoss.length}.${probeText}`
      : `at this learning rate it ends at ${fmt(finalLoss(n3))}.${probeText}`
    paras.push(
      `The last charts train a narrower deep net (${t.depth} hidden ReLU layers of width ${t.width}) on 3-class spirals with the ` +
        `same SGD settings (lr ${t.learningRate}, momentum 0.9) from each initialization, now ` +
        `N(0, k/fanIn) per layer (Xavier: 2/(fanIn + fanOut)). ` +
        `Final losses (mean of the last 10% of steps): ${losses}; chance level is ln 3 ≈ 1.10. With 1/n, and with Xavier, the ` +
        `signal reaching the output is about 2^(−${t.depth}/2) ≈ ${fmt(2 ** (-t.depth / 2))} of the input's and the gradients ` +
        `are tiny too` +
        (plateau.length > 0 ? `, so SGD stays on a plateau at chance level (${plateau.map((id) => by(id).label).join(' and ')}: first and final loss within 0.05 of ln 3)` : '') +
        `. ` +
        (healthy.length > 0
          ? `The scale-preserving ${healthy.map((id) => by(id).label).join(' and ')} learn (final loss below ln 3 − 0.1)` +
            (spiky.length > 0 ? `; the spikes in ${spiky.map((id) => `${by(id).label} (${spikes(id)} steps above twice the running mean)`).join(' and ')} are momentum steps overshooting in a deep net without normalization` : '') +
            '. '
          : '') +
        `3/n starts with logits (1.5)^(${t.depth}/2) ≈ ${fmt(1.5 ** (t.depth / 2))} times too large — a first loss of ` +
        `${fmt(n3.trainLoss[0] ?? NaN)} — and gradients as large; ${fate}`,
    )
  }
  if (d.symmetry.length > 0) paras.push(symmetryParagraph(d))
  return paras.join('\n\n')
}
