/**
 * Progress for long runs: a `cli-progress` bar on a terminal, plain periodic
 * lines otherwise (CI logs, pipes), so logs stay readable either way.
 * cli-progress is an optional peer dependency, required only for a bar.
 */
import { createRequire } from 'node:module'
import type * as CliProgress from 'cli-progress'
import { missingPeer, notFound } from '../experiment/peers.js'

/** cli-progress, an optional peer dependency, loaded when a terminal first needs a bar. */
const cliProgress = (): typeof CliProgress => {
  try {
    return createRequire(import.meta.url)('cli-progress') as typeof CliProgress
  } catch (e) {
    throw notFound(e) ? missingPeer('cli-progress') : e
  }
}

export interface Progress {
  update(step: number, fields: { loss: number }): void
  stop(): void
}

export const progress = (name: string, total: number, out: NodeJS.WriteStream = process.stderr): Progress => {
  if (out.isTTY === true) {
    const { SingleBar, Presets } = cliProgress()
    const bar = new SingleBar({
      format: `${name} [{bar}] {value}/{total} steps | loss {loss}`, stream: out, hideCursor: true, clearOnComplete: false,
    }, Presets.shades_classic)
    bar.start(total, 0, { loss: '-' })
    return { update: (step, { loss }) => bar.update(step, { loss: loss.toPrecision(4) }), stop: () => bar.stop() }
  }
  const every = Math.max(1, Math.ceil(total / 10))
  return {
    update: (step, { loss }) => {
      if (step % every === 0 || step === total) out.write(`${name}: step ${step}/${total} loss ${loss.toPrecision(4)}\n`)
    },
    stop: () => {},
  }
}
