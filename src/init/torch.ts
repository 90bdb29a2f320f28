/**
 * Initializers with PyTorch's semantics and names (`torch.nn.init`): weights
 * are laid out `(out, in, *kernel)`, the scale comes from a **gain** for the
 * layer's nonlinearity, and the "normal" variants draw a plain (untruncated)
 * normal.
 *
 * - `xavierUniform`/`xavierNormal`: `std = gain · sqrt(2 / (fanIn + fanOut))`.
 * - `kaimingUniform`/`kaimingNormal`: `std = gain / sqrt(fan)`, `fan` the
 *   fan-in (default, preserves the forward pass) or fan-out (the backward
 *   pass), `gain = calculateGain(nonlinearity, a)`.
 * - The uniform variants draw on `±sqrt(3)·std`, which has that std.
 *
 * The values differ from PyTorch's (its generator is not threefry); their
 * distribution is the same. Coming from JAX, note the transposed layout: a
 * dense weight here is `(out, in)`, there `(in, out)`.
 *
 * @example
 * import { init, random } from 'fluxion'
 * const [k1, k2] = random.split(random.key(0))
 * const w = init.kaimingUniform()(k1, [128, 784])                     // (out, in)
 * const v = init.xavierNormal({ gain: init.calculateGain('tanh') })(k2, [10, 128])
 *
 * @since 0.1.0
 */
import { ValueError } from '../errors.js'
import { full } from '../tensor/create.js'
import { fromBuffer, type Tensor } from '../tensor/tensor.js'
import { normal as normalSample, uniform as uniformSample } from '../random/samplers.js'
import { calculateFanInAndFanOut, initArgs, positive, type Initializer } from './fans.js'

// ---- model ----

/** The nonlinearities `calculateGain` knows (PyTorch's names). @category model @since 0.1.0 */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu'

/** Options of the Xavier initializers. @category model @since 0.1.0 */
export interface XavierOptions {
  /** The scale factor (default 1; see `calculateGain`). */
  readonly gain?: number
  readonly dtype?: 'float32' | 'float64'
}

/** Options of the Kaiming initializers. @category model @since 0.1.0 */
export interface KaimingOptions {
  /** The negative slope of a leaky ReLU (default 0), used by the gain. */
  readonly a?: number
  /** `'fan_in'` (default) keeps the forward variance, `'fan_out'` the backward. */
  readonly mode?: 'fan_in' | 'fan_out'
  /** The nonlinearity after the layer (default `'leaky_relu'`, which with `a = 0` is ReLU's gain √2). */
  readonly nonlinearity?: Nonlinearity
  readonly dtype?: 'float32' | 'float64'
}

const LINEAR = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']

// ---- gain ----

/**
 * The recommended gain for a nonlinearity, as `torch.nn.init.calculate_gain`:
 * 1 for linear, convolutions and sigmoid, 5/3 for tanh, √2 for relu,
 * `sqrt(2 / (1 + slope²))` for leaky_relu (slope `param`, default 0.01), 3/4 for selu.
 * @example
 * import { init } from 'fluxion'
 * init.calculateGain('relu')              // Math.SQRT2
 * init.calculateGain('leaky_relu', 0.2)   // Math.sqrt(2 / 1.04)
 * @category gain
 * @since 0.1.0
 */
export const calculateGain = (nonlinearity: Nonlinearity, param?: number): number => {
  if (LINEAR.includes(nonlinearity)) return 1
  if (nonlinearity === 'tanh') return 5 / 3
  if (nonlinearity === 'relu') return Math.SQRT2
  if (nonlinearity === 'selu') return 3 / 4
  if (nonlinearity === 'leaky_relu') {
    if (param !== undefined && (typeof param !== 'number' || !Number.isFinite(param)))
      throw new ValueError(`calculateGain: the negative slope of leaky_relu must be a finite number, got ${String(param)}`)
    const slope = param ?? 0.01
    return Math.sqrt(2 / (1 + slope * slope))
  }
  throw new ValueError(`calculateGain: unsupported nonlinearity ${String(nonlinearity)}; use one of ${[...LINEAR, 'tanh', 'relu', 'leaky_relu', 'selu'].join(', ')}`)
}

// ---- initializers ----

/**
 * Xavier (Glorot) uniform with PyTorch's layout: `U(-b, b)`,
 * `b = gain · sqrt(6 / (fanIn + fanOut))`.
 * @example
 * import { init, random } from 'fluxion'
 * init.xavierUniform()(random.key(0), [4, 3]).shape // [4, 3]
 * @category xavier
 * @since 0.1.0
 */
export const xavierUniform = (opts: XavierOptions = {}): Initializer => {
  const gain = positive('xavierUniform', 'gain', opts.gain ?? 1)
  return (key, shape, dtype = opts.dtype ?? 'float32') => {
    const a = initArgs('xavierUniform', key, shape, dtype)
    const { fanIn, fanOut } = calculateFanInAndFanOut(a.shape, 'xavierUniform')
    if (fanIn * fanOut === 0) return full(a.shape, 0, a.dtype)
    const bound = Math.sqrt(3) * gain * Math.sqrt(2 / (fanIn + fanOut))
    return uniformSample(a.key, a.shape, { dtype: a.dtype, minval: -bound, maxval: bound })
  }
}

/**
 * Xavier (Glorot) normal with PyTorch's layout: `N(0, std²)`,
 * `std = gain · sqrt(2 / (fanIn + fanOut))`, not truncated.
 * @example
 * import { init, random } from 'fluxion'
 * init.xavierNormal({ gain: 2 })(random.key(0), [4, 3]).shape // [4, 3]
 * @category xavier
 * @since 0.1.0
 */
export const xavierNormal = (opts: XavierOptions = {}): Initializer => {
  const gain = positive('xavierNormal', 'gain', opts.gain ?? 1)
  return (key, shape, dtype = opts.dtype ?? 'float32') => {
    const a = initArgs('xavierNormal', key, shape, dtype)
    const { fanIn, fanOut } = calculateFanInAndFanOut(a.shape, 'xavierNormal')
    if (fanIn * fanOut === 0) return full(a.shape, 0, a.dtype)
    return times(normalSample(a.key, a.shape, { dtype: a.dtype }), gain * Math.sqrt(2 / (fanIn + fanOut)))
  }
}

/**
 * Kaiming (He) uniform with PyTorch's layout: `U(-b, b)`, `b = sqrt(3) · gain / sqrt(fan)`.
 * @example
 * import { init, random } from 'fluxion'
 * init.kaimingUniform({ nonlinearity: 'relu' })(random.key(0), [4, 3]).shape // [4, 3]
 * @category kaiming
 * @since 0.1.0
 */
export const kaimingUniform = (opts: KaimingOptions = {}): Initializer => {
  const std = kaimingStd('kaimingUniform', opts)
  return (key, shape, dtype = opts.dtype ?? 'float32') => {
    const a = initArgs('kaimingUniform', key, shape, dtype)
    const s = std(a.shape)
    if (s === 0) return full(a.shape, 0, a.dtype)
    const bound = Math.sqrt(3) * s
    return uniformSample(a.key, a.shape, { dtype: a.dtype, minval: -bound, maxval: bound })
  }
}

/**
 * Kaiming (He) normal with PyTorch's layout: `N(0, std²)`, `std = gain / sqrt(fan)`, not truncated.
 * @example
 * import { init, random } from 'fluxion'
 * init.kaimingNormal({ mode: 'fan_out' })(random.key(0), [4, 3]).shape // [4, 3]
 * @category kaiming
 * @since 0.1.0
 */
export const kaimingNormal = (opts: KaimingOptions = {}): Initializer => {
  const std = kaimingStd('kaimingNormal', opts)
  return (key, shape, dtype = opts.dtype ?? 'float32') => {
    const a = initArgs('kaimingNormal', key, shape, dtype)
    const s = std(a.shape)
    return s === 0 ? full(a.shape, 0, a.dtype) : times(normalSample(a.key, a.shape, { dtype: a.dtype }), s)
  }
}

// ---- utils ----

/** Check the Kaiming options once; return `shape => gain / sqrt(fan)` (0 for an empty shape). */
const kaimingStd = (op: string, opts: KaimingOptions): ((shape: ReadonlyArray<number>) => number) => {
  const mode = opts.mode ?? 'fan_in'
  if (mode !== 'fan_in' && mode !== 'fan_out')
    throw new ValueError(`${op}: mode must be 'fan_in' or 'fan_out', got ${String(mode)}`)
  const slope = opts.a ?? 0
  const gain = calculateGain(opts.nonlinearity ?? 'leaky_relu', slope)
  return (shape) => {
    const { fanIn, fanOut } = calculateFanInAndFanOut(shape, op)
    const fan = mode === 'fan_in' ? fanIn : fanOut
    return fan === 0 ? 0 : gain / Math.sqrt(fan)
  }
}

/** `x · c` in x's dtype, as a new tensor. */
const times = (x: Tensor, c: number): Tensor => {
  const src = x.toConcrete().buffer
  const out = x.dtype === 'float32' ? new Float32Array(src.length) : new Float64Array(src.length)
  const k = x.dtype === 'float32' ? Math.fround(c) : c
  for (let i = 0; i < src.length; i++) out[i] = src[i]! * k
  return fromBuffer(out, x.shape, x.dtype)
}
