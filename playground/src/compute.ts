/**
 * What the playground computes, as pure functions of plain settings: the page's
 * worker calls them on the wasm backend, and Node calls the very same code, so
 * a test can check that the page shows the bits Node computes.
 *
 * - `runOptimizers2d`: optimizer paths on a 2-D function (a quadratic with a
 *   chosen condition number κ and rotation, Rosenbrock, or a saddle), with
 *   every gradient from `valueAndGrad` and Newton's Hessian from `hessian`
 *   (the report's `runPath`), and the function on a grid for the contours.
 * - `runDepth`: the root mean square of the activations at every layer of a
 *   deep, square, untrained MLP, beside the mean-field theory for its activation.
 *
 * Everything is seeded; nothing reads a clock or `Math.random`. Nor does any
 * number shown come from `Math.cos`, `Math.exp`, `Math.tanh` or `**`: JavaScript
 * engines differ in their last bits (Node 20 and Chromium 156 disagree on a
 * few percent of values), so the few scalar transcendentals here are
 * written out in multiplications and additions, which round alike everywhere.
 *
 * @example
 * const r = runOptimizers2d({ fn: { kind: 'rosenbrock' }, start: [-1.5, 2], steps: 100, optimizers: [...] })
 * r.runs[0].loss.at(-1)   // the final f − f*
 *
 * @since 0.1.0
 */
import { add, init as I, mul, nn, random, square, sub, tensor, mean, type Tensor } from '../../src/index.js'
import type { Grid } from '../../src/experiment/contour.js'
import { lossGrid, rosenbrock, runPath, type Point } from '../../src/experiment/studies/optimizers2d.js'
import { powi } from '../../src/backend/js/powi.js'
import { describe, transformOf, type OptimizerSettings } from './optimizers.js'

// ---- model: optimizers in 2-D ----

/** The function to minimise. */
export type FunctionSettings =
  | { readonly kind: 'quadratic'; readonly kappa: number; readonly angle: number }
  | { readonly kind: 'rosenbrock' }
  | { readonly kind: 'saddle' }

/** One optimizer on the page: its id (legend), and its settings. */
export interface OptimizerEntry {
  readonly id: string
  readonly settings: OptimizerSettings
}

/** The settings of the 2-D panel. */
export interface Optimizers2dSettings {
  readonly fn: FunctionSettings
  readonly start: readonly [number, number]
  readonly steps: number
  readonly optimizers: ReadonlyArray<OptimizerEntry>
  /** Grid points per axis for the contours (default 81; 0 for no grid). */
  readonly gridSize?: number
}

/** One optimizer's path: iterates `0..n` and `f − f*` at each. */
export interface Path2d {
  readonly id: string
  readonly settings: string
  readonly x: ReadonlyArray<number>
  readonly y: ReadonlyArray<number>
  readonly loss: ReadonlyArray<number>
  readonly diverged: boolean
}

/** What the 2-D panel draws. */
export interface Optimizers2dResult {
  readonly title: string
  readonly formula: string
  readonly window: { readonly x: readonly [number, number]; readonly y: readonly [number, number] }
  readonly minima: ReadonlyArray<readonly [number, number]>
  /** `f − f*` on the grid: `z[j][i]` at `(xs[i], ys[j])`. */
  readonly grid: Grid | null
  readonly runs: ReadonlyArray<Path2d>
}

interface Problem {
  readonly title: string
  readonly formula: string
  /** Elementwise: scalars give the loss, grids its values on the grid; the minimum value is 0. */
  readonly f: (p: Point) => Tensor
  readonly window: { readonly x: readonly [number, number]; readonly y: readonly [number, number] }
  readonly minima: ReadonlyArray<readonly [number, number]>
}

// ---- engine-independent maths ----

/** cos and sin of `angle` degrees, by their Taylor series after reduction to [−180°, 180°]. */
export const cosSin = (angle: number): [number, number] => {
  const x = (((((angle + 180) % 360) + 360) % 360) - 180) * (Math.PI / 180)
  let [c, s] = [0, 0]
  let term = 1 // xᵏ/k!
  for (let k = 0; k < 40; k++) {
    if (k % 4 === 0) c += term
    else if (k % 4 === 1) s += term
    else if (k % 4 === 2) c -= term
    else s -= term
    term = (term * x) / (k + 1)
  }
  return [c, s]
}

/** eˣ: x = k·ln 2 + r with |r| ≤ ½ln 2, a Taylor series for eʳ, times 2ᵏ (exact). */
export const exp = (x: number): number => {
  if (x < -745) return 0
  if (x > 709) return Infinity
  const k = Math.round(x / Math.LN2)
  const r = x - k * Math.LN2
  let sum = 1
  let term = 1
  for (let i = 1; i < 20; i++) {
    term = (term * r) / i
    sum += term
  }
  return k >= 0 ? sum * powi(2, k) : sum * powi(0.5, -k)
}

/** tanh x = (1 − e^(−2|x|)) / (1 + e^(−2|x|)), signed. */
export const tanh = (x: number): number => {
  const e = exp(-2 * Math.abs(x))
  const t = (1 - e) / (1 + e)
  return x < 0 ? -t : t
}

// ---- problems ----

/**
 * `½(u² + κ·v²)`, with `(u, v)` the coordinates along axes turned by `angle`
 * degrees: curvature 1 along `u`, κ along `v`.
 */
export const quadratic = (kappa: number, angle: number) => {
  const [c, s] = cosSin(angle)
  return ({ x, y }: Point): Tensor => {
    const u = add(mul(x, c), mul(y, s))
    const v = sub(mul(y, c), mul(x, s))
    return mul(add(square(u), mul(square(v), kappa)), 0.5)
  }
}

/** `x² + (y² − 1)²/4`: a saddle at the origin between two minima (0, ±1), where f = 0. */
export const saddle = ({ x, y }: Point): Tensor => add(square(x), mul(square(sub(square(y), 1)), 0.25))

const problemOf = (fn: FunctionSettings): Problem => {
  switch (fn.kind) {
    case 'quadratic':
      return {
        title: `Quadratic, κ = ${fn.kappa}, axes turned ${fn.angle}°`,
        formula: `f = ½(u² + ${fn.kappa}·v²), u = x cos θ + y sin θ, v = y cos θ − x sin θ, θ = ${fn.angle}°`,
        f: quadratic(fn.kappa, fn.angle),
        window: { x: [-5, 5], y: [-5, 5] },
        minima: [[0, 0]],
      }
    case 'rosenbrock':
      return { title: 'Rosenbrock', formula: 'f = (1 − x)² + 100·(y − x²)²', f: rosenbrock(1, 100), window: { x: [-2, 2], y: [-1, 3] }, minima: [[1, 1]] }
    case 'saddle':
      return {
        title: 'A saddle between two minima',
        formula: 'f = x² + (y² − 1)²/4: a saddle at (0, 0), minima at (0, ±1)',
        f: saddle,
        window: { x: [-2, 2], y: [-2, 2] },
        minima: [[0, -1], [0, 1]],
      }
  }
}

const f64 = (v: number): Tensor => tensor(v, { dtype: 'float64' })

// ---- running ----

/**
 * Every optimizer from `start` for `steps` steps (a path stops where it stops
 * being finite), and the function on a grid.
 */
export const runOptimizers2d = (s: Optimizers2dSettings): Optimizers2dResult => {
  const p = problemOf(s.fn)
  const runs = s.optimizers.map((o) => {
    const r = runPath(p.f, s.start, { name: o.id, settings: describe(o.settings), transform: transformOf(o.settings) }, s.steps)
    return { id: o.id, settings: r.settings, x: r.x, y: r.y, loss: r.loss, diverged: r.diverged }
  })
  const n = s.gridSize ?? 81
  return { title: p.title, formula: p.formula, window: p.window, minima: p.minima, grid: n > 0 ? lossGrid(p, n) : null, runs }
}

// ---- model: depth ----

/** The activation between layers. */
export type DepthActivation = 'relu' | 'tanh' | 'identity'

/** The kernel initializer: N(0, σ²) or a uniform with variance σ² (σ² = k/n), or Xavier or Kaiming (which fix σ²). */
export type DepthInit = 'normal' | 'uniform' | 'xavierNormal' | 'xavierUniform' | 'kaimingNormal' | 'kaimingUniform'

/** The settings of the depth panel. */
export interface DepthSettings {
  readonly width: number
  readonly depth: number
  /** Gaussian inputs in the batch. */
  readonly batch: number
  /** σ²·n for the plain normal and uniform initializers. */
  readonly k: number
  readonly activation: DepthActivation
  readonly init: DepthInit
  readonly seed: number
}

/** The RMS of the activations at each layer (0 is the input) and what theory predicts. */
export interface DepthResult {
  readonly label: string
  /** σ²·n of the kernels actually drawn. */
  readonly k: number
  readonly rms: ReadonlyArray<number>
  readonly theory: ReadonlyArray<number>
  readonly theoryLabel: string
}

// ---- depth ----

const KAIMING_NONLINEARITY = { relu: 'relu', tanh: 'tanh', identity: 'linear' } as const

/** The initializer and its σ²·n on a square layer of width n. */
export const initializerOf = (s: DepthSettings): { init: I.Initializer; k: number; label: string } => {
  const n = s.width
  switch (s.init) {
    case 'normal':
      return { init: I.normal(Math.sqrt(s.k / n)), k: s.k, label: `N(0, ${s.k}/n)` }
    case 'uniform':
      return { init: I.varianceScaling(s.k, 'fan_in', 'uniform'), k: s.k, label: `uniform, variance ${s.k}/n` }
    case 'xavierNormal':
    case 'xavierUniform':
      // 2/(fanIn + fanOut) = 1/n on a square layer
      return { init: s.init === 'xavierNormal' ? I.xavierNormal() : I.xavierUniform(), k: 1, label: s.init === 'xavierNormal' ? 'Xavier normal' : 'Xavier uniform' }
    case 'kaimingNormal':
    case 'kaimingUniform': {
      const nonlinearity = KAIMING_NONLINEARITY[s.activation]
      const o = { nonlinearity }
      const gain = I.calculateGain(nonlinearity)
      return {
        init: s.init === 'kaimingNormal' ? I.kaimingNormal(o) : I.kaimingUniform(o),
        k: gain * gain,
        label: `${s.init === 'kaimingNormal' ? 'Kaiming normal' : 'Kaiming uniform'} (${nonlinearity})`,
      }
    }
  }
}

/** E[φ(√q·z)²] for z ~ N(0, 1), by Simpson's rule on [−10, 10]. */
const meanSquareOf = (phi: (v: number) => number, q: number): number => {
  const m = 2000
  const h = 20 / m
  let acc = 0
  for (let i = 0; i <= m; i++) {
    const z = -10 + i * h
    const w = i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2
    const v = phi(Math.sqrt(q) * z)
    acc += w * exp(-0.5 * z * z) * v * v
  }
  return (acc * h) / 3 / Math.sqrt(2 * Math.PI)
}

/**
 * The mean-field theory of the scale: a pre-activation is a sum of n terms, so
 * its variance is `q = σ²·n·E[h²]`; the next layer's `E[h²]` is `E[φ(√q·z)²]`:
 * `q/2` for ReLU, `q` for the identity, and a Gaussian integral for tanh.
 */
export const theoryRms = (activation: DepthActivation, k: number, inputRms: number, depth: number): number[] => {
  const next = (m2: number): number =>
    activation === 'relu' ? (k * m2) / 2 : activation === 'identity' ? k * m2 : meanSquareOf(tanh, k * m2)
  const out = [inputRms]
  let m2 = inputRms * inputRms
  for (let l = 1; l <= depth; l++) {
    m2 = next(m2)
    out.push(Math.sqrt(m2))
  }
  return out
}

const THEORY_LABEL: Record<DepthActivation, string> = {
  relu: 'theory: ×√(σ²n/2) per layer',
  identity: 'theory: ×√(σ²n) per layer',
  tanh: 'theory: mean-field tanh recursion',
}

/**
 * The activations' RMS at every layer of an untrained square MLP (`depth`
 * layers of width `width`, zero biases, the activation after every layer) on
 * a seeded batch of Gaussian inputs, beside the theory.
 */
export const runDepth = (s: DepthSettings): DepthResult => {
  const [kx, kp] = random.split(random.key(s.seed), 2)
  const x = random.normal(kx!, [s.batch, s.width])
  const { init, k, label } = initializerOf(s)
  const params = nn.mlp.init(kp!, Array.from({ length: s.depth + 1 }, () => s.width), { kernelInit: init })
  const { layers } = nn.mlp.applyWithActivations(params, x, { activation: s.activation, finalActivation: s.activation })
  const rmsOf = (t: Tensor): number => Math.sqrt(mean(square(t)).item())
  const rms = [rmsOf(x), ...layers.map((l) => rmsOf(l.post))]
  return { label: `${label}, ${s.activation}`, k, rms, theory: theoryRms(s.activation, k, rms[0]!, s.depth), theoryLabel: THEORY_LABEL[s.activation] }
}

// ---- the numbers the page shows ----

/** A number as the page shows it: 6 significant digits (exact integers and ±∞ as they are). */
export const fmt = (v: number): string => (Number.isInteger(v) || !Number.isFinite(v) ? String(v) : v.toPrecision(6))

/**
 * FNV-1a (32 bits) over the float64 bytes of `values`, in order, as 8 hex
 * digits: equal fingerprints mean (barring a collision) the same bits everywhere.
 */
export const fingerprint = (values: ReadonlyArray<number>): string => {
  const bytes = new Uint8Array(new Float64Array(values).buffer)
  let h = 0x811c9dc5
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0
  return h.toString(16).padStart(8, '0')
}

/** One cell of a numbers table: the text shown and the exact value (`String(v)`, which round-trips). */
export interface Cell { readonly text: string; readonly exact: string }

/** A numbers table: a header and rows of cells, the first cell a label. */
export interface NumbersTable { readonly header: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<Cell>> }

const num = (v: number): Cell => ({ text: fmt(v), exact: String(v) })
const label = (t: string): Cell => ({ text: t, exact: t })

/** The 2-D panel's table: per optimizer, the steps taken, the final point and f − f*, and a fingerprint of every iterate and loss. */
export const optimizersTable = (r: Optimizers2dResult): NumbersTable => ({
  header: ['optimizer', 'steps', 'final x', 'final y', 'final f − f*', 'bits of the whole run'],
  rows: r.runs.map((p) => [
    label(p.id),
    label(p.diverged ? `${p.x.length - 1} (diverged)` : String(p.x.length - 1)),
    num(p.x[p.x.length - 1]!),
    num(p.y[p.y.length - 1]!),
    num(p.loss[p.loss.length - 1]!),
    label(fingerprint([...p.x, ...p.y, ...p.loss])),
  ]),
})

/** The depth panel's table: the RMS at the first, middle and last layers, the theory at the last, and a fingerprint of all layers. */
export const depthTable = (r: DepthResult): NumbersTable => {
  const L = r.rms.length - 1
  const mid = Math.round(L / 2)
  return {
    header: ['', 'σ²·n', 'RMS layer 1', `RMS layer ${mid}`, `RMS layer ${L}`, `theory layer ${L}`, 'bits of every layer'],
    rows: [[label(r.label), num(r.k), num(r.rms[1]!), num(r.rms[mid]!), num(r.rms[L]!), num(r.theory[L]!), label(fingerprint(r.rms))]],
  }
}
