/**
 * Writing your own gradient transformation, checking its laws, and training
 * with it: one idea, the optax way.
 *
 * The transform here is Lion's sign-of-momentum rescaling (Chen et al. 2023,
 * https://arxiv.org/abs/2302.06675):
 *
 *     c = β₁·m + (1-β₁)·g      u = sign(c)      m ← β₂·m + (1-β₂)·g
 *
 * It is one factory returning `{ init, update }` with a named state type. It
 * chains with the built-ins (weight decay, learning rate) into an optimizer,
 * passes the laws every transformation must obey (`checkTransformLaws` from
 * `fluxion/laws`), and minimizes a small least-squares problem.
 *
 * Run: npx tsx examples/custom-transform.ts
 */
import { add, grad, matmul, mean, mul, optim, sign, square, sub, tensor, tree, type Tensor } from '../src/index.js'
import { checkTransformLaws } from '../laws/index.js'

// ---- the transform ----

/** Lion's state: the momentum, shaped like the parameters. */
export interface ScaleByLionState {
  readonly mu: optim.Updates
}

/** Lion's rescaling: the sign of an interpolation between the momentum and the gradient. */
export const scaleByLion = ({ b1 = 0.9, b2 = 0.99 }: { b1?: number; b2?: number } = {}): optim.GradientTransformation<ScaleByLionState> => ({
  init: (params) => ({ mu: tree.zerosLike(params) as optim.Updates }),
  // `updates` has the caller's tree type U; the momentum has the same structure (init made it from the parameters)
  update: (updates, state) => {
    const m0 = state.mu as typeof updates
    const u = tree.map((g: Tensor, m: Tensor) => sign(add(mul(m, b1), mul(g, 1 - b1))), updates, m0)
    const mu = tree.map((g: Tensor, m: Tensor) => add(mul(m, b2), mul(g, 1 - b2)), updates, m0) as optim.Updates
    return [u as typeof updates, { mu }]
  },
})

/** Lion: the rescaling, decoupled weight decay, then the learning rate (a `chain`, like every alias). */
export const lion = (learningRate: optim.ScalarOrSchedule, { weightDecay = 0 }: { weightDecay?: number } = {}) =>
  optim.chain(scaleByLion(), optim.addDecayedWeights({ weightDecay }), optim.scaleByLearningRate(learningRate))

// ---- the run ----

export const customTransform = (log: (line: string) => void = console.log, steps = 300): { losses: number[]; params: { w: Tensor; b: Tensor } } => {
  // 1. the laws: monoid laws with chain/identity, purity, state structure (throws on a counterexample)
  checkTransformLaws(scaleByLion(), { numRuns: 10 })
  checkTransformLaws(() => lion(0.01, { weightDecay: 0.1 }), { numRuns: 10 })
  log('scaleByLion and lion obey the transformation laws')

  // 2. training: least squares y = X·w + b with a fixed design
  const X = tensor([[1, 2], [3, 1], [-1, 0.5], [2, -2], [0, 1]], { dtype: 'float64' })
  const wTrue = tensor([0.5, -1.5], { dtype: 'float64' })
  const y = add(matmul(X, wTrue), 2)
  const loss = (p: { w: Tensor; b: Tensor }) => mean(square(sub(add(matmul(X, p.w), p.b), y)))

  const opt = optim.optimizer(lion(optim.schedules.cosineDecay({ init: 0.05, decaySteps: steps })))
  let s = opt.init({ w: tensor([0, 0], { dtype: 'float64' }), b: tensor(0, { dtype: 'float64' }) })
  const losses: number[] = []
  for (let i = 0; i < steps; i++) {
    losses.push(loss(s.params).item())
    s = opt.step(s, grad(loss)(s.params))
    if (i % 50 === 0) log(`step ${i}: loss ${losses[i]!.toFixed(6)}`)
  }
  log(`final w = ${JSON.stringify(s.params.w.toArray())}, b = ${s.params.b.item().toFixed(4)} (true: [0.5, -1.5], 2)`)
  return { losses, params: s.params }
}

if (import.meta.url === `file://${process.argv[1]}`) customTransform()
