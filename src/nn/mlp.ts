/**
 * The multilayer perceptron as pure functions over a typed pytree: its
 * parameters are a plain array of dense layers, `MlpParams =
 * ReadonlyArray<{ w, b }>`, and the model is `apply(params, x)`. A loss is
 * another pure function, `(params, batch) => scalar`, so training is `grad` of
 * it and an optimizer step; nothing holds state.
 *
 * `sizes` lists the widths from input to output: `[4, 16, 16, 3]` is three
 * dense layers, 4→16→16→3. Each hidden layer is followed by `activation`
 * (default `relu`), the last by `finalActivation` (default the identity, so the
 * output is logits). Initialisation follows flax's `nn.Dense`: a LeCun-normal
 * kernel (truncated normal, variance `1 / fanIn`) and zero bias, one key per
 * layer from `random.split`. For ReLU networks He (`init.heNormal()`) keeps
 * the activations' scale through depth; `applyWithActivations` returns every
 * layer's pre- and post-activation so you can see the difference.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { grad, nn, random, tensor } from 'fluxion'
 * const params = nn.mlp.init(random.key(0), [2, 8, 3])
 * const batch = { x: tensor([[0.5, -1]]), y: tensor([2], { dtype: 'int32' }) }
 * const g = grad(nn.mlp.lossFn({ loss: 'softmaxCrossEntropy' }))(params, batch)
 * assert.deepEqual(g[0]!.w.shape, [2, 8])
 * ```
 *
 * @module
 * @since 0.1.0
 */
import { cast } from '../ad/prims/arith.js'
import { mean } from '../ad/prims/reduce.js'
import { expandDims } from '../ad/prims/shape.js'
import { ShapeError, ValueError, showShape } from '../errors.js'
import { split, type Key } from '../random/index.js'
import { isFloat } from '../tensor/dtype.js'
import { Tensor } from '../tensor/tensor.js'
import { identity, relu, resolveActivation, type Activation, type ActivationName } from './activations.js'
import * as dense from './dense.js'
import {
  huber, meanSquaredError, sigmoidBinaryCrossEntropy, softmaxCrossEntropy, softmaxCrossEntropyWithIntegerLabels,
} from './losses.js'

// ---- model ----

/**
 * The parameters of an MLP: one `{ w, b }` per layer, input to output.
 * @category model
 * @since 0.1.0
 */
export type MlpParams = ReadonlyArray<dense.DenseParams>

/**
 * Options of `init`: the dense layer's initializers and dtype, used for every layer.
 * @category model
 * @since 0.1.0
 */
export type MlpInitOptions = dense.DenseInitOptions

/**
 * Options of `apply`.
 * @category model
 * @since 0.1.0
 */
export interface MlpApplyOptions {
  /** After each hidden layer (default `relu`). */
  readonly activation?: Activation | ActivationName
  /** After the last layer (default the identity: the output is logits). */
  readonly finalActivation?: Activation | ActivationName
}

/**
 * One layer's values in `applyWithActivations`: `pre = Z·W + b` and `post = activation(pre)`.
 * @category model
 * @since 0.1.0
 */
export interface LayerActivations {
  readonly pre: Tensor
  readonly post: Tensor
}

/**
 * What `applyWithActivations` returns: the output (`layers[last].post`) and every layer's values.
 * @category model
 * @since 0.1.0
 */
export interface MlpActivations {
  readonly output: Tensor
  readonly layers: ReadonlyArray<LayerActivations>
}

/**
 * A batch of examples: inputs `x` (`[n, in]`) and targets `y` (int32 labels `[n]`, or floats `[n, k]`).
 * @category model
 * @since 0.1.0
 */
export interface Batch {
  readonly x: Tensor
  readonly y: Tensor
}

/**
 * The built-in losses of `loss`, each averaged over the batch.
 * @category model
 * @since 0.1.0
 */
export type LossName = 'softmaxCrossEntropy' | 'sigmoidBinaryCrossEntropy' | 'mse' | 'huber'

/**
 * Options of `loss` and `lossFn`.
 * @category model
 * @since 0.1.0
 */
export interface MlpLossOptions extends MlpApplyOptions {
  /**
   * The loss (default `'softmaxCrossEntropy'`): a name, or `(output, y) => loss`
   * (per example or already reduced; the mean is taken). Cross-entropy takes
   * int32 labels or one-hot rows; the others take targets of the output's shape
   * (`[n]` targets are matched to an `[n, 1]` output, and integers are cast).
   */
  readonly loss?: LossName | ((output: Tensor, y: Tensor) => Tensor)
  /** The δ of `'huber'` (default 1). */
  readonly delta?: number
}

// ---- constructors ----

/**
 * Fresh parameters for an MLP with layer widths `sizes` (input first): one
 * dense layer per consecutive pair, each from its own key of `split(key, n)`.
 * Defaults as flax: LeCun-normal kernels, zero biases, float32.
 * @param sizes - at least two positive integers, e.g. `[784, 128, 10]`
 * @example
 * import { init, nn, random } from 'fluxion'
 * const p = nn.mlp.init(random.key(0), [4, 16, 3], { kernelInit: init.heNormal() })
 * p.map((l) => l.w.shape) // [[4, 16], [16, 3]]
 * @category constructors
 * @since 0.1.0
 */
export const init = (key: Key, sizes: ReadonlyArray<number>, opts: MlpInitOptions = {}): MlpParams => {
  if (!Array.isArray(sizes) || sizes.length < 2)
    throw new ValueError(`mlp.init: sizes must list at least an input and an output width, got ${JSON.stringify(sizes)}`)
  sizes.forEach((s, i) => dense.checkSize('mlp.init', `sizes[${i}]`, s))
  const keys = split(key, sizes.length - 1)
  return keys.map((k, i) => dense.init(k, sizes[i]!, sizes[i + 1]!, opts))
}

// ---- combinators ----

/**
 * Every layer's pre- and post-activation for the batch `x`, and the output.
 * The values are the ones `apply` computes (the same ops, in the same order),
 * so `applyWithActivations(p, x).output` equals `apply(p, x)`.
 * @example
 * import { nn, random, ones } from 'fluxion'
 * const p = nn.mlp.init(random.key(0), [3, 5, 5, 2])
 * const { layers } = nn.mlp.applyWithActivations(p, ones([10, 3]), { activation: 'tanh' })
 * layers.map((l) => l.post.shape) // [[10, 5], [10, 5], [10, 2]]
 * @category combinators
 * @since 0.1.0
 */
export const applyWithActivations = (params: MlpParams, x: Tensor, opts: MlpApplyOptions = {}): MlpActivations => {
  const op = 'mlp.applyWithActivations'
  checkParams(op, params)
  const act = resolveActivation(opts.activation ?? relu, op)
  const last = resolveActivation(opts.finalActivation ?? identity, op)
  const layers: LayerActivations[] = []
  let z = x
  params.forEach((layer, i) => {
    const pre = dense.apply(layer, z)
    z = (i === params.length - 1 ? last : act)(pre)
    layers.push({ pre, post: z })
  })
  return { output: z, layers }
}

/**
 * The MLP's output for the batch `x` (`[..., in]` to `[..., out]`).
 * @example
 * import { nn, random, zeros } from 'fluxion'
 * const p = nn.mlp.init(random.key(0), [4, 16, 3])
 * nn.mlp.apply(p, zeros([8, 4])).shape // [8, 3]
 * @category combinators
 * @since 0.1.0
 */
export const apply = (params: MlpParams, x: Tensor, opts: MlpApplyOptions = {}): Tensor => {
  checkParams('mlp.apply', params)
  const act = resolveActivation(opts.activation ?? relu, 'mlp.apply')
  const last = resolveActivation(opts.finalActivation ?? identity, 'mlp.apply')
  return params.reduce((z, layer, i) => (i === params.length - 1 ? last : act)(dense.apply(layer, z)), x)
}

/**
 * The mean loss of the MLP on a batch: the model as a pure function
 * `(params, batch) => scalar`, ready for `grad`/`valueAndGrad`.
 * @example
 * import { nn, random, tensor } from 'fluxion'
 * const p = nn.mlp.init(random.key(0), [2, 1])
 * const batch = { x: tensor([[1, 2], [3, 4]]), y: tensor([0.5, -0.5]) }
 * nn.mlp.loss(p, batch, { loss: 'mse' }).shape // []
 * @category combinators
 * @since 0.1.0
 */
export const loss = (params: MlpParams, batch: Batch, opts: MlpLossOptions = {}): Tensor => {
  const out = apply(params, batch.x, opts)
  const y = batch.y
  const which = opts.loss ?? 'softmaxCrossEntropy'
  if (typeof which === 'function') return mean(which(out, y))
  switch (which) {
    case 'softmaxCrossEntropy':
      return mean(isFloat(y.dtype) ? softmaxCrossEntropy(out, y) : softmaxCrossEntropyWithIntegerLabels(out, y))
    case 'sigmoidBinaryCrossEntropy':
      return mean(sigmoidBinaryCrossEntropy(out, targetsLike('mlp.loss', out, y)))
    case 'mse':
      return meanSquaredError(out, targetsLike('mlp.loss', out, y))
    case 'huber':
      return mean(huber(out, targetsLike('mlp.loss', out, y), opts.delta ?? 1))
    default:
      throw new ValueError(
        `mlp.loss: unknown loss ${JSON.stringify(which)}; use 'softmaxCrossEntropy', 'sigmoidBinaryCrossEntropy', 'mse', 'huber' or a function`,
      )
  }
}

/**
 * `loss` with its options fixed: a `(params, batch) => scalar` to hand to `grad`.
 * @example
 * import { grad, nn, random, tensor } from 'fluxion'
 * const f = nn.mlp.lossFn({ loss: 'mse', activation: 'tanh' })
 * const p = nn.mlp.init(random.key(1), [1, 4, 1])
 * grad(f)(p, { x: tensor([[0.3]]), y: tensor([[1]]) }).length // 2
 * @category combinators
 * @since 0.1.0
 */
export const lossFn = (opts: MlpLossOptions = {}) => (params: MlpParams, batch: Batch): Tensor => loss(params, batch, opts)

/**
 * The number of scalar parameters (weights and biases) in an MLP.
 * @example
 * import { nn, random } from 'fluxion'
 * nn.mlp.countParams(nn.mlp.init(random.key(0), [4, 16, 3])) // 4·16 + 16 + 16·3 + 3 = 131
 * @category utils
 * @since 0.1.0
 */
export const countParams = (params: MlpParams): number => params.reduce((n, { w, b }) => n + w.size + b.size, 0)

// ---- utils ----

const checkParams = (op: string, params: MlpParams): void => {
  if (!Array.isArray(params) || params.length === 0)
    throw new ValueError(`${op}: params must be a non-empty array of { w, b } layers (from mlp.init), got ${describe(params)}`)
  params.forEach((l, i) => {
    if (l === null || typeof l !== 'object' || !(l.w instanceof Tensor) || !(l.b instanceof Tensor))
      throw new ValueError(`${op}: params[${i}] must be { w: Tensor, b: Tensor }`)
  })
}

const describe = (x: unknown): string => (Array.isArray(x) ? 'an empty array' : x === null ? 'null' : typeof x)

/** Targets shaped and typed like `out`: `[n]` against `[n, 1]` gets its axis, integers are cast. */
const targetsLike = (op: string, out: Tensor, y: Tensor): Tensor => {
  let t = isFloat(y.dtype) ? y : cast(y, out.dtype)
  if (t.ndim === out.ndim - 1 && out.shape[out.ndim - 1] === 1) t = expandDims(t, -1)
  if (t.ndim !== out.ndim || t.shape.some((d, i) => d !== out.shape[i]))
    throw new ShapeError(`${op}: targets ${showShape(y.shape)} do not match the model's output ${showShape(out.shape)}`)
  return t
}
