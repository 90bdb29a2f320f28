/**
 * Custom derivative rules for user functions: `customJvp` and `customVjp`.
 *
 * `customJvp(f, rule)` replaces `f`'s forward-mode derivative with `rule`;
 * reverse mode is derived from it (the rule's tangent map is linear, so its
 * own vjp is the transpose). `customVjp(f, fwd, bwd)` replaces the reverse
 * pass; like JAX, it does not support forward mode on top of it.
 *
 * @example
 * // log(1 + e^x) with a derivative that stays finite for large x
 * const softplus = customJvp(
 *   (x: Tensor) => log1p(exp(x)),
 *   ([x], [t]) => [log1p(exp(x)), mul(t, sigmoid(x))],
 * )
 *
 * @since 0.1.0
 */
import { TraceError, showShape } from '../errors.js'
import { zeros } from '../tensor/create.js'
import { isFloat } from '../tensor/dtype.js'
import { shapesEqual } from '../tensor/shape.js'
import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { checkFn, vjp } from './api.js'
import { lower, topTrace, type Cotangents } from './core.js'
import { JVPTrace, JVPTracer } from './jvp.js'
import { asTensor } from './prims/util.js'
import { VJPTrace, VJPTracer } from './vjp.js'
import { BatchTrace, BatchTracer } from './batching.js'
import { moveAxis } from './prims/batchrules.js'
import { sum } from './prims/reduce.js'
import { vmap } from './vmap.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => unknown

const flatTensors = (op: string, t: unknown): [Tensor[], tree.TreeDef] => {
  const [ls, def] = tree.flatten(t as tree.PyTree<unknown>)
  return [ls.map((l) => (l instanceof Tensor ? l : asTensor(op, l as number))), def]
}

const checkLike = (op: string, what: string, expected: ReadonlyArray<Tensor>, got: ReadonlyArray<Tensor>): void => {
  if (expected.length !== got.length) throw new TraceError(`${op}: the ${what} has ${got.length} leaves, expected ${expected.length}`)
  expected.forEach((e, i) => {
    if (!shapesEqual(e.shape, got[i]!.shape))
      throw new TraceError(`${op}: leaf ${i} of the ${what} has shape ${showShape(got[i]!.shape)}, expected ${showShape(e.shape)}`)
  })
}

/**
 * Under `vmap`, a custom function is batched by batching its rules: the batch
 * axes move first, `f` and the rules run under an inner vmap over them, and
 * the result is again a function with custom rules, one level down. So a
 * transformation running outside the vmap still sees the custom rule.
 */
const batchCustom = (top: BatchTrace, al: ReadonlyArray<Tensor>,
  make: (axes: Array<0 | null>, size: number) => (...leaves: Tensor[]) => unknown): unknown => {
  const mine = (x: Tensor): x is BatchTracer => x instanceof BatchTracer && x.trace === top
  const vals = al.map((x) => (mine(x) ? (x.bdim === null ? x.val : moveAxis(x.val, x.bdim, 0)) : x))
  const axes = al.map((x) => (mine(x) && x.bdim !== null ? 0 : null))
  const out = make(axes, top.size)(...vals)
  const [ol, odef] = tree.flatten(out as tree.PyTree<unknown>)
  return tree.unflatten(odef, ol.map((o) => new BatchTracer(top, o as Tensor, 0)))
}

/** Zeros standing for "no tangent" on an input. */
const zerosFor = (x: Tensor): Tensor => zeros(x.shape, isFloat(x.dtype) ? x.dtype : 'float32')

/**
 * `f` with its forward-mode derivative given by `rule(primals, tangents) => [out, outTangent]`.
 * The rule must be written with fluxion ops (so higher derivatives work) and be linear in the tangents.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { customJvp, grad, log1p, exp, mul, sigmoid, tensor, type Tensor } from 'fluxion'
 * // softplus with its derivative written by hand: d/dx log(1 + eˣ) = sigmoid(x)
 * const softplus = customJvp((x: Tensor) => log1p(exp(x)), ([x], [t]) => [log1p(exp(x)), mul(sigmoid(x), t)])
 * assert.ok(Math.abs(grad(softplus)(tensor(0)).item() - 0.5) < 1e-7)
 * ```
 * @category combinators
 */
export const customJvp = <F extends Fn>(
  f: F,
  rule: (primals: Parameters<F>, tangents: Parameters<F>) => readonly [ReturnType<F>, ReturnType<F>],
): F => {
  const op = 'customJvp'
  checkFn(op, f, 'the function to give a rule to')
  checkFn(op, rule, 'a jvp rule (primals, tangents) => [out, outTangent]')
  const wrapped = ((...args: Parameters<F>) => {
    const [al, adef] = flatTensors(op, args)
    const top = topTrace(al)
    // no trace, or jit's tracing trace (src/jit): the primal function is traced inline
    if (top === null || top.kind === 'jit') return f(...args)
    if (top instanceof BatchTrace)
      return batchCustom(top, al, (axes, axisSize) => customJvp(
        vmap((...ls: Tensor[]) => f(...tree.unflatten<Parameters<F>>(adef, ls)), { inAxes: axes, axisSize }),
        (ps: Tensor[], ts: Tensor[]) => vmap((p: Tensor[], t: Tensor[]) =>
          rule(tree.unflatten<Parameters<F>>(adef, p), tree.unflatten<Parameters<F>>(adef, t)), { inAxes: [axes, axes], axisSize })(ps, ts) as never,
      ))
    const lowered = al.map((x) => lower(x, top))
    const primals = tree.unflatten<Parameters<F>>(adef, lowered)
    if (top instanceof JVPTrace) {
      const tangents = al.map((x, i) => (x instanceof JVPTracer && x.trace === top && x.tangent !== null ? x.tangent : zerosFor(lowered[i]!)))
      const [out, tOut] = rule(primals, tree.unflatten<Parameters<F>>(adef, tangents))
      const [ol, odef] = flatTensors(op, out)
      const [tl] = flatTensors(op, tOut)
      checkLike(op, 'output tangent', ol, tl)
      return tree.unflatten(odef, ol.map((o, i) => new JVPTracer(top, o, isFloat(o.dtype) ? tl[i]! : null)))
    }
    if (top instanceof VJPTrace) {
      // through `wrapped`, not `f`: a transformation running below this one must see the custom rule too
      const out = wrapped(...primals)
      const [ol, odef] = flatTensors(op, out)
      const parents = al.map((x) => (x instanceof VJPTracer && x.trace === top ? x : top.lift(x)))
      const zeroTangents = tree.unflatten<Parameters<F>>(adef, lowered.map(zerosFor))
      return tree.unflatten(odef, ol.map((o, k) =>
        top.record(o, parents, (ct): Cotangents => {
          // the tangent map t -> rule(primals, t)[1][k] is linear: its vjp is its transpose
          const tangentOut = (...ts: unknown[]) => flatTensors(op, rule(primals, ts as Parameters<F>)[1])[0][k]!
          const [, pullback] = vjp(tangentOut, ...(zeroTangents as unknown[]))
          return flatTensors(op, pullback(ct))[0]
        })))
    }
    throw new TraceError(`${op}: the ${top.kind} transformation is not supported for custom rules`)
  }) as F
  return wrapped
}

/**
 * `f` with its reverse-mode derivative given by `fwd(...args) => [out, residuals]`
 * and `bwd(residuals, outCotangent) => cotangentsPerArg`. Forward mode
 * (`jvp`, `jacfwd`) of such a function is an error, as in JAX.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { customVjp, grad, maximum, minimum, mul, sum, tensor, type Tensor } from 'fluxion'
 * // the gradient clipped to [-1, 1] on the way back, the value unchanged
 * const clipGrad = customVjp(
 *   (x: Tensor) => x,
 *   (x: Tensor) => [x, null] as const,
 *   (_, ct: Tensor) => [minimum(maximum(ct, -1), 1)],
 * )
 * assert.deepEqual(grad((x: Tensor) => sum(mul(clipGrad(x), 5)))(tensor([1, 2])).toArray(), [1, 1])
 * ```
 * @category combinators
 */
export const customVjp = <F extends Fn, R>(
  f: F,
  fwd: (...args: Parameters<F>) => readonly [ReturnType<F>, R],
  bwd: (residuals: R, ct: ReturnType<F>) => Parameters<F> | ReadonlyArray<unknown>,
): F => {
  const op = 'customVjp'
  checkFn(op, f, 'the function to give a rule to')
  checkFn(op, fwd, 'a forward rule (...args) => [out, residuals]')
  checkFn(op, bwd, 'a backward rule (residuals, cotangent) => cotangents')
  return ((...args: Parameters<F>) => {
    const [al, adef] = flatTensors(op, args)
    const top = topTrace(al)
    // no trace, or jit's tracing trace (src/jit): the primal function is traced inline
    if (top === null || top.kind === 'jit') return f(...args)
    if (top instanceof VJPTrace) {
      const primals = tree.unflatten<Parameters<F>>(adef, al.map((x) => lower(x, top)))
      const [out, res] = fwd(...primals)
      const [ol, odef] = flatTensors(op, out)
      const parents = al.map((x) => (x instanceof VJPTracer && x.trace === top ? x : top.lift(x)))
      return tree.unflatten(odef, ol.map((o, k) =>
        top.record(o, parents, (ct): Cotangents => {
          const full = ol.map((x, i) => (i === k ? ct : zeros(x.shape, x.dtype)))
          const cts = bwd(res, tree.unflatten(odef, full))
          const [cl, cdef] = flatTensors(op, cts)
          const d = tree.structureDiff(adef, cdef)
          if (d !== null) throw new TraceError(`${op}: bwd must return one cotangent per argument, structured like the arguments: ${d}`)
          checkLike(op, 'cotangent returned by bwd', al, cl)
          return cl
        })))
    }
    if (top instanceof BatchTrace)
      return batchCustom(top, al, (axes, axisSize) => {
        const unflat = (ls: Tensor[]) => tree.unflatten<Parameters<F>>(adef, ls)
        const bwdLeaves = (res: R, ct: ReturnType<F>): Tensor[] => {
          const [cl, cdef] = flatTensors(op, bwd(res, ct))
          const d = tree.structureDiff(adef, cdef)
          if (d !== null) throw new TraceError(`${op}: bwd must return one cotangent per argument, structured like the arguments: ${d}`)
          return cl
        }
        return customVjp(
          vmap((...ls: Tensor[]) => f(...unflat(ls)), { inAxes: axes, axisSize }),
          vmap((...ls: Tensor[]) => fwd(...unflat(ls)), { inAxes: axes, axisSize }) as never,
          // an argument shared by every example gets the sum of the examples' cotangents
          (res: unknown, ct: unknown) => (vmap(bwdLeaves, { axisSize })(res as never, ct as never) as Tensor[])
            .map((c, i) => (axes[i] === null ? sum(c, 0) : c)),
        )
      })
    if (top instanceof JVPTrace)
      throw new TraceError(
        `${op}: forward mode (jvp, jacfwd, linearize) is not defined for a customVjp function; use customJvp, which supports both modes ` +
          '(forward-over-reverse, as in hessian, does work when bwd is differentiable)',
      )
    throw new TraceError(`${op}: the ${top.kind} transformation is not supported for custom rules`)
  }) as F
}
