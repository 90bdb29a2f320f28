/**
 * A run's history on disk as it happens (Node only): `metrics.jsonl`, one
 * JSON object a line. The first line names the run (a checksum of its spec);
 * then come step records (`"type": "step"`) and evaluations
 * (`"type": "eval"`), appended and flushed to disk before each checkpoint, so
 * a killed run keeps the history up to its last checkpoint.
 *
 * On resume the log is cut back to the checkpoint's step (the lines written
 * after it are replayed anyway); a log whose first line names another spec is
 * never spliced in. A torn last line (a kill during an append) is ignored.
 * Numbers JSON cannot hold (NaN, ±Infinity, -0) are written as strings and
 * read back as the same bits. Every line is decoded (io-ts); a bad one makes
 * the whole log unreadable, with each problem named by its line.
 *
 * @example
 * await startLog('runs/x', spec)
 * await appendLog('runs/x', [{ type: 'step', ...record }])
 * const log = await readLog('runs/x')   // Either<string[], { spec, history, evals }>
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as fsp from 'node:fs/promises'
import { join } from 'node:path'
import * as t from 'io-ts'
import { canonicalJson } from './checkpoint.js'
import { int, report } from './decode.js'
import { writeFileAtomic } from './io.js'
import type { EvalRecord, StepRecord } from './run.js'
import { checksum } from './safetensors.js'
import type { Spec } from './spec.js'

export const METRICS_LOG = 'metrics.jsonl'
export const METRICS_LOG_FORMAT = 'fluxion-metrics/1'

/** One line of the log after the header. @category model */
export type LogRow = ({ readonly type: 'step' } & StepRecord) | ({ readonly type: 'eval' } & EvalRecord)

/** A log read back. @category model */
export interface RunLog {
  /** The checksum of the spec the log belongs to (see `specId`). */
  readonly spec: string
  readonly history: ReadonlyArray<StepRecord>
  readonly evals: ReadonlyArray<EvalRecord>
}

/** A checksum identifying a spec (of its canonical JSON). @category utils */
export const specId = (spec: Spec): string => checksum(new TextEncoder().encode(canonicalJson(JSON.parse(JSON.stringify(spec)))))

const header = (spec: Spec): string => `${JSON.stringify({ type: 'run', format: METRICS_LOG_FORMAT, spec: specId(spec), name: spec.name })}\n`

const encodeNumber = (_k: string, v: unknown): unknown =>
  typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? (Object.is(v, -0) ? '-0' : String(v)) : v
const decodeNumber = (_k: string, v: unknown): unknown =>
  v === 'NaN' || v === 'Infinity' || v === '-Infinity' || v === '-0' ? (v === '-0' ? -0 : Number(v)) : v

const line = (row: LogRow): string => `${JSON.stringify(row, encodeNumber)}\n`

const strip = <R>(row: { readonly type: string }): R => {
  const { type: _type, ...rest } = row
  return rest as unknown as R
}

/** Start a fresh log for `spec` in `dir` (replacing any old one, atomically). @category io */
export const startLog = async (dir: string, spec: Spec, rows: ReadonlyArray<LogRow> = []): Promise<void> =>
  writeFileAtomic(join(dir, METRICS_LOG), [header(spec), ...rows.map(line)])

/** Append rows to the log and flush them to disk. @category io */
export const appendLog = async (dir: string, rows: ReadonlyArray<LogRow>): Promise<void> => {
  if (rows.length === 0) return
  const h = await fsp.open(join(dir, METRICS_LOG), 'a')
  try {
    await h.write(rows.map(line).join(''))
    await h.sync()
  } finally {
    await h.close()
  }
}

/**
 * Read the log in `dir`: a missing or unreadable file, or a bad line before
 * the last, is a `Left`; a torn last line is dropped.
 * @category io
 */
export const readLog = async (dir: string): Promise<E.Either<string[], RunLog>> => {
  const path = join(dir, METRICS_LOG)
  let text: string
  try {
    text = await fsp.readFile(path, 'utf8')
  } catch (e) {
    return E.left([`${path}: cannot read: ${(e as Error).message}`])
  }
  const lines = text.split('\n')
  const torn = lines.pop() // '' when the file ends with a newline; else an unfinished line
  void torn
  const parsed: unknown[] = []
  for (const [i, l] of lines.entries()) {
    try {
      parsed.push(JSON.parse(l, decodeNumber))
    } catch {
      return E.left([`${path}: line ${i + 1} is not JSON`])
    }
  }
  const head = Header.decode(parsed[0])
  if (E.isLeft(head)) return E.left([`${path}: line 1 is not a ${METRICS_LOG_FORMAT} header`])
  const history: StepRecord[] = []
  const evals: EvalRecord[] = []
  const problems: string[] = []
  parsed.slice(1).forEach((u, i) => {
    const r = Row.decode(u)
    if (E.isLeft(r)) return void problems.push(...report(r.left).map((m) => `${path}: line ${i + 2}: ${m}`))
    if (r.right.type === 'step') history.push(strip<StepRecord>(r.right))
    else evals.push(strip<EvalRecord>(r.right))
  })
  return problems.length > 0 ? E.left(problems) : E.right({ spec: head.right.spec, history, evals })
}

const Header = t.type({ type: t.literal('run'), format: t.literal(METRICS_LOG_FORMAT), spec: t.string })
const accuracy = t.union([t.number, t.null])
const Row = t.union([
  t.type({ type: t.literal('step'), step: int(0), epoch: int(0), loss: t.number, accuracy, gradNorm: t.number, learningRate: t.number }),
  t.type({ type: t.literal('eval'), step: int(0), trainLoss: t.number, testLoss: t.number, trainAccuracy: accuracy, testAccuracy: accuracy }),
])

/** The rows of a history and its evaluations, in the order they happened. @category utils */
export const toRows = (history: ReadonlyArray<StepRecord>, evals: ReadonlyArray<EvalRecord>): LogRow[] => {
  const rows: LogRow[] = []
  let j = 0
  for (const h of history) {
    while (j < evals.length && evals[j]!.step <= h.step) rows.push({ type: 'eval', ...evals[j++]! })
    rows.push({ type: 'step', ...h })
  }
  while (j < evals.length) rows.push({ type: 'eval', ...evals[j++]! })
  return rows
}
