/**
 * Reverse mode: the VJP interpreter. While `f` runs, every primitive applied
 * to a `VJPTracer` records a node holding its inputs' nodes and a closure that
 * maps the output's cotangent to the inputs' cotangents (the primitive's `vjp`
 * rule over the saved primals). `backward` then walks the nodes in reverse
 * creation order, which is a topological order, adding cotangents up.
 *
 * The backward pass runs with the public ops, after this trace has ended, so
 * any transformation running outside it (another `grad`, a `jvp`) records the
 * backward pass too: reverse-over-reverse and forward-over-reverse just work.
 *
 * @since 0.1.0
 */
import { isFloat } from '../tensor/dtype.js'
import type { Tensor } from '../tensor/tensor.js'
import { bind, Trace, Tracer, type Cotangents, type Primitive } from './core.js'

export interface VJPNode {
  readonly id: number
  readonly parents: ReadonlyArray<VJPNode | null>
  /** null for an input of the transformation */
  readonly backward: ((ct: Tensor) => Cotangents) | null
}

export class VJPTracer extends Tracer {
  constructor(
    readonly trace: VJPTrace,
    readonly primal: Tensor,
    /** null: a constant of this trace (nothing flows back through it) */
    readonly node: VJPNode | null,
  ) {
    super()
  }
}

export class VJPTrace extends Trace {
  private nextId = 0
  constructor(level: number) {
    super(level, 'vjp')
  }
  lift(x: Tensor): VJPTracer {
    return new VJPTracer(this, x, null)
  }
  /** A new input of the transformation. */
  input(x: Tensor): VJPTracer {
    return new VJPTracer(this, x, { id: this.nextId++, parents: [], backward: null })
  }
  /** Record a node with a custom backward closure (used by customVjp and customJvp). */
  record(out: Tensor, parents: ReadonlyArray<VJPTracer>, backward: (ct: Tensor) => Cotangents): VJPTracer {
    if (!isFloat(out.dtype) || parents.every((p) => p.node === null)) return new VJPTracer(this, out, null)
    return new VJPTracer(this, out, { id: this.nextId++, parents: parents.map((p) => p.node), backward })
  }
  process<P>(prim: Primitive<P>, args: ReadonlyArray<Tracer>, params: P): Tensor {
    const tracers = args as ReadonlyArray<VJPTracer>
    const primals = tracers.map((t) => t.primal)
    const out = bind(prim, primals, params)
    if (prim.nondiff) return new VJPTracer(this, out, null)
    const needs = tracers.map((t) => t.node !== null)
    return this.record(out, tracers, (ct) => prim.vjp(ct, primals, params, out, needs))
  }
}

/**
 * Propagate cotangents from `outputs` back to `inputs`. Returns one cotangent per
 * input, `null` where nothing flowed back.
 * `add` is passed in to keep this module free of the op definitions.
 */
export const backward = (
  outputs: ReadonlyArray<readonly [VJPNode, Tensor]>,
  inputs: ReadonlyArray<VJPNode | null>,
  add: (a: Tensor, b: Tensor) => Tensor,
): Array<Tensor | null> => {
  const cts = new Map<VJPNode, Tensor>()
  const accumulate = (node: VJPNode, ct: Tensor): void => {
    const prev = cts.get(node)
    cts.set(node, prev === undefined ? ct : add(prev, ct))
  }
  // collect the nodes that reach an output
  const seen = new Set<VJPNode>()
  const stack: VJPNode[] = []
  for (const [node, ct] of outputs) {
    accumulate(node, ct)
    stack.push(node)
  }
  while (stack.length > 0) {
    const n = stack.pop()!
    if (seen.has(n)) continue
    seen.add(n)
    for (const p of n.parents) if (p !== null && !seen.has(p)) stack.push(p)
  }
  const order = [...seen].sort((a, b) => b.id - a.id)
  for (const node of order) {
    if (node.backward === null) continue
    const ct = cts.get(node)
    if (ct === undefined) continue
    cts.delete(node) // free it as soon as it is used
    const parentCts = node.backward(ct)
    node.parents.forEach((p, i) => {
      const c = parentCts[i]
      if (p !== null && c !== null && c !== undefined) accumulate(p, c)
    })
  }
  return inputs.map((n) => (n === null ? null : (cts.get(n) ?? null)))
}

/** `bind` re-exported for the combinators. @internal */
export { bind }
