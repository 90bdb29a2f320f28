/**
 * From a decoded spec to the things a run needs: the dataset (split and
 * standardized), the model's loss, the initial parameters and the gradient
 * transformation. Everything is a pure function of the spec: its seed is split
 * into one key for the data, one for the parameters and one for the batches.
 *
 * @since 0.1.0
 */
import * as D from '../data/index.js'
import * as nn from '../nn/index.js'
import * as O from '../optim/index.js'
import * as R from '../random/index.js'
import { buildInitializer, outputDimOf, planData } from './catalogue-model.js'
import { buildMask, buildOptimizer, buildSchedule, type BuiltOptimizer, type TransformSpec } from './catalogue-optim.js'
import type { Spec } from './spec.js'

export { buildInitializer, buildMask, buildOptimizer, buildSchedule, type BuiltOptimizer }

type T = O.GradientTransformation<unknown>

/** The gradient transformation a spec's `optimizer` describes. @category constructors */
export const buildTransform = (spec: TransformSpec): T => buildOptimizer(spec).transform

/**
 * The learning rate a spec's optimizer gives at optimizer step `count`, from
 * the spec alone, as if no step was skipped (`multiSteps` counts real steps),
 * or NaN when it has none. A run reads the rate from its state instead:
 * `prepared.learningRate(state.opt.inner)`.
 * @category utils
 */
export const learningRateAt = (spec: TransformSpec, count: number): number => buildOptimizer(spec).nominalRate(count) ?? NaN

// ---- data and model ----

export interface Prepared {
  readonly spec: Spec
  readonly train: D.Dataset
  readonly test: D.Dataset
  readonly numClasses: number | null
  readonly inputDim: number
  readonly outputDim: number
  readonly lossName: nn.LossName
  readonly activation: nn.ActivationName
  readonly transform: T
  /** The learning rate the next step will use, read from the optimizer's state (`state.opt.inner`); NaN when there is none. */
  readonly learningRate: (inner: unknown) => number
  readonly stepsPerEpoch: number
  readonly totalSteps: number
  readonly keys: { readonly data: R.Key; readonly params: R.Key; readonly batches: R.Key }
  /** The minibatch indices of an epoch (its seeded shuffle, cut into batches). */
  readonly epochBatches: (epoch: number) => ReadonlyArray<Int32Array>
}

/** Everything a run needs, from the spec alone. @category constructors */
export const prepare = (spec: Spec): Prepared => {
  const [kData, kParams, kBatches, kSplit] = R.split(R.key(spec.seed), 4)
  const full = planData(spec.data).draw(kData!)
  const { train: tr, test: te } = D.trainTestSplit(kSplit!, full, { testFraction: spec.data.testFraction ?? 0.25 })
  const std = spec.data.standardize ?? true
  const { train, test } = std ? (D.standardize(tr, te) as { train: typeof tr; test: typeof tr }) : { train: tr, test: te }
  const numClasses = 'numClasses' in full && typeof full.numClasses === 'number' ? full.numClasses : null
  const lossName: nn.LossName = spec.model.loss ?? (numClasses === null ? 'mse' : 'softmaxCrossEntropy')
  const outputDim = outputDimOf(lossName, numClasses)
  const optimizer = buildOptimizer(spec.optimizer)
  const stepsPerEpoch = D.numBatches(train, spec.batchSize, { dropLast: spec.dropLast ?? false })
  return {
    spec, train: train as D.Dataset, test: test as D.Dataset, numClasses, inputDim: train.x.shape[1]!, outputDim, lossName,
    activation: spec.model.activation ?? 'relu',
    transform: optimizer.transform,
    learningRate: (inner) => optimizer.learningRate(inner) ?? NaN,
    stepsPerEpoch,
    totalSteps: spec.steps ?? (spec.epochs ?? 1) * stepsPerEpoch,
    keys: { data: kData!, params: kParams!, batches: kBatches! },
    epochBatches: lastEpochOnly((epoch) =>
      D.batchIndices(kBatches!, train.x.shape[0]!, spec.batchSize, { epoch, dropLast: spec.dropLast ?? false })),
  }
}

/**
 * Remember the last epoch's batches: every step of an epoch asks for the same
 * shuffle, which is a pure function of the epoch, so computing it once per
 * epoch changes nothing but the time.
 */
const lastEpochOnly = <T>(f: (epoch: number) => T): ((epoch: number) => T) => {
  let last: { epoch: number; value: T } | null = null
  return (epoch) => {
    if (last === null || last.epoch !== epoch) last = { epoch, value: f(epoch) }
    return last.value
  }
}

/** The model's initial parameters. @category constructors */
export const initParams = (p: Prepared): nn.MlpParams => {
  const init = p.spec.init ?? {}
  return nn.mlp.init(p.keys.params, [p.inputDim, ...p.spec.model.hidden, p.outputDim], {
    ...(init.kernel !== undefined ? { kernelInit: buildInitializer(init.kernel) } : {}),
    ...(init.bias !== undefined ? { biasInit: buildInitializer(init.bias) } : {}),
    dtype: init.dtype ?? 'float32',
  })
}
