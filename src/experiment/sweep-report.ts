/**
 * A sweep's comparison report (pure: strings and chart specs; the files are
 * written by `sweep-run.ts`). One table row per run (its axis values and
 * final numbers), and for each axis that varies (seeds aside) a chart of the
 * final metric against the axis: the mean over seeds as a line, the range
 * over seeds (min to max) as a band, one line per combination of the other
 * axes.
 *
 * @example
 * const summary = summarizeSweep(sweep, results)
 * const charts = sweepCharts(sweep, summary)         // Vega-Lite specs
 * const md = sweepReport(sweep, summary, charts)      // report.md
 *
 * @since 0.1.0
 */
import type { ChartSpec } from './plot.js'
import { renderReport, toCsv, type Cell, type Section } from './report.js'
import type { RunRecord } from './report.js'
import { varying, type AxisValue, type Sweep } from './sweep.js'

// ---- model ----

/** What became of one run of a sweep. @category model */
export interface SweepResult {
  readonly name: string
  /** `completed`, `diverged` (finished, not re-run) or `failed` (could not run; see `detail`). */
  readonly status: 'completed' | 'diverged' | 'failed' | 'missing'
  readonly detail: string
  readonly record: RunRecord | null
}

/** One summary row: the run, its axis values, its final numbers. @category model */
export interface SummaryRow {
  readonly name: string
  readonly point: Readonly<Record<string, AxisValue>>
  readonly status: SweepResult['status']
  readonly detail: string
  readonly steps: number
  readonly finalLoss: number | null
  readonly testLoss: number | null
  readonly testAccuracy: number | null
}

/** The metrics a sweep's charts can show. @category model */
export type SweepMetric = 'finalLoss' | 'testLoss' | 'testAccuracy'

const METRIC_LABEL: Record<SweepMetric, string> = { finalLoss: 'final training loss', testLoss: 'final test loss', testAccuracy: 'final test accuracy' }

// ---- summary ----

const lastOf = <T>(xs: ReadonlyArray<T>): T | undefined => xs[xs.length - 1]

/** The summary rows, in the sweep's run order. @category constructors */
export const summarizeSweep = (sweep: Sweep, results: ReadonlyArray<SweepResult>): SummaryRow[] =>
  sweep.runs.map((r) => {
    const res = results.find((x) => x.name === r.name)
    const rec = res?.record ?? null
    const e = rec === null ? undefined : lastOf(rec.evals)
    return {
      name: r.name, point: r.point, status: res?.status ?? 'missing', detail: res?.detail ?? 'not run',
      steps: rec?.history.length ?? 0,
      finalLoss: rec === null ? null : lastOf(rec.history)?.loss ?? null,
      testLoss: e?.testLoss ?? null,
      testAccuracy: e?.testAccuracy ?? null,
    }
  })

/** An axis value as table text. */
export const showValue = (v: AxisValue | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))

// ---- charts ----

/** The metrics worth a chart: the final loss, and the test numbers when every finished run has them. @category utils */
export const chartMetrics = (rows: ReadonlyArray<SummaryRow>): SweepMetric[] => {
  const done = rows.filter((r) => r.status !== 'failed' && r.status !== 'missing')
  const all = (m: SweepMetric) => done.length > 0 && done.every((r) => r[m] !== null && Number.isFinite(r[m]))
  return (['finalLoss', 'testLoss', 'testAccuracy'] as const).filter(all)
}

/** A file name for an axis: its path with other characters as `-`. */
const fileOf = (path: string, metric: SweepMetric): string => `sweep-${metric}-vs-${path.replace(/[^A-Za-z0-9._-]/g, '-')}.png`

/**
 * For each varying axis but `seed`, and each metric: the metric against the
 * axis, mean over seeds with a min-max band, a line per combination of the
 * other varying axes (seeds aside).
 * @category constructors
 */
export const sweepCharts = (sweep: Sweep, rows: ReadonlyArray<SummaryRow>): Array<{ file: string; caption: string; spec: ChartSpec }> => {
  const axes = varying(sweep).filter((a) => a.path !== 'seed')
  const seeds = sweep.axes.find((a) => a.path === 'seed')?.values.length ?? 1
  const out: Array<{ file: string; caption: string; spec: ChartSpec }> = []
  for (const metric of chartMetrics(rows))
    for (const axis of axes) {
      const others = axes.filter((a) => a !== axis)
      const numeric = axis.values.every((v) => typeof v === 'number')
      const values: Array<Record<string, string | number>> = []
      const seriesNames: string[] = []
      // group: (other axes) × (this axis value) → metric over seeds
      const groups = new Map<string, { series: string; xi: number; ys: number[] }>()
      for (const r of rows) {
        const y = r[metric]
        if (y === null || !Number.isFinite(y) || r.status === 'failed') continue
        const series = others.length === 0 ? axis.path : others.map((o) => `${o.path}=${showValue(r.point[o.path])}`).join(', ')
        if (!seriesNames.includes(series)) seriesNames.push(series)
        const xi = axis.values.findIndex((v) => showValue(v) === showValue(r.point[axis.path]))
        const key = `${series}\u0000${xi}`
        const g = groups.get(key) ?? { series, xi, ys: [] }
        g.ys.push(y)
        groups.set(key, g)
      }
      for (const g of groups.values()) {
        const mean = g.ys.reduce((a, b) => a + b, 0) / g.ys.length
        const v = axis.values[g.xi]!
        values.push({ series: g.series, x: numeric ? (v as number) : showValue(v), xi: g.xi, mean, lo: Math.min(...g.ys), hi: Math.max(...g.ys), n: g.ys.length })
      }
      values.sort((a, b) => seriesNames.indexOf(a.series as string) - seriesNames.indexOf(b.series as string) || (a.xi as number) - (b.xi as number))
      const xsNum = numeric ? (axis.values as number[]) : []
      const logX = numeric && xsNum.every((x) => x > 0) && Math.max(...xsNum) / Math.min(...xsNum) >= 20
      const x = numeric
        ? { field: 'x', type: 'quantitative' as const, title: axis.path, scale: logX ? { type: 'log' as const } : { zero: false } }
        : { field: 'x', type: 'ordinal' as const, title: axis.path, sort: axis.values.map(showValue) }
      const color = { field: 'series', type: 'nominal' as const, title: others.length === 0 ? null : others.map((o) => o.path).join(', '), sort: seriesNames, legend: others.length === 0 ? null : {} }
      const band = seeds > 1 ? `; the band spans the ${seeds} seeds (min to max)` : ''
      out.push({
        file: fileOf(axis.path, metric),
        caption: `${METRIC_LABEL[metric]} against ${axis.path}: the mean over seeds${band}.`,
        spec: {
          $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
          title: `${METRIC_LABEL[metric]} vs ${axis.path}`,
          width: 420, height: 260, background: 'white',
          config: { font: "Helvetica, Arial, 'DejaVu Sans', 'Liberation Sans', sans-serif", axis: { gridColor: '#e6e6e6' }, view: { stroke: '#ccc' } },
          data: { values },
          layer: [
            { mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: METRIC_LABEL[metric], scale: { zero: false } }, y2: { field: 'hi' }, color } },
            { mark: { type: 'line', point: { filled: true, size: 30 }, strokeWidth: 2 }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color, order: { field: 'xi' } } },
          ],
        } as unknown as ChartSpec,
      })
    }
  return out
}

// ---- text ----

const fmt = (x: number | null): Cell => (x === null ? '-' : Number(x.toPrecision(4)))

/** The summary table's header and rows. @category constructors */
export const summaryTable = (sweep: Sweep, rows: ReadonlyArray<SummaryRow>): { header: string[]; rows: Cell[][] } => {
  const axes = varying(sweep)
  return {
    header: ['run', ...axes.map((a) => a.path), 'steps', 'final loss', 'test loss', 'test accuracy', 'status'],
    rows: rows.map((r) => [r.name, ...axes.map((a) => showValue(r.point[a.path])), r.steps, fmt(r.finalLoss), fmt(r.testLoss), fmt(r.testAccuracy), r.status === 'completed' ? 'completed' : `${r.status}: ${r.detail}`]),
  }
}

/** The summary as CSV (full precision), one row per run. @category constructors */
export const summaryCsv = (sweep: Sweep, rows: ReadonlyArray<SummaryRow>): string =>
  toCsv(rows.map((r) => ({
    run: r.name, ...Object.fromEntries(sweep.axes.map((a) => [a.path, showValue(r.point[a.path])])),
    steps: r.steps, finalLoss: r.finalLoss, testLoss: r.testLoss, testAccuracy: r.testAccuracy, status: r.status, detail: r.detail,
  })))

/** The report as Markdown. @category constructors */
export const sweepReport = (sweep: Sweep, rows: ReadonlyArray<SummaryRow>, charts: ReadonlyArray<{ file: string; caption: string }>): string => {
  const count = (s: SweepResult['status']) => rows.filter((r) => r.status === s).length
  const axes = varying(sweep)
  const intro = `${rows.length} runs: ${count('completed')} completed, ${count('diverged')} diverged, ${count('failed')} failed` +
    (count('missing') > 0 ? `, ${count('missing')} not run` : '') + '. ' +
    (axes.length === 0 ? 'No axis varies.' : `Axes: ${axes.map((a) => `\`${a.path}\` (${a.values.length} values)`).join(', ')}.`) +
    ' Each run is a folder under `runs/`, with its own metrics, checkpoints and report; `summary.csv` holds the table at full precision.'
  const sections: Section[] = [
    { title: 'Summary', tables: [summaryTable(sweep, rows)] },
    ...charts.map((c) => ({ title: c.caption.split(':')[0]!, text: c.caption, images: [{ path: c.file, alt: c.caption }] })),
    { title: 'Sweep', text: `\`\`\`json\n${JSON.stringify(sweep.source, null, 2)}\n\`\`\`` },
  ]
  return renderReport({ title: `Sweep ${sweep.name}`, text: intro, sections })
}
