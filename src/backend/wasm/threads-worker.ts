/**
 * The source of the matmul worker of `threads.ts`, run with `new Worker(src, { eval: true })`
 * (plain JavaScript, so it needs no TypeScript loader in the worker, under tsx,
 * vitest or the built package alike).
 *
 * The worker instantiates the same module bytes as `runtime.ts` with its own
 * linear memory and replays the GotoBLAS loop of `matmul.ts` (`gemm`) on the
 * rows it is given. Its packing and macro-kernel calls are those of the main
 * thread, and the macro-kernel sums every output element sequentially over k
 * whatever the tile, so its rows are bit-identical to the single-thread ones.
 *
 * Protocol (see `threads.ts`): `workerData` = { bytes, ctrl, blocks, regs };
 * a job is a message { seq, sab, f, batch, m, k, n, transA, transB, aAll, bAll,
 * offA, offB, offC } whose operands are compact in the SharedArrayBuffer `sab`
 * (A: `aAll` ? batch : 1 entries of m·k, in the transA layout; B: `bAll` ? batch
 * : 1 entries of k·n; C: batch entries of m·n, written by the worker). When done
 * it stores STATUS (1 ok, 2 failed) then DONE = seq, and notifies DONE.
 */
export const CTRL = { READY: 0, DONE: 1, STATUS: 2, LENGTH: 4 } as const

export const WORKER_SOURCE = String.raw`
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const { bytes, ctrl: ctrlSab, blocks, regs } = workerData
const READY = ${CTRL.READY}, DONE = ${CTRL.DONE}, STATUS = ${CTRL.STATUS}
const ctrl = new Int32Array(ctrlSab)
const PAGE = 65536
const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports
const memory = ex.memory
const roundUp = (x, r) => Math.ceil(x / r) * r
const reserve = (sizes) => {
  const offsets = []
  let end = 0
  for (const s of sizes) { offsets.push(end); end += Math.ceil(s / 64) * 64 }
  const have = memory.buffer.byteLength
  if (end > have) memory.grow(Math.ceil((end - have) / PAGE))
  return offsets
}
const run = (job) => {
  const { sab, f, batch, m, k, n, transA, transB, aAll, bAll, offA, offB, offC } = job
  const Arr = f === 'f32' ? Float32Array : Float64Array
  const es = Arr.BYTES_PER_ELEMENT
  const { mr, nr } = regs[f]
  const { kc, mc, nc } = blocks[f]
  const ars = transA ? 1 : k, acs = transA ? m : 1
  const brs = transB ? 1 : n, bcs = transB ? k : 1
  const ldc = roundUp(n, nr)
  const mPad = roundUp(m, mr)
  const kb0 = Math.min(k, kc)
  const [A, B, C, PA, PB] = reserve([
    m * k * es, k * n * es, mPad * ldc * es, roundUp(Math.min(m, mc), mr) * kb0 * es, kb0 * roundUp(Math.min(n, nc), nr) * es,
  ])
  const pack = ex['pack_' + f]
  const macro = ex['gemm_' + f]
  const heap = new Arr(memory.buffer)
  const sa = new Arr(sab, offA, (aAll ? batch : 1) * m * k)
  const sb = new Arr(sab, offB, (bAll ? batch : 1) * k * n)
  const sc = new Arr(sab, offC, batch * m * n)
  const mn = m * n
  for (let q = 0; q < batch; q++) {
    if (q === 0 || aAll) heap.set(sa.subarray(q * m * k, (q + 1) * m * k), A / es)
    if (q === 0 || bAll) heap.set(sb.subarray(q * k * n, (q + 1) * k * n), B / es)
    for (let jc = 0; jc < n; jc += nc) {
      const nb = Math.min(nc, n - jc)
      for (let pc = 0; pc < k; pc += kc) {
        const kb = Math.min(kc, k - pc)
        pack(B + (pc * brs + jc * bcs) * es, bcs * es, brs * es, nb, kb, nr, PB)
        for (let ic = 0; ic < m; ic += mc) {
          const mb = Math.min(mc, m - ic)
          pack(A + (ic * ars + pc * acs) * es, ars * es, acs * es, mb, kb, mr, PA)
          macro(PA, PB, C + (ic * ldc + jc) * es, ldc * es, roundUp(mb, mr), roundUp(nb, nr), kb, pc === 0 ? 1 : 0)
        }
      }
    }
    const c0 = C / es
    if (ldc === n) sc.set(heap.subarray(c0, c0 + mn), q * mn)
    else for (let i = 0; i < m; i++) sc.set(heap.subarray(c0 + i * ldc, c0 + i * ldc + n), q * mn + i * n)
  }
}
parentPort.on('message', (job) => {
  let status = 1
  try { run(job) } catch (e) { status = 2 }
  Atomics.store(ctrl, STATUS, status)
  Atomics.store(ctrl, DONE, job.seq)
  Atomics.notify(ctrl, DONE)
})
Atomics.store(ctrl, READY, 1)
Atomics.notify(ctrl, READY)
`
