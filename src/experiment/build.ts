/**
 * From a decoded spec to the things a run needs: the dataset (split and
 * standardized), the model's loss, the initial parameters and the gradient
 * transformation. Everything is a pure function of the spec: its seed is split
 * into one key for the data, one for the parameters and one for the batches.
 *
 * @since 0.1.0
 */
import { ValueError } from '../errors.js'
import * as D from '../data/index.js'
import * as I from '../init/index.js'
import * as nn from '../nn/index.js'
import * as O from '../optim/index.js'
import * as R from '../random/index.js'
import type { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import type { DataSpec, InitializerSpec, LabelSpec, MaskSpec, ScheduleSpec, Spec, TransformSpec } from './spec.js'

// ---- schedules ----

/** A schedule (or a plain number) from its JSON form. @category constructors */
export const buildSchedule = (s: ScheduleSpec): O.ScalarOrSchedule => {
  if (typeof s === 'number') return s
  const S = O.schedules
  if ('constant' in s) return S.constant(s.constant)
  if ('linear' in s) return S.linear(s.linear)
  if ('exponentialDecay' in s) return S.exponentialDecay(s.exponentialDecay)
  if ('cosineDecay' in s) return S.cosineDecay(s.cosineDecay)
  if ('warmupCosineDecay' in s) return S.warmupCosineDecay(s.warmupCosineDecay)
  if ('piecewiseConstant' in s)
    return S.piecewiseConstant(s.piecewiseConstant.init, Object.fromEntries(Object.entries(s.piecewiseConstant.boundariesAndScales)))
  return S.join(s.join.schedules.map((x) => {
    const b = buildSchedule(x)
    return typeof b === 'number' ? S.constant(b) : b
  }), s.join.boundaries)
}

// ---- masks and labels ----

const isWeight = (x: Tensor): boolean => x.ndim >= 2

/** A mask function of the parameters from its JSON form. @category constructors */
export const buildMask = (m: MaskSpec): O.Mask => (params: O.Params) => {
  const [ls, def] = tree.flatten(params as tree.PyTree)
  if (m === 'all') return tree.unflatten(def, ls.map(() => true))
  if (m === 'weights') return tree.unflatten(def, ls.map(isWeight))
  if (m === 'biases') return tree.unflatten(def, ls.map((x) => !isWeight(x)))
  const re = new RegExp(m.pathMatches)
  return tree.unflatten(def, tree.paths(params).map((p) => re.test(p)))
}

const buildLabels = (l: LabelSpec): O.Labels => (params: O.Params) => {
  const [ls, def] = tree.flatten(params as tree.PyTree)
  return tree.unflatten(def, ls.map((x) => (isWeight(x) ? l.weights : l.biases)))
}

// ---- transforms ----

type T = O.GradientTransformation<unknown>
type Fields = Record<string, unknown>

/** The gradient transformation a spec's `optimizer` describes. @category constructors */
export const buildTransform = (spec: TransformSpec): T => {
  const [name, raw] = Object.entries(spec)[0]!
  const a = (raw ?? {}) as Fields
  const lr = () => buildSchedule(a.learningRate as ScheduleSpec)
  const opts = (drop: string[] = ['learningRate']) => Object.fromEntries(Object.entries(a).filter(([k]) => !drop.includes(k)))
  switch (name) {
    case 'sgd': return O.sgd(lr(), opts()) as T
    case 'adam': return O.adam(lr(), opts()) as T
    case 'adamw': return O.adamw(lr(), { ...opts(['learningRate', 'mask']), ...(a.mask ? { mask: buildMask(a.mask as MaskSpec) } : {}) }) as T
    case 'nadam': return O.nadam(lr(), opts()) as T
    case 'rmsprop': return O.rmsprop(lr(), opts()) as T
    case 'adagrad': return O.adagrad(lr(), opts()) as T
    case 'newton': return O.newton(lr(), opts()) as T
    case 'identity': return O.identity() as T
    case 'scale': return O.scale(a.step as number) as T
    case 'scaleByLearningRate': return O.scaleByLearningRate(lr()) as T
    case 'trace': return O.trace(a as never) as T
    case 'ema': return O.ema(a as never) as T
    case 'scaleByAdam': return O.scaleByAdam(a) as T
    case 'scaleByRms': return O.scaleByRms(a) as T
    case 'scaleByRss': return O.scaleByRss(a) as T
    case 'addDecayedWeights':
      return (a.mask === undefined
        ? O.addDecayedWeights({ weightDecay: a.weightDecay as number })
        : O.addDecayedWeights({ weightDecay: a.weightDecay as number, mask: buildMask(a.mask as MaskSpec) as never })) as T
    case 'clip': return O.clip(a.maxDelta as number) as T
    case 'clipByGlobalNorm': return O.clipByGlobalNorm(a.maxNorm as number) as T
    case 'scaleByNewton': return O.scaleByNewton(a) as T
    case 'chain': return O.chain(...(raw as TransformSpec[]).map(buildTransform)) as T
    case 'masked': return O.masked(buildTransform(a.transform as TransformSpec), buildMask(a.mask as MaskSpec)) as T
    case 'multiTransform':
      return O.multiTransform(
        Object.fromEntries(Object.entries(a.transforms as Record<string, TransformSpec>).map(([k, v]) => [k, buildTransform(v)])),
        buildLabels(a.labels as LabelSpec)) as T
    case 'injectHyperparams': {
      const [alias, args] = Object.entries(raw as TransformSpec)[0]!
      const factories: Record<string, (x: never) => T> = { sgd: O.sgd, adam: O.adam, adamw: O.adamw, nadam: O.nadam, rmsprop: O.rmsprop, adagrad: O.adagrad }
      const f = factories[alias]
      if (f === undefined) throw new ValueError(`injectHyperparams: expected an alias (${Object.keys(factories).join(', ')}), got ${alias}`)
      const raw2 = args as Fields
      const hp = {
        ...raw2,
        learningRate: buildSchedule(raw2.learningRate as ScheduleSpec),
        ...(raw2.mask !== undefined ? { mask: buildMask(raw2.mask as MaskSpec) } : {}),
      }
      return O.injectHyperparams(f as never, { staticArgs: ['mask', 'nesterov', 'debias'] })(hp as never) as T
    }
    case 'applyIfFinite': return O.applyIfFinite(buildTransform(a.transform as TransformSpec), a as never) as T
    case 'multiSteps': return O.multiSteps(buildTransform(a.transform as TransformSpec), { everyK: a.everyK as number }) as T
    default: throw new ValueError(`buildTransform: unknown transform ${name}`)
  }
}

/** The learning rate a spec's optimizer uses at step `count` (the first one found), or NaN. @category utils */
export const learningRateAt = (spec: TransformSpec, count: number): number => {
  const find = (x: unknown): ScheduleSpec | undefined => {
    if (x === null || typeof x !== 'object') return undefined
    if ('learningRate' in (x as Fields)) return (x as Fields).learningRate as ScheduleSpec
    for (const v of Object.values(x as Fields)) {
      const r = find(v)
      if (r !== undefined) return r
    }
    return undefined
  }
  const s = find(spec)
  return s === undefined ? NaN : O.valueAt(buildSchedule(s), count)
}

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
  readonly stepsPerEpoch: number
  readonly totalSteps: number
  readonly keys: { readonly data: R.Key; readonly params: R.Key; readonly batches: R.Key }
  /** The minibatch indices of an epoch (its seeded shuffle, cut into batches). */
  readonly epochBatches: (epoch: number) => ReadonlyArray<Int32Array>
}

const buildData = (key: R.Key, d: DataSpec): D.Dataset & { numClasses?: number } => {
  switch (d.kind) {
    case 'spirals': return D.spirals(key, { nPerClass: d.nPerClass ?? 100, classes: d.classes ?? 3, noise: d.noise ?? 0.2 })
    case 'blobs': return D.blobs(key, { n: d.n ?? 300, centers: d.centers ?? 3, std: d.std ?? 1, dim: d.dim ?? 2 })
    case 'iris': return D.iris()
    case 'logisticRegression': return D.logisticRegression(key, { n: d.n ?? 200, dim: d.dim ?? 2 })
    case 'linearRegression': return D.linearRegression(key, { n: d.n ?? 200, dim: d.dim ?? 1, noise: d.noise ?? 0.1 })
  }
}

/** An initializer from its JSON form. @category constructors */
export const buildInitializer = (s: InitializerSpec): I.Initializer => {
  if (typeof s === 'string') {
    const table: Record<string, () => I.Initializer> = {
      glorotUniform: () => I.glorotUniform(), glorotNormal: () => I.glorotNormal(), heUniform: () => I.heUniform(),
      heNormal: () => I.heNormal(), lecunUniform: () => I.lecunUniform(), lecunNormal: () => I.lecunNormal(),
      orthogonal: () => I.orthogonal(), xavierUniform: () => I.xavierUniform(), xavierNormal: () => I.xavierNormal(),
      kaimingUniform: () => I.kaimingUniform(), kaimingNormal: () => I.kaimingNormal(), zeros: () => I.zeros(), ones: () => I.ones(),
    }
    return table[s]!()
  }
  if ('normal' in s) return I.normal(s.normal.stddev)
  if ('uniform' in s) return I.uniform(s.uniform.scale)
  if ('truncatedNormal' in s) return I.truncatedNormal(s.truncatedNormal.stddev)
  if ('constant' in s) return I.constant(s.constant.value)
  return I.varianceScaling(s.varianceScaling.scale, s.varianceScaling.mode, s.varianceScaling.distribution)
}

/** Everything a run needs, from the spec alone. @category constructors */
export const prepare = (spec: Spec): Prepared => {
  const [kData, kParams, kBatches, kSplit] = R.split(R.key(spec.seed), 4)
  const full = buildData(kData!, spec.data)
  const { train: tr, test: te } = D.trainTestSplit(kSplit!, full, { testFraction: spec.data.testFraction ?? 0.25 })
  const std = spec.data.standardize ?? true
  const { train, test } = std ? (D.standardize(tr, te) as { train: typeof tr; test: typeof tr }) : { train: tr, test: te }
  const numClasses = 'numClasses' in full && typeof full.numClasses === 'number' ? full.numClasses : null
  const lossName: nn.LossName = spec.model.loss ?? (numClasses === null ? 'mse' : 'softmaxCrossEntropy')
  const outputDim = numClasses !== null && lossName !== 'sigmoidBinaryCrossEntropy' ? numClasses : 1
  const stepsPerEpoch = D.numBatches(train, spec.batchSize, { dropLast: spec.dropLast ?? false })
  return {
    spec, train: train as D.Dataset, test: test as D.Dataset, numClasses, inputDim: train.x.shape[1]!, outputDim, lossName,
    activation: spec.model.activation ?? 'relu',
    transform: buildTransform(spec.optimizer),
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
