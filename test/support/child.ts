/**
 * Run a snippet of TypeScript in a fresh Node process (through tsx), for the
 * claims that a result replays bit for bit across processes and backends: two
 * runs in one process share module state and JIT decisions, two processes
 * share nothing but the code and the seed.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url))

/** An absolute path to a module of this repository, for `import` inside a child snippet. */
export const repoModule = (relative: string): string => JSON.stringify(fileURLToPath(new URL(`../../${relative}`, import.meta.url)))

/**
 * Run `code` (an ES module) in a child process with `env` added to this
 * process's environment, and return its stdout. Throws if it fails or runs
 * past `timeoutMs` (a hung child, not a speed check).
 */
export const runChild = (code: string, env: Readonly<Record<string, string>> = {}, timeoutMs = 120_000): string =>
  execFileSync(process.execPath, [TSX, '--input-type=module', '-e', code], {
    encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...env },
  })

/** The exact bits of float64 numbers, as hex (NaN payloads and the sign of zero included). */
export const hexBits = (xs: ReadonlyArray<number>): string =>
  Buffer.from(Float64Array.from(xs).buffer).toString('hex')
