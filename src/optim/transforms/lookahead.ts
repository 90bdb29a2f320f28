/**
 * Nesterov momentum in its look-ahead form: the gradient is taken at the
 * point the momentum step alone would reach, `θ − η·β·t`, rather than at the
 * current parameters θ:
 *
 *     t ← β·t + (1 − d)·∇f(θ − η·β·t)        θ ← θ − η·t
 *
 * This is the form of the classic material ("the gradient at the look-ahead
 * point"). `trace({ nesterov: true })` is the reparametrized form (Sutskever
 * et al., optax, PyTorch): its iterates φ are this form's look-ahead points,
 * `φ = θ − η·β·t`, so the two give the same sequence in those coordinates
 * (the law `nesterovForms` in `laws/optim.ts`, and
 * `test/optim-momentum-nesterov.test.ts`). The reparametrized form needs only
 * the gradient at its own iterate, which is why libraries use it; this one
 * needs the loss, taken through `extra` as `scaleByNewton` does.
 *
 * @example
 * const t = lookaheadNesterov({ decay: 0.9, learningRate: 0.02 })
 * const opt = optimizer(chain(t, scaleByLearningRate(0.02)))   // what sgd(0.02, { momentum: 0.9, nesterov: 'lookahead' }) builds
 * const s1 = opt.step(opt.init(params), grad(loss)(params), { loss })
 *
 * @since 0.3.0
 */
import { cast, grad, mul, add, sub } from '../../ad/index.js'
import { ValueError } from '../../errors.js'
import type { Tensor } from '../../tensor/tensor.js'
import type { GradientTransformation, Params, Updates } from '../base.js'
import { expectFields, expectLike, flattenOf, leavesOf, stateLeaves, unflattenOf, zerosLikeTree } from '../check.js'
import * as V from '../validate.js'

// ---- model ----

/** Options of `lookaheadNesterov`. @category model @since 0.3.0 */
export interface LookaheadNesterovOptions {
  /** The momentum coefficient β, in [0, 1]. */
  readonly decay: number
  /** η, the learning rate of the step that follows (a constant): it places the look-ahead point. */
  readonly learningRate: number
  /** d in `t ← β·t + (1 − d)·g` (default 0). */
  readonly dampening?: number
}

/** The state of `lookaheadNesterov`: the momentum `t`, shaped like the parameters. @category model @since 0.3.0 */
export interface LookaheadNesterovState {
  readonly trace: Updates
}

// ---- constructors ----

/**
 * Look-ahead Nesterov momentum: returns the new `t` (chain it with
 * `scaleByLearningRate(learningRate)`, the same η). Needs `params` and
 * `extra.loss`; the incoming updates only fix the tree's structure, since the
 * gradient is taken afresh at the look-ahead point (so a transform chained
 * before this one does not reach it).
 *
 * @example
 * const opt = optimizer(chain(lookaheadNesterov({ decay: 0.9, learningRate: 0.1 }), scaleByLearningRate(0.1)))
 *
 * @see Nesterov, A method for solving the convex programming problem with convergence rate O(1/k²) (1983)
 * @see Sutskever et al., On the importance of initialization and momentum in deep learning, http://proceedings.mlr.press/v28/sutskever13.pdf
 * @category constructors
 * @since 0.3.0
 */
export const lookaheadNesterov = (opts: LookaheadNesterovOptions): GradientTransformation<LookaheadNesterovState> => {
  const op = 'lookaheadNesterov'
  const { decay, learningRate, dampening = 0 } = V.options(op, opts) as LookaheadNesterovOptions
  V.inRange(op, 'decay', decay, 0, 1)
  V.nonNegative(op, 'learningRate', learningRate)
  V.inRange(op, 'dampening', dampening, 0, 1)
  const gain = 1 - dampening
  const reach = learningRate * decay
  return {
    init: (params) => ({ trace: zerosLikeTree(params) }),
    update: (updates, state, params, extra) => {
      const st = expectFields(op, state, ['trace'])
      if (params === undefined)
        throw new ValueError(`${op}: needs the parameters: pass them as the third argument of update (optimizer.step does this)`)
      const loss = extra?.loss as ((p: Params) => Tensor) | undefined
      if (typeof loss !== 'function')
        throw new ValueError(
          `${op}: needs the loss, to take its gradient at the look-ahead point: pass extra = { loss: (params) => scalar } ` +
            'to update(updates, state, params, extra), or to optimizer.step(state, grads, extra)',
        )
      expectLike(op, ['parameters', 'updates'], params, updates)
      const [g, def] = flattenOf(updates)
      const t0 = stateLeaves(op, 'trace', st.trace, updates, def, g)
      const p = leavesOf(params)
      const ahead = unflattenOf<Params>(def, p.map((x, i) => cast(sub(x, mul(t0[i]!, reach)), x.dtype)))
      const gAhead = leavesOf(grad(loss)(ahead))
      const next = gAhead.map((x, i) => add(gain === 1 ? x : mul(x, gain), mul(t0[i]!, decay)))
      const trace = unflattenOf<typeof updates>(def, next)
      return [trace, { trace }]
    },
  }
}
