/**
 * `checkGrads`: check a function's derivatives against central finite
 * differences, in forward and reverse mode, up to a given order, like
 * `jax.test_util.check_grads`. A public tool for your own functions and
 * custom rules.
 *
 * Forward mode: jvp(f, x, v) ≈ (f(x + εv) − f(x − εv)) / 2ε along fixed
 * pseudo-random directions v. Reverse mode: ⟨ū, J·v⟩ = ⟨Jᵀ·ū, v⟩ (vjp against
 * the finite-difference J·v). Order k > 1 applies the same checks to the
 * first-order derivative maps. Directions come from a fixed sequence, so a
 * failure replays.
 *
 * @example
 * checkGrads((x: Tensor) => sum(tanh(x)), [tensor([0.1, -0.3], { dtype: 'float64' })], { order: 2 })
 *
 * @since 0.1.0
 */
import { FluxionError, ValueError } from '../errors.js'
import { allocate, isFloat, type DType } from '../tensor/dtype.js'
import { fromBuffer, Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { checkFn, jvp, vjp } from './api.js'
import { add, mul, sub } from './prims/arith.js'
import { sum } from './prims/reduce.js'
import { asTensor } from './prims/util.js'

/** A derivative that disagrees with finite differences. @category errors */
export class GradCheckError extends FluxionError {
  override readonly name = 'GradCheckError'
}

export interface CheckGradsOptions {
  /** Highest derivative order to check (default 2). */
  readonly order?: number
  /** Which modes: 'fwd' (jvp) and/or 'rev' (vjp). Default both. */
  readonly modes?: ReadonlyArray<'fwd' | 'rev'>
  /** Finite-difference step (default 1e-5 for float64, 1e-2 for float32). */
  readonly eps?: number
  readonly rtol?: number
  readonly atol?: number
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => unknown

/** Directions from a fixed sequence (a 32-bit LCG), in (-1, 1): the same on every run. */
const directions = (like: ReadonlyArray<Tensor>, salt: number): Tensor[] => {
  let s = (0x9e3779b9 ^ salt) >>> 0
  return like.map((l) => {
    const dt: DType = isFloat(l.dtype) ? l.dtype : 'float64'
    const buf = allocate(dt, l.size)
    for (let i = 0; i < buf.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0
      buf[i] = (s / 2 ** 32) * 2 - 1
    }
    return fromBuffer(buf, l.shape, dt)
  })
}

const flatT = (t: unknown): [Tensor[], tree.TreeDef] => {
  const [ls, def] = tree.flatten(t as tree.PyTree<unknown>)
  return [ls.map((l) => asTensor('checkGrads', l as Tensor | number)), def]
}

const inner = (a: ReadonlyArray<Tensor>, b: ReadonlyArray<Tensor>): number =>
  a.reduce((acc, x, i) => acc + sum(mul(x, b[i]!)).item(), 0)

const close = (what: string, got: number[], want: number[], rtol: number, atol: number): void => {
  got.forEach((g, i) => {
    const w = want[i]!
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w)))
      throw new GradCheckError(
        `checkGrads: ${what} disagrees with finite differences at element ${i}: got ${g}, expected ${w} ` +
          `(|diff| ${Math.abs(g - w).toExponential(3)} > atol ${atol} + rtol ${rtol}·|expected|)`,
      )
  })
}

const flatValues = (ts: ReadonlyArray<Tensor>): number[] => ts.flatMap((t) => Array.from(t.data(), Number))

/**
 * Check `f`'s derivatives at `args` up to `order` in the given modes. Throws a
 * `GradCheckError` describing the first disagreement; returns nothing when all agree.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { checkGrads, GradCheckError, customJvp, mul, sin, tensor, type Tensor } from 'fluxion'
 * checkGrads((x: Tensor) => mul(sin(x), x), [tensor([0.5, -1.2], { dtype: 'float64' })])   // agrees: returns
 * const wrong = customJvp((x: Tensor) => sin(x), ([x], [t]) => [sin(x), mul(t, 2)])
 * assert.throws(() => checkGrads(wrong, [tensor([0.5], { dtype: 'float64' })], { order: 1 }), GradCheckError)
 * ```
 * @category combinators
 */
export const checkGrads = (f: Fn, args: ReadonlyArray<unknown>, opts: CheckGradsOptions = {}): void => {
  checkFn('checkGrads', f, 'the function to check')
  if (!Array.isArray(args))
    throw new ValueError(`checkGrads: args must be an array with one entry per argument of the function, got ${args === null ? 'null' : typeof args}`)
  const order = opts.order ?? 2
  const modes = opts.modes ?? ['fwd', 'rev']
  const [al, adef] = flatT(args)
  const f32 = al.some((a) => a.dtype === 'float32')
  const eps = opts.eps ?? (f32 ? 1e-2 : 1e-5)
  const rtol = opts.rtol ?? (f32 ? 2e-2 : 1e-5)
  const atol = opts.atol ?? (f32 ? 2e-2 : 1e-5)
  const rebuild = (ls: Tensor[]) => tree.unflatten<unknown[]>(adef, ls)

  const level = (g: Fn, k: number, salt: number): void => {
    const v = directions(al, salt)
    const plus = flatT(g(...rebuild(al.map((x, i) => add(x, mul(v[i]!, eps))))))[0]
    const minus = flatT(g(...rebuild(al.map((x, i) => sub(x, mul(v[i]!, eps))))))[0]
    const fd = plus.map((p, i) => mul(sub(p, minus[i]!), 1 / (2 * eps)))
    if (modes.includes('fwd')) {
      const [, t] = jvp(g, rebuild(al), rebuild(v))
      close(`the order-${k} jvp`, flatValues(flatT(t)[0]), flatValues(fd), rtol, atol)
    }
    if (modes.includes('rev')) {
      const [out, pullback] = vjp(g, ...rebuild(al))
      const [ol, odef] = flatT(out)
      const u = directions(ol, salt + 7919)
      const cts = flatT(pullback(tree.unflatten(odef, u)))[0]
      // <u, J v> from finite differences against <J^T u, v> from the pullback
      close(`the order-${k} vjp`, [inner(cts, v)], [inner(u, fd)], rtol, atol * Math.max(1, fd.length))
    }
    if (k < order) {
      const v2 = directions(al, salt + 1)
      if (modes.includes('fwd')) level((...xs: unknown[]) => jvp(g, xs, rebuild(v2))[1], k + 1, salt + 2)
      if (modes.includes('rev')) {
        const [out] = vjp(g, ...rebuild(al))
        const [ol, odef] = flatT(out)
        const u = tree.unflatten(odef, directions(ol, salt + 3))
        level((...xs: unknown[]) => vjp(g, ...xs)[1](u), k + 1, salt + 4)
      }
    }
  }
  level(f, 1, 0)
}
