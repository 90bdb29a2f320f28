/**
 * The source of the matmul worker of `threads.ts`, run with
 * `new Worker(src, { eval: true })` (plain JavaScript, so it needs no TypeScript
 * loader in the worker, under tsx, vitest or the built package alike).
 *
 * The worker knows nothing of matmul: it instantiates the main thread's module
 * on the main thread's shared memory and replays the kernel calls it is handed.
 * The main thread plans every call (`blockedCalls` in `matmul.ts`) and places
 * every operand, so the two threads run one piece of code on one memory.
 *
 * Protocol: `workerData` = { bytes, memory, names, ctrl, calls }. `ctrl` is an
 * Int32Array over a SharedArrayBuffer (the CTRL slots); `calls` a Float64Array of
 * records [kernel index into `names`, argument count, arguments...]. The main
 * thread writes the records and COUNT (slots used), then stores JOB = seq and
 * notifies; the worker, blocked on JOB, runs the records in order, stores STATUS
 * (1 ok, 2 failed) and DONE = seq, and notifies DONE. Both sides spin for up to
 * SPIN_MS before they block, as matmuls come in bursts.
 *
 * Claim: the main thread stores CLAIM = 0 before each job. Whoever first swaps
 * it from 0 runs the worker's records: the worker when it wakes, or the main
 * thread once its own half is done and the worker has not started (its core is
 * busy). The loser skips them, so a busy second core costs no waiting: the
 * main thread runs both halves, with the same kernels on the same buffers.
 */
export const CTRL = { READY: 0, JOB: 1, DONE: 2, STATUS: 3, COUNT: 4, CLAIM: 5, LENGTH: 8 } as const

/** How long each thread spins on the other before it sleeps (milliseconds). */
export const SPIN_MS = 1

/** Slots of the call buffer (a record is 2 + its argument count slots). */
export const CALL_SLOTS = 1 << 14

export const WORKER_SOURCE = String.raw`
'use strict'
const { workerData } = require('node:worker_threads')
const { bytes, memory, names, ctrl: ctrlSab, calls: callSab } = workerData
const READY = ${CTRL.READY}, JOB = ${CTRL.JOB}, DONE = ${CTRL.DONE}, STATUS = ${CTRL.STATUS}, COUNT = ${CTRL.COUNT}, CLAIM = ${CTRL.CLAIM}
const ctrl = new Int32Array(ctrlSab)
const calls = new Float64Array(callSab)
const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports
const fns = names.map((name) => ex[name])
Atomics.store(ctrl, READY, 1)
Atomics.notify(ctrl, READY)
let seen = 0
for (;;) {
  // Spin a little before sleeping: matmuls come in bursts (a training step), and waking a
  // sleeping thread costs tens of microseconds. Timing only decides when work starts, never what.
  const until = performance.now() + ${SPIN_MS}
  while (Atomics.load(ctrl, JOB) === seen && performance.now() < until) {}
  Atomics.wait(ctrl, JOB, seen)
  seen = Atomics.load(ctrl, JOB)
  let status = 1
  // the main thread may have taken this job over already (it found us asleep): then skip it
  if (Atomics.compareExchange(ctrl, CLAIM, 0, 1) === 0) try {
    const count = Atomics.load(ctrl, COUNT)
    for (let p = 0; p < count; ) {
      const f = fns[calls[p]], argc = calls[p + 1]
      f(...calls.subarray(p + 2, p + 2 + argc))
      p += 2 + argc
    }
  } catch (e) {
    status = 2
  }
  Atomics.store(ctrl, STATUS, status)
  Atomics.store(ctrl, DONE, seen)
  Atomics.notify(ctrl, DONE)
}
`
