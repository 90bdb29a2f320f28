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
import { SUMMARY_HEADER, renderReport, summaryRow, toCsv, type RunRecord, type Section } from './report.js'

export { SUMMARY_HEADER, summaryRow, type RunRecord } from './report.js'

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
