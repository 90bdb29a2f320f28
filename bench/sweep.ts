/**
 * `npx tsx bench/sweep.ts` — the throughput of a 24-run sweep (runs per
 * minute, wall clock) on this machine's worker-thread pool and on a BullMQ
 * queue in a real redis-server with 1 and 2 `fluxion worker` processes, and
 * what the queue costs per job.
 *
 *   npx tsx bench/sweep.ts            everything (needs redis-server for the queue rows)
 *   npx tsx bench/sweep.ts --local    only the local rows
 *
 * Each configuration runs the same sweep from scratch into its own folder;
 * worker start-up (Node, the thread pool) is not timed, the queue's
 * enqueueing, polling and report are (the local pool and the workers are
 * warmed with a small sweep first). The queue cost per job is measured
 * twice: as the wall-clock difference per run between one queue worker and
 * one local thread, and with 200 empty jobs through BullMQ (add, take,
 * complete) and a no-op processor.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { decodeSweep, runSweep, type Sweep } from '../src/experiment/index.js'
import { createPool } from '../src/experiment/sweep-pool.js'

const SWEEP = {
  name: 'bench',
  base: {
    name: 'x', seed: 0, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [16] },
    optimizer: { sgd: { learningRate: 0.1, momentum: 0.9 } }, steps: 100, batchSize: 16, evalEvery: 50, checkpointEvery: 25,
  },
  grid: { 'optimizer.sgd.learningRate': [0.01, 0.03, 0.1], batchSize: [8, 32], seed: [0, 1, 2, 3] },
}

const root = mkdtempSync(join(tmpdir(), 'fluxion-bench-sweep-'))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const freePort = (): Promise<number> => new Promise((resolve) => {
  const s = createServer()
  s.listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port
    s.close(() => resolve(port))
  })
})
const TSX = fileURLToPath(new URL('../node_modules/tsx/dist/', import.meta.url))
const CLI = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
const cli = (args: string[]): { child: ChildProcess; out: string[] } => {
  const child = spawn(process.execPath, ['--require', `${TSX}preflight.cjs`, '--import', pathToFileURL(`${TSX}loader.mjs`).href, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const out: string[] = []
  child.stdout!.on('data', (b: Buffer) => out.push(b.toString()))
  child.stderr!.on('data', (b: Buffer) => out.push(b.toString()))
  return { child, out }
}
const stop = async (p: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
  if (p.exitCode !== null || p.signalCode !== null) return
  const exited = new Promise((r) => p.once('exit', r))
  p.kill(signal)
  await exited
}

const sweep: Sweep = (() => {
  const s = decodeSweep(SWEEP)
  if (s._tag === 'Left') throw new Error(s.left.join('\n'))
  return s.right
})()
const n = sweep.runs.length
/** A sweep of `k` runs (of the same kind) to start threads and load modules before timing. */
const warmup = (k: number): Sweep => ({ ...sweep, name: 'warm', runs: sweep.runs.slice(0, k).map((r, i) => ({ ...r, name: `warm-${i}`, spec: { ...r.spec, name: `warm-${i}` } })) })
const rows: Array<[string, number]> = []
const report = (what: string, ms: number): void => {
  rows.push([what, ms])
  console.log(`${what.padEnd(34)} ${(ms / 1000).toFixed(1).padStart(7)} s   ${((n / ms) * 60_000).toFixed(1).padStart(6)} runs/min`)
}

const local = async (threads: number, label: string): Promise<void> => {
  // warm threads, as the queue's workers are: a small sweep first on the same pool
  const pool = createPool(threads)
  try {
    await runSweep(warmup(threads), { dir: join(root, `warm-${label}`), pool })
    const t0 = performance.now()
    await runSweep(sweep, { dir: join(root, label), pool })
    report(`local, ${threads} thread(s)${label.endsWith('again') ? ', again' : ''}`, performance.now() - t0)
  } finally {
    await pool.close()
  }
}

const main = async (): Promise<void> => {
  console.log(`sweep of ${n} runs (iris, MLP 16, 100 steps, checkpoint every 25); load average ${loadavg().map((x) => x.toFixed(1)).join(', ')}`)
  await local(1, 'local-1')
  await local(2, 'local-2')
  if (process.argv.includes('--local')) return
  if (spawnSync('redis-server', ['--version']).status !== 0) return void console.log('redis-server is not installed: no queue rows')
  const port = await freePort()
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', root], { stdio: ['ignore', 'pipe', 'ignore'] })
  try {
    let ready = false
    redis.stdout!.on('data', (b: Buffer) => void (ready ||= b.toString().includes('Ready to accept connections')))
    while (!ready) await sleep(50)
    const url = `redis://127.0.0.1:${port}/0`
    const { parseQueueUrl, submitSweep, QUEUE_NAME } = await import('../src/experiment/sweep-queue.js')
    const target = parseQueueUrl(url)
    if (target._tag === 'Left') throw new Error(target.left.join('\n'))
    for (const count of [1, 2]) {
      const store = join(root, `store-${count}`)
      const workers = Array.from({ length: count }, () => cli(['worker', '--queue', url, '--store', store, '--concurrency', '1']))
      try {
        while (!workers.every((w) => w.out.join('').includes('pulling from'))) await sleep(50)
        // the threads start with the first job: warm them on a one-run sweep first
        await submitSweep(warmup(count), { queue: target.right, store: join(root, 'warm') })
        const t0 = performance.now()
        await submitSweep(sweep, { queue: target.right, store, pollMs: 100 })
        report(`queue, ${count} worker(s) x 1 thread`, performance.now() - t0)
      } finally {
        for (const w of workers) await stop(w.child)
      }
    }
    // the machine is shared: the first configuration once more, to see how much the load moved
    await local(1, 'local-1-again')
    // BullMQ alone: empty jobs, a no-op processor
    const { Queue, Worker } = await import('bullmq')
    const q = new Queue('fluxion-bench-empty', { connection: target.right.connection })
    let done = 0
    const w = new Worker('fluxion-bench-empty', async () => undefined, { connection: target.right.connection, concurrency: 1 })
    w.on('completed', () => void done++)
    await w.waitUntilReady()
    const jobs = 200
    const t0 = performance.now()
    for (let i = 0; i < jobs; i++) await q.add('empty', { i }, { removeOnComplete: true })
    while (done < jobs) await sleep(5)
    const perJob = (performance.now() - t0) / jobs
    await w.close()
    await q.close()
    const local1 = Math.min(...rows.filter((r) => r[0].startsWith('local, 1')).map((r) => r[1]))
    const queue1 = rows.find((r) => r[0].startsWith('queue, 1'))![1]
    console.log(`queue cost per job: ${((queue1 - local1) / n).toFixed(0)} ms (one worker against one local thread, per run); ` +
      `${perJob.toFixed(2)} ms for an empty BullMQ job (add, take, complete; queue ${QUEUE_NAME} not involved)`)
  } finally {
    await stop(redis)
  }
}

main().finally(() => rmSync(root, { recursive: true, force: true })).then(() => console.log(`load average at the end ${loadavg().map((x) => x.toFixed(1)).join(', ')}`), (e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
