/**
 * Training an MLP on iris, written out by hand: the whole training loop is
 * pure values and functions, in the JAX + optax style.
 *
 * - the data is a value (`data.iris()`), split and standardized with keys;
 * - the model is `nn.mlp.init(key, sizes)` (a plain array of `{ w, b }`)
 *   and its loss a pure `(params, batch) => scalar`;
 * - a step is `valueAndGrad(loss)` followed by `opt.step(state, grads)`, a
 *   transition from one optimizer state to the next;
 * - minibatches come from `data.batches(key, train, size, { epoch })`, so
 *   the run replays exactly from its seed.
 *
 * Run: npx tsx examples/mlp-iris.ts
 */
import { data, init, nn, optim, random, valueAndGrad } from '../src/index.js'

/** Options of `main`. */
export interface MlpIrisOptions {
  /** Epochs over the training set (default 60). */
  readonly epochs?: number
  /** Hidden layer widths (default [16]). */
  readonly hidden?: ReadonlyArray<number>
  /** Adam's learning rate (default 0.01). */
  readonly learningRate?: number
  readonly batchSize?: number
  readonly seed?: number
  readonly log?: (line: string) => void
}

/** What `main` returns. */
export interface MlpIrisResult {
  /** Minibatch loss of every step. */
  readonly losses: number[]
  /** Test accuracy after each epoch. */
  readonly testAccuracy: number[]
  readonly trainAccuracy: number
  readonly testSize: number
}

export const main = (opts: MlpIrisOptions = {}): MlpIrisResult => {
  const log = opts.log ?? console.log
  const { epochs = 60, hidden = [16], learningRate = 0.01, batchSize = 16, seed = 0 } = opts
  const [kSplit, kInit, kBatches] = random.split(random.key(seed), 3)

  // data: 150 flowers, 4 features, 3 classes; 25% held out; features standardized with the train statistics
  const split = data.trainTestSplit(kSplit!, data.iris(), { testFraction: 0.25 })
  const { train, test } = data.standardize(split.train, split.test)

  // model: ReLU MLP with He-normal kernels; loss: mean softmax cross-entropy
  const params = nn.mlp.init(kInit!, [4, ...hidden, 3], { kernelInit: init.heNormal() })
  const loss = nn.mlp.lossFn({ loss: 'softmaxCrossEntropy' })
  const accuracy = (p: nn.MlpParams, d: data.Dataset) => nn.accuracy(nn.mlp.apply(p, d.x), d.y).item()

  const opt = optim.optimizer(optim.adam(learningRate))
  let state = opt.init(params)
  const losses: number[] = []
  const testAccuracy: number[] = []
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const batch of data.batches(kBatches!, train, batchSize, { epoch })) {
      const [l, grads] = valueAndGrad(loss)(state.params, batch)
      losses.push(l.item())
      state = opt.step(state, grads)
    }
    testAccuracy.push(accuracy(state.params, test))
    if (epoch % 10 === 9 || epoch === epochs - 1)
      log(`epoch ${String(epoch + 1).padStart(3)}: loss ${losses[losses.length - 1]!.toFixed(4)}, test accuracy ${(100 * testAccuracy[epoch]!).toFixed(1)}%`)
  }
  const trainAccuracy = accuracy(state.params, train)
  const testSize = test.x.shape[0]!
  log(`MLP ${JSON.stringify([4, ...hidden, 3])} with Adam(${learningRate}), ${state.count} steps: ` +
    `train accuracy ${(100 * trainAccuracy).toFixed(1)}%, test accuracy ${(100 * testAccuracy[epochs - 1]!).toFixed(1)}% on ${testSize} held-out flowers`)
  return { losses, testAccuracy, trainAccuracy, testSize }
}

if (import.meta.url === `file://${process.argv[1]}`) main()
