/**
 * Sweeps across machines (Node only), on a BullMQ queue in Redis: the
 * submitter enqueues one job per unfinished run and follows them; workers on
 * any machine pull jobs and train them on their thread pool, writing into a
 * results store (`sweep-store.ts`) that every worker and the submitter reach.
 *
 * - A job is `{ format, sweep, run, spec }`, decoded like a spec file (the
 *   same codecs and limits; JSON only, never evaluated). A job that does not
 *   decode fails once, without retries, and its problems are recorded in the
 *   store (`failed.json`) when its names are usable.
 * - A job's id is the sweep, the run and the spec's checksum, so enqueueing
 *   a run that is already queued or running adds nothing. Runs the store
 *   has finished (completed or diverged) or recorded as failed are not
 *   enqueued: re-submitting a finished sweep does nothing, a half-finished
 *   one enqueues only what is missing.
 * - Faults: training happens on worker threads, so a worker's main thread
 *   keeps renewing its job locks. A worker killed mid-run stops renewing;
 *   its lock expires after `lockMs`, the job goes back to the queue, and the
 *   next worker resumes it from the run's last checkpoint. A run that ends
 *   diverged fails once (it is deterministic: a retry would diverge again);
 *   other errors are retried up to `ATTEMPTS` times.
 * - The queue URL's password is never printed, nor written anywhere: the
 *   jobs, the store and the report do not hold the URL.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { literal, report, struct } from './decode.js'
import { specId } from './io-metrics.js'
import { decodeSpec, type Spec } from './spec.js'
import { createPool } from './sweep-pool.js'
import { collectResults, planSweep, writeSweepOutputs, type SweepEvent, type SweepOutcome } from './sweep-run.js'
import type { SweepResult } from './sweep-report.js'
import { dirStore, type ResultStore } from './sweep-store.js'
import { SAFE_NAME, type Sweep } from './sweep.js'

// ---- model ----

/** A parsed queue URL: how to connect, and the URL with its password hidden (the only form ever shown). @category model */
export interface QueueTarget {
  readonly connection: RedisConnection
  readonly safe: string
  /** Hide the password in any text (an error message from the client, say). */
  readonly redact: (text: string) => string
}

/** How to reach Redis (what BullMQ passes to its client). @category model */
export interface RedisConnection {
  readonly host: string
  readonly port: number
  readonly db: number
  readonly username?: string
  readonly password?: string
  readonly tls?: Record<string, never>
  readonly maxRetriesPerRequest: null
}

/** A job as it travels through Redis. @category model */
export interface JobPayload {
  readonly format: typeof JOB_FORMAT
  readonly sweep: string
  readonly run: string
  readonly spec: unknown
}

// ---- constants ----

/** The BullMQ queue that sweeps use. @category constants */
export const QUEUE_NAME = 'fluxion-sweep'
/** The format tag of a job's payload. @category constants */
export const JOB_FORMAT = 'fluxion-job/1'
/** Attempts of a job that fails for a reason that may pass (a crash, a lock held elsewhere). @category constants */
export const ATTEMPTS = 3
/** The largest job payload, in bytes of JSON. @category constants */
export const MAX_JOB_BYTES = 1 << 20
/** The environment variable that holds the Redis password when the URL has none. @category constants */
export const PASSWORD_ENV = 'FLUXION_REDIS_PASSWORD'
/** How long a worker's job lock lasts without renewal (ms), by default. @category constants */
export const LOCK_MS = 30_000

// ---- urls ----

/**
 * Parse `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS).
 * Problems never quote the password.
 * @category destructors
 */
export const parseQueueUrl = (url: string): E.Either<string[], QueueTarget> => {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return E.left(['--queue: expected a URL redis://[user:password@]host[:port][/db]; this value is not a URL (not shown: it may hold a password)'])
  }
  // the password may come from the environment instead, to keep it out of process listings
  const password = u.password !== '' ? decodeURIComponent(u.password) : process.env[PASSWORD_ENV] ?? ''
  const redact = (text: string): string => (password === '' ? text : [password, u.password].filter((p) => p !== '').reduce((t, p) => t.split(p).join('***'), text))
  const problems: string[] = []
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') problems.push(`--queue: expected the scheme redis:// or rediss://, got ${u.protocol}//`)
  if (u.hostname === '') problems.push('--queue: the URL names no host')
  const db = u.pathname === '' || u.pathname === '/' ? 0 : Number(u.pathname.slice(1))
  if (!Number.isInteger(db) || db < 0 || db > 15) problems.push(`--queue: the database (the path) must be an integer 0 to 15, got ${redact(u.pathname.slice(1))}`)
  const port = u.port === '' ? 6379 : Number(u.port)
  if (problems.length > 0) return E.left(problems)
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1')
  const user = decodeURIComponent(u.username)
  const connection: RedisConnection = {
    host, port, db, maxRetriesPerRequest: null,
    ...(user === '' ? {} : { username: user }),
    ...(password === '' ? {} : { password }),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  }
  const safe = `${u.protocol}//${user === '' && password === '' ? '' : `${user}${password === '' ? '' : ':***'}@`}${u.host}/${db}`
  return E.right({ connection, safe, redact })
}

// ---- jobs ----

const safeName: t.Type<string> = new t.Type<string>('name', (u): u is string => typeof u === 'string' && SAFE_NAME.test(u),
  (u, c) => (typeof u === 'string' && SAFE_NAME.test(u) ? t.success(u) : t.failure(u, c, `expected a safe name (letters, digits, ".", "_", "-"), got ${JSON.stringify(u)?.slice(0, 60) ?? 'nothing'}`)), t.identity)

const Payload = struct('job', { format: literal(JOB_FORMAT), sweep: safeName, run: safeName, spec: t.unknown })

/** The id of a run's job: sweep, run and the spec's checksum (no `:`, as BullMQ asks). @category utils */
export const jobId = (sweep: string, run: string, spec: Spec): string => `${sweep}.${run}.${specId(spec).slice(0, 16)}`

/**
 * Decode a job's payload: its fields, then its spec with `decodeSpec`; every
 * problem with its path (`spec.optimizer.adam.b1: ...`). The names come back
 * on their own when they decode, so a failure can be recorded for the run.
 * @category destructors
 */
export const decodeJob = (data: unknown): E.Either<{ problems: string[]; names: { sweep: string; run: string } | null }, { sweep: string; run: string; spec: Spec }> => {
  let size: number
  try {
    size = Buffer.byteLength(JSON.stringify(data) ?? '')
  } catch {
    return E.left({ problems: ['job: the payload is not JSON'], names: null })
  }
  if (size > MAX_JOB_BYTES) return E.left({ problems: [`job: the payload is ${size} bytes; at most ${MAX_JOB_BYTES} are allowed`], names: null })
  const p = Payload.decode(data)
  const o = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {}
  const names = safeName.is(o['sweep']) && safeName.is(o['run']) ? { sweep: o['sweep'], run: o['run'] } : null
  if (E.isLeft(p)) return E.left({ problems: report(p.left).map((l) => `job.${l}`), names })
  const spec = decodeSpec(p.right.spec)
  if (E.isLeft(spec)) return E.left({ problems: spec.left.map((l) => `spec.${l}`), names })
  if (spec.right.name !== p.right.run) return E.left({ problems: [`spec.name: expected the run's name ${JSON.stringify(p.right.run)}, got ${JSON.stringify(spec.right.name)}`], names })
  return E.right({ sweep: p.right.sweep, run: p.right.run, spec: spec.right })
}

// ---- submitting ----

/** Options of `submitSweep`. @category model */
export interface SubmitOptions {
  readonly queue: QueueTarget
  /** The results store's root as this machine sees it (the workers' `--store`). */
  readonly store: string
  /** Where the report goes (default: the sweep's folder in the store). */
  readonly out?: string
  readonly onEvent?: (e: SweepEvent) => void
  readonly log?: (line: string) => void
  /** How often to look at the jobs (ms, default 500). */
  readonly pollMs?: number
  /** Only enqueue; do not wait for the jobs. */
  readonly detach?: boolean
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const ready = async (what: { waitUntilReady: () => Promise<unknown> }, q: QueueTarget, ms = 15_000): Promise<void> => {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([what.waitUntilReady(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`could not reach Redis at ${q.safe} within ${ms / 1000} s`)), ms)))])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Enqueue every run of `sweep` that the store has not finished, follow the
 * jobs until each is done, and write the report. Returns the results and the
 * number of runs that were finished before.
 * @category io
 */
export const submitSweep = async (sweep: Sweep, opts: SubmitOptions): Promise<SweepOutcome & { readonly enqueued: number }> => {
  const store = dirStore(opts.store)
  const out = opts.out ?? store.sweepDir(sweep.name)
  const queue = new Queue<JobPayload>(QUEUE_NAME, { connection: opts.queue.connection })
  queue.on('error', (e) => opts.log?.(`queue: ${opts.queue.redact(e.message)}`))
  try {
    await ready(queue, opts.queue)
    const todo = await planSweep(sweep, store, out, opts.onEvent)
    let enqueued = 0
    for (const r of todo) {
      const id = jobId(sweep.name, r.name, r.spec)
      const old = await Job.fromId<JobPayload>(queue, id)
      if (old !== undefined) {
        const state = await old.getState()
        // done on the queue but not in the store (a store wiped, or failed after every attempt): run it again
        if (state === 'completed' || state === 'failed') await old.remove()
        else continue
      }
      await queue.add('run', { format: JOB_FORMAT, sweep: sweep.name, run: r.name, spec: JSON.parse(JSON.stringify(r.spec)) }, {
        jobId: id, attempts: ATTEMPTS, backoff: { type: 'fixed', delay: 1000 },
        removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 },
      })
      enqueued++
    }
    opts.log?.(`${sweep.name}: ${sweep.runs.length} runs, ${sweep.runs.length - todo.length} finished before, ${enqueued} enqueued on ${opts.queue.safe}`)
    if (opts.detach === true) return { dir: out, results: await collectResults(sweep, store), skipped: sweep.runs.length - todo.length, enqueued }
    // follow
    const failures = new Map<string, string>()
    const pending = new Set(todo.map((r) => r.name))
    const started = new Set<string>()
    while (pending.size > 0) {
      for (const r of todo) {
        if (!pending.has(r.name)) continue
        const job = await Job.fromId<JobPayload>(queue, jobId(sweep.name, r.name, r.spec))
        const state = job === undefined ? 'unknown' : await job.getState()
        if (state === 'completed' || state === 'failed' || state === 'unknown') {
          if (state === 'failed') failures.set(r.name, opts.queue.redact(job?.failedReason ?? 'failed'))
          if (state === 'unknown' && (await store.status(sweep.name, r.name, r.spec)).kind === 'missing') failures.set(r.name, 'the job is gone from the queue and the store has no result (re-submit to run it)')
          pending.delete(r.name)
          const [res] = await collectResults({ ...sweep, runs: [r] }, store)
          opts.onEvent?.({ kind: 'done', run: r.name, result: withFailure(res!, failures.get(r.name)) })
          continue
        }
        const p = job?.progress as { step?: unknown; from?: unknown; end?: unknown } | undefined
        if (p !== undefined && typeof p.step === 'number' && typeof p.end === 'number') {
          if (!started.has(r.name)) started.add(r.name), opts.onEvent?.({ kind: 'run', run: r.name, event: { kind: 'start', from: typeof p.from === 'number' ? p.from : 0, end: p.end } })
          opts.onEvent?.({ kind: 'run', run: r.name, event: { kind: 'step', step: p.step, loss: NaN } })
        }
      }
      if (pending.size > 0) await sleep(opts.pollMs ?? 500)
    }
    const results = (await collectResults(sweep, store)).map((r) => withFailure(r, failures.get(r.name)))
    await writeSweepOutputs(out, sweep, results)
    return { dir: out, results, skipped: sweep.runs.length - todo.length, enqueued }
  } finally {
    await queue.close()
  }
}

const withFailure = (r: SweepResult, reason: string | undefined): SweepResult =>
  reason === undefined || r.status === 'completed' || r.status === 'diverged' ? r : { ...r, status: 'failed', detail: r.status === 'failed' ? r.detail : reason }

// ---- workers ----

/** Options of `startWorker`. @category model */
export interface WorkerOptions {
  readonly queue: QueueTarget
  /** The results store's root as this machine sees it. */
  readonly store: string | ResultStore
  /** Runs at once (threads); default the machine's cores. */
  readonly concurrency?: number
  /** The job lock's duration (ms; default 30 s): how soon a dead worker's job goes to another. */
  readonly lockMs?: number
  readonly log?: (line: string) => void
  readonly warn?: (line: string) => void
}

/** A running worker. @category model */
export interface QueueWorker {
  readonly concurrency: number
  /** Finish the jobs in progress, then stop. */
  readonly close: () => Promise<void>
}

/**
 * Pull jobs from the queue and train them on a pool of threads, until closed.
 * @category io
 */
export const startWorker = async (opts: WorkerOptions): Promise<QueueWorker> => {
  const store = typeof opts.store === 'string' ? dirStore(opts.store) : opts.store
  const concurrency = opts.concurrency ?? availableParallelism()
  const lockMs = opts.lockMs ?? LOCK_MS
  const pool = createPool(concurrency)
  const log = opts.log ?? (() => undefined)
  const warn = opts.warn ?? log
  const worker = new Worker<JobPayload>(QUEUE_NAME, async (job) => {
    const d = decodeJob(job.data)
    if (E.isLeft(d)) {
      if (d.left.names !== null) await store.recordFailure(d.left.names.sweep, d.left.names.run, d.left.problems)
      warn(`worker: job ${job.id}: does not decode, failed without retry:\n  ${d.left.problems.join('\n  ')}`)
      throw new UnrecoverableError(d.left.problems.join('; '))
    }
    const { sweep, run, spec } = d.right
    const dir = await store.runDir(sweep, run)
    let every = 1
    let end = 0
    let lastSent = -1
    const outcome = await pool.run({ dir, spec: JSON.parse(JSON.stringify(spec)), breakLock: true }, (e) => {
      if (e.kind === 'start') {
        every = Math.max(1, Math.ceil((e.end - e.from) / 20))
        end = e.end
        log(`worker: ${run}: ${e.from > 0 ? `resumed from its checkpoint at step ${e.from}` : 'started'} (attempt ${job.attemptsMade + 1})`)
        void job.updateProgress({ from: e.from, step: e.from, end: e.end }).catch(() => undefined)
      } else if (e.kind === 'step' && (e.step - lastSent >= every)) {
        lastSent = e.step
        void job.updateProgress({ step: e.step, end }).catch(() => undefined)
      } else if (e.kind === 'warning') warn(`worker: ${run}: ${e.message}`)
    })
    await store.commit(sweep, run)
    log(`worker: ${run}: ${outcome.status}${outcome.status === 'completed' ? '' : ` (${outcome.detail})`}`)
    // deterministic: running it again would end the same way
    if (outcome.status !== 'completed') throw new UnrecoverableError(`${run}: ${outcome.detail}`)
    return { status: outcome.status }
  }, {
    connection: opts.queue.connection, concurrency, lockDuration: lockMs, stalledInterval: Math.max(500, Math.floor(lockMs / 2)), maxStalledCount: ATTEMPTS,
  })
  worker.on('error', (e) => warn(`worker: ${opts.queue.redact(e.message)}`))
  worker.on('failed', (job, e) => {
    if (job !== undefined && !(e instanceof UnrecoverableError)) warn(`worker: job ${job.id} failed (attempt ${job.attemptsMade} of ${ATTEMPTS}): ${opts.queue.redact(e.message)}`)
  })
  await ready(worker, opts.queue)
  return {
    concurrency,
    close: async () => {
      await worker.close()
      await pool.close()
    },
  }
}
