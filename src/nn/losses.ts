/**
 * Losses, as in optax: pure, differentiable functions of predictions and
 * targets. The classification losses and `huber` return one value per example
 * (or per element), and you take the mean yourself, as with optax:
 * `mean(nn.softmaxCrossEntropy(logits, labels))`. `meanSquaredError` is the one
 * that already averages, as its name says.
 *
 * Each loss is written in its numerically stable form, so large logits give
 * exact, finite values and finite gradients:
 *
 * - cross-entropy is `−logSoftmax(logits)[label] = logsumexp(logits) − logit[label]`,
 *   with the maximum subtracted first, never `−log(softmax(logits))`;
 * - binary cross-entropy is `softplus(x) - z·x`, never `log(sigmoid(x))`.
 *
 * Prediction and target must have the same shape: broadcasting `[n, 1]`
 * against `[n]` would silently give an `[n, n]` loss, so it is a `ShapeError`.
 *
 * @example
 * import { mean, nn, tensor } from 'fluxion'
 * const logits = tensor([[2, 0, 0], [0, 3, 0]])
 * const labels = tensor([0, 1], { dtype: 'int32' })
 * const l = mean(nn.softmaxCrossEntropyWithIntegerLabels(logits, labels))
 * l.item() > 0 // true
 *
 * @since 0.1.0
 */
import * as A from '../ad/prims/arith.js'
import * as U from '../ad/prims/unary.js'
import { argmax, mean, sum, type Axis } from '../ad/prims/reduce.js'
import { oneHot } from '../ad/prims/shape.js'
import { DTypeError, ShapeError, ValueError, showShape } from '../errors.js'
import { tensor } from '../tensor/create.js'
import { isFloat } from '../tensor/dtype.js'
import { shapesEqual } from '../tensor/shape.js'
import { ConcreteTensor, Tensor } from '../tensor/tensor.js'
import { floatInput, logSoftmax, softplus } from './activations.js'

// ---- classification ----

/**
 * Cross-entropy between `softmax(logits)` and a distribution `labels` (one-hot
 * or soft) along `axis`: `-Σ labels · logSoftmax(logits)`, one value per
 * example, as `optax.softmax_cross_entropy`. Entries with label 0 contribute 0
 * even where a logit is `-inf` (as optax's `safe_softmax_cross_entropy`).
 * @param logits - unnormalised log-probabilities, `[..., k]`
 * @param labels - probabilities of the same shape (rows summing to 1)
 * @param axis - the class axis (default -1)
 * @returns the loss per example: `logits.shape` without `axis`
 * @example
 * import { nn, tensor } from 'fluxion'
 * const l = nn.softmaxCrossEntropy(tensor([[0, 0]]), tensor([[1, 0]]))
 * Math.abs(l.item() - Math.log(2)) < 1e-6 // true
 * @category losses
 * @since 0.1.0
 */
export const softmaxCrossEntropy = (logits: Tensor, labels: Tensor, axis: Axis = -1): Tensor => {
  const x = floatInput('softmaxCrossEntropy', logits)
  const z = sameShape('softmaxCrossEntropy', 'logits', x, 'labels', labels)
  const logp = logSoftmax(x, axis)
  // 0 · log 0 is 0 here, not NaN: mask only those entries, so the gradient in `labels` stays log p elsewhere
  const dead = A.equal(A.where(A.equal(z, 0), logp, 0), -Infinity)
  return sum(A.where(dead, 0, A.mul(A.neg(z), logp)), axis)
}

/**
 * Cross-entropy of `softmax(logits)` against integer class labels:
 * `logsumexp(logits) - logits[label]`, one value per example, as
 * `optax.softmax_cross_entropy_with_integer_labels`. Equal to
 * `softmaxCrossEntropy(logits, oneHot(labels, k))`.
 * @param logits - unnormalised log-probabilities, `[..., k]` (classes on the last axis)
 * @param labels - int32 class indices in `[0, k)`, of shape `logits.shape[:-1]` (or a plain array)
 * @returns the loss per example, of shape `labels.shape`
 * @throws DTypeError for float labels (use `softmaxCrossEntropy` for one-hot ones); ShapeError; ValueError for a label out of range
 * @example
 * import { nn, tensor } from 'fluxion'
 * const l = nn.softmaxCrossEntropyWithIntegerLabels(tensor([[1000, 0]]), tensor([1], { dtype: 'int32' }))
 * l.toArray() // [1000]
 * @category losses
 * @since 0.1.0
 */
export const softmaxCrossEntropyWithIntegerLabels = (logits: Tensor, labels: Tensor | ReadonlyArray<number>): Tensor => {
  const op = 'softmaxCrossEntropyWithIntegerLabels'
  const x = floatInput(op, logits)
  const k = checkClassLabels(op, x, labels)
  // pick the label's log-probability with `where`, not `mul`: 0 · (-inf) would be NaN.
  // (logSoftmax at the label is logit − logsumexp, without the cancellation of subtracting them here)
  const picked = sum(A.where(oneHot(k.labels, k.classes, 'bool'), logSoftmax(x), 0), -1)
  return A.sub(0, picked)
}

/**
 * Binary cross-entropy of `sigmoid(logits)` against targets `labels` in
 * `[0, 1]`, elementwise, as `optax.sigmoid_binary_cross_entropy`; computed as
 * `softplus(x) - z·x`, exact and finite for any logit (its gradient is
 * `σ(x) - z`).
 * @param logits - the logits
 * @param labels - targets of the same shape (0/1, or probabilities); integer labels are cast
 * @returns the loss per element, of shape `logits.shape`
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.sigmoidBinaryCrossEntropy(tensor([1000, -1000]), tensor([1, 0])).toArray() // [0, 0]
 * @category losses
 * @since 0.1.0
 */
export const sigmoidBinaryCrossEntropy = (logits: Tensor, labels: Tensor): Tensor => {
  const x = floatInput('sigmoidBinaryCrossEntropy', logits)
  const z = sameShape('sigmoidBinaryCrossEntropy', 'logits', x, 'labels', labels)
  return A.sub(softplus(x), A.mul(z, x))
}

// ---- regression ----

/**
 * `(pred - target)²`, elementwise, as `optax.squared_error`.
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.squaredError(tensor([1, 2]), tensor([0, 0])).toArray() // [1, 4]
 * @category losses
 * @since 0.1.0
 */
export const squaredError = (pred: Tensor, target: Tensor): Tensor => {
  const p = floatInput('squaredError', pred)
  const d = A.sub(p, sameShape('squaredError', 'pred', p, 'target', target))
  return A.mul(d, d)
}

/**
 * The mean of `(pred - target)²` over every element: a scalar.
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.meanSquaredError(tensor([1, 3]), tensor([0, 0])).item() // 5
 * @category losses
 * @since 0.1.0
 */
export const meanSquaredError = (pred: Tensor, target: Tensor): Tensor => {
  const p = floatInput('meanSquaredError', pred)
  const d = A.sub(p, sameShape('meanSquaredError', 'pred', p, 'target', target))
  return mean(A.mul(d, d))
}

/**
 * The Huber loss, elementwise, as `optax.huber_loss`: `½e²` for `|e| ≤ δ` and
 * `δ(|e| - ½δ)` beyond, where `e = pred - target`. Quadratic near 0, linear in
 * the tails, so outliers pull with a bounded gradient `±δ`.
 * @param delta - where the quadratic region ends (default 1, must be > 0)
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.huber(tensor([0.5, 3]), tensor([0, 0])).toArray() // [0.125, 2.5]
 * @category losses
 * @since 0.1.0
 */
export const huber = (pred: Tensor, target: Tensor, delta = 1): Tensor => {
  if (typeof delta !== 'number' || !(delta > 0) || !Number.isFinite(delta))
    throw new ValueError(`huber: delta must be a positive finite number, got ${String(delta)}`)
  const p = floatInput('huber', pred)
  const absErr = U.abs(A.sub(p, sameShape('huber', 'pred', p, 'target', target)))
  const quadratic = A.minimum(absErr, delta)
  const linear = A.sub(absErr, quadratic)
  return A.add(A.mul(A.mul(quadratic, quadratic), 0.5), A.mul(linear, delta))
}

// ---- metrics ----

/**
 * The fraction of examples whose largest logit is at the label: a float32
 * scalar in `[0, 1]` (not differentiable). Labels are int32 indices of shape
 * `logits.shape[:-1]`, or one-hot rows of `logits`' shape.
 * @example
 * import { nn, tensor } from 'fluxion'
 * nn.accuracy(tensor([[2, 1], [0, 1]]), tensor([0, 0], { dtype: 'int32' })).item() // 0.5
 * @category metrics
 * @since 0.1.0
 */
export const accuracy = (logits: Tensor, labels: Tensor | ReadonlyArray<number>): Tensor => {
  const op = 'accuracy'
  const x = floatInput(op, logits)
  const l = labels instanceof Tensor && isFloat(labels.dtype) && shapesEqual(labels.shape, x.shape)
    ? argmax(labels, -1)
    : checkClassLabels(op, x, labels).labels
  return mean(A.cast(A.equal(argmax(x, -1), l), 'float32'))
}

// ---- utils ----

/** `b` cast to `a`'s float dtype, after checking the shapes agree. */
const sameShape = (op: string, an: string, a: Tensor, bn: string, b: Tensor): Tensor => {
  if (!(b instanceof Tensor)) throw new DTypeError(`${op}: ${bn} must be a Tensor, got ${typeof b}`)
  if (!shapesEqual(a.shape, b.shape))
    throw new ShapeError(
      `${op}: ${an} ${showShape(a.shape)} and ${bn} ${showShape(b.shape)} must have the same shape ` +
        `(broadcasting them would silently change the loss); reshape one first`,
    )
  return A.cast(b, a.dtype)
}

/** Check integer class labels against `[..., k]` logits; returns them as int32 with k. */
const checkClassLabels = (op: string, logits: Tensor, labels: Tensor | ReadonlyArray<number>) => {
  if (logits.ndim === 0) throw new ShapeError(`${op}: logits must have a class axis, got a scalar`)
  const l = labels instanceof Tensor ? labels : tensor(labels as number[], { dtype: 'int32' })
  if (l.dtype !== 'int32')
    throw new DTypeError(
      `${op}: labels must be int32 class indices, got ${l.dtype} ${showShape(l.shape)}` +
        (isFloat(l.dtype) && shapesEqual(l.shape, logits.shape) ? '; for one-hot labels use softmaxCrossEntropy' : ''),
    )
  const want = logits.shape.slice(0, -1)
  if (!shapesEqual(l.shape, want))
    throw new ShapeError(`${op}: labels ${showShape(l.shape)} must have the shape of logits ${showShape(logits.shape)} without its class axis, ${showShape(want)}`)
  const classes = logits.shape[logits.ndim - 1]!
  // a label outside [0, k) would select nothing and give a silently wrong loss
  if (l instanceof ConcreteTensor)
    for (const v of l.buffer)
      if (v < 0 || v >= classes) throw new ValueError(`${op}: label ${v} is out of range for ${classes} classes (want 0 ≤ label < ${classes})`)
  return { labels: l, classes }
}
