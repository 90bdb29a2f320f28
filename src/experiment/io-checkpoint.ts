/**
 * Checkpoints on disk (Node only): `checkpoint.safetensors` and
 * `checkpoint.json` in a run directory, each written atomically (temporary
 * file, then rename), the tensors first so a sidecar never points at missing
 * bytes.
 *
 * @example
 * await saveCheckpoint('runs/x', spec, state)
 * const loaded = await loadCheckpoint('runs/x')    // Either<string[], { spec, state }>
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { join } from 'node:path'
import type { Prepared } from './build.js'
import { fromCheckpoint, toCheckpoint } from './checkpoint.js'
import { ensureDir, readBytes, readJson, writeFileAtomic, writeJsonAtomic } from './io.js'
import type { RunState } from './run.js'
import type { Spec } from './spec.js'

export const CHECKPOINT_TENSORS = 'checkpoint.safetensors'
export const CHECKPOINT_SIDECAR = 'checkpoint.json'

/** Write the checkpoint of `state` into `dir`. @category io */
export const saveCheckpoint = async (dir: string, spec: Spec, state: RunState, prepared?: Prepared): Promise<void> => {
  const { tensors, sidecar } = toCheckpoint(spec, state, prepared)
  await ensureDir(dir)
  await writeFileAtomic(join(dir, CHECKPOINT_TENSORS), tensors)
  await writeJsonAtomic(join(dir, CHECKPOINT_SIDECAR), sidecar)
}

/** Read and validate the checkpoint in `dir`: every problem is reported. @category io */
export const loadCheckpoint = async (dir: string): Promise<E.Either<string[], { spec: Spec; state: RunState; prepared: Prepared }>> => {
  const side = await readJson(join(dir, CHECKPOINT_SIDECAR))
  const bytes = await readBytes(join(dir, CHECKPOINT_TENSORS))
  if (E.isLeft(side) || E.isLeft(bytes)) return E.left([...(E.isLeft(side) ? side.left : []), ...(E.isLeft(bytes) ? bytes.left : [])])
  return fromCheckpoint(bytes.right, side.right)
}
