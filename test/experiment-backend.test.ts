/**
 * Experiments under `FLUXION_BACKEND`: a run records the backend it was made
 * on, and `verify` on another backend says that the backends differ (and
 * whether the bits still matched) instead of a bare "NOT bit-identical".
 * The runs happen in child processes, since the backend is fixed at load.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { wasmBackend } from '../src/backend/wasm/index.js'
import { listCheckpoints } from '../src/experiment/index.js'

const ROOT = join(import.meta.dirname, '..')
const root = mkdtempSync(join(tmpdir(), 'fluxion-backend-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const SPEC = {
  name: 'backends', seed: 2, data: { kind: 'spirals', nPerClass: 40, classes: 3 },
  model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' },
  optimizer: { adam: { learningRate: 0.01 } }, steps: 20, batchSize: 32, evalEvery: 10, checkpointEvery: 10,
}
const specPath = join(root, 'spec.json')
writeFileSync(specPath, JSON.stringify(SPEC))

/** The CLI in a child process on a given backend (undefined: the default). */
const cli = (backend: 'js' | 'wasm' | undefined, args: ReadonlyArray<string>) => {
  const env = { ...process.env }
  delete env['FLUXION_BACKEND']
  if (backend !== undefined) env['FLUXION_BACKEND'] = backend
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' })
  return { code: r.status, text: `${r.stdout}${r.stderr}` }
}
const recorded = async (dir: string): Promise<string> =>
  JSON.parse(readFileSync(join((await listCheckpoints(dir))[0]!.path, 'checkpoint.json'), 'utf8')).backend

describe('backends in experiments', () => {
  const js = join(root, 'js')

  it('FLUXION_BACKEND=js: the run records "js" and verifies on js bit for bit', async () => {
    expect(cli('js', ['run', specPath, '--out', js]).code).toBe(0)
    expect(await recorded(js)).toBe('js')
    const v = cli('js', ['verify', js])
    expect(v.code, v.text).toBe(0)
    expect(v.text).toContain('on the js backend reproduces all 20 steps bit for bit')
  }, 120_000)

  it.skipIf(wasmBackend === null)('the default backend is recorded as "wasm"; verify across backends says they differ', async () => {
    const wasm = join(root, 'wasm')
    expect(cli(undefined, ['run', specPath, '--out', wasm]).code).toBe(0)
    expect(await recorded(wasm)).toBe('wasm')
    for (const [backend, dir, made] of [['js', wasm, 'wasm'], ['wasm', js, 'js']] as const) {
      const v = cli(backend, ['verify', dir])
      expect(v.text).toContain(`the run was made on the ${made} backend and this re-run of 20 steps used ${backend}; the backends differ`)
      expect(v.text).not.toContain('NOT bit-identical')
      // the verdict on the bits agrees with the exit code
      expect(v.text).toContain(v.code === 0 ? 'the bits still matched' : 'the bits did not match')
      expect([0, 1]).toContain(v.code)
    }
  }, 120_000)
})
