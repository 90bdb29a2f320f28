/**
 * A sweep pool's worker thread (Node only): takes one run at a time from the
 * pool (`sweep-pool.ts`), decodes its spec again (a message is external data
 * like any file), and trains it to its end with `trainRun`, posting progress
 * and the outcome back.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { parentPort } from 'node:worker_threads'
import { decodeSpec } from './spec.js'
import { trainRun } from './sweep-store.js'
import type { PoolReply, PoolRequest } from './sweep-pool.js'

const port = parentPort
if (port === null) throw new Error('sweep-thread: not started as a worker thread')

const post = (m: PoolReply): void => port.postMessage(m)

port.on('message', (m: PoolRequest) => {
  void (async () => {
    const spec = decodeSpec(m.spec)
    if (E.isLeft(spec)) return post({ id: m.id, kind: 'done', outcome: { status: 'failed', detail: spec.left.join('; ') } })
    let end = 0
    let every = 1
    try {
      const outcome = await trainRun(m.dir, spec.right, {
        onStart: (from, to) => {
          end = to
          every = Math.max(1, Math.ceil((to - from) / 50))
          post({ id: m.id, kind: 'start', from, end: to })
        },
        onStep: (r) => {
          if ((r.step + 1) % every === 0 || r.step + 1 === end) post({ id: m.id, kind: 'step', step: r.step + 1, loss: r.loss })
        },
        onWarning: (w) => post({ id: m.id, kind: 'warning', message: w }),
      }, { breakLock: m.breakLock })
      post({ id: m.id, kind: 'done', outcome })
    } catch (e) {
      post({ id: m.id, kind: 'error', message: e instanceof Error ? e.message : String(e) })
    }
  })()
})
