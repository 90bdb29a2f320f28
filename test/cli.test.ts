import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { decodeSpec, listCheckpoints, run, saveCheckpoint } from '../src/experiment/index.js'

/** The newest checkpoint directory of a run. */
const newest = async (dir: string): Promise<string> => {
  const all = await listCheckpoints(dir)
  if (all.length === 0) throw new Error(`no checkpoint in ${dir}`)
  return all[0]!.path
}

const root = mkdtempSync(join(tmpdir(), 'fluxion-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const capture = () => {
  const out: string[] = []
  const err: string[] = []
  return { io: { log: (l: string) => out.push(l), error: (l: string) => err.push(l) }, out, err }
}
const writeSpec = (name: string, spec: unknown): string => {
  const p = join(root, `${name}.json`)
  writeFileSync(p, JSON.stringify(spec))
  return p
}
const SPEC = {
  name: 'iris-sgd', seed: 3, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [8] },
  optimizer: { sgd: { learningRate: 0.1, momentum: 0.9 } }, steps: 24, batchSize: 16, evalEvery: 8, checkpointEvery: 10,
}

describe('fluxion CLI', () => {
  it('lists every problem of a bad spec, exits 2 and writes nothing', async () => {
    const p = writeSpec('bad', { ...SPEC, name: '', optimizer: { adam: { learningRate: 0.1, b2: 2 } } })
    const { io, err } = capture()
    const out = join(root, 'bad-out')
    expect(await main(['run', p, '--out', out], io)).toBe(2)
    expect(err.join('\n')).toContain('name: expected a non-empty string')
    expect(err.join('\n')).toContain('optimizer.adam.b2: expected a number in [0, 1), got 2')
    expect(existsSync(out)).toBe(false)
  })

  it('rejects bad arguments with exit 2 and lists them all', async () => {
    const { io, err } = capture()
    expect(await main(['resume', 'a', 'b', '--steps', 'x', '--what'], io)).toBe(2)
    const text = err.join('\n')
    expect(text).toContain('resume: expected 1 argument(s), got 2')
    expect(text).toContain('--steps: expected a positive integer, got x')
    expect(text).toContain('resume: unknown option --what')
    expect(await main(['fly'], capture().io)).toBe(2)
    expect(await main(['run', join(root, 'missing.json')], capture().io)).toBe(2)
  })

  it('run writes metrics, checkpoint, plots and report; verify confirms bit-identity', async () => {
    const dir = join(root, 'run1')
    const { io } = capture()
    expect(await main(['run', writeSpec('ok', SPEC), '--out', dir], io)).toBe(0)
    for (const f of ['metrics.json', 'metrics.jsonl', 'metrics.csv', 'evals.csv', 'checkpoints', 'loss.png', 'test-accuracy.png', 'report.md'])
      expect(existsSync(join(dir, f)), f).toBe(true)
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'))
    expect(metrics.history.length).toBe(24)
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('![')
    expect(readFileSync(join(dir, 'loss.png')).subarray(1, 4).toString()).toBe('PNG')
    const v = capture()
    expect(await main(['verify', dir], v.io)).toBe(0)
    expect(v.out.join('\n')).toContain('bit for bit')
  })

  it('resume --steps continues from the checkpoint and matches the uninterrupted run', async () => {
    const whole = join(root, 'whole')
    const parts = join(root, 'parts')
    expect(await main(['run', writeSpec('r', SPEC), '--out', whole], capture().io)).toBe(0)
    // an interrupted run: 10 steps, checkpointed, then resumed in two pieces
    const spec = decodeSpec(SPEC)
    if (spec._tag === 'Left') throw new Error('bad spec')
    const first = run(spec.right, { until: 10 })
    // no metrics log beside this checkpoint: resume rebuilds the history by replaying, and says so
    await saveCheckpoint(parts, spec.right, first.state)
    const warned = capture()
    expect(await main(['resume', parts, '--steps', '7'], warned.io)).toBe(0)
    expect(warned.err.join('\n')).toContain('rebuilding the history of steps 0 to 9')
    expect(JSON.parse(readFileSync(join(await newest(parts), 'checkpoint.json'), 'utf8')).step).toBe(17)
    expect(await main(['resume', parts], capture().io)).toBe(0)
    const metrics = (d: string) => JSON.parse(readFileSync(join(d, 'metrics.json'), 'utf8'))
    expect(metrics(parts).history).toEqual(metrics(whole).history)
    expect(metrics(parts).evals).toEqual(metrics(whole).evals)
    expect(readFileSync(join(await newest(parts), 'checkpoint.safetensors'))).toEqual(readFileSync(join(await newest(whole), 'checkpoint.safetensors')))
  })

  it('a diverging run names the step, keeps its last good checkpoint and exits 1', async () => {
    const dir = join(root, 'boom')
    const { io, err } = capture()
    const spec = writeSpec('boom', { ...SPEC, optimizer: { sgd: { learningRate: 1e30 } }, checkpointEvery: 1 })
    expect(await main(['run', spec, '--out', dir], io)).toBe(1)
    expect(err.join('\n')).toMatch(/the loss became (NaN|Infinity|-Infinity) at step \d+/)
    expect(existsSync(join(await newest(dir), 'checkpoint.json'))).toBe(true)
    expect(await main(['verify', dir], capture().io)).toBe(0)
  })

  it('compare writes one report over several runs', async () => {
    const dir = join(root, 'cmp')
    const a = writeSpec('a', { ...SPEC, name: 'a' })
    const b = writeSpec('b', { ...SPEC, name: 'b', optimizer: { adam: { learningRate: 0.01 } } })
    const { io, out } = capture()
    expect(await main(['compare', a, b, '--out', dir], io)).toBe(0)
    expect(out.join('\n')).toMatch(/\| a \|[\s\S]*\| b \|/)
    expect(existsSync(join(dir, 'report.md'))).toBe(true)
    expect(existsSync(join(await newest(join(dir, 'a')), 'checkpoint.json'))).toBe(true)
  })

  it('the command exits with its code as a process', () => {
    const p = writeSpec('proc', { ...SPEC, seed: 'x' })
    let code = 0
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', p], { cwd: join(import.meta.dirname, '..'), stdio: 'pipe' })
    } catch (e) {
      code = (e as { status: number }).status
    }
    expect(code).toBe(2)
  })
})
