/**
 * The backend the tensor ops run on. There is one, fixed at load time, so no
 * global switch can change results behind a user's back.
 *
 * It is the WebAssembly SIMD backend (`wasm/index.ts`) where WebAssembly SIMD
 * is available, else the plain TypeScript one (`js/index.ts`). The environment
 * variable `FLUXION_BACKEND=js|wasm`, read once when this module loads (in Node;
 * browsers have no environment and always take the default), forces a choice;
 * any other value throws a `ValueError` at load:
 *
 * ```sh
 * FLUXION_BACKEND=js npx vitest run     # the reference kernels
 * FLUXION_BACKEND=wasm npx tsx train.ts # SIMD, or an error where it is unavailable
 * ```
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

export type { Backend, BinaryOp, ReduceOp, UnaryOp } from './backend.js'

const choose = (requested: string | undefined): Backend => {
  switch (requested) {
    case undefined:
    case '':
      return wasmBackend ?? jsBackend
    case 'js':
      return jsBackend
    case 'wasm':
      if (wasmBackend === null)
        throw new ValueError('FLUXION_BACKEND=wasm, but this runtime has no WebAssembly SIMD; unset it or set FLUXION_BACKEND=js')
      return wasmBackend
    default:
      throw new ValueError(`FLUXION_BACKEND must be 'js' or 'wasm' (or unset for the fastest available), got '${requested}'`)
  }
}

/** `process.env` where there is one (Node), nothing in a browser. */
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env

export const backend: Backend = choose(env?.['FLUXION_BACKEND'])
