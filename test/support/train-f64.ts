/**
 * A small float64 training run for the cross-backend and cross-process tests:
 * an MLP on iris in float64, sized so that the wasm backend runs its SIMD
 * kernels (sums over 4096+ elements, packed and two-thread matmuls) and not only
 * its JS fallbacks; gradient clipping adds whole-tensor sums of squares. Returns every step's loss and the final parameters' bytes.
 */
import { data, init, nn, optim, random, tree, valueAndGrad, type Tensor } from '../../src/index.js'

export interface F64Run {
  readonly losses: number[]
  /** Every parameter's float64 values, leaf after leaf. */
  readonly params: number[]
}

export const trainF64 = (steps: number, seed = 3): F64Run => {
  const kInit = random.key(seed)
  const { x, y } = data.iris({ dtype: 'float64' })
  const batch = { x, y }
  const params = nn.mlp.init(kInit!, [4, 96, 96, 3], { kernelInit: init.heNormal(), dtype: 'float64' })
  const loss = nn.mlp.lossFn({ loss: 'softmaxCrossEntropy' })
  // clipping sums the squares of each whole kernel (9216 elements): a last-axis sum on the SIMD kernel
  const opt = optim.optimizer(optim.chain(optim.clipByGlobalNorm(1), optim.adam(0.01)))
  let state = opt.init(params)
  const losses: number[] = []
  for (let t = 0; t < steps; t++) {
    const [l, grads] = valueAndGrad(loss)(state.params, batch)
    losses.push(l.item())
    state = opt.step(state, grads)
  }
  const leaves = tree.leaves(state.params) as Tensor[]
  return { losses, params: leaves.flatMap((p) => Array.from(p.data())) }
}
