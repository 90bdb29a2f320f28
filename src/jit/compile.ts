/**
 * From the IR to a runnable program. The wasm compiler (`wasm.ts`) takes the
 * programs it can; every other program, and every program when the wasm
 * backend is not in use, runs on the reference interpreter, whose results are
 * the eager results bit for bit.
 *
 * @since 0.4.0
 */
import type { ConcreteTensor, Tensor } from '../tensor/tensor.js'
import type { TypedArray } from '../tensor/dtype.js'
import type { Jaxpr, Program } from './ir.js'
import { evalJaxpr } from './interpret.js'
import { compileWasm } from './wasm.js'

/** A compiled program: inputs (one per `inVars`) and constants in, outputs out. @category model */
export type { Program } from './ir.js'

/** Compile a simplified program. @category combinators */
export const compile = (j: Jaxpr, opts: { readonly backend?: 'auto' | 'interpret' } = {}): Program =>
  (opts.backend === 'interpret' ? null : compileWasm(j)) ?? {
    kind: 'interpret',
    run: (ins, consts) => evalJaxpr(j, ins, consts),
  }
