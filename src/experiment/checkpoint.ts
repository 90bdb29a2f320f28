/**
 * Checkpoints: a run's state as bytes and back, without touching files.
 *
 * The tensors (parameters and every tensor in the optimizer state) go into one
 * safetensors file, named by their pytree paths (`params[0].w`,
 * `opt[1].mu[0].b`), so Python's `safetensors` can read them. Everything else
 * goes into a JSON sidecar: the spec, the step, the numbers in the optimizer
 * state (counts, injected hyperparameters) by path, the PRNG keys, and a
 * checksum of the tensor bytes.
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
import * as R from '../random/index.js'
import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { prepare, type Prepared } from './build.js'
import { arrayOf, int, literal, recordOf, report, str, struct } from './decode.js'
import { start, type RunState } from './run.js'
import { checksum, decodeSafetensors, encodeSafetensors } from './safetensors.js'
import { decodeSpec, type Spec } from './spec.js'

export const CHECKPOINT_FORMAT = 'fluxion-checkpoint/1'

const keyPair = arrayOf(int(0, 0xffffffff), { minLength: 2 })

/** The JSON sidecar of a checkpoint. @category model */
export const Sidecar = struct('checkpoint', {
  format: literal(CHECKPOINT_FORMAT),
  spec: t.unknown,
  step: int(0),
  count: int(0),
  numbers: recordOf(t.number),
  keys: struct('keys', { seed: keyPair, params: keyPair, batches: keyPair }),
  checksum: str,
  tensors: int(0),
})
export type Sidecar = t.TypeOf<typeof Sidecar>

export interface CheckpointPayload {
  /** The safetensors bytes. */
  readonly tensors: Uint8Array
  readonly sidecar: Sidecar
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
  return {
    tensors: bytes,
    sidecar: {
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
      checksum: checksum(bytes),
      tensors: Object.keys(tensors).length,
    },
  }
}

/**
 * The spec and state of a checkpoint, or every problem found: a bad sidecar,
 * a checksum mismatch, a bad safetensors file, or tensors and numbers that do
 * not fit the spec's model and optimizer.
 * @category destructors
 */
export const fromCheckpoint = (bytes: Uint8Array, sidecarJson: unknown): E.Either<string[], { spec: Spec; state: RunState; prepared: Prepared }> => {
  const sc = Sidecar.decode(sidecarJson)
  if (E.isLeft(sc)) return E.left(report(sc.left).map((m) => `checkpoint.json ${m}`))
  const side = sc.right
  const spec = decodeSpec(side.spec)
  if (E.isLeft(spec)) return E.left(spec.left.map((m) => `checkpoint.json spec.${m}`))
  const sum = checksum(bytes)
  if (sum !== side.checksum)
    return E.left([`checkpoint.safetensors: checksum ${sum} does not match ${side.checksum} in checkpoint.json (the file is corrupt or from another checkpoint)`])
  const st = decodeSafetensors(bytes)
  if (E.isLeft(st)) return E.left(st.left.map((m) => `checkpoint.safetensors ${m}`))
  const prepared = prepare(spec.right)
  const fresh = start(prepared)
  const errors: string[] = []
  const used = new Set<string>()
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
      const got = side.numbers[name]
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
  for (const name of Object.keys(st.right.tensors))
    if (!used.has(name)) errors.push(`checkpoint.safetensors: tensor "${name}" is not part of this spec's model or optimizer`)
  if (errors.length > 0) return E.left(errors)
  const state: RunState = { step: side.step, opt: { params: params as RunState['opt']['params'], inner, count: side.count } }
  return E.right({ spec: spec.right, state, prepared })
}
