/**
 * Where a sweep's runs live (Node only), behind a small interface so that an
 * object store can be added later: today a directory, local or shared (a
 * mounted volume, NFS). A sweep named `s` keeps run `r` in
 * `<root>/s/runs/r/`, a normal run directory (`fluxion resume` and `verify`
 * work on it), and its report in `<root>/s/`.
 *
 * A run is one of: `missing` (nothing yet), `partial` (started: it resumes
 * from its checkpoint), `finished` (its `metrics.json` says completed or
 * diverged; either way it is not run again), or `failed` (it could not run at
 * all, e.g. a job whose spec does not decode: `failed.json` says why).
 * `trainRun` takes a run from wherever it is to its end.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as fsp from 'node:fs/promises'
import { join } from 'node:path'
import { canonicalJson } from './checkpoint.js'
import { listCheckpoints } from './io-checkpoint.js'
import { LOCK_FILE, isAlive } from './io-lock.js'
import { readJson, writeJsonAtomic, ensureDir } from './io.js'
import { isRunOf, resumeInDir, runInDir, type SessionHooks } from './io-session.js'
import type { RunRecord } from './report.js'
import type { Spec } from './spec.js'
import { SAFE_NAME } from './sweep.js'

// ---- model ----

/** What the store knows of one run. @category model */
export type RunStatus =
  | { readonly kind: 'missing' }
  | { readonly kind: 'partial'; readonly step: number }
  | { readonly kind: 'finished'; readonly record: RunRecord }
  | { readonly kind: 'failed'; readonly problems: ReadonlyArray<string> }

/** A place for the runs of sweeps. @category model */
export interface ResultStore {
  /** Where it is, for messages. */
  readonly where: string
  /** A local directory to train the run in (for a directory store, the run's own folder). */
  readonly runDir: (sweep: string, run: string) => Promise<string>
  /** Publish what `runDir` holds after a session (a directory store has nothing to do). */
  readonly commit: (sweep: string, run: string) => Promise<void>
  /** The folder for the sweep's report. */
  readonly sweepDir: (sweep: string) => string
  readonly status: (sweep: string, run: string, spec: Spec) => Promise<RunStatus>
  /** Record that a run cannot run (its problems), so that it is not retried. */
  readonly recordFailure: (sweep: string, run: string, problems: ReadonlyArray<string>) => Promise<void>
}

/** The file that records why a run could not run at all. @category constants */
export const FAILURE_FILE = 'failed.json'

// ---- the directory store ----

const checkName = (what: string, name: string): void => {
  if (!SAFE_NAME.test(name)) throw new RangeError(`store: ${what} ${JSON.stringify(name)} is not a safe name`)
}

/**
 * A store in a directory: run `r` of sweep `s` in `<root>/s/runs/r/`.
 * `sweepDirOf` overrides where a sweep's folder is (a local sweep's `--out`).
 * @category constructors
 */
export const dirStore = (root: string, sweepDirOf?: (sweep: string) => string): ResultStore => {
  const sweepDir = (sweep: string): string => {
    checkName('sweep', sweep)
    return sweepDirOf?.(sweep) ?? join(root, sweep)
  }
  const dirOf = (sweep: string, run: string): string => {
    checkName('run', run)
    return join(sweepDir(sweep), 'runs', run)
  }
  return {
    where: root,
    sweepDir,
    runDir: async (sweep, run) => dirOf(sweep, run),
    commit: async () => undefined,
    status: (sweep, run, spec) => runStatus(dirOf(sweep, run), spec),
    recordFailure: async (sweep, run, problems) => {
      const dir = dirOf(sweep, run)
      await ensureDir(dir)
      await writeJsonAtomic(join(dir, FAILURE_FILE), { problems })
    },
  }
}

// ---- runs in a directory ----

const sameSpec = (a: unknown, b: Spec): boolean => {
  try {
    return canonicalJson(a) === canonicalJson(JSON.parse(JSON.stringify(b)))
  } catch {
    return false
  }
}

/** What `dir` holds of a run of `spec`. @category io */
export const runStatus = async (dir: string, spec: Spec): Promise<RunStatus> => {
  const m = await readJson(join(dir, 'metrics.json'))
  if (E.isRight(m) && typeof m.right === 'object' && m.right !== null) {
    const r = m.right as Partial<RunRecord>
    if (typeof r.status === 'string' && !r.status.startsWith('paused') && sameSpec(r.spec, spec) && Array.isArray(r.history) && Array.isArray(r.evals))
      return { kind: 'finished', record: r as RunRecord }
  }
  const f = await readJson(join(dir, FAILURE_FILE))
  if (E.isRight(f) && typeof f.right === 'object' && f.right !== null && Array.isArray((f.right as { problems?: unknown }).problems))
    return { kind: 'failed', problems: ((f.right as { problems: unknown[] }).problems).map(String) }
  const cks = await listCheckpoints(dir)
  if (cks.length > 0 && (await isRunOf(dir, spec))) return { kind: 'partial', step: cks[0]!.step }
  return { kind: 'missing' }
}

/** How a run ended, as a sweep sees it. @category model */
export interface TrainOutcome {
  readonly status: 'completed' | 'diverged' | 'failed'
  /** The run's status line, or its problems. */
  readonly detail: string
}

/**
 * Take the run of `spec` in `dir` to its end: nothing when finished, resume
 * from the newest checkpoint when partial, else start. `breakLock` takes over
 * a lock left by a writer this process cannot check (on another machine),
 * for when a queue's job lock says the run is ours.
 * @category io
 */
export const trainRun = async (dir: string, spec: Spec, hooks: SessionHooks = {}, opts: { readonly breakLock?: boolean } = {}): Promise<TrainOutcome> => {
  const st = await runStatus(dir, spec)
  if (st.kind === 'finished') return outcomeOf(st.record)
  if (st.kind === 'failed') return { status: 'failed', detail: st.problems.join('; ') }
  await ensureDir(dir)
  if (opts.breakLock === true) await breakForeignLock(dir)
  if (st.kind === 'partial') {
    const r = await resumeInDir(dir, hooks)
    if (E.isRight(r)) return outcomeOf(r.right.record)
    hooks.onWarning?.(`${dir}: could not resume (${r.left.join('; ')}); starting again`)
    if (r.left.some((m) => m.includes('is in use'))) throw new Error(r.left.join('; '))
  }
  const r = await runInDir(dir, spec, { ...hooks, force: true })
  if (E.isLeft(r)) throw new Error(r.left.join('; '))
  return outcomeOf(r.right.record)
}

const outcomeOf = (r: RunRecord): TrainOutcome =>
  ({ status: r.status === 'completed' ? 'completed' : r.status.startsWith('diverged') ? 'diverged' : 'failed', detail: r.status })

/** Remove a lock whose owner is on another machine or dead (the queue's lock says the run is ours now). */
const breakForeignLock = async (dir: string): Promise<void> => {
  try {
    const o = JSON.parse(await fsp.readFile(join(dir, LOCK_FILE), 'utf8')) as { pid?: number; host?: string }
    const { hostname } = await import('node:os')
    if (o.host !== hostname() || typeof o.pid !== 'number' || !isAlive(o.pid)) await fsp.rm(join(dir, LOCK_FILE), { force: true })
  } catch {
    // no lock, or unreadable: acquireLock deals with it
  }
}
