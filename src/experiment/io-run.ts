/**
 * A run directory on disk (Node only): metrics as JSON and CSV, the
 * checkpoint, plots, and `report.md` embedding them. Every file is written
 * atomically; the metrics and report are written last, after the plots and
 * the checkpoint they point at.
 *
 * @since 0.1.0
 */
import { join } from 'node:path'
import { writeChartPng } from './io-png.js'
import { ensureDir, writeFileAtomic, writeJsonAtomic } from './io.js'
import { lineChart, type ChartSpec, type Series } from './plot.js'
import { renderReport, toCsv, type Section } from './report.js'
import type { EvalRecord, StepRecord } from './run.js'
import type { Spec } from './spec.js'

/** What a run directory records. @category model */
export interface RunRecord {
  readonly spec: Spec
  readonly history: ReadonlyArray<StepRecord>
  readonly evals: ReadonlyArray<EvalRecord>
  /** 'completed', or 'diverged at step N' */
  readonly status: string
}

const finite = (xs: ReadonlyArray<number | null>): xs is number[] => xs.every((x) => x !== null && Number.isFinite(x))

/** The charts of one or more runs (several runs overlay, one series each). @category constructors */
export const runCharts = (runs: ReadonlyArray<RunRecord>): Array<{ file: string; caption: string; spec: ChartSpec }> => {
  const series = (f: (r: RunRecord) => Series | null): Series[] => runs.map(f).filter((s): s is Series => s !== null)
  const charts: Array<{ file: string; caption: string; spec: ChartSpec }> = [
    {
      file: 'loss.png',
      caption: 'Training loss per step (minibatch), log scale.',
      spec: lineChart({
        title: 'Training loss', xLabel: 'step', yLabel: 'loss', logY: true,
        series: series((r) => ({ name: r.spec.name, x: r.history.map((h) => h.step), y: r.history.map((h) => Math.max(h.loss, 1e-12)) })),
      }),
    },
    {
      file: 'grad-norm.png',
      caption: 'Global gradient norm per step, log scale.',
      spec: lineChart({
        title: 'Gradient norm', xLabel: 'step', yLabel: '‖g‖', logY: true,
        series: series((r) => ({ name: r.spec.name, x: r.history.map((h) => h.step), y: r.history.map((h) => Math.max(h.gradNorm, 1e-12)) })),
      }),
    },
  ]
  const lr = series((r) => {
    const y = r.history.map((h) => h.learningRate)
    return finite(y) ? { name: r.spec.name, x: r.history.map((h) => h.step), y } : null
  })
  if (lr.length > 0)
    charts.push({ file: 'learning-rate.png', caption: 'Learning rate per step.', spec: lineChart({ title: 'Learning rate', xLabel: 'step', yLabel: 'learning rate', series: lr }) })
  const acc = series((r) => {
    const y = r.evals.map((e) => e.testAccuracy)
    return r.evals.length > 0 && finite(y) ? { name: r.spec.name, x: r.evals.map((e) => e.step), y } : null
  })
  if (acc.length > 0)
    charts.push({ file: 'test-accuracy.png', caption: 'Accuracy on the held-out test set at each evaluation.', spec: lineChart({ title: 'Test accuracy', xLabel: 'step', yLabel: 'accuracy', series: acc, points: true }) })
  return charts
}

const last = <T>(xs: ReadonlyArray<T>): T | undefined => xs[xs.length - 1]

/** The summary row of a run. @category utils */
export const summaryRow = (r: RunRecord): (string | number)[] => {
  const e = last(r.evals)
  const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '-' : Number(x.toPrecision(4)))
  return [r.spec.name, r.history.length, fmt(last(r.history)?.loss), fmt(e?.testLoss), fmt(e?.trainAccuracy), fmt(e?.testAccuracy), r.status]
}
export const SUMMARY_HEADER = ['run', 'steps', 'final loss', 'test loss', 'train accuracy', 'test accuracy', 'status']

/** Write metrics, plots and report for one or more runs into `dir`. @category io */
export const writeRunOutputs = async (dir: string, runs: ReadonlyArray<RunRecord>, title: string): Promise<void> => {
  await ensureDir(dir)
  const charts = runCharts(runs)
  for (const c of charts) await writeChartPng(join(dir, c.file), c.spec)
  for (const r of runs) {
    const prefix = runs.length === 1 ? '' : `${r.spec.name}-`
    await writeFileAtomic(join(dir, `${prefix}metrics.csv`), toCsv(r.history.map((h) => ({ ...h, accuracy: h.accuracy ?? '' }))))
    await writeFileAtomic(join(dir, `${prefix}evals.csv`), toCsv(r.evals.map((e) => ({ ...e, trainAccuracy: e.trainAccuracy ?? '', testAccuracy: e.testAccuracy ?? '' }))))
  }
  await writeJsonAtomic(join(dir, 'metrics.json'), runs.length === 1 ? runs[0] : { runs })
  const sections: Section[] = [
    { title: 'Summary', tables: [{ header: SUMMARY_HEADER, rows: runs.map(summaryRow) }] },
    ...charts.map((c) => ({ title: c.spec.title === undefined ? c.file : String((c.spec.title as { text?: string }).text ?? c.spec.title), text: c.caption, images: [{ path: c.file, alt: c.caption }] })),
    { title: 'Specs', text: runs.map((r) => `\`\`\`json\n${JSON.stringify(r.spec, null, 2)}\n\`\`\``).join('\n\n') },
  ]
  await writeFileAtomic(join(dir, 'report.md'), renderReport({ title, sections }))
}
