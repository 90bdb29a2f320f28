/**
 * vmap's interface: inAxes/outAxes (numbers, negative, null, pytree prefixes),
 * axisSize, broadcasting of unbatched outputs, and the errors.
 */
import { describe, expect, it } from 'vitest'
import {
  add, arange, greater, matmul, mul, ones, reshape, ShapeError, stack, sum, take, tensor, TraceError, transpose, TreeError,
  ValueError, vmap, where, type Tensor,
} from '../src/index.js'

const m = reshape(arange(0, 24, 1, 'float64'), [2, 3, 4])
const at = (x: Tensor, b: number, axis = 0): Tensor => take(x, b, axis)

describe('vmap: axes', () => {
  it('maps over axis 0 by default and stacks results on axis 0', () => {
    const got = vmap((x: Tensor) => sum(x, 1))(m)
    expect(got.toArray()).toEqual(stack([0, 1].map((b) => sum(at(m, b), 1))).toArray())
  })

  it('inAxes picks the batch axis, negative counting from the end', () => {
    const f = (x: Tensor) => sum(x)
    expect(vmap(f, { inAxes: 1 })(m).toArray()).toEqual([0, 1, 2].map((b) => sum(at(m, b, 1)).item()))
    expect(vmap(f, { inAxes: -1 })(m).toArray()).toEqual([0, 1, 2, 3].map((b) => sum(at(m, b, 2)).item()))
  })

  it('outAxes places the batch axis in the output (vmap of the identity moves an axis)', () => {
    expect(vmap((x: Tensor) => x, { inAxes: 2, outAxes: 0 })(m).toArray()).toEqual(transpose(m, [2, 0, 1]).toArray())
    expect(vmap((x: Tensor) => x, { inAxes: 0, outAxes: -1 })(m).toArray()).toEqual(transpose(m, [1, 2, 0]).toArray())
  })

  it('null shares an argument across the batch; an array gives one entry per argument', () => {
    const w = reshape(arange(0, 8, 1, 'float64'), [4, 2])
    const got = vmap((x: Tensor, v: Tensor) => matmul(x, v), { inAxes: [0, null] })(m, w)
    expect(got.toArray()).toEqual(matmul(m, w).toArray())
  })

  it('inAxes is a pytree prefix: per leaf of an object argument', () => {
    const params = { w: ones([3], 'float64'), b: tensor([1, 2], { dtype: 'float64' }) }
    const xs = reshape(arange(0, 6, 1, 'float64'), [3, 2]) // batch on axis 1 of x
    const f = (p: { w: Tensor; b: Tensor }, x: Tensor) => add(sum(mul(p.w, x)), p.b)
    const got = vmap(f, { inAxes: [{ w: null, b: 0 }, 1] })(params, xs)
    expect(got.toArray()).toEqual([0, 1].map((b) => f({ w: params.w, b: at(params.b, b) }, at(xs, b, 1)).item()))
  })

  it('outAxes is a prefix of the output; an unbatched output is broadcast, or kept with null', () => {
    const f = (x: Tensor) => ({ s: sum(x), c: ones([2]), k: ones([2]) })
    const out = vmap(f, { outAxes: { s: 0, c: 1, k: null } })(m) as { s: Tensor; c: Tensor; k: Tensor }
    expect(out.s.shape).toEqual([2])
    expect(out.c.shape).toEqual([2, 2])
    expect(out.k.shape).toEqual([2])
  })

  it('with no batched argument, axisSize gives the batch size', () => {
    expect(vmap(() => ones([3]), { axisSize: 4 })().shape).toEqual([4, 3])
    expect(vmap((x: Tensor) => add(x, 1), { inAxes: null, axisSize: 2 })(ones([3])).shape).toEqual([2, 3])
  })

  it('plain numbers are static: passed through unbatched in and out', () => {
    const out = vmap((x: Tensor, n: number) => ({ y: mul(x, n), n }))(m, 3) as { y: Tensor; n: number }
    expect(out.n).toBe(3)
    expect(out.y.toArray()).toEqual(mul(m, 3).toArray())
  })

  it('data-dependent choices work elementwise with where', () => {
    const got = vmap((x: Tensor) => where(greater(sum(x), 50), x, 0))(m)
    expect(got.toArray()).toEqual(stack([0, 1].map((b) => where(greater(sum(at(m, b)), 50), at(m, b), 0))).toArray())
  })
})

describe('vmap: errors', () => {
  it('batch sizes that disagree: a ShapeError naming each argument path, axis and size', () => {
    const f = (a: Tensor, b: Tensor) => add(a, b)
    expect(() => vmap(f)(ones([3, 2]), ones([4, 2]))).toThrow(ShapeError)
    expect(() => vmap(f)(ones([3, 2]), ones([4, 2]))).toThrow(/args\[0\] has 3 \(axis 0 of \[3,2\]\), args\[1\] has 4 \(axis 0 of \[4,2\]\)/)
    expect(() => vmap(f, { axisSize: 5 })(ones([3, 2]), ones([3, 2]))).toThrow(/axisSize is 5, but args\[0\] has batch size 3/)
  })

  it('an axis out of range: a ShapeError naming the path, the axis and the shape', () => {
    expect(() => vmap((p: { w: Tensor }) => p.w, { inAxes: [{ w: 2 }] })({ w: ones([3, 2]) })).toThrow(ShapeError)
    expect(() => vmap((p: { w: Tensor }) => p.w, { inAxes: [{ w: 2 }] })({ w: ones([3, 2]) }))
      .toThrow(/inAxes at args\[0\]\.w is 2, out of range for the argument of shape \[3,2\]/)
    expect(() => vmap((x: Tensor) => x, { outAxes: 3 })(ones([2, 2]))).toThrow(/outAxes at output is 3, out of range/)
  })

  it('an inAxes tree that does not match the arguments: a TreeError naming the path', () => {
    expect(() => vmap((a: Tensor, b: Tensor) => add(a, b), { inAxes: [0] })(ones([2]), ones([2]))).toThrow(TreeError)
    expect(() => vmap((a: Tensor, b: Tensor) => add(a, b), { inAxes: [0] })(ones([2]), ones([2]))).toThrow(/inAxes at args is an array of 1/)
    expect(() => vmap((p: { w: Tensor }) => p.w, { inAxes: [{ v: 0 }] })({ w: ones([2]) })).toThrow(/inAxes at args\[0\] is an object with keys \{v\}/)
  })

  it('nothing batched and no axisSize: a ValueError saying to pass axisSize', () => {
    expect(() => vmap((x: Tensor) => x, { inAxes: null })(ones([2]))).toThrow(ValueError)
    expect(() => vmap((x: Tensor) => x, { inAxes: null })(ones([2]))).toThrow(/pass \{ axisSize: n \}/)
  })

  it('.item() and .toArray() on a batched tensor: a TraceError saying to use where or un-batch the argument', () => {
    expect(() => vmap((x: Tensor) => (x.item() > 0 ? x : mul(x, 2)))(ones([3]))).toThrow(TraceError)
    expect(() => vmap((x: Tensor) => tensor(x.toArray() as number[]))(ones([3, 2]))).toThrow(/where\(cond, a, b\).*inAxes null/)
  })

  it('outAxes null on an output that depends on the batch: a ShapeError', () => {
    expect(() => vmap((x: Tensor) => x, { outAxes: null })(ones([3]))).toThrow(/outAxes at output is null, but the output there/)
  })

  it('a batched tracer used after vmap returned: a TraceError', () => {
    let leaked: Tensor | null = null
    vmap((x: Tensor) => ((leaked = x), x))(ones([2]))
    expect(() => add(leaked!, 1)).toThrow(TraceError)
  })
})
