;(globalThis as any).Float16Array ??= class {}
const jax = await import('@jax-js/jax')
await jax.init('wasm')
const np = jax.numpy
const n = 512
const d = new Float64Array(n*n); for (let i=0;i<d.length;i++) d[i]=(i%7)/7
try {
  const x = np.array(d, {shape:[n,n], dtype: np.float64})
  console.log(x.dtype)
  const t=performance.now(); const r = await np.matmul(x.ref, x.ref).data(); console.log('f64', r.constructor.name, r[0], performance.now()-t)
  const t2=performance.now(); const r2 = await np.matmul(x.ref.transpose(), x.ref).data(); console.log('f64 T', r2[0], performance.now()-t2)
} catch (e) { console.log('f64 fail', e) }
const f = new Float32Array(1024*1024); for (let i=0;i<f.length;i++) f[i]=(i%7)/7
const a = np.array(f, {shape:[1024,1024]})
for (let k=0;k<3;k++){ const t=performance.now(); await np.matmul(a.ref, a.ref).data(); console.log('jax f32 1024', performance.now()-t) }
const tf = await import('@tensorflow/tfjs')
const wasm = await import('@tensorflow/tfjs-backend-wasm')
wasm.setWasmPaths(process.cwd()+'/node_modules/@tensorflow/tfjs-backend-wasm/dist/')
for (const be of ['cpu','wasm']) {
  await tf.setBackend(be)
  const A = tf.tensor2d(f, [1024,1024])
  for (let k=0;k<2;k++){ const t=performance.now(); const c = tf.matMul(A,A); c.dataSync(); c.dispose(); console.log(be, performance.now()-t) }
}
const fl = await import('../src/index.js')
const A = fl.tensor(f, {shape:[1024,1024]})
for (let k=0;k<2;k++){ const t=performance.now(); fl.matmul(A,A); console.log('fluxion', performance.now()-t) }
for (let k=0;k<2;k++){ const t=performance.now(); fl.matmul(A,A,{transA:true}); console.log('fluxion tA', performance.now()-t) }
