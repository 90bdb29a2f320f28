import { erf64, erfcPos, erfinv64, erfinv32, erf32 } from './src/random/erfinv.ts'
const xs: number[] = []
for (let i = 0; i <= 600; i++) xs.push(i * 0.01)
const out = { erf: xs.map(erf64), erfc: xs.map(erfcPos) }
const us: number[] = []
for (let i = 1; i < 1000; i++) us.push(-1 + i * 0.002)
for (const e of [1e-3,1e-5,1e-8,1e-10,1e-12,1e-14,1e-15, 2**-52, 2**-53, 3e-16]) { us.push(1 - e); us.push(-1 + e) }
us.push(1e-300, 5e-324, 0.5, 0.25)
console.log(JSON.stringify({ xs, ...out, us, inv: us.map(erfinv64) }))
