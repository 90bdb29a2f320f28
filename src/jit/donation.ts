/**
 * Donated tensors: those given to a jitted call with `donateArgnums`. Their
 * buffers may now hold that call's outputs, so any later use is an error
 * (checked by `bind` for every op, and by `toConcrete` for every read).
 *
 * The set is a WeakSet: it never keeps a tensor alive, and it never changes a
 * result, only whether a use of a donated tensor throws. Until the first
 * donation the check is a single boolean test.
 *
 * This module imports nothing from the tensor or AD layers, so both can use it.
 *
 * @since 0.4.0
 */
import { TraceError } from '../errors.js'

const donated = new WeakSet<object>()
let anyDonated = false

/** Mark a tensor as given away to a jitted call. @internal */
export const markDonated = (t: object): void => {
  donated.add(t)
  anyDonated = true
}

/** Has this tensor been donated? @internal */
export const isDonated = (t: object): boolean => anyDonated && donated.has(t)

/** The error for using a donated tensor. @internal */
export const donatedUse = (op: string, t: { readonly shape: ReadonlyArray<number>; readonly dtype: string }): TraceError =>
  new TraceError(`${op}: this tensor [${t.shape.join(',')}] (${t.dtype}) was donated to a jitted call (jit donateArgnums), ` +
    'so its buffer may now hold that call\'s outputs; use the value the call returned instead of the donated argument')
