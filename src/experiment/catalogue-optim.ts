/**
 * The optimizer catalogue: every schedule, transform, alias and wrapper a
 * spec can name, each one record of its JSON codec and its build. The spec
 * codecs (`ScheduleSpec`, `TransformSpec`), the builders (`buildSchedule`,
 * `buildOptimizer`) and the examples the law tests run (`transformExamples`)
 * are all derived from these records.
 *
 * A built optimizer also knows where its learning rate lives: `learningRate`
 * reads the rate the next update will use from the transform's state (the
 * count of the `scaleByLearningRate` inside, or the hyperparameters held by
 * `injectHyperparams`), so it stays right under `multiSteps`, after a resume,
 * or when the state's hyperparameters are changed.
 *
 * @example
 * const b = buildOptimizer({ injectHyperparams: { adam: { learningRate: 0.1 } } })
 * const s = b.transform.init(params)
 * b.learningRate(s)          // 0.1: read from s.hyperparams
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import * as O from '../optim/index.js'
import type { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { buildTagged, entry, tagged, taggedBuilder, type Builds } from './catalogue.js'
import { arrayOf, bool, either, has, int, lazy, literal, num, recordOf, refine, showPath, str, struct, tooDeep } from './decode.js'
import { ValueError } from '../errors.js'

// ---- limits ----

/** The deepest nesting of objects and arrays a spec may have (a bound for the recursive decoders and builders). @category model */
export const MAX_SPEC_DEPTH = 64

// ---- schedules ----

/** A schedule in JSON: a number, or `{ name: args }` with a name of `scheduleCatalogue`. @category model */
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

/** A step number written as a JSON key: a non-negative integer in decimal, as `boundariesAndScales` needs. */
const boundaryKey = (k: string): string | undefined =>
  /^(0|[1-9][0-9]*)$/.test(k) && Number(k) <= Number.MAX_SAFE_INTEGER
    ? undefined
    : `expected a boundary: a step number (a non-negative integer such as "100"), got ${JSON.stringify(k)}`

const S = O.schedules

/** A built schedule: `join` needs functions, so a plain number becomes a constant schedule there. */
const asSchedule = (s: O.ScalarOrSchedule): O.Schedule => (typeof s === 'number' ? S.constant(s) : s)

/** The schedules, by name: codec and build. @category instances */
export const scheduleCatalogue = {
  constant: entry(real, (v) => S.constant(v)),
  linear: entry(struct('linear', { init: real, endValue: real, transitionSteps: steps }, { transitionBegin: int(0) }), (a) => S.linear(a)),
  exponentialDecay: entry(struct('exponentialDecay', { init: real, transitionSteps: steps, decayRate: pos },
    { staircase: bool, transitionBegin: int(0), endValue: real }), (a) => S.exponentialDecay(a)),
  cosineDecay: entry(struct('cosineDecay', { init: real, decaySteps: steps }, { alpha: num(0, 1), exponent: pos }), (a) => S.cosineDecay(a)),
  warmupCosineDecay: entry(struct('warmupCosineDecay', { init: real, peakValue: real, warmupSteps: int(0), decaySteps: steps },
    { endValue: real, exponent: pos }), (a) => S.warmupCosineDecay(a)),
  piecewiseConstant: entry(struct('piecewiseConstant', { init: real, boundariesAndScales: recordOf(nonneg, boundaryKey) }),
    (a) => S.piecewiseConstant(a.init, Object.entries(a.boundariesAndScales).map(([b, s]) => [Number(b), s] as const))),
  join: entry(refine(struct('join', { schedules: arrayOf(lazy('schedule', () => ScheduleSpec), { minLength: 1 }), boundaries: arrayOf(int(0)) }),
    (a) => a.boundaries.length === a.schedules.length - 1 ? [] : [[['boundaries'],
      `${a.schedules.length} schedule(s) need ${a.schedules.length - 1} boundaries, got ${a.boundaries.length}`]]),
  (a) => S.join(a.schedules.map((x) => asSchedule(buildSchedule(x))), a.boundaries)),
}

/** The codec of a schedule: a number or `{ name: args }`. @category instances */
export const ScheduleSpec: t.Type<ScheduleSpec> = lazy('schedule', () =>
  either('schedule', real, tagged('schedule', scheduleCatalogue) as t.Type<Exclude<ScheduleSpec, number>>, 'a number or a schedule'))

/** A schedule (or a plain number) from its JSON form. @category constructors */
export const buildSchedule = (s: ScheduleSpec): O.ScalarOrSchedule =>
  typeof s === 'number' ? s : buildTagged('schedule', scheduleCatalogue, s)

// ---- masks and labels ----

/** A JavaScript regular expression, checked when decoded. */
const regex: t.Type<string> = refine(str, (s) => {
  try {
    new RegExp(s)
    return []
  } catch (e) {
    return [[[], `expected a regular expression: ${e instanceof Error ? e.message : String(e)}`]]
  }
})

/** Which parameters a mask selects: by kind (`weights` are ≥2-D, `biases` 1-D) or by a path pattern. @category model */
export type MaskSpec = 'all' | 'weights' | 'biases' | { readonly pathMatches: string }
/** @category instances */
export const MaskSpec: t.Type<MaskSpec> = either('mask', literal('all', 'weights', 'biases'),
  struct('mask', { pathMatches: regex }), '"all", "weights", "biases" or { "pathMatches": regex }')

/** Labels for `multiTransform`: by kind (`{ weights: "a", biases: "b" }`). @category model */
export type LabelSpec = { readonly weights: string; readonly biases: string }
/** @category instances */
export const LabelSpec: t.Type<LabelSpec> = struct('labels', { weights: str, biases: str })

const isWeight = (x: Tensor): boolean => x.ndim >= 2

/** A mask function of the parameters from its JSON form. @category constructors */
export const buildMask = (m: MaskSpec): O.Mask => {
  const re = typeof m === 'string' ? null : new RegExp(m.pathMatches)
  return (params: O.Params) => {
    const [ls, def] = tree.flatten<Tensor>(params)
    if (m === 'all') return tree.unflatten(def, ls.map(() => true))
    if (m === 'weights') return tree.unflatten(def, ls.map(isWeight))
    if (m === 'biases') return tree.unflatten(def, ls.map((x) => !isWeight(x)))
    return tree.unflatten(def, tree.paths(params).map((p) => re!.test(p)))
  }
}

const buildLabels = (l: LabelSpec): O.Labels => (params: O.Params) => {
  const [ls, def] = tree.flatten<Tensor>(params)
  return tree.unflatten(def, ls.map((x) => (isWeight(x) ? l.weights : l.biases)))
}

// ---- built optimizers ----

/**
 * A gradient transformation built from a spec, with its learning rate.
 * @category model
 */
export interface BuiltOptimizer {
  readonly transform: O.GradientTransformation<unknown>
  /**
   * The learning rate the next update will use, read from a state of
   * `transform` (undefined when the transform has none). In a `chain`, the
   * first rate found; in a `multiTransform`, the rate of the weights' label
   * (else the biases').
   */
  readonly learningRate: (state: unknown) => number | undefined
  /** The learning rate at optimizer step `count` from the spec alone, as if no step was skipped. */
  readonly nominalRate: (count: number) => number | undefined
}

/** Field `k` of a state read from anywhere (a checkpoint too): undefined when it is not there. */
const field = (s: unknown, k: string | number): unknown =>
  typeof s === 'object' && s !== null && has(s, String(k)) ? Reflect.get(s, k) : undefined

const countOf = (s: unknown): number | undefined => {
  const c = field(s, 'count')
  return typeof c === 'number' ? c : undefined
}

/** The rate of `scaleByLearningRate(lr)` from its state: the constant, or the schedule at the state's count. */
const rateFrom = (lr: O.ScalarOrSchedule, s: unknown): number | undefined => {
  if (typeof lr === 'number') return lr
  const c = countOf(s)
  return c === undefined ? undefined : lr(c)
}

const noRate = { learningRate: () => undefined, nominalRate: () => undefined }

/** A transform with no learning rate of its own. */
const plain = <S>(transform: O.GradientTransformation<S>): BuiltOptimizer => ({ transform, ...noRate })

const firstOf = <X>(xs: ReadonlyArray<X>, f: (x: X, i: number) => number | undefined): number | undefined => {
  for (let i = 0; i < xs.length; i++) {
    const r = f(xs[i]!, i)
    if (r !== undefined) return r
  }
  return undefined
}

// ---- aliases ----

/** The arguments of an alias with its learning rate built. */
type AliasArgs = { readonly learningRate: O.ScalarOrSchedule }

/** An alias: the plain entry, and the entry `injectHyperparams` uses. */
interface Alias {
  readonly plain: Builds<BuiltOptimizer>
  readonly injected: Builds<BuiltOptimizer>
}

/**
 * An alias entry from its codec, the conversion of its decoded arguments,
 * its factory and where its `scaleByLearningRate` sits in its chain.
 */
const alias = <A extends { readonly learningRate: ScheduleSpec }, P extends AliasArgs, S>(
  codec: t.Type<A>, args: (a: A) => P, factory: (p: P) => O.GradientTransformation<S>, lrIndex: number,
): Alias & Builds<BuiltOptimizer> => {
  const plainEntry = entry(codec, (a): BuiltOptimizer => {
    const p = args(a)
    return {
      transform: factory(p),
      learningRate: (s) => rateFrom(p.learningRate, field(s, lrIndex)),
      nominalRate: (n) => O.valueAt(p.learningRate, n),
    }
  })
  const injected = entry(codec, (a): BuiltOptimizer => {
    const p = args(a)
    const lr = p.learningRate
    return {
      transform: O.injectHyperparams(factory, { staticArgs: ['mask', 'nesterov', 'debias'] })(p),
      // a schedule is evaluated at the state's count; a number is read from the state's hyperparameters
      learningRate: (s) => {
        if (typeof lr !== 'number') return rateFrom(lr, s)
        const held = field(field(s, 'hyperparams'), 'learningRate')
        return typeof held === 'number' ? held : undefined
      },
      nominalRate: (n) => O.valueAt(lr, n),
    }
  })
  return { ...plainEntry, plain: plainEntry, injected }
}

/**
 * A codec for every option of one of optim's option types. The option
 * tables below `satisfies` it, so a spec can write exactly the options the
 * library has, with their types: an option added to optim and not here (or
 * the reverse) is a compile error.
 */
type OptionCodecs<O> = { readonly [K in keyof O]-?: t.Type<NonNullable<O[K]>> }

const lr = { learningRate: lazy('schedule', () => ScheduleSpec) }
const adamOpts = { b1: unit, b2: unit, eps: nonneg, epsRoot: nonneg, nesterov: bool } satisfies OptionCodecs<O.AdamOptions>
const rmsOpts = { decay: unit, eps: nonneg, initialScale: nonneg, epsInSqrt: bool, biasCorrection: bool } satisfies OptionCodecs<O.RmsOptions>
const rmspropOpts = { ...rmsOpts, centered: bool, momentum: unit, nesterov: bool } satisfies OptionCodecs<O.RmspropOptions>
const rssOpts = { initialAccumulatorValue: nonneg, eps: nonneg } satisfies OptionCodecs<O.RssOptions>
const sgdOpts = { momentum: unit, nesterov: bool, dampening: num(0, 1), debias: bool } satisfies OptionCodecs<Omit<O.SgdOptions, 'nesterov'>> & { readonly nesterov: t.Type<boolean> }
const adamwOpts = { ...adamOpts, weightDecay: nonneg, mask: MaskSpec } satisfies OptionCodecs<Omit<O.AdamWOptions, 'mask'>> & { readonly mask: t.Type<MaskSpec> }
const newtonOpts = { damping: nonneg, mode: literal('dense', 'cg'), dtype: literal('float32', 'float64'), maxIter: int(1), tol: nonneg } satisfies OptionCodecs<O.NewtonOptions>
const traceOpts = { decay: unit, nesterov: bool, dampening: num(0, 1), debias: bool } satisfies OptionCodecs<O.TraceOptions>
const emaOpts = { decay: unit, debias: bool } satisfies OptionCodecs<O.EmaOptions>

/** `learningRate` built; the rest as decoded. */
const withRate = <A extends { readonly learningRate: ScheduleSpec }>(a: A): Omit<A, 'learningRate'> & AliasArgs =>
  ({ ...a, learningRate: buildSchedule(a.learningRate) })

/** The aliases, by name. `injectHyperparams` takes any of them. @category instances */
export const aliasCatalogue = {
  sgd: alias(struct('sgd', lr, sgdOpts), withRate, (p) => O.sgd(p), 1),
  adam: alias(struct('adam', lr, adamOpts), withRate, (p) => O.adam(p), 1),
  adamw: alias(struct('adamw', lr, adamwOpts),
    (a) => ({ ...withRate(a), mask: a.mask === undefined ? undefined : buildMask(a.mask) }), (p) => O.adamw(p), 2),
  nadam: alias(struct('nadam', lr, adamOpts), withRate, (p) => O.nadam(p), 1),
  rmsprop: alias(struct('rmsprop', lr, rmspropOpts), withRate, (p) => O.rmsprop(p), 1),
  adagrad: alias(struct('adagrad', lr, rssOpts), withRate, (p) => O.adagrad(p), 1),
}

const newtonAlias = alias(struct('newton', lr, newtonOpts), withRate, (p) => O.newton(p), 1)

const injectedCatalogue = {
  sgd: aliasCatalogue.sgd.injected, adam: aliasCatalogue.adam.injected, adamw: aliasCatalogue.adamw.injected,
  nadam: aliasCatalogue.nadam.injected, rmsprop: aliasCatalogue.rmsprop.injected, adagrad: aliasCatalogue.adagrad.injected,
}

// ---- transforms and wrappers ----

/** A transform spec: `{ name: args }` with a name of `transformCatalogue`. @category model */
export type TransformSpec = { readonly [name: string]: unknown }

const child = lazy<TransformSpec>('transform', () => TransformSpec)

/** A label name: any string but `__proto__`, which an object cannot hold as an ordinary key everywhere a state goes. */
const labelKey = (k: string): string | undefined =>
  k === '__proto__' ? 'the label "__proto__" is reserved; choose another name' : undefined

/** The transforms and wrappers, aliases included, by name: codec and build. @category instances */
export const transformCatalogue = {
  // aliases
  ...aliasCatalogue,
  newton: newtonAlias,
  // transforms
  identity: entry(struct('identity', {}), () => plain(O.identity())),
  scale: entry(struct('scale', { step: real }), (a) => plain(O.scale(a.step))),
  scaleByLearningRate: entry(struct('scaleByLearningRate', lr), (a): BuiltOptimizer => {
    const rate = buildSchedule(a.learningRate)
    return { transform: O.scaleByLearningRate(rate), learningRate: (s) => rateFrom(rate, s), nominalRate: (n) => O.valueAt(rate, n) }
  }),
  trace: entry(struct('trace', { decay: traceOpts.decay }, { nesterov: traceOpts.nesterov, dampening: traceOpts.dampening, debias: traceOpts.debias }), (a) => plain(O.trace(a))),
  ema: entry(struct('ema', { decay: emaOpts.decay }, { debias: emaOpts.debias }), (a) => plain(O.ema(a))),
  scaleByAdam: entry(struct('scaleByAdam', {}, adamOpts), (a) => plain(O.scaleByAdam(a))),
  scaleByRms: entry(struct('scaleByRms', {}, rmsOpts), (a) => plain(O.scaleByRms(a))),
  scaleByRss: entry(struct('scaleByRss', {}, rssOpts), (a) => plain(O.scaleByRss(a))),
  addDecayedWeights: entry(struct('addDecayedWeights', { weightDecay: nonneg }, { mask: MaskSpec }),
    (a) => plain(O.addDecayedWeights({ weightDecay: a.weightDecay, mask: a.mask === undefined ? undefined : buildMask(a.mask) }))),
  clip: entry(struct('clip', { maxDelta: pos }), (a) => plain(O.clip(a.maxDelta))),
  clipByGlobalNorm: entry(struct('clipByGlobalNorm', { maxNorm: pos }), (a) => plain(O.clipByGlobalNorm(a.maxNorm))),
  scaleByNewton: entry(struct('scaleByNewton', {}, newtonOpts), (a) => plain(O.scaleByNewton(a))),
  // combinators and wrappers
  chain: entry(arrayOf(child, { minLength: 1 }), (a): BuiltOptimizer => {
    const parts = a.map(buildChild)
    return {
      transform: O.chain(...parts.map((p) => p.transform)),
      learningRate: (s) => firstOf(parts, (p, i) => p.learningRate(field(s, i))),
      nominalRate: (n) => firstOf(parts, (p) => p.nominalRate(n)),
    }
  }),
  masked: entry(struct('masked', { transform: child, mask: MaskSpec }), (a): BuiltOptimizer => {
    const inner = buildChild(a.transform)
    return { ...inner, transform: O.masked(inner.transform, buildMask(a.mask)), learningRate: (s) => inner.learningRate(field(s, 'inner')) }
  }),
  multiTransform: entry(refine(struct('multiTransform', { transforms: recordOf(child, labelKey), labels: LabelSpec }),
    (a) => (['weights', 'biases'] as const).flatMap((k): Array<[string[], string]> => has(a.transforms, a.labels[k]) ? [] : [[['labels', k],
      `no transform is labelled ${JSON.stringify(a.labels[k])} (transforms: ${Object.keys(a.transforms).join(', ')})`]])),
  (a): BuiltOptimizer => {
    const names = Object.keys(a.transforms)
    const parts = new Map(names.map((n) => [n, buildChild(a.transforms[n]!)] as const))
    const order = [a.labels.weights, a.labels.biases]
    return {
      transform: O.multiTransform(Object.fromEntries(names.map((n) => [n, parts.get(n)!.transform])), buildLabels(a.labels)),
      learningRate: (s) => firstOf(order, (l) => parts.get(l)?.learningRate(field(field(field(s, 'inner'), l), 'inner'))),
      nominalRate: (n) => firstOf(order, (l) => parts.get(l)?.nominalRate(n)),
    }
  }),
  injectHyperparams: { codec: tagged('injectHyperparams', injectedCatalogue), decodeBuild: taggedBuilder('injectHyperparams', injectedCatalogue).validate },
  applyIfFinite: entry(struct('applyIfFinite', { transform: child, maxConsecutiveErrors: int(0) }), (a): BuiltOptimizer => {
    const inner = buildChild(a.transform)
    return {
      ...inner,
      transform: O.applyIfFinite(inner.transform, { maxConsecutiveErrors: a.maxConsecutiveErrors }),
      learningRate: (s) => inner.learningRate(field(s, 'inner')),
    }
  }),
  multiSteps: entry(struct('multiSteps', { transform: child, everyK: int(1) }), (a): BuiltOptimizer => {
    const inner = buildChild(a.transform)
    return {
      transform: O.multiSteps(inner.transform, { everyK: a.everyK }),
      learningRate: (s) => inner.learningRate(field(s, 'inner')),
      nominalRate: (n) => inner.nominalRate(Math.floor(n / a.everyK)),
    }
  }),
} satisfies Readonly<Record<string, Builds<BuiltOptimizer>>>

/** The codec of a transform spec: `{ name: args }` with a name of the catalogue. @category instances */
export const TransformSpec: t.Type<TransformSpec> = lazy('transform', () => {
  const codec = tagged('transform', transformCatalogue)
  return new t.Type<TransformSpec>('transform', (u): u is TransformSpec => codec.is(u), (u, c) => codec.validate(u, c), t.identity)
})

function buildChild(spec: TransformSpec): BuiltOptimizer {
  return buildTagged('transform', transformCatalogue, spec)
}

/**
 * The transformation a spec's `optimizer` describes, with its learning rate.
 * A spec that did not come through `decodeSpec` is decoded here too: a bad
 * one is a `ValueError` that names every problem's path.
 * @category constructors
 */
export const buildOptimizer = (spec: TransformSpec): BuiltOptimizer => {
  const deep = tooDeep(spec, MAX_SPEC_DEPTH)
  if (deep !== undefined) throw new ValueError(`transform: ${showPath(deep)}: nested deeper than ${MAX_SPEC_DEPTH} levels`)
  return buildChild(spec)
}

/**
 * Examples of every entry of `transformCatalogue` (and of `injectHyperparams`
 * with every alias), as specs: what the law tests run every built-in
 * through. A test checks that every name has one.
 * @category instances
 */
export const transformExamples: ReadonlyArray<readonly [string, TransformSpec]> = [
  ['sgd', { sgd: { learningRate: 0.1 } }],
  ['sgd momentum', { sgd: { learningRate: 0.1, momentum: 0.9, nesterov: true } }],
  ['sgd damped debiased', { sgd: { learningRate: 0.1, momentum: 0.9, dampening: 0.9, debias: true } }],
  ['adam', { adam: { learningRate: 0.1 } }],
  ['adam(schedule)', { adam: { learningRate: { exponentialDecay: { init: 0.1, transitionSteps: 2, decayRate: 0.5 } } } }],
  ['adamw', { adamw: { learningRate: 0.1, weightDecay: 0.01, mask: 'weights' } }],
  ['nadam', { nadam: { learningRate: 0.01 } }],
  ['rmsprop', { rmsprop: { learningRate: 5e-3, centered: true, momentum: 0.9, initialScale: 1 } }],
  ['adagrad', { adagrad: { learningRate: 1 } }],
  ['newton', { newton: { learningRate: 1, damping: 0.1 } }],
  ['identity', { identity: {} }],
  ['scale', { scale: { step: -0.5 } }],
  ['scaleByLearningRate', { scaleByLearningRate: { learningRate: { cosineDecay: { init: 0.1, decaySteps: 4 } } } }],
  ['trace', { trace: { decay: 0.9, nesterov: true } }],
  ['trace damped debiased', { trace: { decay: 0.8, dampening: 0.5, debias: true } }],
  ['ema', { ema: { decay: 0.5, debias: false } }],
  ['scaleByAdam', { scaleByAdam: { nesterov: true, epsRoot: 1e-8 } }],
  ['scaleByRms', { scaleByRms: { biasCorrection: true } }],
  ['scaleByRss', { scaleByRss: {} }],
  ['addDecayedWeights', { addDecayedWeights: { weightDecay: 0.1, mask: { pathMatches: 'w' } } }],
  ['clip', { clip: { maxDelta: 1 } }],
  ['clipByGlobalNorm', { clipByGlobalNorm: { maxNorm: 2 } }],
  ['scaleByNewton', { scaleByNewton: { damping: 0.1, mode: 'cg' } }],
  ['chain', { chain: [{ clip: { maxDelta: 3 } }, { scaleByAdam: {} }, { scale: { step: -0.01 } }] }],
  ['masked', { masked: { transform: { adam: { learningRate: 0.1 } }, mask: 'weights' } }],
  ['multiTransform', { multiTransform: { transforms: { big: { adam: { learningRate: 0.1 } }, small: { sgd: { learningRate: 0.1 } } }, labels: { weights: 'big', biases: 'small' } } }],
  ['injectHyperparams(sgd)', { injectHyperparams: { sgd: { learningRate: 0.1, momentum: 0.9 } } }],
  ['injectHyperparams(adam)', { injectHyperparams: { adam: { learningRate: { linear: { init: 0.1, endValue: 0.01, transitionSteps: 3 } }, b1: 0.8 } } }],
  ['injectHyperparams(adamw)', { injectHyperparams: { adamw: { learningRate: 0.1, mask: 'weights' } } }],
  ['injectHyperparams(nadam)', { injectHyperparams: { nadam: { learningRate: 0.01 } } }],
  ['injectHyperparams(rmsprop)', { injectHyperparams: { rmsprop: { learningRate: 5e-3 } } }],
  ['injectHyperparams(adagrad)', { injectHyperparams: { adagrad: { learningRate: 1 } } }],
  ['applyIfFinite', { applyIfFinite: { transform: { adam: { learningRate: 0.1 } }, maxConsecutiveErrors: 2 } }],
  ['multiSteps', { multiSteps: { transform: { adam: { learningRate: 0.1 } }, everyK: 2 } }],
]
