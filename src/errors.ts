/**
 * The errors fluxion throws on programmer mistakes. Every message names the op
 * and the shapes, dtypes or tree paths involved, and where it can, says what to do.
 *
 * @example
 * try { matmul(zeros([3, 4]), zeros([5, 2])) } catch (e) { e instanceof ShapeError } // true
 *
 * @since 0.1.0
 */

/** The root of every error fluxion throws on purpose. @category errors */
export class FluxionError extends Error {
  override readonly name: string = 'FluxionError'
}

/** Shapes that do not fit the op (rank, broadcasting, inner dimensions, axes). @category errors */
export class ShapeError extends FluxionError {
  override readonly name = 'ShapeError'
}

/** A dtype the op does not accept (an int where a float is needed, and so on). @category errors */
export class DTypeError extends FluxionError {
  override readonly name = 'DTypeError'
}

/** Misuse of a transformation: a leaked tracer, a non-scalar `grad`, a bad cotangent. @category errors */
export class TraceError extends FluxionError {
  override readonly name = 'TraceError'
}

/** A matrix the linear-algebra op cannot handle: singular, or not positive definite. @category errors */
export class LinAlgError extends FluxionError {
  override readonly name = 'LinAlgError'
}

/** Pytrees whose structures differ where they must agree. @category errors */
export class TreeError extends FluxionError {
  override readonly name = 'TreeError'
}

/** A bad argument value (a negative count, a probability outside [0, 1], ...). @category errors */
export class ValueError extends FluxionError {
  override readonly name = 'ValueError'
}

/** `[2,3]`: how shapes appear in every message. */
export const showShape = (shape: ReadonlyArray<number>): string => `[${shape.join(',')}]`
