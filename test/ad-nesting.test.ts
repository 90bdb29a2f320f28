import { describe, expect, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import {
  add, cos, exp, grad, hessian, hvp, jacfwd, jacrev, jvp, logsumexp, matmul, mul, pow, sin, square, sum, tanh,
  valueAndGrad, vjp,
} from '../src/ad/index.js'
import { tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

const f64 = (v: number | number[] | number[][]) => tensor(v, { dtype: 'float64' })
const close = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape)
  expect(approxEq({ rtol: tol, atol: tol })(a, b), `${a.toString()} vs ${b.toString()}`).toBe(true)
}
const diag = (v: number[]) => f64(v.map((x, i) => v.map((_, j) => (i === j ? x : 0))))

describe('higher derivatives by nesting', () => {
  it('grad(grad(grad(sin))) is -cos', () => {
    const d3 = grad(grad(grad((x: Tensor) => sin(x))))
    for (const x of [-2, -0.3, 0, 0.7, 3]) expect(d3(f64(x)).item()).toBeCloseTo(-Math.cos(x), 14)
  })

  it('the fourth derivative of sin is sin; of exp, exp', () => {
    const d4 = grad(grad(grad(grad((x: Tensor) => sin(x)))))
    expect(d4(f64(0.4)).item()).toBeCloseTo(Math.sin(0.4), 14)
    const e4 = grad(grad(grad(grad((x: Tensor) => exp(mul(x, 2))))))
    expect(e4(f64(0.1)).item()).toBeCloseTo(16 * Math.exp(0.2), 12)
  })

  describe('the second derivative of sum(tanh(x)²) is exact', () => {
    // d/dx tanh² = 2t(1 - t²); d²/dx² = 2(1 - t²)(1 - 3t²). TensorFlow.js drops the
    // term that comes from differentiating tanh's own derivative; here it must be there.
    const xs = [0.3, -1.2, 2, 0]
    const closed = diag(xs.map((x) => {
      const t = Math.tanh(x)
      return 2 * (1 - t * t) * (1 - 3 * t * t)
    }))
    const variants: Array<[string, (x: Tensor) => Tensor]> = [
      ['square', (x) => sum(square(tanh(x)))],
      ['pow(·, 2)', (x) => sum(pow(tanh(x), 2))],
      ['mul', (x) => sum(mul(tanh(x), tanh(x)))],
    ]
    for (const [name, f] of variants) {
      it(`with ${name}, in every mode`, () => {
        const x = f64(xs)
        close(hessian(f)(x), closed) // hessian: reverse-over-reverse
        close(jacrev(jacrev(f))(x), closed) // reverse-over-reverse, spelled out
        close(jacfwd(jacrev(f))(x), closed) // forward-over-reverse
        close(jacrev(jacfwd(f))(x), closed) // reverse-over-forward
        close(jacfwd(jacfwd(f))(x), closed) // forward-over-forward
        close(jacfwd(grad(f))(x), closed) // forward over grad
      })
    }
    it('elementwise via grad(grad) of the scalar version', () => {
      for (const x of xs) {
        const t = Math.tanh(x)
        expect(grad(grad((y: Tensor) => square(tanh(y))))(f64(x)).item()).toBeCloseTo(2 * (1 - t * t) * (1 - 3 * t * t), 13)
      }
    })
  })

  it('forward-over-reverse, reverse-over-forward, reverse-over-reverse and forward-over-forward agree', () => {
    const w = f64([[0.5, -1, 0.2], [0.3, 0.8, -0.6]])
    const f = (x: Tensor) => add(logsumexp(matmul(w, sin(x))), mul(sum(mul(x, x)), cos(sum(x))))
    const x = f64([0.1, -0.5, 0.9])
    const fr = jacfwd(jacrev(f))(x)
    close(jacrev(jacfwd(f))(x), fr)
    close(jacrev(jacrev(f))(x), fr)
    close(jacfwd(jacfwd(f))(x), fr)
    close(fr, fr.transpose())
    // Hessian-vector products all four ways
    const v = f64([1, 2, -1])
    const want = matmul(fr, v)
    close(hvp(f, [x], [v]), want) // jvp of grad
    close(grad((y: Tensor) => jvp(f, [y], [v])[1] as Tensor)(x), want) // grad of jvp
    close(vjp(grad(f), x)[1](v)[0], want) // vjp of grad
    close(jvp((y: Tensor) => jvp(f, [y], [v])[1], [x], [v])[1] as Tensor, sum(mul(v, want))) // jvp of jvp: vᵀHv
  })

  it('third-order mixed nesting agrees with the closed form', () => {
    // f(x) = Σ x³ sin(x): f''' per element, as a diagonal tensor of third derivatives
    const f = (x: Tensor) => sum(mul(mul(mul(x, x), x), sin(x)))
    const third = (x: number) => (6 - 9 * x * x) * Math.sin(x) + (18 * x - x * x * x) * Math.cos(x)
    const xs = [0.4, -1.1]
    const t3 = jacfwd(jacrev(jacrev(f)))(f64(xs))
    expect(t3.shape).toEqual([2, 2, 2])
    const arr = t3.toArray() as number[][][]
    xs.forEach((x, i) => expect(arr[i]![i]![i]).toBeCloseTo(third(x), 12))
    expect(arr[0]![1]![0]).toBe(0)
    close(jacrev(jacfwd(jacfwd(f)))(f64(xs)), t3)
  })
})

describe('perturbation confusion', () => {
  // d/dx [x · d/dy (x + y)] = d/dx [x · 1] = 1; confusing the perturbations gives 2
  it('reverse inside reverse', () => {
    const f = (x: Tensor) => mul(x, grad((y: Tensor) => add(x, y))(f64(1)))
    expect(grad(f)(f64(3)).item()).toBe(1)
  })

  it('forward inside forward', () => {
    const f = (x: Tensor) => mul(x, jvp((y: Tensor) => add(x, y), [f64(1)], [f64(1)])[1])
    expect(jvp(f, [f64(3)], [f64(1)])[1].item()).toBe(1)
  })

  it('mixed modes', () => {
    const inner = (x: Tensor) => mul(x, grad((y: Tensor) => add(x, y))(f64(1)))
    expect(jvp(inner, [f64(3)], [f64(1)])[1].item()).toBe(1)
    const innerFwd = (x: Tensor) => mul(x, jvp((y: Tensor) => add(x, y), [f64(1)], [f64(1)])[1])
    expect(grad(innerFwd)(f64(3)).item()).toBe(1)
  })

  it('the inner derivative closes over the outer variable: d/dx [x · d/dy (x·y)] = 2x', () => {
    const f = (x: Tensor) => mul(x, grad((y: Tensor) => mul(x, y))(f64(2)))
    expect(grad(f)(f64(3)).item()).toBe(6)
    const g = (x: Tensor) => mul(x, jvp((y: Tensor) => mul(x, y), [f64(2)], [f64(1)])[1])
    expect(jvp(g, [f64(3)], [f64(1)])[1].item()).toBe(6)
  })

  it('valueAndGrad inside grad differentiates the inner value too', () => {
    // d/dx [f(x) + f'(x)] for f = sin: cos(x) - sin(x)
    const outer = (x: Tensor) => {
      const [v, g] = valueAndGrad((y: Tensor) => sin(y))(x)
      return add(v, g)
    }
    expect(grad(outer)(f64(0.3)).item()).toBeCloseTo(Math.cos(0.3) - Math.sin(0.3), 14)
  })
})
