/**
 * Reports as text: `report.md` from sections of prose, images and tables, and
 * metrics as CSV. Pure string building, so it runs in a browser too; write the
 * results with `writeFileAtomic` from `io.ts`.
 *
 * Output depends only on the input: sections, images, table rows and CSV
 * columns keep the order they are given in, and numbers are printed with
 * `String(x)`, the shortest text that reads back as the same float64.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { report } from 'fluxion/experiment'
 * const md = report.renderReport({
 *   title: 'Optimizers on spirals',
 *   sections: [{ title: 'Loss', text: 'Adam converges fastest.', images: [{ path: 'loss.png', alt: 'training loss' }] }],
 * })
 * assert.match(md, /^# Optimizers on spirals/)
 * assert.equal(report.toCsv([{ step: 0, loss: 0.69 }, { step: 1, loss: 0.5 }]), 'step,loss\n0,0.69\n1,0.5\n')
 * ```
 *
 * @module
 * @since 0.1.0
 */
import type { EvalRecord, StepRecord } from './run.js'
import type { Spec } from './spec.js'

// ---- model ----

/** What a run directory records. @category model @since 0.1.0 */
export interface RunRecord {
  readonly spec: Spec
  readonly history: ReadonlyArray<StepRecord>
  readonly evals: ReadonlyArray<EvalRecord>
  /** 'completed', 'paused at step N', or 'diverged at step N (loss x)' */
  readonly status: string
}

/** A table cell: numbers are printed with `String(x)`. @category model @since 0.1.0 */
export type Cell = string | number

/** A Markdown table: a header row and rows of the same length. @category model @since 0.1.0 */
export interface Table {
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<Cell>>
}

/** An image, by its path relative to the report. @category model @since 0.1.0 */
export interface Image {
  readonly path: string
  readonly alt: string
}

/** One `##` section: prose, then images, then tables. @category model @since 0.1.0 */
export interface Section {
  readonly title: string
  readonly text?: string
  readonly images?: ReadonlyArray<Image>
  readonly tables?: ReadonlyArray<Table>
}

/** A whole report: a `#` title, an optional introduction, and sections. @category model @since 0.1.0 */
export interface Report {
  readonly title: string
  readonly text?: string
  readonly sections: ReadonlyArray<Section>
}

// ---- markdown ----

/**
 * A report as Markdown: `# title`, the introduction, then each section as
 * `## title` with its text (as given: it may hold Markdown), images
 * (`![alt](path)`) and tables. Ends with one newline.
 *
 * @example
 * renderReport({ title: 'Run', sections: [{ title: 'Accuracy', tables: [{ header: ['opt', 'acc'], rows: [['adam', 0.95]] }] }] })
 * // '# Run\n\n## Accuracy\n\n| opt | acc |\n| --- | ---: |\n| adam | 0.95 |\n'
 * @category markdown
 * @since 0.1.0
 */
export const renderReport = (report: Report): string => {
  const blocks: string[] = [`# ${oneLine(report.title)}`]
  if (report.text !== undefined && report.text.trim() !== '') blocks.push(report.text.trim())
  for (const s of report.sections) blocks.push(...sectionBlocks(s))
  return `${blocks.join('\n\n')}\n`
}

/**
 * One section as Markdown (without a trailing newline), for reports built piece by piece.
 * @example
 * renderSection({ title: 'Loss', images: [{ path: 'loss.png', alt: 'loss' }] })   // '## Loss\n\n![loss](loss.png)'
 * @category markdown
 * @since 0.1.0
 */
export const renderSection = (section: Section): string => sectionBlocks(section).join('\n\n')

/**
 * A Markdown (GitHub-flavoured) table. Pipes in cells are escaped and line
 * breaks become spaces, so any text fits; numbers are right-aligned.
 *
 * @throws RangeError when a row's length differs from the header's
 * @example
 * markdownTable({ header: ['optimizer', 'accuracy'], rows: [['sgd', 0.91], ['adam', 0.95]] })
 * // '| optimizer | accuracy |\n| --- | ---: |\n| sgd | 0.91 |\n| adam | 0.95 |'
 * @category markdown
 * @since 0.1.0
 */
export const markdownTable = (table: Table): string => {
  const n = table.header.length
  if (n === 0) throw new RangeError('markdownTable: the header is empty; give at least one column')
  table.rows.forEach((r, i) => {
    if (r.length !== n) throw new RangeError(`markdownTable: row ${i} has ${r.length} cells, the header has ${n}`)
  })
  // a column of numbers reads best right-aligned
  const numeric = table.header.map((_, j) => table.rows.length > 0 && table.rows.every((r) => typeof r[j] === 'number'))
  const line = (cells: ReadonlyArray<Cell>): string => `| ${cells.map(cellText).join(' | ')} |`
  return [line(table.header), `| ${numeric.map((num) => (num ? '---:' : '---')).join(' | ')} |`, ...table.rows.map(line)].join('\n')
}

// ---- csv ----

/**
 * Rows of metrics as CSV (RFC 4180, `\n` line ends, ending with a newline).
 *
 * Columns are `columns` when given, else every key in order of first
 * appearance (row by row), so the order is fixed by the data, never by a
 * sort. A missing, `undefined` or `null` value is an empty cell. Numbers print with `String(x)`: full
 * round-trip precision, `NaN`, `Infinity`. Text with a comma, a quote, a line
 * break or edge spaces is quoted, quotes doubled.
 *
 * @example
 * toCsv([{ step: 0, loss: 0.1 + 0.2 }, { step: 1, loss: 0.25, note: 'lr, halved' }])
 * // 'step,loss,note\n0,0.30000000000000004,\n1,0.25,"lr, halved"\n'
 * @category csv
 * @since 0.1.0
 */
export const toCsv = (rows: ReadonlyArray<Readonly<Record<string, Cell | null | undefined>>>, columns?: ReadonlyArray<string>): string => {
  const cols = columns ?? firstAppearance(rows)
  const lines = [cols.map(csvField).join(',')]
  for (const row of rows)
    lines.push(
      cols
        .map((c) => {
          const v = Object.prototype.hasOwnProperty.call(row, c) ? row[c] : undefined
          return v === undefined || v === null ? '' : csvField(v)
        })
        .join(','),
    )
  return `${lines.join('\n')}\n`
}

// ---- utils ----

const sectionBlocks = (s: Section): string[] => {
  const blocks = [`## ${oneLine(s.title)}`]
  if (s.text !== undefined && s.text.trim() !== '') blocks.push(s.text.trim())
  if (s.images !== undefined && s.images.length > 0)
    blocks.push(s.images.map((im) => `![${escapeAlt(im.alt)}](${escapePath(im.path)})`).join('\n\n'))
  for (const t of s.tables ?? []) blocks.push(markdownTable(t))
  return blocks
}

const oneLine = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, ' ').trim()

const cellText = (c: Cell): string => oneLine(typeof c === 'number' ? String(c) : c).replace(/\|/g, '\\|')

const escapeAlt = (s: string): string => oneLine(s).replace(/([\\[\]])/g, '\\$1')

/** Markdown link targets end at a space or `)`: write such paths in angle brackets. */
const escapePath = (p: string): string => (/[\s()<>]/.test(p) ? `<${p.replace(/([<>])/g, '\\$1')}>` : p)

const firstAppearance = (rows: ReadonlyArray<Readonly<Record<string, unknown>>>): string[] => {
  const seen = new Set<string>()
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k)
  return [...seen]
}

const csvField = (v: Cell): string => {
  const s = typeof v === 'number' ? String(v) : v
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

// ---- runs ----

const last = <T>(xs: ReadonlyArray<T>): T | undefined => xs[xs.length - 1]

/** The summary row of a run. @category utils @since 0.1.0 */
export const summaryRow = (r: RunRecord): (string | number)[] => {
  const e = last(r.evals)
  const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '-' : Number(x.toPrecision(4)))
  return [r.spec.name, r.history.length, fmt(last(r.history)?.loss), fmt(e?.testLoss), fmt(e?.trainAccuracy), fmt(e?.testAccuracy), r.status]
}
/** The header of `summaryRow`. @category utils @since 0.1.0 */
export const SUMMARY_HEADER = ['run', 'steps', 'final loss', 'test loss', 'train accuracy', 'test accuracy', 'status']
