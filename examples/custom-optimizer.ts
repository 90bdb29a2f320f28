/**
 * A custom optimizer composed from transforms: Adam with its gradients clipped
 * to a global norm, a warmup-then-cosine learning-rate schedule, and weight
 * decay applied to the weights but masked off the biases. No new maths: just
 * `chain`, `masked` and a schedule, driven as pure state transitions.
 *
 * Run: npx tsx examples/custom-optimizer.ts
 */
import { data, nn, optim, random, valueAndGrad, type Tensor } from '../src/index.js'

export interface Options {
  readonly steps?: number
  readonly log?: (line: string) => void
}

/** The optimizer: clip → Adam moments → decoupled weight decay on weights only → schedule. */
export const clippedAdamW = (steps: number) =>
  optim.chain(
    optim.clipByGlobalNorm(1.0),
    optim.scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8 }),
    // biases are 1-D: the mask is true only for the ≥2-D kernels
    optim.masked(optim.addDecayedWeights({ weightDecay: 1e-4 }), (params: optim.Params) =>
      nnKernels(params)),
    optim.scaleByLearningRate(optim.schedules.warmupCosineDecay({ init: 0, peakValue: 0.03, warmupSteps: Math.ceil(steps / 10), decaySteps: steps })),
  )

const nnKernels = (params: optim.Params) =>
  (params as nn.MlpParams).map(() => ({ w: true, b: false }))

export const main = ({ steps = 300, log = console.log }: Options = {}) => {
  const [kData, kInit, kBatch] = random.split(random.key(0), 3)
  const { train, test } = data.trainTestSplit(kData!, data.spirals(kData!, { nPerClass: 100, classes: 3 }), { testFraction: 0.2 })
  const loss = nn.mlp.lossFn({ loss: 'softmaxCrossEntropy' })
  const opt = optim.optimizer(clippedAdamW(steps))
  let state = opt.init(nn.mlp.init(kInit!, [2, 64, 64, 3]))
  const nb = data.numBatches(train, 32)
  const losses: number[] = []
  for (let s = 0; s < steps; s++) {
    const batch = data.batches(kBatch!, train, 32, { epoch: Math.floor(s / nb) })[s % nb]!
    const [l, g] = valueAndGrad(loss)(state.params, batch)
    losses.push((l as Tensor).item())
    state = opt.step(state, g)
    if ((s + 1) % Math.ceil(steps / 5) === 0) log(`step ${s + 1}: loss ${losses.at(-1)!.toFixed(4)}`)
  }
  const acc = nn.accuracy(nn.mlp.apply(state.params, test.x), test.y).item()
  log(`test accuracy ${acc.toFixed(3)}`)
  // the biases were never decayed: the mask kept them out of addDecayedWeights
  return { losses, testAccuracy: acc, state }
}

if (import.meta.url === `file://${process.argv[1]}`) main()
