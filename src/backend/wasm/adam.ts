/**
 * The fused Adam step on the wasm backend: operands stream through linear
 * memory in chunks, and `adam_<f>` (kernels.ts) updates each chunk in place
 * with f32x4 / f64x2 lanes. Every lane op is the correctly rounded IEEE
 * operation of the element type, so the bits equal the JS kernel's and the
 * composed ops'. Short arrays, where the copies do not pay, run the JS kernel.
 */
import type { Backend, FloatArray } from '../backend.js'
import { adamCoefficients, adamKernel } from '../js/adam.js'
import { CHUNK, ELEMENTWISE_MIN } from './elementwise.js'
import { F32, F64 } from './emit/float.js'
import { ADAM_COEFFICIENTS } from './emit/kernels.js'
import type { Runtime } from './runtime.js'

export const adam = (rt: Runtime): Backend['adam'] => (g, mu, nu, muOut, nuOut, uOut, step) => {
  const n = g.length
  const F = g instanceof Float32Array ? F32 : F64
  if (n < ELEMENTWISE_MIN || [mu, nu, muOut, nuOut, uOut].some((x) => x.constructor !== g.constructor))
    return adamKernel(g, mu, nu, muOut, nuOut, uOut, step)
  const [G, M, V, C] = rt.reserve([CHUNK, CHUNK, CHUNK, 16 * 8]) as [number, number, number, number]
  const heap = rt.view(F)
  const coefficients = adamCoefficients(step)
  ADAM_COEFFICIENTS.forEach((c, j) => (heap[C / F.size + j] = coefficients[c])) // rounded to the element type on store
  const flags = (step.nesterov ? 1 : 0) | (step.epsRoot !== 0 ? 2 : 0)
  const kernel = rt.kernels[`adam_${F.name}`]!
  const per = CHUNK / F.size
  const copyOut = (from: number, to: FloatArray, s: number, len: number): void => to.set(heap.subarray(from / F.size, from / F.size + len), s)
  for (let s = 0; s < n; s += per) {
    const len = Math.min(per, n - s)
    heap.set(g.subarray(s, s + len), G / F.size)
    heap.set(mu.subarray(s, s + len), M / F.size)
    heap.set(nu.subarray(s, s + len), V / F.size)
    kernel(G, M, V, C, Math.ceil((len * F.size) / 16) * 16, flags)
    copyOut(M, muOut, s, len)
    copyOut(V, nuOut, s, len)
    copyOut(G, uOut, s, len)
  }
}
