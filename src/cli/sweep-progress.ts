/**
 * Progress of a sweep: on a terminal one `cli-progress` bar over the steps
 * of every run to do (and the runs finished); elsewhere one plain line per
 * run that finishes, so logs stay readable.
 */
import cliProgress from 'cli-progress'

export interface SweepProgress {
  /** The plan: runs in all, runs already finished, steps to train. */
  plan(total: number, skipped: number, steps: number): void
  /** Steps done in one run (absolute, from its start). */
  step(run: string, step: number, from?: number): void
  finished(run: string, status: string): void
  stop(): void
}

export const sweepProgress = (name: string, out: NodeJS.WriteStream = process.stderr): SweepProgress => {
  const tty = out.isTTY === true
  let bar: cliProgress.SingleBar | null = null
  let total = 0
  let done = 0
  let steps = 0
  const seen = new Map<string, number>()
  return {
    plan: (t, skipped, s) => {
      total = t
      done = skipped
      if (tty) {
        bar = new cliProgress.SingleBar({ format: `${name} [{bar}] {value}/{total} steps | runs {runs}`, stream: out, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic)
        bar.start(Math.max(1, s), 0, { runs: `${done}/${total}` })
      } else out.write(`${name}: ${t} runs, ${skipped} already finished, ${t - skipped} to run (${s} steps)\n`)
    },
    step: (run, step, from) => {
      if (from !== undefined && !seen.has(run)) seen.set(run, from)
      const prev = seen.get(run) ?? 0
      steps += Math.max(0, step - prev)
      seen.set(run, step)
      bar?.update(steps, { runs: `${done}/${total}` })
    },
    finished: (run, status) => {
      done++
      if (bar !== null) bar.update(steps, { runs: `${done}/${total}` })
      else out.write(`${name}: ${run} ${status} (${done}/${total})\n`)
    },
    stop: () => bar?.stop(),
  }
}
