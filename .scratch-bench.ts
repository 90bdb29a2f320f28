import { random } from './src/index.js'
const k = random.key(0)
const best = { normal: Infinity, uniform: Infinity, normal64: Infinity }
for (let r = 0; r < 15; r++) {
  const kk = random.foldIn(k, r)
  let t = performance.now(); random.normal(kk, [1000000]); best.normal = Math.min(best.normal, performance.now() - t)
  t = performance.now(); random.uniform(kk, [1000000]); best.uniform = Math.min(best.uniform, performance.now() - t)
  t = performance.now(); random.normal(kk, [1000000], { dtype: 'float64' }); best.normal64 = Math.min(best.normal64, performance.now() - t)
}
console.log(JSON.stringify(best))
