/**
 * `jit` and `makeJaxpr`: trace to a typed IR, simplify, compile, cache. See
 * DESIGN.md in this folder for how the IR, the passes and the memory plan fit.
 *
 * @since 0.4.0
 */
export { jit, makeJaxpr, type JitOptions, type Jitted } from './jit.js'
export { ClosedJaxpr, showJaxpr, type Jaxpr, type Eqn, type Var } from './ir.js'
export { evalJaxpr } from './interpret.js'
export { dce, cse, simplify } from './passes.js'
