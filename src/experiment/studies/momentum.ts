/**
 * Momentum in its forms, Nesterov's two forms, and Adam honestly.
 *
 * 1. **Damped and undamped momentum.** `u ← β·u + (1 − d)·g`, `θ ← θ − η·u`:
 *    undamped (`d = 0`, optax's `trace`, PyTorch's default) and damped
 *    (`d = β`, an average of past gradients), each with and without the bias
 *    correction `u/(1 − βᵗ)`, on the rotated quadratic, and their effective
 *    step on a constant gradient over the first steps.
 * 2. **Nesterov**, as the gradient at the look-ahead point (`nesterov:
 *    'lookahead'`) and reparametrized (`nesterov: true`): the second's
 *    iterates are the first's look-ahead points.
 * 3. **Adam** on the same ill-conditioned spectrum twice: with the valley
 *    along a coordinate axis (where its per-coordinate scaling is a
 *    preconditioner) and rotated by 45° (where it is not, and momentum wins).
 *
 * Every number in the prose is read from these runs.
 *
 * @example
 * const r = runMomentum({ small: true })
 * r.metrics['nesterov.quadratic.maxGap']   // ~1e-15: the same iterates
 *
 * @since 0.3.0
 */
import { add, mul, square, valueAndGrad } from '../../ad/index.js'
import * as O from '../../optim/index.js'
import { tensor } from '../../tensor/create.js'
import type { Tensor } from '../../tensor/tensor.js'
import { lineChart, trajectoryChart } from '../plot.js'
import { lossGrid, rosenbrock, rotatedQuadratic, runPath, type OptimizerEntry, type Point, type Run2d } from './optimizers2d.js'
import type { StudyChart, StudyOptions, StudyResult, StudyTable } from './types.js'
import { fmt } from './util.js'

// ---- model ----

/** Options of `runMomentum`. @category model @since 0.3.0 */
export interface MomentumOptions extends StudyOptions {
  /** κ of the rotated quadratic of the momentum forms (default 50). */
  readonly kappa?: number
  /** β (default 0.9). */
  readonly beta?: number
  /** Learning rate of the momentum forms (default 1/κ, the optimizers2d study's). */
  readonly learningRate?: number
  /** Steps on the quadratic (default 150; 60 when small). */
  readonly steps?: number
  /** κ of the two quadratics of the Adam comparison (default 1000). */
  readonly adamKappa?: number
  /** Steps of the Adam comparison (default 300; 120 when small). */
  readonly adamSteps?: number
  /** Adam's learning rate (default 0.1). */
  readonly adamLearningRate?: number
}

/** One momentum form: its name, the formula it uses, and the sgd options. @category model @since 0.3.0 */
export interface MomentumForm {
  readonly id: string
  readonly label: string
  readonly options: O.SgdOptions
}

/** The measurements of the study. @category model @since 0.3.0 */
export interface MomentumData {
  readonly kappa: number
  readonly beta: number
  readonly learningRate: number
  readonly forms: ReadonlyArray<{ readonly id: string; readonly label: string; readonly run: Run2d; readonly firstSteps: ReadonlyArray<number> }>
  readonly nesterov: ReadonlyArray<{
    readonly problem: string
    readonly theta: { readonly x: ReadonlyArray<number>; readonly y: ReadonlyArray<number> }
    readonly lookahead: { readonly x: ReadonlyArray<number>; readonly y: ReadonlyArray<number> }
    readonly reparam: { readonly x: ReadonlyArray<number>; readonly y: ReadonlyArray<number> }
    /** The largest |reparametrized iterate − look-ahead point| over the run. */
    readonly maxGap: number
    /** The largest |reparametrized iterate − look-ahead iterate θ|: they differ. */
    readonly maxIterateGap: number
  }>
  readonly adam: ReadonlyArray<{
    readonly problem: 'aligned' | 'rotated'
    readonly runs: ReadonlyArray<Run2d>
    /** Adam's per-coordinate step scale 1/√ν̂ at the end, y over x: how much it rescales one coordinate against the other. */
    readonly scaleRatio: number
  }>
  readonly adamKappa: number
  readonly adamLearningRate: number
}

// ---- forms ----

/**
 * The four forms at one β: undamped and damped, each without and with bias
 * correction. Each label says which recurrence it runs.
 * @category forms
 * @since 0.3.0
 */
export const momentumForms = (beta: number): ReadonlyArray<MomentumForm> => [
  { id: 'undamped', label: 'undamped (optax trace)', options: { momentum: beta } },
  { id: 'undampedDebiased', label: 'undamped, debiased', options: { momentum: beta, debias: true } },
  { id: 'damped', label: 'damped (dampening = β)', options: { momentum: beta, dampening: beta } },
  { id: 'dampedDebiased', label: 'damped, debiased', options: { momentum: beta, dampening: beta, debias: true } },
]

/** The step an sgd of learning rate 1 takes on a constant gradient g = 1, for `steps` steps (the effective step). */
const constantGradientSteps = (opts: O.SgdOptions, steps: number): number[] => {
  const t = O.sgd(1, opts)
  const g = { w: tensor([1], { dtype: 'float64' }) }
  let s = t.init(g)
  return Array.from({ length: steps }, () => {
    const [u, next] = t.update(g, s)
    s = next
    return -(u.w.toArray() as number[])[0]!
  })
}

// ---- nesterov ----

/** Run both Nesterov forms from `start`, recording θ, the look-ahead point θ − η·β·u, and the reparametrized iterate. */
const nesterovPair = (f: (p: Point) => Tensor, start: readonly [number, number], lr: number, beta: number, steps: number) => {
  const f64 = (v: number) => tensor(v, { dtype: 'float64' })
  const loss = (p: O.Params) => f(p as Point)
  const extra = { loss }
  const ahead = O.optimizer(O.sgd(lr, { momentum: beta, nesterov: 'lookahead' }))
  const repar = O.optimizer(O.sgd(lr, { momentum: beta, nesterov: true }))
  let a = ahead.init({ x: f64(start[0]), y: f64(start[1]) } as Point)
  let r = repar.init({ x: f64(start[0]), y: f64(start[1]) } as Point)
  const theta = { x: [start[0]], y: [start[1]] }
  const look = { x: [start[0]], y: [start[1]] }
  const rep = { x: [start[0]], y: [start[1]] }
  let maxGap = 0
  let maxIterateGap = 0
  for (let i = 0; i < steps; i++) {
    a = ahead.step(a, valueAndGrad(f)(a.params)[1], extra)
    r = repar.step(r, valueAndGrad(f)(r.params)[1], extra)
    const u = (a.inner[0] as O.LookaheadNesterovState).trace as Point
    const tx = a.params.x.item()
    const ty = a.params.y.item()
    const lx = tx - lr * beta * u.x.item()
    const ly = ty - lr * beta * u.y.item()
    const [rx, ry] = [r.params.x.item(), r.params.y.item()]
    theta.x.push(tx); theta.y.push(ty)
    look.x.push(lx); look.y.push(ly)
    rep.x.push(rx); rep.y.push(ry)
    maxGap = Math.max(maxGap, Math.abs(rx - lx), Math.abs(ry - ly))
    maxIterateGap = Math.max(maxIterateGap, Math.abs(rx - tx), Math.abs(ry - ty))
  }
  return { theta, lookahead: look, reparam: rep, maxGap, maxIterateGap }
}

// ---- adam ----

/** `½(x² + κ·y²)`: the valley along the x axis. */
const alignedQuadratic = (kappa: number) => ({ x, y }: Point): Tensor => mul(add(square(x), mul(square(y), kappa)), 0.5)

/** Adam's ν̂ ratio at the end of a run: re-run to read the state (the trajectories come from `runPath`). */
const adamScaleRatio = (f: (p: Point) => Tensor, start: readonly [number, number], lr: number, steps: number): number => {
  const opt = O.optimizer(O.adam(lr))
  const f64 = (v: number) => tensor(v, { dtype: 'float64' })
  let s = opt.init({ x: f64(start[0]), y: f64(start[1]) } as Point)
  for (let i = 0; i < steps; i++) s = opt.step(s, valueAndGrad(f)(s.params)[1])
  const nu = (s.inner[0] as O.ScaleByAdamState).nu as Point
  // the step scale of a coordinate is 1/√ν̂; the bias correction divides both alike, so the ratio needs none
  return Math.sqrt(nu.x.item() / nu.y.item())
}

// ---- the study ----

/**
 * The study: momentum forms, the two Nesterov forms, and Adam on an aligned
 * and a rotated valley.
 * @example
 * const r = runMomentum({ small: true })
 * r.charts.map((c) => c.file)
 * @category study
 * @since 0.3.0
 */
export const runMomentum = (opts: MomentumOptions = {}): StudyResult<MomentumData> => {
  const small = opts.small === true
  const kappa = opts.kappa ?? 50
  const beta = opts.beta ?? 0.9
  const lr = opts.learningRate ?? 1 / kappa
  const steps = opts.steps ?? (small ? 60 : 150)
  const adamKappa = opts.adamKappa ?? 1000
  const adamSteps = opts.adamSteps ?? (small ? 120 : 300)
  const adamLr = opts.adamLearningRate ?? 0.1
  const start = [-4, 3] as const
  const f = rotatedQuadratic(kappa)
  const grid = lossGrid({ f, window: { x: [-5, 5], y: [-5, 5] } }, small ? 61 : 181)

  const gd = runPath(f, start, { name: 'GD', settings: `lr ${fmt(lr)}`, transform: O.sgd(lr) as O.GradientTransformation<unknown> }, steps)
  const forms = momentumForms(beta).map((m) => {
    const e: OptimizerEntry = { name: m.label, settings: `lr ${fmt(lr)}`, transform: O.sgd(lr, m.options) as O.GradientTransformation<unknown> }
    return { id: m.id, label: m.label, run: runPath(f, start, e, steps), firstSteps: constantGradientSteps(m.options, 30) }
  })

  const nesterov = [
    { problem: `rotated quadratic, κ = ${kappa}`, ...nesterovPair(f, start, lr, beta, Math.min(steps, 60)) },
    { problem: 'Rosenbrock', ...nesterovPair(rosenbrock(1, 100), [-1.5, 2], 1e-3, beta, small ? 100 : 400) },
  ]

  const adamProblems = [
    { problem: 'aligned' as const, f: alignedQuadratic(adamKappa) },
    { problem: 'rotated' as const, f: rotatedQuadratic(adamKappa) },
  ]
  const adamEntries: OptimizerEntry[] = [
    { name: 'GD', settings: `lr ${fmt(1 / adamKappa)}`, transform: O.sgd(1 / adamKappa) as O.GradientTransformation<unknown> },
    { name: 'momentum', settings: `lr ${fmt(1 / adamKappa)}, undamped β ${beta}`, transform: O.sgd(1 / adamKappa, { momentum: beta }) as O.GradientTransformation<unknown> },
    { name: 'Adam', settings: `lr ${adamLr}`, transform: O.adam(adamLr) as O.GradientTransformation<unknown> },
  ]
  const adam = adamProblems.map((p) => ({
    problem: p.problem,
    runs: adamEntries.map((e) => runPath(p.f, start, e, adamSteps)),
    scaleRatio: adamScaleRatio(p.f, start, adamLr, Math.min(20, adamSteps)),
    f: p.f,
  }))

  const data: MomentumData = {
    kappa, beta, learningRate: lr,
    forms,
    nesterov,
    adam: adam.map(({ problem, runs, scaleRatio }) => ({ problem, runs, scaleRatio })),
    adamKappa, adamLearningRate: adamLr,
  }
  const final = (r: Run2d) => r.loss[r.loss.length - 1]!

  const charts: StudyChart[] = [
    {
      file: 'momentum-forms-trajectories.png',
      caption:
        `Rotated quadratic, κ = ${kappa}: ${steps} steps of each momentum form at lr ${fmt(lr)} and β = ${beta}, beside plain GD. ` +
        `Undamped is u ← βu + g (optax's trace, PyTorch's default); damped is u ← βu + (1 − β)g (PyTorch's dampening = β, an average of gradients); ` +
        `debiased divides u by 1 − βᵗ. Not drawn: undamped and debiased, whose first step is already ` +
        `${fmt(forms.find((m) => m.id === 'undampedDebiased')!.firstSteps[0]!)} times the gradient (final loss in the table).`,
      spec: trajectoryChart({
        title: `Momentum forms (β = ${beta}, lr ${fmt(lr)})`,
        contour: { ...grid, levels: 14 },
        logLevels: true,
        paths: [{ name: `GD (lr ${fmt(lr)})`, x: gd.x, y: gd.y }, ...forms.filter((m) => m.id !== 'undampedDebiased').map((m) => ({ name: m.label, x: m.run.x, y: m.run.y }))],
      }),
    },
    {
      file: 'momentum-forms-loss.png',
      caption: `The loss of each form (log scale): undamped u ← βu + g, damped u ← βu + (1 − β)g, debiased u/(1 − βᵗ); β = ${beta}, lr ${fmt(lr)}.`,
      spec: lineChart({
        title: `Momentum forms: loss per step (β = ${beta}, lr ${fmt(lr)})`,
        series: [{ name: 'GD', x: gd.loss.map((_, i) => i), y: gd.loss }, ...forms.map((m) => ({ name: m.label, x: m.run.loss.map((_, i) => i), y: m.run.loss }))],
        xLabel: 'step', yLabel: 'loss', logY: true,
      }),
    },
    {
      file: 'momentum-effective-step.png',
      caption:
        `The effective step: what each form moves on a constant gradient g = 1 at lr 1, over the first 30 steps (measured by running it). ` +
        `Undamped grows to 1/(1 − β) = ${fmt(1 / (1 - beta))}; damped starts at 1 − β and reaches 1 only as βᵗ fades; debiased, both are constant from step 1.`,
      spec: lineChart({
        title: `Effective step on a constant gradient (β = ${beta})`,
        series: forms.map((m) => ({ name: m.label, x: m.firstSteps.map((_, i) => i + 1), y: m.firstSteps })),
        xLabel: 'step t', yLabel: 'step length (lr 1, g = 1)', logY: true, points: true,
      }),
    },
    {
      file: 'nesterov-forms.png',
      caption:
        `Nesterov on the rotated quadratic (lr ${fmt(lr)}, β = ${beta}), both forms: the look-ahead form's iterates θ, its look-ahead points θ − η·β·u ` +
        `where it takes the gradient, and the reparametrized form's iterates (nesterov: true), which lie on the look-ahead points ` +
        `(largest gap ${fmt(nesterov[0]!.maxGap)}).`,
      spec: trajectoryChart({
        title: 'Nesterov: look-ahead and reparametrized forms',
        contour: { ...grid, levels: 14 },
        logLevels: true,
        points: true,
        paths: [
          { name: 'look-ahead form: iterates θ', ...nesterov[0]!.theta },
          { name: 'look-ahead form: points θ − η·β·u', ...nesterov[0]!.lookahead },
          { name: 'reparametrized form: iterates', ...nesterov[0]!.reparam },
        ],
      }),
    },
    ...adam.flatMap((p) => {
      const title = p.problem === 'aligned' ? `Valley along the x axis, ½(x² + ${adamKappa}·y²)` : `The same valley rotated by 45°`
      const g = lossGrid({ f: p.f, window: { x: [-5, 5], y: [-5, 5] } }, small ? 61 : 181)
      return [
        {
          file: `adam-${p.problem}-trajectories.png`,
          caption: `${title}: ${adamSteps} steps of GD and momentum at 1/L = ${fmt(1 / adamKappa)} and Adam at lr ${adamLr}, from (${start.join(', ')}).`,
          spec: trajectoryChart({
            title: `${title}: paths`,
            contour: { ...g, levels: 14 },
            logLevels: true,
            paths: [...p.runs].reverse().map((r) => ({ name: `${r.optimizer} (${r.settings})`, x: r.x, y: r.y })),
          }),
        },
        {
          file: `adam-${p.problem}-loss.png`,
          caption: `${title}: loss per step (log scale).`,
          spec: lineChart({
            title: `${title}: loss`,
            series: p.runs.map((r) => ({ name: r.optimizer, x: r.loss.map((_, i) => i), y: r.loss.map((l) => Math.max(l, 1e-20)) })),
            xLabel: 'step', yLabel: 'loss', logY: true,
          }),
        },
      ]
    }),
  ]

  const tables: StudyTable[] = [
    {
      title: `Momentum forms on the rotated quadratic (κ = ${kappa}, lr ${fmt(lr)}, β = ${beta}, ${steps} steps)`,
      header: ['form', 'step 1', 'step 5', 'step 30', 'final loss'],
      rows: [
        ['GD', '1', '1', '1', fmt(final(gd))],
        ...forms.map((m) => [m.label, fmt(m.firstSteps[0]!), fmt(m.firstSteps[4]!), fmt(m.firstSteps[29]!), fmt(final(m.run))]),
      ],
    },
    {
      title: `Adam against momentum: the same spectrum (1 and ${adamKappa}), aligned and rotated (${adamSteps} steps)`,
      header: ['valley', 'GD', 'momentum', 'Adam', 'Adam step scale y/x'],
      rows: adam.map((p) => [p.problem, ...p.runs.map((r) => fmt(final(r))), fmt(p.scaleRatio)]),
    },
  ]

  const metrics: Record<string, number> = {
    ...Object.fromEntries(forms.map((m) => [`forms.${m.id}.finalLoss`, final(m.run)])),
    'forms.GD.finalLoss': final(gd),
    'nesterov.quadratic.maxGap': nesterov[0]!.maxGap,
    'nesterov.rosenbrock.maxGap': nesterov[1]!.maxGap,
    ...Object.fromEntries(adam.flatMap((p) => p.runs.map((r) => [`adam.${p.problem}.${r.optimizer}.finalLoss`, final(r)]))),
  }
  return { name: 'momentum', title: 'Momentum, Nesterov and Adam', summary: summarize(data, gd), charts, tables, metrics, data }
}

// ---- text ----

const summarize = (d: MomentumData, gd: Run2d): string => {
  const final = (r: Run2d) => r.loss[r.loss.length - 1]!
  const form = (id: string) => d.forms.find((m) => m.id === id)!
  const und = form('undamped')
  const damp = form('damped')
  const dampDb = form('dampedDebiased')
  const b = d.beta
  const cmp = (a: number, c: number, lower: string, higher: string) => (a < c ? lower : higher)
  const smooth = (r: Run2d) => {
    // sign changes of the distance across the valley (v = (x + y)/√2): how often the path zigzags
    const v = r.x.map((x, i) => x + r.y[i]!)
    return v.slice(1).filter((w, i) => Math.sign(w) !== Math.sign(v[i]!) && w !== 0).length
  }
  const [aligned, rotated] = [d.adam[0]!, d.adam[1]!]
  const at = (p: typeof aligned, name: string) => final(p.runs.find((r) => r.optimizer === name)!)
  const adamWinsAligned = at(aligned, 'Adam') < at(aligned, 'momentum')
  const adamTrailsRotated = at(rotated, 'Adam') > at(rotated, 'momentum')
  const ng = d.nesterov
  return [
    `**Momentum has two forms in common use.** The undamped one, u ← βu + g, θ ← θ − ηu, is optax's \`trace\` and PyTorch's ` +
      `default; the damped one, u ← βu + (1 − β)g, makes u an average of past gradients (PyTorch's \`dampening\` = β). ` +
      `In fluxion they are \`sgd(lr, { momentum: β })\` and \`sgd(lr, { momentum: β, dampening: β })\`. On a constant gradient the ` +
      `undamped steps grow to 1/(1 − β) = ${fmt(1 / (1 - b))} times the gradient (measured at step 30: ${fmt(und.firstSteps[29]!)}), the ` +
      `damped ones to 1 (${fmt(damp.firstSteps[29]!)}), so at the same learning rate the damped form is the undamped one at a ` +
      `${fmt(1 - b)}-times smaller rate.`,
    `On the rotated quadratic (κ = ${d.kappa}, lr ${fmt(d.learningRate)}, β = ${b}) the undamped path crosses the valley floor ` +
      `${smooth(und.run)} times in ${und.run.x.length - 1} steps and ends at loss ${fmt(final(und.run))}; the damped path crosses it ` +
      `${smooth(damp.run)} times — ${cmp(smooth(damp.run), smooth(und.run), 'smoother, as the classic picture of momentum shows', 'no smoother')} — ` +
      `and ends at ${fmt(final(damp.run))}, ${cmp(final(damp.run), final(und.run), 'lower', 'higher')} than undamped ` +
      `(plain GD: ${fmt(final(gd))}).` +
      (smooth(damp.run) < smooth(und.run) && final(und.run) < final(damp.run)
        ? ` The picture of momentum as a smoother and the picture of momentum as an accelerator are the two forms at the same learning rate.`
        : ''),
    `**Bias correction.** The average starts at zero, so the damped form's first step is only 1 − β = ${fmt(damp.firstSteps[0]!)} of ` +
      `the gradient and takes about 1/(1 − β) steps to build up (step 5: ${fmt(damp.firstSteps[4]!)}). Dividing by 1 − βᵗ ` +
      `(\`debias: true\`) multiplies the early steps by a factor that decays to 1, and a constant gradient then gives a step of ` +
      `${fmt(dampDb.firstSteps[0]!)} from the first step on. Here the debiased damped path ends at ${fmt(final(dampDb.run))}, against ` +
      `${fmt(final(damp.run))} without the correction.`,
    `**Nesterov** is usually described as taking the gradient at the look-ahead point θ − η·β·u, where momentum alone would carry the ` +
      `parameters: \`sgd(lr, { momentum, nesterov: 'lookahead' })\`, which needs the loss (passed through \`extra\`, as for Newton). ` +
      `Libraries implement the reparametrized form (\`nesterov: true\`), whose iterate φ is that look-ahead point: then only ∇f(φ) is needed. ` +
      `Run side by side, the reparametrized iterates and the look-ahead points agree to ${fmt(ng[0]!.maxGap)} on the quadratic and to ` +
      `${fmt(ng[1]!.maxGap)} on Rosenbrock${Math.max(ng[0]!.maxGap, ng[1]!.maxGap) < 1e-9 ? ' (rounding)' : ''}, while the look-ahead form's own iterates differ from them by up to ` +
      `${fmt(ng[0]!.maxIterateGap)}: the same method, seen at different points.`,
    `**Adam, honestly.** The same spectrum (curvatures 1 and ${d.adamKappa}) twice: with the valley along the x axis and rotated by 45°. ` +
      `Along the axis, after ${aligned.runs[0]!.loss.length - 1} steps GD reaches ${fmt(at(aligned, 'GD'))}, momentum ${fmt(at(aligned, 'momentum'))} ` +
      `and Adam ${fmt(at(aligned, 'Adam'))}${adamWinsAligned ? ': Adam wins by far' : ''}. Adam divides each coordinate's step by the root ` +
      `mean square of that coordinate's gradients; after 20 steps its step scale for y is ${fmt(aligned.scaleRatio)} times that for x ` +
      `(1/√ν̂, read from the optimizer state), so the steep coordinate is slowed against the flat one — a diagonal preconditioner, which fits a valley along an axis. ` +
      `Rotated, the same ratio is ${fmt(rotated.scaleRatio)}: both coordinates see the steep direction's large gradients, the ` +
      `rescaling is nearly uniform and cannot undo the conditioning. There Adam ends at ${fmt(at(rotated, 'Adam'))} against momentum's ` +
      `${fmt(at(rotated, 'momentum'))}${adamTrailsRotated ? ', trailing it' : ''}. Adam's strength is per-parameter scale (common in ` +
      `networks, where layers and embeddings see gradients of very different sizes: see the MLP study), not curvature along arbitrary directions.`,
  ].join('\n\n')
}
