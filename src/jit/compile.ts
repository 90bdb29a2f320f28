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
import type { Jaxpr } from './ir.js'
import { evalJaxpr } from './interpret.js'
import { compileWasm } from './wasm.js'

/** A compiled program: inputs (one per `inVars`) and constants in, outputs out. @category model */
export interface Program {
  /** Which backend runs it: 'interpret' (the eager kernels, equation by equation) or 'wasm'. */
  readonly kind: string
  /** Bytes of linear memory the program's memory plan pins while it runs (wasm programs). */
  readonly planBytes?: number
  /** How many equations run inside fused loops (wasm programs). */
  readonly fusedEqns?: number
  /**
   * Run on inputs (one per `inVars`) and constants. `into` may give, per
   * output, a buffer of its dtype and size to write it into (a donated
   * input's: the inputs are read before any output is written); a program may
   * ignore it.
   */
  run(ins: ReadonlyArray<ConcreteTensor>, consts: ReadonlyArray<ConcreteTensor>, into?: ReadonlyArray<TypedArray | null>): Tensor[]
}

/** Compile a simplified program. @category combinators */
export const compile = (j: Jaxpr, opts: { readonly backend?: 'auto' | 'interpret' } = {}): Program =>
  (opts.backend === 'interpret' ? null : compileWasm(j)) ?? {
    kind: 'interpret',
    run: (ins, consts) => evalJaxpr(j, ins, consts),
  }
