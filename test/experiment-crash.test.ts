/**
 * kill -9 at arbitrary moments: a run killed many times and resumed each time
 * ends bit for bit where the uninterrupted run ends (parameters, optimizer
 * state, history, evaluations), and `verify` passes. The kills come from a
 * seeded schedule of delays after the child first reports progress.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { listCheckpoints } from '../src/experiment/index.js'

const ROOT = join(import.meta.dirname, '..')
const root = mkdtempSync(join(tmpdir(), 'fluxion-crash-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const SPEC = {
  name: 'crash', seed: 11, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [8] },
  optimizer: { chain: [{ clipByGlobalNorm: { maxNorm: 1 } }, { adam: { learningRate: 0.02 } }] },
  steps: 80, batchSize: 16, evalEvery: 25,
}

/** A small seeded generator (mulberry32) for the kill schedule. */
const delays = (seed: number) => {
  let a = seed >>> 0
  return (lo: number, hi: number): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296
    return Math.floor(lo + u * (hi - lo))
  }
}

interface Exit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stderr: string
}

/** Run the CLI in a child; with `killAfter`, SIGKILL it that many ms after its first progress line. */
const cli = (args: ReadonlyArray<string>, killAfter?: number): Promise<Exit> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    let armed = false
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      if (killAfter !== undefined && !armed && /step \d+\//.test(stderr)) {
        armed = true
        setTimeout(() => child.kill('SIGKILL'), killAfter)
      }
    })
    // 'close': the child has exited and been reaped, so its pid is gone and its lock is stale
    child.on('close', (code, signal) => resolve({ code, signal, stderr }))
  })

const metrics = (dir: string) => JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { history: unknown[]; evals: unknown[] }
const finalTensors = async (dir: string): Promise<Buffer> => readFileSync(join((await listCheckpoints(dir))[0]!.path, 'checkpoint.safetensors'))
const leftovers = (dir: string): string[] =>
  [dir, join(dir, 'checkpoints')].flatMap((d) => readdirSync(d).filter((n) => n.endsWith('.tmp') || n === '.fluxion.lock'))

describe('kill -9 and resume', () => {
  const ref = join(root, 'ref')
  const quiet = { log: () => {}, error: () => {} }

  it.each([
    { checkpointEvery: 1, kills: 4, seed: 1 },
    { checkpointEvery: 10, kills: 2, seed: 2 },
  ])('checkpointEvery $checkpointEvery: $kills kills, each resumed, end bit for bit as the uninterrupted run', async ({ checkpointEvery, kills, seed }) => {
    if (!existsSync(join(ref, 'metrics.json'))) {
      // uninterrupted, and checkpointed only at the end: the history must not depend on checkpointEvery either
      const p = join(root, 'ref.json')
      writeFileSync(p, JSON.stringify(SPEC))
      expect(await main(['run', p, '--out', ref], quiet)).toBe(0)
    }
    const specPath = join(root, `spec-${checkpointEvery}.json`)
    writeFileSync(specPath, JSON.stringify({ ...SPEC, checkpointEvery }))
    const dir = join(root, `killed-${checkpointEvery}`)
    const next = delays(seed)
    let started = false
    let killed = 0
    for (let i = 0; i < kills; i++) {
      const e = await cli(started ? ['resume', dir] : ['run', specPath, '--out', dir], next(0, 400))
      if (e.signal === 'SIGKILL') killed++
      else expect(e.code, e.stderr).toBe(0)
      started = true
      if (e.code === 0) break
    }
    expect(killed).toBeGreaterThan(0)
    const last = await cli(['resume', dir])
    expect(last.code, last.stderr).toBe(0)

    expect(metrics(dir).history).toEqual(metrics(ref).history)
    expect(metrics(dir).evals).toEqual(metrics(ref).evals)
    expect((await finalTensors(dir)).equals(await finalTensors(ref))).toBe(true)
    expect(leftovers(dir)).toEqual([])
    const v: string[] = []
    expect(await main(['verify', dir], { log: (l) => v.push(l), error: (l) => v.push(l) })).toBe(0)
    expect(v.join('\n')).toContain(`reproduces all ${SPEC.steps} steps bit for bit`)
  }, 120_000)
})
