/**
 * `nn`: models as pure functions over parameter pytrees.
 *
 * There are no modules with hidden state here. A layer is a pair of functions,
 * `init(key, ...) => params` and `apply(params, x) => y`; a model's loss is
 * `(params, batch) => scalar`; training is `grad` of that loss fed to an
 * optimizer. Activations and losses are plain differentiable functions
 * (named as in `jax.nn` and optax), stable for large inputs, in float32 and
 * float64. The classification losses return one value per example: take the
 * mean yourself, as with optax.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, mean, nn, optim, random, tensor } from 'fluxion'
 * const params = nn.mlp.init(random.key(0), [2, 16, 2])
 * const batch = { x: tensor([[0, 1], [1, 0]]), y: tensor([0, 1], { dtype: 'int32' }) }
 * const loss = (p: nn.MlpParams, b: typeof batch) =>
 *   mean(nn.softmaxCrossEntropyWithIntegerLabels(nn.mlp.apply(p, b.x), b.y))
 * const opt = optim.optimizer(optim.adam(0.05))
 * const state = opt.step(opt.init(params), grad(loss)(params, batch))
 * assert.ok(loss(state.params, batch).item() < loss(params, batch).item())
 * ```
 *
 * @module
 * @since 0.1.0
 */
export {
  identity, relu, leakyRelu, tanh, sigmoid, gelu, softplus, logSigmoid, silu, elu, softmax, logSoftmax,
  activations, resolveActivation, type Activation, type ActivationName, type GeluOptions,
} from './activations.js'
export {
  softmaxCrossEntropy, softmaxCrossEntropyWithIntegerLabels, sigmoidBinaryCrossEntropy, squaredError, meanSquaredError,
  huber, accuracy,
} from './losses.js'
export * as dense from './dense.js'
export * as mlp from './mlp.js'
export type { DenseParams, DenseInitOptions } from './dense.js'
export type {
  MlpParams, MlpInitOptions, MlpApplyOptions, MlpActivations, LayerActivations, MlpLossOptions, LossName, Batch,
} from './mlp.js'
