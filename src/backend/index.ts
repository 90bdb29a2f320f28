/**
 * The backend the tensor ops run on. There is one at a time: chosen at load
 * time, and changed only by an explicit `setBackend` call (the user's choice,
 * made once at start-up; it never changes on its own).
 *
 * It is the WebAssembly SIMD backend (`wasm/index.ts`) where WebAssembly SIMD
 * is available, else the plain TypeScript one (`js/index.ts`). Choosing the
 * default costs only a probe: the wasm module itself is built by the first
 * kernel call that needs it (or by reading the backend's `name`), so importing
 * the package stays cheap; an explicit `wasm` choice builds it at once. The environment
 * variable `FLUXION_BACKEND=js|wasm`, read once when this module loads (in Node;
 * browsers have no environment and always take the default), forces a choice;
 * any other value throws a `ValueError` at load:
 *
 * ```sh
 * FLUXION_BACKEND=js npx vitest run     # the reference kernels
 * FLUXION_BACKEND=wasm npx tsx train.ts # SIMD, or an error where it is unavailable
 * ```
 *
 * This file is the backend's only door: the layers above import the chosen
 * `backend`, the kernel types, and the scalar reference math the random module
 * shares with the kernels from here, never from `js/` or `wasm/` (a test,
 * `test/backend-imports.test.ts`, parses every import under `src/` to hold this,
 * and that there is no import cycle).
 *
 * The two agree bit for bit (float64 always; `test/backend-parity.test.ts`)
 * except where the wasm backend documents otherwise: float32 matmul accumulates
 * in float32 (within (k+2)·2⁻²⁴·Σ|a·b| of JS), and float32 exp, tanh and
 * sigmoid may differ by one ulp.
 */
import { ValueError } from '../errors.js'
import type { Backend } from './backend.js'
import { jsBackend } from './js/index.js'
import { wasmBackend } from './wasm/index.js'

export type { AdamStep, Backend, BinaryOp, FloatArray, ReduceOp, TypedArray, UnaryOp } from './backend.js'
/** Scalar float64 erf pieces (`js/erf.ts`), which `random`'s erfinv64 refines with. */
export { erf64, erfcFraction, erfSeries, expNegSq, SQRT_PI, TWO_OVER_SQRT_PI } from './js/erf.js'
/** float32 erfinv as XLA evaluates it (`js/erfinv32.ts`), which `random`'s erfinv32 is. */
export { fma32, giles32, gilesBatch32, W_GE_5, W_LT_5 } from './js/erfinv32.js'
/** The Skein key-schedule parity constant of threefry (`js/threefry.ts`). */
export { KS_PARITY } from './js/threefry.js'
export { powi, powRule } from './js/powi.js'
/** The pieces a compiler above the backend emits and runs its WebAssembly with (`src/jit/`). */
export * as wasmToolkit from './wasm/toolkit.js'

const choose = (requested: string | undefined, by = 'FLUXION_BACKEND='): Backend => {
  switch (requested) {
    case undefined:
    case '':
      return wasmBackend ?? jsBackend
    case 'js':
      return jsBackend
    case 'wasm':
      // reading `name` builds the module (`wasm/index.ts`): an explicit request fails here, not at the first kernel
      if (wasmBackend === null || wasmBackend.name !== 'wasm')
        throw new ValueError(`${by}wasm: this runtime has no WebAssembly SIMD; use 'js' (or leave the default)`)
      return wasmBackend
    default:
      throw new ValueError(`${by}${requested}: the backend must be 'js' or 'wasm' (or unset for the fastest available)`)
  }
}

/** `process.env` where there is one (Node), nothing in a browser. */
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env

/** The active backend. A live binding: `setBackend` replaces it for every importer. */
export let backend: Backend = choose(env?.['FLUXION_BACKEND'])

/** Switch every later op to the named backend; throws a `ValueError` for an unknown or unavailable one. */
export const selectBackend = (name: 'js' | 'wasm'): void => {
  backend = choose(name, 'setBackend: ')
}
