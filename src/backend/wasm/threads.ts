/**
 * Two-thread matmul for the wasm backend (issue 7): the main thread and one
 * `node:worker_threads` worker each compute a fixed half of the output rows, on
 * one shared linear memory.
 *
 * Partition, fixed by the shapes only: rows [0, m₁) of every batch entry run on
 * the calling thread, rows [m₁, m) on the worker, with m₁ = ⌈m/2⌉ rounded up to
 * the register block MR. Each output element is computed by exactly one thread,
 * by the same packed macro-kernel summing over k in the same order, so results
 * are bit-identical to the single-thread wasm matmul, whatever the timing.
 *
 * Data flow per call: the caller copies A and B of every batch entry into the
 * shared memory once, plans both halves with `blockedCalls` (`matmul.ts`), hands
 * the worker its list of kernel calls (with its own pack buffers) and wakes it,
 * runs its own calls meanwhile, waits on `Atomics.wait` until the worker is done,
 * and copies the whole output out. Nothing is copied twice and nothing is
 * packed by the worker that the plan did not say (see `threads-worker.ts`).
 *
 * Availability: Node only (`process.getBuiltinModule('node:worker_threads')`),
 * with a shared wasm memory and at least two cores; elsewhere `matmulThreaded`
 * returns false. The worker is started by the first call that qualifies and is
 * unref'd, so it never keeps the process alive; calls decline until it is ready
 * (about 30 ms), `warmup()` waits for it, `shutdown()` terminates it.
 */
import type { Worker } from 'node:worker_threads'
import type { FloatArray, TypedArray } from '../backend.js'
import { F32, F64, type Float } from './emit/float.js'
import { GEMM_BLOCK } from './emit/kernels.js'
import { blockedCalls, copyOut, MATMUL_MIN, packBytes, paddedCols, type Placement } from './gemm-plan.js'
import { built, MAX_BYTES, type Runtime } from './runtime.js'
import { CALL_SLOTS, CTRL, SPIN_MS, WORKER_SOURCE } from './threads-worker.js'

/**
 * Below this many multiply-adds per batch entry two threads do not pay (measured
 * on 2 cores, bench/threads.ts, best of runs: float32 gains 1.05× at 48³, 1.3× at
 * 64³, 1.7× at 96³ and 1.4–1.8× from 128³ up; float64 1.06× at 64³, 1.4–1.6× at
 * 80³–96³ and 1.7–1.9× from 128³ up). Those are best-of-run gains on an idle
 * machine; the median tells another story wherever the cores are shared: the
 * worker must first get a core, and at load ≥ 2 a 100³ float32 product took a
 * median 5.7 ms threaded against 0.056 ms on one thread (bench: hessian, whose
 * two 100³ products dominated it). Below ~112³ (≈0.1 ms of work on one thread)
 * the idle gain is tens of µs while the loss on a busy machine is milliseconds,
 * so such products stay on the calling thread. Only speed depends on it, never the bits.
 */
export const THREADED_MIN: Readonly<Record<Float['name'], number>> = { f32: 112 ** 3, f64: 112 ** 3 }

/**
 * Whether a product of this shape (per batch entry m×k times k×n) is one that
 * two threads take: at least `minMacs` (THREADED_MIN) multiply-adds, each half two
 * register tiles of rows or more, and one the single-thread matmul gives the wasm
 * kernel too (not its JS fallback for small products), so the bits are the same.
 * It depends on the shape only; `matmulThreaded` still declines a product that
 * does not fit the memory or the call buffer, or when no worker is ready.
 */
export const splitsShape = (F: Float, batch: number, m: number, k: number, n: number, minMacs = THREADED_MIN[F.name]): boolean => {
  const { mr, nr } = GEMM_BLOCK[F.name]
  return batch >= 1 && k >= 1 && m * n * k >= minMacs && m >= 4 * mr && n >= nr && m * n * k >= MATMUL_MIN
}

/**
 * Products handed to the worker, over the life of the process: how a test sees
 * that a product was split. The worker's half may still run on this thread
 * (when the worker's core is busy and it has not claimed the job, or it died),
 * with the same kernels and bits.
 */
let jobsDone = 0
/** How many matmuls have been split between the threads (offered to the worker), so far in this process. */
export const workerJobs = (): number => jobsDone

/** Rows of the output computed by the calling thread; the worker computes the rest. */
export const splitRows = (F: Float, m: number): number => Math.min(m, Math.ceil(Math.ceil(m / 2) / GEMM_BLOCK[F.name].mr) * GEMM_BLOCK[F.name].mr)

const roundUp = (x: number, r: number): number => Math.ceil(x / r) * r
const align = (x: number): number => roundUp(x, 64)

// ---- the worker ----

interface State {
  readonly worker: Worker
  readonly ctrl: Int32Array
  readonly calls: Float64Array
  seq: number
  dead: boolean
}

/** The exported kernels of a built module, by index in the worker's call records (its exports, not rebuilt here). */
const kernelNames = (rt: Runtime): ReadonlyArray<string> => Object.keys(rt.kernels).filter((k) => typeof rt.kernels[k] === 'function')
/** The index of every kernel name in the worker's call records: set by `start`, with the names it sent. */
let INDEX: ReadonlyMap<string, number> = new Map()

let state: State | null = null
/** Set once starting a worker failed or was found impossible: never try again. */
let unavailable = false

const nodeWorkers = (): typeof import('node:worker_threads') | null => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  if (typeof proc?.getBuiltinModule !== 'function' || typeof SharedArrayBuffer !== 'function') return null
  const os = proc.getBuiltinModule('node:os') as typeof import('node:os') | undefined
  const cores = os === undefined ? 1 : typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length
  if (cores < 2) return null
  return (proc.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads') | undefined) ?? null
}

const start = (): State | null => {
  if (state !== null) return state
  const runtime = unavailable ? null : built()
  if (runtime === null || !runtime.shared) return null
  try {
    const NAMES = kernelNames(runtime)
    INDEX = new Map(NAMES.map((name, i) => [name, i]))
    const wt = nodeWorkers()
    if (wt === null || !wt.isMainThread) { unavailable = true; return null }
    const ctrl = new Int32Array(new SharedArrayBuffer(CTRL.LENGTH * 4))
    const calls = new Float64Array(new SharedArrayBuffer(CALL_SLOTS * 8))
    const worker = new wt.Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [], // plain JavaScript: no loader (tsx, vitest) needed in the worker
      workerData: { bytes: runtime.bytes, memory: runtime.memory, names: NAMES, ctrl: ctrl.buffer, calls: calls.buffer },
    })
    worker.unref()
    const s: State = { worker, ctrl, calls, seq: 0, dead: false }
    const die = (): void => {
      s.dead = true
      if (state === s) state = null
    }
    worker.on('error', () => { die(); unavailable = true })
    worker.on('exit', die)
    state = s
    return s
  } catch {
    unavailable = true
    return null
  }
}

const ready = (s: State): boolean => !s.dead && Atomics.load(s.ctrl, CTRL.READY) === 1

/**
 * Start the worker if needed and wait until it is ready (or `timeoutMs` passed).
 * Resolves whether two-thread matmul is available.
 */
export const warmup = async (timeoutMs = 10_000): Promise<boolean> => {
  const s = start()
  if (s === null) return false
  // Atomics.waitAsync does not keep the event loop alive, and the worker is unref'd: ref it meanwhile.
  s.worker.ref()
  try {
    // Atomics.waitAsync is ES2024 (Node ≥ 16); the project compiles against ES2022 typings.
    const { waitAsync } = Atomics as unknown as {
      waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: unknown }
    }
    const r = waitAsync(s.ctrl, CTRL.READY, 0, timeoutMs)
    if (r.async) await r.value
  } finally {
    s.worker.unref()
  }
  return ready(s)
}

/** Terminate the worker (a later call starts a new one). */
export const shutdown = async (): Promise<void> => {
  const s = state
  state = null
  if (s !== null) {
    s.dead = true
    await s.worker.terminate()
  }
}

// ---- matmul ----

/**
 * The batched matmul contract of `Backend.matmul` on two threads. Returns false,
 * having written nothing, when it declines: not float32/float64 with equal
 * types, under THREADED_MIN multiply-adds per batch entry, too thin to split,
 * too big for the wasm memory or the call buffer, or no worker (yet); the caller
 * then runs the single-thread matmul, which gives the same bits. `minMacs`
 * overrides THREADED_MIN (tests use it to exercise small odd shapes).
 */
export function matmulThreaded(
  a: TypedArray, b: TypedArray, out: TypedArray, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, aStride: number, bStride: number, minMacs?: number,
): boolean {
  if (unavailable) return false
  const rt = built()
  if (rt === null) return false
  const F = out instanceof Float32Array ? F32 : out instanceof Float64Array ? F64 : null
  if (F === null || a.constructor !== out.constructor || b.constructor !== out.constructor) return false
  if (!splitsShape(F, batch, m, k, n, minMacs)) return false
  const { mr } = GEMM_BLOCK[F.name]
  const m1 = splitRows(F, m)
  const es = F.size
  const aN = aStride !== 0 ? batch : 1
  const bN = bStride !== 0 ? batch : 1
  const ldc = paddedCols(F, n)
  const cBytes = Math.ceil(m / mr) * mr * ldc * es
  const [pa, pb] = packBytes(F, m, k, n)
  const sizes = [aN * m * k * es, bN * k * n * es, batch * cBytes, pa, pb, pa, pb]
  if (sizes.reduce((x, y) => x + align(y), 0) > MAX_BYTES) return false
  const s = start()
  if (s === null || !ready(s)) return false

  const [A, B, C, PA, PB, PA2, PB2] = rt.reserve(sizes) as [number, number, number, number, number, number, number]
  const heap = rt.view(F)
  for (let q = 0; q < aN; q++) heap.set((a as FloatArray).subarray(q * aStride, q * aStride + m * k), A / es + q * m * k)
  for (let q = 0; q < bN; q++) heap.set((b as FloatArray).subarray(q * bStride, q * bStride + k * n), B / es + q * k * n)
  const places: Placement[] = Array.from({ length: batch }, (_, q) => ({
    F, m, k, n, ldc, transA, transB,
    A: A + (aN > 1 ? q : 0) * m * k * es, B: B + (bN > 1 ? q : 0) * k * n * es, C: C + q * cBytes,
  }))

  if (!runSplit(s, m1, m, places, PA, PB, PA2, PB2)) return false
  places.forEach((p, q) => copyOut(heap, p, out as FloatArray, q * m * n))
  return true
}

/**
 * Run the placed products on both threads: rows [m1, m) of each by the worker
 * (its calls recorded into the call buffer), rows [0, m1) here. False, having
 * run nothing, when the calls do not fit the call buffer.
 */
function runSplit(s: State, m1: number, m: number, places: ReadonlyArray<Placement>, PA: number, PB: number, PA2: number, PB2: number): boolean {
  const rt = built()!
  // The worker's calls, recorded; decline if they do not fit the call buffer.
  let used = 0
  let fits = true
  const record = (kernel: string, args: number[]): void => {
    if (used + 2 + args.length > CALL_SLOTS) { fits = false; return }
    s.calls[used] = INDEX.get(kernel)!
    s.calls[used + 1] = args.length
    s.calls.set(args, used + 2)
    used += 2 + args.length
  }
  for (const p of places) blockedCalls(p, m1, m, PA2, PB2, record)
  if (!fits) return false

  const run = (kernel: string, args: number[]): void => rt.kernels[kernel]!(...args)
  const seq = ++s.seq
  Atomics.store(s.ctrl, CTRL.COUNT, used)
  Atomics.store(s.ctrl, CTRL.CLAIM, 0)
  Atomics.store(s.ctrl, CTRL.JOB, seq)
  Atomics.notify(s.ctrl, CTRL.JOB)
  jobsDone++
  for (const p of places) blockedCalls(p, 0, m1, PA, PB, run)
  if (Atomics.compareExchange(s.ctrl, CTRL.CLAIM, 0, 2) === 0) {
    // the worker has not started (its core is busy): run its half here, same kernels and buffers, same bits
    for (const p of places) blockedCalls(p, m1, m, PA2, PB2, run)
    return true
  }
  const until = performance.now() + SPIN_MS
  while (Atomics.load(s.ctrl, CTRL.DONE) !== seq && performance.now() < until && !s.dead) { /* spin: the worker is nearly done */ }
  for (let v = Atomics.load(s.ctrl, CTRL.DONE); v !== seq; v = Atomics.load(s.ctrl, CTRL.DONE)) {
    if (s.dead) break
    Atomics.wait(s.ctrl, CTRL.DONE, v, 1000) // the timeout only re-checks `dead`
  }
  if (Atomics.load(s.ctrl, CTRL.DONE) !== seq || Atomics.load(s.ctrl, CTRL.STATUS) !== 1) {
    // The worker failed or died: run its calls here (same kernels, same memory, same bits) and stop using it.
    unavailable = true
    void shutdown()
    for (const p of places) blockedCalls(p, m1, m, PA2, PB2, run)
  }
  return true
}

/**
 * One placed 2-D product (operands and a padded output already in linear
 * memory, as a jitted program lays them out) on two threads, with the same
 * partition and bits as `matmulThreaded`. False, having written nothing, when
 * it declines (the caller runs the single-thread blocked kernels: same bits).
 * PA, PB, PA2, PB2: the pack buffers of both threads (`packBytes` each).
 */
export function matmulThreadedAt(p: Placement, PA: number, PB: number, PA2: number, PB2: number): boolean {
  if (unavailable || built() === null) return false
  const { F, m, k, n } = p
  const { mr, nr } = GEMM_BLOCK[F.name]
  if (k < 1 || m * n * k < THREADED_MIN[F.name] || m < 4 * mr || n < nr || m * n * k < MATMUL_MIN) return false
  const s = start()
  if (s === null || !ready(s)) return false
  return runSplit(s, splitRows(F, m), m, [p], PA, PB, PA2, PB2)
}
