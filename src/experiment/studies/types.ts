/**
 * What a study returns: the numbers it measured, the charts that show them
 * (as Vega-Lite specs, not yet rendered), tables, a Markdown summary that
 * explains what the charts show and why, and a few headline metrics.
 *
 * A study is a pure function of its options: no files, no clocks, no
 * `Math.random`. The same options give the same result, bit for bit, so the
 * suite driver (which renders the charts and writes `report.md`) can be
 * replayed, and tests can run a study with `small: true` in a few seconds.
 *
 * @example
 * const result: StudyResult = runOptimizers2d({ small: true })
 * result.charts.map((c) => c.file)      // ['optimizers-quadratic-trajectories.png', ...]
 * result.metrics['quadratic.newton.finalLoss']
 *
 * @since 0.1.0
 */
import type { ChartSpec } from '../plot.js'

// ---- model ----

/** A chart of a study: the file name to render it to, its spec, and a one-line caption. @category model @since 0.1.0 */
export interface StudyChart {
  /** A file name (no directory), e.g. `optimizers-quadratic-trajectories.png`. */
  readonly file: string
  readonly spec: ChartSpec
  readonly caption: string
}

/** A table of a study (rendered to Markdown by the driver). @category model @since 0.1.0 */
export interface StudyTable {
  readonly title: string
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string | number>>
}

/**
 * The outcome of a study. `data` holds the raw measurements (plain numbers
 * and arrays, JSON-serialisable), typed per study.
 * @category model
 * @since 0.1.0
 */
export interface StudyResult<D = unknown> {
  /** A short identifier, e.g. `optimizers2d`. */
  readonly name: string
  /** A human title, e.g. `Optimizers on 2-D problems`. */
  readonly title: string
  /** Markdown paragraphs: what the charts show and why. */
  readonly summary: string
  readonly charts: ReadonlyArray<StudyChart>
  readonly tables: ReadonlyArray<StudyTable>
  /** Headline numbers for the suite's summary table, keyed `problem.variant.metric`. */
  readonly metrics: Readonly<Record<string, number>>
  readonly data: D
}

/** Options every study takes. @category model @since 0.1.0 */
export interface StudyOptions {
  /** Shrink sizes and step counts so the study runs in a few seconds (for tests). Default false. */
  readonly small?: boolean
}

/** A study as the suite driver sees it: a name, a title and a run function. @category model @since 0.1.0 */
export interface Study {
  readonly name: string
  readonly title: string
  readonly run: (opts?: StudyOptions) => StudyResult
}
