/**
 * Which backend runs the kernels, and choosing one from code.
 *
 * The default is the WebAssembly SIMD backend where the engine has SIMD, else
 * the plain TypeScript one. `FLUXION_BACKEND=js|wasm` (Node) picks one at
 * load; `setBackend` picks one from code, for example in a browser where there
 * is no environment. Call it once at start-up: every later op runs on the
 * chosen backend. Both give the same bits except where the README says
 * otherwise (float32 matmul accumulation, the last bit of float32 `exp`/`tanh`/`sigmoid`).
 *
 * @example
 * import { backend, setBackend } from 'fluxion'
 * backend()            // 'wasm' (or 'js' where WebAssembly SIMD is missing)
 * setBackend('js')     // the reference kernels from here on
 *
 * @since 0.1.0
 */
import { backend as active, selectBackend } from './backend/index.js'

/** A backend's name. @category backends @since 0.1.0 */
export type BackendName = 'js' | 'wasm'

/**
 * The name of the backend the ops run on now.
 * @example
 * if (backend() === 'js') console.warn('no WebAssembly SIMD here: the slower reference kernels run')
 * @category backends
 * @since 0.1.0
 */
export const backend = (): BackendName => active.name as BackendName

/**
 * Run every later op on the named backend.
 * @throws ValueError for a name other than 'js' or 'wasm', or 'wasm' where WebAssembly SIMD is unavailable
 * @example
 * setBackend('wasm')
 * @category backends
 * @since 0.1.0
 */
export const setBackend = (name: BackendName): void => selectBackend(name)
