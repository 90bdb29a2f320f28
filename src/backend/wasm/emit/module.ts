/**
 * The whole wasm module's function list: every kernel of every emitter, for
 * both float widths. `runtime.ts` encodes and instantiates it once, on first use.
 */
import type { Func } from './encoder.js'
import { compareKernels } from './compare.js'
import { erfinvKernel } from './erfinv.js'
import { F32, F64 } from './float.js'
import {
  adam, BINARY_KERNELS, binary, extremeCols, extremeRows, gemm, pack, smallGemm, sumCols, sumRows, unary, UNARY_KERNELS,
} from './kernels.js'
import { log1pKernels } from './log1p.js'
import { threefryKernel } from './threefry.js'
import { transcendentalKernels } from './transcendental.js'

/** Every kernel, for both float widths. */
export const allKernels = (): Func[] =>
  [F32, F64].flatMap((F) => [
    gemm(F),
    pack(F),
    smallGemm(F),
    ...BINARY_KERNELS.flatMap((op) => (['vv', 'vs', 'sv'] as const).map((mode) => binary(F, op, mode))),
    ...UNARY_KERNELS.map((op) => unary(F, op)),
    sumRows(F),
    sumCols(F),
    ...(['max', 'min'] as const).flatMap((op) => [extremeRows(F, op), extremeCols(F, op)]),
    adam(F),
  ]).concat(transcendentalKernels(), threefryKernel(), erfinvKernel(), log1pKernels(), compareKernels([F32, F64]))
