/**
 * What a compiler above the backend (`src/jit/`) needs to emit and run its own
 * WebAssembly against the backend's instance: the encoder, the float widths,
 * the transcendental kernel bodies (so fused loops give the eager kernels'
 * bits), the runtime and the matmul driver on placed buffers. Re-exported by
 * `backend/index.ts`, the one door into the backend.
 */
export { runtime, MAX_PAGES, type Runtime } from './runtime.js'
export { wasmBackend } from './index.js'
export {
  encodeModule, f32, f32x4, f64, f64x2, forLoop, func, i32, i8x16, if_, select, uleb, v128, type Code, type Func, type Local,
} from './emit/encoder.js'
export { F32, F64, type Float } from './emit/float.js'
export { GEMM_BLOCK } from './emit/kernels.js'
export { transcendentalBody, type TranscendentalKernel } from './emit/transcendental.js'
export { matmulAt } from './matmul.js'
export { packBytes, paddedCols } from './gemm-plan.js'
export { ELEMENTWISE_MIN } from './elementwise.js'
