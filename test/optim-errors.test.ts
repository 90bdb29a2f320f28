/**
 * Errors: a state from another transform (or other parameters), gradients
 * whose tree differs from the parameters', a missing loss. Each names the
 * tree path, and nothing is mutated on the way.
 */
import { describe, expect, it } from 'vitest'
import { optim, sum, square, tensor, TreeError, ValueError, type Tensor } from '../src/index.js'

const f64 = (x: number | number[]) => tensor(x, { dtype: 'float64' })
const params = { layers: [{ w: f64([1, 2]), b: f64([0]) }], head: f64([3]) }
const grads = { layers: [{ w: f64([0.1, 0.2]), b: f64([1]) }], head: f64([-1]) }

const freeze = <T>(x: T): T => {
  if (Array.isArray(x)) x.forEach(freeze)
  else if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) Object.values(x).forEach(freeze)
  if (Array.isArray(x) || (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype)) Object.freeze(x)
  return x
}
const dump = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) => (v instanceof Object && 'dtype' in v ? { t: (v as Tensor).toArray(), d: (v as Tensor).dtype } : v))

describe('a state that does not come from this transform', () => {
  it('names the path into the optimizer state', () => {
    const opt = optim.optimizer(optim.adam(0.1))
    const sgdState = optim.sgd(0.1, { momentum: 0.9 }).init(params)
    const s = { ...opt.init(params), inner: sgdState as unknown as optim.AdamState<number> }
    expect(() => opt.step(s, grads)).toThrow(TreeError)
    expect(() => opt.step(s, grads)).toThrow(
      /^scaleByAdam: the optimizer state at inner\[0\] has fields \{trace\}, expected \{count, mu, nu\}\. Pass the state that this transform's init returned/,
    )
  })

  it('a chain of the wrong length, and a stateless transform given a state', () => {
    const t = optim.chain(optim.clip(1), optim.scaleByAdam())
    expect(() => t.update(grads, [{}] as never, params)).toThrow(/chain: the optimizer state at \(root\) is an array of 1, expected an array of 2 states/)
    const u = optim.sgd(0.1)
    const adamState = optim.adam(0.1).init(params)
    expect(() => u.update(grads, adamState as never, params)).toThrow(/identity: the optimizer state at \[0\] has fields \{count, mu, nu\}, expected \{\}/)
  })

  it('a state built for other parameters names the path where they differ', () => {
    const t = optim.scaleByAdam()
    const other = t.init({ layers: [{ w: f64([1, 2]) }], head: f64([3]) })
    expect(() => t.update(grads, other, params)).toThrow(
      /scaleByAdam: the optimizer state at mu does not fit the updates \(the updates and the state differ at layers\[0\]: an object with keys \{b, w\} vs an object with keys \{w\}/,
    )
    const wrongShape = t.init({ layers: [{ w: f64([1, 2, 3]), b: f64([0]) }], head: f64([3]) })
    expect(() => t.update(grads, wrongShape, params)).toThrow(/state at mu does not fit the updates \(the shapes differ at layers\[0\]\.w: \[2\] in the updates, \[3\] in the state/)
  })

  it('a bad count or hyperparameter in the state is named', () => {
    const t = optim.scaleByAdam()
    expect(() => t.update(grads, { ...t.init(params), count: -1 }, params)).toThrow(/state at count is -1, expected a step count/)
    const i = optim.injectHyperparams(optim.adam)({ learningRate: 0.1 })
    const s = i.init(params)
    expect(() => i.update(grads, { ...s, hyperparams: { learningRate: 'fast' as unknown as number } }, params)).toThrow(/state at hyperparams\.learningRate is string/)
    const o = optim.optimizer(optim.masked(optim.scaleByAdam(), { layers: true, head: false }))
    const os = o.init(params)
    expect(() => o.step({ ...os, inner: { inner: { count: 0, mu: null, nu: null } } }, grads)).toThrow(
      /scaleByAdam: the optimizer state at inner\.inner\.mu does not fit the updates \(the updates and the state differ at \(root\): an object with keys \{head, layers\} vs null/,
    )
  })
})

describe('gradients whose tree differs from the parameters', () => {
  it('optimizer.step names the path', () => {
    const opt = optim.optimizer(optim.sgd(0.1))
    const s = opt.init(params)
    const missing = { layers: [{ w: f64([0.1, 0.2]) }], head: f64([-1]) }
    expect(() => opt.step(s, missing as never)).toThrow(TreeError)
    expect(() => opt.step(s, missing as never)).toThrow(/optimizer.step: the parameters and the gradients differ at layers\[0\]: an object with keys \{b, w\} vs an object with keys \{w\}/)
    const shaped = { layers: [{ w: f64([0.1, 0.2, 0.3]), b: f64([1]) }], head: f64([-1]) }
    expect(() => opt.step(s, shaped)).toThrow(/the shapes differ at layers\[0\]\.w: \[2\] in the parameters, \[3\] in the gradients/)
  })

  it('applyUpdates names the path too', () => {
    expect(() => optim.applyUpdates(params, { ...grads, head: [f64(1)] } as never)).toThrow(/applyUpdates: the parameters and the updates differ at head: a leaf vs an array of 1/)
  })
})

describe('scaleByNewton', () => {
  it('a missing loss or missing parameters is a clear error', () => {
    const t = optim.newton(1)
    expect(() => t.update(grads, t.init(params), params)).toThrow(ValueError)
    expect(() => t.update(grads, t.init(params), params)).toThrow(/scaleByNewton: needs the loss: pass extra = \{ loss: \(params\) => scalar \}/)
    expect(() => t.update(grads, t.init(params), undefined, { loss: (p: typeof params) => sum(square(p.head)) })).toThrow(/needs the parameters/)
    expect(() => optim.scaleByNewton({ damping: -1 })).toThrow(/damping must be a non-negative number/)
  })
})

describe('nothing is mutated on the way', () => {
  it('frozen inputs stay as they were, whether update succeeds or throws', () => {
    const p = freeze({ layers: [{ w: f64([1, 2]), b: f64([0]) }], head: f64([3]) })
    const g = freeze({ layers: [{ w: f64([0.1, 0.2]), b: f64([1]) }], head: f64([-1]) })
    const opt = optim.optimizer(optim.chain(optim.clipByGlobalNorm(1), optim.adamw(0.1), optim.applyIfFinite(optim.scale(1), { maxConsecutiveErrors: 1 })))
    const s0 = freeze(opt.init(p))
    const before = dump([p, g, s0])
    const s1 = freeze(opt.step(s0, g))
    opt.step(s1, g)
    expect(() => opt.step(s1, { ...g, head: [g.head] } as never)).toThrow(TreeError)
    expect(() => opt.step({ ...s1, inner: [s1.inner[0], s1.inner[1]] as never }, g)).toThrow(TreeError)
    expect(dump([p, g, s0])).toBe(before)
  })
})
