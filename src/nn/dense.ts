/**
 * The dense (fully connected) layer as a pair of pure functions over its
 * parameters: `init` draws `{ w, b }` from a key, `apply` computes `Z·W + b`
 * for a batch `Z` of row vectors. There is no layer object and no hidden
 * state: the parameters are a plain pytree you can `grad`, `tree.map` and
 * hand to an optimizer.
 *
 * The layout is JAX/flax's: `w` is `(in, out)`, `b` is `(out)`, and the batch
 * is `(..., in)`, so `apply` is one matrix product and a broadcast add.
 * Defaults are flax's `nn.Dense`: a LeCun-normal kernel (truncated normal with
 * variance `1 / in`) and a zero bias.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { nn, random, zeros } from 'fluxion'
 * const p = nn.dense.init(random.key(0), 4, 3)
 * assert.deepEqual(p.w.shape, [4, 3])
 * assert.deepEqual(nn.dense.apply(p, zeros([8, 4])).shape, [8, 3])
 * ```
 *
 * @module
 * @since 0.1.0
 */
import { add } from '../ad/prims/arith.js'
import { matmul } from '../ad/prims/linalg.js'
import { ShapeError, ValueError, showShape } from '../errors.js'
import { lecunNormal, zeros, type Initializer } from '../init/index.js'
import { split, type Key } from '../random/index.js'
import type { FloatDType } from '../tensor/dtype.js'
import type { Tensor } from '../tensor/tensor.js'

// ---- model ----

/**
 * The parameters of a dense layer: kernel `w` of shape `(in, out)` and bias
 * `b` of shape `(out)`. (A type alias rather than an interface, so that it fits
 * pytree types with index signatures, such as `optim`'s `Params`.)
 * @category model
 * @since 0.1.0
 */
export type DenseParams = {
  readonly w: Tensor
  readonly b: Tensor
}

/**
 * Options of `init` (shared by `mlp.init`).
 * @category model
 * @since 0.1.0
 */
export interface DenseInitOptions {
  /** The kernel initializer (default `init.lecunNormal()`, as flax). */
  readonly kernelInit?: Initializer
  /** The bias initializer (default `init.zeros()`, as flax). */
  readonly biasInit?: Initializer
  /** The parameter dtype (default float32). */
  readonly dtype?: FloatDType
}

// ---- constructors ----

/**
 * Fresh parameters for a dense layer from `inSize` to `outSize` features. The
 * key is split in two: one for the kernel, one for the bias.
 * @example
 * import { nn, random } from 'fluxion'
 * const { w, b } = nn.dense.init(random.key(0), 4, 3)
 * w.shape // [4, 3]
 * b.toArray() // [0, 0, 0]
 * @category constructors
 * @since 0.1.0
 */
export const init = (key: Key, inSize: number, outSize: number, opts: DenseInitOptions = {}): DenseParams => {
  checkSize('dense.init', 'inSize', inSize)
  checkSize('dense.init', 'outSize', outSize)
  const dtype = opts.dtype ?? 'float32'
  if (dtype !== 'float32' && dtype !== 'float64')
    throw new ValueError(`dense.init: dtype must be 'float32' or 'float64', got ${String(dtype)}`)
  const [kw, kb] = split(key)
  return {
    w: (opts.kernelInit ?? lecunNormal())(kw, [inSize, outSize], dtype),
    b: (opts.biasInit ?? zeros())(kb, [outSize], dtype),
  }
}

// ---- combinators ----

/**
 * The layer's output, `Z·W + b`, for a batch `z` of shape `(..., in)`: shape
 * `(..., out)`. Differentiable in both the parameters and `z`.
 * @throws ShapeError if `z`'s last axis is not `w`'s first
 * @example
 * import { nn, tensor } from 'fluxion'
 * const p = { w: tensor([[1, 0], [0, 2]]), b: tensor([1, 1]) }
 * nn.dense.apply(p, tensor([[3, 4]])).toArray() // [[4, 9]]
 * @category combinators
 * @since 0.1.0
 */
export const apply = ({ w, b }: DenseParams, z: Tensor): Tensor => {
  if (w.ndim !== 2 || b.ndim !== 1 || b.shape[0] !== w.shape[1])
    throw new ShapeError(`dense.apply: expected w of shape (in, out) and b of shape (out), got w ${showShape(w.shape)} and b ${showShape(b.shape)}`)
  if (z.ndim === 0 || z.shape[z.ndim - 1] !== w.shape[0])
    throw new ShapeError(
      `dense.apply: the input ${showShape(z.shape)} must end in the layer's ${w.shape[0]} input features (w is ${showShape(w.shape)})`,
    )
  return add(matmul(z, w), b)
}

// ---- utils ----

/** Throw a ValueError unless `n` is a positive integer. @internal @category utils @since 0.1.0 */
export const checkSize = (op: string, name: string, n: unknown): void => {
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0)
    throw new ValueError(`${op}: ${name} must be a positive integer, got ${String(n)}`)
}
