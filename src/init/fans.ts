/**
 * Fans: how many inputs feed each output unit of a kernel (fan-in) and how
 * many outputs each input feeds (fan-out). Variance-scaling initializers
 * divide by them so that activations and gradients keep their scale from
 * layer to layer.
 *
 * The two families read a kernel's shape differently, and this is the one
 * thing to remember when moving between them:
 *
 * - **JAX / Flax** (`computeFans`): a dense kernel is `(in, out)`, a conv
 *   kernel `(*spatial, in, out)`; by default `in` is axis -2 and `out` axis -1.
 * - **PyTorch** (`calculateFanInAndFanOut`): a weight is `(out, in, *kernel)`.
 *
 * In both, every other axis is the receptive field, whose size multiplies
 * both fans: a `(3, 3, 16, 32)` JAX conv kernel has fan-in `16·9 = 144` and
 * fan-out `32·9 = 288`.
 *
 * @example
 * import { init } from 'fluxion'
 * init.computeFans([784, 128])                  // { fanIn: 784, fanOut: 128 }
 * init.calculateFanInAndFanOut([128, 784])       // { fanIn: 784, fanOut: 128 }
 *
 * @since 0.1.0
 */
import { DTypeError, ShapeError, ValueError, showShape } from '../errors.js'
import type { DType } from '../tensor/dtype.js'
import { normalizeAxis } from '../tensor/shape.js'
import type { Tensor } from '../tensor/tensor.js'
import { checkKey, notAKey, type Key } from '../random/key.js'

// ---- model ----

/**
 * A parameter initializer: a pure function of a key, a shape and a dtype
 * (default float32, or the factory's `dtype` option).
 * @category model
 * @since 0.1.0
 */
export type Initializer = (key: Key, shape: ReadonlyArray<number>, dtype?: DType) => Tensor

/** The fans of a kernel shape. @category model @since 0.1.0 */
export interface Fans {
  readonly fanIn: number
  readonly fanOut: number
}

/** Which axes of a kernel are its inputs, outputs and batch (JAX's `in_axis`, `out_axis`, `batch_axis`). @category model @since 0.1.0 */
export interface FanAxes {
  /** The input axis or axes (default -2). */
  readonly inAxis?: number | ReadonlyArray<number>
  /** The output axis or axes (default -1). */
  readonly outAxis?: number | ReadonlyArray<number>
  /** Axes that index independent kernels, in neither fan (default none). */
  readonly batchAxis?: number | ReadonlyArray<number>
}

// ---- fans ----

/**
 * The fans of a JAX-layout kernel, as `jax.nn.initializers` computes them:
 * `fanIn = in · rf`, `fanOut = out · rf`, where `rf` is the product of the
 * axes that are neither input, output nor batch. An empty list of axes has size 1.
 * Unlike JAX, the input, output and batch axes must be distinct (JAX would
 * count an axis twice and divide it out of `rf`).
 * @param shape - the kernel shape: at least 2-D with the default axes; any rank
 *   when `inAxis` or `outAxis` is given
 * @param axes - `inAxis` (default -2), `outAxis` (-1), `batchAxis` (none)
 * @param op - the name to use in error messages
 * @example
 * import { init } from 'fluxion'
 * init.computeFans([3, 3, 16, 32]) // { fanIn: 144, fanOut: 288 }
 * init.computeFans([10], { inAxis: 0, outAxis: [] }) // { fanIn: 10, fanOut: 1 }
 * @category fans
 * @since 0.1.0
 */
export const computeFans = (shape: ReadonlyArray<number>, axes: FanAxes = {}, op = 'computeFans'): Fans => {
  const s = checkInitShape(op, shape)
  // the default axes (-2, -1) need 2 axes; given explicitly, any rank works (as in JAX):
  // a [n] bias with { inAxis: 0, outAxis: [] } has fans (n, 1), a scalar with [] and [] (1, 1)
  if (axes.inAxis === undefined && axes.outAxis === undefined)
    needsMatrix(op, s, '(in, out), or (*spatial, in, out) for a convolution; or give inAxis and outAxis')
  const pick = (a: number | ReadonlyArray<number>): number[] =>
    (typeof a === 'number' ? [a] : [...a]).map((ax) => normalizeAxis(op, ax, s.length))
  const inAxes = pick(axes.inAxis ?? -2)
  const outAxes = pick(axes.outAxis ?? -1)
  const batchAxes = pick(axes.batchAxis ?? [])
  const all = [...inAxes, ...outAxes, ...batchAxes]
  if (new Set(all).size !== all.length)
    throw new ShapeError(`${op}: the input, output and batch axes [${all.join(',')}] of shape ${showShape(s)} must be distinct`)
  const prod = (ax: ReadonlyArray<number>) => ax.reduce((p, a) => p * s[a]!, 1)
  const rf = s.reduce((p, d, i) => (all.includes(i) ? p : p * d), 1)
  return { fanIn: prod(inAxes) * rf, fanOut: prod(outAxes) * rf }
}

/**
 * The fans of a PyTorch-layout weight `(out, in, *kernel)`, as
 * `torch.nn.init._calculate_fan_in_and_fan_out`: `fanIn = shape[1] · rf`,
 * `fanOut = shape[0] · rf`, `rf` the product of the kernel axes.
 * @example
 * import { init } from 'fluxion'
 * init.calculateFanInAndFanOut([32, 16, 3, 3]) // { fanIn: 144, fanOut: 288 }
 * @category fans
 * @since 0.1.0
 */
export const calculateFanInAndFanOut = (shape: ReadonlyArray<number>, op = 'calculateFanInAndFanOut'): Fans => {
  const s = checkInitShape(op, shape)
  needsMatrix(op, s, '(out, in), or (out, in, *kernel) for a convolution')
  const rf = s.slice(2).reduce((p, d) => p * d, 1)
  return { fanIn: s[1]! * rf, fanOut: s[0]! * rf }
}

// ---- checks ----

/** A checked initializer shape. @internal @category internal @since 0.1.0 */
export const checkInitShape = (op: string, shape: unknown): number[] => {
  notAKey(op, 'the shape', shape, 'a shape (an array of non-negative integers)')
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
    throw new ShapeError(`${op}: shape must be an array of non-negative integers, got ${Array.isArray(shape) ? showShape(shape) : String(shape)}`)
  return shape.slice()
}

const needsMatrix = (op: string, s: ReadonlyArray<number>, layout: string): void => {
  if (s.length < 2)
    throw new ShapeError(`${op}: cannot compute fans of a ${s.length}-D shape ${showShape(s)}; ` +
      `a fan-based initializer needs at least 2 axes, ${layout}. For biases use init.zeros or init.constant.`)
}

/** Check an initializer's key and shape, and pick its float dtype. @internal @category internal @since 0.1.0 */
export const initArgs = (op: string, key: unknown, shape: unknown, dtype: unknown):
  { key: Key; shape: number[]; dtype: 'float32' | 'float64' } => {
  const k = checkKey(op, key)
  const s = checkInitShape(op, shape)
  if (dtype !== 'float32' && dtype !== 'float64')
    throw new DTypeError(`${op}: random initializers produce 'float32' or 'float64', got ${String(dtype)}`)
  return { key: k, shape: s, dtype }
}

/** A checked positive, finite number option. @internal @category internal @since 0.1.0 */
export const positive = (op: string, name: string, v: unknown): number => {
  notAKey(op, name, v, 'a number')
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
    throw new ValueError(`${op}: ${name} must be a positive finite number, got ${String(v)}`)
  return v
}
