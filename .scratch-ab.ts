import { random } from './src/index.js'
import { hashRange, CHUNK } from './src/random/threefry.js'
import { erfinv32, nextUp32 } from './src/random/erfinv.js'
const fused = (k: random.Key, n: number): Float32Array => {
  const out = new Float32Array(n)
  const y0 = new Int32Array(CHUNK), y1 = new Int32Array(CHUNK)
  const f = Math.fround, lo = nextUp32(-1), span = f(1 - lo), sqrt2 = f(Math.SQRT2), TW = 2 ** -23
  for (let s = 0; s < n; s += CHUNK) {
    const len = Math.min(CHUNK, n - s)
    hashRange(k.hi, k.lo, 0, s, len, y0, y1)
    for (let j = 0; j < len; j++) {
      const fl = ((y0[j]! ^ y1[j]!) >>> 9) * TW
      out[s + j] = sqrt2 * erfinv32(f(f(fl * span) + lo))
    }
  }
  return out
}
const k = random.key(0)
const a = fused(k, 1000); const b = random.normal(k, [1000]).data()
console.log('equal', a.every((v, i) => v === b[i]))
let ta = Infinity, tb = Infinity
for (let r = 0; r < 12; r++) {
  let t = performance.now(); fused(random.foldIn(k, r), 1e6); ta = Math.min(ta, performance.now() - t)
  t = performance.now(); random.normal(random.foldIn(k, r), [1e6]); tb = Math.min(tb, performance.now() - t)
}
console.log('fused', ta.toFixed(1), 'current', tb.toFixed(1))
