/**
 * The `fluxion` commands. Each returns an exit code: 0 success, 1 a run that
 * failed (diverged, or did not verify), 2 bad input (every problem listed,
 * nothing written).
 */
import * as E from 'fp-ts/lib/Either.js'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { prepare } from '../experiment/build.js'
import { readJson } from '../experiment/io.js'
import { loadCheckpoint, saveCheckpoint } from '../experiment/io-checkpoint.js'
import { SUMMARY_HEADER, summaryRow, writeRunOutputs, type RunRecord } from '../experiment/io-run.js'
import { markdownTable } from '../experiment/report.js'
import { run, type EvalRecord, type RunResult, type RunState, type StepRecord } from '../experiment/run.js'
import { compareProblems, decodeSpec, type Spec } from '../experiment/spec.js'
import { progress } from './progress.js'

export interface Io {
  readonly log: (line: string) => void
  readonly error: (line: string) => void
}

const readSpec = async (path: string): Promise<E.Either<string[], Spec>> => {
  const raw = await readJson(path)
  if (E.isLeft(raw)) return raw
  return E.mapLeft((errs: string[]) => errs.map((e) => `${path}: ${e}`))(decodeSpec(raw.right))
}

/** Run a spec to its end from `from`, checkpointing every `checkpointEvery` steps and at the end. */
const execute = async (spec: Spec, dir: string, io: Io, from?: { state: RunState; history: StepRecord[]; evals: EvalRecord[] }, until?: number): Promise<{ record: RunRecord; result: RunResult }> => {
  const p = prepare(spec)
  const end = Math.min(until ?? p.totalSteps, p.totalSteps)
  const bar = progress(spec.name, end)
  const every = spec.checkpointEvery ?? 0
  let state = from?.state
  const history = [...(from?.history ?? [])]
  const evals = [...(from?.evals ?? [])]
  let result: RunResult
  try {
    // run in segments so a checkpoint lands every `checkpointEvery` steps
    for (;;) {
      const at = state?.step ?? 0
      const stop = every > 0 ? Math.min(end, (Math.floor(at / every) + 1) * every) : end
      result = run(spec, { until: stop, onStep: (r) => bar.update(r.step + 1, { loss: r.loss }) }, state, p)
      history.push(...result.history)
      evals.push(...result.evals)
      state = result.state
      await saveCheckpoint(dir, spec, state, p)
      if (result.diverged !== null || state.step >= end) break
    }
  } finally {
    bar.stop()
  }
  const status = result.diverged === null ? 'completed' : `diverged at step ${result.diverged.step} (loss ${result.diverged.loss})`
  return { record: { spec, history, evals, status }, result }
}

const finish = async (dir: string, record: RunRecord, result: RunResult, io: Io): Promise<number> => {
  await writeRunOutputs(dir, [record], `Run ${record.spec.name}`)
  io.log(markdownTable({ header: SUMMARY_HEADER, rows: [summaryRow(record)] }))
  if (result.diverged !== null) {
    io.error(`${record.spec.name}: the loss became ${result.diverged.loss} at step ${result.diverged.step}; ` +
      `the last good checkpoint (step ${result.state.step}) is in ${dir}. Lower the learning rate or clip the gradients.`)
    return 1
  }
  io.log(`wrote ${join(dir, 'report.md')}`)
  return 0
}

/** `fluxion run <spec.json> [--out dir]` */
export const runCommand = async (specPath: string, out: string | undefined, io: Io): Promise<number> => {
  const spec = await readSpec(specPath)
  if (E.isLeft(spec)) return bad(spec.left, io)
  const dir = out ?? join('runs', spec.right.name)
  const { record, result } = await execute(spec.right, dir, io)
  return finish(dir, record, result, io)
}

const readRecord = async (dir: string): Promise<E.Either<string[], RunRecord>> => {
  const m = await readJson(join(dir, 'metrics.json'))
  return E.map((x) => x as RunRecord)(m)
}

/** `fluxion resume <dir> [--steps n]`: go on from the checkpoint, to the end or for n more steps. */
export const resumeCommand = async (dir: string, steps: number | undefined, io: Io): Promise<number> => {
  const ck = await loadCheckpoint(dir)
  if (E.isLeft(ck)) return bad(ck.left, io)
  const prev = await readRecord(dir)
  const history = E.isRight(prev) ? prev.right.history.filter((h) => h.step < ck.right.state.step) : []
  const evals = E.isRight(prev) ? prev.right.evals.filter((e) => e.step <= ck.right.state.step) : []
  const until = steps === undefined ? undefined : ck.right.state.step + steps
  const { record, result } = await execute(ck.right.spec, dir, io, { state: ck.right.state, history, evals }, until)
  return finish(dir, record, result, io)
}

/** `fluxion verify <dir>`: re-run from scratch to the checkpoint's step and check bit-identity. */
export const verifyCommand = async (dir: string, io: Io): Promise<number> => {
  const ck = await loadCheckpoint(dir)
  if (E.isLeft(ck)) return bad(ck.left, io)
  const { spec, state } = ck.right
  const again = run(spec, { until: state.step })
  const mismatches: string[] = []
  const compare = (what: string, a: unknown, b: unknown): void => {
    const la = leavesOf(a)
    const lb = leavesOf(b)
    const paths = tree.paths(a)
    if (la.length !== lb.length) return void mismatches.push(`${what}: ${la.length} leaves vs ${lb.length}`)
    la.forEach((x, i) => {
      if (!sameBits(x, lb[i])) mismatches.push(`${what} at ${paths[i] || '(root)'} differ`)
    })
  }
  compare('parameters', again.state.opt.params, state.opt.params)
  compare('optimizer state', again.state.opt.inner, state.opt.inner)
  const prev = await readRecord(dir)
  if (E.isRight(prev)) {
    const old = prev.right.history.filter((h) => h.step < state.step)
    old.forEach((h, i) => {
      const n = again.history[i]
      if (n === undefined || !Object.is(n.loss, h.loss)) mismatches.push(`history: the loss at step ${h.step} differs (${h.loss} vs ${n?.loss})`)
    })
  }
  if (mismatches.length > 0) {
    io.error(`verify ${dir}: NOT bit-identical after ${state.step} steps:\n  ${mismatches.slice(0, 20).join('\n  ')}`)
    return 1
  }
  io.log(`verify ${dir}: re-running ${spec.name} from seed ${spec.seed} reproduces all ${state.step} steps bit for bit`)
  return 0
}

/** `fluxion compare <spec.json...> [--out dir]`: several runs, one report. */
export const compareCommand = async (specPaths: ReadonlyArray<string>, out: string | undefined, io: Io): Promise<number> => {
  const specs = await Promise.all(specPaths.map(readSpec))
  const problems = specs.flatMap((s) => (E.isLeft(s) ? s.left : []))
  if (problems.length > 0) return bad(problems, io)
  const clash = compareProblems(specs.flatMap((s) => (E.isRight(s) ? [s.right] : [])), specPaths)
  if (clash.length > 0) return bad(clash, io)
  const dir = out ?? join('runs', 'compare')
  const records: RunRecord[] = []
  let failed = false
  for (const s of specs) {
    const spec = (s as E.Right<Spec>).right
    const { record, result } = await execute(spec, join(dir, spec.name), io)
    failed ||= result.diverged !== null
    records.push(record)
  }
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

// ---- utils ----

import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
const leavesOf = (x: unknown): unknown[] => tree.leaves(x as tree.PyTree<unknown>)
const sameBits = (a: unknown, b: unknown): boolean => {
  if (a instanceof Tensor && b instanceof Tensor) {
    const x = a.data()
    const y = b.data()
    return a.dtype === b.dtype && x.length === y.length && x.every((v, i) => Object.is(v, y[i]))
  }
  return typeof a === 'function' || Object.is(a, b)
}
export const exists = existsSync
