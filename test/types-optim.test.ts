/**
 * Type tests (issue 12, "Types that catch mistakes"): gradients and updates are
 * typed as the parameters' tree. `npm test` runs `tsc` over this file first, so
 * each `@ts-expect-error` line fails the build if the mistake under it ever
 * compiles again; each bad call also runs, to show the run-time check agrees.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import { TreeError, optim, tensor, tree, zeros, type Tensor } from '../src/index.js'

type P = { a: Tensor; b: Tensor }
const params: P = { a: tensor([1, 2]), b: tensor([3]) }
const grads: P = { a: tensor([0.5, 0.5]), b: tensor([1]) }

describe('optimizer.step types the gradients as the parameters', () => {
  const opt = optim.optimizer(optim.adam(0.1))
  const state = opt.init(params)

  it('accepts gradients of the parameters type and keeps it', () => {
    const next = opt.step(state, grads)
    expectTypeOf(next.params).toEqualTypeOf<P>()
    expect(next.count).toBe(1)
  })

  it('refuses a gradient tree with other keys', () => {
    // @ts-expect-error the parameters are { a, b }
    expect(() => opt.step(state, { w: zeros([4, 8]) })).toThrow(TreeError)
  })

  it('refuses a bare tensor for a tree of parameters', () => {
    // @ts-expect-error a Tensor is not { a, b }
    expect(() => opt.step(state, zeros([3]))).toThrow(TreeError)
  })

  it('refuses a gradient tree missing a key', () => {
    // @ts-expect-error b is missing
    expect(() => opt.step(state, { a: zeros([2]) })).toThrow(TreeError)
  })
})

describe('applyUpdates types the updates as the parameters', () => {
  it('returns the parameters type', () => {
    expectTypeOf(optim.applyUpdates(params, grads)).toEqualTypeOf<P>()
  })

  it('refuses updates of another structure', () => {
    // @ts-expect-error no key 'nope' in the parameters
    expect(() => optim.applyUpdates(params, { nope: zeros([1]) })).toThrow(TreeError)
  })
})

describe('GradientTransformation.update keeps the updates type', () => {
  it('returns updates typed as the incoming tree, with no cast', () => {
    const t = optim.chain(optim.clipByGlobalNorm(1), optim.adam(0.1))
    const [u, s] = t.update(grads, t.init(params), params)
    expectTypeOf(u).toEqualTypeOf<P>()
    expect(u.a.shape).toEqual([2])
    expect(u.b.shape).toEqual([1])
    // the state type is kept as before
    expectTypeOf(s).toEqualTypeOf<ReturnType<typeof t.init>>()
  })

  it('keeps a tuple and a bare tensor too', () => {
    const t = optim.sgd(0.1, { momentum: 0.9 })
    const pair: [Tensor, Tensor] = [tensor([1]), tensor([2])]
    const [u] = t.update(pair, t.init(pair), pair)
    expectTypeOf(u).toEqualTypeOf<[Tensor, Tensor]>()
    const x = tensor([1, 2])
    const [v] = optim.scale(2).update(x, optim.emptyState)
    expectTypeOf(v).toEqualTypeOf<Tensor>()
    expect(v.toArray()).toEqual([2, 4])
  })

  it('refuses parameters whose tree differs from the updates', () => {
    const t = optim.adamw(0.1, { weightDecay: 0.1 })
    // @ts-expect-error the parameters must have the updates' tree
    expect(() => t.update(grads, t.init(params), { a: tensor([1, 2]) })).toThrow(TreeError)
  })
})

describe('tree.map types the extra trees like the first', () => {
  it('accepts trees of one type', () => {
    const s = tree.map((x: Tensor, y: Tensor) => x.add(y), params, grads)
    expectTypeOf(s).toEqualTypeOf<{ a: Tensor; b: Tensor }>()
    expect(s.a.toArray()).toEqual([1.5, 2.5])
  })

  it('refuses a second tree of another structure', () => {
    // @ts-expect-error { a } is not { a, b }
    expect(() => tree.map((x: Tensor, y: Tensor) => x.add(y), params, { a: tensor([1, 2]) })).toThrow(TreeError)
  })

  it('refuses a mismatched third tree', () => {
    // @ts-expect-error the third tree is a Tensor, not { a, b }
    expect(() => tree.map((x: Tensor, y: Tensor, z: Tensor) => x.add(y).add(z), params, grads, tensor([1]))).toThrow(TreeError)
  })
})
