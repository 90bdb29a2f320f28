/**
 * Clipping: bound each coordinate (`clip`) or the norm of the whole update
 * (`clipByGlobalNorm`). Both are stateless and usually come first in a chain,
 * where they act on the raw gradients.
 *
 * @example
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3))
 *
 * @since 0.1.0
 */
import { add, cast, div, less, maximum, minimum, mul, sqrt, sum, where } from '../../ad/index.js'
import { ValueError } from '../../errors.js'
import { scalar } from '../../tensor/create.js'
import type { Tensor } from '../../tensor/tensor.js'
import { stateless, type EmptyState, type GradientTransformation, type Updates } from '../base.js'
import { leavesOf, mapUpdates } from '../check.js'
import { show } from '../validate.js'

// ---- utils ----

/**
 * The L2 norm of all the leaves together, `√(Σ x²)`, as a scalar tensor (of
 * the leaves' promoted dtype).
 *
 * @example
 * globalNorm({ a: tensor([3]), b: tensor([4]) }).item()   // 5
 *
 * @category utils
 * @since 0.1.0
 */
export const globalNorm = (updates: Updates): Tensor => {
  const ls = leavesOf(updates)
  if (ls.length === 0) return scalar(0, 'float32')
  return sqrt(ls.map((x) => sum(mul(x, x))).reduce((a, b) => add(a, b)))
}

// ---- constructors ----

/**
 * Clip each coordinate to `[-maxDelta, maxDelta]`.
 *
 * @example
 * const [u] = clip(1).update({ w: tensor([-3, 0.5, 2]) }, {})   // u.w = [-1, 0.5, 1]
 *
 * @category constructors
 * @since 0.1.0
 */
export const clip = (maxDelta: number): GradientTransformation<EmptyState> => {
  if (typeof maxDelta !== 'number' || !(maxDelta >= 0))
    throw new ValueError(`clip: maxDelta must be a non-negative number (in [0, ∞]), got ${show(maxDelta)}`)
  return stateless((u) => mapUpdates((x) => maximum(minimum(x, maxDelta), -maxDelta), u), 'clip')
}

/**
 * Rescale the updates so their global norm is at most `maxNorm`: when the
 * norm `n` is below `maxNorm` the updates pass through unchanged, otherwise
 * each leaf becomes `u / n · maxNorm`.
 *
 * @example
 * const [u] = clipByGlobalNorm(1).update({ a: tensor([3]), b: tensor([4]) }, {})   // a = [0.6], b = [0.8]
 *
 * @see Pascanu et al., On the difficulty of training recurrent neural networks, https://arxiv.org/abs/1211.5063
 * @category constructors
 * @since 0.1.0
 */
export const clipByGlobalNorm = (maxNorm: number): GradientTransformation<EmptyState> => {
  if (typeof maxNorm !== 'number' || !(maxNorm > 0))
    throw new ValueError(`clipByGlobalNorm: maxNorm must be a positive number (in (0, ∞]), got ${show(maxNorm)}`)
  return stateless((u) => {
    const n = globalNorm(u)
    const below = less(n, maxNorm)
    // both branches of `where` are computed: divide by max(n, maxNorm) so the unused one is never 0/0
    const safe = maximum(n, maxNorm)
    return mapUpdates((x) => where(below, x, mul(div(x, cast(safe, x.dtype)), maxNorm)), u)
  }, 'clipByGlobalNorm')
}
