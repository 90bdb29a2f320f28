import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { decodeSweep, runSweep, sweepOf, type Sweep } from '../src/experiment/index.js'
import { listCheckpoints } from '../src/experiment/io-checkpoint.js'
import { spawnCli } from './support/sweep-proc.js'
import { expectSameFiles } from './support/files.js'

const root = mkdtempSync(join(tmpdir(), 'fluxion-sweep-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const BASE = {
  name: 'base', seed: 0, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [8] },
  optimizer: { sgd: { learningRate: 0.1 } }, steps: 40, batchSize: 16, evalEvery: 20, checkpointEvery: 10,
}
const SWEEP = { name: 'lr', base: BASE, grid: { 'optimizer.sgd.learningRate': [0.05, 0.2], seed: [0, 1] } }

const capture = () => {
  const out: string[] = []
  const err: string[] = []
  return { io: { log: (l: string) => out.push(l), error: (l: string) => err.push(l) }, out, err }
}

const decoded = (json: unknown): Sweep => {
  const s = decodeSweep(json)
  if (s._tag === 'Left') throw new Error(s.left.join('\n'))
  return s.right
}

describe('sweep files', () => {
  it('expand the list points times the grid, the last axis fastest, into safe unique names', () => {
    const s = decoded({ ...SWEEP, list: [{ batchSize: 8 }, { batchSize: 32, 'model.hidden': [4, 4] }] })
    expect(s.runs.map((r) => r.name)).toEqual([
      'lr_learningRate-0.05_seed-0_batchSize-8', 'lr_learningRate-0.05_seed-1_batchSize-8',
      'lr_learningRate-0.2_seed-0_batchSize-8', 'lr_learningRate-0.2_seed-1_batchSize-8',
      'lr_learningRate-0.05_seed-0_batchSize-32_hidden-v0', 'lr_learningRate-0.05_seed-1_batchSize-32_hidden-v0',
      'lr_learningRate-0.2_seed-0_batchSize-32_hidden-v0', 'lr_learningRate-0.2_seed-1_batchSize-32_hidden-v0',
    ])
    const last = s.runs[7]!.spec
    expect(last.name).toBe(s.runs[7]!.name)
    expect(last.optimizer).toEqual({ sgd: { learningRate: 0.2 } })
    expect([last.seed, last.batchSize, last.model.hidden]).toEqual([1, 32, [4, 4]])
    expect(s.runs[0]!.spec.model.hidden).toEqual([8])
    // the base is not touched
    expect(BASE.optimizer.sgd.learningRate).toBe(0.1)
  })

  it('name each problem by its path: the axis value that caused it, or the base', () => {
    const r = decodeSweep({
      name: 'bad name!', base: { ...BASE, batchSize: 0 },
      grid: { 'optimizer.sgd.learningRate': [0.1, -1, 'x'], '__proto__.polluted': [1], seed: [] }, extra: 1,
    })
    expect(r._tag).toBe('Left')
    const text = (r as { left: string[] }).left.join('\n')
    expect(text).toContain('extra: unknown field')
    expect(text).toContain('name: expected a name of letters')
    expect(text).toContain('grid["seed"]: expected a non-empty array')
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    // the structural problems come first; once fixed, the specs are checked
    const r2 = decodeSweep({ name: 'ok', base: { ...BASE, batchSize: 0 }, grid: { 'optimizer.sgd.learningRate': [0.1, { cosineDecay: { init: 0.1 } }, 'x'], seed: [0, 1] } })
    const lines = (r2 as { left: string[] }).left
    expect(lines).toEqual([
      'base.batchSize: expected an integer >= 1, got 0',
      'grid["optimizer.sgd.learningRate"][1].cosineDecay.decaySteps: is required (an integer >= 1)',
      'grid["optimizer.sgd.learningRate"][2]: expected a number, got "x"',
    ])
    expect(lines.some((l) => l.startsWith('grid["optimizer.sgd.learningRate"][0]'))).toBe(false)
  })

  it('refuse reserved keys, a varying name, and too many runs', () => {
    const lines = (decodeSweep({ name: 'ok', base: BASE, grid: { 'a.constructor.b': [1], name: ['x'], seed: Array.from({ length: 101 }, (_, i) => i), 'optimizer.sgd.learningRate': Array.from({ length: 100 }, (_, i) => i + 1) } }) as { left: string[] }).left
    expect(lines.join('\n')).toContain('grid["a.constructor.b"]: "a.constructor.b" uses the reserved key "constructor"')
    expect(lines.join('\n')).toContain('grid["name"]: "name" cannot vary')
    expect(lines.join('\n')).toContain('expands to 10100 runs')
  })

  it('fluxion sweep with a bad file: every problem with its path, exit 2, nothing written', async () => {
    const p = join(root, 'bad.json')
    writeFileSync(p, JSON.stringify({ name: 'b', base: BASE, grid: { batchSize: [8, 0] } }))
    const out = join(root, 'bad-out')
    const { io, err } = capture()
    expect(await main(['sweep', p, '--out', out], io)).toBe(2)
    expect(err.join('\n')).toContain(`${p}: grid["batchSize"][1]: expected an integer >= 1, got 0`)
    expect(existsSync(out)).toBe(false)
    expect(await main(['sweep', p, '--threads', '0'], capture().io)).toBe(2)
  })
})

describe('running a sweep', () => {
  const seq = join(root, 'seq')
  beforeAll(async () => {
    await runSweep(decoded(SWEEP), { dir: seq, threads: 0 })
  }, 120_000)

  it('on two threads gives the same bytes as one run after another, and a report', async () => {
    const par = join(root, 'par')
    const events: string[] = []
    const o = await runSweep(decoded(SWEEP), { dir: par, threads: 2, onEvent: (e) => e.kind === 'done' && events.push(`${e.run}:${e.result.status}`) })
    expect(o.results.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed'])
    expect(events.sort()).toEqual(decoded(SWEEP).runs.map((r) => `${r.name}:completed`).sort())
    expectSameFiles(seq, par)
    const md = readFileSync(join(par, 'report.md'), 'utf8')
    expect(md).toContain('| run | optimizer.sgd.learningRate | seed |')
    expect(md).toContain('sweep-finalLoss-vs-optimizer.sgd.learningRate.png')
    expect(md).not.toContain('vs-seed')
    // the table's final loss is the run's own last loss
    const rec = JSON.parse(readFileSync(join(par, 'runs', 'lr_learningRate-0.2_seed-1', 'metrics.json'), 'utf8')) as { history: Array<{ loss: number }> }
    expect(md).toContain(`| lr_learningRate-0.2_seed-1 | 0.2 | 1 | 40 | ${Number(rec.history[39]!.loss.toPrecision(4))} |`)
  })

  it('skips finished runs, and resumes a killed sweep from its checkpoints to the same bytes', async () => {
    const dir = join(root, 'killed')
    const file = join(root, 'sweep.json')
    writeFileSync(file, JSON.stringify({ name: 'lr', base: { ...BASE, steps: 240, evalEvery: 80, checkpointEvery: 20 }, grid: { 'optimizer.sgd.learningRate': [0.05], seed: [0, 1] } }))
    const child = spawnCli(['sweep', file, '--out', dir, '--threads', '1'])
    // kill it once the first run has a checkpoint past its start
    const first = join(dir, 'runs', 'lr_learningRate-0.05_seed-0')
    for (let i = 0; i < 1200 && (await listCheckpoints(first)).length === 0; i++) await new Promise((r) => setTimeout(r, 50))
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const at = (await listCheckpoints(first))[0]?.step ?? 0
    expect(at).toBeGreaterThan(0)
    expect(existsSync(join(first, 'metrics.json'))).toBe(false)
    const starts: Array<[string, number]> = []
    const o = await runSweep(decoded(JSON.parse(readFileSync(file, 'utf8'))), {
      dir, threads: 0, onEvent: (e) => e.kind === 'run' && e.event.kind === 'start' && starts.push([e.run, e.event.from]),
    })
    expect(o.skipped).toBe(0)
    expect(starts[0]).toEqual(['lr_learningRate-0.05_seed-0', at])
    const ref = join(root, 'killed-ref')
    await runSweep(decoded(JSON.parse(readFileSync(file, 'utf8'))), { dir: ref, threads: 0 })
    expectSameFiles(ref, dir)
    // run again: everything is finished, nothing is trained
    const again: string[] = []
    const o2 = await runSweep(decoded(JSON.parse(readFileSync(file, 'utf8'))), { dir, threads: 2, onEvent: (e) => e.kind === 'run' && again.push(e.run) })
    expect([o2.skipped, again.length]).toEqual([2, 0])
    expectSameFiles(ref, dir)
  })

  it('is the library form too: sweepOf checks axes like a file', () => {
    const s = sweepOf('lib', BASE, { grid: { seed: [3, 4] } })
    expect(s._tag === 'Right' && s.right.runs.map((r) => r.spec.seed)).toEqual([3, 4])
    expect(sweepOf('lib', BASE, { grid: { batchSize: [-1] } })._tag).toBe('Left')
  })
})
