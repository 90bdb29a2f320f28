import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { renderSvg } from '../src/experiment/plot.js'
import { decodeSpec } from '../src/experiment/spec.js'
import { hexBits, repoModule, runChild } from './support/child.js'
import { allStudies, runInitDepth, runOptimizers2d, runTraining, trainingSpecs, type StudyResult } from '../src/experiment/studies/index.js'

/** What every study result must look like, whatever it measures. */
const checkStructure = (r: StudyResult, name: string) => {
  expect(r.name).toBe(name)
  expect(r.title.length).toBeGreaterThan(5)
  expect(r.summary.split('\n\n').length).toBeGreaterThanOrEqual(2)
  expect(r.charts.length).toBeGreaterThan(0)
  const files = r.charts.map((c) => c.file)
  expect(new Set(files).size).toBe(files.length)
  for (const c of r.charts) {
    expect(c.file).toMatch(/^[a-z0-9-]+\.png$/)
    expect(c.caption.length).toBeGreaterThan(10)
    expect((c.spec as { $schema?: string }).$schema).toMatch(/vega-lite/)
  }
  for (const t of r.tables) {
    expect(t.header.length).toBeGreaterThan(1)
    for (const row of t.rows) expect(row).toHaveLength(t.header.length)
  }
  expect(Object.keys(r.metrics).length).toBeGreaterThan(0)
  for (const [k, v] of Object.entries(r.metrics)) expect(Number.isFinite(v), `metric ${k} = ${v}`).toBe(true)
  // the data is plain JSON (the driver may write it out)
  expect(JSON.parse(JSON.stringify(r.data))).toBeTruthy()
}

describe('studies: the default suite', () => {
  it('allStudies lists the studies, in report order', () => {
    expect(allStudies.map((s) => s.name)).toEqual(['optimizers2d', 'learningRate', 'minibatch', 'momentum', 'initDepth', 'training'])
  })
})

describe('studies/optimizers2d (small)', () => {
  const r = runOptimizers2d({ small: true })

  it('has the expected structure and charts', () => {
    checkStructure(r, 'optimizers2d')
    expect(r.charts.map((c) => c.file)).toEqual([
      'optimizers-quadratic-trajectories.png', 'optimizers-quadratic-loss.png',
      'optimizers-rosenbrock-trajectories.png', 'optimizers-rosenbrock-loss.png',
    ])
    for (const p of r.data.problems) {
      expect(p.runs.map((x) => x.optimizer)).toEqual(['GD', 'momentum', 'Nesterov', 'Adam', 'Newton'])
      for (const run of p.runs) {
        expect(run.x).toHaveLength(p.steps + 1)
        expect(run.loss).toHaveLength(p.steps + 1)
      }
    }
  })

  it('Newton solves the quadratic in one step; momentum beats GD', () => {
    const q = r.data.problems[0]!.runs
    expect(q.find((x) => x.optimizer === 'Newton')!.loss[1]).toBeLessThan(1e-20)
    expect(r.metrics['quadratic.momentum.finalLoss']).toBeLessThan(r.metrics['quadratic.GD.finalLoss']! / 10)
    expect(r.metrics['rosenbrock.Newton.finalLoss']).toBeLessThan(1e-12)
  })

  it('is deterministic', () => {
    expect(runOptimizers2d({ small: true, rosenbrockSteps: 20, quadraticSteps: 20 }).metrics)
      .toEqual(runOptimizers2d({ small: true, rosenbrockSteps: 20, quadraticSteps: 20 }).metrics)
  })

  it('replays bit for bit in a fresh process', () => {
    const bitsOf = (m: Readonly<Record<string, number>>): string =>
      JSON.stringify(Object.keys(m).sort().map((k) => [k, hexBits([m[k]!])]))
    const opts = { small: true, rosenbrockSteps: 20, quadraticSteps: 20 }
    const child = runChild(`
      import { runOptimizers2d } from ${repoModule('src/experiment/studies/index.ts')}
      import { hexBits } from ${repoModule('test/support/child.ts')}
      const m = runOptimizers2d(${JSON.stringify(opts)}).metrics
      console.log(JSON.stringify(Object.keys(m).sort().map((k) => [k, hexBits([m[k]])])))
    `)
    expect(child.trim()).toBe(bitsOf(runOptimizers2d(opts).metrics))
  })

  it('renders its trajectory chart to SVG', async () => {
    const svg = await renderSvg(r.charts[0]!.spec)
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('optimizer paths')
  })
})

describe('studies/initDepth (small)', () => {
  const r = runInitDepth({ small: true })

  it('has the expected structure', () => {
    checkStructure(r, 'initDepth')
    expect(r.charts.map((c) => c.file)).toEqual([
      'init-depth-activations.png', 'init-depth-gradients.png', 'init-depth-activation-functions.png', 'init-depth-training.png', 'init-symmetry.png',
    ])
    for (const s of r.data.schemes) {
      expect(s.activationRms).toHaveLength(r.data.depth + 1)
      expect(s.gradNorms).toHaveLength(r.data.depth)
      expect(s.trainLoss.length).toBeGreaterThan(0)
    }
  })

  it('σ²·n/2: 2/n holds the scale, 1/n shrinks it, 3/n grows it', () => {
    const m = r.metrics
    expect(m['activations.normal2.lastOverFirst']).toBeGreaterThan(1 / 3)
    expect(m['activations.normal2.lastOverFirst']).toBeLessThan(3)
    expect(m['activations.kaiming.lastOverFirst']).toBeGreaterThan(1 / 3)
    expect(m['activations.kaiming.lastOverFirst']).toBeLessThan(3)
    expect(m['activations.normal1.lastOverFirst']).toBeLessThan(0.05)
    expect(m['activations.normal3.lastOverFirst']).toBeGreaterThan(5)
  })

  it('renders its activation chart (with dashed theory lines) to SVG', async () => {
    const svg = await renderSvg(r.charts[0]!.spec)
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('stroke-dasharray')
  })
})

describe('studies/training (small)', () => {
  const r = runTraining({ small: true })

  it('every run is a spec that decodes', () => {
    const specs = trainingSpecs({ small: true })
    expect(specs).toHaveLength(10)
    for (const s of specs) expect(E.isRight(decodeSpec(s))).toBe(true)
    expect(r.data.specs).toEqual(specs)
  })

  it('has the expected structure, with test points on every curve', () => {
    checkStructure(r, 'training')
    expect(r.charts.map((c) => c.file)).toContain('training-final-accuracy.png')
    expect(r.tables[0]!.rows).toHaveLength(10)
    for (const run of r.data.runs) {
      expect(run.evals.length).toBeGreaterThan(2)
      expect(run.diverged).toBe(false)
    }
  })

  it('learns iris', () => {
    for (const o of ['SGD', 'momentum', 'Nesterov', 'Adam', 'AdamW']) expect(r.metrics[`iris.${o}.testAccuracy`]).toBeGreaterThan(0.8)
  })

  it('renders its bar chart to SVG', async () => {
    const svg = await renderSvg(r.charts[r.charts.length - 1]!.spec)
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('Final test accuracy')
  })
})
