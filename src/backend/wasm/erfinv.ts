/**
 * Drives the float32 erfinv kernels at run time: the wasm backend's `erfinv32`
 * (behind `random.normal`), chunk by chunk through linear memory. The kernels
 * themselves are emitted by `emit/erfinv.ts` (the polynomials) and
 * `emit/log1p.ts` (the -log1p(-x²) pass); see there for why the bits equal the
 * JS code's.
 *
 * @since 0.2.0
 */
import type { Backend } from '../backend.js'
import { erfinv32Batch } from '../js/erfinv32.js'
import { LOG1P_MIN, log1pLength } from './log1p.js'
import type { Runtime } from './runtime.js'

/** Elements per call of the kernel. */
const CHUNK = 8192

/** The polynomial pass alone, `gilesBatch32` of `js/erfinv32.ts` on wasm (the tests compare the two). */
export const gilesPass = (rt: Runtime) => (xs: Float32Array, ws: Float32Array, scale: number): void => {
  const n = xs.length
  const [X, W] = rt.reserve([CHUNK * 4, CHUNK * 4]) as [number, number]
  const kernel = rt.kernels['erfinv_f32']!
  const heap = rt.f32
  for (let s = 0; s < n; s += CHUNK) {
    const len = Math.min(CHUNK, n - s)
    heap.set(xs.subarray(s, s + len), X / 4)
    heap.set(ws.subarray(s, s + len), W / 4)
    kernel(X, W, Math.ceil(len / 4) * 16, scale)
    xs.set(heap.subarray(X / 4, X / 4 + len), s)
  }
}

/**
 * The wasm backend's `erfinv32`: both passes per chunk of CHUNK elements, the
 * -log1p(-x²) of `log1p.ts` into W and the polynomials from X and W, so x is
 * copied in once and the log1p values never leave linear memory. Short arrays,
 * where the copies do not pay, run the JS kernel.
 */
export const erfinv32 = (rt: Runtime): Backend['erfinv32'] => (xs, scale) => {
  const n = xs.length
  if (n < LOG1P_MIN) return erfinv32Batch(xs, scale)
  const [X, W] = rt.reserve([CHUNK * 4 + 64, CHUNK * 4 + 64]) as [number, number]
  const log1p = rt.kernels['log1p_negsq_f32']!
  const giles = rt.kernels['erfinv_f32']!
  const heap = rt.f32
  for (let s = 0; s < n; s += CHUNK) {
    const len = Math.min(CHUNK, n - s)
    heap.set(xs.subarray(s, s + len), X / 4)
    log1p(X, W, log1pLength(len))
    giles(X, W, Math.ceil(len / 4) * 16, scale)
    xs.set(heap.subarray(X / 4, X / 4 + len), s)
  }
}
