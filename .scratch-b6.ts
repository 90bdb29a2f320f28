import { erfinv32 } from './src/random/erfinv.js'
const u = new Float32Array(1e6); for (let i = 0; i < 1e6; i++) u[i] = Math.fround(((i * 2654435761) % 2**32) / 2**32 * 2 - 1)
const out = new Float32Array(1e6)
function lit(x: number): number {
  if (x === 1 || x === -1) return x * Infinity
  let w = -Math.fround(Math.log1p(Math.fround(-x * x)))
  let p: number
  if (w < 5) {
    w = Math.fround(w - 2.5)
    p = 2.8102263627260254e-8
    p = Math.fround(3.4327394089632435e-7 + Math.fround(p * w)); p = Math.fround(-0.0000035233877042628592 + Math.fround(p * w))
    p = Math.fround(-0.000004391506654792465 + Math.fround(p * w)); p = Math.fround(0.00021858086984138936 + Math.fround(p * w))
    p = Math.fround(-0.0012537250388413668 + Math.fround(p * w)); p = Math.fround(-0.004177681636065245 + Math.fround(p * w))
    p = Math.fround(0.24664072692394257 + Math.fround(p * w)); p = Math.fround(1.5014094114303589 + Math.fround(p * w))
  } else {
    w = Math.fround(Math.fround(Math.sqrt(w)) - 3)
    p = -0.00020021425734739751
    p = Math.fround(0.00010095055768033490 + Math.fround(p * w)); p = Math.fround(0.0013493432197719812 + Math.fround(p * w))
    p = Math.fround(-0.0036734284367412329 + Math.fround(p * w)); p = Math.fround(0.0057395077310502529 + Math.fround(p * w))
    p = Math.fround(-0.0076224613003432751 + Math.fround(p * w)); p = Math.fround(0.0094388704746961594 + Math.fround(p * w))
    p = Math.fround(1.0016740560531616 + Math.fround(p * w)); p = Math.fround(2.8329768180847168 + Math.fround(p * w))
  }
  return Math.fround(p * x)
}
let same = true
for (let i = 0; i < 1e6; i += 997) if (lit(u[i]!) !== erfinv32(u[i]!)) { same = false; console.log('diff', u[i], lit(u[i]!), erfinv32(u[i]!)); break }
console.log('same', same)
for (let r = 0; r < 8; r++) {
  let t = performance.now(); for (let i = 0; i < 1e6; i++) out[i] = erfinv32(u[i]!); const a = performance.now() - t
  t = performance.now(); for (let i = 0; i < 1e6; i++) out[i] = lit(u[i]!); const b = performance.now() - t
  console.log('erfinv', a.toFixed(1), 'literal', b.toFixed(1))
}
