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
 * `decodeSpec(json)` returns every problem at once, each with its path, and
 * checks up front everything a run would otherwise find out late: the name
 * is a safe folder name, the names are own entries of the catalogues
 * (`catalogue-optim.ts`, `catalogue-model.ts`), regexes compile, labels name
 * transforms, and the sizes the spec implies are within the caps below.
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
import { ActivationName, DataSpec, InitializerSpec, LossName, outputDimOf, planData } from './catalogue-model.js'
import { buildOptimizer, LabelSpec, MaskSpec, MAX_SPEC_DEPTH, ScheduleSpec, TransformSpec } from './catalogue-optim.js'
import { arrayOf, bool, contextAt, has, int, literal, refine, report, show, struct, tooDeep, type SubPath } from './decode.js'
import { FluxionError } from '../errors.js'

export { DataSpec, InitializerSpec, LabelSpec, MaskSpec, MAX_SPEC_DEPTH, ScheduleSpec, TransformSpec }

// ---- limits ----

/**
 * The most elements any one tensor of a run may have: a weight matrix, the
 * dataset's inputs, or one layer's activations over the whole dataset (what
 * evaluation computes). 2^24, 64 MB in float32.
 * @category model
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 24
/** The most parameters a model may have in all (2^24). @category model */
export const MAX_PARAMETERS = 2 ** 24
/** The most steps a run may take (10^9), whether given as `steps` or as `epochs`. @category model */
export const MAX_STEPS = 1e9
/** The most hidden layers a model may have. @category model */
export const MAX_LAYERS = 256
/** The longest a spec name may be, in characters. @category model */
export const MAX_NAME_LENGTH = 200

// ---- names ----

/**
 * Why `name` is not a safe path segment (one folder name, the same on every
 * system), or undefined when it is: no `/` or `\\`, not `.` or `..`, no NUL
 * or other control character, not empty, at most `MAX_NAME_LENGTH` characters.
 * @category utils
 */
export const unsafeName = (name: string): string | undefined => {
  if (name.length === 0) return 'expected a non-empty string, got ""'
  if (name.length > MAX_NAME_LENGTH) return `expected a name of at most ${MAX_NAME_LENGTH} characters, got ${name.length}`
  if (name === '.' || name === '..') return `expected a name that is a folder name, got ${show(name)}`
  if (/[/\\]/.test(name)) return `expected a name without path separators (/ or \\), got ${show(name)}`
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return `expected a name without control characters (NUL, newline, ...), got ${show(name)}`
  return undefined
}

/** A spec name: a string that is a safe path segment (it names the run's folder). @category instances */
export const SafeName: t.Type<string> = new t.Type<string>('name', (u): u is string => typeof u === 'string' && unsafeName(u) === undefined,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, `expected a non-empty string, got ${show(u)}`)
    const bad = unsafeName(u)
    return bad === undefined ? t.success(u) : t.failure(u, c, bad)
  }, t.identity)

// ---- data, model, init ----

export const ModelSpec = struct('model', { kind: literal('mlp'), hidden: refine(arrayOf(int(1)), (h) =>
  h.length > MAX_LAYERS ? [[[], `expected at most ${MAX_LAYERS} hidden layers, got ${h.length}`]] : []) }, {
  activation: ActivationName,
  loss: LossName,
})
export type ModelSpec = t.TypeOf<typeof ModelSpec>

export type InitSpec = t.TypeOf<typeof InitSpec>
export const InitSpec = struct('init', {}, { kernel: InitializerSpec, bias: InitializerSpec, dtype: literal('float32', 'float64') })

// ---- the spec ----

const big = (n: number): string => (Number.isSafeInteger(n) ? String(n) : n.toPrecision(3))

/** A positive integer of steps, at most `MAX_STEPS` (a cap with its own message, so the usual one for 0 stays). */
const stepCount = refine(int(1), (n) => (n > MAX_STEPS ? [[[], `expected at most ${MAX_STEPS} steps, got ${big(n)}`]] : []))

const SpecFields = struct('spec', {
  name: SafeName,
  seed: int(0, Number.MAX_SAFE_INTEGER),
  data: DataSpec,
  model: ModelSpec,
  optimizer: TransformSpec,
  batchSize: int(1),
}, {
  init: InitSpec,
  steps: stepCount,
  epochs: stepCount,
  evalEvery: stepCount,
  checkpointEvery: stepCount,
  dropLast: bool,
  description: t.string,
})

/** A decoded experiment spec. @category model */
export type Spec = t.TypeOf<typeof SpecFields>

/**
 * Problems with the sizes a spec implies, each with its path: every tensor
 * within `MAX_TENSOR_ELEMENTS`, the parameters within `MAX_PARAMETERS`, the
 * run within `MAX_STEPS`. Estimated from the spec alone, before anything is
 * allocated.
 * @category utils
 */
export const sizeProblems = (spec: Spec): ReadonlyArray<readonly [SubPath, string]> => {
  const { n, dim, classes } = planData(spec.data).size
  const out = outputDimOf(spec.model.loss ?? (classes === null ? 'mse' : 'softmaxCrossEntropy'), classes)
  const widths = [dim, ...spec.model.hidden, out]
  const problems: Array<readonly [SubPath, string]> = []
  const cap = `over the cap of ${MAX_TENSOR_ELEMENTS} elements per tensor`
  if (n * dim > MAX_TENSOR_ELEMENTS) problems.push([['data'], `the dataset's inputs would be ${big(n)} × ${dim} = ${big(n * dim)} elements, ${cap}`])
  // a problem is charged to the hidden layer whose width causes it, or to the data (input width, classes)
  const last = widths.length - 1
  const hidden = (j: number): boolean => j > 0 && j < last
  const at = (j: number): SubPath => (hidden(j) ? ['model', 'hidden', j - 1] : ['data'])
  for (let j = 1; j <= last; j++) {
    const [a, b] = [widths[j - 1]!, widths[j]!]
    if (a * b > MAX_TENSOR_ELEMENTS)
      problems.push([at(hidden(j) ? j : j - 1), `a ${big(a)} × ${big(b)} weight matrix would have ${big(a * b)} elements, ${cap}`])
    else if (n * b > MAX_TENSOR_ELEMENTS)
      problems.push([at(j), `a layer ${big(b)} wide over ${big(n)} examples would be ${big(n * b)} activations, ${cap}`])
  }
  const params = widths.slice(1).reduce((acc, w, i) => acc + (widths[i]! + 1) * w, 0)
  if (problems.length === 0 && params > MAX_PARAMETERS)
    problems.push([['model', 'hidden'], `the model would have ${big(params)} parameters, over the cap of ${MAX_PARAMETERS}`])
  if (spec.epochs !== undefined) {
    const total = spec.epochs * Math.ceil(n / spec.batchSize)
    if (total > MAX_STEPS) problems.push([['epochs'], `${spec.epochs} epochs of ${big(Math.ceil(n / spec.batchSize))} steps would be ${big(total)} steps, over the cap of ${MAX_STEPS}`])
  }
  return problems
}

/** The optimizer, built once to check what the codec cannot see (a builder's own argument checks). */
const buildProblems = (spec: Spec): ReadonlyArray<readonly [SubPath, string]> => {
  try {
    buildOptimizer(spec.optimizer)
    return []
  } catch (e) {
    if (e instanceof FluxionError) return [[['optimizer'], e.message]]
    throw e
  }
}

/** The io-ts codec of a spec: exactly one of `steps` and `epochs`, and sizes within the caps. @category model */
export const Spec: t.Type<Spec> = new t.Type<Spec>('Spec', SpecFields.is, (u, c) => {
  const deep = tooDeep(u, MAX_SPEC_DEPTH)
  if (deep !== undefined) return t.failure(undefined, contextAt(c, u, deep), `nested deeper than ${MAX_SPEC_DEPTH} levels`)
  const fields = refine(SpecFields, (s) => [...sizeProblems(s), ...buildProblems(s)]).validate(u, c)
  const o = typeof u === 'object' && u !== null ? u : {}
  const both = has(o, 'steps') === has(o, 'epochs')
  const runLength: t.Errors = both
    ? [{ value: u, context: c, message: `give exactly one of "steps" and "epochs" (got ${has(o, 'steps') ? 'both' : 'neither'})` }]
    : []
  if (E.isLeft(fields)) return t.failures([...fields.left, ...runLength])
  return runLength.length > 0 ? t.failures(runLength) : fields
}, t.identity)

/**
 * Decode a spec, with every problem reported as `path: message`. Never
 * throws: a spec nested deeper than `MAX_SPEC_DEPTH` is a Left too.
 * @category destructors
 */
export const decodeSpec = (json: unknown): E.Either<string[], Spec> => pipe(Spec.decode(json), E.mapLeft(report))

/**
 * Problems with a set of specs run side by side (`compare`): each needs its
 * own name, since the name is its folder. Each problem names the spec by its
 * position (or by `labels[i]`, e.g. its file).
 * @category utils
 */
export const compareProblems = (specs: ReadonlyArray<Spec>, labels: ReadonlyArray<string> = specs.map((_, i) => `spec ${i + 1}`)): string[] => {
  const first = new Map<string, number>()
  const problems: string[] = []
  specs.forEach((s, i) => {
    const j = first.get(s.name)
    if (j === undefined) first.set(s.name, i)
    else problems.push(`${labels[i]}: name: ${show(s.name)} is also the name of ${labels[j]}; runs compared side by side need different names (each is a folder)`)
  })
  return problems
}
