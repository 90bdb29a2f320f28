/**
 * The one WebAssembly instance behind the wasm backend, and its linear memory.
 *
 * The module is emitted by `emit/module.ts` and compiled synchronously
 * (`new WebAssembly.Module`), lazily: loading the package only checks that
 * WebAssembly SIMD validates (a tiny probe module), and the first kernel call
 * that needs the module emits, compiles and instantiates it (`built()`, about
 * 80 ms of emitting, once per process), so that importing the core stays cheap.
 * The module is the same whenever it is built, so results never depend on when.
 * Synchronous compilation is fine in Node, in workers and on a browser's main
 * thread: Chromium refuses it there only above 8 MB (checked in Chromium 156; it
 * was 4 KB in old versions), and this module is about 37 KB. Where WebAssembly
 * SIMD is missing, `runtime` is `null`; where an engine validates SIMD but
 * refuses the build anyway, `built()` is `null` and the JS kernels run
 * (`wasm/index.ts`).
 *
 * The memory is imported, with a maximum of MAX_PAGES: shared (a
 * SharedArrayBuffer underneath) where the platform allows it, so that the
 * matmul worker of `threads.ts` runs the same module on the same memory;
 * unshared otherwise (a browser page without cross-origin isolation).
 *
 * Tensors stay garbage-collected JS values: a kernel call copies its operands
 * into the linear memory, runs, and copies the result out. The memory is a
 * scratch area that grows on demand and is reused by every call, so it is an
 * implementation cache only: nothing in it outlives a call, and no result
 * depends on what was there before.
 *
 * ```ts
 * const rt = runtime!
 * const [x, out] = rt.reserve([n * 4, n * 4])   // byte offsets, 64-byte aligned
 * rt.f32.set(input, x / 4)
 * rt.kernels['sqrt_f32'](x, out, roundUp(n * 4, 16))
 * ```
 */
import { FluxionError } from '../../errors.js'
import { encodeModule, simdProbe } from './emit/encoder.js'
import type { Float } from './emit/float.js'
import { allKernels } from './emit/module.js'

// ---- model ----

/** Every exported kernel takes and returns plain numbers (i32 byte pointers and counts). */
export type Kernel = (...args: number[]) => void

export interface Runtime {
  readonly kernels: Readonly<Record<string, Kernel>>
  /** The module's bytes and its memory, for a worker to instantiate the same module on the same memory. */
  readonly bytes: Uint8Array
  readonly memory: WasmMemory
  /** Whether `memory` is shared (a worker can use it). */
  readonly shared: boolean
  /** Views of the whole memory, refreshed whenever it grows. */
  readonly f32: Float32Array
  readonly f64: Float64Array
  /**
   * Lay out regions of the given byte sizes one after another (each 64-byte
   * aligned, so v128 accesses never split a cache line needlessly), grow the
   * memory to hold them, and return their byte offsets.
   */
  reserve(sizes: ReadonlyArray<number>): number[]
  /**
   * Keep the first `bytes` bytes (from the current floor) out of `reserve`'s
   * reach while `run` runs, and return the pinned region's byte offset: a
   * jitted program keeps its whole memory plan there while eager kernels and
   * the matmul threads use the scratch above it.
   */
  pinned<T>(bytes: number, run: (base: number) => T): T
  /** The view matching a float width. */
  view(F: Float): Float32Array | Float64Array
}

/**
 * The most scratch memory a single call may use. Calls that would need more
 * run on the JS backend; the choice depends only on the shapes, never on how
 * much memory happens to be free.
 */
export const MAX_BYTES = 2 ** 30

const PAGE = 65536
/** The memory's maximum: one call's MAX_BYTES, the second thread's pack buffers and the alignment slack. */
export const MAX_PAGES = MAX_BYTES / PAGE + 256

/**
 * The slice of the WebAssembly JS API used here. The project compiles against
 * ES2022 without DOM types, so it is declared locally and read from `globalThis`,
 * where it may also be missing.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer
  grow(pages: number): number
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Memory: new (desc: { initial: number; maximum: number; shared?: boolean }) => WasmMemory
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> }
}

// ---- constructors ----

const INITIAL_PAGES = 16

/** SharedArrayBuffer, or a class nothing is an instance of where it is missing. */
const SharedArrayBufferOrNone: abstract new (...args: never[]) => object = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : class {}

/** A shared memory where the platform gives one (it may refuse, e.g. a page without cross-origin isolation), else unshared. */
const newMemory = (WebAssembly: WasmApi): WasmMemory => {
  try {
    if (typeof SharedArrayBuffer === 'function') return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true })
  } catch { /* fall through to unshared */ }
  return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES })
}

/** The WebAssembly API where it has SIMD, else null: the cheap check made at load. */
const simdApi = (): WasmApi | null => {
  const WebAssembly = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (WebAssembly === undefined || typeof WebAssembly.validate !== 'function') return null
  try {
    return WebAssembly.validate(simdProbe()) ? WebAssembly : null
  } catch {
    return null
  }
}

const create = (WebAssembly: WasmApi): Runtime | null => {
  try {
    const memory = newMemory(WebAssembly)
    const shared = memory.buffer instanceof SharedArrayBufferOrNone
    const bytes = encodeModule({ memoryPages: INITIAL_PAGES, functions: allKernels(), importMemory: { maxPages: MAX_PAGES, shared } })
    if (!WebAssembly.validate(bytes)) return null
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports
    const kernels = exports as unknown as Record<string, Kernel>
    let f32 = new Float32Array(memory.buffer)
    let f64 = new Float64Array(memory.buffer)
    let floor = 0
    const rt: Runtime = {
      kernels,
      bytes,
      memory,
      shared,
      get f32() { return f32 },
      get f64() { return f64 },
      reserve: (sizes) => {
        const offsets: number[] = []
        let end = floor
        for (const s of sizes) {
          offsets.push(end)
          end += Math.ceil(s / 64) * 64
        }
        const have = memory.buffer.byteLength
        if (end > have) {
          memory.grow(Math.ceil((end - have) / PAGE))
          f32 = new Float32Array(memory.buffer)
          f64 = new Float64Array(memory.buffer)
        }
        return offsets
      },
      view: (F) => (F.size === 4 ? f32 : f64),
      pinned: (bytes, run) => {
        const base = floor
        rt.reserve([bytes])
        floor = base + Math.ceil(bytes / 64) * 64
        try {
          return run(base)
        } finally {
          floor = base
        }
      },
    }
    return rt
  } catch {
    return null // no WebAssembly, or synchronous compilation refused (an engine stricter than Chromium's 8 MB main-thread limit)
  }
}

const api = simdApi()

/** Whether WebAssembly SIMD validates here (checked at load, without building the module). */
export const simdAvailable: boolean = api !== null

/** `undefined` until the first `built()`; then the instance, or `null` if building it failed. */
let instance: Runtime | null | undefined

/**
 * The instance, emitted, compiled and instantiated by the first call (an
 * implementation cache: every later call returns the same one); `null` where
 * WebAssembly SIMD is unavailable or the engine refused to build the module.
 */
export const built = (): Runtime | null => {
  if (instance === undefined) instance = api === null ? null : create(api)
  return instance
}

const force = (): Runtime => {
  const rt = built()
  if (rt === null) throw new FluxionError('wasm runtime: WebAssembly SIMD validates here, but the engine refused to compile the module (the backend falls back to js)')
  return rt
}

/**
 * The instance, or `null` where WebAssembly SIMD is unavailable. The module is
 * built on the first access to a member (`built()`), not when this file loads.
 */
export const runtime: Runtime | null = api === null ? null : {
  get kernels() { return force().kernels },
  get bytes() { return force().bytes },
  get memory() { return force().memory },
  get shared() { return force().shared },
  get f32() { return force().f32 },
  get f64() { return force().f64 },
  reserve: (sizes) => force().reserve(sizes),
  pinned: (bytes, run) => force().pinned(bytes, run),
  view: (F) => force().view(F),
}
