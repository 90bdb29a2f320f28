#!/usr/bin/env node
/**
 * `fluxion`: run, resume, verify and compare seeded experiments, and `start`
 * the default suite (what `npm start` runs).
 *
 *   fluxion run <spec.json> [--out dir]
 *   fluxion resume <dir> [--steps n]
 *   fluxion verify <dir>
 *   fluxion compare <spec.json...> [--out dir]
 *   fluxion start [--out dir] [--small]
 *
 * Bad arguments or a bad spec: every problem is listed, the exit code is 2
 * and nothing is written.
 */
import { bad, compareCommand, resumeCommand, runCommand, verifyCommand, type Io } from './commands.js'

const USAGE = `usage:
  fluxion run <spec.json> [--out dir]       train as the spec says; writes metrics, checkpoint, plots, report.md
  fluxion resume <dir> [--steps n]          go on from the run's checkpoint (to the end, or n more steps)
  fluxion verify <dir>                      re-run from the seed and check the checkpoint bit for bit
  fluxion compare <spec.json...> [--out d]  several runs, one report
  fluxion start [--out dir] [--small]       the default experiment suite (npm start)`

interface Parsed {
  readonly command: string | undefined
  readonly positional: string[]
  readonly flags: Record<string, string | true>
}

const parse = (argv: ReadonlyArray<string>): Parsed => {
  const positional: string[] = []
  const flags: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a.startsWith('--')) {
      const name = a.slice(2)
      const next = argv[i + 1]
      if (name === 'small' || name === 'help') flags[name] = true
      else if (next !== undefined && !next.startsWith('--')) (flags[name] = next), i++
      else flags[name] = true
    } else positional.push(a)
  }
  return { command: positional.shift(), positional, flags }
}

const KNOWN: Record<string, { args: [number, number]; flags: string[] }> = {
  run: { args: [1, 1], flags: ['out'] },
  resume: { args: [1, 1], flags: ['steps'] },
  verify: { args: [1, 1], flags: [] },
  compare: { args: [1, Infinity], flags: ['out'] },
  start: { args: [0, 0], flags: ['out', 'small'] },
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
    if (f === 'help') continue
    if (!k.flags.includes(f)) problems.push(`${p.command}: unknown option --${f}`)
    else if (f === 'steps' && (typeof v !== 'string' || !/^[1-9]\d*$/.test(v))) problems.push(`--steps: expected a positive integer, got ${v === true ? 'nothing' : v}`)
    else if (f === 'out' && typeof v !== 'string') problems.push('--out: expected a directory')
  }
  return problems
}

export const main = async (argv: ReadonlyArray<string>, io: Io = { log: console.log, error: console.error }): Promise<number> => {
  const p = parse(argv)
  if (p.flags.help === true) return io.log(USAGE), 0
  const problems = check(p)
  if (problems.length > 0) {
    const code = bad(problems, io)
    io.error(USAGE)
    return code
  }
  const out = typeof p.flags.out === 'string' ? p.flags.out : undefined
  switch (p.command) {
    case 'run': return runCommand(p.positional[0]!, out, io)
    case 'resume': return resumeCommand(p.positional[0]!, p.flags.steps === undefined ? undefined : Number(p.flags.steps), io)
    case 'verify': return verifyCommand(p.positional[0]!, io)
    case 'compare': return compareCommand(p.positional, out, io)
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
