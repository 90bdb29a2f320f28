import { describe, expect, it } from 'vitest'
import { FluxionError, TraceError } from '../src/errors.js'
import {
  add, customVjp, grad, hessian, jacfwd, jacrev, jvp, linearize, mul, sin, sum, take, valueAndGrad, vjp, cos,
} from '../src/ad/index.js'
import { tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

const f64 = (v: number | number[]) => tensor(v, { dtype: 'float64' })
const i32 = (v: number[]) => tensor(v, { dtype: 'int32' })

/** The error `f` throws (failing the test when it throws nothing). */
const errorOf = (f: () => unknown): Error => {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected an error, none was thrown')
}

describe('grad of a non-scalar output', () => {
  it('names the shape and suggests vjp or jacrev', () => {
    const e = errorOf(() => grad((x: Tensor) => mul(x, 2))(f64([1, 2, 3])))
    expect(e).toBeInstanceOf(TraceError)
    expect(e).toBeInstanceOf(FluxionError)
    expect(e.message).toMatch(/^grad:/)
    expect(e.message).toContain('[3]')
    expect(e.message).toContain('vjp')
    expect(e.message).toContain('jacrev')
  })

  it('a [1]-shaped output is not a scalar either', () => {
    expect(errorOf(() => grad((x: Tensor) => mul(x, 2))(f64([1]))).message).toContain('[1]')
  })

  it('a tree output without hasAux suggests hasAux', () => {
    // @ts-expect-error: an array is not a scalar tensor (the types catch this too)
    const e = errorOf(() => valueAndGrad((x: Tensor) => [sum(x), x])(f64([1, 2])))
    expect(e).toBeInstanceOf(TraceError)
    expect(e.message).toContain('hasAux')
  })

  it('an integer output is not differentiable', () => {
    const e = errorOf(() => grad((x: Tensor) => sum(x.cast('int32')))(f64([1.5])))
    expect(e.message).toContain('int32')
  })

  it('hasAux with a function that does not return a pair', () => {
    // @ts-expect-error: with hasAux the function must return a pair (the types catch this too)
    const e = errorOf(() => grad((x: Tensor) => sum(x), { hasAux: true })(f64([1])))
    expect(e).toBeInstanceOf(TraceError)
    expect(e.message).toContain('[output, aux]')
  })
})

describe('differentiating with respect to an int or bool input', () => {
  it('grad of an int32 argument names the argument and the dtype', () => {
    const e = errorOf(() => grad((x: Tensor) => sum(x))(i32([1, 2])))
    expect(e).toBeInstanceOf(TraceError)
    expect(e.message).toContain('argument 0')
    expect(e.message).toContain('int32')
    expect(e.message).toMatch(/cast/i)
  })

  it('grad of a bool argument', () => {
    const e = errorOf(() => grad((x: Tensor) => sum(x))(tensor([true, false])))
    expect(e.message).toContain('bool')
  })

  it('names the path of an int leaf inside a pytree', () => {
    const e = errorOf(() => grad((p: { w: Tensor; steps: Tensor }) => sum(p.w))({ w: f64([1]), steps: i32([3]) }))
    expect(e.message).toContain('at steps')
  })

  it('with argnums as a list, names the offending argument', () => {
    const e = errorOf(() => grad((x: Tensor, i: Tensor) => sum(take(x, i)), { argnums: [0, 1] })(f64([1, 2]), i32([1])))
    expect(e.message).toContain('argument 1')
  })

  it('jacfwd, jacrev and hessian refuse int inputs too', () => {
    for (const op of [jacfwd, jacrev, hessian]) {
      const e = errorOf(() => op((x: Tensor) => x.cast('float64'))(i32([1, 2])))
      expect(e).toBeInstanceOf(TraceError)
      expect(e.message).toContain('int32')
    }
  })

  it('an int argument that is not differentiated is fine', () => {
    const g = grad((x: Tensor, i: Tensor) => sum(take(x, i)))(f64([1, 2, 3]), i32([2, 2]))
    expect(g.toArray()).toEqual([0, 0, 2])
  })

  it('argnums out of range', () => {
    const e = errorOf(() => grad((x: Tensor) => sum(x), { argnums: 2 })(f64([1])))
    expect(e).toBeInstanceOf(TraceError)
    expect(e.message).toContain('argnums 2')
  })
})

describe('cotangents and tangents that do not match', () => {
  const [, pullback] = vjp((x: Tensor) => mul(x, 2), f64([1, 2, 3]))

  it('a cotangent of the wrong shape names both shapes', () => {
    const e = errorOf(() => pullback(f64([1, 2])))
    expect(e).toBeInstanceOf(TraceError)
    expect(e.message).toContain('[2]')
    expect(e.message).toContain('[3]')
  })

  it('a cotangent of the wrong float dtype', () => {
    const e = errorOf(() => pullback(tensor([1, 2, 3])))
    expect(e.message).toContain('float32')
    expect(e.message).toContain('float64')
  })

  it('a cotangent of the wrong structure names the path', () => {
    const [, pb] = vjp((x: Tensor) => ({ a: x, b: [x, x] }), f64([1, 2]))
    const short = errorOf(() => pb({ a: f64([1, 2]), b: [f64([1, 2])] } as never))
    expect(short).toBeInstanceOf(TraceError)
    expect(short.message).toContain('structure')
    expect(short.message).toContain('b: an array of 2 vs an array of 1')
    const keys = errorOf(() => pb({ a: f64([1, 2]), c: [f64([1, 2]), f64([1, 2])] } as never))
    expect(keys.message).toContain('{a, b}')
    expect(keys.message).toContain('{a, c}')
    const leafShape = errorOf(() => pb({ a: f64([1, 2]), b: [f64([1, 2]), f64([1])] }))
    expect(leafShape.message).toContain('b[1]')
    expect(errorOf(() => pullback([f64([1, 2, 3])] as never)).message).toContain('(root)')
  })

  it('a tangent of the wrong shape or structure', () => {
    const shape = errorOf(() => jvp((x: Tensor) => x, [f64([1, 2])], [f64([1])]))
    expect(shape).toBeInstanceOf(TraceError)
    expect(shape.message).toContain('tangent')
    expect(shape.message).toContain('[1]')
    // @ts-expect-error: a tangent must have its primal's structure (the types catch this too)
    const struct = errorOf(() => jvp((p: { a: Tensor }) => p.a, [{ a: f64([1, 2]) }], [{ b: f64([1, 2]) }]))
    expect(struct.message).toContain('{a}')
    expect(struct.message).toContain('{b}')
  })
})

describe('a tracer used after its transformation returned', () => {
  it('a leaked reverse-mode tracer', () => {
    let leaked: Tensor | null = null
    grad((x: Tensor) => {
      leaked = mul(x, 2)
      return sum(x)
    })(f64([1, 2]))
    const e = errorOf(() => add(leaked!, 1))
    expect(e).toBeInstanceOf(TraceError)
    expect(e.message).toContain('after its transformation returned')
    expect(e.message).toContain('[2]')
    // also when it meets a live transformation
    expect(errorOf(() => grad((x: Tensor) => sum(add(x, leaked!)))(f64([1, 2])))).toBeInstanceOf(TraceError)
  })

  it('a leaked forward-mode tracer', () => {
    let leaked: Tensor | null = null
    jvp((x: Tensor) => {
      leaked = sin(x)
      return x
    }, [f64(1)], [f64(1)])
    const e = errorOf(() => cos(leaked!))
    expect(e).toBeInstanceOf(TraceError)
    expect(e.message).toContain('jvp tracer')
  })

  it('a tracer leaked from an inner transformation into the outer one', () => {
    let leaked: Tensor | null = null
    const outer = (x: Tensor) => {
      grad((y: Tensor) => {
        leaked = mul(x, y)
        return sum(y)
      })(f64([1]))
      return sum(mul(x, leaked!))
    }
    expect(errorOf(() => grad(outer)(f64([2])))).toBeInstanceOf(TraceError)
  })
})

describe('custom rules used the wrong way', () => {
  const f = customVjp(
    (x: Tensor) => sin(x),
    (x: Tensor) => [sin(x), x] as const,
    (x: Tensor, ct: Tensor) => [mul(ct, cos(x))],
  )

  it('forward mode of a customVjp function is a clear error', () => {
    for (const run of [() => jvp(f, [f64(1)], [f64(1)]), () => jacfwd(f)(f64([1])), () => linearize(f, f64(1))]) {
      const e = errorOf(run)
      expect(e).toBeInstanceOf(TraceError)
      expect(e.message).toContain('customVjp')
      expect(e.message).toContain('customJvp')
    }
  })

  it('bwd returning the wrong number or shape of cotangents', () => {
    const extra = customVjp((x: Tensor) => sin(x), (x: Tensor) => [sin(x), x] as const, (_x: Tensor, ct: Tensor) => [ct, ct])
    expect(errorOf(() => grad((x: Tensor) => sum(extra(x)))(f64([1])))).toBeInstanceOf(TraceError)
    const wrongShape = customVjp((x: Tensor) => sin(x), (x: Tensor) => [sin(x), x] as const, (_x: Tensor, ct: Tensor) => [sum(ct)])
    const e = errorOf(() => grad((x: Tensor) => sum(wrongShape(x)))(f64([1, 2])))
    expect(e.message).toContain('[]')
    expect(e.message).toContain('[2]')
  })
})
