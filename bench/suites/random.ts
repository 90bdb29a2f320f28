/**
 * Suite 5 (issue 4): random sampling. `normal` and `uniform` of 10⁶ float32
 * values, with a fresh key (or seed) for every call, as a user draws them:
 *
 * - fluxion: `random.normal(random.foldIn(root, i), [10⁶])` (threefry2x32 bits,
 *   then JAX's `√2·erfinv(u)` for the normal);
 * - tfjs: `tf.randomNormal([10⁶], 0, 1, 'float32', seed)` / `tf.randomUniform`,
 *   with seed = i, read back with `dataSync()` (tfjs draws the numbers in
 *   JavaScript, with seedrandom's alea generator, on either backend, then hands
 *   them to the backend);
 * - jax-js: `random.normal(random.key(i), [10⁶])` / `random.uniform`, read back with
 *   `await data()`. jax-js has no `fold_in`: `key(i)` is its cheapest fresh key
 *   (`split` would need an extra indexing op). Its samplers are `jit`-compiled
 *   functions already, so there is no separate jax-js-jit row.
 *
 * The libraries have different generators, so their streams differ by design and
 * there is no agreement check. Instead each peer's first output is summarised in the
 * check column (mean, variance, min, max) and sanity-checked: `ok` when the mean and
 * variance are within about 10 standard errors of the distribution's (for 10⁶
 * samples: |mean| < 0.01 and |var − 1| < 0.015 for the normal; |mean − ½| < 0.003,
 * |var − 1/12| < 0.001 and every value in [0, 1) for the uniform), else `SUSPECT`.
 */
import { random } from '../../src/index.js'
import { na, type Impl } from '../harness.js'
import type { Suite } from '../suite.js'

const N = 1_000_000

interface Moments {
  readonly mean: number
  readonly variance: number
  readonly min: number
  readonly max: number
}

const moments = (x: ArrayLike<number>): Moments => {
  let s = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!
    s += v
    if (v < min) min = v
    if (v > max) max = v
  }
  const mean = s / x.length
  let ss = 0
  for (let i = 0; i < x.length; i++) ss += (x[i]! - mean) ** 2
  return { mean, variance: ss / x.length, min, max }
}

const signed = (x: number, digits = 4): string => (x >= 0 ? '+' : '') + x.toFixed(digits)

interface Dist {
  readonly name: 'normal' | 'uniform'
  /** is the sample plausible? */
  readonly sane: (m: Moments, n: number) => boolean
}

const DISTS: ReadonlyArray<Dist> = [
  {
    name: 'normal',
    // standard errors for n = 10⁶: mean 0.001, variance √2/√n ≈ 0.0014
    sane: (m, n) => n === N && Math.abs(m.mean) < 0.01 && Math.abs(m.variance - 1) < 0.015 && Number.isFinite(m.min) && Number.isFinite(m.max),
  },
  {
    name: 'uniform',
    // standard errors: mean √(1/12)/√n ≈ 0.00029, variance ≈ 0.000075
    sane: (m, n) => n === N && Math.abs(m.mean - 0.5) < 0.003 && Math.abs(m.variance - 1 / 12) < 0.001 && m.min >= 0 && m.max < 1,
  },
]

const describe = (d: Dist) => (out: ArrayLike<number>): string => {
  const m = moments(out)
  const digits = d.name === 'normal' ? 2 : 8 // enough to show a float32 maximum below 1 (0.99999994)
  const range = `[${m.min.toFixed(digits)}, ${m.max.toFixed(digits)}${d.name === 'uniform' ? ')' : ']'}`
  return `${d.sane(m, out.length) ? 'ok' : 'SUSPECT'} mean ${signed(m.mean)} var ${m.variance.toFixed(4)} ${range}`
}

export const randomSuite: Suite = {
  name: 'random',
  title: "random: normal and uniform, 10⁶ float32 samples per call, a fresh key per call (million samples/s)",
  description:
    `random.normal and random.uniform of ${N} float32 values with a new key (seed) for every call. ` +
    'fluxion: random.normal(random.foldIn(root, i), [n]); tfjs: tf.randomNormal / tf.randomUniform with seed i, dataSync() ' +
    '(tfjs generates in JavaScript on both backends); jax-js: random.normal(random.key(i), [n]), await data() ' +
    '(already jit-compiled inside jax-js, so no jax-js-jit row). Metric: million samples per second. ' +
    'No agreement check (each library has its own generator, so the streams differ by design); ' +
    "the check column instead summarises each peer's first output: mean, variance, [min, max], and ok/SUSPECT.",
  async run(ctx) {
    const { peers } = ctx
    for (const d of DISTS) {
      const impls: Record<string, Impl> = {}

      impls.fluxion = () => {
        const root = random.key(2024)
        let i = 0
        const draw = d.name === 'normal'
          ? () => random.normal(random.foldIn(root, i++), [N])
          : () => random.uniform(random.foldIn(root, i++), [N])
        return { run: draw, output: () => draw().data() }
      }

      for (const backend of ['cpu', 'wasm'] as const)
        impls[`tfjs-${backend}`] = async () => {
          const tf = await peers.tfOn(backend)
          let seed = 0
          const draw = d.name === 'normal'
            ? () => tf.randomNormal([N], 0, 1, 'float32', seed++)
            : () => tf.randomUniform([N], 0, 1, 'float32', seed++)
          // read back inside tidy, the typed array leaves through the closure (see tfRead)
          const once = (): Float32Array => {
            let out: Float32Array | undefined
            tf.tidy(() => void (out = draw().dataSync() as Float32Array))
            return out!
          }
          return { run: once, output: once }
        }

      impls['jax-js'] = () => {
        const { random: jr } = peers.jax!
        let i = 0
        // key(i) and the sampler both consume their arguments; data() consumes the result.
        const draw = d.name === 'normal' ? () => jr.normal(jr.key(i++), [N]) : () => jr.uniform(jr.key(i++), [N])
        return { run: () => draw().data(), output: () => draw().data() }
      }
      impls['jax-js-jit'] = na('jax-js random.normal/uniform are jit-compiled functions already: the jax-js row is the jitted sampler')

      await ctx.case(
        {
          name: `${d.name} 10⁶`,
          metric: { unit: 'Msamples/s', of: (ms) => N / 1e6 / (ms / 1000) },
          measure: { budgetMs: 1200, maxReps: 30 },
          noAgreement: { reason: 'different generators', describe: describe(d) },
        },
        impls,
      )
    }
    console.log(
      'note: no agreement check here: the libraries use different generators (fluxion threefry2x32 + erfinv as JAX; ' +
        'jax-js threefry + Box–Muller; tfjs seedrandom alea in JavaScript), so the streams differ by design. ' +
        "The check column summarises each peer's first output instead (mean, variance, [min, max]); " +
        'ok = within ~10 standard errors of N(0, 1) / U[0, 1) and inside the range.',
    )
  },
}
