/**
 * Drives the threefry-2x32 kernel of `emit/threefry.ts` at run time: counters
 * hashed chunk by chunk in linear memory, the words copied out; short ranges run
 * the JS kernel. Bit-identical to the JS kernel.
 *
 * @since 0.2.0
 */
import type { Backend } from '../backend.js'
import { hashRange } from '../js/threefry.js'
import type { Runtime } from './runtime.js'

/** Below this many counters the copy out costs more than SIMD saves. */
export const THREEFRY_MIN = 256
/** Counters per call of the kernel (its two output words fill 2·8·CHUNK bytes). */
const CHUNK = 8192

export const threefry = (rt: Runtime): Backend['threefry'] => (k0, k1, hi, lo, len, y0, y1) => {
  if (len < THREEFRY_MIN) return hashRange(k0, k1, hi, lo, len, y0, y1)
  const [Y0, Y1] = rt.reserve([CHUNK * 4, CHUNK * 4]) as [number, number]
  const kernel = rt.kernels['threefry']!
  const heap = new Int32Array(rt.f32.buffer)
  for (let s = 0; s < len; s += CHUNK) {
    const n = Math.min(CHUNK, len - s)
    kernel(k0, k1, hi, (lo + s) | 0, Math.ceil(n / 4) * 4, Y0, Y1)
    y0.set(heap.subarray(Y0 / 4, Y0 / 4 + n), s)
    y1.set(heap.subarray(Y1 / 4, Y1 / 4 + n), s)
  }
}
