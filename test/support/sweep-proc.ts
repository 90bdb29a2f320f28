/**
 * The `fluxion` CLI as a child process that is itself the Node process (no
 * `tsx` wrapper in between), so that a SIGKILL kills the process doing the
 * work, as a crash would.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'

const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/', import.meta.url))
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

/** Start `fluxion <args>` from the sources. */
export const spawnCli = (args: ReadonlyArray<string>, stdio: StdioOptions = 'ignore'): ChildProcess =>
  spawn(process.execPath, ['--require', `${TSX}preflight.cjs`, '--import', pathToFileURL(`${TSX}loader.mjs`).href, CLI, ...args], { stdio })
