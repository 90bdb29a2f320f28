/**
 * A jitted optimizer step traces once: with the state's numbers as tensors
 * (`optim.tensorState`), every step has the same signature, and the
 * schedule, the bias corrections and the counts run as float64 tensor ops
 * inside the program. Skipped until `jit` is exported from src/index.ts.
 */
import { describe, expect, it } from 'vitest'
import * as F from '../src/index.js'

const { optim, tensor, tree, grad, sum, mul, sub, Tensor } = F
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Jitted = ((...args: any[]) => any) & { cacheSize(): number }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const jit = (F as unknown as Record<string, unknown>).jit as undefined | ((f: (...args: any[]) => any, opts?: object) => Jitted)

describe.skipIf(typeof jit !== 'function')('a jitted optimizer step', () => {
  const params = { w: tensor([[0.5, -1], [2, 0.25]]), b: tensor([0.1, -0.3]) }
  const target = tensor([1, -2])
  const x = tensor([0.3, 0.7])
  type P = typeof params
  const loss = (p: P) => {
    const r = sub(sum(mul(p.w, x), 1), sub(target, p.b))
    return sum(mul(r, r))
  }
  const lr = optim.schedules.warmupCosineDecay({ init: 0, peakValue: 0.05, warmupSteps: 10, decaySteps: 100, endValue: 0.001 })
  const opt = optim.optimizer(optim.injectHyperparams(optim.adam)({ learningRate: lr }))
  const step = (s: ReturnType<typeof opt.init<P>>) => opt.step(s, grad(loss)(s.params))

  it('compiles once over 100 steps with warmupCosineDecay and injectHyperparams, and matches the eager steps', () => {
    const jstep = jit!(step)
    let sj = optim.tensorState(opt.init(params))
    let se = opt.init(params)
    for (let i = 0; i < 100; i++) {
      sj = jstep(sj)
      se = step(se)
    }
    expect(jstep.cacheSize()).toBe(1)
    // the counts and the scheduled rate came back as tensors; the eager run kept numbers
    expect((sj.count as unknown as InstanceType<typeof Tensor>).item()).toBe(100)
    expect(se.count).toBe(100)
    const lrHeld = (sj.inner as { hyperparams: { learningRate: unknown } }).hyperparams.learningRate as InstanceType<typeof Tensor>
    expect(lrHeld.item()).toBe(lr(99))
    // jit gives eager's bits (same kernels, same order), and the float64 scalar path gives the numbers' bits
    const [pj] = tree.flatten(sj.params)
    const [pe] = tree.flatten(se.params)
    pj.forEach((t, i) => expect(Array.from(t.data())).toEqual(Array.from(pe[i]!.data())))
  })
})
