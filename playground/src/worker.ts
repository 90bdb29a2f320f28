/**
 * The playground's worker: fluxion itself, on its default backend (WebAssembly
 * SIMD where the browser has it), computing what the page asks for with the
 * same functions Node runs (`compute.ts`).
 *
 * @since 0.1.0
 */
import { backend } from '../../src/index.js'
import { runDepth, runOptimizers2d } from './compute.js'
import type { Reply, Request } from './protocol.js'

const post = (r: Reply): void => (self as unknown as { postMessage: (m: Reply) => void }).postMessage(r)

self.onmessage = (e: MessageEvent<Request>) => {
  const req = e.data
  try {
    post(req.panel === 'optimizers'
      ? { kind: 'optimizers', seq: req.seq, result: runOptimizers2d(req.settings) }
      : { kind: 'depth', seq: req.seq, result: runDepth(req.settings) })
  } catch (err) {
    post({ kind: 'error', seq: req.seq, message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) })
  }
}

post({ kind: 'hello', backend: backend() })
