/**
 * Bad arguments to the combinators: a non-function where the function goes, options
 * that are not an options object, primals that are not an argument list. Each is a
 * ValueError (a FluxionError) that names the combinator and what was passed, thrown
 * when the combinator is called, not a raw TypeError from deep inside a trace.
 */
import { describe, expect, it } from 'vitest'
import {
  checkGrads, customJvp, customVjp, grad, hessian, hvp, jacfwd, jacrev, jvp, linearize, sum, valueAndGrad, vjp,
} from '../src/ad/index.js'
import { FluxionError, ValueError } from '../src/errors.js'
import { tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

const x = tensor([1, 2], { dtype: 'float64' })

/** The error `f` throws (failing the test when it throws nothing). */
const errorOf = (f: () => unknown): Error => {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected an error, none was thrown')
}

// the casts stand for untyped callers (plain JavaScript, `any`): the types reject these calls
const notFns: Array<[string, unknown]> = [['42', 42], ['"x"', 'x'], ['null', null], ['undefined', undefined], ['a tensor', x], ['an object', {}]]
/** What the combinators are typed to take; the test passes other values through a cast. */
type AnyFn = (...xs: Tensor[]) => Tensor
const combinators: Array<[string, (f: AnyFn) => unknown]> = [
  ['grad', (f) => grad(f)], ['valueAndGrad', (f) => valueAndGrad(f)], ['jacfwd', (f) => jacfwd(f)],
  ['jacrev', (f) => jacrev(f)], ['hessian', (f) => hessian(f)], ['jvp', (f) => jvp(f, [x], [x])],
  ['vjp', (f) => vjp(f, x)], ['linearize', (f) => linearize(f, x)], ['hvp', (f) => hvp(f, [x], [x])],
  ['customJvp', (f) => customJvp(f, () => [x, x])], ['customVjp', (f) => customVjp(f, () => [x, null], () => [x])],
  ['checkGrads', (f) => checkGrads(f, [x])],
]

describe('a combinator given something that is not a function', () => {
  for (const [name, call] of combinators) {
    it.each(notFns)(`${name}(%s) is a ValueError naming ${name} and the value`, (label, value) => {
      const e = errorOf(() => call(value as never))
      expect(e).toBeInstanceOf(ValueError)
      expect(e).toBeInstanceOf(FluxionError)
      expect(e.message).toMatch(new RegExp(`^${name}: expected .*function`))
      if (label === '42') expect(e.message).toContain('the number 42')
      if (label === '"x"') expect(e.message).toContain('the string "x"')
      if (label === 'a tensor') expect(e.message).toContain('a Tensor of shape [2]')
    })
  }
})

describe('bad options and argument lists', () => {
  const f = (v: Tensor) => sum(v)
  it('options that are not an object', () => {
    const e = errorOf(() => grad(f, 0 as never))
    expect(e).toBeInstanceOf(ValueError)
    expect(e.message).toMatch(/^grad: options must be an object/)
    expect(e.message).toContain('the number 0')
  })

  it('an unknown option is named (jacfwd used to ignore what it did not know)', () => {
    expect(() => jacfwd(f, { hasaux: true } as never)).toThrow(/^jacfwd: unknown option hasaux; the options are argnums, hasAux/)
    expect(() => jvp(f, [x], [x], { argnums: 0 } as never)).toThrow(/^jvp: unknown option argnums; the options are hasAux/)
  })

  it('hasAux that is not a boolean, argnums that are not indices', () => {
    expect(() => valueAndGrad(f, { hasAux: 'yes' } as never)).toThrow(/^valueAndGrad: hasAux must be true or false, got the string "yes"/)
    expect(() => jacrev(f, { argnums: '0' } as never)).toThrow(/^jacrev: argnums must be a non-negative integer or an array of them, got the string "0"/)
    expect(() => grad(f, { argnums: [0, -1] })).toThrow(ValueError)
  })

  it('jvp with a tensor where the list of primals goes says how to write it', () => {
    const e = errorOf(() => jvp(f, x as never, x as never))
    expect(e).toBeInstanceOf(ValueError)
    expect(e.message).toMatch(/^jvp: primals must be an array with one entry per argument/)
    expect(e.message).toContain('jvp(f, [x], [t])')
  })
})
