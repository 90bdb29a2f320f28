#!/usr/bin/env node
/**
 * `fluxion`: run, resume, verify and compare seeded experiments, and `start`
 * the default suite (what `npm start` runs).
 *
 *   fluxion run <spec.json> [--out dir] [--force]
 *   fluxion resume <dir> [--steps n]
 *   fluxion verify <dir>
 *   fluxion compare <spec.json...> [--out dir] [--force]
 *   fluxion start [--out dir] [--small]
 *   fluxion sweep <sweep.json> [--out dir] [--threads n] [--queue redis://host:port/db [--store dir]]
 *   fluxion worker --queue redis://host:port/db [--store dir] [--concurrency n] [--lock-ms ms]
 *   fluxion --help | -h | --version
 *
 * Bad arguments or a bad spec: every problem is listed, the exit code is 2
 * and nothing is written.
 */
import { readFileSync } from 'node:fs'
import { bad, compareCommand, resumeCommand, runCommand, verifyCommand, type Io } from './commands.js'

const USAGE = `usage:
  fluxion run <spec.json> [--out dir] [--force]    train as the spec says; writes metrics, checkpoints, plots, report.md
  fluxion resume <dir> [--steps n]                 go on from the run's checkpoint (to the end, or n more steps)
  fluxion verify <dir>                             re-run from the seed and check the checkpoint bit for bit
  fluxion compare <spec.json...> [--out d] [--force]  several runs, one report
  fluxion start [--out dir] [--small]              the default experiment suite (npm start)
  fluxion sweep <sweep.json> [--out dir] [--threads n]  a base spec and axes: every run, in parallel, one report
        [--queue redis://host:port/db [--store dir]]   ... or as jobs on a queue that \`fluxion worker\`s run
  fluxion worker --queue redis://... [--store dir] [--concurrency n] [--lock-ms ms]  run sweep jobs until stopped
  fluxion --version                                print the version
--force writes into a non-empty folder that holds no run of the same spec.`

interface Parsed {
  readonly command: string | undefined
  readonly positional: string[]
  readonly flags: Record<string, string | true>
}

/** Flags that take no value. */
const SWITCHES = ['small', 'help', 'force', 'version']

const parse = (argv: ReadonlyArray<string>): Parsed => {
  const positional: string[] = []
  const flags: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '-h') flags['help'] = true
    else if (a.startsWith('--')) {
      const name = a.slice(2)
      const next = argv[i + 1]
      if (SWITCHES.includes(name)) flags[name] = true
      else if (next !== undefined && !next.startsWith('--')) (flags[name] = next), i++
      else flags[name] = true
    } else positional.push(a)
  }
  return { command: positional.shift(), positional, flags }
}

const KNOWN: Record<string, { args: [number, number]; flags: string[] }> = {
  run: { args: [1, 1], flags: ['out', 'force'] },
  resume: { args: [1, 1], flags: ['steps'] },
  verify: { args: [1, 1], flags: [] },
  compare: { args: [1, Infinity], flags: ['out', 'force'] },
  start: { args: [0, 0], flags: ['out', 'small'] },
  sweep: { args: [1, 1], flags: ['out', 'threads', 'queue', 'store'] },
  worker: { args: [0, 0], flags: ['queue', 'store', 'concurrency', 'lock-ms'] },
}

/** Check the arguments; every problem is listed. */
const check = (p: Parsed): string[] => {
  if (p.command === undefined) return ['no command given']
  const k = KNOWN[p.command]
  if (k === undefined) return [`unknown command "${p.command}" (expected one of: ${Object.keys(KNOWN).join(', ')})`]
  const problems: string[] = []
  const [lo, hi] = k.args
  if (p.positional.length < lo || p.positional.length > hi)
    problems.push(`${p.command}: expected ${lo === hi ? lo : `${lo} or more`} argument(s), got ${p.positional.length}`)
  for (const [f, v] of Object.entries(p.flags)) {
    if (f === 'help' || f === 'version') continue
    if (!k.flags.includes(f)) problems.push(`${p.command}: unknown option --${f}`)
    else if (f === 'steps' && (typeof v !== 'string' || !/^[1-9]\d*$/.test(v))) problems.push(`--steps: expected a positive integer, got ${v === true ? 'nothing' : v}`)
    else if (f === 'out' && typeof v !== 'string') problems.push('--out: expected a directory')
    else if (f === 'store' && typeof v !== 'string') problems.push('--store: expected a directory')
    else if (f === 'queue' && typeof v !== 'string') problems.push('--queue: expected a URL redis://host:port/db')
    else if ((f === 'threads' || f === 'concurrency' || f === 'lock-ms') && (typeof v !== 'string' || !/^[1-9]\d{0,6}$/.test(v)))
      problems.push(`--${f}: expected a positive integer, got ${v === true ? 'nothing' : v}`)
  }
  if (p.command === 'worker' && typeof p.flags['queue'] !== 'string' && p.flags['queue'] !== true) problems.push('worker: --queue redis://host:port/db is required')
  if (p.command === 'sweep' && p.flags['store'] !== undefined && p.flags['queue'] === undefined) problems.push('sweep: --store goes with --queue (without a queue, --out is where the runs go)')
  return problems
}

/** The version in the package's package.json (found by walking up from this file: src/cli or dist/src/cli). */
export const version = (): string => {
  for (let up = 1; up <= 4; up++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${'../'.repeat(up)}package.json`, import.meta.url), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'fluxion' && typeof pkg.version === 'string') return pkg.version
    } catch {
      // not at this level
    }
  }
  return 'unknown'
}

export const main = async (argv: ReadonlyArray<string>, io: Io = { log: console.log, error: console.error }): Promise<number> => {
  const p = parse(argv)
  if (p.flags.help === true) return io.log(USAGE), 0
  if (p.flags.version === true) return io.log(`fluxion ${version()}`), 0
  const problems = check(p)
  if (problems.length > 0) {
    const code = bad(problems, io)
    io.error(USAGE)
    return code
  }
  const out = typeof p.flags.out === 'string' ? p.flags.out : undefined
  switch (p.command) {
    case 'run': return runCommand(p.positional[0]!, out, io, p.flags.force === true)
    case 'resume': return resumeCommand(p.positional[0]!, p.flags.steps === undefined ? undefined : Number(p.flags.steps), io)
    case 'verify': return verifyCommand(p.positional[0]!, io)
    case 'compare': return compareCommand(p.positional, out, io, p.flags.force === true)
    case 'sweep':
    case 'worker': {
      const { sweepCommand, workerCommand } = await import('./sweep.js')
      const str = (k: string) => (typeof p.flags[k] === 'string' ? (p.flags[k] as string) : undefined)
      const n = (k: string) => (str(k) === undefined ? undefined : Number(str(k)))
      return p.command === 'sweep'
        ? sweepCommand(p.positional[0]!, { out, queue: str('queue'), store: str('store'), threads: n('threads') }, io)
        : workerCommand({ queue: str('queue')!, store: str('store'), concurrency: n('concurrency'), lockMs: n('lock-ms') }, io)
    }
    default: {
      const { startCommand } = await import('./start.js')
      return startCommand(out ?? 'runs/default', p.flags.small === true, io)
    }
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-2).join('/'))
if (isMain) main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
  console.error(e instanceof Error ? `${e.name}: ${e.message}` : e)
  process.exit(1)
})
