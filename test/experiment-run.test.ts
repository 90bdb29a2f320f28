import { execFileSync } from 'node:child_process'
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeSpec, fromCheckpoint, loadCheckpoint, run, saveCheckpoint, toCheckpoint, type Spec } from '../src/experiment/index.js'

const specOf = (json: unknown): Spec => {
  const r = decodeSpec(json)
  if (E.isLeft(r)) throw new Error(r.left.join('\n'))
  return r.right
}

export const SPEC = {
  name: 'spirals-small', seed: 7, data: { kind: 'spirals', nPerClass: 30, classes: 3 },
  model: { kind: 'mlp', hidden: [16], activation: 'tanh' },
  optimizer: { chain: [{ clipByGlobalNorm: { maxNorm: 5 } }, { adamw: { learningRate: { warmupCosineDecay: { init: 0, peakValue: 0.05, warmupSteps: 5, decaySteps: 40 } }, weightDecay: 1e-3, mask: 'weights' } }] },
  steps: 40, batchSize: 16, evalEvery: 10,
}

const fingerprint = (r: ReturnType<typeof run>): string =>
  JSON.stringify([r.history.map((h) => h.loss), r.state.opt.params.map((l) => [Array.from(l.w.data()), Array.from(l.b.data())])])

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'fluxion-run-'))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('run', () => {
  const spec = specOf(SPEC)
  const full = run(spec)

  it('trains: the loss goes down and evaluations are recorded', () => {
    expect(full.history.length).toBe(40)
    const first = full.history.slice(0, 5).reduce((s, h) => s + h.loss, 0) / 5
    const last = full.history.slice(-5).reduce((s, h) => s + h.loss, 0) / 5
    expect(last).toBeLessThan(first)
    expect(full.evals.map((e) => e.step)).toEqual([10, 20, 30, 40])
    expect(full.history[0]!.learningRate).toBe(0)
    expect(full.history[5]!.learningRate).toBeCloseTo(0.05, 7)
    expect(full.diverged).toBeNull()
  })

  it('is bit-identical when repeated in one process', () => {
    expect(fingerprint(run(spec))).toBe(fingerprint(full))
  })

  it('is bit-identical in a second process', () => {
    const script = `import { decodeSpec, run } from './src/experiment/index.js'
const s = decodeSpec(${JSON.stringify(SPEC)}); if (s._tag === 'Left') throw new Error('bad spec')
const r = run(s.right)
process.stdout.write(JSON.stringify([r.history.map((h) => h.loss), r.state.opt.params.map((l) => [Array.from(l.w.data()), Array.from(l.b.data())])]))`
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' })
    expect(out).toBe(fingerprint(full))
  })

  it('resumed from a checkpoint at step N gives exactly the uninterrupted run', async () => {
    const half = run(spec, { until: 17 })
    const dir = tmp()
    await saveCheckpoint(dir, spec, half.state)
    const loaded = await loadCheckpoint(dir)
    if (E.isLeft(loaded)) throw new Error(loaded.left.join('\n'))
    const rest = run(loaded.right.spec, {}, loaded.right.state)
    expect(fingerprint({ ...rest, history: [...half.history, ...rest.history] })).toBe(fingerprint(full))
  })

  it('rejects a corrupt or mismatched checkpoint, naming what is wrong', () => {
    const half = run(spec, { until: 5 })
    const { tensors, sidecar } = toCheckpoint(spec, half.state)
    const flipped = tensors.slice()
    flipped[flipped.length - 1]! ^= 1
    const bad1 = fromCheckpoint(flipped, sidecar)
    expect(E.isLeft(bad1) && bad1.left[0]).toMatch(/checksum .* does not match/)
    const other = specOf({ ...SPEC, model: { ...SPEC.model, hidden: [8] } })
    const bad2 = fromCheckpoint(tensors, { ...sidecar, spec: other })
    expect(E.isLeft(bad2) && bad2.left.join('\n')).toMatch(/tensor "params\[0\]\.w" is float32 \[2,16\], the spec needs float32 \[2,8\]/)
    const bad3 = fromCheckpoint(tensors, { ...sidecar, step: -1, format: 'nope' })
    expect(E.isLeft(bad3) && bad3.left).toEqual(expect.arrayContaining([
      expect.stringMatching(/^checkpoint\.json format:/), expect.stringMatching(/^checkpoint\.json step:/),
    ]))
  })

  it('stops at a diverging step and keeps the last good state', () => {
    const boom = specOf({ ...SPEC, model: { kind: 'mlp', hidden: [16], activation: 'relu' }, optimizer: { sgd: { learningRate: 1e30 } } })
    const r = run(boom)
    expect(r.diverged).not.toBeNull()
    expect(r.state.step).toBe(r.diverged!.step)
    expect(r.history.every((h) => Number.isFinite(h.loss))).toBe(true)
    expect(readdirSync(tmp())).toEqual([])
  })
})
