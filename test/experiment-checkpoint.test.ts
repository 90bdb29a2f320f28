/**
 * Checkpoint integrity: every sidecar field resume and verify read is
 * checksummed and named when it does not match; a consistent but impossible
 * sidecar (a step past the spec, extra numbers, other keys) is refused; a
 * checkpoint is one atomic directory, and loading falls back past a bad one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { CHECKED_FIELDS } from '../src/experiment/checkpoint.js'
import {
  canonicalJson, checksum, decodeSpec, fromCheckpoint, listCheckpoints, loadCheckpoint, run, saveCheckpoint, toCheckpoint, type Sidecar, type Spec,
} from '../src/experiment/index.js'

const root = mkdtempSync(join(tmpdir(), 'fluxion-ck-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const specOf = (json: unknown): Spec => {
  const r = decodeSpec(json)
  if (E.isLeft(r)) throw new Error(r.left.join('\n'))
  return r.right
}
const SPEC = {
  name: 'ck', seed: 7, data: { kind: 'spirals', nPerClass: 20, classes: 3 },
  model: { kind: 'mlp', hidden: [8], activation: 'tanh' },
  optimizer: { chain: [{ clipByGlobalNorm: { maxNorm: 5 } }, { injectHyperparams: { adamw: { learningRate: 0.01, weightDecay: 1e-3 } } }] },
  steps: 30, batchSize: 16, evalEvery: 10, checkpointEvery: 10,
}
const spec = specOf(SPEC)
const half = run(spec, { until: 7 })
const { tensors, sidecar } = toCheckpoint(spec, half.state)
type Editable = { -readonly [K in keyof Sidecar]: Sidecar[K] } & Record<string, unknown>
const clone = (): Editable => JSON.parse(JSON.stringify(sidecar))
const problems = (bytes: Uint8Array, side: unknown): string => {
  const r = fromCheckpoint(bytes, side)
  return E.isLeft(r) ? r.left.join('\n') : 'accepted'
}

/** Recompute every checksum, as a forger (or a buggy writer) would. */
const resign = (side: Record<string, unknown>, bytes: Uint8Array = tensors): unknown => {
  const enc = new TextEncoder()
  const fields = Object.fromEntries(CHECKED_FIELDS.map((f) => [f, f === 'bytes' ? checksum(bytes) : checksum(enc.encode(canonicalJson(side[f])))]))
  const withFields = { ...side, fields, checksum: undefined }
  return { ...withFields, checksum: checksum(enc.encode(canonicalJson(withFields))) }
}

describe('the sidecar is integrity-checked field by field', () => {
  it('an untouched checkpoint restores, and records the backend', () => {
    expect(problems(tensors, clone())).toBe('accepted')
    expect(['js', 'wasm']).toContain(sidecar.backend)
    expect(Object.keys(sidecar.numbers).length).toBeGreaterThan(0)
  })

  const edits: Array<[string, (s: Editable) => void]> = [
    ['spec', (s) => void ((s.spec as typeof SPEC).optimizer.chain[1] = { injectHyperparams: { adamw: { learningRate: 0.5, weightDecay: 1e-3 } } })],
    ['step', (s) => void (s.step = 8)],
    ['count', (s) => void (s.count = 3)],
    ['numbers', (s) => void (s.numbers = { ...s.numbers, 'opt.extra': 1 })],
    ['keys', (s) => void (s.keys = { ...s.keys, batches: [1, 2] })],
    ['tensors', (s) => void (s.tensors = s.tensors + 1)],
    ['backend', (s) => void (s.backend = s.backend === 'js' ? 'wasm' : 'js')],
  ]
  it.each(edits)('editing %s is reported as corrupt, by name', (field, edit) => {
    const s = clone()
    edit(s)
    expect(problems(tensors, s)).toContain(`checkpoint.json ${field}: does not match its checksum`)
  })

  it('editing a number inside `numbers`, or the checksums themselves, is reported', () => {
    const s = clone()
    const k = Object.keys(s.numbers)[0]!
    s.numbers = { ...s.numbers, [k]: s.numbers[k]! + 1 }
    expect(problems(tensors, s)).toContain('checkpoint.json numbers: does not match its checksum')
    const f = clone()
    f.fields = { ...f.fields, step: 'deadbeefdeadbeef' }
    expect(problems(tensors, f)).toContain('checkpoint.json step: does not match its checksum')
    const c = clone()
    c.checksum = '0000000000000000'
    expect(problems(tensors, c)).toMatch(/checkpoint\.json fields: the checksums do not match/)
  })

  it('a flipped tensor byte is reported against the bytes checksum', () => {
    const flipped = tensors.slice()
    flipped[flipped.length - 1]! ^= 1
    expect(problems(flipped, clone())).toMatch(/checkpoint\.safetensors: checksum \S+ does not match/)
  })

  it('a re-signed sidecar that cannot be true is still refused: step past the spec, wrong keys, extra numbers, wrong tensor count', () => {
    const s = clone()
    expect(problems(tensors, resign({ ...s, step: 1e9 }))).toContain(`checkpoint.json step: 1000000000 is past the spec's 30 steps`)
    expect(problems(tensors, resign({ ...s, step: 8 }))).toContain('checkpoint.json step: 8, but checkpoint.safetensors was written at step 7')
    expect(problems(tensors, resign({ ...s, keys: { ...s.keys, params: [1, 2] } }))).toContain('checkpoint.json keys.params: [1,2] is not the key')
    expect(problems(tensors, resign({ ...s, numbers: { ...s.numbers, 'opt.bogus': 1 } }))).toContain('checkpoint.json numbers: "opt.bogus" is not part of this spec\'s optimizer')
    expect(problems(tensors, resign({ ...s, tensors: 99 }))).toMatch(/checkpoint\.json tensors: says 99, checkpoint\.safetensors holds \d+/)
  })
})

describe('checkpoints on disk', () => {
  it('each checkpoint is one directory; the newest two are kept; loading falls back past a bad one and says why', async () => {
    const dir = join(root, 'fallback')
    for (const k of [5, 10, 15]) await saveCheckpoint(dir, spec, run(spec, { until: k }).state)
    expect((await listCheckpoints(dir)).map((c) => c.step)).toEqual([15, 10])
    const newest = (await listCheckpoints(dir))[0]!.path
    const side = JSON.parse(readFileSync(join(newest, 'checkpoint.json'), 'utf8'))
    writeFileSync(join(newest, 'checkpoint.json'), JSON.stringify({ ...side, step: 3 }))
    const r = await loadCheckpoint(dir)
    if (E.isLeft(r)) throw new Error(r.left.join())
    expect(r.right.state.step).toBe(10)
    expect(r.right.skipped.map((s) => s.problems.join())).toEqual([expect.stringContaining('checkpoint.json step: does not match its checksum')])
  })

  it('verify of a run whose step was edited names the field and fails; resume falls back, warns, and ends as the uninterrupted run', async () => {
    const dir = join(root, 'edited')
    const specPath = join(root, 'edited.json')
    writeFileSync(specPath, JSON.stringify(SPEC))
    const quiet = { log: () => {}, error: () => {} }
    expect(await main(['run', specPath, '--out', dir], quiet)).toBe(0)
    const whole = readFileSync(join(dir, 'metrics.json'), 'utf8')
    const newest = (await listCheckpoints(dir))[0]!.path
    const side = JSON.parse(readFileSync(join(newest, 'checkpoint.json'), 'utf8'))
    writeFileSync(join(newest, 'checkpoint.json'), JSON.stringify({ ...side, step: 1e9 }))
    const v: string[] = []
    expect(await main(['verify', dir], { log: (l) => v.push(l), error: (l) => v.push(l) })).toBe(1)
    expect(v.join('\n')).toContain('checkpoint.json step: does not match its checksum')
    expect(v.join('\n')).not.toContain('1000000000 steps')
    const w: string[] = []
    expect(await main(['resume', dir], { log: () => {}, error: (l) => w.push(l) })).toBe(0)
    expect(w.join('\n')).toContain('checkpoint.json step: does not match its checksum')
    expect(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'))).toEqual(JSON.parse(whole))
    const ok: string[] = []
    expect(await main(['verify', dir], { log: (l) => ok.push(l), error: (l) => ok.push(l) })).toBe(0)
    expect(ok.join('\n')).toContain('reproduces all 30 steps bit for bit')
  }, 60_000)
})
