/**
 * The model catalogue: the datasets, activations, losses and initializers a
 * spec can name, each one record from which its codec and its build are
 * derived. A dataset entry builds a plan: the dataset's size, known from the
 * spec alone (so `decodeSpec` can bound it before anything is allocated),
 * and the function that draws it.
 *
 * Activation names come from `nn.activations`, and the loss table is checked
 * against `nn.LossName`, so the names a spec accepts are the names the
 * library has.
 *
 * @example
 * buildInitializer({ normal: { stddev: 0.1 } })   // init.normal(0.1)
 * planData({ kind: 'spirals', nPerClass: 50 }).size   // { n: 150, dim: 2, classes: 3 }
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import * as D from '../data/index.js'
import { ValueError } from '../errors.js'
import * as I from '../init/index.js'
import * as nn from '../nn/index.js'
import type * as R from '../random/index.js'
import { buildTagged, entry, tagged, type Builds } from './catalogue.js'
import { bool, either, has, int, literal, lookup, num, report, show, struct } from './decode.js'
import * as E from 'fp-ts/lib/Either.js'

const real = num()
const pos = num(0, Infinity, { loOpen: true })
const nonneg = num(0)
const testFraction = num(0, 1, { loOpen: true, hiOpen: true })

/** One of the own keys of `table`, as a codec whose errors list them. @category combinators */
export const keyOf = <K extends string>(table: Readonly<Record<K, unknown>>): t.Type<K> => {
  const names = Object.keys(table)
  const ok = (u: unknown): u is K => typeof u === 'string' && has(table, u)
  const what = names.map((v) => `"${v}"`).join(' | ')
  return new t.Type<K>(what, ok, (u, c) => (ok(u) ? t.success(u) : t.failure(u, c, `expected one of ${what}, got ${show(u)}`)), t.identity)
}

// ---- data ----

/** The size of a dataset: examples, input features, and classes (null for regression). @category model */
export interface DataSize {
  readonly n: number
  readonly dim: number
  readonly classes: number | null
}

/** What a data spec builds: its size, known before anything is drawn, and how to draw it. @category model */
export interface DataPlan {
  readonly size: DataSize
  readonly draw: (key: R.Key) => D.Dataset & { readonly numClasses?: number }
}

const common = { testFraction, standardize: bool }

/** The datasets, by `kind`. @category instances */
export const dataCatalogue = {
  spirals: entry(struct('spirals', { kind: literal('spirals') }, { nPerClass: int(2), classes: int(2), noise: nonneg, ...common }),
    ({ nPerClass = 100, classes = 3, noise = 0.2 }): DataPlan => ({
      size: { n: nPerClass * classes, dim: 2, classes },
      draw: (key) => D.spirals(key, { nPerClass, classes, noise }),
    })),
  blobs: entry(struct('blobs', { kind: literal('blobs') }, { n: int(2), centers: int(2), std: pos, dim: int(1), ...common }),
    ({ n = 300, centers = 3, std = 1, dim = 2 }): DataPlan => ({
      size: { n, dim, classes: centers },
      draw: (key) => D.blobs(key, { n, centers, std, dim }),
    })),
  iris: entry(struct('iris', { kind: literal('iris') }, common),
    (): DataPlan => ({ size: { n: 150, dim: 4, classes: 3 }, draw: () => D.iris() })),
  logisticRegression: entry(struct('logisticRegression', { kind: literal('logisticRegression') }, { n: int(2), dim: int(1), ...common }),
    ({ n = 200, dim = 2 }): DataPlan => ({ size: { n, dim, classes: 2 }, draw: (key) => D.logisticRegression(key, { n, dim }) })),
  linearRegression: entry(struct('linearRegression', { kind: literal('linearRegression') }, { n: int(2), dim: int(1), noise: nonneg, ...common }),
    ({ n = 200, dim = 1, noise = 0.1 }): DataPlan => ({ size: { n, dim, classes: null }, draw: (key) => D.linearRegression(key, { n, dim, noise }) })),
} satisfies Readonly<Record<string, Builds<DataPlan>>>

/** The entry a `{ kind, ... }` object names (an own entry of `cases`), or a failure that lists the kinds. */
const entryOfKind = <V extends { readonly codec: t.Mixed }>(
  name: string, cases: Readonly<Record<string, V>>, u: unknown, c: t.Context,
): E.Either<t.Errors, V> => {
  const kind: unknown = typeof u === 'object' && u !== null && has(u, 'kind') ? Reflect.get(u, 'kind') : undefined
  const e = typeof kind === 'string' ? lookup(cases, kind) : undefined
  if (e !== undefined) return E.right(e)
  return t.failure(u, kind === undefined ? c : t.appendContext(c, 'kind', t.string, kind),
    `expected ${name} with "kind" one of ${Object.keys(cases).map((k) => `"${k}"`).join(', ')}, got ${show(kind)}`)
}

type DataCodecs = (typeof dataCatalogue)[keyof typeof dataCatalogue]['codec']

/** The codec of a data spec: `{ kind, ...options }`. @category instances */
export const DataSpec: t.Type<t.TypeOf<DataCodecs>> = new t.Type<t.TypeOf<DataCodecs>>('data',
  (u): u is t.TypeOf<DataCodecs> => Object.values(dataCatalogue).some((e) => e.codec.is(u)),
  (u, c) => E.chain((e: Builds<DataPlan>) => e.codec.validate(u, c))(entryOfKind('data', dataCatalogue, u, c)), t.identity)
/** A data spec. @category model */
export type DataSpec = t.TypeOf<typeof DataSpec>

const dataPlanner = new t.Type<DataPlan, unknown>('data', (_u): _u is DataPlan => false,
  (u, c) => E.chain((e: Builds<DataPlan>) => e.decodeBuild(u, c))(entryOfKind('data', dataCatalogue, u, c)), t.identity)

/** The plan of a data spec: its size and how to draw it. A bad spec is a `ValueError` naming its paths. @category constructors */
export const planData = (spec: DataSpec): DataPlan => {
  const r = dataPlanner.decode(spec)
  if (E.isLeft(r)) throw new ValueError(report(r.left).map((l) => `data${l.startsWith('(root)') ? l.slice(6) : `.${l}`}`).join('; '))
  return r.right
}

// ---- activations and losses ----

/** The activation codec: the names of `nn.activations`. @category instances */
export const ActivationName: t.Type<nn.ActivationName> = keyOf(nn.activations)

/** What the experiment needs to know about a loss. */
interface LossEntry {
  /** One output unit (a logit for class 1), not one per class. */
  readonly oneOutput: boolean
}

/** The built-in losses of `nn.mlp.loss`, all of them (checked against `nn.LossName`). @category instances */
export const lossCatalogue = {
  softmaxCrossEntropy: { oneOutput: false },
  sigmoidBinaryCrossEntropy: { oneOutput: true },
  mse: { oneOutput: false },
  huber: { oneOutput: false },
} as const satisfies Readonly<Record<nn.LossName, LossEntry>>

/** The loss codec. @category instances */
export const LossName: t.Type<nn.LossName> = keyOf(lossCatalogue)

/** The width of the model's output for a loss and a dataset's classes. @category utils */
export const outputDimOf = (loss: nn.LossName, classes: number | null): number =>
  classes !== null && !lossCatalogue[loss].oneOutput ? classes : 1

// ---- initializers ----

/** The initializers that take no arguments, by name. @category instances */
export const namedInitializers = {
  glorotUniform: () => I.glorotUniform(), glorotNormal: () => I.glorotNormal(), heUniform: () => I.heUniform(),
  heNormal: () => I.heNormal(), lecunUniform: () => I.lecunUniform(), lecunNormal: () => I.lecunNormal(),
  orthogonal: () => I.orthogonal(), xavierUniform: () => I.xavierUniform(), xavierNormal: () => I.xavierNormal(),
  kaimingUniform: () => I.kaimingUniform(), kaimingNormal: () => I.kaimingNormal(), zeros: () => I.zeros(), ones: () => I.ones(),
} satisfies Readonly<Record<string, () => I.Initializer>>

/** The initializers with arguments, by name: codec and build. @category instances */
export const initializerCatalogue = {
  normal: entry(struct('normal', { stddev: pos }), (a) => I.normal(a.stddev)),
  uniform: entry(struct('uniform', { scale: pos }), (a) => I.uniform(a.scale)),
  truncatedNormal: entry(struct('truncatedNormal', { stddev: pos }), (a) => I.truncatedNormal(a.stddev)),
  constant: entry(struct('constant', { value: real }), (a) => I.constant(a.value)),
  varianceScaling: entry(struct('varianceScaling', {
    scale: pos, mode: literal('fan_in', 'fan_out', 'fan_avg', 'fan_geo_avg'), distribution: literal('truncated_normal', 'normal', 'uniform'),
  }), (a) => I.varianceScaling(a.scale, a.mode, a.distribution)),
} satisfies Readonly<Record<string, Builds<I.Initializer>>>

/** The codec of an initializer: a name, or `{ name: args }`. @category instances */
export const InitializerSpec = either('initializer', keyOf(namedInitializers), tagged('initializer', initializerCatalogue),
  'an initializer name or { "normal": { "stddev": ... } }-style object')
/** An initializer spec. @category model */
export type InitializerSpec = t.TypeOf<typeof InitializerSpec>

/** An initializer from its JSON form. @category constructors */
export const buildInitializer = (s: InitializerSpec): I.Initializer => {
  if (typeof s !== 'string') return buildTagged('initializer', initializerCatalogue, s)
  const make = lookup(namedInitializers, s)
  if (make === undefined) throw new ValueError(`initializer: unknown name ${JSON.stringify(s)} (expected one of: ${Object.keys(namedInitializers).join(', ')})`)
  return make()
}
