/**
 * Two-thread matmul for the wasm backend (issue 7): the main thread and one
 * `node:worker_threads` worker each compute a fixed half of the output rows.
 *
 * Partition, fixed by the shapes only: rows [0, m₁) of every batch entry run on
 * the calling thread through the single-thread wasm matmul (`matmul.ts`), rows
 * [m₁, m) on the worker, with m₁ = ⌈m/2⌉ rounded up to the register block MR.
 * Each output element is computed by exactly one thread, by the same packed
 * macro-kernel summing over k in the same order, so results are bit-identical to
 * the single-thread wasm matmul — whatever the timing, and whether or not a call
 * declines (a declined call runs single-threaded and gives the same bits).
 *
 * Data flow per call: the worker's operands (its rows of A, and B) are copied into
 * a SharedArrayBuffer, the job is posted to the worker, the caller computes its
 * rows synchronously, then blocks on `Atomics.wait` until the worker stores DONE,
 * and copies the worker's rows out of shared memory. The worker owns its own
 * instance of the same module (its own linear memory), see `threads-worker.ts`.
 *
 * Availability: Node only (`process.getBuiltinModule('node:worker_threads')`), with
 * SharedArrayBuffer and at least two cores; elsewhere `matmulThreaded` returns
 * false. The worker is started by the first call that qualifies and is unref'd,
 * so it never keeps the process alive; calls decline until it is ready (about
 * 30 ms), `warmup()` waits for it, `shutdown()` terminates it.
 */
import type { Worker } from 'node:worker_threads'
import type { TypedArray } from '../../tensor/dtype.js'
import { encodeModule } from './encoder.js'
import { allKernels, F32, F64, GEMM_BLOCK, type Float } from './kernels.js'
import { BLOCKS, MATMUL_MIN, matmul } from './matmul.js'
import { MAX_BYTES, runtime } from './runtime.js'
import { CTRL, WORKER_SOURCE } from './threads-worker.js'

type FloatArray = Float32Array | Float64Array

/**
 * Below this many multiply-adds per batch entry two threads do not pay (measured
 * on 2 cores, bench/threads.ts: float32 loses up to 192³ and gains 1.5× at 256³;
 * float64 gains 1.2× already at 128³). Only speed depends on it, never the bits.
 */
export const THREADED_MIN: Readonly<Record<Float['name'], number>> = { f32: 256 ** 3, f64: 128 ** 3 }

/** Rows of the output computed by the calling thread; the worker computes the rest. */
export const splitRows = (F: Float, m: number): number => Math.min(m, Math.ceil(Math.ceil(m / 2) / GEMM_BLOCK[F.name].mr) * GEMM_BLOCK[F.name].mr)

const roundUp = (x: number, r: number): number => Math.ceil(x / r) * r
const align = (x: number): number => roundUp(x, 64)

// ---- the worker ----

interface State {
  readonly worker: Worker
  readonly ctrl: Int32Array
  sab: SharedArrayBuffer | null
  seq: number
  dead: boolean
}

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
  if (unavailable || runtime === null) return null
  try {
    const wt = nodeWorkers()
    if (wt === null || !wt.isMainThread) { unavailable = true; return null }
    const bytes = encodeModule({ memoryPages: 16, functions: allKernels() }) // the bytes runtime.ts instantiates
    const ctrl = new Int32Array(new SharedArrayBuffer(CTRL.LENGTH * 4))
    const worker = new wt.Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [], // plain JavaScript: no loader (tsx, vitest) needed in the worker
      workerData: { bytes, ctrl: ctrl.buffer, blocks: BLOCKS, regs: GEMM_BLOCK },
    })
    worker.unref()
    const s: State = { worker, ctrl, sab: null, seq: 0, dead: false }
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
 * The single-thread wasm matmul, made on first use: `matmul.ts` may import this
 * module (to call `matmulThreaded`), so nothing of it is touched at load.
 */
let singleFn: ReturnType<typeof matmul> | null = null
const single: ReturnType<typeof matmul> = (...args) => (singleFn ??= matmul(runtime!))(...args)
/** Set while a call runs: the halves it computes through `matmul` (once that calls back here) stay single-threaded. */
let busy = false

/**
 * The batched matmul contract of `Backend.matmul` on two threads. Returns false,
 * having written nothing, when it declines: not float32/float64 with equal
 * types, under THREADED_MIN multiply-adds per batch entry, too thin to split,
 * too big for the wasm scratch memory, or no worker (yet); the caller then runs
 * the single-thread matmul, which gives the same bits. `minMacs` overrides
 * THREADED_MIN (tests use it to exercise small odd shapes).
 */
export function matmulThreaded(
  a: TypedArray, b: TypedArray, out: TypedArray, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, aStride: number, bStride: number, minMacs?: number,
): boolean {
  if (runtime === null || unavailable || busy) return false
  const F = out instanceof Float32Array ? F32 : out instanceof Float64Array ? F64 : null
  if (F === null || a.constructor !== out.constructor || b.constructor !== out.constructor) return false
  if (batch < 1 || m * n * k < (minMacs ?? THREADED_MIN[F.name])) return false
  const { mr, nr } = GEMM_BLOCK[F.name]
  const { kc, mc, nc } = BLOCKS[F.name]
  const m1 = splitRows(F, m)
  const m2 = m - m1
  // Both halves must take the wasm kernel of the single-thread matmul (not its JS fallback for
  // small or thin products), as the whole product does, or float32 bits would differ.
  if (m < 4 * mr || n < nr || m2 * n * k < MATMUL_MIN) return false
  // An upper bound of the single-thread scratch: where it fits, the single-thread matmul
  // runs the wasm kernel on the whole product and on each half alike.
  const es = F.size
  const scratch = es * (m * k + k * n + (m + mr) * (n + nr) + (mc + mr) * kc + kc * (nc + nr)) + 5 * 64
  if (scratch > MAX_BYTES) return false
  const aN = aStride !== 0 ? batch : 1
  const bN = bStride !== 0 ? batch : 1
  const offA = 0
  const offB = align(offA + aN * m2 * k * es)
  const offC = align(offB + bN * k * n * es)
  const total = align(offC + batch * m2 * n * es)
  if (total > MAX_BYTES) return false
  const s = start()
  if (s === null || !ready(s)) return false

  if (s.sab === null || s.sab.byteLength < total) s.sab = new SharedArrayBuffer(total)
  const Arr = F.size === 4 ? Float32Array : Float64Array
  const sab = s.sab
  const view = (off: number, len: number): FloatArray => (F.size === 4 ? new Float32Array(sab, off, len) : new Float64Array(sab, off, len))
  const fa = a as FloatArray
  const fb = b as FloatArray
  const fo = out as FloatArray
  const sa = view(offA, aN * m2 * k)
  const sb = view(offB, bN * k * n)
  const sc = view(offC, batch * m2 * n)
  for (let q = 0; q < aN; q++) {
    const src = q * aStride
    if (!transA) sa.set(fa.subarray(src + m1 * k, src + m * k), q * m2 * k)
    else for (let p = 0; p < k; p++) sa.set(fa.subarray(src + p * m + m1, src + p * m + m), q * m2 * k + p * m2)
  }
  for (let q = 0; q < bN; q++) sb.set(fb.subarray(q * bStride, q * bStride + k * n), q * k * n)

  busy = true
  try {
    run(s, F, fa, fb, fo, sa, sb, sc, sab, batch, m, m1, m2, k, n, transA, transB, aStride, bStride, aN, bN, offA, offB, offC)
  } finally {
    busy = false
  }
  return true
}

function run(
  s: State, F: Float, fa: FloatArray, fb: FloatArray, fo: FloatArray, sa: FloatArray, sb: FloatArray, sc: FloatArray,
  sab: SharedArrayBuffer, batch: number, m: number, m1: number, m2: number, k: number, n: number,
  transA: boolean, transB: boolean, aStride: number, bStride: number, aN: number, bN: number, offA: number, offB: number, offC: number,
): void {
  const Arr = F.size === 4 ? Float32Array : Float64Array
  const seq = ++s.seq
  s.worker.postMessage({
    seq, sab, f: F.name, batch, m: m2, k, n, transA, transB, aAll: aN > 1, bAll: bN > 1, offA, offB, offC,
  })

  // The caller's rows, meanwhile.
  const mn = m * n
  const aT = transA ? new Arr(k * m1) : null
  for (let q = 0; q < batch; q++) {
    const src = q * aStride
    let aq: FloatArray
    if (aT === null) aq = fa.subarray(src, src + m1 * k)
    else {
      if (q === 0 || aStride !== 0) for (let p = 0; p < k; p++) aT.set(fa.subarray(src + p * m, src + p * m + m1), p * m1)
      aq = aT
    }
    single(aq, fb.subarray(q * bStride, q * bStride + k * n), fo.subarray(q * mn, q * mn + m1 * n), 1, m1, k, n, transA, transB, 0, 0)
  }

  for (let v = Atomics.load(s.ctrl, CTRL.DONE); v !== seq; v = Atomics.load(s.ctrl, CTRL.DONE)) {
    if (s.dead) break
    Atomics.wait(s.ctrl, CTRL.DONE, v, 1000) // the timeout only re-checks `dead`
  }
  if (Atomics.load(s.ctrl, CTRL.DONE) !== seq || Atomics.load(s.ctrl, CTRL.STATUS) !== 1) {
    // The worker failed or died: compute its rows here (same kernel, same bits) and stop using it.
    unavailable = true
    void shutdown()
    for (let q = 0; q < batch; q++) {
      single(sa.subarray((aN > 1 ? q : 0) * m2 * k, ((aN > 1 ? q : 0) + 1) * m2 * k), sb.subarray((bN > 1 ? q : 0) * k * n, ((bN > 1 ? q : 0) + 1) * k * n),
        sc.subarray(q * m2 * n, (q + 1) * m2 * n), 1, m2, k, n, transA, transB, 0, 0)
    }
  }
  for (let q = 0; q < batch; q++) fo.set(sc.subarray(q * m2 * n, (q + 1) * m2 * n), q * mn + m1 * n)
}
