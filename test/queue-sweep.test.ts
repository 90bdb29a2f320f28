/**
 * Sweeps on a real queue: a redis-server on a free loopback port (with a
 * password), two `fluxion worker` processes, a sweep of 12 short runs (four
 * of which diverge), one worker killed with SIGKILL mid-run. Skipped when
 * `redis-server` is not installed (`.ci/run` installs it).
 */
import { spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { decodeSweep, runSweep } from '../src/experiment/index.js'
import { listCheckpoints } from '../src/experiment/io-checkpoint.js'
import { spawnCli } from './support/sweep-proc.js'
import { expectSameFiles, files } from './support/files.js'

const haveRedis = spawnSync('redis-server', ['--version']).status === 0
const PASSWORD = 'pw-Zq81-not-to-be-seen'

const BASE = {
  name: 'base', seed: 0, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [8] },
  optimizer: { sgd: { learningRate: 0.1 } }, steps: 60, batchSize: 16, evalEvery: 20, checkpointEvery: 5,
}
// 1000 diverges: a deterministic failure
const SWEEP = { name: 'q', base: BASE, grid: { 'optimizer.sgd.learningRate': [0.05, 0.3, 1000], seed: [0, 1, 2, 3] } }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const until = async (what: string, f: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> => {
  for (const t0 = Date.now(); !(await f()); await sleep(50)) if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
}
const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const s = createServer()
  s.once('error', reject)
  s.listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port
    s.close(() => resolve(port))
  })
})

const capture = () => {
  const out: string[] = []
  const err: string[] = []
  return { io: { log: (l: string) => out.push(l), error: (l: string) => err.push(l) }, out, err }
}

interface Proc { readonly child: ChildProcess; readonly log: string[] }
const started = (args: string[]): Proc => {
  const child = spawnCli(args, ['ignore', 'pipe', 'pipe'])
  const log: string[] = []
  child.stdout!.on('data', (b: Buffer) => log.push(...b.toString().split('\n').filter((l) => l !== '')))
  child.stderr!.on('data', (b: Buffer) => log.push(...b.toString().split('\n').filter((l) => l !== '')))
  return { child, log }
}
const stop = async (p: ChildProcess, signal: NodeJS.Signals): Promise<void> => {
  if (p.exitCode !== null || p.signalCode !== null) return
  const exited = new Promise((r) => p.once('exit', r))
  p.kill(signal)
  await exited
}

describe.skipIf(!haveRedis)('sweeps on a BullMQ queue (real redis-server, worker processes)', () => {
  const root = mkdtempSync(join(tmpdir(), 'fluxion-queue-'))
  const store = join(root, 'store')
  const local = join(root, 'local')
  const file = join(root, 'q.json')
  let redis: ChildProcess
  let url = ''
  const workers: Proc[] = []
  const submitOutput: string[] = []

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(SWEEP))
    const port = await freePort()
    url = `redis://:${PASSWORD}@127.0.0.1:${port}/0`
    const { spawn } = await import('node:child_process')
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', root, '--requirepass', PASSWORD], { stdio: ['ignore', 'pipe', 'pipe'] })
    let ready = false
    redis.stdout!.on('data', (b: Buffer) => void (ready ||= b.toString().includes('Ready to accept connections')))
    await until('redis-server', () => ready, 20_000)
  }, 30_000)

  afterAll(async () => {
    for (const w of workers) await stop(w.child, 'SIGKILL')
    if (redis !== undefined) await stop(redis, 'SIGTERM')
    rmSync(root, { recursive: true, force: true })
  }, 30_000)

  it('runs a sweep on two workers, one killed mid-run, to the bytes of the local sweep', async () => {
    for (let i = 0; i < 2; i++) workers.push(started(['worker', '--queue', url, '--store', store, '--concurrency', '1', '--lock-ms', '2000']))
    await until('the workers', () => workers.every((w) => w.log.some((l) => l.includes('worker: pulling from'))))
    const { io, out, err } = capture()
    const submitted = main(['sweep', file, '--queue', url, '--store', store], io)
    // kill the first worker once its run has a checkpoint and is not finished
    const [a, b] = workers as [Proc, Proc]
    let victim = ''
    await until('a run in the first worker with a checkpoint', async () => {
      const m = a.log.map((l) => /worker: (\S+): started/.exec(l)).filter((x) => x !== null).pop()
      if (m === undefined) return false
      const dir = join(store, 'q', 'runs', m[1]!)
      const ck = await listCheckpoints(dir)
      victim = m[1]!
      return ck.length > 0 && ck[0]!.step < 60 && !existsSync(join(dir, 'metrics.json'))
    })
    await stop(a.child, 'SIGKILL')
    const code = await submitted
    submitOutput.push(...out, ...err)
    expect(code).toBe(1) // four runs diverged
    expect(out.join('\n')).toContain('8 of 12 runs completed')
    expect(err.filter((l) => l.includes('diverged')).length).toBe(4)
    // the killed worker's run went to the other worker, which resumed it from the checkpoint
    expect(b.log.some((l) => l.startsWith(`worker: ${victim}: resumed from its checkpoint at step `))).toBe(true)
    // the same sweep on this machine
    const s = decodeSweep(SWEEP)
    if (s._tag === 'Left') throw new Error(s.left.join('\n'))
    await runSweep(s.right, { dir: local, threads: 2 })
    expectSameFiles(local, join(store, 'q'))
    // the password is nowhere: not in the store, not in what the submitter or the workers printed
    for (const [name, bytes] of files(store)) expect(bytes.includes(PASSWORD), name).toBe(false)
    for (const line of [...submitOutput, ...a.log, ...b.log]) expect(line).not.toContain(PASSWORD)
    expect(submitOutput.join('\n')).toContain('redis://:***@127.0.0.1:')
  }, 400_000)

  it('re-submitting a finished sweep enqueues nothing; a half-finished one only what is missing', async () => {
    const again = capture()
    expect(await main(['sweep', file, '--queue', url, '--store', store], again.io)).toBe(1)
    expect(again.out.join('\n')).toContain('12 finished before, 0 enqueued')
    expectSameFiles(local, join(store, 'q'))
    // one run gone entirely, one with only its checkpoints (as if killed before its outputs)
    const runs = join(store, 'q', 'runs')
    rmSync(join(runs, 'q_learningRate-0.05_seed-2'), { recursive: true })
    rmSync(join(runs, 'q_learningRate-0.3_seed-1', 'metrics.json'))
    const half = capture()
    expect(await main(['sweep', file, '--queue', url, '--store', store], half.io)).toBe(1)
    expect(half.out.join('\n')).toContain('10 finished before, 2 enqueued')
    expectSameFiles(local, join(store, 'q'))
  }, 300_000)

  it('fails a job whose payload does not decode once, with its path-named problems, and deterministic divergence once', async () => {
    const { Queue, Job } = await import('bullmq')
    const { QUEUE_NAME, JOB_FORMAT, jobId, parseQueueUrl } = await import('../src/experiment/sweep-queue.js')
    const target = parseQueueUrl(url)
    if (target._tag === 'Left') throw new Error(target.left.join('\n'))
    const queue = new Queue(QUEUE_NAME, { connection: target.right.connection })
    try {
      const bad = { ...BASE, name: 'bad', optimizer: { adam: { learningRate: 0.1, b2: 2 } } }
      await queue.add('run', { format: JOB_FORMAT, sweep: 'q', run: 'bad', spec: bad }, { jobId: 'bad-spec', attempts: 3 })
      await queue.add('run', { format: JOB_FORMAT, sweep: 'q', run: '../../escape', spec: { ...bad, name: '../../escape' } }, { jobId: 'bad-name', attempts: 3 })
      const failed = async (id: string) => (await (await Job.fromId(queue, id))?.getState()) === 'failed'
      await until('the bad jobs to fail', async () => (await failed('bad-spec')) && (await failed('bad-name')))
      const j = (await Job.fromId(queue, 'bad-spec'))!
      expect(j.attemptsMade).toBe(1)
      expect(j.failedReason).toContain('spec.optimizer.adam.b2: expected a number in [0, 1), got 2')
      const recorded = JSON.parse(readFileSync(join(store, 'q', 'runs', 'bad', 'failed.json'), 'utf8')) as { problems: string[] }
      expect(recorded.problems).toContain('spec.optimizer.adam.b2: expected a number in [0, 1), got 2')
      const k = (await Job.fromId(queue, 'bad-name'))!
      expect(k.attemptsMade).toBe(1)
      expect(k.failedReason).toContain('job.run: expected a safe name')
      expect(existsSync(join(store, 'escape'))).toBe(false)
      expect(existsSync(join(root, 'escape'))).toBe(false)
      // the diverged runs of the sweep were attempted once
      const s = decodeSweep(SWEEP)
      if (s._tag === 'Left') throw new Error(s.left.join('\n'))
      const diverged = s.right.runs.filter((r) => r.point['optimizer.sgd.learningRate'] === 1000)
      for (const r of diverged) {
        const job = await Job.fromId(queue, jobId('q', r.name, r.spec))
        expect([await job?.getState(), job?.attemptsMade]).toEqual(['failed', 1])
      }
    } finally {
      await queue.close()
    }
  }, 120_000)
})
