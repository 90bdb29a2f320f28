/**
 * Runs in a directory (Node only): start, resume and verify a seeded run,
 * the logic behind `fluxion run`, `resume` and `verify`.
 *
 * - One writer at a time: `run` and `resume` hold the directory's lock
 *   (`io-lock.ts`), and clean up what a killed writer left behind.
 * - `run` refuses a non-empty directory that is not a run of the same spec,
 *   unless `force` is given, and a path that is a file.
 * - The history goes to `metrics.jsonl` before every checkpoint; checkpoints
 *   are atomic directories (`io-checkpoint.ts`). A checkpoint is written only
 *   for a state whose loss came out finite (or, at the end, whose parameters
 *   are finite), so a diverging run keeps its last good checkpoint.
 * - Evaluations happen every `evalEvery` steps and after the last step,
 *   whatever `checkpointEvery` is and wherever a run was resumed.
 * - `verifyRun` re-runs from the seed exactly to the checkpoint's step and
 *   compares states bit for bit and histories step by step; it says when the
 *   run was made on another backend.
 *
 * @example
 * const r = await runInDir('runs/x', spec, { force: false })
 * const v = await verifyRun('runs/x')   // Right({ steps, mismatches, backend, recordedBackend, ... })
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as fsp from 'node:fs/promises'
import { join } from 'node:path'
import { prepare, type Prepared } from './build.js'
import { canonicalJson, currentBackend, type BackendName } from './checkpoint.js'
import { CHECKPOINT_SIDECAR, listCheckpoints, loadCheckpoint, removeLeftovers, saveCheckpoint } from './io-checkpoint.js'
import { LOCK_FILE, acquireLock } from './io-lock.js'
import { METRICS_LOG, appendLog, readLog, specId, startLog, toRows, type LogRow } from './io-metrics.js'
import type { RunRecord } from './report.js'
import { readJson } from './io.js'
import { advance, diffRecords, diffStates, evaluate, evaluatesAt, run, start, type EvalRecord, type RunState, type StepRecord } from './run.js'
import type { Spec } from './spec.js'
import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'

// ---- model ----

/** Callbacks for progress display. @category model */
export interface SessionHooks {
  /** Before the first step: the step training starts from and the step it stops at. */
  readonly onStart?: (from: number, end: number) => void
  readonly onStep?: (record: StepRecord) => void
  /** Something the user should know that does not stop the run (a fallback, a rebuilt history). */
  readonly onWarning?: (message: string) => void
}

/** Options of `runInDir`. @category model */
export interface RunOptions extends SessionHooks {
  /** Write into a non-empty directory that is not a run of this spec. */
  readonly force?: boolean
}

/** Options of `resumeInDir`. @category model */
export interface ResumeOptions extends SessionHooks {
  /** Stop after this many more steps (default: run to the end). */
  readonly steps?: number
}

/** What a run or resume did. @category model */
export interface SessionOutcome {
  readonly dir: string
  readonly record: RunRecord
  /** Set when the loss became NaN or infinite: the step, and that loss. */
  readonly diverged: { readonly step: number; readonly loss: number } | null
  /** The step of the newest checkpoint on disk (`null`: none was written). */
  readonly checkpoint: number | null
}

/** What `verifyRun` found. @category model */
export interface VerifyReport {
  readonly dir: string
  readonly spec: Spec
  /** The checkpoint's step. */
  readonly claimed: number
  /** Steps actually re-run from the seed. */
  readonly steps: number
  /** Every difference found (empty: bit-identical). */
  readonly mismatches: ReadonlyArray<string>
  /** What was not checked, and why. */
  readonly notes: ReadonlyArray<string>
  /** The backend the checkpoint was written on, and the one this process runs on. */
  readonly recordedBackend: BackendName
  readonly backend: BackendName
}

// ---- run, resume ----

/**
 * Whether `dir` holds a run of `spec`: its metrics log or one of its
 * checkpoints names this spec.
 * @category io
 */
export const isRunOf = async (dir: string, spec: Spec): Promise<boolean> => {
  const log = await readLog(dir)
  if (E.isRight(log) && log.right.spec === specId(spec)) return true
  const mine = canonicalJson(JSON.parse(JSON.stringify(spec)))
  for (const c of await listCheckpoints(dir)) {
    const side = await readJson(join(c.path, CHECKPOINT_SIDECAR))
    if (E.isRight(side) && typeof side.right === 'object' && side.right !== null && sameJson((side.right as { spec?: unknown }).spec, mine)) return true
  }
  return false
}

/** Whether `u` has the canonical JSON `text` (a value too deep to print is not). */
const sameJson = (u: unknown, text: string): boolean => {
  try {
    return canonicalJson(u) === text
  } catch {
    return false
  }
}

/** A `Left` when `dir` exists and is not a directory. */
const notADirectory = async (dir: string, what: string): Promise<string[]> => {
  const st = await fsp.stat(dir).catch(() => null)
  return st !== null && !st.isDirectory() ? [`${what} ${dir}: is a file, not a directory`] : []
}

/**
 * Train `spec` from its start in `dir`, checkpointing every
 * `checkpointEvery` steps and at the end, and write the metrics, plots and
 * report. A `Left` (nothing trained) when `dir` is a file, is not empty and
 * holds no run of this spec (without `force`), or is locked by a live writer.
 * @category io
 */
export const runInDir = async (dir: string, spec: Spec, opts: RunOptions = {}): Promise<E.Either<string[], SessionOutcome>> => {
  const file = await notADirectory(dir, '--out')
  if (file.length > 0) return E.left(file)
  // the lock and temporary files are a writer's, not content
  const present = (await fsp.readdir(dir).catch(() => [] as string[])).filter((n) => !n.startsWith(LOCK_FILE) && !/^\..*\.tmp$/.test(n))
  if (present.length > 0 && opts.force !== true && !(await isRunOf(dir, spec)))
    return E.left([`${dir} is not empty and holds no run of "${spec.name}" (it has ${present.slice(0, 5).join(', ')}${present.length > 5 ? ', ...' : ''}); ` +
      'give --force to write there anyway, or choose another --out'])
  await fsp.mkdir(dir, { recursive: true })
  return withLock(dir, 'run', async () => {
    await removeLeftovers(dir)
    // a fresh start: the checkpoints of an earlier run go (only fluxion's own step-N directories)
    for (const c of await listCheckpoints(dir)) await fsp.rm(c.path, { recursive: true, force: true })
    await startLog(dir, spec)
    const p = prepare(spec)
    return E.right(await train(dir, p, { state: undefined, history: [], evals: [], checkpoint: null }, undefined, opts))
  })
}

/**
 * Go on from the newest valid checkpoint in `dir` (to the end, or for
 * `steps` more steps). The metrics log is cut back to the checkpoint's step;
 * if it is missing or belongs to another spec, the history up to the
 * checkpoint is rebuilt by replaying from the seed (a warning says so).
 * @category io
 */
export const resumeInDir = async (dir: string, opts: ResumeOptions = {}): Promise<E.Either<string[], SessionOutcome>> => {
  const st = await fsp.stat(dir).catch(() => null)
  if (st === null || !st.isDirectory()) return E.left([`${dir}: not a run directory`])
  return withLock(dir, 'resume', async () => {
    await removeLeftovers(dir)
    const ck = await loadCheckpoint(dir)
    if (E.isLeft(ck)) return ck
    for (const s of ck.right.skipped) opts.onWarning?.(`passed over ${s.path}: ${s.problems.join('; ')}`)
    const { spec, state, prepared } = ck.right
    const k = state.step
    const log = await readLog(dir)
    let history: StepRecord[] = []
    let evals: EvalRecord[] = []
    const complete = (h: ReadonlyArray<StepRecord>) => h.length === k && h.every((r, i) => r.step === i)
    if (E.isRight(log) && log.right.spec === specId(spec) && complete(log.right.history.filter((h) => h.step < k))) {
      history = log.right.history.filter((h) => h.step < k)
      evals = log.right.evals.filter((e) => e.step <= k)
    } else {
      opts.onWarning?.(`${join(dir, METRICS_LOG)} ${E.isLeft(log) ? 'is missing or unreadable' : log.right.spec !== specId(spec) ? 'belongs to another spec' : 'is incomplete'}; ` +
        `rebuilding the history of steps 0 to ${k - 1} by replaying from the seed`)
      const replay = run(spec, { until: k }, undefined, prepared)
      history = [...replay.history]
      evals = [...replay.evals]
    }
    await startLog(dir, spec, toRows(history, evals))
    const until = opts.steps === undefined ? undefined : k + opts.steps
    return E.right(await train(dir, prepared, { state, history, evals, checkpoint: k }, until, opts))
  })
}

const withLock = async <A>(dir: string, command: string, f: () => Promise<E.Either<string[], A>>): Promise<E.Either<string[], A>> => {
  const lock = await acquireLock(dir, command)
  if (E.isLeft(lock)) return lock
  try {
    return await f()
  } finally {
    await lock.right.release()
  }
}

const finiteParams = (s: RunState): boolean =>
  tree.leaves(s.opt.params as unknown as tree.PyTree<Tensor>).every((l) => !(l instanceof Tensor) || l.data().every((x) => Number.isFinite(x)))

/** The fold with checkpoints and the log; `from.checkpoint` is the step already on disk. */
const train = async (
  dir: string, p: Prepared,
  from: { state: RunState | undefined; history: StepRecord[]; evals: EvalRecord[]; checkpoint: number | null },
  until: number | undefined, hooks: SessionHooks,
): Promise<SessionOutcome> => {
  const spec = p.spec
  const end = Math.min(until ?? p.totalSteps, p.totalSteps)
  const every = spec.checkpointEvery ?? 0
  const history = [...from.history]
  const evals = [...from.evals]
  let pending: LogRow[] = []
  let last = from.checkpoint
  let state = from.state ?? start(p)
  let previous: RunState | null = null
  let diverged: SessionOutcome['diverged'] = null
  // the log first, then the checkpoint: a log running past its checkpoint is cut back on resume
  const checkpoint = async (s: RunState): Promise<void> => {
    const due = pending.filter((r) => (r.type === 'step' ? r.step < s.step : r.step <= s.step))
    pending = pending.filter((r) => !due.includes(r))
    await appendLog(dir, due)
    await saveCheckpoint(dir, spec, s, p)
    last = s.step
  }
  hooks.onStart?.(state.step, end)
  // a state is checkpointed only once its own loss has come out finite; so when pausing before
  // the spec's end, the loss of the state paused at is computed too (and then thrown away)
  while (state.step < p.totalSteps) {
    const [next, rec] = advance(p, state)
    if (!Number.isFinite(rec.loss)) {
      diverged = { step: rec.step, loss: rec.loss }
      break
    }
    if (every > 0 && state.step % every === 0 && state.step !== last && state.step > 0) await checkpoint(state)
    if (state.step >= end) break
    history.push(rec)
    pending.push({ type: 'step', ...rec })
    hooks.onStep?.(rec)
    previous = state
    state = next
    if (evaluatesAt(p, state.step)) {
      const e = evaluate(p, state)
      evals.push(e)
      pending.push({ type: 'eval', ...e })
    }
  }
  if (diverged === null) {
    // at the spec's end there is no next loss: finite parameters will do
    if (state.step !== last && (state.step < p.totalSteps || finiteParams(state))) await checkpoint(state)
  } else if (previous !== null && previous.step !== last && (last === null || previous.step > last)) {
    // the state before the diverging one: its loss was finite
    await checkpoint(previous)
  }
  const record: RunRecord = {
    spec, history, evals,
    status: diverged !== null ? `diverged at step ${diverged.step} (loss ${diverged.loss})` : state.step >= p.totalSteps ? 'completed' : `paused at step ${state.step}`,
  }
  // plotting loads vega and resvg: only when there is something to plot
  const { writeRunOutputs } = await import('./io-run.js')
  await writeRunOutputs(dir, [record], `Run ${spec.name}`)
  return { dir, record, diverged, checkpoint: last }
}

// ---- verify ----

/**
 * Re-run the run in `dir` from its seed to its newest checkpoint's step and
 * compare: parameters and optimizer state bit for bit, and the logged
 * history and evaluations step by step. A newer checkpoint that does not
 * validate is a mismatch too. A `Left` when there is no valid checkpoint.
 * @category io
 */
export const verifyRun = async (dir: string): Promise<E.Either<string[], VerifyReport>> => {
  const ck = await loadCheckpoint(dir)
  if (E.isLeft(ck)) return ck
  const { spec, state, prepared } = ck.right
  const mismatches: string[] = ck.right.skipped.map((s) => `${s.path} is not a valid checkpoint: ${s.problems.join('; ')}`)
  const notes: string[] = []
  const again = run(spec, { until: state.step }, undefined, prepared)
  if (again.diverged !== null) mismatches.push(`the re-run diverged at step ${again.diverged.step}, the checkpoint is at step ${state.step}`)
  mismatches.push(...diffStates(state, again.state))
  const log = await readLog(dir)
  if (E.isLeft(log)) notes.push(`${log.left.join('; ')}: only the checkpoint was compared`)
  else if (log.right.spec !== specId(spec)) mismatches.push(`${join(dir, METRICS_LOG)} belongs to another spec`)
  else {
    mismatches.push(...diffRecords('history', again.history, log.right.history))
    mismatches.push(...diffRecords('evaluations', again.evals, log.right.evals))
  }
  return E.right({
    dir, spec, claimed: state.step, steps: again.state.step, mismatches, notes,
    recordedBackend: ck.right.backend, backend: currentBackend(),
  })
}
