/**
 * Optimizers on 2-D problems: gradient descent, momentum, Nesterov, Adam and
 * Newton's method, each run for a fixed number of steps on an ill-conditioned
 * rotated quadratic and on Rosenbrock's banana valley, with every gradient
 * from `valueAndGrad` and every Hessian from `hessian` (inside `optim.newton`).
 *
 * A problem is one function `f({ x, y }) => loss` written with the library's
 * elementwise ops, so the same definition serves the optimizers (scalar `x`,
 * `y`: a scalar loss) and the contour plot (grid tensors `x`, `y`: the loss on
 * the whole grid at once).
 *
 * @example
 * const r = runOptimizers2d({ small: true })
 * r.data.problems[0].runs.find((p) => p.optimizer === 'Newton')?.loss[1]   // 0: a quadratic in one step
 *
 * @since 0.1.0
 */
import { add, mul, square, sub, valueAndGrad } from '../../ad/index.js'
import * as O from '../../optim/index.js'
import { tensor } from '../../tensor/create.js'
import type { Tensor } from '../../tensor/tensor.js'
import type { Grid } from '../contour.js'
import { lineChart, trajectoryChart } from '../plot.js'
import type { StudyChart, StudyOptions, StudyResult, StudyTable } from './types.js'
import { fmt } from './util.js'

// ---- model ----

/** The parameters of a 2-D problem: two float64 scalars (or, for the contour grid, two grids). @category model @since 0.1.0 */
export type Point = { readonly x: Tensor; readonly y: Tensor }

/** An optimizer of the study: a label, its learning rate and the transformation. @category model @since 0.1.0 */
export interface OptimizerEntry {
  readonly name: string
  /** The learning rate and options, as text for tables (e.g. `lr 0.02, β 0.9`). */
  readonly settings: string
  readonly transform: O.GradientTransformation<unknown>
}

/** A 2-D test problem. @category model @since 0.1.0 */
export interface Problem2d {
  /** Identifier used in file names and metric keys, e.g. `quadratic`. */
  readonly name: string
  readonly title: string
  /** The function in words and symbols, for the summary. */
  readonly formula: string
  /** Elementwise in `x` and `y`: scalars give the loss, grids give its values on the grid. */
  readonly f: (p: Point) => Tensor
  readonly start: readonly [number, number]
  readonly minimum: readonly [number, number]
  /** The plotting window. */
  readonly window: { readonly x: readonly [number, number]; readonly y: readonly [number, number] }
  readonly steps: number
  readonly optimizers: ReadonlyArray<OptimizerEntry>
}

/** One optimizer's run: iterates `0..steps` and the loss at each. @category model @since 0.1.0 */
export interface Run2d {
  readonly optimizer: string
  readonly settings: string
  readonly x: ReadonlyArray<number>
  readonly y: ReadonlyArray<number>
  readonly loss: ReadonlyArray<number>
  /** The first step whose loss is at most `TOL`, or null. */
  readonly stepsToTol: number | null
  /** Set if the loss became non-finite (the run stops there). */
  readonly diverged: boolean
}

/** The measurements of the study. @category model @since 0.1.0 */
export interface Optimizers2dData {
  readonly problems: ReadonlyArray<{ readonly name: string; readonly title: string; readonly steps: number; readonly runs: ReadonlyArray<Run2d> }>
}

/** Options of `runOptimizers2d`. @category model @since 0.1.0 */
export interface Optimizers2dOptions extends StudyOptions {
  /** Steps on the quadratic (default 300; 60 when small). */
  readonly quadraticSteps?: number
  /** Steps on Rosenbrock (default 1000; 150 when small). */
  readonly rosenbrockSteps?: number
  /** κ, the condition number of the quadratic (default 50). */
  readonly kappa?: number
}

// ---- constants ----

/** The loss level for "steps to converge". */
export const TOL = 1e-8

/** Losses below this are drawn at it on the log axis (a converged Newton run reaches exactly 0). */
const FLOOR = 1e-20

// ---- problems ----

const f64 = (v: number): Tensor => tensor(v, { dtype: 'float64' })

/**
 * `f = ½(u² + κ·v²)` in coordinates `(u, v)` rotated by -45° from `(x, y)`:
 * the valley runs along the line `y = -x`, so no coordinate axis is an
 * eigenvector (which is what per-coordinate methods such as Adam would like).
 * Eigenvalues 1 and κ; minimum 0 at the origin.
 * @category problems
 * @since 0.1.0
 */
export const rotatedQuadratic = (kappa: number) => {
  const c = Math.SQRT1_2
  return ({ x, y }: Point): Tensor => {
    const u = mul(sub(x, y), c)
    const v = mul(add(x, y), c)
    return mul(add(square(u), mul(square(v), kappa)), 0.5)
  }
}

/**
 * Rosenbrock's function `(a - x)² + b·(y - x²)²` (a = 1, b = 100): a curved,
 * flat-bottomed valley with its minimum 0 at `(a, a²)`.
 * @category problems
 * @since 0.1.0
 */
export const rosenbrock = (a = 1, b = 100) => ({ x, y }: Point): Tensor => add(square(sub(a, x)), mul(square(sub(y, square(x))), b))

const entry = (name: string, settings: string, transform: O.GradientTransformation<unknown>): OptimizerEntry => ({ name, settings, transform })

/**
 * The two problems with their optimizers and learning rates. The rates are
 * the textbook choices, not tuned per method: GD at `1/L` on the quadratic
 * (L = κ, the largest curvature) and, on Rosenbrock, at about the stability
 * limit `2/λmax ≈ 2/2000` of its start; momentum and Nesterov at the same rate with β = 0.9;
 * Adam at 0.1 (a step size in parameter units); Newton's pure step (η = 1).
 * @category problems
 * @since 0.1.0
 */
export const problems2d = (opts: Optimizers2dOptions = {}): ReadonlyArray<Problem2d> => {
  const small = opts.small === true
  const kappa = opts.kappa ?? 50
  const first = (lr: number): OptimizerEntry[] => [
    entry('GD', `lr ${lr}`, O.sgd(lr) as O.GradientTransformation<unknown>),
    entry('momentum', `lr ${lr}, β 0.9, undamped u ← βu + g`, O.sgd(lr, { momentum: 0.9 }) as O.GradientTransformation<unknown>),
    entry('Nesterov', `lr ${lr}, β 0.9, undamped, reparametrized`, O.sgd(lr, { momentum: 0.9, nesterov: true }) as O.GradientTransformation<unknown>),
    entry('Adam', 'lr 0.1', O.adam(0.1) as O.GradientTransformation<unknown>),
    entry('Newton', 'η 1', O.newton(1) as O.GradientTransformation<unknown>),
  ]
  return [
    {
      name: 'quadratic',
      title: `Rotated quadratic, κ = ${kappa}`,
      formula: `f = ½(u² + κ·v²) with κ = ${kappa}, u = (x − y)/√2, v = (x + y)/√2`,
      f: rotatedQuadratic(kappa),
      start: [-4, 3],
      minimum: [0, 0],
      window: { x: [-5, 5], y: [-5, 5] },
      steps: opts.quadraticSteps ?? (small ? 60 : 300),
      optimizers: first(1 / kappa),
    },
    {
      name: 'rosenbrock',
      title: 'Rosenbrock (a = 1, b = 100)',
      formula: 'f = (1 − x)² + 100·(y − x²)²',
      f: rosenbrock(1, 100),
      start: [-1.5, 2],
      minimum: [1, 1],
      window: { x: [-2, 2], y: [-1, 3] },
      steps: opts.rosenbrockSteps ?? (small ? 150 : 1000),
      optimizers: first(1e-3),
    },
  ]
}

// ---- running ----

/**
 * Run one optimizer from `start` for `steps` steps: the loss and its gradient
 * from `valueAndGrad`, the update from `optimizer(...).step` (which hands the
 * loss to Newton's Hessian through `extra`).
 * @category running
 * @since 0.1.0
 */
export const runPath = (f: (p: Point) => Tensor, start: readonly [number, number], o: OptimizerEntry, steps: number): Run2d => {
  const opt = O.optimizer(o.transform)
  const lossFn = (p: O.Params) => f(p as Point)
  let state = opt.init({ x: f64(start[0]), y: f64(start[1]) } as Point)
  const xs = [start[0]]
  const ys = [start[1]]
  const loss: number[] = []
  let diverged = false
  for (let i = 0; i < steps; i++) {
    const [l, g] = valueAndGrad(f)(state.params)
    loss.push(l.item())
    state = opt.step(state, g, { loss: lossFn })
    const [x, y] = [state.params.x.item(), state.params.y.item()]
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      diverged = true
      break
    }
    xs.push(x)
    ys.push(y)
  }
  if (!diverged) loss.push(f(state.params).item())
  const hit = loss.findIndex((l) => l <= TOL)
  return { optimizer: o.name, settings: o.settings, x: xs, y: ys, loss, stepsToTol: hit < 0 ? null : hit, diverged: diverged || !Number.isFinite(loss[loss.length - 1]!) }
}

/** `f` on an `n × n` grid over the window, evaluated in one call on grid tensors. @category running @since 0.1.0 */
export const lossGrid = (p: Pick<Problem2d, 'f' | 'window'>, n: number): Grid => {
  const axis = ([lo, hi]: readonly [number, number]) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1))
  const xs = axis(p.window.x)
  const ys = axis(p.window.y)
  const X = tensor(ys.map(() => xs), { dtype: 'float64' })
  const Y = tensor(ys.map((y) => xs.map(() => y)), { dtype: 'float64' })
  return { xs, ys, z: p.f({ x: X, y: Y }).toArray() as number[][] }
}

// ---- the study ----

/**
 * The study: every optimizer on both problems; trajectories over log-spaced
 * contours and loss curves on a log scale, a table per problem, and the final
 * losses as metrics (`quadratic.Adam.finalLoss`, ...).
 * @example
 * const r = runOptimizers2d({ small: true })
 * r.metrics['quadratic.Newton.finalLoss'] // 0
 * @category study
 * @since 0.1.0
 */
export const runOptimizers2d = (opts: Optimizers2dOptions = {}): StudyResult<Optimizers2dData> => {
  const ps = problems2d(opts)
  const results = ps.map((p) => ({ p, runs: p.optimizers.map((o) => runPath(p.f, p.start, o, p.steps)) }))
  // Paths are drawn in list order, later ones on top: list the slow methods last so that their
  // paths along the valley floor are not hidden under the others' (the legend follows the same order).
  const charts: StudyChart[] = results.flatMap(({ p, runs }) => {
    const drawn = [...runs].reverse()
    const logX = p.name === 'rosenbrock'
    return [
      {
        file: `optimizers-${p.name}-trajectories.png`,
        caption: `${p.title}: the ${p.steps} steps of each optimizer from (${p.start.join(', ')}) over log-spaced contours of the loss; ring = start, cross = end.`,
        spec: trajectoryChart({
          title: `${p.title}: optimizer paths`,
          contour: { ...lossGrid(p, opts.small === true ? 61 : 241), levels: 16 },
          logLevels: true,
          paths: drawn.map((r) => ({ name: `${r.optimizer} (${r.settings})`, x: r.x, y: r.y })),
        }),
      },
      {
        file: `optimizers-${p.name}-loss.png`,
        caption:
          `${p.title}: loss against step on a log scale (losses below ${FLOOR} are drawn at ${FLOOR})` +
          (logX ? `; the step axis is logarithmic too (step + 1), so Newton's first few steps are visible.` : '.'),
        spec: lineChart({
          title: `${p.title}: loss per step`,
          series: drawn.map((r) => ({ name: r.optimizer, x: r.loss.map((_, i) => (logX ? i + 1 : i)), y: r.loss.map((l) => (l < FLOOR ? FLOOR : l)) })),
          xLabel: logX ? 'step + 1 (log scale)' : 'step',
          yLabel: 'loss f(x, y)',
          logX,
          logY: true,
        }),
      },
    ]
  })
  const tables: StudyTable[] = results.map(({ p, runs }) => ({
    title: `${p.title}, ${p.steps} steps from (${p.start.join(', ')})`,
    header: ['optimizer', 'settings', 'final loss', `steps to loss ≤ ${TOL}`, 'distance to minimum'],
    rows: runs.map((r) => [
      r.optimizer,
      r.settings,
      r.diverged ? 'diverged' : fmt(r.loss[r.loss.length - 1]!),
      r.stepsToTol ?? 'not reached',
      fmt(Math.hypot(r.x[r.x.length - 1]! - p.minimum[0], r.y[r.y.length - 1]! - p.minimum[1])),
    ]),
  }))
  const metrics = Object.fromEntries(
    results.flatMap(({ p, runs }) => runs.map((r) => [`${p.name}.${r.optimizer}.finalLoss`, r.loss[r.loss.length - 1]!])),
  )
  return {
    name: 'optimizers2d',
    title: 'Optimizers on 2-D problems',
    summary: summarize(results),
    charts,
    tables,
    metrics,
    data: { problems: results.map(({ p, runs }) => ({ name: p.name, title: p.title, steps: p.steps, runs })) },
  }
}

// ---- text ----

const summarize = (results: ReadonlyArray<{ p: Problem2d; runs: ReadonlyArray<Run2d> }>): string => {
  const final = (i: number, name: string): string => {
    const r = results[i]!.runs.find((x) => x.optimizer === name)!
    return r.diverged ? 'diverged' : fmt(r.loss[r.loss.length - 1]!)
  }
  const [q, rb] = [results[0]!.p, results[1]!.p]
  const newtonR = results[1]!.runs.find((r) => r.optimizer === 'Newton')!
  const newtonSeq = newtonR.loss.slice(0, Math.min(newtonR.loss.length, (newtonR.stepsToTol ?? 8) + 2)).map(fmt).join(' → ')
  const lrQ = q.optimizers[0]!.settings.replace('lr ', '')
  const lossOf = (i: number, name: string): number => {
    const r = results[i]!.runs.find((x) => x.optimizer === name)!
    return r.diverged ? Infinity : r.loss[r.loss.length - 1]!
  }
  const newtonUp = newtonR.loss.some((l, i) => i > 0 && l > newtonR.loss[i - 1]!)
  return [
    `Five optimizers, each for a fixed number of steps, on two functions of two variables. Every gradient comes from ` +
      `\`valueAndGrad\` and Newton's Hessian from \`hessian\`; the learning rates are the textbook choices rather than tuned ones.`,
    `**The ill-conditioned quadratic** ${q.formula} (axes rotated by 45°, so that neither x nor y is an eigenvector) ` +
      `starts at (${q.start.join(', ')}) and has curvature 1 along ` +
      `its valley and κ across it. Gradient descent must take a step no larger than about 2/κ to stay stable across the valley, ` +
      `and at the usual 1/L = ${lrQ} it then shrinks the error along the valley only by a factor (1 − 1/κ) per step: after ` +
      `${q.steps} steps its loss is still ${final(0, 'GD')}. Momentum (heavy ball, β = 0.9) keeps a running sum of past gradients: ` +
      `the components that flip sign across the valley cancel, those along it add up, and the error now falls like √β per step ` +
      `(loss ${final(0, 'momentum')}; undamped, u ← βu + g, optax's trace — the momentum study compares the damped form). ` +
      `Nesterov's variant takes the gradient at the look-ahead point` +
      `${lossOf(0, 'Nesterov') < lossOf(0, 'momentum') ? ', which damps the overshoot sooner' : ''} (${final(0, 'Nesterov')}).`,
    `**Adam** divides each coordinate's step by a running root-mean-square of that coordinate's gradient, so its steps have a ` +
      `size set by the learning rate rather than by the curvature. Both running averages start at zero, so early on they are ` +
      `biased towards zero by the factors 1 − β₁ᵗ and 1 − β₂ᵗ; Adam divides these out (bias correction), so its very first step is ` +
      `lr·sign(g) (up to ε); uncorrected, it would be (1 − β₁)/√(1 − β₂) ≈ 3.2 times that, and the ratio would drift for the first ` +
      `thousand steps as the two averages warm up at different rates. Here it ends at ` +
      `${final(0, 'Adam')} (plain GD: ${final(0, 'GD')}, momentum: ${final(0, 'momentum')})` +
      `${lossOf(0, 'Adam') > lossOf(0, 'momentum') ? '; being per-coordinate, its rescaling cannot undo the conditioning of a rotated problem (the momentum study sets an aligned valley beside it)' : ''}.`,
    `**Newton's method** minimises the local quadratic model, x ← x − H⁻¹∇f. On a quadratic that model is exact, so one step ` +
      `lands on the minimum (loss ${fmt(results[0]!.runs.find((r) => r.optimizer === 'Newton')!.loss[1]!)} after step 1).`,
    `**Rosenbrock's valley** ${rb.formula}, from (${rb.start.join(', ')}), is curved and nearly flat along its floor. GD, held back ` +
      `by the steep walls (curvature about 2000 across the valley at the start, so that steps above about 2/2000 are unstable; ` +
      `lr ${rb.optimizers[0]!.settings.replace('lr ', '')}), crawls: loss ` +
      `${final(1, 'GD')} after ${rb.steps} steps. Momentum and Nesterov build up speed along the floor (${final(1, 'momentum')} and ` +
      `${final(1, 'Nesterov')}), and Adam reaches ${final(1, 'Adam')}. ` +
      (newtonUp
        ? `Undamped Newton is not a descent method far from the minimum: its loss sequence ${newtonSeq} jumps up before it settles. `
        : `Newton's loss sequence is ${newtonSeq}. `) +
      `Once close, it converges quadratically — the number of ` +
      `correct digits roughly doubles per step — reaching ${TOL} after ${newtonR.stepsToTol ?? 'more than ' + rb.steps} steps, ` +
      `while each step costs a Hessian and a solve.`,
  ].join('\n\n')
}
