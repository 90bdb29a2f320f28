/**
 * How noisy is a minibatch gradient? Per-example gradients answer it directly.
 *
 * With per-example gradients gᵢ (one `vmap(grad(loss))` call) and their mean g,
 * the per-example variance is σ² = mean‖gᵢ − g‖². A minibatch of b examples
 * drawn with replacement averages b of them, so its gradient's variance is
 * E‖ĝ_b − g‖² = σ²/b: doubling the batch halves the noise, which is why the
 * learning rate can grow with the batch size (up to where the noise stops
 * mattering). This script measures E‖ĝ_b − g‖² over many random minibatches (their
 * indices drawn with a key array under vmap) and sets it beside σ²/b.
 *
 * The model is a small MLP on noisy spirals, at its initialization (where
 * gradients are large and varied).
 *
 * Run: npx tsx examples/gradient-variance.ts
 */
import { concat, data, grad, mean, nn, random, reshape, sub, sum, take, vmap, type Tensor } from '../src/index.js'

/** Options of `main`. */
export interface GradientVarianceOptions {
  /** Examples in the dataset (default 300: 100 per class). */
  readonly nPerClass?: number
  /** Minibatch sizes to measure (default 1, 2, 4, ..., 64). */
  readonly batchSizes?: ReadonlyArray<number>
  /** Random minibatches per size (default 400). */
  readonly draws?: number
  readonly log?: (line: string) => void
}

export interface GradientVarianceResult {
  /** mean ‖gᵢ − g‖² over the examples */
  readonly sigma2: number
  /** per batch size: the measured E‖ĝ_b − g‖² and the theory σ²/b */
  readonly rows: ReadonlyArray<{ readonly b: number; readonly measured: number; readonly theory: number }>
  /** ‖gᵢ‖ of every example */
  readonly norms: ReadonlyArray<number>
}

export const main = (opts: GradientVarianceOptions = {}): GradientVarianceResult => {
  const log = opts.log ?? console.log
  const { nPerClass = 100, batchSizes = [1, 2, 4, 8, 16, 32, 64], draws = 400 } = opts
  const [kd, kp, kb] = random.split(random.key(0), 3)
  const ds = data.spirals(kd, { nPerClass, classes: 3, noise: 0.2 })
  const params = nn.mlp.init(kp, [2, 16, 16, 3])
  const loss = (p: typeof params, x: Tensor, y: Tensor): Tensor => nn.softmaxCrossEntropyWithIntegerLabels(nn.mlp.apply(p, x), y)

  // every example's gradient in one call, flattened to one row per example: G is [n, P]
  const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, ds.x, ds.y)
  const n = ds.x.shape[0]!
  const G = concat(perExample.flatMap((l) => [reshape(l.w, [n, -1]), reshape(l.b, [n, -1])]), 1)
  const g = mean(G, 0)
  const sigma2 = mean(sum(sub(G, g).square(), 1)).item()
  const norms = sum(G.square(), 1).sqrt().toArray() as number[]
  log(`${n} examples, ${G.shape[1]} parameters; per-example gradient norms from ${Math.min(...norms).toFixed(3)} to ${Math.max(...norms).toFixed(3)}`)
  log(`σ² = mean ‖gᵢ − g‖² = ${sigma2.toPrecision(4)}`)
  log('  batch   E‖ĝ_b − g‖²   σ²/b       ratio')

  const rows = batchSizes.map((b, j) => {
    // `draws` minibatches of b indices, one key each (a key array under vmap)
    const idx = vmap((k: random.Key) => random.randint(k, [b], 0, n))(random.split(random.foldIn(kb, j), draws)) // [draws, b]
    const batchGrads = mean(take(G, idx, 0), 1) // [draws, P]
    const measured = mean(sum(sub(batchGrads, g).square(), 1)).item()
    const theory = sigma2 / b
    log(`  ${String(b).padStart(5)}   ${measured.toPrecision(4).padStart(11)}   ${theory.toPrecision(4).padStart(9)}   ${(measured / theory).toFixed(2)}`)
    return { b, measured, theory }
  })
  return { sigma2, rows, norms }
}

if (import.meta.url === `file://${process.argv[1]}`) main()
