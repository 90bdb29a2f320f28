/**
 * The state-transition form of an optimizer: `step(state, grads) => state`.
 * `OptState` holds the parameters, the transformation's state and the step
 * count, so a training loop is a fold over gradients and a run can be
 * resumed from any saved state. The old state is never changed.
 *
 * @example
 * const opt = optimizer(adam(0.1))
 * let s = opt.init({ w: tensor([1, 2]) })
 * for (let i = 0; i < 100; i++) s = opt.step(s, grad(loss)(s.params))
 * s.count   // 100
 *
 * @since 0.1.0
 */
import { applyUpdates, type ExtraArgs, type GradientTransformation, type Params } from './base.js'
import { expectCount, expectFields, expectLike, within } from './check.js'
import * as S from './scalar.js'
import * as V from './validate.js'

// ---- model ----

/** The optimizer's state: parameters, inner state and the number of steps taken. @category model @since 0.1.0 */
export interface OptState<P, S> {
  readonly params: P
  readonly inner: S
  readonly count: number
}

/** `init` and `step` for a transformation. @category model @since 0.1.0 */
export interface Optimizer<S> {
  /** The transformation this optimizer drives. */
  readonly transform: GradientTransformation<S>
  /** The state before the first step: the parameters, the inner state and count 0. */
  init<P extends Params>(params: P): OptState<P, S>
  /** One step: transform the gradients (typed as, and checked against, the parameters' tree) and apply them. */
  step<P extends Params>(state: OptState<P, S>, grads: NoInfer<P>, extra?: ExtraArgs): OptState<P, S>
}

// ---- constructors ----

/**
 * Drive a transformation as pure state transitions. `step` checks that the
 * gradients have the parameters' structure and that the state has the shape
 * `init` gave it; errors name the tree path.
 *
 * @example
 * const opt = optimizer(newton(1))
 * const s1 = opt.step(opt.init(params), grad(loss)(params), { loss })
 *
 * @category constructors
 * @since 0.1.0
 */
export const optimizer = <S>(transform: GradientTransformation<S>): Optimizer<S> => ({
  transform: V.transformation('optimizer', 'the transform', transform),
  init: (params) => ({ params, inner: transform.init(params), count: 0 }),
  step: (state, grads, extra) => {
    const op = 'optimizer.step'
    const st = expectFields(op, state, ['params', 'inner', 'count'])
    const count = expectCount(op, st, 'count')
    expectLike(op, ['parameters', 'gradients'], state.params, grads)
    const [updates, inner] = within('inner', () => transform.update(grads, state.inner, state.params, extra))
    return { params: applyUpdates(state.params, updates), inner, count: S.asCount(S.add(count, 1)) }
  },
})
