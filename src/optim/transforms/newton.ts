/**
 * Newton's method as a gradient transformation: `u = (H + λI)⁻¹ g`, with `H`
 * the Hessian of the loss at the current parameters and `g` the incoming
 * updates (the gradient). Chain it with `scaleByLearningRate(1)` for the
 * classic step `p ← p - (H + λI)⁻¹ ∇f(p)` (that is the `newton` alias).
 *
 * The loss comes in through `extra`: `update(g, state, params, { loss })`
 * (or `optimizer.step(state, g, { loss })`). All parameter leaves are
 * flattened into one vector (float64 if any leaf is float64, else float32,
 * unless `dtype` says otherwise) and the loss is differentiated through a
 * function that unflattens that vector, so `hessian` sees one `[n]` input and
 * returns an `[n, n]` matrix.
 *
 * `mode: 'dense'` (the default) forms `H` and calls `linalg.solve`: O(n²)
 * memory, n forward-over-reverse passes. `mode: 'cg'` never forms `H`: it runs
 * conjugate gradients on Hessian-vector products (`hvp`), for parameter
 * counts too large for a dense Hessian; it needs `H + λI` positive definite.
 *
 * @example
 * const loss = (p: { w: Tensor }) => sum(square(sub(p.w, 3)))
 * const t = scaleByNewton()
 * const [u] = t.update(grad(loss)(params), t.init(params), params, { loss })
 *
 * @since 0.1.0
 */
import { add, cast, concat, hessian, hvp, mul, reshape, slice, sub, sum } from '../../ad/index.js'
import { LinAlgError, ValueError } from '../../errors.js'
import { solve } from '../../linalg.js'
import { eye, zerosLike } from '../../tensor/create.js'
import type { FloatDType } from '../../tensor/dtype.js'
import type { Tensor } from '../../tensor/tensor.js'
import * as tree from '../../tree/index.js'
import { emptyState, type EmptyState, type GradientTransformation, type Params, type Updates } from '../base.js'
import { expectEmpty, expectLike, flattenOf, leavesOf } from '../check.js'
import * as V from '../validate.js'

// ---- model ----

/** Options of `scaleByNewton`. @category model @since 0.1.0 */
export interface NewtonOptions {
  /** λ in `(H + λI)⁻¹ g` (default 0: the pure Newton step). */
  readonly damping?: number
  /** `'dense'` (form H and solve; the default) or `'cg'` (conjugate gradients on `hvp`). */
  readonly mode?: 'dense' | 'cg'
  /** The dtype of the flattened vector and the solve (default: float64 if any leaf is, else float32). */
  readonly dtype?: FloatDType
  /** `cg` only: the most iterations (default: the number of parameters). */
  readonly maxIter?: number
  /** `cg` only: stop when ‖r‖ ≤ tol·‖g‖ (default 1e-10 in float64, 1e-5 in float32). */
  readonly tol?: number
}

// ---- utils ----

/** Pack the leaves into one vector and back (each leaf regains its shape and dtype). */
const flattener = (params: Params, dtype?: FloatDType) => {
  const [ls, def] = flattenOf(params)
  const dt: FloatDType = dtype ?? (ls.some((l) => l.dtype === 'float64') ? 'float64' : 'float32')
  const offsets = ls.reduce<number[]>((acc, l) => [...acc, acc[acc.length - 1]! + l.size], [0])
  return {
    n: offsets[offsets.length - 1]!,
    dtype: dt,
    pack: (t: Updates): Tensor => concat(leavesOf(t).map((l) => reshape(cast(l, dt), [-1])), 0),
    unpack: (v: Tensor): Params =>
      tree.unflatten(def, ls.map((l, i) => cast(reshape(slice(v, [offsets[i]!], [offsets[i + 1]!]), l.shape), l.dtype))),
  }
}

const dot = (a: Tensor, b: Tensor): number => sum(mul(a, b)).item()

/** Solve A·x = b for symmetric positive definite A, given only x ↦ A·x. */
const conjugateGradient = (matvec: (p: Tensor) => Tensor, b: Tensor, maxIter: number, tol: number): Tensor => {
  let x = zerosLike(b)
  let r = b
  let p = r
  let rs = dot(r, r)
  const stop = tol * tol * rs
  for (let i = 0; i < maxIter && rs > stop; i++) {
    const ap = matvec(p)
    const pap = dot(p, ap)
    if (!(pap > 0))
      throw new LinAlgError(
        `scaleByNewton (cg): the damped Hessian is not positive definite (pᵀ(H + λI)p = ${pap}); increase damping, or use mode 'dense'`,
      )
    const alpha = rs / pap
    x = add(x, mul(p, alpha))
    r = sub(r, mul(ap, alpha))
    const rsNew = dot(r, r)
    p = add(r, mul(p, rsNew / rs))
    rs = rsNew
  }
  return x
}

// ---- constructors ----

/**
 * The damped Newton direction `(H + λI)⁻¹ g`; needs `params` and
 * `extra.loss`. Stateless.
 *
 * @example
 * const opt = optimizer(chain(scaleByNewton({ damping: 1e-3 }), scaleByLearningRate(1)))
 * const next = opt.step(state, grad(loss)(state.params), { loss })
 *
 * @see Nocedal & Wright, Numerical Optimization (2006), chapters 3 (Newton) and 5 (conjugate gradients)
 * @category constructors
 * @since 0.1.0
 */
export const scaleByNewton = (opts: NewtonOptions = {}): GradientTransformation<EmptyState> => {
  const op = 'scaleByNewton'
  const { damping = 0, mode = 'dense', dtype, maxIter, tol } = V.options(op, opts)
  V.nonNegative(op, 'damping', damping)
  V.oneOf(op, 'mode', mode, ['dense', 'cg'])
  if (dtype !== undefined) V.oneOf(op, 'dtype', dtype, ['float32', 'float64'])
  if (maxIter !== undefined) V.positiveInt(op, 'maxIter', maxIter)
  if (tol !== undefined) V.nonNegative(op, 'tol', tol)
  return {
    init: () => emptyState,
    update: (updates, state, params, extra) => {
      expectEmpty(op, state)
      if (params === undefined)
        throw new ValueError(`${op}: needs the parameters: pass them as the third argument of update (optimizer.step does this)`)
      const loss = extra?.loss as ((p: Params) => Tensor) | undefined
      if (typeof loss !== 'function')
        throw new ValueError(
          `${op}: needs the loss: pass extra = { loss: (params) => scalar } to update(updates, state, params, extra), ` +
            'or to optimizer.step(state, grads, extra)',
        )
      expectLike(op, ['parameters', 'updates'], params, updates)
      const fl = flattener(params, dtype)
      if (fl.n === 0) return [updates, emptyState]
      const f = (v: Tensor): Tensor => loss(fl.unpack(v))
      const x = fl.pack(params)
      const g = fl.pack(updates)
      const d =
        mode === 'dense'
          ? solve(add(hessian(f)(x) as Tensor, mul(eye(fl.n, fl.n, fl.dtype), damping)), g)
          : conjugateGradient(
              (v) => add(hvp(f, [x], [v]) as Tensor, mul(v, damping)),
              g,
              maxIter ?? fl.n,
              tol ?? (fl.dtype === 'float64' ? 1e-10 : 1e-5),
            )
      return [fl.unpack(d) as typeof updates, emptyState]
    },
  }
}
