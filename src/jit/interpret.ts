/**
 * The reference backend of `jit`: evaluate the IR equation by equation with
 * `bind`. On concrete inputs each equation runs the primitive's eager `impl`,
 * so the results are the eager results bit for bit, by construction. Under an
 * outer transformation (a JVP, VJP or batching trace) `bind` hands each
 * equation to that trace: evaluating the IR under `jvp` *is* the JVP of the
 * IR, which is how the derivative and batching rules of a jitted function act
 * on its program.
 *
 * @since 0.4.0
 */
import { bind } from '../ad/core.js'
import type { Tensor } from '../tensor/tensor.js'
import type { Jaxpr, Var } from './ir.js'

/** Run a program on its inputs (one per `inVars`); returns one value per `outVars`. @category combinators */
export const evalJaxpr = (j: Jaxpr, args: ReadonlyArray<Tensor>, consts: ReadonlyArray<Tensor> = j.consts): Tensor[] => {
  const env = new Map<Var, Tensor>()
  j.constVars.forEach((v, i) => env.set(v, consts[i]!))
  j.inVars.forEach((v, i) => env.set(v, args[i]!))
  // the last use of each variable, so intermediates are dropped as soon as they are dead
  const last = new Map<Var, number>()
  j.eqns.forEach((e, k) => e.inputs.forEach((v) => last.set(v, k)))
  const keep = new Set(j.outVars)
  j.eqns.forEach((e, k) => {
    const ins = e.inputs.map((v) => env.get(v)!)
    env.set(e.out, bind(e.prim, ins, e.params as never))
    for (const v of e.inputs) if (last.get(v) === k && !keep.has(v)) env.delete(v)
  })
  return j.outVars.map((v) => env.get(v)!)
}
