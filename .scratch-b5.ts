import { erfinv32 } from './src/random/erfinv.js'
const u = new Float32Array(1e6); for (let i = 0; i < 1e6; i++) u[i] = Math.fround(((i * 2654435761) % 2**32) / 2**32 * 2 - 1)
const out = new Float32Array(1e6)
const f = Math.fround
function logonly(x: number) { return -f(Math.log1p(f(-x * x))) }
for (let r = 0; r < 8; r++) {
  let t = performance.now(); for (let i = 0; i < 1e6; i++) out[i] = erfinv32(u[i]!); const a = performance.now() - t
  t = performance.now(); for (let i = 0; i < 1e6; i++) out[i] = logonly(u[i]!); const b = performance.now() - t
  t = performance.now(); for (let i = 0; i < 1e6; i++) out[i] = Math.log1p(-u[i]! * u[i]!); const c = performance.now() - t
  t = performance.now(); for (let i = 0; i < 1e6; i++) out[i] = Math.log(1 - u[i]! * u[i]!); const d = performance.now() - t
  console.log('erfinv', a.toFixed(1), 'logonly', b.toFixed(1), 'log1p', c.toFixed(1), 'log', d.toFixed(1))
}
