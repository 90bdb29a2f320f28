import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED } from '../laws/approx.js'
import { TreeError } from '../src/errors.js'
import { add, mul } from '../src/ad/index.js'
import { tensor, zeros } from '../src/tensor/create.js'
import { Tensor } from '../src/tensor/tensor.js'
import * as tree from '../src/tree/index.js'

const t = (v: number[]) => tensor(v, { dtype: 'float64' })
const values = (x: unknown) => tree.leaves(x as tree.PyTree).map((l) => (l as Tensor).toArray())

// Pytrees of numbers (leaves) and nulls, nested in arrays and objects.
const arbTree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -100, max: 100 }),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'w', 'z', 'B', '_k'), tie('node'), { maxKeys: 3 }),
  ),
})).node

describe('tree.flatten / unflatten', () => {
  it('round-trips any tree (property)', () => {
    fc.assert(
      fc.property(arbTree, (x) => {
        const [ls, def] = tree.flatten(x as tree.PyTree<unknown>)
        expect(tree.unflatten(def, ls)).toEqual(x)
        expect(ls.length).toBe(tree.numLeaves(def))
      }),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('round-trips tensors (same objects back)', () => {
    const a = t([1])
    const b = t([2, 3])
    const c = t([4])
    const x = { layers: [{ w: a, b }, { w: c, b: null }], scale: 2 }
    const [ls, def] = tree.flatten<unknown>(x as tree.PyTree<unknown>)
    expect(ls).toEqual([b, a, null, c, 2].filter((v) => v !== null))
    const back = tree.unflatten<typeof x>(def, ls)
    expect(back.layers[0]!.w).toBe(a)
    expect(back.layers[1]!.b).toBeNull()
    expect(back.scale).toBe(2)
  })

  it('visits object keys in sorted order, whatever the insertion order', () => {
    const x = { z: t([1]), a: t([2]), m: { y: t([3]), b: t([4]) } }
    const y = { m: { b: t([4]), y: t([3]) }, a: t([2]), z: t([1]) }
    expect(values(x)).toEqual([[2], [4], [3], [1]])
    expect(values(y)).toEqual(values(x))
    expect(tree.paths(x)).toEqual(['a', 'm.b', 'm.y', 'z'])
    expect(tree.flatten(x)[1]).toEqual(tree.flatten(y)[1])
  })

  it('names paths through arrays and objects', () => {
    expect(tree.paths({ layers: [{ w: 1, b: 2 }, { w: 3 }], lr: 4 })).toEqual(['layers[0].b', 'layers[0].w', 'layers[1].w', 'lr'])
    expect(tree.paths(t([1]))).toEqual([''])
  })

  it('treats null and undefined as empty subtrees that survive the round trip', () => {
    const x = { a: null, b: [undefined, t([1]), null], c: t([2]) }
    const [ls, def] = tree.flatten<unknown>(x as tree.PyTree<unknown>)
    expect(ls.length).toBe(2)
    const back = tree.unflatten<typeof x>(def, ls)
    expect(back.a).toBeNull()
    expect(back.b[0]).toBeUndefined()
    expect(back.b[2]).toBeNull()
    expect(tree.leaves(null)).toEqual([])
    expect(tree.structureEquals({ a: null }, { a: null })).toBe(true)
    expect(tree.structureEquals({ a: null }, { a: t([1]) })).toBe(false)
  })

  it('a tensor is a leaf, and so is a scalar tree', () => {
    const x = t([1, 2])
    const [ls, def] = tree.flatten(x)
    expect(ls).toEqual([x])
    expect(def).toEqual({ kind: 'leaf' })
    expect(tree.isNode(x)).toBe(false)
    expect(tree.isNode([])).toBe(true)
    expect(tree.isNode({})).toBe(true)
  })

  it('unflatten with the wrong number of leaves is a TreeError', () => {
    const [, def] = tree.flatten({ a: t([1]), b: t([2]) })
    expect(() => tree.unflatten(def, [t([1])])).toThrow(TreeError)
    expect(() => tree.unflatten(def, [t([1])])).toThrow(/2 leaves, got 1/)
  })
})

describe('tree.map', () => {
  it('maps one tree and keeps its structure', () => {
    const x = { w: t([1, 2]), b: [t([3]), null] }
    const y = tree.map((l: Tensor) => mul(l, 2), x)
    expect(tree.structureEquals(x, y)).toBe(true)
    expect(values(y)).toEqual([[6], [2, 4]])
    expect(y.b[1]).toBeNull()
  })

  it('maps over several trees leafwise', () => {
    const a = { w: t([1, 2]), b: t([3]) }
    const b = { b: t([10]), w: t([20, 30]) }
    const c = { w: t([100, 200]), b: t([300]) }
    const s = tree.map((x: Tensor, y: Tensor, z: Tensor) => add(add(x, y), z), a, b, c)
    expect(s.w.toArray()).toEqual([121, 232])
    expect(s.b.toArray()).toEqual([313])
  })

  it('obeys the functor laws (identity, composition)', () => {
    const x = { a: [t([1, -2]), t([3])], b: t([4]) }
    expect(values(tree.map((l: Tensor) => l, x))).toEqual(values(x))
    const f = (l: Tensor) => add(l, 1)
    const g = (l: Tensor) => mul(l, 3)
    expect(values(tree.map((l: Tensor) => g(f(l)), x))).toEqual(values(tree.map(g, tree.map(f, x))))
  })

  it('a structure mismatch is a TreeError naming the path', () => {
    const a = { layers: [{ w: t([1]), b: t([1]) }] }
    const missingKey = { layers: [{ w: t([1]) }] }
    const extraItem = { layers: [{ w: t([1]), b: t([1]) }, { w: t([1]), b: t([1]) }] }
    const leafVsNode = { layers: [{ w: t([1]), b: [t([1])] }] }
    expect(() => tree.map((x: Tensor, y: Tensor) => add(x, y), a, missingKey as never)).toThrow(TreeError)
    expect(() => tree.map((x: Tensor, y: Tensor) => add(x, y), a, missingKey as never)).toThrow(/layers\[0\]/)
    expect(() => tree.map((x: Tensor, y: Tensor) => add(x, y), a, extraItem as never)).toThrow(/layers: an array of 1 vs an array of 2/)
    expect(() => tree.map((x: Tensor, y: Tensor) => add(x, y), a, leafVsNode as never)).toThrow(/layers\[0\]\.b: a leaf vs an array of 1/)
    expect(() => tree.assertSameStructure('step', a, missingKey, ['params', 'grads'])).toThrow(/step: the params and grads trees differ at layers\[0\]/)
  })
})

describe('tree utilities', () => {
  it('zerosLike gives zeros of each leaf shape and dtype', () => {
    const x = { w: tensor([[1, 2], [3, 4]], { dtype: 'float64' }), b: tensor([5], { dtype: 'float32' }), n: null }
    const z = tree.zerosLike(x)
    expect(z.w.shape).toEqual([2, 2])
    expect(z.w.dtype).toBe('float64')
    expect(z.b.dtype).toBe('float32')
    expect(z.w.toArray()).toEqual([[0, 0], [0, 0]])
    expect(z.n).toBeNull()
    expect(x.w.toArray()).toEqual([[1, 2], [3, 4]]) // the input is untouched
  })

  it('structureEquals ignores leaf values but not structure', () => {
    expect(tree.structureEquals({ a: t([1]), b: [t([2])] }, { b: [zeros([5])], a: t([9, 9]) })).toBe(true)
    expect(tree.structureEquals({ a: t([1]) }, { a: t([1]), b: t([1]) })).toBe(false)
    expect(tree.structureEquals([t([1])], { 0: t([1]) })).toBe(false)
  })

  it('reduce folds over the leaves in flatten order', () => {
    const order = tree.reduce<string[]>((acc, l) => [...acc, String(l.toArray())], [], { b: t([2]), a: t([1]), c: [t([3])] })
    expect(order).toEqual(['1', '2', '3'])
    expect(tree.allTensors({ a: t([1]), b: [t([2])] })).toBe(true)
    expect(tree.allTensors({ a: 1 })).toBe(false)
  })
})
