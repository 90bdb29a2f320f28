#!/usr/bin/env node
/**
 * How long `import('fluxion')` takes in a fresh Node process: the median over
 * several processes of the time from just before the import to just after it
 * (wall clock, and the process's CPU time beside it). In Node, `fluxion` is
 * the Node entry: the core plus the experiment layer. Beside it, for
 * information, the core's own module (`index.js` next to the Node entry).
 * Prints JSON; exits 1 when the median wall time of `import('fluxion')`
 * exceeds the limit.
 *
 *   node scripts/import-time.mjs [specifier=fluxion] [--runs 7] [--limit-ms 200] [--cwd dir]
 *
 * The default specifier resolves through the package's own `exports` (a
 * self-reference), so it times the built `dist/` as a user gets it: run
 * `npm run build` first (`npm run bench:import` does), or pass `--cwd` a
 * project that installed the package. Timing is a property of the machine as
 * much as of the code: on a busy machine the wall time grows with the load,
 * and the CPU time is the steadier figure.
 *
 * @since 0.1.0
 */
import { execFileSync } from 'node:child_process'

const args = process.argv.slice(2)
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const specifier = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'fluxion'
const runs = Number(flag('runs', '7'))
const limitMs = Number(flag('limit-ms', '200'))
const cwd = flag('cwd', process.cwd())

const probe = (spec) => `
const c0 = process.cpuUsage(); const t0 = performance.now()
await import(${JSON.stringify(spec)})
const t = performance.now() - t0; const c = process.cpuUsage(c0)
console.log(JSON.stringify({ wallMs: t, cpuMs: (c.user + c.system) / 1000 }))`

const node = (code) => execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd, encoding: 'utf8' }).trim().split('\n').at(-1)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const measure = (spec) => {
  const samples = Array.from({ length: runs }, () => JSON.parse(node(probe(spec))))
  return { medianWallMs: Math.round(median(samples.map((s) => s.wallMs))), medianCpuMs: Math.round(median(samples.map((s) => s.cpuMs))) }
}
const entry = node(`console.log(import.meta.resolve(${JSON.stringify(specifier)}))`)
const result = {
  specifier,
  entry: entry.replace(/^.*\/(dist\/)/, '$1'),
  runs,
  limitMs,
  fluxion: measure(specifier),
  core: measure(new URL('./index.js', entry).href),
  loadAverage: Math.round((await import('node:os')).loadavg()[0] * 100) / 100,
}
console.log(JSON.stringify(result))
process.exit(result.fluxion.medianWallMs <= limitMs ? 0 : 1)
