/**
 * Timing: warm-up, an adaptive number of timed repetitions, and order statistics.
 *
 * A measured function may be synchronous (fluxion, tfjs with `dataSync()`) or
 * return a promise (jax-js `await x.data()`); promises are awaited inside the
 * timed region, plain values are not (so sync peers pay no microtask cost).
 *
 * `runCase` measures one piece of work for every peer in turn: it prepares the
 * peer's inputs (untimed), checks that the peer computes the same numbers as
 * fluxion (untimed), times it, frees its inputs, and records a row. A peer that
 * is unavailable or throws becomes an "n/a" or "error" row with the reason; it
 * never stops the run.
 */
import * as v8 from 'node:v8'
import * as vm from 'node:vm'
import { PEERS, type PeerName, type Peers } from './peers.js'

// ---- statistics ----

/** Per-call times in milliseconds. */
export interface Stats {
  readonly median: number
  readonly q1: number
  readonly q3: number
  readonly min: number
  readonly max: number
  readonly mean: number
  /** timed samples */
  readonly reps: number
  /** calls per sample (fast calls are batched so the timer resolves them) */
  readonly inner: number
  /** warm-up calls before timing */
  readonly warmup: number
  /** the very first call (includes one-time work: JIT compilation, kernel compilation, caches) */
  readonly firstMs: number
  /**
   * CPU time this process got during the timed samples / their wall time. About 1 for
   * these single-threaded peers on an idle machine; well below 1 means other processes
   * took the CPU and the figures are inflated.
   */
  readonly cpuShare: number
  /** every sample, ms per call, in the order measured */
  readonly samples: ReadonlyArray<number>
}

/** Linear-interpolated quantile of sorted data (numpy's default method). */
export const quantile = (sorted: ReadonlyArray<number>, q: number): number => {
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

export const summarize = (samples: ReadonlyArray<number>, inner: number, warmup: number, firstMs: number, cpuShare: number): Stats => {
  const s = [...samples].sort((a, b) => a - b)
  return {
    median: quantile(s, 0.5),
    q1: quantile(s, 0.25),
    q3: quantile(s, 0.75),
    min: s[0]!,
    max: s[s.length - 1]!,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    reps: s.length,
    inner,
    warmup,
    firstMs,
    cpuShare,
    samples: [...samples],
  }
}

// ---- measuring ----

export interface MeasureOptions {
  /** Keep warming up until this much time has passed (ms). */
  readonly warmupMs?: number
  /** At least this many warm-up calls (unless a call is slower than slowMs). */
  readonly minWarmup?: number
  /** At most this many warm-up calls. */
  readonly maxWarmup?: number
  /** Aim for the timed samples to take about this long in total (ms). */
  readonly budgetMs?: number
  /** At least this many timed samples... */
  readonly minReps?: number
  /** ...and at most this many. */
  readonly maxReps?: number
  /** A call slower than this (ms) is "slow": one warm-up call and only minRepsSlow samples. */
  readonly slowMs?: number
  readonly minRepsSlow?: number
  /** Calls faster than this (ms) are batched, several per sample. */
  readonly minSampleMs?: number
}

const DEFAULTS: Required<MeasureOptions> = {
  warmupMs: 250,
  minWarmup: 3,
  maxWarmup: 50,
  budgetMs: 1500,
  minReps: 7,
  maxReps: 40,
  slowMs: 1000,
  minRepsSlow: 3,
  minSampleMs: 2,
}

let budgetScale = 1
/** Scale every time budget (index.ts sets 0.25 for --quick). Repetition minimums still hold. */
export const setBudgetScale = (s: number): void => {
  budgetScale = s
}

type Fn = () => unknown

const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function'

/** One call, awaiting it only if it returned a promise. */
const call = (fn: Fn): void | Promise<unknown> => {
  const r = fn()
  if (isThenable(r)) return Promise.resolve(r)
}

/** Time `n` back-to-back calls; ms for all of them. */
const timeCalls = async (fn: Fn, n: number): Promise<number> => {
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const p = call(fn)
    if (p) await p
  }
  return performance.now() - t0
}

/** The garbage collector, if we can reach it (used between measurements, never inside one). */
const gc: (() => void) | undefined = (() => {
  const g = (globalThis as { gc?: () => void }).gc
  if (g) return g
  try {
    v8.setFlagsFromString('--expose-gc')
    return vm.runInNewContext('gc') as () => void
  } catch {
    return undefined
  }
})()
export const collectGarbage = (): void => gc?.()

/**
 * Warm `fn` up, then time it adaptively. Returns per-call statistics in ms.
 *
 * `previousCallMs`: the time of a call the caller already made on the same inputs
 * (runCase's untimed agreement-check call). When that call was slow, it counts as
 * the warm-up: the next call is timed straight away, and if it is slow too, it is
 * the first sample (so a 5-second peer costs 1 + minRepsSlow calls, not more).
 * If it turns out fast, the slowness was one-time work (jit compilation) and the
 * ordinary warm-up follows.
 */
export async function measure(fn: Fn, options: MeasureOptions = {}, previousCallMs?: number): Promise<Stats> {
  const o = { ...DEFAULTS, ...options }
  const budget = o.budgetMs * budgetScale
  const warmupMs = o.warmupMs * budgetScale
  const slowReps = (once: number) => Math.max(o.minRepsSlow, Math.min(o.maxReps, Math.round(budget / once)))

  // untimed calls so far (the caller's, then ours)
  let warm = previousCallMs === undefined ? 0 : 1
  if (previousCallMs !== undefined && previousCallMs > o.slowMs) {
    const since = cpuClock()
    const t = await timeCalls(fn, 1)
    if (t > o.slowMs) {
      const samples = [t]
      for (let r = slowReps(t); samples.length < r; ) samples.push(await timeCalls(fn, 1))
      return summarize(samples, 1, warm, previousCallMs, since())
    }
    warm++
  }

  // Warm-up: lets V8 optimise, lets jax-js compile its kernels, fills caches.
  let once = 0
  let firstMs = previousCallMs ?? NaN
  const wStart = performance.now()
  let w = 0
  do {
    once = await timeCalls(fn, 1)
    if (Number.isNaN(firstMs)) firstMs = once
    w++
    warm++
    if (once > o.slowMs) break
  } while ((w < o.minWarmup || performance.now() - wStart < warmupMs) && w < o.maxWarmup)
  once = Math.max(once, 1e-4)
  const slow = once > o.slowMs
  const inner = Math.max(1, Math.ceil(o.minSampleMs / once))
  const reps = slow ? slowReps(once) : Math.max(o.minReps, Math.min(o.maxReps, Math.round(budget / (once * inner))))
  collectGarbage()
  const since = cpuClock()
  const samples: number[] = []
  for (let r = 0; r < reps; r++) samples.push((await timeCalls(fn, inner)) / inner)
  return summarize(samples, inner, warm, firstMs, since())
}

/** Start a clock; calling the result gives this process's CPU time / wall time since the start. */
const cpuClock = (): (() => number) => {
  const cpu0 = process.cpuUsage()
  const wall0 = performance.now()
  return () => {
    const cpu = process.cpuUsage(cpu0)
    return (cpu.user + cpu.system) / 1000 / Math.max(performance.now() - wall0, 1e-3)
  }
}

// ---- cases ----

/** What a peer provides for one case. */
export interface Runner {
  /** One timed call: compute, force the result (read it back), free what the call created. */
  run(): unknown
  /** The result as flat numbers, for the agreement check (called once, untimed). */
  output?(): ArrayLike<number> | Promise<ArrayLike<number>>
  /** Free the inputs that prepare allocated. */
  dispose?(): void | Promise<void>
}

/** A peer that cannot do this case, and why. */
export class NotAvailable {
  constructor(readonly reason: string) {}
}
export const na = (reason: string): NotAvailable => new NotAvailable(reason)

/** How a peer runs a case: a (possibly async) preparation returning a Runner, or n/a. */
export type Impl = (() => Runner | Promise<Runner>) | NotAvailable

export interface Metric {
  /** e.g. 'GFLOP/s', 'µs/op' */
  readonly unit: string
  /** from the median ms per call */
  readonly of: (ms: number) => number
}

export interface CaseSpec {
  readonly suite: string
  readonly name: string
  readonly measure?: MeasureOptions
  readonly metric?: Metric
  /** Largest max|peer − fluxion| / max|fluxion| accepted by the agreement check (default 1e-3). */
  readonly tolerance?: number
  /**
   * Skip the agreement check, for results that differ between peers by design (random
   * samples: every library has its own generator). Each peer's `output()` is still called
   * once, untimed, and `describe` turns it into the text of that peer's check column
   * (e.g. a sanity check of its mean and variance); without `describe` the column says `reason`.
   */
  readonly noAgreement?: {
    readonly reason: string
    readonly describe?: (out: ArrayLike<number>) => string
  }
}

export interface Row {
  readonly suite: string
  readonly case: string
  readonly peer: PeerName
  readonly status: 'ok' | 'n/a' | 'error'
  readonly reason?: string
  readonly stats?: Stats
  /**
   * ms of the peer's first call on these inputs (the untimed output() call when there is one,
   * else the first warm-up call): includes one-time work such as jax-js jit compilation.
   */
  readonly firstCallMs?: number
  readonly metric?: { readonly unit: string; readonly value: number }
  /** peer median / fluxion median (> 1: fluxion is faster); null when either is missing */
  ratio: number | null
  /** agreement with the reference (fluxion, else the first peer that ran) */
  readonly check?: { readonly maxRelErr: number; readonly ok: boolean; readonly against: PeerName } | { readonly skipped: string }
}

const errText = (e: unknown): string => {
  const m = e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)
  return m.split('\n')[0]!.slice(0, 200)
}

const maxRelErr = (ref: ArrayLike<number>, got: ArrayLike<number>): number => {
  if (ref.length !== got.length) return Infinity
  let scale = 0
  let err = 0
  for (let i = 0; i < ref.length; i++) {
    scale = Math.max(scale, Math.abs(ref[i]!))
    const d = Math.abs(ref[i]! - got[i]!)
    if (!(d <= err)) err = Number.isNaN(d) ? Infinity : d
  }
  return err / Math.max(scale, 1e-30)
}

export type RowListener = (row: Row) => void

/**
 * Measure one case for every peer that has an implementation, in PEERS order.
 * Peers whose library failed to load become n/a with the load error.
 */
export async function runCase(
  peers: Peers,
  spec: CaseSpec,
  impls: Partial<Record<PeerName, Impl>>,
  onRow?: RowListener,
): Promise<Row[]> {
  const rows: Row[] = []
  let ref: { peer: PeerName; out: ArrayLike<number> } | undefined
  for (const peer of PEERS) {
    const impl = impls[peer]
    if (impl === undefined) continue
    const base = { suite: spec.suite, case: spec.name, peer, ratio: null }
    const status = peers.status[peer]
    let row: Row
    if (!status.ok) row = { ...base, status: 'n/a', reason: `not loaded: ${status.reason}` }
    else if (impl instanceof NotAvailable) row = { ...base, status: 'n/a', reason: impl.reason }
    else {
      let runner: Runner | undefined
      try {
        collectGarbage()
        runner = await impl()
        let check: Row['check']
        let firstCallMs: number | undefined
        if (runner.output) {
          const t = performance.now()
          const result = await runner.output()
          firstCallMs = performance.now() - t
          const skip = spec.noAgreement
          if (skip) {
            // nothing to compare with: describe this peer's own output instead
            check = { skipped: skip.describe ? skip.describe(result) : skip.reason }
          } else if (!ref) {
            ref = { peer, out: Array.from(result) }
            check = peer === 'fluxion' ? undefined : { skipped: 'reference' }
          } else {
            const e = maxRelErr(ref.out, Array.from(result))
            check = { maxRelErr: e, ok: e <= (spec.tolerance ?? 1e-3), against: ref.peer }
          }
        }
        const r = runner
        const stats = await measure(() => r.run(), spec.measure, firstCallMs)
        row = {
          ...base,
          status: 'ok',
          stats,
          firstCallMs: firstCallMs ?? stats.firstMs,
          ...(spec.metric ? { metric: { unit: spec.metric.unit, value: spec.metric.of(stats.median) } } : {}),
          ...(check ? { check } : {}),
        }
      } catch (e) {
        row = { ...base, status: 'error', reason: errText(e) }
      } finally {
        try {
          await runner?.dispose?.()
        } catch {
          // a failed dispose must not hide the measurement (or the error) above
        }
      }
    }
    rows.push(row)
  }
  const flux = rows.find((r) => r.peer === 'fluxion' && r.status === 'ok')
  for (const r of rows) if (flux && r.stats) r.ratio = r.stats.median / flux.stats!.median
  for (const r of rows) onRow?.(r)
  return rows
}
