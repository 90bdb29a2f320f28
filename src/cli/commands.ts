/**
 * The `fluxion` commands. Each returns an exit code: 0 success, 1 a run that
 * failed (diverged, or did not verify), 2 bad input (every problem listed,
 * nothing trained). The work is done by the experiment layer
 * (`experiment/io-session.ts`); this module reads the spec, shows progress
 * and prints.
 */
import * as E from 'fp-ts/lib/Either.js'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { readJson } from '../experiment/io.js'
import { resumeInDir, runInDir, verifyRun, type SessionHooks, type SessionOutcome, type VerifyReport } from '../experiment/io-session.js'
import { SUMMARY_HEADER, markdownTable, summaryRow, type RunRecord } from '../experiment/report.js'
import { compareProblems, decodeSpec, type Spec } from '../experiment/spec.js'
import { progress, type Progress } from './progress.js'

export interface Io {
  readonly log: (line: string) => void
  readonly error: (line: string) => void
}

const readSpec = async (path: string): Promise<E.Either<string[], Spec>> => {
  const raw = await readJson(path)
  if (E.isLeft(raw)) return raw
  return E.mapLeft((errs: string[]) => errs.map((e) => `${path}: ${e}`))(decodeSpec(raw.right))
}

/** A progress bar that appears when training starts, and a place for warnings. */
const display = (name: string, io: Io): SessionHooks & { stop: () => void } => {
  let bar: Progress | null = null
  return {
    onStart: (_from, end) => void (bar = progress(name, end)),
    onStep: (r) => bar?.update(r.step + 1, { loss: r.loss }),
    onWarning: (m) => io.error(`fluxion: warning: ${m}`),
    stop: () => bar?.stop(),
  }
}

const finish = (o: SessionOutcome, io: Io): number => {
  io.log(markdownTable({ header: SUMMARY_HEADER, rows: [summaryRow(o.record)] }))
  if (o.diverged !== null) {
    const kept = o.checkpoint === null ? 'no checkpoint was written before it' : `the last good checkpoint (step ${o.checkpoint}) is in ${o.dir}`
    io.error(`${o.record.spec.name}: the loss became ${o.diverged.loss} at step ${o.diverged.step}; ${kept}. Lower the learning rate or clip the gradients.`)
    return 1
  }
  io.log(`wrote ${join(o.dir, 'report.md')}`)
  return 0
}

/** `fluxion run <spec.json> [--out dir] [--force]` */
export const runCommand = async (specPath: string, out: string | undefined, io: Io, force = false): Promise<number> => {
  const spec = await readSpec(specPath)
  if (E.isLeft(spec)) return bad(spec.left, io)
  const hooks = display(spec.right.name, io)
  try {
    const r = await runInDir(out ?? join('runs', spec.right.name), spec.right, { ...hooks, force })
    return E.isLeft(r) ? bad(r.left, io) : finish(r.right, io)
  } finally {
    hooks.stop()
  }
}

/** `fluxion resume <dir> [--steps n]`: go on from the checkpoint, to the end or for n more steps. */
export const resumeCommand = async (dir: string, steps: number | undefined, io: Io): Promise<number> => {
  const hooks = display(dir, io)
  try {
    const r = await resumeInDir(dir, steps === undefined ? hooks : { ...hooks, steps })
    return E.isLeft(r) ? bad(r.left, io) : finish(r.right, io)
  } finally {
    hooks.stop()
  }
}

/** The verdict of `verifyRun` as text, and its exit code. */
export const describeVerify = (v: VerifyReport): { code: number; text: string } => {
  const notes = v.notes.map((n) => `\n  note: ${n}`).join('')
  const list = v.mismatches.slice(0, 20).join('\n  ') + (v.mismatches.length > 20 ? `\n  ... and ${v.mismatches.length - 20} more` : '')
  if (v.recordedBackend !== v.backend) {
    const head = `verify ${v.dir}: the run was made on the ${v.recordedBackend} backend and this re-run of ${v.steps} steps used ${v.backend}; the backends differ`
    return v.mismatches.length === 0
      ? { code: 0, text: `${head}, and the bits still matched: all ${v.steps} steps reproduce bit for bit${notes}` }
      : { code: 1, text: `${head}, and the bits did not match (backends may round differently; verify on ${v.recordedBackend} to check the run itself):\n  ${list}${notes}` }
  }
  if (v.mismatches.length > 0) return { code: 1, text: `verify ${v.dir}: NOT bit-identical after re-running ${v.steps} of ${v.claimed} steps:\n  ${list}${notes}` }
  return { code: 0, text: `verify ${v.dir}: re-running ${v.spec.name} from seed ${v.spec.seed} on the ${v.backend} backend reproduces all ${v.steps} steps bit for bit${notes}` }
}

/** `fluxion verify <dir>`: re-run from scratch to the checkpoint's step and check bit-identity. */
export const verifyCommand = async (dir: string, io: Io): Promise<number> => {
  const r = await verifyRun(dir)
  if (E.isLeft(r)) return bad(r.left, io)
  const { code, text } = describeVerify(r.right)
  ;(code === 0 ? io.log : io.error)(text)
  return code
}

/** `fluxion compare <spec.json...> [--out dir] [--force]`: several runs, one report. */
export const compareCommand = async (specPaths: ReadonlyArray<string>, out: string | undefined, io: Io, force = false): Promise<number> => {
  const specs = await Promise.all(specPaths.map(readSpec))
  const problems = specs.flatMap((s) => (E.isLeft(s) ? s.left : []))
  if (problems.length > 0) return bad(problems, io)
  problems.push(...compareProblems(specs.flatMap((s) => (E.isRight(s) ? [s.right] : [])), specPaths))
  const dir = out ?? join('runs', 'compare')
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) problems.push(`--out ${dir}: is a file, not a directory`)
  if (problems.length > 0) return bad(problems, io)
  const records: RunRecord[] = []
  let failed = false
  for (const s of specs) {
    const spec = (s as E.Right<Spec>).right
    const hooks = display(spec.name, io)
    try {
      const r = await runInDir(join(dir, spec.name), spec, { ...hooks, force })
      if (E.isLeft(r)) return bad(r.left, io)
      failed ||= r.right.diverged !== null
      records.push(r.right.record)
    } finally {
      hooks.stop()
    }
  }
  const { writeRunOutputs } = await import('../experiment/io-run.js')
  await writeRunOutputs(dir, records, `Comparison of ${records.length} runs`)
  io.log(markdownTable({ header: SUMMARY_HEADER, rows: records.map(summaryRow) }))
  io.log(`wrote ${join(dir, 'report.md')}`)
  return failed ? 1 : 0
}

export const bad = (problems: ReadonlyArray<string>, io: Io): number => {
  io.error(`fluxion: ${problems.length} problem(s), nothing was written:`)
  for (const p of problems) io.error(`  ${p}`)
  return 2
}
