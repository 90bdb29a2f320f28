/**
 * Full batch, single example, minibatch: SGD on a least-squares line fit,
 * `ŷ = w·x + b`, with batch sizes 1, 8, 32 and the whole set, at equal epochs
 * (the same number of gradient evaluations per example) and at equal steps
 * (the same number of updates); and the variance of the minibatch gradient
 * against batch size, measured from per-example gradients, beside σ²/B.
 *
 * The parameters are two numbers, so the paths are drawn over the full-batch
 * loss's contours: the full batch follows the true gradient, a single example
 * jitters around the optimum, minibatches lie between.
 *
 * @example
 * const r = runMinibatch({ small: true })
 * r.metrics['variance.slope']   // close to −1: variance ∝ 1/B
 *
 * @since 0.3.0
 */
import { add, grad, matmul, mean, mul, square, sub, valueAndGrad } from '../../ad/index.js'
import * as D from '../../data/index.js'
import * as O from '../../optim/index.js'
import * as R from '../../random/index.js'
import { tensor } from '../../tensor/create.js'
import type { Tensor } from '../../tensor/tensor.js'
import { layerNormsChart, lineChart, trajectoryChart } from '../plot.js'
import type { StudyChart, StudyOptions, StudyResult } from './types.js'
import { fmt } from './util.js'

// ---- model ----

/** Options of `runMinibatch`. @category model @since 0.3.0 */
export interface MinibatchOptions extends StudyOptions {
  /** Examples (default 256; 64 when small). */
  readonly n?: number
  /** Noise of the targets (default 0.5). */
  readonly noise?: number
  /** Learning rate of every run (default 0.2). */
  readonly learningRate?: number
  /** Epochs of the equal-epochs runs (default 4; 2 when small). */
  readonly epochs?: number
  /** Steps of the equal-steps runs (default 100; 40 when small). */
  readonly steps?: number
  /** Minibatches drawn per batch size for the variance (default 200; 60 when small). */
  readonly draws?: number
  readonly seed?: number
}

type Line = { readonly w: Tensor; readonly b: Tensor }

/** One SGD run: parameters after every step, full-batch loss after every step. @category model @since 0.3.0 */
export interface BatchRun {
  readonly batchSize: number
  readonly label: string
  readonly w: ReadonlyArray<number>
  readonly b: ReadonlyArray<number>
  /** The full-batch loss at each iterate. */
  readonly loss: ReadonlyArray<number>
  /** Epochs passed at each iterate (steps·B/N). */
  readonly epochs: ReadonlyArray<number>
  /** Mean distance to the least-squares optimum over the last quarter of the iterates. */
  readonly jitter: number
}

/** The measurements of the study. @category model @since 0.3.0 */
export interface MinibatchData {
  readonly n: number
  readonly learningRate: number
  readonly optimum: readonly [number, number]
  readonly equalEpochs: ReadonlyArray<BatchRun>
  readonly equalSteps: ReadonlyArray<BatchRun>
  /** σ² = mean over examples of ‖gᵢ − ḡ‖², at the starting point. */
  readonly sigma2: number
  readonly variance: ReadonlyArray<{ readonly batchSize: number; readonly measured: number; readonly theory: number; readonly theoryFinite: number }>
  /** Least-squares slope of log variance against log B. */
  readonly slope: number
}

// ---- the model ----

/** Half the mean squared error of the line on a batch. */
const lineLoss = (p: Line, d: D.Dataset): Tensor => mul(mean(square(sub(add(matmul(d.x, p.w), p.b), d.y))), 0.5)

const START = [-2, 2] as const

/** The step at which the equal-steps runs are compared before they settle. */
const EARLY = 10

const f64 = (v: ReadonlyArray<number>, shape: number[]) => tensor([...v], { dtype: 'float64', shape })
const startParams = (): Line => ({ w: f64([START[0]], [1, 1]), b: f64([START[1]], [1]) })

/** The least-squares line (the full-batch optimum), from the 2×2 normal equations. */
const leastSquares = (d: D.Dataset): [number, number] => {
  const x = d.x.toArray() as number[][]
  const y = d.y.toArray() as number[][]
  const n = x.length
  const sx = x.reduce((a, r) => a + r[0]!, 0)
  const sxx = x.reduce((a, r) => a + r[0]! ** 2, 0)
  const sy = y.reduce((a, r) => a + r[0]!, 0)
  const sxy = x.reduce((a, r, i) => a + r[0]! * y[i]![0]!, 0)
  const w = (n * sxy - sx * sy) / (n * sxx - sx * sx)
  return [w, (sy - w * sx) / n]
}

/** SGD with batch size `B` for `steps` steps, reshuffling every epoch; the incomplete last batch is dropped. */
const train = (key: R.Key, d: D.Dataset, B: number, steps: number, lr: number, opt: readonly [number, number], label: string): BatchRun => {
  const n = d.x.shape[0]!
  const o = O.optimizer(O.sgd(lr))
  const perEpoch = D.numBatches(n, B, { dropLast: true })
  let s = o.init(startParams())
  let batches: ReadonlyArray<D.Dataset> = []
  const ws: number[] = [START[0]]
  const bs: number[] = [START[1]]
  const loss = [lineLoss(s.params, d).item()]
  for (let t = 0; t < steps; t++) {
    if (t % perEpoch === 0) batches = B >= n ? [d] : D.batches(key, d, B, { epoch: t / perEpoch, dropLast: true })
    const g = grad(lineLoss)(s.params, batches[t % perEpoch]!)
    s = o.step(s, g)
    ws.push(s.params.w.item())
    bs.push(s.params.b.item())
    loss.push(lineLoss(s.params, d).item())
  }
  const tail = Math.max(1, Math.floor(ws.length / 4))
  const dist = ws.slice(-tail).map((w, i) => Math.hypot(w - opt[0], bs[bs.length - tail + i]! - opt[1]))
  return {
    batchSize: B, label, w: ws, b: bs, loss,
    epochs: loss.map((_, i) => (i * Math.min(B, n)) / n),
    jitter: dist.reduce((a, v) => a + v, 0) / dist.length,
  }
}

/** ‖a − b‖² of two gradients of the line. */
const dist2 = (a: Line, b: Line): number => (a.w.item() - b.w.item()) ** 2 + (a.b.item() - b.b.item()) ** 2

// ---- the study ----

/**
 * The study: paths and loss curves for batch sizes 1, 8, 32 and N at equal
 * epochs and equal steps, and the gradient variance against batch size.
 * @category study
 * @since 0.3.0
 */
export const runMinibatch = (opts: MinibatchOptions = {}): StudyResult<MinibatchData> => {
  const small = opts.small === true
  const n = opts.n ?? (small ? 64 : 256)
  const lr = opts.learningRate ?? 0.2
  const epochs = opts.epochs ?? (small ? 2 : 4)
  const steps = opts.steps ?? (small ? 40 : 100)
  const draws = opts.draws ?? (small ? 60 : 200)
  const [kData, kTrain, kVar] = R.split(R.key(opts.seed ?? 0), 3)
  const raw = D.linearRegression(kData!, { n, dim: 1, noise: opts.noise ?? 0.5, dtype: 'float64' })
  const d: D.Dataset = { x: raw.x, y: raw.y }
  const opt = leastSquares(d)
  const sizes = [1, 8, 32, n].filter((B, i, a) => B <= n && a.indexOf(B) === i)
  const label = (B: number) => (B === n ? `full batch (${n})` : B === 1 ? 'single example (B = 1)' : `B = ${B}`)
  const equalEpochs = sizes.map((B) => train(kTrain!, d, B, epochs * D.numBatches(n, B, { dropLast: true }), lr, opt, label(B)))
  const equalSteps = sizes.map((B) => train(kTrain!, d, B, steps, lr, opt, label(B)))

  // per-example gradients at the start, one grad call per example
  const p0 = startParams()
  const perExample = Array.from({ length: n }, (_, i) => grad(lineLoss)(p0, D.subset(d, [i])))
  const gFull = grad(lineLoss)(p0, d)
  const sigma2 = perExample.reduce((a, g) => a + dist2(g, gFull), 0) / n
  const varSizes = [1, 2, 4, 8, 16, 32, 64].filter((B) => B < n)
  const variance = varSizes.map((B) => {
    const perEpoch = Math.floor(n / B)
    const got: number[] = []
    for (let e = 0; got.length < draws; e++)
      for (const idx of D.batchIndices(kVar!, n, B, { epoch: e, dropLast: true }).slice(0, Math.min(perEpoch, draws - got.length)))
        got.push(dist2(grad(lineLoss)(p0, D.subset(d, idx)), gFull))
    const measured = got.reduce((a, v) => a + v, 0) / got.length
    return { batchSize: B, measured, theory: sigma2 / B, theoryFinite: ((sigma2 / B) * (n - B)) / (n - 1) }
  })
  const lx = variance.map((v) => Math.log(v.batchSize))
  const ly = variance.map((v) => Math.log(v.measured))
  const mx = lx.reduce((a, v) => a + v, 0) / lx.length
  const my = ly.reduce((a, v) => a + v, 0) / ly.length
  const slope = lx.reduce((a, v, i) => a + (v - mx) * (ly[i]! - my), 0) / lx.reduce((a, v) => a + (v - mx) ** 2, 0)

  const data: MinibatchData = { n, learningRate: lr, optimum: opt, equalEpochs, equalSteps, sigma2, variance, slope }
  const win = { x: [Math.min(START[0], opt[0]) - 0.8, Math.max(START[0], opt[0]) + 0.8], y: [Math.min(START[1], opt[1]) - 0.8, Math.max(START[1], opt[1]) + 0.8] } as const
  const axis = ([lo, hi]: readonly [number, number], k: number) => Array.from({ length: k }, (_, i) => lo + ((hi - lo) * i) / (k - 1))
  const k = small ? 41 : 121
  const xs = axis(win.x, k)
  const ys = axis(win.y, k)
  // the full-batch loss on the grid, from its closed form in the data's moments
  const xv = (d.x.toArray() as number[][]).map((r) => r[0]!)
  const yv = (d.y.toArray() as number[][]).map((r) => r[0]!)
  const z = ys.map((b) => xs.map((w) => xv.reduce((a, x, i) => a + (w * x + b - yv[i]!) ** 2, 0) / (2 * n)))
  const grid = { xs, ys, z }
  const path = (r: BatchRun) => ({ name: r.label, x: r.w, y: r.b })
  const charts: StudyChart[] = [
    {
      file: 'minibatch-paths-epochs.png',
      caption:
        `SGD (lr ${lr}) on a least-squares line fit of ${n} noisy points, ${epochs} epochs for each batch size, in the (w, b) plane ` +
        `over the full-batch loss's contours. The full batch takes ${equalEpochs[equalEpochs.length - 1]!.w.length - 1} steps along the true gradient; ` +
        `a single example takes ${equalEpochs[0]!.w.length - 1} noisy ones.`,
      spec: trajectoryChart({ title: `Equal epochs (${epochs}): paths by batch size`, contour: { ...grid, levels: 14 }, logLevels: true, xLabel: 'w', yLabel: 'b', points: false, paths: equalEpochs.map(path) }),
    },
    {
      file: 'minibatch-loss-epochs.png',
      caption: `Full-batch loss against epochs (examples seen / N) for each batch size, equal epochs (log scale).`,
      spec: lineChart({ title: `Equal epochs: loss against epochs`, series: equalEpochs.map((r) => ({ name: r.label, x: r.epochs, y: r.loss })), xLabel: 'epochs', yLabel: 'full-batch loss', logY: true }),
    },
    {
      file: 'minibatch-loss-steps.png',
      caption: `Full-batch loss against steps, ${steps} steps for each batch size (log scale): per update, a larger batch makes more progress.`,
      spec: lineChart({ title: `Equal steps (${steps}): loss against steps`, series: equalSteps.map((r) => ({ name: r.label, x: r.loss.map((_, i) => i), y: r.loss })), xLabel: 'step', yLabel: 'full-batch loss', logY: true }),
    },
    {
      file: 'minibatch-variance.png',
      caption:
        `E‖ĝ_B − ∇f‖² over ${draws} minibatches per batch size at the starting point, from per-example gradients; dashed: σ²/B ` +
        `(independent draws) and σ²/B·(N − B)/(N − 1) (drawn without replacement, as an epoch does). Log–log.`,
      spec: layerNormsChart({
        title: 'Variance of the minibatch gradient against batch size',
        series: [{ name: 'measured', x: varSizes, y: variance.map((v) => v.measured) }],
        theory: [
          { name: 'σ²/B', x: varSizes, y: variance.map((v) => v.theory) },
          { name: 'σ²/B · (N − B)/(N − 1)', x: varSizes, y: variance.map((v) => v.theoryFinite) },
        ],
        xLabel: 'batch size B', yLabel: 'E‖ĝ − ∇f‖²',
      }),
    },
  ]
  const finalLoss = (r: BatchRun) => r.loss[r.loss.length - 1]!
  return {
    name: 'minibatch',
    title: 'Full batch, single example, minibatch',
    summary: summarize(data, epochs, steps, draws),
    charts,
    tables: [
      {
        title: `SGD on the line fit (lr ${lr}); the least-squares optimum is (w, b) = (${fmt(opt[0])}, ${fmt(opt[1])})`,
        header: ['batch size', `steps in ${epochs} epochs`, 'final loss, equal epochs', `loss after ${EARLY} steps`, `final loss, ${steps} steps`, `jitter (mean distance to optimum, last quarter of ${steps} steps)`],
        rows: sizes.map((B, i) => [label(B), equalEpochs[i]!.w.length - 1, fmt(finalLoss(equalEpochs[i]!)), fmt(equalSteps[i]!.loss[EARLY]!), fmt(finalLoss(equalSteps[i]!)), fmt(equalSteps[i]!.jitter)]),
      },
      {
        title: `Gradient variance at the start (σ² = ${fmt(sigma2)}, N = ${n})`,
        header: ['B', 'measured', 'σ²/B', 'σ²/B·(N − B)/(N − 1)', 'measured / finite-population theory'],
        rows: variance.map((v) => [v.batchSize, fmt(v.measured), fmt(v.theory), fmt(v.theoryFinite), fmt(v.measured / v.theoryFinite)]),
      },
    ],
    metrics: {
      'variance.slope': slope,
      'variance.sigma2': sigma2,
      ...Object.fromEntries(equalEpochs.map((r) => [`epochs.B${r.batchSize}.finalLoss`, finalLoss(r)])),
      ...Object.fromEntries(equalSteps.map((r) => [`steps.B${r.batchSize}.jitter`, r.jitter])),
      ...Object.fromEntries(equalSteps.map((r) => [`steps.B${r.batchSize}.finalLoss`, finalLoss(r)])),
    },
    data,
  }
}

// ---- text ----

const summarize = (d: MinibatchData, epochs: number, steps: number, draws: number): string => {
  const e = d.equalEpochs
  const s = d.equalSteps
  const fl = (r: BatchRun) => fmt(r.loss[r.loss.length - 1]!)
  const [one, full] = [e[0]!, e[e.length - 1]!]
  const bestEpochs = [...e].sort((a, b) => a.loss[a.loss.length - 1]! - b.loss[b.loss.length - 1]!)[0]!
  const bestSteps = [...s].sort((a, b) => a.loss[a.loss.length - 1]! - b.loss[b.loss.length - 1]!)[0]!
  const worst = d.variance.reduce((m, v) => Math.max(m, Math.abs(Math.log(v.measured / v.theoryFinite))), 0)
  const at = (r: BatchRun, i: number) => r.loss[Math.min(i, r.loss.length - 1)]!
  const early = [...s].sort((a, b) => at(a, EARLY) - at(b, EARLY))[0]!
  const sOne = s[0]!
  const sFull = s[s.length - 1]!
  const jitterOrder = s.every((r, i) => i === 0 || r.jitter <= s[i - 1]!.jitter)
  return [
    `The loss of a dataset is a mean over its examples, and so is its gradient. **The full batch** computes that mean: the true ` +
      `gradient, at the cost of a pass over all ${d.n} examples per step. **A single example** gives an unbiased but noisy estimate ` +
      `for 1/${d.n} of the cost; **a minibatch** of B examples averages B such estimates. All runs below use SGD with lr ${d.learningRate} ` +
      `from (w, b) = (${START.join(', ')}) on a least-squares line fit; the optimum is (${fmt(d.optimum[0])}, ${fmt(d.optimum[1])}).`,
    `**Equal epochs** (${epochs} passes over the data, the same number of per-example gradients): the full batch takes ` +
      `${full.w.length - 1} steps and ends at loss ${fl(full)}; the single example takes ${one.w.length - 1} and ends at ${fl(one)}. ` +
      `${bestEpochs.batchSize < d.n ? `For the same computation, small batches get further (lowest here: ${bestEpochs.label}, ${fl(bestEpochs)}).` : `Here the full batch gets furthest.`}`,
    `**Equal steps** (${steps} updates each): after ${EARLY} steps the losses are ` +
      `${s.map((r) => `${r.label} ${fmt(at(r, EARLY))}`).join(', ')}; ${early.label} is lowest there` +
      `${early.batchSize === d.n ? ': per update, the true gradient makes the most progress' : ''}. Once near the optimum the noise ` +
      `shows: over the last quarter of the run the single-example parameters stay on average ${fmt(sOne.jitter)} from the optimum, ` +
      `against ${fmt(sFull.jitter)} for the full batch (${s.map((r) => `${r.label}: ${fmt(r.jitter)}`).join(', ')})` +
      `${jitterOrder ? ', shrinking as the batch grows' : ''}. At a constant learning rate a stochastic gradient keeps the parameters ` +
      `jittering in a region whose size grows with the rate and with the gradient's variance; the final losses are ` +
      `${s.map((r) => `${r.label} ${fl(r)}`).join(', ')}.`,
    `**The variance of the estimate.** At the starting point the per-example gradients gᵢ (one \`grad\` per example) have ` +
      `σ² = mean‖gᵢ − ḡ‖² = ${fmt(d.sigma2)}. The mean of B independent draws has variance σ²/B; an epoch draws without replacement, ` +
      `which multiplies that by (N − B)/(N − 1). Over ${draws} minibatches per size, the measured variance follows it within a factor ` +
      `${fmt(Math.exp(worst))} at every B, and its slope against B on log–log axes is ${fmt(d.slope)} (theory: −1, a little steeper ` +
      `with the finite-population factor). Quadrupling the batch halves the noise's standard deviation, at four times the cost.`,
  ].join('\n\n')
}
