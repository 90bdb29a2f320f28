/**
 * A pool of `worker_threads` for sweeps (Node only): each thread trains one
 * run at a time (`sweep-thread.ts`), so runs go in parallel up to the pool's
 * size. A run's result depends only on its spec, never on which thread ran
 * it or what ran beside it.
 *
 * From the compiled package the thread is `sweep-thread.js`; from the
 * TypeScript sources (tsx, vitest) the thread first registers tsx's loader.
 *
 * @example
 * const pool = createPool(2)
 * const outcome = await pool.run({ dir: 'runs/s/runs/a', spec }, (e) => console.log(e))
 * await pool.close()
 *
 * @since 0.1.0
 */
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { TrainOutcome } from './sweep-store.js'

// ---- model ----

/** One run for a thread: its directory and its spec as JSON (decoded again in the thread). @category model */
export interface PoolTask {
  readonly dir: string
  readonly spec: unknown
  /** Take over a lock left by another machine (the queue says the run is ours). */
  readonly breakLock?: boolean
}

/** What a thread reports while training. @category model */
export type PoolEvent =
  | { readonly kind: 'start'; readonly from: number; readonly end: number }
  | { readonly kind: 'step'; readonly step: number; readonly loss: number }
  | { readonly kind: 'warning'; readonly message: string }

/** @internal */
export type PoolRequest = PoolTask & { readonly id: number }
/** @internal */
export type PoolReply = { readonly id: number } & (PoolEvent | { readonly kind: 'done'; readonly outcome: TrainOutcome } | { readonly kind: 'error'; readonly message: string })

/** A pool of threads. @category model */
export interface Pool {
  readonly size: number
  /** Train one run on a free thread (waiting for one); rejects when the thread fails. */
  readonly run: (task: PoolTask, onEvent?: (e: PoolEvent) => void) => Promise<TrainOutcome>
  /** Stop the threads (after the runs in progress, if `wait`). */
  readonly close: () => Promise<void>
}

// ---- constructors ----

const spawn = (): Worker => {
  const self = import.meta.url
  if (self.endsWith('.js')) return new Worker(new URL('./sweep-thread.js', self))
  const api = pathToFileURL(createRequire(self).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href
  const thread = new URL('./sweep-thread.ts', self).href
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(thread)}) })`, { eval: true, execArgv: [] })
}

/** The default pool size: the machine's cores. @category utils */
export const defaultPoolSize = (): number => availableParallelism()

/**
 * A pool of `size` threads, started on first use.
 * @category constructors
 */
export const createPool = (size: number = defaultPoolSize()): Pool => {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`createPool: size must be a positive integer, got ${size}`)
  const idle: Worker[] = []
  const all: Worker[] = []
  const waiting: Array<(w: Worker) => void> = []
  let next = 0
  let closed = false
  const acquire = (): Promise<Worker> => {
    const w = idle.pop()
    if (w !== undefined) return Promise.resolve(w)
    if (all.length < size) {
      const fresh = spawn()
      all.push(fresh)
      return Promise.resolve(fresh)
    }
    return new Promise((resolve) => waiting.push(resolve))
  }
  const release = (w: Worker): void => {
    const take = waiting.shift()
    if (take !== undefined) take(w)
    else idle.push(w)
  }
  const drop = (w: Worker): void => {
    all.splice(all.indexOf(w), 1)
    void w.terminate()
    // a waiting run gets a fresh thread
    const take = waiting.shift()
    if (take !== undefined && !closed) {
      const fresh = spawn()
      all.push(fresh)
      take(fresh)
    }
  }
  return {
    size,
    run: async (task, onEvent) => {
      if (closed) throw new Error('pool: closed')
      const w = await acquire()
      const id = next++
      return new Promise<TrainOutcome>((resolve, reject) => {
        const onMessage = (m: PoolReply): void => {
          if (m.id !== id) return
          if (m.kind === 'done') finish(), release(w), resolve(m.outcome)
          else if (m.kind === 'error') finish(), release(w), reject(new Error(m.message))
          else onEvent?.(m)
        }
        const onError = (e: Error): void => (finish(), drop(w), reject(e))
        const onExit = (code: number): void => (finish(), drop(w), reject(new Error(`pool: a thread exited (code ${code}) during ${task.dir}`)))
        const finish = (): void => {
          w.off('message', onMessage)
          w.off('error', onError)
          w.off('exit', onExit)
        }
        w.on('message', onMessage)
        w.on('error', onError)
        w.on('exit', onExit)
        w.postMessage({ ...task, id } satisfies PoolRequest)
      })
    },
    close: async () => {
      closed = true
      await Promise.all(all.splice(0).map((w) => w.terminate()))
    },
  }
}
