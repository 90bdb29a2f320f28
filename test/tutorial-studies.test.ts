/**
 * The tutorial's demonstrations in the default suite (issue 15, items 1–10),
 * at small sizes: the learning rate across 2/L, minibatch noise against σ²/B,
 * the momentum forms, both Nesterov forms, Adam on aligned and rotated
 * valleys, other activations, uniform initializers, zero initialization,
 * seeds; and prose that follows the run it describes.
 */
import { describe, expect, it } from 'vitest'
import { runInitDepth, runLearningRate, runMinibatch, runMomentum } from '../src/experiment/studies/index.js'

const hasMark = (spec: unknown, mark: string): boolean => JSON.stringify(spec).includes(`"type":"${mark}"`)

describe('tutorial: the learning rate on a quadratic (item 1)', () => {
  const r = runLearningRate({ small: true })

  it('measures the stability edge close to 2/L, with L read from the Hessian', () => {
    expect(r.data.L).toBeCloseTo(10, 10)
    expect(r.metrics['edge.theory']).toBeCloseTo(0.2, 12)
    expect(Math.abs(r.metrics['edge.measuredOverTheory']! - 1)).toBeLessThan(0.05)
  })

  it('converges below the edge and diverges above it; draws trajectories and loss curves', () => {
    expect(r.metrics['gd.0.5.lossRatio']).toBeLessThan(1e-2)
    expect(r.metrics['gd.0.1.lossRatio']).toBeGreaterThan(r.metrics['gd.0.5.lossRatio']!)
    expect(r.metrics['gd.1.05.lossRatio']).toBeGreaterThan(1)
    expect(r.charts.map((c) => c.file)).toEqual(['learning-rate-trajectories.png', 'learning-rate-loss.png'])
  })

  it('the prose follows the run: a setting that diverges is called diverging, one that converges is not', () => {
    const below = runLearningRate({ small: true, fractions: [0.5], edgeSteps: 30 }).summary
    const above = runLearningRate({ small: true, fractions: [1.2], edgeSteps: 30 }).summary
    expect(below).not.toMatch(/: it diverges/)
    expect(below).toMatch(/at 0\.5·2\/L \(lr 0\.1\) the loss fell/)
    expect(above).toMatch(/at 1\.2·2\/L \(lr 0\.24\) the loss grew by a factor [0-9.e]+: it diverges/)
  })
})

describe('tutorial: full batch, single example, minibatch (item 2)', () => {
  const r = runMinibatch({ small: true })

  it('runs batch sizes 1, 8, 32 and the full set at equal epochs and equal steps', () => {
    expect(r.data.equalEpochs.map((x) => x.batchSize)).toEqual([1, 8, 32, r.data.n])
    const n = r.data.n
    for (const x of r.data.equalEpochs) expect(x.w.length - 1).toBe(2 * Math.floor(n / x.batchSize))
    for (const x of r.data.equalSteps) expect(x.w.length - 1).toBe(40)
  })

  it('a single example jitters near the optimum; the full batch settles', () => {
    const s = r.data.equalSteps
    expect(s[0]!.jitter).toBeGreaterThan(10 * s[s.length - 1]!.jitter)
  })

  it('the gradient variance follows σ²/B·(N − B)/(N − 1), from per-example gradients', () => {
    expect(r.metrics['variance.slope']).toBeGreaterThan(-1.3)
    expect(r.metrics['variance.slope']).toBeLessThan(-0.8)
    for (const v of r.data.variance) {
      expect(v.measured / v.theoryFinite).toBeGreaterThan(0.6)
      expect(v.measured / v.theoryFinite).toBeLessThan(1.6)
    }
  })
})

describe('tutorial: momentum forms, Nesterov, Adam (items 3, 4, 8)', () => {
  const r = runMomentum({ small: true })
  const form = (id: string) => r.data.forms.find((f) => f.id === id)!

  it('the effective steps: undamped builds to 1/(1 − β), damped starts at 1 − β, debiased is constant', () => {
    expect(form('undamped').firstSteps[0]).toBeCloseTo(1, 12)
    expect(form('undamped').firstSteps[29]).toBeCloseTo((1 - 0.9 ** 30) / 0.1, 10)
    expect(form('damped').firstSteps[0]).toBeCloseTo(0.1, 12)
    for (const v of form('dampedDebiased').firstSteps) expect(v).toBeCloseTo(1, 12)
    for (const v of form('undampedDebiased').firstSteps) expect(v).toBeCloseTo(10, 10)
  })

  it('every momentum plot names the form it uses', () => {
    for (const c of r.charts.filter((x) => x.file.startsWith('momentum-')))
      expect(`${c.caption} ${JSON.stringify(c.spec)}`).toMatch(/undamped[\s\S]*damped/)
    for (const f of r.data.forms) expect(f.label).toMatch(/damped/)
  })

  it('Nesterov: the reparametrized iterates are the look-ahead points, to rounding', () => {
    expect(r.metrics['nesterov.quadratic.maxGap']).toBeLessThan(1e-12)
    expect(r.metrics['nesterov.rosenbrock.maxGap']).toBeLessThan(1e-10)
    expect(r.data.nesterov[0]!.maxIterateGap).toBeGreaterThan(1e-2)
  })

  it('Adam beats momentum on the aligned valley and trails it on the rotated one, and the prose says so from the numbers', () => {
    const m = r.metrics
    expect(m['adam.aligned.Adam.finalLoss']).toBeLessThan(m['adam.aligned.momentum.finalLoss']!)
    expect(m['adam.rotated.Adam.finalLoss']).toBeGreaterThan(m['adam.rotated.momentum.finalLoss']!)
    expect(r.data.adam[0]!.scaleRatio).toBeLessThan(0.1)
    expect(r.data.adam[1]!.scaleRatio).toBeGreaterThan(0.5)
    expect(r.summary).toMatch(/Adam wins by far/)
    expect(r.summary).toMatch(/trailing it/)
    // on a well-conditioned rotated valley Adam no longer trails: the sentence goes
    const easy = runMomentum({ small: true, adamKappa: 2, steps: 10, adamSteps: 60 })
    expect(easy.metrics['adam.rotated.Adam.finalLoss']! > easy.metrics['adam.rotated.momentum.finalLoss']!).toBe(easy.summary.includes('trailing it'))
  })
})

describe('tutorial: the depth study (items 5, 6, 7, 9, 10)', () => {
  const r = runInitDepth({ small: true })
  const d = r.data

  it('has Xavier uniform and Kaiming uniform beside the normal forms, on their theory lines', () => {
    expect(d.schemes.map((s) => s.id)).toEqual(['normal1', 'normal2', 'normal3', 'xavier', 'kaiming', 'xavierUniform', 'kaimingUniform'])
    expect(r.metrics['activations.kaimingUniform.lastOverFirst']).toBeGreaterThan(1 / 3)
    expect(r.metrics['activations.kaimingUniform.lastOverFirst']).toBeLessThan(3)
    expect(r.metrics['activations.xavierUniform.lastOverFirst']).toBeLessThan(0.05)
  })

  it('linear and tanh nets with their own theory lines', () => {
    const a = (id: string) => d.activations.find((x) => x.id === id)!
    const L = d.depth
    for (const id of ['linear', 'tanhXavier', 'tanh2', 'reluKaiming']) {
      const x = a(id)
      expect(x.theory).toHaveLength(L + 1)
      expect(Math.abs(Math.log(x.activationRms[L]! / x.theory[L]!))).toBeLessThan(Math.log(2))
    }
    // the theories differ: linear keeps the scale, tanh with 1/n decays
    expect(a('linear').theory[L]! / a('linear').theory[0]!).toBeCloseTo(1, 10)
    expect(a('tanhXavier').theory[L]!).toBeLessThan(0.5 * a('tanhXavier').theory[0]!)
  })

  it('several seeds: each depth curve is a mean with a band, drawn shaded', () => {
    expect(d.seeds).toEqual([0, 1])
    for (const s of d.schemes)
      s.activationRms.forEach((v, l) => {
        expect(s.activationBand.lo[l]!).toBeLessThanOrEqual(v * (1 + 1e-12))
        expect(s.activationBand.hi[l]!).toBeGreaterThanOrEqual(v * (1 - 1e-12))
      })
    expect(d.schemes.some((s) => s.activationBand.hi[d.depth]! > s.activationBand.lo[d.depth]!)).toBe(true)
    expect(hasMark(r.charts[0]!.spec, 'area')).toBe(true)
  })

  it('zero and constant initialization never break symmetry; random does', () => {
    const s = (id: string) => d.symmetry.find((x) => x.id === id)!
    for (const g of s('zeros').firstHiddenGradNorms) expect(g).toBe(0)
    expect(s('zeros').distinctUnits).toBe(1)
    expect(s('constant').distinctUnits).toBe(1)
    expect(s('xavier').distinctUnits).toBe(s('xavier').width)
  })

  it('the typed-in sentence is gone: the prose reports what the probe run did, and follows a change of setting', () => {
    expect(r.summary).not.toMatch(/in our trials/)
    const base = { small: true, depth: 4, width: 16, batch: 16, seeds: 1, trainSteps: 20 } as const
    const calm = runInitDepth({ ...base, probeLearningRate: 1e-4 })
    expect(calm.data.probe!.diverged).toBe(false)
    expect(calm.summary).toMatch(/Trained again at lr 0\.0001 \(in this run\), it did not diverge: it ended at [0-9.]+/)
    const wild = runInitDepth({ ...base, probeLearningRate: 50 })
    expect(wild.data.probe!.diverged).toBe(true)
    expect(wild.summary).toMatch(new RegExp(`Trained again at lr 50 \\(in this run\\), it diverged at step ${wild.data.probe!.trainLoss.length}\\.`))
  })
})
