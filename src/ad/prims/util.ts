/**
 * Helpers shared by the primitive families: turning numbers into tensors with
 * weak typing, promoting operands to a common dtype, and summing a broadcast
 * cotangent back to an operand's shape.
 */
import { DTypeError } from '../../errors.js'
import { scalar } from '../../tensor/create.js'
import { promoteTypes, promoteWeak, type DType } from '../../tensor/dtype.js'
import { shapesEqual } from '../../tensor/shape.js'
import { Tensor } from '../../tensor/tensor.js'

/** What ops accept: a tensor, or a plain number (weakly typed: it takes the other operand's dtype). */
export type TensorLike = Tensor | number

export const asTensor = (op: string, x: TensorLike, dtype: DType = 'float32'): Tensor => {
  if (x instanceof Tensor) {
    const w = weakOf(x)
    return w !== null && x.dtype !== dtype ? w.weakAs(dtype) : x
  }
  if (typeof x === 'number') return scalar(x, dtype)
  if (typeof x === 'boolean') return scalar(x ? 1 : 0, 'bool')
  throw new DTypeError(`${op}: expected a Tensor or a number, got ${describe(x)}`)
}

const describe = (x: unknown): string => {
  if (x === null) return 'null'
  if (Array.isArray(x)) return 'an array (wrap it with tensor(...))'
  if (typeof x !== 'object') return typeof x
  const name = (x as object).constructor?.name ?? 'an object'
  // a PRNG key is not a tensor: say how to get numbers out of it
  return name === 'Key' ? 'a PRNG Key (keys are not tensors: draw values with random.uniform/normal, or read random.keyData)' : name
}

/** A JS number traced by `jit` (src/jit/trace.ts): a tensor that promotes like the number it stands for. */
interface WeakTensor {
  readonly weak: { readonly integer: boolean } | null
  weakAs(dtype: DType): Tensor
}
const weakOf = (x: Tensor): WeakTensor | null => ((x as Partial<WeakTensor>).weak ?? null) !== null ? (x as unknown as WeakTensor) : null
/** A weak tensor as a representative number of its kind (an integer or not); other values unchanged. */
const weakNumber = (x: TensorLike): TensorLike => {
  const w = x instanceof Tensor ? weakOf(x) : null
  return w === null ? x : w.weak!.integer ? 1 : 0.5
}

/** The common dtype of two operands under the promotion table (src/tensor/dtype.ts). */
export const resultDType = (a0: TensorLike, b0: TensorLike): DType => {
  // a traced JS number (under jit) promotes like the number it stands for
  const a = weakNumber(a0)
  const b = weakNumber(b0)
  if (a instanceof Tensor && b instanceof Tensor) return promoteTypes(a.dtype, b.dtype)
  if (a instanceof Tensor) return promoteWeak(a.dtype, b as number)
  if (b instanceof Tensor) return promoteWeak(b.dtype, a as number)
  return 'float32'
}

/** Structural shape equality, re-exported for the rules. */
export { shapesEqual }
