/**
 * Runs in a directory (`experiment/io-session.ts`, through the CLI): the
 * history on disk, evaluation cadence, divergence, leftovers, overwrites,
 * locks, and `--out` pointing at a file.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { advance, decodeSpec, diffRecords, diffStates, listCheckpoints, loadCheckpoint, run, saveCheckpoint } from '../src/experiment/index.js'
import { tensor } from '../src/index.js'
import { LOCK_FILE } from '../src/experiment/io-lock.js'
import { readLog, startLog, toRows } from '../src/experiment/io-metrics.js'

const ROOT = join(import.meta.dirname, '..')
const root = mkdtempSync(join(tmpdir(), 'fluxion-session-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const capture = () => {
  const out: string[] = []
  const err: string[] = []
  return { io: { log: (l: string) => out.push(l), error: (l: string) => err.push(l) }, out, err, text: () => [...out, ...err].join('\n') }
}
let n = 0
const writeSpec = (spec: unknown): string => {
  const p = join(root, `spec-${n++}.json`)
  writeFileSync(p, JSON.stringify(spec))
  return p
}
const specOf = (json: unknown) => {
  const r = decodeSpec(json)
  if (E.isLeft(r)) throw new Error(r.left.join('\n'))
  return r.right
}
/** The pid of a process that has exited (and been reaped). */
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout)
const metrics = (dir: string) => JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { history: Array<{ step: number; loss: number }>; evals: Array<{ step: number }> }

const SPEC = {
  name: 'session', seed: 5, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [6] },
  optimizer: { adam: { learningRate: 0.02 } }, steps: 30, batchSize: 16, evalEvery: 7,
}

describe('history and evaluation cadence', () => {
  it('the history does not depend on checkpointEvery or on where a run was resumed', async () => {
    const dirs = [1, 4, undefined].map((every) => ({ every, dir: join(root, `cadence-${every}`) }))
    for (const { every, dir } of dirs) expect(await main(['run', writeSpec({ ...SPEC, checkpointEvery: every }), '--out', dir], capture().io)).toBe(0)
    // the same run paused at 5 and 18 and resumed
    const resumed = join(root, 'cadence-resumed')
    const spec = specOf({ ...SPEC, checkpointEvery: 4 })
    const first = run(spec, { until: 5 })
    mkdirSync(resumed)
    await startLog(resumed, spec, toRows(first.history, first.evals))
    await saveCheckpoint(resumed, spec, first.state)
    expect(await main(['resume', resumed, '--steps', '13'], capture().io)).toBe(0)
    expect(await main(['resume', resumed], capture().io)).toBe(0)

    const want = metrics(dirs[0]!.dir)
    expect(want.evals.map((e) => e.step)).toEqual([7, 14, 21, 28, 30])
    expect(want.history.map((h) => h.step)).toEqual([...Array(30).keys()])
    for (const d of [...dirs.slice(1).map((x) => x.dir), resumed]) {
      expect(metrics(d).history, d).toEqual(want.history)
      expect(metrics(d).evals, d).toEqual(want.evals)
    }
  }, 60_000)

  it('run() evaluates on evalEvery and at the spec\'s end, not where `until` stops', () => {
    const spec = specOf(SPEC)
    expect(run(spec, { until: 10 }).evals.map((e) => e.step)).toEqual([7])
    expect(run(spec).evals.map((e) => e.step)).toEqual([7, 14, 21, 28, 30])
  })

  it('the log is on disk at each checkpoint, cut back to the checkpoint on resume, and another run\'s log is never spliced in', async () => {
    const dir = join(root, 'log')
    const spec = specOf({ ...SPEC, checkpointEvery: 5 })
    const whole = run(spec)
    // a crash after step 12: checkpoint at 10, the log ran on to 12, and a stale metrics.json of another run lies beside it
    mkdirSync(dir)
    const part = run(spec, { until: 12 })
    await startLog(dir, spec, toRows(part.history, part.evals))
    await saveCheckpoint(dir, spec, run(spec, { until: 10 }).state)
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ history: [{ step: 0, loss: 123 }], evals: [] }))
    const c = capture()
    expect(await main(['resume', dir, '--steps', '3'], c.io)).toBe(0)
    const log = await readLog(dir)
    if (E.isLeft(log)) throw new Error(log.left.join())
    expect(log.right.history.map((h) => h.step)).toEqual([...Array(13).keys()])
    expect(log.right.history).toEqual(whole.history.slice(0, 13))
    expect(metrics(dir).history).toEqual(JSON.parse(JSON.stringify(whole.history.slice(0, 13))))
    expect(await main(['verify', dir], capture().io)).toBe(0)

    // a log that belongs to another spec: rebuilt by replaying, with a warning
    const other = specOf({ ...SPEC, seed: 6, checkpointEvery: 5 })
    const o = run(other, { until: 13 })
    await startLog(dir, other, toRows(o.history, o.evals))
    const w = capture()
    expect(await main(['resume', dir], w.io)).toBe(0)
    expect(w.err.join('\n')).toContain('belongs to another spec')
    expect(metrics(dir).history).toEqual(JSON.parse(JSON.stringify(whole.history)))
    expect(metrics(dir).evals).toEqual(JSON.parse(JSON.stringify(whole.evals)))
  }, 60_000)

  it('verify compares the history by step, and a changed loss in the log is named', async () => {
    const dir = join(root, 'verify-log')
    expect(await main(['run', writeSpec({ ...SPEC, checkpointEvery: 10 }), '--out', dir], capture().io)).toBe(0)
    const path = join(dir, 'metrics.jsonl')
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
    // the same rows in another order still verify; an edited loss does not
    const [head, ...rows] = lines
    writeFileSync(path, `${[head, ...rows.reverse()].join('\n')}\n`)
    expect(await main(['verify', dir], capture().io)).toBe(0)
    writeFileSync(path, `${lines.map((l) => l.replace(/("step":3,.*"loss":)[-0-9.e]+/, '$11e9')).join('\n')}\n`)
    const c = capture()
    expect(await main(['verify', dir], c.io)).toBe(1)
    expect(c.text()).toContain('history: loss at step 3 differs')
  }, 60_000)
})

describe('metrics.jsonl', () => {
  it('round-trips NaN, infinities and -0, drops a torn last line, and names a bad line', async () => {
    const dir = join(root, 'jsonl')
    mkdirSync(dir)
    const spec = specOf(SPEC)
    const h = run(spec, { until: 3 }).history
    const odd = [{ ...h[0]!, loss: -0 }, { ...h[1]!, gradNorm: Number.NaN }, { ...h[2]!, learningRate: -Infinity }]
    const evals = [{ step: 2, trainLoss: Infinity, testLoss: 0.5, trainAccuracy: null, testAccuracy: 1 }]
    await startLog(dir, spec, toRows(odd, evals))
    writeFileSync(join(dir, 'metrics.jsonl'), `${readFileSync(join(dir, 'metrics.jsonl'), 'utf8')}{"type":"step","step":3,"ep`)
    const back = await readLog(dir)
    if (E.isLeft(back)) throw new Error(back.left.join())
    expect(back.right.history).toEqual(odd)
    expect(Object.is(back.right.history[0]!.loss, -0)).toBe(true)
    expect(back.right.evals).toEqual(evals)
    writeFileSync(join(dir, 'metrics.jsonl'), `${readFileSync(join(dir, 'metrics.jsonl'), 'utf8').replace(/\{"type":"step","step":3,"ep$/, '')}{"type":"step","step":"x"}\n`)
    const bad = await readLog(dir)
    expect(E.isLeft(bad) && bad.left.join('\n')).toMatch(/metrics\.jsonl: line 6: /)
  })
})

describe('divergence', () => {
  it('keeps the last checkpoint whose loss was finite, and names its step', async () => {
    const dir = join(root, 'boom')
    const c = capture()
    const boom = { ...SPEC, model: { kind: 'mlp', hidden: [8], activation: 'relu' }, optimizer: { sgd: { learningRate: 1000 } }, checkpointEvery: 3, seed: 3 }
    expect(await main(['run', writeSpec(boom), '--out', dir], c.io)).toBe(1)
    const m = /the loss became \S+ at step (\d+); the last good checkpoint \(step (\d+)\)/.exec(c.err.join('\n'))
    expect(m).not.toBeNull()
    const [bad, good] = [Number(m![1]), Number(m![2])]
    expect(good).toBeLessThan(bad)
    const ck = await loadCheckpoint(dir)
    if (E.isLeft(ck)) throw new Error(ck.left.join())
    expect(ck.right.state.step).toBe(good)
    for (const l of ck.right.state.opt.params) for (const x of [...l.w.data(), ...l.b.data()]) expect(Number.isFinite(x)).toBe(true)
    // the checkpointed state's own loss is finite: it is the state before the diverging step
    expect(Number.isFinite(advance(ck.right.prepared, ck.right.state)[1].loss)).toBe(true)
    expect(good).toBe(bad - 1)
    expect(await main(['verify', dir], capture().io)).toBe(0)
  }, 60_000)
})

describe('leftovers, overwrites and locks', () => {
  it('removes temporary files a killed writer left behind, on the next resume', async () => {
    const dir = join(root, 'leftovers')
    expect(await main(['run', writeSpec({ ...SPEC, checkpointEvery: 10 }), '--out', dir], capture().io)).toBe(0)
    const pid = deadPid()
    writeFileSync(join(dir, `.metrics.json.${pid}.0.tmp`), 'half')
    writeFileSync(join(dir, `.checkpoint.safetensors.${pid}.1.tmp`), 'half')
    mkdirSync(join(dir, 'checkpoints', `.step-0000000020.${pid}.2.tmp`))
    // a live process's temporary file (one taking the lock, say) is not touched
    writeFileSync(join(dir, `.fluxion.lock.${process.ppid}.0.tmp`), '{}')
    expect(await main(['resume', dir], capture().io)).toBe(0)
    const all = [...readdirSync(dir), ...readdirSync(join(dir, 'checkpoints'))]
    expect(all.filter((f) => f.endsWith('.tmp'))).toEqual([`.fluxion.lock.${process.ppid}.0.tmp`])
  }, 60_000)

  it('refuses a non-empty folder that holds no run of the spec, unless --force; a run of the same spec may be re-run', async () => {
    const dir = join(root, 'theirs')
    mkdirSync(dir)
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    writeFileSync(join(dir, 'report.md'), 'my report')
    const p = writeSpec(SPEC)
    const c = capture()
    expect(await main(['run', p, '--out', dir], c.io)).toBe(2)
    expect(c.err.join('\n')).toMatch(/is not empty and holds no run of "session".*--force/)
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'report.md'])
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('my report')
    expect(await main(['run', p, '--out', dir, '--force'], capture().io)).toBe(0)
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine')
    expect(await main(['run', p, '--out', dir], capture().io)).toBe(0)
    // another spec into this run's folder is refused
    expect(await main(['run', writeSpec({ ...SPEC, seed: 99 }), '--out', dir], capture().io)).toBe(2)
  }, 60_000)

  it('--out pointing at a file: exit 2 before any work, the file untouched', async () => {
    const f = join(root, 'a-file')
    writeFileSync(f, 'keep')
    for (const args of [['run', writeSpec(SPEC), '--out', f], ['compare', writeSpec(SPEC), '--out', f], ['resume', f]]) {
      const c = capture()
      expect(await main(args, c.io), args.join(' ')).toBe(2)
      expect(c.err.join('\n')).toMatch(/not a (run )?directory/)
    }
    expect(readFileSync(f, 'utf8')).toBe('keep')
  })

  it('a second writer gets a clear error while the first runs; a lock whose owner died is taken over', async () => {
    const dir = join(root, 'locked')
    const p = writeSpec({ ...SPEC, steps: 100000, checkpointEvery: 50 })
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', p, '--out', dir], { cwd: ROOT, stdio: 'ignore' })
    const closed = new Promise((r) => child.on('close', r))
    for (let i = 0; i < 600 && !existsSync(join(dir, LOCK_FILE)); i++) await new Promise((r) => setTimeout(r, 100))
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true)
    const second = capture()
    expect(await main(['run', p, '--out', dir], second.io)).toBe(2)
    expect(second.err.join('\n')).toContain(`process ${child.pid} (fluxion run) is writing it`)
    const third = capture()
    expect(await main(['resume', dir], third.io)).toBe(2)
    expect(third.err.join('\n')).toContain(`process ${child.pid} (fluxion run) is writing it`)
    // wait for a checkpoint, then kill the owner: its lock is stale
    for (let i = 0; i < 600 && (await listCheckpoints(dir)).length === 0; i++) await new Promise((r) => setTimeout(r, 100))
    child.kill('SIGKILL')
    await closed
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true)
    expect(await main(['resume', dir, '--steps', '3'], capture().io)).toBe(0)
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  }, 120_000)

  it('a stale lock file naming a dead process does not block a run', async () => {
    const dir = join(root, 'stale')
    mkdirSync(dir)
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), command: 'run', host: (await import('node:os')).hostname() }))
    expect(await main(['run', writeSpec({ ...SPEC, steps: 5 }), '--out', dir], capture().io)).toBe(0)
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  }, 60_000)
})

describe('comparing runs (what verify and examples/reproducible use)', () => {
  const spec = specOf(SPEC)
  const a = run(spec, { until: 6 })

  it('diffStates finds a single flipped bit and names the leaf; identical states give nothing', () => {
    expect(diffStates(a.state, run(spec, { until: 6 }).state)).toEqual([])
    const w = a.state.opt.params[0]!.w.data() as Float32Array
    const bits = new Uint32Array(w.slice().buffer)
    bits[3]! ^= 1
    const flipped = tensor(new Float32Array(bits.buffer), { shape: [...a.state.opt.params[0]!.w.shape] })
    const params = [{ ...a.state.opt.params[0]!, w: flipped }, ...a.state.opt.params.slice(1)]
    const b = { ...a.state, opt: { ...a.state.opt, params } }
    expect(diffStates(a.state, b)).toEqual(['parameters at [0].w differ'])
  })

  it('diffRecords matches by step, not by position', () => {
    const h = a.history
    expect(diffRecords('history', h, [...h].reverse())).toEqual([])
    expect(diffRecords('history', h, h.slice(1))).toEqual(['history: 1 step(s) missing (0)'])
    expect(diffRecords('history', h, h.map((r) => (r.step === 2 ? { ...r, loss: -0 } : r)))).toEqual([`history: loss at step 2 differs (${h[2]!.loss} vs 0)`])
  })
})

describe('command line', () => {
  it('compare refuses two specs of the same name before any work', async () => {
    const dir = join(root, 'cmp-dup')
    const c = capture()
    expect(await main(['compare', writeSpec(SPEC), writeSpec({ ...SPEC, seed: 9 }), '--out', dir], c.io)).toBe(2)
    expect(c.err.join('\n')).toMatch(/name: "session" is also the name of/)
    expect(existsSync(dir)).toBe(false)
  })

  it('--version prints the package version; -h is --help', async () => {
    const v = capture()
    expect(await main(['--version'], v.io)).toBe(0)
    expect(v.out.join('')).toBe(`fluxion ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}`)
    const h = capture()
    expect(await main(['-h'], h.io)).toBe(0)
    const help = capture()
    expect(await main(['--help'], help.io)).toBe(0)
    expect(h.out).toEqual(help.out)
    expect(h.out.join('\n')).toContain('usage:')
  })
})
