/**
 * `fluxion sweep` and `fluxion worker`: a sweep runs on this machine's
 * worker-thread pool, or (`--queue redis://...`) as jobs on a BullMQ queue
 * that `fluxion worker` processes pull from, on any number of machines.
 * A bad sweep file: every problem with its path, exit 2, nothing written.
 * A queue URL's password is never printed.
 */
import { optionalPeer } from '../experiment/peers.js'
import * as E from 'fp-ts/lib/Either.js'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { readJson } from '../experiment/io.js'
import type { SweepEvent } from '../experiment/sweep-run.js'
import { decodeSweep, type Sweep } from '../experiment/sweep.js'
import type { SweepResult } from '../experiment/sweep-report.js'
import { bad, type Io } from './commands.js'
import { sweepProgress } from './sweep-progress.js'

/** Options of `fluxion sweep`. */
export interface SweepCommandOptions {
  readonly out?: string
  readonly queue?: string
  readonly store?: string
  readonly threads?: number
}

const readSweep = async (path: string): Promise<E.Either<string[], Sweep>> => {
  const raw = await readJson(path)
  if (E.isLeft(raw)) return raw
  return E.mapLeft((errs: string[]) => errs.map((e) => `${path}: ${e}`))(decodeSweep(raw.right))
}

const summary = (results: ReadonlyArray<SweepResult>, dir: string, io: Io): number => {
  const failed = results.filter((r) => r.status !== 'completed')
  for (const r of failed) io.error(`${r.name}: ${r.status}: ${r.detail}`)
  io.log(`${results.length - failed.length} of ${results.length} runs completed; wrote ${join(dir, 'report.md')}`)
  return failed.length > 0 ? 1 : 0
}

const follow = (name: string): { onEvent: (e: SweepEvent) => void; stop: () => void } => {
  const p = sweepProgress(name)
  return {
    onEvent: (e) => {
      if (e.kind === 'plan') p.plan(e.total, e.skipped, e.steps)
      else if (e.kind === 'run' && e.event.kind === 'start') p.step(e.run, e.event.from, e.event.from)
      else if (e.kind === 'run' && e.event.kind === 'step') p.step(e.run, e.event.step)
      else if (e.kind === 'done') p.finished(e.run, e.result.status)
    },
    stop: () => p.stop(),
  }
}

/** `fluxion sweep <sweep.json> [--out dir] [--threads n] [--queue redis://... [--store dir]]` */
export const sweepCommand = async (path: string, opts: SweepCommandOptions, io: Io): Promise<number> => {
  const sweep = await readSweep(path)
  const problems = E.isLeft(sweep) ? [...sweep.left] : []
  let queue = null
  if (opts.queue !== undefined) {
    const { parseQueueUrl } = await optionalPeer('bullmq', () => import('../experiment/sweep-queue.js'))
    const q = parseQueueUrl(opts.queue)
    if (E.isLeft(q)) problems.push(...q.left)
    else queue = q.right
  }
  const name = E.isRight(sweep) ? sweep.right.name : ''
  const out = opts.out ?? join(opts.store ?? 'runs', name)
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory() === false) problems.push(`--out ${out}: is a file, not a directory`)
  if (problems.length > 0 || E.isLeft(sweep)) return bad(problems, io)
  const f = follow(sweep.right.name)
  try {
    if (queue === null) {
      const { runSweep } = await import('../experiment/sweep-run.js')
      const o = await runSweep(sweep.right, { dir: out, threads: opts.threads, onEvent: f.onEvent })
      return summary(o.results, o.dir, io)
    }
    const { submitSweep } = await optionalPeer('bullmq', () => import('../experiment/sweep-queue.js'))
    const o = await submitSweep(sweep.right, { queue, store: opts.store ?? 'runs', out, onEvent: f.onEvent, log: io.log })
    return summary(o.results, o.dir, io)
  } finally {
    f.stop()
  }
}

/** `fluxion worker --queue redis://... [--store dir] [--concurrency n]`: runs jobs until SIGINT or SIGTERM. */
export const workerCommand = async (opts: { queue: string; store?: string; concurrency?: number; lockMs?: number }, io: Io): Promise<number> => {
  const { parseQueueUrl, startWorker } = await optionalPeer('bullmq', () => import('../experiment/sweep-queue.js'))
  const q = parseQueueUrl(opts.queue)
  if (E.isLeft(q)) return bad(q.left, io)
  const w = await startWorker({ queue: q.right, store: opts.store ?? 'runs', concurrency: opts.concurrency, lockMs: opts.lockMs, log: io.log, warn: io.error })
  io.log(`worker: pulling from ${q.right.safe} with ${w.concurrency} thread(s), store ${opts.store ?? 'runs'}`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  io.log('worker: stopping after the jobs in progress')
  await w.close()
  return 0
}
