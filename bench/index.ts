/**
 * `npm run bench` — fluxion beside TensorFlow.js (cpu, wasm) and jax-js (wasm,
 * eager and jit), in one process, on the same inputs.
 *
 *   npm run bench                      every suite
 *   npm run bench -- matmul mlp        only suites whose name contains one of the words
 *   npm run bench -- --quick           quarter time budgets (fewer repetitions)
 *   npm run bench -- --full            also the measurements skipped by default for taking minutes
 *                                      (jax-js jit of the 1000-op AD chain: minutes of compilation)
 *   npm run bench -- --list            list the suites
 *
 * Prints one table per suite and writes bench/results.json (a filtered or --quick run writes
 * bench/results.partial.json instead, leaving the last complete results in place).
 */
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCase, setBudgetScale, type Row } from './harness.js'
import { setupPeers, PEERS } from './peers.js'
import { formatCase, header, resultsDocument, writeJsonAtomic, machine, type SuiteRecord } from './report.js'
import { SUITES } from './suites/index.js'

const args = process.argv.slice(2)
const flags = new Set(args.filter((a) => a.startsWith('--')))
const filters = args.filter((a) => !a.startsWith('--')).map((a) => a.toLowerCase())
const quick = flags.has('--quick')
const full = flags.has('--full')

if (flags.has('--list')) {
  for (const s of SUITES) console.log(`${s.name.padEnd(14)} ${s.title}`)
  process.exit(0)
}
const unknown = [...flags].filter((f) => !['--quick', '--full', '--list'].includes(f))
if (unknown.length) {
  console.error(`bench: unknown option ${unknown.join(', ')}; use --quick, --full, --list, or suite names`)
  process.exit(2)
}

const selected = SUITES.filter((s) => filters.length === 0 || filters.some((f) => s.name.toLowerCase().includes(f)))
if (selected.length === 0) {
  console.error(`bench: no suite matches ${filters.join(', ')}; suites: ${SUITES.map((s) => s.name).join(', ')}`)
  process.exit(2)
}
if (quick) setBudgetScale(0.25)

const started = new Date()
const t0 = performance.now()
const m = machine()
console.log(`fluxion bench — ${started.toISOString()}`)
console.log(`node ${process.version} · ${m.cpuModel} × ${m.cpuCount} · ${m.platform}/${m.arch}${quick ? ' · --quick' : ''}${full ? ' · --full' : ''}`)

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ')
console.log(`load average ${load()} (1/5/15 min)${os.loadavg()[0]! > m.cpuCount * 0.5 ? ' — the machine is busy: expect noise' : ''}`)

const peers = await setupPeers()
for (const p of PEERS) {
  const s = peers.status[p]
  const d = s.details ? ` ${JSON.stringify(s.details)}` : ''
  console.log(`  ${p.padEnd(11)} ${s.ok ? 'ok ' : 'N/A'} ${s.library}${s.version ? `@${s.version}` : ''}${s.ok ? d : ` — ${s.reason}`}`)
}
console.log('ratio = peer median / fluxion median (> 1: fluxion is faster) · check = max relative difference from fluxion\'s result')

const records: SuiteRecord[] = []
// Only a complete run replaces results.json; a filtered or --quick run must not clobber it.
const partial = filters.length > 0 || quick
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), partial ? 'results.partial.json' : 'results.json')
const save = () =>
  writeJsonAtomic(out, resultsDocument({ started, durationMs: performance.now() - t0, filters, quick, full, peers, suites: records }))

for (const suite of selected) {
  const rec: SuiteRecord = { name: suite.name, title: suite.title, description: suite.description, rows: [] }
  records.push(rec)
  console.log(`\n== ${suite.title} ==\n${header()}`)
  const ts = performance.now()
  try {
    await suite.run({
      peers,
      options: { quick, full },
      case: async (spec, impls) => {
        const rows: Row[] = await runCase(peers, { ...spec, suite: suite.name }, impls)
        rec.rows.push(...rows)
        console.log(formatCase(rows))
        return rows
      },
    })
  } catch (e) {
    // A suite that breaks outside any one peer's measurement: report it and go on.
    console.log(`suite ${suite.name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`)
  }
  rec.durationMs = Math.round(performance.now() - ts)
  console.log(`(${suite.name}: ${(rec.durationMs / 1000).toFixed(1)} s)`)
  save()
}

console.log(`\nload average at the end ${load()}`)
console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s · wrote ${path.relative(process.cwd(), out)}`)
