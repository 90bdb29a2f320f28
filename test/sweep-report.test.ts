/** The sweep report's numbers come from the runs: table rows, and chart means and seed bands. */
import { describe, expect, it } from 'vitest'
import { decodeSweep, type Sweep } from '../src/experiment/index.js'
import type { RunRecord } from '../src/experiment/report.js'
import { summarizeSweep, summaryTable, sweepCharts, sweepReport, type SweepResult } from '../src/experiment/sweep-report.js'

const BASE = {
  name: 'x', seed: 0, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [8] },
  optimizer: { sgd: { learningRate: 0.1 } }, steps: 3, batchSize: 16,
}
const sweep: Sweep = (() => {
  const s = decodeSweep({ name: 's', base: BASE, grid: { 'optimizer.sgd.learningRate': [0.01, 0.1], batchSize: [8, 32], seed: [0, 1, 2] } })
  if (s._tag === 'Left') throw new Error(s.left.join('\n'))
  return s.right
})()

/** A finished run whose last loss is `loss` (and no evaluations). */
const result = (name: string, loss: number): SweepResult => {
  const run = sweep.runs.find((r) => r.name === name)!
  const record: RunRecord = {
    spec: run.spec, evals: [], status: 'completed',
    history: [0, 1, 2].map((step) => ({ step, loss: step === 2 ? loss : 10, gradNorm: 1, learningRate: 0.1, accuracy: null })) as unknown as RunRecord['history'],
  }
  return { name, status: 'completed', detail: 'completed', record }
}
// loss = 100·lr + batchSize + seed/10, except one run that failed
const results: SweepResult[] = sweep.runs.map((r) => {
  const lr = r.point['optimizer.sgd.learningRate'] as number
  const b = r.point['batchSize'] as number
  const seed = r.point['seed'] as number
  return lr === 0.1 && b === 32 && seed === 2 ? { name: r.name, status: 'failed', detail: 'spec.x: bad', record: null } : result(r.name, 100 * lr + b + seed / 10)
})

describe('sweep reports', () => {
  const rows = summarizeSweep(sweep, results)
  const charts = sweepCharts(sweep, rows)

  it('chart each varying axis but the seed, with the mean over seeds and a min-max band', () => {
    expect(charts.map((c) => c.file)).toEqual(['sweep-finalLoss-vs-optimizer.sgd.learningRate.png', 'sweep-finalLoss-vs-batchSize.png'])
    const data = (charts[0]!.spec as unknown as { data: { values: Array<Record<string, number | string>> } }).data.values
    const at = (series: string, x: number) => data.find((d) => d.series === series && d.x === x)!
    // lr 0.01, batch 8: seeds 0, 1, 2 give 9, 9.1, 9.2
    expect(at('batchSize=8', 0.01)).toMatchObject({ n: 3, lo: 9, hi: 9.2 })
    expect(at('batchSize=8', 0.01).mean).toBeCloseTo(9.1, 12)
    // lr 0.1, batch 32: the failed seed 2 is left out: 42, 42.1
    expect(at('batchSize=32', 0.1)).toMatchObject({ n: 2, lo: 42, hi: 42.1 })
    expect(at('batchSize=32', 0.1).mean).toBeCloseTo(42.05, 12)
    expect(charts[0]!.caption).toContain('the band spans the 3 seeds')
  })

  it('list every run in the table with its axis values and status, the failure with its reason', () => {
    const t = summaryTable(sweep, rows)
    expect(t.header).toEqual(['run', 'optimizer.sgd.learningRate', 'batchSize', 'seed', 'steps', 'final loss', 'test loss', 'test accuracy', 'status'])
    expect(t.rows[0]).toEqual(['s_learningRate-0.01_batchSize-8_seed-0', '0.01', '8', '0', 3, 9, '-', '-', 'completed'])
    expect(t.rows[11]).toEqual(['s_learningRate-0.1_batchSize-32_seed-2', '0.1', '32', '2', 0, '-', '-', '-', 'failed: spec.x: bad'])
    expect(sweepReport(sweep, rows, charts)).toContain('12 runs: 11 completed, 0 diverged, 1 failed.')
  })
})
