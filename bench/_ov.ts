import * as F from '../src/index.js'
const { tensor, valueAndGrad, sin, mul, tanh, add, sum } = F
const x = tensor([0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0])
const f = (x: F.Tensor) => { let y = x; for (let i = 0; i < 250; i++) { y = sin(y); y = mul(y, 1.01); y = tanh(y); y = add(y, 0.1) } return sum(y) }
const vg = valueAndGrad(f)
for (let i = 0; i < 20; i++) vg(x)
let t0 = performance.now(); const N = 50
for (let i = 0; i < N; i++) vg(x)
let dt = (performance.now() - t0) / N
console.log('vg ms', dt.toFixed(3), 'us/op', (dt * 1000 / 1000).toFixed(2))
t0 = performance.now()
for (let i = 0; i < N; i++) f(x)
dt = (performance.now() - t0) / N
console.log('eager fwd ms', dt.toFixed(3))
