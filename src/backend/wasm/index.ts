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
 * - the files here *drive* the kernels at run time: `runtime.ts` compiles and
 *   instantiates the module synchronously at load, and `elementwise.ts`,
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
import { runtime, type Runtime } from './runtime.js'
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

/** The WebAssembly SIMD backend, or `null` where WebAssembly SIMD is unavailable. @category backend */
export const wasmBackend: Backend | null = runtime === null ? null : make(runtime)
