/**
 * Experiment specs: what a run is, as JSON, decoded with io-ts.
 *
 * A spec names the data, the model, the initializer, the optimizer and the
 * schedule of the run. The optimizer is either an alias with its
 * hyperparameters (`{ "adam": { "learningRate": 0.01 } }`) or any composition
 * of transforms, schedules and wrappers (`{ "chain": [{ "clipByGlobalNorm":
 * { "maxNorm": 1 } }, { "scaleByAdam": {} }, { "scaleByLearningRate":
 * { "learningRate": { "cosineDecay": { "init": 0.1, "decaySteps": 1000 } } } }] }`),
 * so every optimizer the library can compose can be written down and replayed.
 *
 * `decodeSpec(json)` returns every problem at once, each with its path.
 *
 * @example
 * const r = decodeSpec({ name: 'x', seed: 0, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [16] },
 *   optimizer: { adam: { learningRate: 0.01 } }, steps: 100, batchSize: 16 })
 * // r._tag === 'Right'
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { arrayOf, bool, either, int, lazy, literal, num, oneOf, recordOf, report, str, struct } from './decode.js'

// ---- schedules ----

export type ScheduleSpec =
  | number
  | { readonly constant: number }
  | { readonly linear: { init: number; endValue: number; transitionSteps: number; transitionBegin?: number } }
  | { readonly exponentialDecay: { init: number; transitionSteps: number; decayRate: number; staircase?: boolean; transitionBegin?: number; endValue?: number } }
  | { readonly cosineDecay: { init: number; decaySteps: number; alpha?: number; exponent?: number } }
  | { readonly warmupCosineDecay: { init: number; peakValue: number; warmupSteps: number; decaySteps: number; endValue?: number; exponent?: number } }
  | { readonly piecewiseConstant: { init: number; boundariesAndScales: Readonly<Record<string, number>> } }
  | { readonly join: { schedules: ReadonlyArray<ScheduleSpec>; boundaries: ReadonlyArray<number> } }

const real = num()
const pos = num(0, Infinity, { loOpen: true })
const nonneg = num(0)
const steps = int(1)
const unit = num(0, 1, { hiOpen: true }) // decay rates, betas

export const ScheduleSpec: t.Type<ScheduleSpec> = lazy('schedule', () =>
  either('schedule', real, oneOf('schedule', {
    constant: real,
    linear: struct('linear', { init: real, endValue: real, transitionSteps: steps }, { transitionBegin: int(0) }),
    exponentialDecay: struct('exponentialDecay', { init: real, transitionSteps: steps, decayRate: pos },
      { staircase: bool, transitionBegin: int(0), endValue: real }),
    cosineDecay: struct('cosineDecay', { init: real, decaySteps: steps }, { alpha: num(0, 1), exponent: pos }),
    warmupCosineDecay: struct('warmupCosineDecay', { init: real, peakValue: real, warmupSteps: int(0), decaySteps: steps },
      { endValue: real, exponent: pos }),
    piecewiseConstant: struct('piecewiseConstant', { init: real, boundariesAndScales: recordOf(real) }),
    join: struct('join', { schedules: arrayOf(ScheduleSpec, { minLength: 1 }), boundaries: arrayOf(int(0)) }),
  }) as t.Type<Exclude<ScheduleSpec, number>>, 'a number or a schedule'))

// ---- masks and labels ----

/** Which parameters a mask selects: by kind (`weights` are ≥2-D, `biases` 1-D) or by a path pattern. */
export type MaskSpec = 'all' | 'weights' | 'biases' | { readonly pathMatches: string }
export const MaskSpec: t.Type<MaskSpec> = either('mask', literal('all', 'weights', 'biases'),
  struct('mask', { pathMatches: str }) as t.Type<{ readonly pathMatches: string }>, '"all", "weights", "biases" or { "pathMatches": regex }')

/** Labels for `multiTransform`: by kind (`{ weights: "a", biases: "b" }`). */
export type LabelSpec = { readonly weights: string; readonly biases: string }
export const LabelSpec: t.Type<LabelSpec> = struct('labels', { weights: str, biases: str })

// ---- transforms ----

const lr = { learningRate: ScheduleSpec }
const adamOpts = { b1: unit, b2: unit, eps: nonneg, epsRoot: nonneg, nesterov: bool }
const rmsOpts = { decay: unit, eps: nonneg, initialScale: nonneg, centered: bool, momentum: unit, nesterov: bool, biasCorrection: bool }

export type TransformSpec = { readonly [name: string]: unknown }

export const TransformSpec: t.Type<TransformSpec> = lazy('transform', () =>
  oneOf('transform', {
    // aliases
    sgd: struct('sgd', lr, { momentum: unit, nesterov: bool, dampening: unit, debias: bool }),
    adam: struct('adam', lr, adamOpts),
    adamw: struct('adamw', lr, { ...adamOpts, weightDecay: nonneg, mask: MaskSpec }),
    nadam: struct('nadam', lr, adamOpts),
    rmsprop: struct('rmsprop', lr, rmsOpts),
    adagrad: struct('adagrad', lr, { initialAccumulatorValue: nonneg, eps: nonneg }),
    newton: struct('newton', lr, { damping: nonneg, mode: literal('dense', 'cg') }),
    // transforms
    identity: struct('identity', {}),
    scale: struct('scale', { step: real }),
    scaleByLearningRate: struct('scaleByLearningRate', lr),
    trace: struct('trace', { decay: unit }, { nesterov: bool, dampening: unit, debias: bool }),
    ema: struct('ema', { decay: unit }, { debias: bool }),
    scaleByAdam: struct('scaleByAdam', {}, adamOpts),
    scaleByRms: struct('scaleByRms', {}, { decay: unit, eps: nonneg, initialScale: nonneg, biasCorrection: bool }),
    scaleByRss: struct('scaleByRss', {}, { initialAccumulatorValue: nonneg, eps: nonneg }),
    addDecayedWeights: struct('addDecayedWeights', { weightDecay: nonneg }, { mask: MaskSpec }),
    clip: struct('clip', { maxDelta: pos }),
    clipByGlobalNorm: struct('clipByGlobalNorm', { maxNorm: pos }),
    scaleByNewton: struct('scaleByNewton', {}, { damping: nonneg, mode: literal('dense', 'cg') }),
    // combinators and wrappers
    chain: arrayOf(TransformSpec, { minLength: 1 }),
    masked: struct('masked', { transform: TransformSpec, mask: MaskSpec }),
    multiTransform: struct('multiTransform', { transforms: recordOf(TransformSpec), labels: LabelSpec }),
    injectHyperparams: TransformSpec,
    applyIfFinite: struct('applyIfFinite', { transform: TransformSpec }, { maxConsecutiveErrors: int(0) }),
    multiSteps: struct('multiSteps', { transform: TransformSpec, everyK: int(1) }),
  }) as unknown as t.Type<TransformSpec>)

// ---- data, model, init ----

const testFraction = num(0, 1, { loOpen: true, hiOpen: true })
export const DataSpec = oneOfKind('data', {
  spirals: struct('spirals', { kind: literal('spirals') }, { nPerClass: int(2), classes: int(2), noise: nonneg, testFraction, standardize: bool }),
  blobs: struct('blobs', { kind: literal('blobs') }, { n: int(2), centers: int(2), std: pos, dim: int(1), testFraction, standardize: bool }),
  iris: struct('iris', { kind: literal('iris') }, { testFraction, standardize: bool }),
  logisticRegression: struct('logisticRegression', { kind: literal('logisticRegression') }, { n: int(2), dim: int(1), testFraction, standardize: bool }),
  linearRegression: struct('linearRegression', { kind: literal('linearRegression') }, { n: int(2), dim: int(1), noise: nonneg, testFraction, standardize: bool }),
})
export type DataSpec = t.TypeOf<typeof DataSpec>

export const ModelSpec = struct('model', { kind: literal('mlp'), hidden: arrayOf(int(1)) }, {
  activation: literal('relu', 'leakyRelu', 'tanh', 'sigmoid', 'gelu', 'softplus', 'silu', 'elu', 'identity'),
  loss: literal('softmaxCrossEntropy', 'sigmoidBinaryCrossEntropy', 'mse', 'huber'),
})
export type ModelSpec = t.TypeOf<typeof ModelSpec>

export const InitializerSpec = either('initializer',
  literal('glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'lecunUniform', 'lecunNormal', 'orthogonal',
    'xavierUniform', 'xavierNormal', 'kaimingUniform', 'kaimingNormal', 'zeros', 'ones'),
  oneOf('initializer', {
    normal: struct('normal', { stddev: pos }),
    uniform: struct('uniform', { scale: pos }),
    truncatedNormal: struct('truncatedNormal', { stddev: pos }),
    constant: struct('constant', { value: real }),
    varianceScaling: struct('varianceScaling', {
      scale: pos, mode: literal('fan_in', 'fan_out', 'fan_avg', 'fan_geo_avg'), distribution: literal('truncated_normal', 'normal', 'uniform'),
    }),
  }), 'an initializer name or { "normal": { "stddev": ... } }-style object')
export type InitializerSpec = t.TypeOf<typeof InitializerSpec>

export const InitSpec = struct('init', {}, { kernel: InitializerSpec, bias: InitializerSpec, dtype: literal('float32', 'float64') })
export type InitSpec = t.TypeOf<typeof InitSpec>

// ---- the spec ----

const SpecFields = struct('spec', {
  name: str,
  seed: int(0, Number.MAX_SAFE_INTEGER),
  data: DataSpec,
  model: ModelSpec,
  optimizer: TransformSpec,
  batchSize: int(1),
}, {
  init: InitSpec,
  steps: int(1),
  epochs: int(1),
  evalEvery: int(1),
  checkpointEvery: int(1),
  dropLast: bool,
  description: t.string,
})

/** A decoded experiment spec. @category model */
export type Spec = t.TypeOf<typeof SpecFields>

/** The io-ts codec of a spec: exactly one of `steps` and `epochs`. @category model */
export const Spec: t.Type<Spec> = new t.Type<Spec>('Spec', SpecFields.is, (u, c) => {
  const fields = SpecFields.validate(u, c)
  const o = typeof u === 'object' && u !== null ? (u as Record<string, unknown>) : {}
  const both = ('steps' in o) === ('epochs' in o)
  const runLength: t.Errors = both
    ? [{ value: u, context: c, message: `give exactly one of "steps" and "epochs" (got ${'steps' in o ? 'both' : 'neither'})` }]
    : []
  if (E.isLeft(fields)) return t.failures([...fields.left, ...runLength])
  return runLength.length > 0 ? t.failures(runLength) : fields
}, t.identity)

/** Decode a spec, with every problem reported as `path: message`. @category destructors */
export const decodeSpec = (json: unknown): E.Either<string[], Spec> => pipe(Spec.decode(json), E.mapLeft(report))

// ---- utils ----

/** A union discriminated by its `kind` field, with an error that lists the kinds. */
function oneOfKind<C extends Record<string, t.Mixed>>(name: string, cases: C): t.Type<t.TypeOf<C[keyof C]>> {
  const kinds = Object.keys(cases)
  return new t.Type<t.TypeOf<C[keyof C]>>(name, (u): u is t.TypeOf<C[keyof C]> => typeof u === 'object' && u !== null, (u, c) => {
    const kind = typeof u === 'object' && u !== null ? (u as { kind?: unknown }).kind : undefined
    const codec = typeof kind === 'string' ? cases[kind] : undefined
    if (codec === undefined)
      return t.failure(u, kind === undefined ? c : t.appendContext(c, 'kind', t.string, kind),
        `expected ${name} with "kind" one of ${kinds.map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify(kind) ?? 'nothing'}`)
    return codec.validate(u, c)
  }, t.identity)
}
