/**
 * Exact update equations of the transforms and aliases, against values worked
 * out by hand (or by a few lines of scalar arithmetic written out here), in
 * float64 so the comparisons can be tight.
 */
import { concatAll } from 'fp-ts/lib/Monoid.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { grad, optim, sum, square, sub, tensor, type Tensor } from '../src/index.js'

const f64 = (x: number | number[]) => tensor(x, { dtype: 'float64' })
/** The values of a tensor as a flat array (a scalar gives one element). */
const arr = (t: unknown): number[] => Array.from((t as Tensor).data())
const close = (got: number[], want: number[], tol = 1e-12) =>
  got.forEach((g, i) => expect(Math.abs(g - want[i]!), `index ${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]!))))

/** Run t over the gradients (params fixed), returning the updates of each step. */
const run = (t: optim.GradientTransformation<unknown>, params: optim.Params, grads: ReadonlyArray<optim.Updates>): optim.Updates[] => {
  let s = t.init(params)
  return grads.map((g) => {
    const [u, next] = t.update(g, s, params)
    s = next
    return u
  })
}

describe('sgd', () => {
  const p = f64([1, 2])
  const gs = [f64([1, -1]), f64([2, 0.5]), f64([-1, 3])]

  it('plain: u = -lr·g', () => {
    const us = run(optim.sgd(0.1), p, gs)
    us.forEach((u, i) => close(arr(u), arr(gs[i]).map((g) => -0.1 * g)))
  })

  it('momentum accumulates raw gradients, then the learning rate scales: m ← g + β·m, u = -lr·m', () => {
    const us = run(optim.sgd(0.1, { momentum: 0.9 }), p, gs)
    // m1 = g1 = [1, -1]; m2 = [2, 0.5] + 0.9·[1, -1] = [2.9, -0.4]; m3 = [-1, 3] + 0.9·[2.9, -0.4] = [1.61, 2.64]
    close(arr(us[0]), [-0.1, 0.1])
    close(arr(us[1]), [-0.29, 0.04])
    close(arr(us[2]), [-0.161, -0.264])
  })

  it('nesterov: u = -lr·(g + β·m) with the new m', () => {
    const us = run(optim.sgd(0.1, { momentum: 0.9, nesterov: true }), p, gs)
    // step 1: m = [1, -1], u = -0.1·([1, -1] + 0.9·[1, -1]) = [-0.19, 0.19]
    close(arr(us[0]), [-0.19, 0.19])
    // step 2: m = [2.9, -0.4], u = -0.1·([2, 0.5] + 0.9·[2.9, -0.4]) = [-0.461, -0.014]
    close(arr(us[1]), [-0.461, -0.014])
  })

  it('the object form is the same optimizer', () => {
    const a = run(optim.sgd(0.1, { momentum: 0.9 }), p, gs)
    const b = run(optim.sgd({ learningRate: 0.1, momentum: 0.9 }), p, gs)
    a.forEach((u, i) => expect(arr(b[i])).toEqual(arr(u)))
  })
})

describe('adam', () => {
  const p = f64([0, 0])
  const gs = [f64([0.5, -2]), f64([1, 1])]

  it('matches the bias-corrected update equations, step by step', () => {
    const us = run(optim.adam(0.1), p, gs)
    close(arr(us[0]), [-0.09999999800000003, 0.0999999995])
    close(arr(us[1]), [-0.09651820136149056, 0.02663370379756845])
  })

  it('matches a scalar transcription of Kingma & Ba, Algorithm 1, over many steps', () => {
    const b1 = 0.8
    const b2 = 0.99
    const eps = 1e-3
    const grads = Array.from({ length: 8 }, (_, t) => f64([Math.sin(t + 1), Math.cos(3 * t) * 2]))
    const us = run(optim.adam(0.05, { b1, b2, eps }), p, grads)
    const m = [0, 0]
    const v = [0, 0]
    grads.forEach((g, k) => {
      const t = k + 1
      const want = arr(g).map((gi, i) => {
        m[i] = b1 * m[i]! + (1 - b1) * gi
        v[i] = b2 * v[i]! + (1 - b2) * gi * gi
        return (-0.05 * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps)
      })
      close(arr(us[k]), want)
    })
  })

  it('eps is outside the square root and epsRoot inside', () => {
    const g = [f64([0.5, -2])]
    // first step: μ̂ = g, ν̂ = g²
    close(arr(run(optim.adam(1, { eps: 1 }), p, g)[0]), [-0.5 / (0.5 + 1), 2 / (2 + 1)])
    close(arr(run(optim.adam(1, { eps: 0, epsRoot: 1 }), p, g)[0]), [-0.5 / Math.sqrt(0.25 + 1), 2 / Math.sqrt(4 + 1)])
  })

  it('nadam: μ̂ = β₁·μ/(1-β₁ᵗ⁺¹) + (1-β₁)·g/(1-β₁ᵗ)', () => {
    close(arr(run(optim.nadam(0.01), f64(0), [f64(0.5)])[0]), [-0.014736841810526322])
  })

  it('adamw multiplies the weight decay by the learning rate', () => {
    // with zero gradients Adam's direction is 0, so the update is -lr·λ·p
    const [u] = run(optim.adamw(0.1, { weightDecay: 0.5 }), f64([2, -4]), [f64([0, 0])])
    close(arr(u), [-0.1, 0.2])
  })

  it('adamw with a mask decays only the masked-in leaves', () => {
    const params = { w: f64([2]), b: f64([2]) }
    const t = optim.adamw(0.1, { weightDecay: 0.5, mask: { w: true, b: false } })
    const [u] = run(t, params, [{ w: f64([0]), b: f64([0]) }]) as Array<{ w: Tensor; b: Tensor }>
    close(arr(u!.w), [-0.1])
    close(arr(u!.b), [0])
  })
})

describe('ema and trace', () => {
  it('ema: m ← (1-β)·g + β·m, debiased by 1 - βᵗ', () => {
    const t = optim.ema({ decay: 0.5 })
    const us = run(t, f64(0), [f64(4), f64(2), f64(1)])
    // m1 = 2, m2 = 1 + 1 = 2, m3 = 0.5 + 1 = 1.5; debias by 0.5, 0.75, 0.875
    close(arr(us[0]), [4])
    close(arr(us[1]), [2 / 0.75])
    close(arr(us[2]), [1.5 / 0.875])
  })

  it('ema without debias returns the raw average, and the state keeps the raw average either way', () => {
    const t = optim.ema({ decay: 0.5, debias: false })
    const [u, s] = t.update(f64(4), t.init(f64(0)))
    close(arr(u), [2])
    close(arr(s.ema), [2])
    const d = optim.ema({ decay: 0.5 })
    const [, sd] = d.update(f64(4), d.init(f64(0)))
    close(arr(sd.ema), [2])
    expect(sd.count).toBe(1)
  })

  it('trace: t ← g + β·t', () => {
    const us = run(optim.trace({ decay: 0.5 }), f64(0), [f64(1), f64(1), f64(1)])
    close(us.flatMap(arr), [1, 1.5, 1.75])
  })
})

describe('rmsprop, adagrad', () => {
  it('rmsprop: ν ← β·ν + (1-β)·g², u = -lr·g/√(ν + ε)', () => {
    const us = run(optim.rmsprop(0.1, { decay: 0.9, eps: 1e-8 }), f64(0), [f64(2), f64(1)])
    const nu1 = 0.1 * 4
    const nu2 = 0.9 * nu1 + 0.1 * 1
    close(arr(us[0]), [(-0.1 * 2) / Math.sqrt(nu1 + 1e-8)])
    close(arr(us[1]), [(-0.1 * 1) / Math.sqrt(nu2 + 1e-8)])
  })

  it('rmsprop with momentum traces after the learning rate', () => {
    const us = run(optim.rmsprop(0.1, { decay: 0.9, eps: 0, momentum: 0.5 }), f64(0), [f64(2), f64(2)])
    const u1 = (-0.1 * 2) / Math.sqrt(0.4)
    const u2 = (-0.1 * 2) / Math.sqrt(0.9 * 0.4 + 0.4)
    close(arr(us[0]), [u1])
    close(arr(us[1]), [u2 + 0.5 * u1])
  })

  it('centered rmsprop divides by the running standard deviation', () => {
    const [u] = run(optim.rmsprop(1, { centered: true, decay: 0.5, eps: 1e-2 }), f64(0), [f64(2)])
    // μ = 1, ν = 2, ν - μ² = 1
    close(arr(u), [-2 / Math.sqrt(1 + 1e-2)])
  })

  it('adagrad: s ← s + g² from 0.1, u = -lr·g/√(s + ε)', () => {
    const us = run(optim.adagrad(1, { eps: 0 }), f64(0), [f64(3), f64(4)])
    close(arr(us[0]), [-3 / Math.sqrt(9.1)])
    close(arr(us[1]), [-4 / Math.sqrt(25.1)])
  })
})

describe('clipping, scaling, weight decay', () => {
  it('clip bounds each coordinate', () => {
    const [u] = run(optim.clip(1), f64([0, 0, 0]), [f64([-3, 0.5, 2])])
    expect(arr(u)).toEqual([-1, 0.5, 1])
  })

  it('clipByGlobalNorm passes updates through when the norm is below the maximum, and rescales them above', () => {
    const g = { a: f64([3]), b: f64([4]) } // global norm 5
    const [below] = run(optim.clipByGlobalNorm(6), g, [g]) as Array<{ a: Tensor; b: Tensor }>
    expect(arr(below!.a)).toEqual([3])
    expect(arr(below!.b)).toEqual([4])
    const [above] = run(optim.clipByGlobalNorm(1), g, [g]) as Array<{ a: Tensor; b: Tensor }>
    close(arr(above!.a), [0.6])
    close(arr(above!.b), [0.8])
    expect(optim.globalNorm(g).item()).toBe(5)
  })

  it('clipByGlobalNorm keeps float32 updates in float32', () => {
    const [u] = run(optim.clipByGlobalNorm(1), tensor([0, 0]), [tensor([30, 40])])
    expect((u as Tensor).dtype).toBe('float32')
  })

  it('scaleByLearningRate with a schedule uses lr(count) before incrementing the count', () => {
    const seen: number[] = []
    const lr = (n: number) => (seen.push(n), 1 / (n + 1))
    const us = run(optim.scaleByLearningRate(lr), f64(0), [f64(1), f64(1), f64(1)])
    expect(seen).toEqual([0, 1, 2])
    close(us.flatMap(arr), [-1, -0.5, -1 / 3])
    const [, s] = optim.scaleByLearningRate(lr).update(f64(1), { count: 0 })
    expect(s).toEqual({ count: 1 })
  })

  it('scaleByLearningRate with flipSign false scales by +lr', () => {
    expect(arr(run(optim.scaleByLearningRate(0.5, { flipSign: false }), f64(0), [f64(2)])[0])).toEqual([1])
  })

  it('addDecayedWeights adds λ·p and needs the parameters', () => {
    const t = optim.addDecayedWeights({ weightDecay: 0.1 })
    const [u] = t.update(f64([1]), t.init(f64([2])), f64([2]))
    close(arr(u), [1.2])
    expect(() => t.update(f64([1]), t.init(f64([2])))).toThrow(/needs the parameters/)
  })

  it('applyUpdates adds and casts back to each parameter dtype', () => {
    const p = { a: tensor([1, 2]), b: f64([1]) }
    const out = optim.applyUpdates(p, { a: f64([0.5, 0.25]), b: tensor([1]) })
    expect(out.a.dtype).toBe('float32')
    expect(out.b.dtype).toBe('float64')
    expect(arr(out.a)).toEqual([1.5, 2.25])
    expect(arr(out.b)).toEqual([2])
  })
})

describe('chain, identity, monoid', () => {
  it('the state of chain(a, b) is [Sa, Sb], typed', () => {
    const t = optim.chain(optim.trace({ decay: 0.9 }), optim.scaleByAdam(), optim.scale(2))
    const s = t.init(f64([1]))
    expectTypeOf(s).toEqualTypeOf<readonly [optim.TraceState, optim.ScaleByAdamState, optim.EmptyState]>()
    expect(s).toHaveLength(3)
    expect(Object.keys(s[1]).sort()).toEqual(['count', 'mu', 'nu'])
    expectTypeOf(optim.adam(0.1).init(f64(1))).toEqualTypeOf<optim.AdamState<number>>()
  })

  it('identity passes the updates through as they are', () => {
    const g = { w: f64([1, 2]) }
    const t = optim.identity()
    expect(t.update(g, t.init(g))[0]).toBe(g)
  })

  it('monoid: concatAll chains in order, and empty is identity', () => {
    const t = concatAll(optim.monoid)([optim.scale(2), optim.clip(3), optim.scale(-1)])
    expect(arr(run(t, f64([0, 0]), [f64([1, 2])])[0])).toEqual([-2, -3])
    expect(arr(run(optim.monoid.empty, f64(0), [f64(7)])[0])).toEqual([7])
  })

  it('an alias is its chain: adam(lr) equals chain(scaleByAdam(), scaleByLearningRate(lr))', () => {
    const gs = [f64([0.3, -1]), f64([2, 2])]
    const a = run(optim.adam(0.1), f64([0, 0]), gs)
    const b = run(optim.chain(optim.scaleByAdam(), optim.scaleByLearningRate(0.1)), f64([0, 0]), gs)
    a.forEach((u, i) => expect(arr(u)).toEqual(arr(b[i])))
  })
})

describe('optimizer: the state-transition form', () => {
  const target = f64([1, -1])
  const loss = (p: Tensor) => sum(square(sub(p, target)))

  it('init gives count 0; step applies the updates and increments the count; the old state is unchanged', () => {
    const opt = optim.optimizer(optim.sgd(0.25))
    const s0 = opt.init(f64([0, 0]))
    expect(s0.count).toBe(0)
    const s1 = opt.step(s0, grad(loss)(s0.params))
    expect(s1.count).toBe(1)
    expect(arr(s1.params)).toEqual([0.5, -0.5]) // p - 0.25·2(p - t)
    expect(arr(s0.params)).toEqual([0, 0])
    expect(opt.step(s0, grad(loss)(s0.params))).toEqual(s1)
  })

  it('keeps the parameter type and the transform state type', () => {
    const opt = optim.optimizer(optim.adam(0.1))
    const s = opt.init({ w: f64([1]), layers: [{ b: f64([0]) }] })
    expectTypeOf(s.params).toEqualTypeOf<{ w: Tensor; layers: { b: Tensor }[] }>()
    expectTypeOf(s.inner).toEqualTypeOf<optim.AdamState<number>>()
  })

  it('a training loop is a fold', () => {
    const opt = optim.optimizer(optim.adam(0.1))
    const final = Array.from({ length: 200 }).reduce<ReturnType<typeof opt.init<Tensor>>>((s) => opt.step(s, grad(loss)(s.params)), opt.init(f64([3, 3])))
    close(arr(final.params), [1, -1], 1e-3)
    expect(final.count).toBe(200)
  })
})
