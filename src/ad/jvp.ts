/**
 * Forward mode: the JVP interpreter. A `JVPTracer` carries a primal and its
 * tangent; each primitive's `jvp` rule pushes tangents forward. A `null`
 * tangent is a symbolic zero: when every input's tangent is zero the rule is
 * skipped, so constants cost nothing.
 *
 * @since 0.1.0
 */
import { isFloat } from '../tensor/dtype.js'
import type { Tensor } from '../tensor/tensor.js'
import { bind, Trace, Tracer, type Primitive } from './core.js'
import { zerosLikeT } from './zeros.js'

export class JVPTracer extends Tracer {
  constructor(
    readonly trace: JVPTrace,
    readonly primal: Tensor,
    /** null is a symbolic zero */
    readonly tangent: Tensor | null,
  ) {
    super()
  }
}

export class JVPTrace extends Trace {
  constructor(level: number) {
    super(level, 'jvp')
  }
  lift(x: Tensor): JVPTracer {
    return new JVPTracer(this, x, null)
  }
  process<P>(prim: Primitive<P>, args: ReadonlyArray<Tracer>, params: P): Tensor {
    const tracers = args as ReadonlyArray<JVPTracer>
    const primals = tracers.map((t) => t.primal)
    const out = bind(prim, primals, params)
    if (prim.nondiff || !isFloat(out.dtype) || tracers.every((t) => t.tangent === null))
      return new JVPTracer(this, out, null)
    const zero = tracers.map((t) => t.tangent === null)
    // a rule with symbolicZeros never reads a tangent flagged zero: the placeholder is never used
    const tangents = tracers.map((t, i) => t.tangent ?? (prim.symbolicZeros ? primals[i]! : zerosLikeT(primals[i]!)))
    return new JVPTracer(this, out, prim.jvp(primals, tangents, params, out, zero))
  }
}
