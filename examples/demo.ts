/**
 * The short demo `npm start` runs until the experiment suite lands: immutable
 * tensors, gradients to any depth, Jacobians and Hessians, and a few steps of
 * Newton's method on a small least-squares problem — all pure functions.
 *
 * Run: npm start   (or: npx tsx examples/demo.ts)
 */
import {
  type Tensor, tensor, grad, valueAndGrad, hessian, jacfwd, jacrev, hvp, sum, mul, sub, tanh, sin, matmul, linalg, square, mean,
} from '../src/index.js'

export const demo = (log: (line: string) => void = console.log): { newtonLosses: number[] } => {
  const show = (t: Tensor) => JSON.stringify(t.toArray(), (_k, v) => (typeof v === 'number' ? +v.toFixed(6) : v))

  log('fluxion demo: functional, immutable differentiable programming\n')

  // 1. tensors are immutable values with numpy broadcasting
  const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' })
  log(`x = ${show(x)}  shape [${x.shape}]  dtype ${x.dtype}`)
  log(`x.mul(2).add([[10],[20]] broadcast) = ${show(x.mul(2).add(tensor([[10], [20]], { dtype: 'float64' })))}`)

  // 2. derivatives compose: grad(grad(grad(sin))) = -cos
  const d3 = grad(grad(grad((t: Tensor) => sin(t))))
  log(`\nd³/dx³ sin(x) at 0.5 = ${d3(tensor(0.5, { dtype: 'float64' })).item().toFixed(6)}  (-cos 0.5 = ${(-Math.cos(0.5)).toFixed(6)})`)

  // 3. Jacobians have shape out.shape ++ in.shape, forward or reverse
  const f = (v: Tensor) => tanh(mul(v, v))
  const v = tensor([0.1, 0.2, 0.3], { dtype: 'float64' })
  log(`jacfwd(tanh(v²)) = ${show(jacfwd(f)(v))}`)
  log(`jacrev(tanh(v²)) = ${show(jacrev(f)(v))}`)

  // 4. Hessians (forward over reverse) and Hessian-vector products
  const g = (w: Tensor) => sum(square(tanh(w)))
  log(`hessian(sum(tanh(w)²)) = ${show(hessian(g)(v))}`)
  log(`hvp(g, v, [1,0,0]) = ${show(hvp(g, [v], [tensor([1, 0, 0], { dtype: 'float64' })]))}`)

  // 5. Newton's method on least squares: one Hessian solve per step
  const A = tensor([[1, 2], [3, 4], [5, 7], [1, -1]], { dtype: 'float64' })
  const b = tensor([1, 2, 3, 4], { dtype: 'float64' })
  const loss = (w: Tensor) => mean(square(sub(matmul(A, w), b)))
  let w = tensor([0, 0], { dtype: 'float64' })
  const newtonLosses: number[] = []
  for (let step = 0; step < 3; step++) {
    const [l, gw] = valueAndGrad(loss)(w)
    newtonLosses.push(l.item())
    w = sub(w, linalg.solve(hessian(loss)(w), gw))
    log(`newton step ${step}: loss ${l.item().toFixed(8)}`)
  }
  log(`final w = ${show(w)} (a quadratic is solved in one Newton step)`)
  return { newtonLosses }
}

if (import.meta.url === `file://${process.argv[1]}`) demo()
