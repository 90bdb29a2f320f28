/**
 * Drives the `Math.log1p` kernels of `emit/log1p.ts` at run time: the
 * -log1p(-x²) pass of float32 erfinv, and a plain float64 log1p for the tests,
 * chunk by chunk through linear memory.
 *
 * @since 0.2.0
 */
import { log1pNegSq32 as log1pNegSq32Js } from '../js/erfinv32.js'
import { STEP } from './emit/log1p.js'
import type { Runtime } from './runtime.js'

/** Elements per call of the kernel. */
const CHUNK = 8192
/** Below this many elements the JS loop is as fast as the copies. */
export const LOG1P_MIN = 64

/** Round a length up to whole vector iterations of the kernels. */
export const log1pLength = (len: number): number => Math.ceil(len / STEP) * STEP

/** The log1p pass alone, `log1pNegSq32` of `js/erfinv32.ts` on wasm (the tests compare the two; `erfinv.ts` runs both passes). */
export const log1pNegSq32 = (rt: Runtime) => (xs: Float32Array, ws: Float32Array): void => {
  const n = xs.length
  if (n < LOG1P_MIN) return log1pNegSq32Js(xs, ws)
  const [X, W] = rt.reserve([CHUNK * 4, CHUNK * 4]) as [number, number]
  const kernel = rt.kernels['log1p_negsq_f32']!
  const heap = rt.f32
  for (let s = 0; s < n; s += CHUNK) {
    const len = Math.min(CHUNK, n - s)
    heap.set(xs.subarray(s, s + len), X / 4)
    kernel(X, W, log1pLength(len))
    ws.set(heap.subarray(W / 4, W / 4 + len), s)
  }
}

/** `out[i] = log1p(v[i])` in float64 by the kernel (for tests). */
export const log1pF32 = (rt: Runtime, v: Float32Array, out: Float64Array): void => {
  const n = v.length
  const [V, O] = rt.reserve([CHUNK * 4, CHUNK * 8]) as [number, number]
  const kernel = rt.kernels['log1p_f32_f64']!
  for (let s = 0; s < n; s += CHUNK) {
    const len = Math.min(CHUNK, n - s)
    rt.f32.set(v.subarray(s, s + len), V / 4)
    kernel(V, O, log1pLength(len))
    out.set(rt.f64.subarray(O / 8, O / 8 + len), s)
  }
}
