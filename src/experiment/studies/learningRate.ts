/**
 * The learning rate on a quadratic: too small is slow, too large oscillates
 * across the valley and, past the stability edge `2/L` (L the largest
 * curvature), diverges.
 *
 * Gradient descent on `f = ½ θᵀHθ` multiplies the error along an eigenvector
 * of curvature λ by `1 − η·λ` per step, so it converges iff `|1 − η·λ| < 1`
 * for every λ, that is `η < 2/L`. The study reads L from `hessian`, runs GD
 * at learning rates on both sides of the edge, and measures the edge by
 * bisection on the runs themselves (the largest rate whose loss after a fixed
 * number of steps is below the start), to set beside `2/L`.
 *
 * @example
 * const r = runLearningRate({ small: true })
 * r.metrics['edge.measuredOverTheory']   // close to 1
 *
 * @since 0.3.0
 */
import { hessian } from '../../ad/index.js'
import * as O from '../../optim/index.js'
import { concat, reshape, slice } from '../../ad/index.js'
import { tensor } from '../../tensor/create.js'
import type { Tensor } from '../../tensor/tensor.js'
import { lineChart, trajectoryChart } from '../plot.js'
import { lossGrid, rotatedQuadratic, runPath, type Run2d } from './optimizers2d.js'
import type { StudyChart, StudyOptions, StudyResult } from './types.js'
import { fmt } from './util.js'

// ---- model ----

/** Options of `runLearningRate`. @category model @since 0.3.0 */
export interface LearningRateOptions extends StudyOptions {
  /** κ of the rotated quadratic (default 10): curvatures 1 and κ. */
  readonly kappa?: number
  /** The learning rates drawn, as fractions of the theoretical edge 2/L (default 0.1, 0.5, 0.9, 1.05). */
  readonly fractions?: ReadonlyArray<number>
  /** Steps of each drawn run (default 40; 25 when small). */
  readonly steps?: number
  /** Steps of each bisection run (default 200; 60 when small). */
  readonly edgeSteps?: number
}

/** The measurements of the study. @category model @since 0.3.0 */
export interface LearningRateData {
  readonly kappa: number
  /** The largest eigenvalue of the Hessian, from `hessian`. */
  readonly L: number
  readonly theoryEdge: number
  readonly measuredEdge: number
  readonly runs: ReadonlyArray<{ readonly fraction: number; readonly learningRate: number; readonly run: Run2d }>
}

// ---- measurements ----

/** The eigenvalues of a symmetric 2×2 matrix, largest first. */
const eig2 = (h: ReadonlyArray<ReadonlyArray<number>>): [number, number] => {
  const [a, b, d] = [h[0]![0]!, h[0]![1]!, h[1]![1]!]
  const m = (a + d) / 2
  const r = Math.hypot((a - d) / 2, b)
  return [m + r, m - r]
}

/** Does GD at `lr` for `steps` steps end below its starting loss? */
const stable = (f: (p: { x: Tensor; y: Tensor }) => Tensor, start: readonly [number, number], lr: number, steps: number): boolean => {
  const r = runPath(f, start, { name: 'GD', settings: '', transform: O.sgd(lr) as O.GradientTransformation<unknown> }, steps)
  return !r.diverged && r.loss[r.loss.length - 1]! < r.loss[0]!
}

/**
 * The stability edge measured on the runs: double the rate until a run
 * fails, then bisect between the last stable and the first unstable rate.
 * @category measurements
 * @since 0.3.0
 */
export const measureEdge = (f: (p: { x: Tensor; y: Tensor }) => Tensor, start: readonly [number, number], steps: number, iterations = 30): number => {
  let lo = 0
  let hi = 1e-3
  while (stable(f, start, hi, steps)) [lo, hi] = [hi, hi * 2]
  for (let i = 0; i < iterations; i++) {
    const mid = (lo + hi) / 2
    if (stable(f, start, mid, steps)) lo = mid
    else hi = mid
  }
  return lo
}

// ---- the study ----

/**
 * The study: trajectories and loss curves of GD across the edge, and the
 * measured edge beside 2/L.
 * @category study
 * @since 0.3.0
 */
export const runLearningRate = (opts: LearningRateOptions = {}): StudyResult<LearningRateData> => {
  const small = opts.small === true
  const kappa = opts.kappa ?? 10
  const fractions = opts.fractions ?? [0.1, 0.5, 0.9, 1.05]
  const steps = opts.steps ?? (small ? 25 : 40)
  const edgeSteps = opts.edgeSteps ?? (small ? 60 : 200)
  const f = rotatedQuadratic(kappa)
  const start = [-4, 3] as const
  // L from the Hessian at the start (constant for a quadratic), through a function of one [2] vector
  const asVector = (v: Tensor) => f({ x: reshape(slice(v, [0], [1]), []), y: reshape(slice(v, [1], [2]), []) })
  const H = hessian(asVector)(tensor([...start], { dtype: 'float64' })) as Tensor
  const [L, mu] = eig2(H.toArray() as number[][])
  const theoryEdge = 2 / L
  const measuredEdge = measureEdge(f, start, edgeSteps)
  const runs = fractions.map((fraction) => {
    const lr = fraction * theoryEdge
    const run = runPath(f, start, { name: `lr ${fmt(lr)}`, settings: `${fraction}·2/L`, transform: O.sgd(lr) as O.GradientTransformation<unknown> }, steps)
    return { fraction, learningRate: lr, run }
  })
  const data: LearningRateData = { kappa, L, theoryEdge, measuredEdge, runs }
  const grid = lossGrid({ f, window: { x: [-6, 6], y: [-6, 6] } }, small ? 61 : 181)
  const name = (r: (typeof runs)[number]) => `lr ${fmt(r.learningRate)} = ${r.fraction}·2/L`
  const charts: StudyChart[] = [
    {
      file: 'learning-rate-trajectories.png',
      caption:
        `Gradient descent on ½(u² + ${kappa}·v²) (valley along y = −x; L = ${fmt(L)}, so 2/L = ${fmt(theoryEdge)}) for ${steps} steps at ` +
        `learning rates on both sides of the edge; paths leaving the window are cut at its border.`,
      spec: trajectoryChart({
        title: `GD across the stability edge 2/L = ${fmt(theoryEdge)}`,
        contour: { ...grid, levels: 14 },
        logLevels: true,
        paths: runs.map((r) => ({ name: name(r), x: r.run.x, y: r.run.y })),
      }),
    },
    {
      file: 'learning-rate-loss.png',
      caption: `The loss of the runs above against step (log scale). A line that stops early became non-finite.`,
      spec: lineChart({
        title: 'Loss per step at each learning rate',
        series: runs.map((r) => ({ name: name(r), x: r.run.loss.map((_, i) => i), y: r.run.loss })),
        xLabel: 'step', yLabel: 'loss', logY: true,
      }),
    },
  ]
  const ratio = (r: (typeof runs)[number]) => r.run.loss[r.run.loss.length - 1]! / r.run.loss[0]!
  const oscillates = (r: (typeof runs)[number]) => {
    const v = r.run.x.map((x, i) => x + r.run.y[i]!)
    return v.slice(1).filter((w, i) => Math.sign(w) !== Math.sign(v[i]!) && w !== 0).length
  }
  return {
    name: 'learningRate',
    title: 'The learning rate on a quadratic',
    summary: summarize(data, ratio, oscillates, mu, steps, edgeSteps),
    charts,
    tables: [
      {
        title: `GD on the rotated quadratic, κ = ${kappa}, ${steps} steps from (${start.join(', ')})`,
        header: ['learning rate', 'fraction of 2/L', '|1 − η·L| (per-step factor across the valley)', 'final / first loss', 'crossings of the valley floor'],
        rows: runs.map((r) => [fmt(r.learningRate), r.fraction, fmt(Math.abs(1 - r.learningRate * L)), fmt(ratio(r)), oscillates(r)]),
      },
    ],
    metrics: {
      'edge.theory': theoryEdge,
      'edge.measured': measuredEdge,
      'edge.measuredOverTheory': measuredEdge / theoryEdge,
      ...Object.fromEntries(runs.map((r) => [`gd.${r.fraction}.lossRatio`, ratio(r)])),
    },
    data,
  }
}

// ---- text ----

const summarize = (
  d: LearningRateData,
  ratio: (r: LearningRateData['runs'][number]) => number,
  crossings: (r: LearningRateData['runs'][number]) => number,
  mu: number,
  steps: number,
  edgeSteps: number,
): string => {
  const describe = (r: LearningRateData['runs'][number]) => {
    const q = ratio(r)
    const c = crossings(r)
    const fate = !Number.isFinite(q) || q > 1 ? `the loss grew by a factor ${fmt(q)}: it diverges` : `the loss fell by a factor ${fmt(1 / q)}`
    return `at ${r.fraction}·2/L (lr ${fmt(r.learningRate)}) ${fate}, and the path crossed the valley floor ${c} times`
  }
  const sorted = [...d.runs].sort((a, b) => a.fraction - b.fraction)
  return [
    `Gradient descent on a quadratic ½θᵀHθ multiplies the error along each eigenvector of H, of curvature λ, by 1 − η·λ per step. ` +
      `Along the flat direction (λ = ${fmt(mu)}) a small rate gives a factor just below 1: slow progress. Along the steep one ` +
      `(λ = L = ${fmt(d.L)}, read from \`hessian\`) the factor is negative once η > 1/L, so the iterate jumps from one wall of the valley ` +
      `to the other (the zigzag), and its size exceeds 1 once η > 2/L: the oscillation grows and the run diverges. ` +
      `The stability edge is 2/L = ${fmt(d.theoryEdge)}.`,
    `Over ${steps} steps, ${sorted.map(describe).join('; ')}.`,
    `**The edge, measured.** Bisecting on the runs themselves (the largest rate whose loss after ${edgeSteps} steps is below the ` +
      `starting loss) gives ${d.measuredEdge.toPrecision(5)}, against 2/L = ${d.theoryEdge.toPrecision(5)} (ratio ${(d.measuredEdge / d.theoryEdge).toPrecision(5)}). Just ` +
      `above 2/L the growth per step, |1 − η·L|, is barely above 1, so a finite run places the edge a little ` +
      `${d.measuredEdge >= d.theoryEdge ? 'above' : 'below'} the theory.`,
  ].join('\n\n')
}
