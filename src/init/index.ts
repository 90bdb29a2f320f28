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
  type FanMode, type Distribution, type VarianceScalingOptions, type OrthogonalOptions, type TruncatedNormalOptions,
} from './jax.js'
export {
  calculateGain,
  type Nonlinearity, type XavierOptions, type KaimingOptions,
} from './torch.js'

// Initializers also take keys batched by vmap (see random/batch.ts).
import { overKeysInit as w } from '../random/batch.js'
import * as J from './jax.js'
import * as T from './torch.js'

/** @see jax.ts */ export const varianceScaling = w('varianceScaling', J.varianceScaling)
/** @see jax.ts */ export const glorotUniform = w('glorotUniform', J.glorotUniform)
/** @see jax.ts */ export const glorotNormal = w('glorotNormal', J.glorotNormal)
/** @see jax.ts */ export const lecunUniform = w('lecunUniform', J.lecunUniform)
/** @see jax.ts */ export const lecunNormal = w('lecunNormal', J.lecunNormal)
/** @see jax.ts */ export const heUniform = w('heUniform', J.heUniform)
/** @see jax.ts */ export const heNormal = w('heNormal', J.heNormal)
/** @see jax.ts */ export const orthogonal = w('orthogonal', J.orthogonal)
/** @see jax.ts */ export const normal = w('normal', J.normal)
/** @see jax.ts */ export const uniform = w('uniform', J.uniform)
/** @see jax.ts */ export const truncatedNormal = w('truncatedNormal', J.truncatedNormal)
/** @see jax.ts */ export const zeros = w('zeros', J.zeros)
/** @see jax.ts */ export const ones = w('ones', J.ones)
/** @see jax.ts */ export const constant = w('constant', J.constant)
/** @see torch.ts */ export const xavierUniform = w('xavierUniform', T.xavierUniform)
/** @see torch.ts */ export const xavierNormal = w('xavierNormal', T.xavierNormal)
/** @see torch.ts */ export const kaimingUniform = w('kaimingUniform', T.kaimingUniform)
/** @see torch.ts */ export const kaimingNormal = w('kaimingNormal', T.kaimingNormal)
