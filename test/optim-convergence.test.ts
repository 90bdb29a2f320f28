/**
 * Every alias converges on optax's two test problems (alias_test.py), in
 * float32 as there, to within rtol = atol = 3e-2 of the minimum:
 *
 * - the parabola f(x) = Σ(x - t)², from [-1, 10, 1] to t = [1, -1, 1];
 * - Rosenbrock f(x, y) = (a - x)² + b·(y - x²)² with a = 1, b = 100, from
 *   [0, 0] to [1, 1].
 *
 * Learning rates are optax's per alias. optax runs 10000 steps; 5000 are
 * enough here to keep the suite fast (the slowest case, adagrad on
 * Rosenbrock, is inside the tolerance for good from about step 3300).
 * Newton is not in optax's list: it gets a unit step and 20 iterations.
 */
import { describe, expect, it } from 'vitest'
import { add, grad, mul, optim, slice, square, sub, sum, tensor, type Tensor } from '../src/index.js'

interface Problem {
  readonly start: Tensor
  readonly minimum: ReadonlyArray<number>
  readonly loss: (x: Tensor) => Tensor
}

const parabola = (): Problem => {
  const t = tensor([1, -1, 1])
  return { start: tensor([-1, 10, 1]), minimum: [1, -1, 1], loss: (x) => sum(square(sub(x, t))) }
}

const rosenbrock = (a = 1, b = 100): Problem => ({
  start: tensor([0, 0]),
  minimum: [a, a * a],
  loss: (v) => {
    const x = slice(v, [0], [1])
    const y = slice(v, [1], [2])
    return sum(add(square(sub(a, x)), mul(square(sub(y, square(x))), b)))
  },
})

const aliases: ReadonlyArray<readonly [string, () => optim.GradientTransformation<unknown>, number]> = [
  ['sgd(1e-3, momentum 0.9)', () => optim.sgd(1e-3, { momentum: 0.9 }), 5000],
  ['adam(1e-1)', () => optim.adam(1e-1), 5000],
  ['adamw(1e-1)', () => optim.adamw(1e-1), 5000],
  ['nadam(1e-2)', () => optim.nadam(1e-2), 5000],
  ['rmsprop(5e-3)', () => optim.rmsprop(5e-3), 5000],
  ['rmsprop(5e-3, momentum 0.9)', () => optim.rmsprop(5e-3, { momentum: 0.9 }), 5000],
  ['adagrad(1.0)', () => optim.adagrad(1.0), 5000],
  ['newton(1)', () => optim.newton(1), 20],
]

const minimize = (problem: Problem, t: optim.GradientTransformation<unknown>, steps: number): Tensor => {
  const opt = optim.optimizer(t)
  const g = grad(problem.loss)
  const extra = { loss: problem.loss }
  let s = opt.init(problem.start)
  for (let i = 0; i < steps; i++) s = opt.step(s, g(s.params), extra)
  return s.params
}

for (const [name, problem] of [['parabola', parabola], ['rosenbrock', rosenbrock]] as const) {
  describe(`convergence on the ${name}`, () => {
    for (const [alias, make, steps] of aliases) {
      it(`${alias} reaches the minimum in ${steps} steps`, () => {
        const p = problem()
        const x = minimize(p, make(), steps)
        expect(x.dtype).toBe('float32')
        Array.from(x.data()).forEach((v, i) => {
          const want = p.minimum[i]!
          expect(Math.abs(v - want), `coordinate ${i}: ${v} vs ${want}`).toBeLessThanOrEqual(3e-2 + 3e-2 * Math.abs(want))
        })
      })
    }
  })
}
