/**
 * Why He/Kaiming initialization uses variance 2/n for ReLU networks: push a
 * batch of Gaussian inputs through a deep stack of ReLU layers (no training)
 * and watch the activations' scale.
 *
 * Each pre-activation z = Σᵢ wᵢhᵢ sums n terms, so E[z²] = σ²·n·E[h²]; the
 * ReLU keeps half of a symmetric distribution's second moment. One layer
 * multiplies E[h²] by σ²·n/2:
 *
 * - σ² = 1/n (also Xavier on a square layer): halves per layer, vanishes;
 * - σ² = 2/n (Kaiming): stays put at any depth;
 * - σ² = 3/n: grows by 1.5 per layer, explodes.
 *
 * Run: npx tsx examples/init-variance.ts
 */
import { init, mean, nn, random, square, type Tensor } from '../src/index.js'

/** Options of `main`. */
export interface InitVarianceOptions {
  /** Width n of every layer (default 100). */
  readonly width?: number
  /** Number of ReLU layers (default 50). */
  readonly depth?: number
  /** Gaussian inputs (default 128). */
  readonly batch?: number
  readonly log?: (line: string) => void
}

/** Per initialization: the RMS of the activations at layers 0 (input) .. depth, and the theory's. */
export type InitVarianceResult = Record<string, { readonly measured: number[]; readonly theory: number[] }>

const rms = (t: Tensor): number => Math.sqrt(mean(square(t)).item())

export const main = (opts: InitVarianceOptions = {}): InitVarianceResult => {
  const log = opts.log ?? console.log
  const { width: n = 100, depth = 50, batch = 128 } = opts
  const [kx, ...kw] = random.split(random.key(0), 6)
  const x = random.normal(kx!, [batch, n])
  const inits: ReadonlyArray<readonly [string, init.Initializer, number]> = [
    // [name, initializer, σ²·n]
    ['N(0, 1/n)', init.normal(Math.sqrt(1 / n)), 1],
    ['N(0, 2/n)', init.normal(Math.sqrt(2 / n)), 2],
    ['N(0, 3/n)', init.normal(Math.sqrt(3 / n)), 3],
    ['Xavier normal', init.xavierNormal(), 1], // 2/(fanIn + fanOut) = 1/n for n → n
    // PyTorch reads fans from (out, in) weights, ours are (in, out): the same for square layers
    ['Kaiming normal', init.kaimingNormal({ nonlinearity: 'relu' }), 2],
  ]
  const sizes = Array.from({ length: depth + 1 }, () => n)
  const marks = [0, 1, 10, 25, 50].filter((l) => l <= depth)
  log(`RMS of the activations through ${depth} ReLU layers of width ${n} (${batch} Gaussian inputs; theory in brackets)`)
  log(`  ${'init'.padEnd(16)}${marks.map((l) => `layer ${l}`.padStart(20)).join('')}`)
  const result: InitVarianceResult = {}
  inits.forEach(([name, kernelInit, k], i) => {
    const params = nn.mlp.init(kw[i]!, sizes, { kernelInit }) // zero biases
    // every layer is followed by a ReLU, the last one too
    const { layers } = nn.mlp.applyWithActivations(params, x, { finalActivation: 'relu' })
    const measured = [rms(x), ...layers.map((l) => rms(l.post))]
    const theory = measured.map((_, l) => measured[0]! * (k / 2) ** (l / 2))
    result[name] = { measured, theory }
    const cell = (l: number) => `${measured[l]!.toExponential(2)} [${theory[l]!.toExponential(1)}]`.padStart(20)
    log(`  ${name.padEnd(16)}${marks.map(cell).join('')}`)
  })
  log('One ReLU layer multiplies the second moment by σ²·n/2: only σ² = 2/n keeps the signal alive through depth.')
  return result
}

if (import.meta.url === `file://${process.argv[1]}`) main()
