/**
 * Pytrees: nested arrays and plain objects whose leaves are tensors (or any
 * other non-container value). Parameters, gradients and optimizer state are
 * all pytrees, and every function here keeps their TypeScript type.
 *
 * Object keys are visited in sorted order, so the flat order of leaves never
 * depends on how an object was built. `null` and `undefined` are empty
 * subtrees (no leaves), as `None` is in JAX.
 *
 * A pytree is finite: a container that holds itself (a cycle) is a
 * `TreeError`, and so is nesting deeper than `MAX_DEPTH` (1000) containers,
 * which would otherwise overflow the stack. Shared subtrees are fine.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { add, tree, zeros } from 'fluxion'
 * const params = { w: zeros([2, 2]), b: zeros([2]) }
 * assert.equal(tree.leaves(params).length, 2)          // b, then w (sorted keys)
 * const moved = tree.map((x) => add(x, 1), params)     // typed { w: Tensor; b: Tensor }
 * assert.deepEqual(moved.b.toArray(), [1, 1])
 * ```
 *
 * @module
 * @since 0.1.0
 */
import { TreeError } from '../errors.js'
import { zeros } from '../tensor/create.js'
import { Tensor } from '../tensor/tensor.js'

// ---- model ----

/** A pytree with leaves of type L. @category model */
export type PyTree<L = Tensor> = L | null | undefined | ReadonlyArray<PyTree<L>> | { readonly [key: string]: PyTree<L> }

/** The type of `T` with every leaf (of type `L`) replaced by `R`. @category model */
export type MapLeaves<T, L, R> = T extends L
  ? R
  : T extends null | undefined
    ? T
    : T extends ReadonlyArray<unknown>
      ? { -readonly [K in keyof T]: MapLeaves<T[K], L, R> }
      : T extends object
        ? { -readonly [K in keyof T]: MapLeaves<T[K], L, R> }
        : R

/** The structure of a pytree, without its leaves. @category model */
export type TreeDef =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'none'; readonly value: null | undefined }
  | { readonly kind: 'array'; readonly children: ReadonlyArray<TreeDef> }
  | { readonly kind: 'object'; readonly keys: ReadonlyArray<string>; readonly children: ReadonlyArray<TreeDef> }

const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (x === null || typeof x !== 'object') return false
  const proto = Object.getPrototypeOf(x)
  return proto === Object.prototype || proto === null
}

/**
 * Is this value a container (array or plain object) rather than a leaf?
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, tensor } from 'fluxion'
 * assert.equal(tree.isNode({ w: tensor(1) }), true)
 * assert.equal(tree.isNode(tensor(1)), false)
 * ```
 * @category utils
 */
export const isNode = (x: unknown): boolean => Array.isArray(x) || isPlainObject(x)

/** The deepest nesting of containers a pytree may have. @category model */
export const MAX_DEPTH = 1000

/** A path as `layers[0].w`: string keys join with dots, numbers are indices. */
const showPath = (keys: ReadonlyArray<string | number>): string =>
  keys.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p === '' ? k : `${p}.${k}`), '')

/**
 * Walk `t` depth-first, refusing cycles and nesting beyond `MAX_DEPTH` with a
 * `TreeError` that names `op` and the path. `visit` gets each value and a
 * function to descend into a child by its key; `trail` is the current path.
 */
const walk = <R>(op: string, t: unknown, visit: (x: unknown, child: (y: unknown, key: string | number) => R, trail: ReadonlyArray<string | number>) => R): R => {
  const open = new Set<unknown>()
  const trail: Array<string | number> = []
  const go = (x: unknown): R => {
    const node = isNode(x)
    if (node) {
      if (open.has(x)) throw new TreeError(`${op}: the tree contains itself at ${showPath(trail) || '(root)'} (a cycle); a pytree must be finite`)
      if (trail.length >= MAX_DEPTH)
        throw new TreeError(`${op}: the tree is nested more than ${MAX_DEPTH} containers deep, the limit for a pytree (at ${showPath(trail.slice(0, 8))}...)`)
      open.add(x)
    }
    // no try/finally: a throw abandons the whole walk, and `open`/`trail` with it
    const r = visit(x, child, trail)
    if (node) open.delete(x)
    return r
  }
  const child = (y: unknown, key: string | number): R => {
    trail.push(key)
    const r = go(y)
    trail.pop()
    return r
  }
  return go(t)
}

// ---- destructors ----

/**
 * Leaves and structure, leaves in a deterministic (sorted-key, depth-first)
 * order. A cyclic or too deeply nested tree is a `TreeError`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, tensor } from 'fluxion'
 * const [ls, def] = tree.flatten({ w: tensor(1), b: [tensor(2), tensor(3)] })
 * assert.deepEqual(ls.map((x) => x.item()), [2, 3, 1])     // keys sorted: b before w
 * assert.equal(tree.numLeaves(def), 3)
 * ```
 * @category destructors
 */
export const flatten = <L = Tensor>(t: PyTree<L>): [L[], TreeDef] => {
  const leaves: L[] = []
  const def = walk<TreeDef>('tree.flatten', t, (x, child) => {
    if (x === null || x === undefined) return { kind: 'none', value: x }
    if (Array.isArray(x)) return { kind: 'array', children: x.map((y, i) => child(y, i)) }
    if (isPlainObject(x)) {
      const keys = Object.keys(x).sort()
      return { kind: 'object', keys, children: keys.map((k) => child(x[k], k)) }
    }
    leaves.push(x as L)
    return { kind: 'leaf' }
  })
  return [leaves, def]
}

/**
 * The leaves, in `flatten` order.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, tensor } from 'fluxion'
 * assert.deepEqual(tree.leaves({ z: tensor(1), a: tensor(2), n: null }).map((x) => x.item()), [2, 1])
 * ```
 * @category destructors
 */
export const leaves = <L = Tensor>(t: PyTree<L>): L[] => flatten(t)[0]

/**
 * The number of leaves a structure holds.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, zeros } from 'fluxion'
 * assert.equal(tree.numLeaves(tree.flatten([zeros([2]), { b: zeros([3]) }])[1]), 2)
 * ```
 * @category destructors
 */
export const numLeaves = (def: TreeDef): number =>
  def.kind === 'leaf' ? 1 : def.kind === 'none' ? 0 : def.children.reduce((n, c) => n + numLeaves(c), 0)

/**
 * Rebuild a tree from its structure and leaves.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, tensor, neg, type Tensor } from 'fluxion'
 * const params = { w: tensor([1, 2]), b: tensor(0) }
 * const [ls, def] = tree.flatten(params)
 * const negated = tree.unflatten<typeof params>(def, ls.map((x: Tensor) => neg(x)))
 * assert.deepEqual(negated.w.toArray(), [-1, -2])
 * ```
 * @category constructors
 */
export const unflatten = <T = PyTree>(def: TreeDef, ls: ReadonlyArray<unknown>): T => {
  const want = numLeaves(def)
  if (ls.length !== want) throw new TreeError(`unflatten: the structure has ${want} leaves, got ${ls.length}`)
  let i = 0
  const go = (d: TreeDef): unknown => {
    switch (d.kind) {
      case 'leaf':
        return ls[i++]
      case 'none':
        return d.value
      case 'array':
        return d.children.map(go)
      case 'object': {
        const o: Record<string, unknown> = {}
        d.keys.forEach((k, j) => (o[k] = go(d.children[j]!)))
        return o
      }
    }
  }
  return go(def) as T
}

// ---- structure ----

const describeDef = (d: TreeDef): string =>
  d.kind === 'leaf' ? 'a leaf' : d.kind === 'none' ? String(d.value) : d.kind === 'array' ? `an array of ${d.children.length}` : `an object with keys {${d.keys.join(', ')}}`

/**
 * The first path where two structures differ, or null.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, zeros } from 'fluxion'
 * const a = tree.flatten({ w: zeros([2]), b: zeros([2]) })[1]
 * const b = tree.flatten({ w: zeros([2]) })[1]
 * assert.equal(tree.structureDiff(a, a), null)
 * assert.equal(typeof tree.structureDiff(a, b), 'string')   // where they first differ
 * ```
 * @category utils
 */
export const structureDiff = (a: TreeDef, b: TreeDef, path = ''): string | null => {
  const here = path === '' ? '(root)' : path
  if (a.kind !== b.kind) return `${here}: ${describeDef(a)} vs ${describeDef(b)}`
  if (a.kind === 'array' && b.kind === 'array') {
    if (a.children.length !== b.children.length) return `${here}: ${describeDef(a)} vs ${describeDef(b)}`
    for (let i = 0; i < a.children.length; i++) {
      const d = structureDiff(a.children[i]!, b.children[i]!, `${path}[${i}]`)
      if (d !== null) return d
    }
  }
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.keys.join('\u0000') !== b.keys.join('\u0000')) return `${here}: ${describeDef(a)} vs ${describeDef(b)}`
    for (let i = 0; i < a.keys.length; i++) {
      const d = structureDiff(a.children[i]!, b.children[i]!, path === '' ? a.keys[i]! : `${path}.${a.keys[i]}`)
      if (d !== null) return d
    }
  }
  return null
}

/**
 * Do two trees have the same structure (ignoring leaf values)?
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, zeros, ones } from 'fluxion'
 * assert.equal(tree.structureEquals({ w: zeros([2]) }, { w: ones([5]) }), true)   // leaf values and shapes do not count
 * assert.equal(tree.structureEquals({ w: zeros([2]) }, [zeros([2])]), false)
 * ```
 * @category utils
 */
export const structureEquals = (a: unknown, b: unknown): boolean =>
  structureDiff(flatten(a as PyTree<unknown>)[1], flatten(b as PyTree<unknown>)[1]) === null

/**
 * Throw a `TreeError` naming the first differing path unless the structures agree.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, zeros, TreeError } from 'fluxion'
 * tree.assertSameStructure('myOp', { w: zeros([2]) }, { w: zeros([2]) })          // fine: returns
 * assert.throws(() => tree.assertSameStructure('myOp', { w: zeros([2]) }, { v: zeros([2]) }), TreeError)
 * ```
 * @category utils
 */
export const assertSameStructure = (op: string, a: unknown, b: unknown, names: readonly [string, string] = ['first', 'second']): void => {
  const d = structureDiff(flatten(a as PyTree<unknown>)[1], flatten(b as PyTree<unknown>)[1])
  if (d !== null) throw new TreeError(`${op}: the ${names[0]} and ${names[1]} trees differ at ${d}`)
}

/**
 * Paths of the leaves, in `flatten` order (`layers[0].w`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, zeros } from 'fluxion'
 * assert.deepEqual(tree.paths({ layers: [{ w: zeros([2]) }], b: zeros([1]) }), ['b', 'layers[0].w'])
 * ```
 * @category utils
 */
export const paths = (t: unknown): string[] => {
  const out: string[] = []
  walk<void>('tree.paths', t, (x, child, trail) => {
    if (x === null || x === undefined) return
    if (Array.isArray(x)) x.forEach((y, i) => child(y, i))
    else if (isPlainObject(x)) for (const k of Object.keys(x).sort()) child(x[k], k)
    else out.push(showPath(trail))
  })
  return out
}

// ---- combinators ----

/**
 * Apply `f` leafwise over one or more trees of the same structure. The extra
 * trees are typed like the first, so a tree of another structure is a
 * compile error where the types say so; at run time a structure mismatch is
 * a `TreeError` naming the path.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, tensor, add, mul, sub } from 'fluxion'
 * const params = { w: tensor([1, 2]), b: tensor(1) }
 * const grads = { w: tensor([0.5, 0.5]), b: tensor(2) }
 * const next = tree.map((p, g) => sub(p, mul(g, 0.1)), params, grads)   // typed { w: Tensor; b: Tensor }
 * Array.from(next.w.data()).forEach((v, i) => assert.ok(Math.abs(v - [0.95, 1.95][i]!) < 1e-6))   // float32
 * assert.ok(Math.abs(next.b.item() - 0.8) < 1e-6)
 * assert.deepEqual(tree.map((x) => add(x, 1), [tensor(1), tensor(2)]).map((x) => x.item()), [2, 3])
 * ```
 * @category combinators
 */
export function map<T, R = Tensor>(f: (x: Tensor) => R, t: T): MapLeaves<T, Tensor, R>
export function map<T, R = Tensor>(f: (x: Tensor, y: Tensor) => R, t: T, u: NoInfer<T>): MapLeaves<T, Tensor, R>
export function map<T, R = Tensor>(f: (...xs: Tensor[]) => R, t: T, ...rest: ReadonlyArray<NoInfer<T>>): MapLeaves<T, Tensor, R>
export function map<T, R>(f: (...xs: Tensor[]) => R, t: T, ...rest: unknown[]): MapLeaves<T, Tensor, R> {
  const [ls, def] = flatten(t as PyTree<Tensor>)
  const others = rest.map((r, i) => {
    const [rl, rdef] = flatten(r as PyTree<Tensor>)
    const d = structureDiff(def, rdef)
    if (d !== null) throw new TreeError(`tree.map: tree ${i + 2} differs from the first at ${d}`)
    return rl
  })
  return unflatten(def, ls.map((x, i) => f(x, ...others.map((o) => o[i]!))))
}

/**
 * Zeros shaped like every leaf.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, ones } from 'fluxion'
 * const z = tree.zerosLike({ w: ones([2, 2]), b: ones([2]) })
 * assert.deepEqual(z.w.toArray(), [[0, 0], [0, 0]])
 * ```
 * @category combinators
 */
export const zerosLike = <T>(t: T): MapLeaves<T, Tensor, Tensor> => map((x: Tensor) => zeros(x.shape, x.dtype), t)

/**
 * Reduce over the leaves in `flatten` order.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, zeros } from 'fluxion'
 * const count = tree.reduce((n, x) => n + x.size, 0, { w: zeros([3, 4]), b: zeros([4]) })
 * assert.equal(count, 16)   // parameters in the tree
 * ```
 * @category combinators
 */
export const reduce = <A>(f: (acc: A, x: Tensor) => A, init: A, t: unknown): A => leaves(t as PyTree).reduce(f, init)

/**
 * Is every leaf a Tensor?
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { tree, tensor } from 'fluxion'
 * assert.equal(tree.allTensors({ w: tensor(1), b: [tensor(2)] }), true)
 * assert.equal(tree.allTensors({ w: tensor(1), n: 3 }), false)
 * ```
 * @category utils
 */
export const allTensors = (t: unknown): boolean => leaves(t as PyTree<unknown>).every((x) => x instanceof Tensor)
