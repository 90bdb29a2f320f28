/**
 * The WebAssembly SIMD backend: the `Backend` interface with the heavy kernels
 * (matmul, the common elementwise ops, sum, max, min) running in 128-bit SIMD, and every
 * other kernel delegated to the plain TypeScript backend.
 *
 * The module is not shipped as a binary. The code is in two layers with no
 * import between them going back up:
 * - `emit/`: functions that *emit* the kernels' instructions from TypeScript
 *   (`emit/kernels.ts` and its siblings, through the small encoder of
 *   `emit/encoder.ts`; `emit/module.ts` lists them all). They know nothing of
 *   run time.
 * - the files here *drive* the kernels at run time: `runtime.ts` emits, compiles and
 *   instantiates the module synchronously on the first kernel call that needs it, and `elementwise.ts`,
 *   `matmul.ts` (with `gemm-plan.ts` and `threads.ts`), `adam.ts`, `threefry.ts`,
 *   `erfinv.ts` and `log1p.ts` copy operands in, call kernels and copy results out.
 *
 * `wasmBackend` is `null` where WebAssembly or its SIMD extension is unavailable, so callers fall back to JS:
 *
 * ```ts
 * import { wasmBackend } from './wasm/index.js'
 * const backend = wasmBackend ?? jsBackend
 * ```
 *
 * What runs where, and how results compare with the JS backend:
 * - matmul, float32 / float64, every layout, batched: SIMD (`matmul.ts`);
 *   float64 results are bit-identical to JS, float32 ones accumulate in float32
 *   (within float32 tolerance of JS).
 * - add, sub, mul, div, maximum, minimum (equal shapes, a scalar operand, or a row
 *   repeated along the leading axes such as a bias) and
 *   neg, abs, sqrt, square, relu, reciprocal on floats: SIMD, bit-identical to JS.
 * - sum over floats: SIMD with float64 accumulators, in the JS kernel's order, bit-identical (`elementwise.ts`).
 * - max and min over floats, over the last axis or an inner one: SIMD,
 *   bit-identical to JS (the first NaN wins, and the sign of a zero extreme too).
 * - the fused Adam step of `optim.scaleByAdam`: SIMD, bit-identical to JS (`adam.ts`).
 * - threefry-2x32, the hash behind every random number: four counters per i32x4
 *   step, bit-identical to JS (`emit/threefry.ts`).
 * - the polynomial pass of float32 erfinv (behind `random.normal`): f64x2 lanes
 *   rounding as the JS code rounds, bit-identical to JS (`emit/erfinv.ts`); and its
 *   `log1p` pass, V8's `Math.log1p` (fdlibm's) ported to wasm, bit-identical (`emit/log1p.ts`).
 * - exp, tanh and sigmoid on float32: SIMD in float64 lanes, rounded once to
 *   float32 as the JS kernel rounds `Math.exp` (`emit/transcendental.ts`): the same
 *   float32 but for a rare last-bit difference.
 * - small inputs, ints, bools, general broadcasting, the other transcendental
 *   functions and float64 exp/tanh, where, transpose, prod, argmax, argmin and linalg: JS.
 *
 * Every kernel is deterministic: same inputs, same bits, every run.
 *
 * @since 0.1.0
 */
import type { Backend } from '../backend.js'
import { jsBackend } from '../js/index.js'
import { adam } from './adam.js'
import { binary, reduce, unary } from './elementwise.js'
import { erfinv32 } from './erfinv.js'
import { matmul } from './matmul.js'
import { built, runtime, simdAvailable, type Runtime } from './runtime.js'
import { threefry } from './threefry.js'

const make = (rt: Runtime): Backend => ({
  ...jsBackend,
  name: 'wasm',
  unary: unary(rt),
  binary: binary(rt),
  reduce: reduce(rt),
  matmul: matmul(rt),
  adam: adam(rt),
  threefry: threefry(rt),
  erfinv32: erfinv32(rt),
})

/** The SIMD kernels on the lazily built module (`runtime.ts`): building it is their first access to `runtime`. */
const lazy: Backend | null = simdAvailable && runtime !== null ? make(runtime) : null

/** Set when the engine refused to build the module (`built()` is null): every later call runs on JS. */
let refused = false

/**
 * What a SIMD kernel's throw means: if building the module failed (the kernel
 * threw on its first access to the runtime, before writing anything), note it,
 * and the caller runs the JS kernel, now and from then on; any other error is
 * rethrown.
 */
const refuse = (e: unknown): void => {
  if (built() !== null) throw e
  refused = true
}

/**
 * The WebAssembly SIMD backend, or `null` where WebAssembly SIMD is unavailable.
 *
 * Loading it builds nothing: the module is built by the first kernel call that
 * reaches it (small inputs, which go straight to JS, never do), or by reading
 * `name`, so the name is always that of the kernels that run: `'wasm'`, or `'js'`
 * in an engine that validates SIMD but refuses to compile the module (none known).
 *
 * @category backend
 */
export const wasmBackend: Backend | null = lazy === null ? null : {
  ...lazy,
  get name() { return built() === null ? 'js' : 'wasm' },
  unary: (op, x, out) => {
    if (!refused) try { return lazy.unary(op, x, out) } catch (e) { refuse(e) }
    jsBackend.unary(op, x, out)
  },
  binary: (op, a, aStrides, b, bStrides, outShape, out) => {
    if (!refused) try { return lazy.binary(op, a, aStrides, b, bStrides, outShape, out) } catch (e) { refuse(e) }
    jsBackend.binary(op, a, aStrides, b, bStrides, outShape, out)
  },
  reduce: (op, x, outer, n, inner, out) => {
    if (!refused) try { return lazy.reduce(op, x, outer, n, inner, out) } catch (e) { refuse(e) }
    jsBackend.reduce(op, x, outer, n, inner, out)
  },
  matmul: (a, b, out, batch, m, k, n, transA, transB, aStride, bStride) => {
    if (!refused) try { return lazy.matmul(a, b, out, batch, m, k, n, transA, transB, aStride, bStride) } catch (e) { refuse(e) }
    jsBackend.matmul(a, b, out, batch, m, k, n, transA, transB, aStride, bStride)
  },
  adam: (g, mu, nu, muOut, nuOut, uOut, step) => {
    if (!refused) try { return lazy.adam(g, mu, nu, muOut, nuOut, uOut, step) } catch (e) { refuse(e) }
    jsBackend.adam(g, mu, nu, muOut, nuOut, uOut, step)
  },
  threefry: (k0, k1, hi, lo, len, y0, y1) => {
    if (!refused) try { return lazy.threefry(k0, k1, hi, lo, len, y0, y1) } catch (e) { refuse(e) }
    jsBackend.threefry(k0, k1, hi, lo, len, y0, y1)
  },
  erfinv32: (xs, scale) => {
    if (!refused) try { return lazy.erfinv32(xs, scale) } catch (e) { refuse(e) }
    jsBackend.erfinv32(xs, scale)
  },
}
