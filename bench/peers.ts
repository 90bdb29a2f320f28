/**
 * The peers: fluxion itself, TensorFlow.js on its `cpu` (plain JS) and `wasm`
 * (XNNPACK, SIMD) backends, and jax-js on its `wasm` device, eager and under `jit`.
 *
 * Each library is loaded with a dynamic import inside a try, so a peer that fails
 * to load or initialise is reported (status.ok = false, with the reason) and its
 * rows become "n/a"; the run goes on.
 *
 * Conventions the suites follow:
 * - tfjs has one global backend. A tfjs implementation calls `await peers.tfOn('cpu')`
 *   (or 'wasm') in its preparation, before creating its inputs, and disposes its
 *   inputs in `dispose`. Timed calls wrap their work in `tf.tidy` and read results
 *   back with `dataSync()`.
 * - jax-js arrays are reference counted: every op consumes its array arguments,
 *   `x.ref` adds a reference, `await x.data()` reads x back and consumes it. Inputs
 *   that live across calls are passed as `x.ref` and disposed in `dispose`.
 */
import * as fs from 'node:fs'
import { backend } from '../src/backend/index.js'
import { createRequire } from 'node:module'
import * as path from 'node:path'

export type Tf = typeof import('@tensorflow/tfjs')
export type Jax = typeof import('@jax-js/jax')

/** Every peer, in table order. */
export const PEERS = ['fluxion', 'tfjs-cpu', 'tfjs-wasm', 'jax-js', 'jax-js-jit'] as const
export type PeerName = (typeof PEERS)[number]

export interface PeerStatus {
  readonly ok: boolean
  /** why the peer is unavailable */
  readonly reason?: string
  readonly library: string
  readonly version?: string
  /** backend details worth recording (SIMD, threads, ...) */
  readonly details?: Record<string, unknown>
}

export interface Peers {
  readonly status: Record<PeerName, PeerStatus>
  /** TensorFlow.js, when loaded (check status first). */
  readonly tf: Tf | undefined
  /** jax-js, when loaded and its wasm device initialised. */
  readonly jax: Jax | undefined
  /** Make `backend` tfjs's active backend and return tf (throws if unavailable). */
  tfOn(backend: 'cpu' | 'wasm'): Promise<Tf>
}

const require = createRequire(import.meta.url)

/** A dependency's version, from the package.json above its entry point (some packages do not export ./package.json). */
const versionOf = (pkg: string): string | undefined => {
  try {
    for (let dir = path.dirname(require.resolve(pkg)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json')
      if (!fs.existsSync(file)) continue
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string }
      if (json.name === pkg) return json.version
    }
  } catch {
    // unknown version: leave it out
  }
  return undefined
}

const reasonOf = (e: unknown): string => {
  const m = e instanceof Error ? e.message : String(e)
  return m.split('\n')[0]!.slice(0, 300)
}

/** Run `f` with console.log/warn silenced (tfjs greets Node users with an advert for tfjs-node). */
const quietly = async <T>(f: () => Promise<T>): Promise<T> => {
  const { log, warn, info } = console
  console.log = console.warn = console.info = () => {}
  try {
    return await f()
  } finally {
    Object.assign(console, { log, warn, info })
  }
}

/** A tiny computation on the active tfjs backend: proves it works (and lets tfjs print its first-use notice, silenced). */
const smokeTest = (tf: Tf): Promise<void> =>
  quietly(async () => {
    const got = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1).dataSync())
    if (got[0] !== 2 || got[1] !== 3) throw new Error(`smoke test: 1 + [1, 2] gave [${Array.from(got).join(', ')}]`)
  })

async function loadTf(): Promise<{ tf?: Tf; cpu: PeerStatus; wasm: PeerStatus }> {
  const library = '@tensorflow/tfjs'
  const version = versionOf('@tensorflow/tfjs')
  let tf: Tf
  try {
    tf = await quietly(() => import('@tensorflow/tfjs'))
  } catch (e) {
    const s = { ok: false, reason: `import @tensorflow/tfjs failed: ${reasonOf(e)}`, library, version }
    return { cpu: s, wasm: s }
  }
  let cpu: PeerStatus
  try {
    const ok = await quietly(() => tf.setBackend('cpu'))
    if (ok) await smokeTest(tf)
    cpu = ok ? { ok, library, version, details: { backend: 'cpu', kernels: 'plain JavaScript' } }
      : { ok, reason: "tf.setBackend('cpu') returned false", library, version }
  } catch (e) {
    cpu = { ok: false, reason: `tf.setBackend('cpu'): ${reasonOf(e)}`, library, version }
  }
  const wasmLibrary = '@tensorflow/tfjs-backend-wasm'
  const wasmVersion = versionOf(wasmLibrary)
  let wasm: PeerStatus
  try {
    const backend = await import('@tensorflow/tfjs-backend-wasm')
    // On Node the .wasm binaries are loaded from the file system: point at the package's dist folder.
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))
    backend.setWasmPaths(dist + path.sep)
    const ok = await quietly(() => tf.setBackend('wasm'))
    if (!ok) throw new Error("tf.setBackend('wasm') returned false")
    await smokeTest(tf)
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')
    wasm = {
      ok: true,
      library: wasmLibrary,
      version: wasmVersion,
      details: { backend: 'wasm', simd, multithread: threads, threadsCount: backend.getThreadsCount() },
    }
  } catch (e) {
    wasm = { ok: false, reason: reasonOf(e), library: wasmLibrary, version: wasmVersion }
  }
  if (cpu.ok) await tf.setBackend('cpu')
  return { tf, cpu, wasm }
}

async function loadJax(): Promise<{ jax?: Jax; status: PeerStatus }> {
  const library = '@jax-js/jax'
  const version = versionOf(library)
  try {
    // Node 20 has no Float16Array; jax-js only needs the name to exist.
    ;(globalThis as { Float16Array?: unknown }).Float16Array ??= class {}
    const jax = await import('@jax-js/jax')
    const devices = await jax.init('wasm')
    if (!devices.includes('wasm')) throw new Error(`init('wasm') gave devices [${devices.join(', ')}], no wasm`)
    jax.defaultDevice('wasm')
    return {
      jax,
      status: {
        ok: true,
        library,
        version,
        details: {
          device: 'wasm',
          // jax-js spreads kernels over Web Workers only when both exist; Node 20 has no global Worker.
          multithread: typeof SharedArrayBuffer !== 'undefined' && typeof (globalThis as { Worker?: unknown }).Worker !== 'undefined',
        },
      },
    }
  } catch (e) {
    return { status: { ok: false, reason: reasonOf(e), library, version } }
  }
}

/**
 * Run `f` inside tf.tidy and return what it reads back. (tf.tidy walks whatever its
 * function returns, looking for tensors; handing it a million-element typed array
 * takes seconds, so the values leave through a closure instead.)
 */
export const tfRead = <T>(tf: Tf, f: () => T): T => {
  let out: T | undefined
  tf.tidy(() => {
    out = f()
  })
  return out as T
}

export async function setupPeers(): Promise<Peers> {
  const t = await loadTf()
  const j = await loadJax()
  const tf = t.tf
  const status: Record<PeerName, PeerStatus> = {
    fluxion: { ok: true, library: 'fluxion (this repo)', version: (require('../package.json') as { version: string }).version, details: { kernels: backend.name === 'wasm' ? 'WebAssembly SIMD (wasm backend), JS for the rest' : 'plain TypeScript (JS backend)' } },
    'tfjs-cpu': t.cpu,
    'tfjs-wasm': t.wasm,
    'jax-js': j.status,
    'jax-js-jit': j.status,
  }
  return {
    status,
    tf,
    jax: j.jax,
    async tfOn(backend) {
      const s = status[backend === 'cpu' ? 'tfjs-cpu' : 'tfjs-wasm']
      if (!tf || !s.ok) throw new Error(`tfjs ${backend} is not available: ${s.reason}`)
      if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`)
      return tf
    },
  }
}
