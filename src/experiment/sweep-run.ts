/**
 * Running a sweep on this machine (Node only): the runs go to a pool of
 * `worker_threads` (`sweep-pool.ts`), one run per thread at a time, into
 * `<dir>/runs/<run>/`; then the comparison report goes into `<dir>`.
 *
 * - Resumable: a finished run (completed or diverged) is skipped; a run
 *   with a checkpoint resumes from it; a run killed before its first
 *   checkpoint starts again.
 * - Same bits: every run is a deterministic function of its spec, so the
 *   run directories are byte for byte those of running the runs one by one
 *   (`threads: 0` does exactly that, in this thread).
 *
 * @example
 * const s = decodeSweep(json)
 * if (s._tag === 'Right') await runSweep(s.right, { dir: 'runs/lr', threads: 2 })
 *
 * @since 0.1.0
 */
import { join } from 'node:path'
import { ensureDir, writeFileAtomic, writeJsonAtomic } from './io.js'
import { createPool, defaultPoolSize, type Pool, type PoolEvent } from './sweep-pool.js'
import { summarizeSweep, summaryCsv, sweepCharts, sweepReport, type SweepResult } from './sweep-report.js'
import { dirStore, trainRun, type ResultStore } from './sweep-store.js'
import type { Sweep } from './sweep.js'

// ---- model ----

/** Progress of a sweep, for display. @category model */
export type SweepEvent =
  | { readonly kind: 'plan'; readonly total: number; readonly skipped: number; readonly steps: number }
  | { readonly kind: 'run'; readonly run: string; readonly event: PoolEvent }
  | { readonly kind: 'done'; readonly run: string; readonly result: SweepResult }

/** Options of `runSweep`. @category model */
export interface SweepOptions {
  /** The sweep's folder: runs in `<dir>/runs/`, the report in `<dir>`. */
  readonly dir: string
  /** Threads in the pool (default: the machine's cores, at most one per run); 0 runs them one by one in this thread. */
  readonly threads?: number
  /** A pool to use (and leave open) instead of a new one: threads already started stay warm across sweeps. */
  readonly pool?: Pool
  readonly onEvent?: (e: SweepEvent) => void
}

/** What a sweep did. @category model */
export interface SweepOutcome {
  readonly dir: string
  readonly results: ReadonlyArray<SweepResult>
  /** Runs skipped because they had finished before. */
  readonly skipped: number
}

// ---- running ----

/** The store of a sweep run in `dir` (its runs in `dir/runs/`). @category constructors */
export const localStore = (dir: string): ResultStore => dirStore(dir, () => dir)

/** The results of every run of `sweep` in `store`, in run order. @category io */
export const collectResults = async (sweep: Sweep, store: ResultStore): Promise<SweepResult[]> => {
  const out: SweepResult[] = []
  for (const r of sweep.runs) {
    const st = await store.status(sweep.name, r.name, r.spec)
    out.push(
      st.kind === 'finished'
        ? { name: r.name, status: st.record.status === 'completed' ? 'completed' : st.record.status.startsWith('diverged') ? 'diverged' : 'failed', detail: st.record.status, record: st.record }
        : st.kind === 'failed'
          ? { name: r.name, status: 'failed', detail: st.problems.join('; '), record: null }
          : { name: r.name, status: 'missing', detail: st.kind === 'partial' ? `paused at step ${st.step}` : 'not run', record: null },
    )
  }
  return out
}

/**
 * Run every unfinished run of `sweep` and write the report.
 * @category io
 */
/**
 * Write the sweep's file into `out` and find the runs the store has not
 * finished (nor recorded as failed), announcing the plan: what a local sweep
 * and a queued one both do first.
 */
export const planSweep = async (sweep: Sweep, store: ResultStore, out: string, onEvent?: (e: SweepEvent) => void): Promise<Sweep['runs'][number][]> => {
  await ensureDir(out)
  await writeJsonAtomic(join(out, 'sweep.json'), sweep.source)
  const todo = []
  for (const r of sweep.runs) {
    const st = await store.status(sweep.name, r.name, r.spec)
    if (st.kind !== 'finished' && st.kind !== 'failed') todo.push(r)
  }
  const { prepare } = await import('./build.js')
  onEvent?.({ kind: 'plan', total: sweep.runs.length, skipped: sweep.runs.length - todo.length, steps: todo.reduce((n, r) => n + prepare(r.spec).totalSteps, 0) })
  return todo
}

export const runSweep = async (sweep: Sweep, opts: SweepOptions): Promise<SweepOutcome> => {
  const store = localStore(opts.dir)
  const todo = await planSweep(sweep, store, opts.dir, opts.onEvent)
  const threads = Math.min(opts.pool?.size ?? opts.threads ?? defaultPoolSize(), todo.length)
  const done = async (name: string): Promise<void> => {
    const [res] = await collectResults({ ...sweep, runs: sweep.runs.filter((r) => r.name === name) }, store)
    opts.onEvent?.({ kind: 'done', run: name, result: res! })
  }
  const errors = new Map<string, string>()
  if (threads <= 0) {
    for (const r of todo) {
      await trainRun(await store.runDir(sweep.name, r.name), r.spec, {
        onStart: (from, end) => opts.onEvent?.({ kind: 'run', run: r.name, event: { kind: 'start', from, end } }),
        onStep: (s) => opts.onEvent?.({ kind: 'run', run: r.name, event: { kind: 'step', step: s.step + 1, loss: s.loss } }),
        onWarning: (message) => opts.onEvent?.({ kind: 'run', run: r.name, event: { kind: 'warning', message } }),
      })
      await done(r.name)
    }
  } else {
    const pool = opts.pool ?? createPool(threads)
    try {
      await Promise.all(todo.map(async (r) => {
        const dir = await store.runDir(sweep.name, r.name)
        try {
          await pool.run({ dir, spec: JSON.parse(JSON.stringify(r.spec)) }, (event) => opts.onEvent?.({ kind: 'run', run: r.name, event }))
        } catch (e) {
          // a crashed thread: the run stays unfinished (it resumes next time), the others go on
          errors.set(r.name, e instanceof Error ? e.message : String(e))
        }
        await done(r.name)
      }))
    } finally {
      if (opts.pool === undefined) await pool.close()
    }
  }
  const results = (await collectResults(sweep, store)).map((r) => (errors.has(r.name) && r.status === 'missing' ? { ...r, detail: `${r.detail}: ${errors.get(r.name)!}` } : r))
  await writeSweepOutputs(opts.dir, sweep, results)
  return { dir: opts.dir, results, skipped: sweep.runs.length - todo.length }
}

/** Write `report.md`, `summary.csv` and the charts of a sweep into `dir`. @category io */
export const writeSweepOutputs = async (dir: string, sweep: Sweep, results: ReadonlyArray<SweepResult>): Promise<void> => {
  await ensureDir(dir)
  const rows = summarizeSweep(sweep, results)
  const charts = sweepCharts(sweep, rows)
  if (charts.length > 0) {
    // plotting loads vega and resvg: only when there is something to plot
    const { writeChartPng } = await import('./io-png.js')
    for (const c of charts) await writeChartPng(join(dir, c.file), c.spec)
  }
  await writeFileAtomic(join(dir, 'summary.csv'), summaryCsv(sweep, rows))
  await writeFileAtomic(join(dir, 'report.md'), sweepReport(sweep, rows, charts))
}
