/**
 * Optimizers on two-variable functions: gradient descent, momentum,
 * Nesterov, Adam and Newton's method, each a built-in `optim` alias driven by
 * `optimizer(...).step`, with gradients from `valueAndGrad`. One idea: the
 * shape of the loss (how ill-conditioned, how curved) decides which method
 * wins.
 *
 * - An ill-conditioned quadratic (curvatures 1 and κ = 50, rotated 45°): GD
 *   at lr 1/κ crawls along the flat direction; momentum and Nesterov, at the
 *   same lr, accelerate along it; Adam rescales its steps; Newton lands on the
 *   minimum in one step, because its local quadratic model is exact.
 * - Rosenbrock's banana valley: everything first-order is slow; undamped
 *   Newton wanders for a few steps and then converges quadratically.
 *
 * Run: npx tsx examples/optimizers-2d.ts
 */
import { add, mul, optim, square, sub, tensor, valueAndGrad, type Tensor } from '../src/index.js'

type Point = { x: Tensor; y: Tensor }

/** ½(u² + κv²) with u, v the coordinates rotated by 45°: the valley runs along y = -x. */
const quadratic = (kappa: number) => ({ x, y }: Point): Tensor => {
  const u = mul(sub(x, y), Math.SQRT1_2)
  const v = mul(add(x, y), Math.SQRT1_2)
  return mul(add(square(u), mul(square(v), kappa)), 0.5)
}

/** (1 − x)² + 100·(y − x²)², minimum 0 at (1, 1). */
const rosenbrock = ({ x, y }: Point): Tensor => add(square(sub(1, x)), mul(square(sub(y, square(x))), 100))

/** The loss at every iterate 0..steps of one optimizer from `start`. */
export const descend = (
  f: (p: Point) => Tensor, start: readonly [number, number], transform: optim.GradientTransformation<unknown>, steps: number,
): number[] => {
  const opt = optim.optimizer(transform)
  let state = opt.init({ x: tensor(start[0], { dtype: 'float64' }), y: tensor(start[1], { dtype: 'float64' }) } as Point)
  const losses: number[] = []
  for (let i = 0; i < steps; i++) {
    const [loss, g] = valueAndGrad(f)(state.params)
    losses.push(loss.item())
    // Newton needs the loss itself (for its Hessian); the other transforms ignore `extra`
    state = opt.step(state, g, { loss: (p: optim.Params) => f(p as Point) })
  }
  return [...losses, f(state.params).item()]
}

/** Options of `main`. */
export interface Optimizers2dOptions {
  /** Steps on the quadratic (default 300). */
  readonly quadraticSteps?: number
  /** Steps on Rosenbrock (default 1000). */
  readonly rosenbrockSteps?: number
  readonly log?: (line: string) => void
}

/** Per problem and optimizer, the loss at every iterate. */
export type Optimizers2dResult = Record<'quadratic' | 'rosenbrock', Record<string, number[]>>

const optimizers = (lr: number): Record<string, optim.GradientTransformation<unknown>> => ({
  GD: optim.sgd(lr) as optim.GradientTransformation<unknown>,
  momentum: optim.sgd(lr, { momentum: 0.9 }) as optim.GradientTransformation<unknown>,
  Nesterov: optim.sgd(lr, { momentum: 0.9, nesterov: true }) as optim.GradientTransformation<unknown>,
  Adam: optim.adam(0.1) as optim.GradientTransformation<unknown>,
  Newton: optim.newton(1) as optim.GradientTransformation<unknown>,
})

export const main = (opts: Optimizers2dOptions = {}): Optimizers2dResult => {
  const log = opts.log ?? console.log
  const { quadraticSteps = 300, rosenbrockSteps = 1000 } = opts
  const problems = [
    // GD at lr 1/L (L = κ = 50, the largest curvature); Rosenbrock's walls allow only about 1e-3
    { name: 'quadratic' as const, title: 'rotated quadratic, κ = 50', f: quadratic(50), start: [-4, 3] as const, steps: quadraticSteps, lr: 1 / 50 },
    { name: 'rosenbrock' as const, title: 'Rosenbrock', f: rosenbrock, start: [-1.5, 2] as const, steps: rosenbrockSteps, lr: 1e-3 },
  ]
  const result = { quadratic: {}, rosenbrock: {} } as Optimizers2dResult
  for (const p of problems) {
    log(`\n${p.title}, from (${p.start.join(', ')}), ${p.steps} steps (GD, momentum, Nesterov at lr ${p.lr}; Adam lr 0.1; Newton η 1)`)
    const marks = [0, 1, 10, 100, p.steps].filter((s, i, a) => s <= p.steps && a.indexOf(s) === i)
    log(`  ${'optimizer'.padEnd(10)}${marks.map((s) => `loss@${s}`.padStart(12)).join('')}`)
    for (const [name, t] of Object.entries(optimizers(p.lr))) {
      const losses = descend(p.f, p.start, t, p.steps)
      result[p.name][name] = losses
      log(`  ${name.padEnd(10)}${marks.map((s) => losses[s]!.toExponential(2).padStart(12)).join('')}`)
    }
  }
  return result
}

if (import.meta.url === `file://${process.argv[1]}`) main()
