/**
 * Checkpoints: a run's state as bytes and back, without touching files.
 *
 * The tensors (parameters and every tensor in the optimizer state) go into one
 * safetensors file, named by their pytree paths (`params[0].w`,
 * `opt[1].mu[0].b`), so Python's `safetensors` can read them. Everything else
 * goes into a JSON sidecar: the spec, the step, the numbers in the optimizer
 * state (counts, injected hyperparameters) by path, the PRNG keys, the backend
 * the run was made on, and checksums.
 *
 * Every field that restoring or verifying reads is checksummed: `fields`
 * holds one checksum per sidecar field (and one of the tensor bytes), and
 * `checksum` covers all of them together, so an edited `step`, spec or key is
 * reported as corrupt by name instead of silently changing the run.
 *
 * To restore, the spec is rebuilt and its fresh state gives the structure;
 * each leaf is then taken from the checkpoint and checked (shape, dtype,
 * presence), so a corrupt or mismatched checkpoint is an error naming the
 * path, never a half-restored run.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { backend as activeBackend } from '../backend/index.js'
import * as R from '../random/index.js'
import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { prepare, type Prepared } from './build.js'
import { arrayOf, int, literal, recordOf, report, str, struct } from './decode.js'
import { start, type RunState } from './run.js'
import { checksum, decodeSafetensors, encodeSafetensors } from './safetensors.js'
import { decodeSpec, type Spec } from './spec.js'

export const CHECKPOINT_FORMAT = 'fluxion-checkpoint/2'

/** The backends a checkpoint can record. @category model */
export type BackendName = 'js' | 'wasm'

const keyPair = arrayOf(int(0, 0xffffffff), { minLength: 2 })

/** The sidecar fields that each carry a checksum in `fields` (`bytes` is the safetensors file). */
export const CHECKED_FIELDS = ['spec', 'step', 'count', 'numbers', 'keys', 'tensors', 'backend', 'bytes'] as const
type CheckedField = (typeof CHECKED_FIELDS)[number]

/** The JSON sidecar of a checkpoint. @category model */
export const Sidecar = struct('checkpoint', {
  format: literal(CHECKPOINT_FORMAT),
  spec: t.unknown,
  step: int(0),
  count: int(0),
  numbers: recordOf(t.number),
  keys: struct('keys', { seed: keyPair, params: keyPair, batches: keyPair }),
  tensors: int(0),
  backend: literal('js', 'wasm'),
  fields: struct('fields', Object.fromEntries(CHECKED_FIELDS.map((f) => [f, str])) as Record<CheckedField, typeof str>),
  checksum: str,
})
export type Sidecar = t.TypeOf<typeof Sidecar>

export interface CheckpointPayload {
  /** The safetensors bytes. */
  readonly tensors: Uint8Array
  readonly sidecar: Sidecar
}

/** What `fromCheckpoint` restores. @category model */
export interface Restored {
  readonly spec: Spec
  readonly state: RunState
  readonly prepared: Prepared
  /** The backend the checkpoint was written on. */
  readonly backend: BackendName
}

const PARAMS = 'params'
const OPT = 'opt'

/** `prefix` + a leaf path (`opt[0].mu`, `opt.count`). */
const join = (prefix: string, path: string): string => (path === '' ? prefix : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`)

/** The leaves of a tree with their paths. */
const entries = (x: unknown): Array<[string, unknown]> => {
  const ls = tree.leaves(x as tree.PyTree<unknown>)
  const ps = tree.paths(x)
  return ls.map((l, i) => [ps[i]!, l])
}

/**
 * JSON with object keys sorted at every level, so the same value always gives
 * the same text (and the same checksum) whatever order its keys were written in.
 * @category utils
 */
export const canonicalJson = (u: unknown): string => {
  if (Array.isArray(u)) return `[${u.map(canonicalJson).join(',')}]`
  if (u !== null && typeof u === 'object') {
    const o = u as Record<string, unknown>
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`
  }
  return JSON.stringify(u) ?? 'null'
}

const encoder = new TextEncoder()
const hashJson = (u: unknown): string => checksum(encoder.encode(canonicalJson(u)))

/** The checksum of one sidecar field (or of the tensor bytes). */
const fieldSum = (field: CheckedField, side: Omit<Sidecar, 'fields' | 'checksum'>, bytes: Uint8Array): string =>
  field === 'bytes' ? checksum(bytes) : hashJson(side[field])

/** The checksum over the whole sidecar but its own `checksum` field. */
const wholeSum = (side: Omit<Sidecar, 'checksum'>): string => hashJson({ ...side, checksum: undefined })

/** The backend this process computes on. @category utils */
export const currentBackend = (): BackendName => (activeBackend.name === 'js' ? 'js' : 'wasm')

/** A checkpoint of `state` for `spec`. @category constructors */
export const toCheckpoint = (spec: Spec, state: RunState, prepared: Prepared = prepare(spec)): CheckpointPayload => {
  const tensors: Record<string, Tensor> = {}
  const numbers: Record<string, number> = {}
  for (const [p, l] of entries(state.opt.params)) tensors[join(PARAMS, p)] = l as Tensor
  for (const [p, l] of entries(state.opt.inner)) {
    if (l instanceof Tensor) tensors[join(OPT, p)] = l
    else if (typeof l === 'number') numbers[join(OPT, p)] = l
  }
  const bytes = encodeSafetensors(tensors, { format: CHECKPOINT_FORMAT, step: String(state.step) })
  // the spec as JSON sees it, so that the checksum written is the checksum read back
  const plain = JSON.parse(JSON.stringify({
    format: CHECKPOINT_FORMAT,
    spec,
    step: state.step,
    count: state.opt.count,
    numbers,
    keys: {
      seed: R.keyData(R.key(spec.seed)),
      params: R.keyData(prepared.keys.params),
      batches: R.keyData(prepared.keys.batches),
    },
    tensors: Object.keys(tensors).length,
    backend: currentBackend(),
  })) as Omit<Sidecar, 'fields' | 'checksum'>
  const fields = Object.fromEntries(CHECKED_FIELDS.map((f) => [f, fieldSum(f, plain, bytes)])) as Sidecar['fields']
  const withFields = { ...plain, fields }
  return { tensors: bytes, sidecar: { ...withFields, checksum: wholeSum(withFields) } }
}

/** Every field whose checksum does not match, as messages naming it. */
const integrity = (side: Sidecar, bytes: Uint8Array): string[] => {
  const errors: string[] = []
  for (const f of CHECKED_FIELDS) {
    const sum = fieldSum(f, side, bytes)
    if (sum === side.fields[f]) continue
    errors.push(f === 'bytes'
      ? `checkpoint.safetensors: checksum ${sum} does not match ${side.fields[f]} in checkpoint.json (the file is corrupt or from another checkpoint)`
      : `checkpoint.json ${f}: does not match its checksum (the field was edited, or the file is corrupt)`)
  }
  if (errors.length === 0 && wholeSum(side) !== side.checksum)
    errors.push('checkpoint.json fields: the checksums do not match the checkpoint\'s checksum (the file was edited, or is corrupt)')
  return errors
}

const sameKey = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean => a.length === b.length && a.every((x, i) => x === b[i])

/**
 * The spec and state of a checkpoint, or every problem found: a bad sidecar,
 * a field or tensor bytes that do not match their checksums, a bad
 * safetensors file, or tensors and numbers that do not fit the spec's model
 * and optimizer.
 * @category destructors
 */
export const fromCheckpoint = (bytes: Uint8Array, sidecarJson: unknown): E.Either<string[], Restored> => {
  const sc = Sidecar.decode(sidecarJson)
  if (E.isLeft(sc)) return E.left(report(sc.left).map((m) => `checkpoint.json ${m}`))
  const side = sc.right
  const spec = decodeSpec(side.spec)
  if (E.isLeft(spec)) return E.left(spec.left.map((m) => `checkpoint.json spec.${m}`))
  const errors = integrity(side, bytes)
  const st = decodeSafetensors(bytes)
  if (E.isLeft(st)) return E.left([...errors, ...st.left.map((m) => `checkpoint.safetensors ${m}`)])
  const prepared = prepare(spec.right)
  if (side.step > prepared.totalSteps) errors.push(`checkpoint.json step: ${side.step} is past the spec's ${prepared.totalSteps} steps`)
  const metaStep = st.right.metadata['step']
  if (metaStep !== undefined && metaStep !== String(side.step))
    errors.push(`checkpoint.json step: ${side.step}, but checkpoint.safetensors was written at step ${metaStep}`)
  const keys = { seed: R.keyData(R.key(spec.right.seed)), params: R.keyData(prepared.keys.params), batches: R.keyData(prepared.keys.batches) }
  for (const k of ['seed', 'params', 'batches'] as const)
    if (!sameKey(side.keys[k], keys[k])) errors.push(`checkpoint.json keys.${k}: [${side.keys[k]}] is not the key the spec's seed gives, [${keys[k]}]`)
  const fresh = start(prepared)
  const used = new Set<string>()
  const usedNumbers = new Set<string>()
  const take = (name: string, like: unknown): unknown => {
    if (like instanceof Tensor) {
      const got = st.right.tensors[name]
      used.add(name)
      if (got === undefined) return void errors.push(`checkpoint.safetensors: tensor "${name}" is missing`)
      if (got.dtype !== like.dtype || got.shape.join(',') !== like.shape.join(','))
        errors.push(`checkpoint.safetensors: tensor "${name}" is ${got.dtype} [${got.shape}], the spec needs ${like.dtype} [${like.shape}]`)
      return got
    }
    if (typeof like === 'number') {
      usedNumbers.add(name)
      const got = Object.prototype.hasOwnProperty.call(side.numbers, name) ? side.numbers[name] : undefined
      if (got === undefined) return void errors.push(`checkpoint.json numbers: "${name}" is missing`)
      return got
    }
    return like // functions and other static leaves come from the spec
  }
  const rebuild = (prefix: string, x: unknown): unknown => {
    const [ls, def] = tree.flatten(x as tree.PyTree<unknown>)
    const ps = tree.paths(x)
    return tree.unflatten(def, ls.map((l, i) => take(join(prefix, ps[i]!), l)))
  }
  const params = rebuild(PARAMS, fresh.opt.params)
  const inner = rebuild(OPT, fresh.opt.inner)
  const names = Object.keys(st.right.tensors)
  for (const name of names)
    if (!used.has(name)) errors.push(`checkpoint.safetensors: tensor "${name}" is not part of this spec's model or optimizer`)
  for (const name of Object.keys(side.numbers))
    if (!usedNumbers.has(name)) errors.push(`checkpoint.json numbers: "${name}" is not part of this spec's optimizer`)
  if (side.tensors !== names.length) errors.push(`checkpoint.json tensors: says ${side.tensors}, checkpoint.safetensors holds ${names.length}`)
  if (errors.length > 0) return E.left(errors)
  const state: RunState = { step: side.step, opt: { params: params as RunState['opt']['params'], inner, count: side.count } }
  return E.right({ spec: spec.right, state, prepared, backend: side.backend })
}
