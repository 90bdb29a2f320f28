/**
 * Checkpoints on disk (Node only). Each checkpoint is one directory,
 * `checkpoints/step-<N>/` in the run directory, holding
 * `checkpoint.safetensors` and its sidecar `checkpoint.json`. It is written
 * whole into a temporary directory (each file flushed to disk), then renamed
 * into place: a reader sees the complete checkpoint or none of it, so a kill
 * at any moment never pairs the tensors of one step with the sidecar of
 * another.
 *
 * The newest `keep` checkpoints (default 2) are kept; older ones are removed
 * only after the new one is in place. `loadCheckpoint` takes the newest one
 * that reads and validates, falling back to the one before and saying why.
 *
 * @example
 * await saveCheckpoint('runs/x', spec, state)      // runs/x/checkpoints/step-0000000040/
 * const loaded = await loadCheckpoint('runs/x')    // Either<string[], { spec, state, step, path, skipped }>
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as fsp from 'node:fs/promises'
import { join } from 'node:path'
import type { Prepared } from './build.js'
import { fromCheckpoint, toCheckpoint, type Restored } from './checkpoint.js'
import { isAlive } from './io-lock.js'
import { ensureDir, readBytes, readJson, syncDir } from './io.js'
import type { RunState } from './run.js'
import type { Spec } from './spec.js'

export const CHECKPOINTS_DIR = 'checkpoints'
export const CHECKPOINT_TENSORS = 'checkpoint.safetensors'
export const CHECKPOINT_SIDECAR = 'checkpoint.json'

/** A checkpoint read back: what `fromCheckpoint` gives, and where it was found. @category model */
export interface LoadedCheckpoint extends Restored {
  /** The checkpoint's directory. */
  readonly path: string
  /** Newer checkpoints that were passed over, each with its problems. */
  readonly skipped: ReadonlyArray<{ readonly path: string; readonly problems: ReadonlyArray<string> }>
}

/** Options of `saveCheckpoint`. @category model */
export interface SaveOptions {
  /** How many of the newest checkpoints to keep (at least 1; default 2). */
  readonly keep?: number
}

/** `step-0000000042`: zero-padded so that names sort as steps do. @category utils */
export const checkpointName = (step: number): string => `step-${String(step).padStart(10, '0')}`

/** The checkpoints under `dir`, newest first. @category io */
export const listCheckpoints = async (dir: string): Promise<Array<{ step: number; path: string }>> => {
  let names: string[]
  try {
    names = await fsp.readdir(join(dir, CHECKPOINTS_DIR))
  } catch {
    return []
  }
  return names
    .map((n) => /^step-(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ step: Number(m[1]), path: join(dir, CHECKPOINTS_DIR, m[0]) }))
    .sort((a, b) => b.step - a.step)
}

let tempCounter = 0

/**
 * Write the checkpoint of `state` into `dir/checkpoints/step-<N>/` atomically,
 * then remove all but the newest `keep` checkpoints. Returns the directory.
 * @category io
 */
export const saveCheckpoint = async (dir: string, spec: Spec, state: RunState, prepared?: Prepared, opts: SaveOptions = {}): Promise<string> => {
  const { tensors, sidecar } = toCheckpoint(spec, state, prepared)
  const root = join(dir, CHECKPOINTS_DIR)
  await ensureDir(root)
  const tmp = join(root, `.${checkpointName(state.step)}.${process.pid}.${tempCounter++}.tmp`)
  const final = join(root, checkpointName(state.step))
  try {
    await fsp.mkdir(tmp)
    // the directory is private until renamed: its files need no rename of their own, only a flush
    await writeDurable(join(tmp, CHECKPOINT_TENSORS), tensors)
    await writeDurable(join(tmp, CHECKPOINT_SIDECAR), `${JSON.stringify(sidecar, null, 2)}\n`)
    // the same step written again (a run replayed from an older checkpoint): the older
    // checkpoints kept beside it are the fallback while it is replaced
    await fsp.rm(final, { recursive: true, force: true })
    await fsp.rename(tmp, final)
  } catch (e) {
    await fsp.rm(tmp, { recursive: true, force: true }).catch(() => undefined)
    throw e
  }
  await syncDir(root)
  const keep = Math.max(1, opts.keep ?? 2)
  for (const old of (await listCheckpoints(dir)).slice(keep)) await fsp.rm(old.path, { recursive: true, force: true })
  return final
}

/** Read and validate the checkpoint in one checkpoint directory: every problem is reported. @category io */
export const readCheckpoint = async (path: string): Promise<E.Either<string[], Restored>> => {
  const side = await readJson(join(path, CHECKPOINT_SIDECAR))
  const bytes = await readBytes(join(path, CHECKPOINT_TENSORS))
  if (E.isLeft(side) || E.isLeft(bytes)) return E.left([...(E.isLeft(side) ? side.left : []), ...(E.isLeft(bytes) ? bytes.left : [])])
  return fromCheckpoint(bytes.right, side.right)
}

/**
 * The newest checkpoint in `dir` that reads and validates. Newer ones that do
 * not are listed in `skipped` with their problems (a checkpoint removed while
 * it was being read, by a run that is still writing, is passed over
 * silently). With none valid, every problem of every checkpoint is reported.
 * @category io
 */
export const loadCheckpoint = async (dir: string): Promise<E.Either<string[], LoadedCheckpoint>> => {
  const all = await listCheckpoints(dir)
  if (all.length === 0) return E.left([`${dir}: no checkpoint (none in ${join(dir, CHECKPOINTS_DIR)}/)`])
  const skipped: Array<{ path: string; problems: string[] }> = []
  for (const c of all) {
    const r = await readCheckpoint(c.path)
    if (E.isRight(r)) return E.right({ ...r.right, path: c.path, skipped })
    const gone = await fsp.stat(c.path).then(() => false, () => true)
    if (!gone) skipped.push({ path: c.path, problems: r.left.map((m) => `${c.path}/${m}`) })
  }
  return E.left(skipped.length === 0 ? [`${dir}: no checkpoint`] : skipped.flatMap((s) => s.problems))
}

/** A temporary name `.x.<pid>.<n>[.stale].tmp` of another live process (one taking the lock, say). */
const ownedByAnother = (name: string): boolean => {
  const m = /\.(\d+)\.\d+(\.stale)?\.tmp$/.exec(name)
  return m !== null && Number(m[1]) !== process.pid && isAlive(Number(m[1]))
}

/**
 * Remove what a killed writer left behind in a run directory: temporary
 * files (`.name.<pid>.<n>.tmp`) and half-written checkpoint directories,
 * except those of a live process other than this one. Call it only while
 * holding the directory's lock.
 * @category io
 */
export const removeLeftovers = async (dir: string): Promise<string[]> => {
  const removed: string[] = []
  for (const d of [dir, join(dir, CHECKPOINTS_DIR)]) {
    let names: string[]
    try {
      names = await fsp.readdir(d)
    } catch {
      continue
    }
    for (const n of names)
      if (n.startsWith('.') && n.endsWith('.tmp') && !ownedByAnother(n)) {
        await fsp.rm(join(d, n), { recursive: true, force: true })
        removed.push(join(d, n))
      }
  }
  return removed
}

/** Write a new file and flush it to disk. */
const writeDurable = async (path: string, data: string | Uint8Array): Promise<void> => {
  const h = await fsp.open(path, 'wx')
  try {
    await h.writeFile(data)
    await h.sync()
  } finally {
    await h.close()
  }
}

