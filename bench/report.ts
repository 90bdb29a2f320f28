/**
 * The printed table and results.json.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import type { Row } from './harness.js'
import type { Peers } from './peers.js'

// ---- numbers ----

/** Milliseconds with three significant figures (no exponent). */
export const fmtMs = (ms: number): string => {
  if (!Number.isFinite(ms)) return String(ms)
  if (ms >= 100) return ms.toFixed(0)
  if (ms >= 10) return ms.toFixed(1)
  if (ms >= 1) return ms.toFixed(2)
  if (ms >= 0.01) return ms.toFixed(3)
  return ms.toPrecision(2)
}

/** A duration for prose: ms below 10 s, else seconds. */
export const fmtDuration = (ms: number): string => (ms < 10_000 ? `${fmtMs(ms)} ms` : `${(ms / 1000).toFixed(1)} s`)

const fmtNum = (x: number): string => {
  if (!Number.isFinite(x)) return String(x)
  if (x >= 1000) return x.toFixed(0)
  if (x >= 100) return x.toFixed(1)
  if (x >= 10) return x.toFixed(2)
  return x.toPrecision(3)
}

const fmtRatio = (r: number): string => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2))

const fmtErr = (e: number): string => (e === 0 ? '0' : Number.isFinite(e) ? e.toExponential(0) : String(e))

// ---- the table ----

const COLS = [
  ['case', 18],
  ['peer', 11],
  ['median ms', 10],
  ['p25–p75 ms', 16],
  ['reps', 7],
  ['metric', 16],
  ['ratio', 7],
  ['check', 0],
] as const

const line = (cells: ReadonlyArray<string>): string =>
  cells.map((c, i) => (COLS[i]![1] ? c.padEnd(COLS[i]![1]) : c)).join(' ').trimEnd()

export const header = (): string => {
  const h = line(COLS.map(([n]) => n))
  return `${h}\n${'-'.repeat(Math.max(h.length, 110))}`
}

/** One printed line per row; the case name only on the first row of its case. */
export const formatRow = (r: Row, first: boolean): string => {
  const name = first ? r.case : ''
  if (r.status !== 'ok' || !r.stats) {
    const tag = r.status === 'n/a' ? 'n/a' : 'ERROR'
    return line([name, r.peer, tag, '', '', '', r.status === 'n/a' ? 'n/a' : '', `(${r.reason ?? 'no reason given'})`])
  }
  const s = r.stats
  const reps = s.inner > 1 ? `${s.reps}×${s.inner}` : String(s.reps)
  const metric = r.metric ? `${fmtNum(r.metric.value)} ${r.metric.unit}` : ''
  const ratio = r.peer === 'fluxion' ? '1' : r.ratio === null ? 'n/a' : fmtRatio(r.ratio)
  let check = ''
  if (r.check && 'skipped' in r.check) check = r.check.skipped
  else if (r.check) check = `${r.check.ok ? 'ok' : 'MISMATCH'} ${fmtErr(r.check.maxRelErr)}`
  else if (r.peer === 'fluxion') check = 'ref'
  // One-time costs (jax-js jit compilation, first kernel compiles) show up as a slow first call.
  const firstCall = r.firstCallMs ?? s.firstMs
  if (firstCall > 3 * s.median && firstCall - s.median > 50) check += ` · 1st call ${fmtDuration(firstCall)}`
  // Starved of CPU by other processes: the times are inflated.
  if (s.cpuShare < 0.85) check += ` · cpu ${Math.round(s.cpuShare * 100)}%`
  return line([name, r.peer, fmtMs(s.median), `${fmtMs(s.q1)}–${fmtMs(s.q3)}`, reps, metric, ratio, check])
}

export const formatCase = (rows: ReadonlyArray<Row>): string => rows.map((r, i) => formatRow(r, i === 0)).join('\n')

// ---- results.json ----

export interface SuiteRecord {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly rows: Row[]
  durationMs?: number
}

export const machine = () => {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model,
    cpuCount: cpus.length,
    availableParallelism: os.availableParallelism?.(),
    cpus: cpus.map(({ model, speed }) => ({ model, speed })),
    arch: os.arch(),
    platform: os.platform(),
    release: os.release(),
    totalMemGB: +(os.totalmem() / 2 ** 30).toFixed(2),
    loadavg: os.loadavg(),
  }
}

/** Write `data` as JSON to `file` via a temporary file and a rename, so a failed run never leaves half a file. */
export const writeJsonAtomic = (file: string, data: unknown): void => {
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n')
  fs.renameSync(tmp, file)
}

export const resultsDocument = (opts: {
  started: Date
  durationMs: number
  filters: ReadonlyArray<string>
  quick: boolean
  full: boolean
  peers: Peers
  suites: ReadonlyArray<SuiteRecord>
}) => ({
  date: opts.started.toISOString(),
  durationMs: Math.round(opts.durationMs),
  node: process.version,
  v8: process.versions.v8,
  machine: machine(),
  loadavgAtEnd: os.loadavg(),
  options: { filters: opts.filters, quick: opts.quick, full: opts.full },
  units: {
    times: 'milliseconds per call (median, q1/q3 = 25th/75th percentile, min, max, all samples)',
    ratio: 'peer median / fluxion median: > 1 means fluxion is faster',
    check: 'max |peer − reference| / max |reference| over the compared outputs',
  },
  peers: opts.peers.status,
  suites: opts.suites,
})
