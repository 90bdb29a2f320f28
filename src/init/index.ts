/**
 * `init`: parameter initializers, each a pure `(key, shape, dtype?) => Tensor`.
 *
 * An initializer is chosen once (a factory call with its hyperparameters) and
 * then applied to a key and a shape; the same key gives the same tensor, so
 * model initialisation is as reproducible as everything else. Two families
 * live side by side, under their own names and with their own layouts:
 *
 * - **JAX semantics** (`varianceScaling`, `glorot*`, `he*`, `lecun*`,
 *   `orthogonal`, `normal`, `uniform`, `truncatedNormal`, `zeros`, `ones`,
 *   `constant`): a dense kernel is `(in, out)`, conv kernels `(*spatial, in, out)`;
 *   the `*Normal` variance-scaling initializers draw a truncated normal.
 * - **PyTorch semantics** (`xavier*`, `kaiming*`, `calculateGain`): a weight
 *   is `(out, in, *kernel)`; normals are plain, scales come from a gain.
 *
 * Fan-based initializers refuse shapes of fewer than 2 axes (a `ShapeError`
 * naming the initializer and the shape): biases want `zeros` or `constant`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { init, random } from 'fluxion'
 * const [kW, kB] = random.split(random.key(0))
 * const W = init.glorotUniform()(kW, [784, 10])   // JAX layout (in, out)
 * const b = init.zeros()(kB, [10])
 * assert.ok(Array.from(W.data()).every((v) => Math.abs(v) <= Math.sqrt(6 / 794)))
 * assert.deepEqual(b.shape, [10])
 * ```
 *
 * @module
 * @since 0.1.0
 */
export { computeFans, calculateFanInAndFanOut, type Initializer, type Fans, type FanAxes } from './fans.js'
export {
  varianceScaling, glorotUniform, glorotNormal, lecunUniform, lecunNormal, heUniform, heNormal, orthogonal,
  normal, uniform, truncatedNormal, zeros, ones, constant,
  type FanMode, type Distribution, type VarianceScalingOptions, type OrthogonalOptions, type TruncatedNormalOptions,
} from './jax.js'
export {
  calculateGain, xavierUniform, xavierNormal, kaimingUniform, kaimingNormal,
  type Nonlinearity, type XavierOptions, type KaimingOptions,
} from './torch.js'
