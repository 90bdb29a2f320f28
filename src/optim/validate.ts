/**
 * Hyperparameter checks, run when a transformation is built: a learning rate
 * of NaN, a `b1` of 1 or a string where a number belongs is a `ValueError`
 * there, naming the argument and the range it must lie in, instead of NaN
 * parameters many steps later.
 *
 * @example
 * adam(0.1, { b1: 1 })
 * // ValueError: scaleByAdam: b1 must be a number in [0, 1), got 1
 *
 * @since 0.2.0
 */
import { ValueError } from '../errors.js'
import { Tensor } from '../tensor/tensor.js'
import type { GradientTransformation } from './base.js'
import { known } from './scalar.js'

// ---- utils ----

/** A value as it appears in a message: strings quoted, objects by kind. @internal */
export const show = (v: unknown): string =>
  v instanceof Tensor ? (known(v as Tensor) !== null && v.ndim === 0 ? `a ${v.dtype} scalar tensor holding ${known(v as Tensor)}` : `a ${v.dtype} tensor of shape [${v.shape.join(', ')}]`)
    : typeof v === 'string' ? `'${v}'` : typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined ? String(v)
    : typeof v === 'function' ? 'a function' : Array.isArray(v) ? 'an array' : `a ${typeof v}`

const fail = (op: string, name: string, want: string, v: unknown): never => {
  throw new ValueError(`${op}: ${name} must be ${want}, got ${show(v)}`)
}

/**
 * A number in a range: `lo`/`hi` bounds (`Infinity` for none), open at the
 * ends marked in `open` ('lo', 'hi' or 'both'). An unbounded end is always
 * open: ±Infinity and NaN never pass. @internal
 */
export const inRange = (op: string, name: string, v: unknown, lo: number, hi: number, open: 'lo' | 'hi' | 'both' | 'none' = 'none'): number => {
  const loOpen = open === 'lo' || open === 'both' || lo === -Infinity
  const hiOpen = open === 'hi' || open === 'both' || hi === Infinity
  const want = `a number in ${loOpen ? '(' : '['}${lo === -Infinity ? '-∞' : lo}, ${hi === Infinity ? '∞' : hi}${hiOpen ? ')' : ']'}`
  if (typeof v !== 'number' || Number.isNaN(v) || (loOpen ? !(v > lo) : !(v >= lo)) || (hiOpen ? !(v < hi) : !(v <= hi)))
    return fail(op, name, want, v)
  return v
}

/** A finite number. @internal */
export const finite = (op: string, name: string, v: unknown): number => inRange(op, name, v, -Infinity, Infinity)

/** A scalar float tensor (concrete or traced), whose value is checked by `ok` when it is known. */
const scalarTensor = (v: unknown, ok: (x: number) => boolean): boolean => {
  if (!(v instanceof Tensor) || v.ndim !== 0 || (v.dtype !== 'float32' && v.dtype !== 'float64')) return false
  const x = known(v)
  return x === null || ok(x)
}

/** Is `v` a finite number, or a float scalar tensor (finite where its value is known)? @internal */
export const isFiniteScalar = (v: unknown): boolean => (typeof v === 'number' ? Number.isFinite(v) : scalarTensor(v, Number.isFinite))

/** A finite number, or a float scalar tensor (finite where its value is known). @internal */
export const finiteScalar = <A>(op: string, name: string, v: A): A => {
  if (!isFiniteScalar(v)) return fail(op, name, 'a finite number or a float scalar tensor', v)
  return v
}

/** A finite number ≥ 0. @internal */
export const nonNegative = (op: string, name: string, v: unknown): number => {
  if (typeof v !== 'number' || !(v >= 0) || v === Infinity) return fail(op, name, 'a non-negative number in [0, ∞)', v)
  return v
}

/** A decay rate or similar coefficient in [0, 1). @internal */
export const unitOpen = (op: string, name: string, v: unknown): number => inRange(op, name, v, 0, 1, 'hi')

/** An integer ≥ 1. @internal */
export const positiveInt = (op: string, name: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return fail(op, name, 'a positive integer', v)
  return v
}

/** true or false. @internal */
export const bool = (op: string, name: string, v: unknown): boolean => {
  if (typeof v !== 'boolean') return fail(op, name, 'true or false', v)
  return v
}

/**
 * A learning rate: a number in [0, ∞), a float scalar tensor (a traced
 * hyperparameter; its value is checked when known) or a schedule (a function
 * of the step count). @internal
 */
export const learningRate = <L>(op: string, v: L, name = 'learningRate'): L => {
  if (typeof v === 'function') return v
  if (v instanceof Tensor) {
    if (!scalarTensor(v, (x) => x >= 0 && x !== Infinity))
      return fail(op, name, 'a number in [0, ∞), a float scalar tensor or a schedule (a function of the step count)', v)
    return v
  }
  if (typeof v !== 'number' || !(v >= 0) || v === Infinity)
    return fail(op, name, 'a number in [0, ∞) or a schedule (a function of the step count)', v)
  return v
}

/** One of a few strings. @internal */
export const oneOf = <A extends string>(op: string, name: string, v: unknown, allowed: ReadonlyArray<A>): A => {
  if (!allowed.includes(v as A)) return fail(op, name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, v)
  return v as A
}

/** An options object (or nothing). @internal */
export const options = <O>(op: string, v: O | undefined, name = 'the options'): O | Record<string, never> => {
  if (v === undefined) return {}
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail(op, name, 'an object', v)
  return v
}

/** A gradient transformation: `{ init, update }` functions (a forgotten call, `chain(adam)`, fails here). @internal */
export const transformation = <S>(op: string, name: string, t: GradientTransformation<S>): GradientTransformation<S> => {
  if (t === null || typeof t !== 'object' || typeof t.init !== 'function' || typeof t.update !== 'function')
    throw new ValueError(
      `${op}: ${name} must be a gradient transformation ({ init, update }), got ${show(t)}` +
        (typeof t === 'function' ? '; did you forget to call it, e.g. adam(1e-3) rather than adam?' : ''),
    )
  return t
}
