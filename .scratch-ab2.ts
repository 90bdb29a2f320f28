import { random } from './src/index.js'
import { unitFloats } from './src/random/bits.js'
import { nextUp32 } from './src/random/erfinv.js'
const f = Math.fround
const A = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 2.1858087e-4, -1.25372503e-3, -4.17768164e-3, 2.46640727e-1, 1.50140941].map(f)
const B = [-2.00214257e-4, 1.00950558e-4, 1.34934322e-3, -3.67342844e-3, 5.73950773e-3, -7.6224613e-3, 9.43887047e-3, 1.00167406, 2.83297682].map(f)
const [A0, A1, A2, A3, A4, A5, A6, A7, A8] = A as [number, number, number, number, number, number, number, number, number]
const [B0, B1, B2, B3, B4, B5, B6, B7, B8] = B as [number, number, number, number, number, number, number, number, number]
const twoPass = (k: random.Key, n: number): Float32Array => {
  const out = unitFloats(k, n, 'float32') as Float32Array
  const w = new Float32Array(n)
  const lo = nextUp32(-1), span = f(1 - lo), sqrt2 = f(Math.SQRT2)
  for (let i = 0; i < n; i++) {
    const u = f(f(out[i]! * span) + lo)
    out[i] = u
    w[i] = -Math.log1p(f(-u * u))
  }
  for (let i = 0; i < n; i++) {
    const x = out[i]!
    let ww = w[i]!
    let p: number
    if (ww < 5) {
      ww = f(ww - 2.5)
      p = A0
      p = f(A1 + f(p * ww)); p = f(A2 + f(p * ww)); p = f(A3 + f(p * ww)); p = f(A4 + f(p * ww))
      p = f(A5 + f(p * ww)); p = f(A6 + f(p * ww)); p = f(A7 + f(p * ww)); p = f(A8 + f(p * ww))
    } else {
      ww = f(f(Math.sqrt(ww)) - 3)
      p = B0
      p = f(B1 + f(p * ww)); p = f(B2 + f(p * ww)); p = f(B3 + f(p * ww)); p = f(B4 + f(p * ww))
      p = f(B5 + f(p * ww)); p = f(B6 + f(p * ww)); p = f(B7 + f(p * ww)); p = f(B8 + f(p * ww))
    }
    out[i] = sqrt2 * f(p * x)
  }
  return out
}
const k = random.key(0)
const a = twoPass(k, 100000); const b = random.normal(k, [100000]).data()
console.log('equal', a.every((v, i) => v === b[i]))
let ta = Infinity, tb = Infinity
for (let r = 0; r < 12; r++) {
  let t = performance.now(); twoPass(random.foldIn(k, r), 1e6); ta = Math.min(ta, performance.now() - t)
  t = performance.now(); random.normal(random.foldIn(k, r), [1e6]); tb = Math.min(tb, performance.now() - t)
}
console.log('twoPass', ta.toFixed(1), 'current', tb.toFixed(1))
