/**
 * Trees (issue 11): a pytree is finite. A cyclic tree, or one nested deeper
 * than tree.MAX_DEPTH (1000) containers, is a TreeError naming the path, where
 * it used to be a raw RangeError (stack overflow) deep inside the recursion.
 */
import { describe, expect, it } from 'vitest'
import { TreeError, grad, optim, sum, tensor, tree, type Tensor } from '../src/index.js'

const nestArrays = (depth: number, leaf: unknown): unknown => {
  let a = leaf
  for (let i = 0; i < depth; i++) a = [a]
  return a
}

describe('cyclic trees', () => {
  const cyclic = (): Record<string, unknown> => {
    const t: Record<string, unknown> = { w: tensor([1]) }
    t.self = { again: t }
    return t
  }

  it('tree.flatten, leaves and paths name the path of the cycle', () => {
    expect(() => tree.flatten(cyclic() as tree.PyTree)).toThrow(TreeError)
    expect(() => tree.leaves(cyclic() as tree.PyTree)).toThrow('tree.flatten: the tree contains itself at self.again (a cycle); a pytree must be finite')
    expect(() => tree.paths(cyclic())).toThrow(/tree.paths: the tree contains itself at self.again/)
  })

  it('an array that holds itself', () => {
    const a: unknown[] = [tensor([1])]
    a.push([a])
    expect(() => tree.leaves(a as tree.PyTree)).toThrow(/contains itself at \[1\]\[0\]/)
  })

  it('tree.map, the optimizer and grad refuse it too', () => {
    const t = cyclic()
    expect(() => tree.map((x: Tensor) => x, t)).toThrow(TreeError)
    expect(() => optim.optimizer(optim.adam(0.1)).init(t as never)).toThrow(TreeError)
    expect(() => grad((p: unknown) => sum(tree.leaves(p as tree.PyTree)[0]!))(t)).toThrow(TreeError)
  })

  it('a shared (not cyclic) subtree is fine', () => {
    const s = { w: tensor([1]) }
    expect(tree.paths({ a: s, b: [s, s] })).toEqual(['a.w', 'b[0].w', 'b[1].w'])
  })
})

describe('deep trees', () => {
  it('an array nested 1e4 deep is a TreeError naming the depth limit, not a RangeError', () => {
    const deep = nestArrays(1e4, tensor([1])) as tree.PyTree
    expect(() => tree.leaves(deep)).toThrow(TreeError)
    expect(() => tree.leaves(deep)).toThrow(/tree.flatten: the tree is nested more than 1000 containers deep, the limit for a pytree \(at \[0\]\[0\]/)
    expect(() => tree.map((x: Tensor) => x, deep as unknown)).toThrow(TreeError)
  })

  it('objects nested 1e4 deep too', () => {
    let o: unknown = tensor([1])
    for (let i = 0; i < 1e4; i++) o = { x: o }
    expect(() => tree.paths(o)).toThrow(/more than 1000 containers deep, the limit for a pytree \(at x\.x\.x/)
  })

  it('up to MAX_DEPTH is fine, one more is not', () => {
    expect(tree.MAX_DEPTH).toBe(1000)
    const ok = nestArrays(tree.MAX_DEPTH, tensor([1])) as tree.PyTree
    const [ls, def] = tree.flatten(ok)
    expect(ls).toHaveLength(1)
    expect(tree.structureEquals(tree.unflatten(def, ls), ok)).toBe(true)
    expect(() => tree.flatten(nestArrays(tree.MAX_DEPTH + 1, tensor([1])) as tree.PyTree)).toThrow(TreeError)
  })
})
