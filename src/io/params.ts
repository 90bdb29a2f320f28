/**
 * `save` and `load`: any parameter pytree as safetensors bytes, in Node and in
 * a browser (the Node entry adds `saveFile`/`loadFile` for files).
 *
 * Each leaf is named by its `tree.paths` string (`layers[0].w`, `b`), so the
 * bytes read naturally from Python's `safetensors.numpy.load`. `load` with a
 * template (`like`) rebuilds exactly that structure and checks every leaf's
 * shape and dtype; without one it rebuilds nested objects and arrays from the
 * names.
 *
 * @example
 * import { save, load, nn, random } from 'fluxion'
 * const params = nn.mlp.init(random.key(0), [4, 8, 3])
 * const bytes = save(params)                 // Uint8Array, safetensors
 * const back = load(bytes, params)           // same structure, shapes and dtypes, same bits
 *
 * @since 0.1.0
 */
import { ValueError } from '../errors.js'
import { Tensor } from '../tensor/tensor.js'
import type * as tree from '../tree/index.js'
import { decodeSafetensors, encodeSafetensors, tensorsToTree, treeToTensors } from './safetensors.js'

/**
 * Encode a pytree of tensors as safetensors bytes.
 *
 * @param params - nested objects and arrays whose leaves are all tensors
 * @param metadata - optional string pairs for the file's `__metadata__`
 * @throws TreeError when a leaf is not a tensor or two leaves get the same name
 * @example
 * const bytes = save({ w: zeros([2, 2]), b: zeros([2]) })
 * @category io
 * @since 0.1.0
 */
export const save = (params: tree.PyTree, metadata: Readonly<Record<string, string>> = {}): Uint8Array =>
  encodeSafetensors(treeToTensors(params), metadata)

/**
 * Decode safetensors bytes (from `save`, Python or any safetensors writer)
 * into a pytree.
 *
 * With `like`, the result has its structure, and every leaf must exist with
 * its shape and dtype. Without it, the tree is rebuilt from the names:
 * `a.b` is a nested key, `a[0]` an array element.
 *
 * @throws ValueError listing every problem (bad bytes, missing or unexpected
 *   names, shape or dtype mismatches), each with its path
 * @example
 * const params = load(bytes, template)      // typed as the template
 * const any = load(bytes)                   // { b: Tensor, w: Tensor }
 * @category io
 * @since 0.1.0
 */
export function load<T>(bytes: Uint8Array, like: T): T
export function load(bytes: Uint8Array): tree.PyTree
export function load<T>(bytes: Uint8Array, like?: T): T | tree.PyTree {
  const decoded = decodeSafetensors(bytes)
  if (decoded._tag === 'Left') throw problems(decoded.left)
  if (like === undefined) return fromNames(decoded.right.tensors)
  const rebuilt = tensorsToTree({ like }, decoded.right.tensors)
  if (rebuilt._tag === 'Left') throw problems(rebuilt.left)
  return rebuilt.right
}

const problems = (ps: ReadonlyArray<string>): ValueError =>
  new ValueError(`load: ${ps.length} problem(s) in the safetensors bytes:\n  ${ps.join('\n  ')}`)

/** Split `layers[0].w` into `['layers', 0, 'w']`. */
const parsePath = (name: string): Array<string | number> | null => {
  const parts: Array<string | number> = []
  const re = /([^.[\]]+)|\[(\d+)\]/g
  let at = 0
  for (let m = re.exec(name); m !== null; m = re.exec(name)) {
    const sep = name.slice(at, m.index)
    if (!(sep === '' ? m[1] === undefined || parts.length === 0 : sep === '.' && m[1] !== undefined && parts.length > 0)) return null
    parts.push(m[1] ?? Number(m[2]))
    at = re.lastIndex
  }
  return at === name.length && parts.length > 0 ? parts : null
}

/** Nested objects and arrays from `tree.paths` names. */
const fromNames = (tensors: Readonly<Record<string, Tensor>>): tree.PyTree => {
  const names = Object.keys(tensors).sort()
  if (names.length === 1 && names[0] === '') return tensors['']!
  const errors: string[] = []
  const holder: Record<string, unknown> = {} // the tree sits under one key, so an array root needs no special case
  for (const name of names) {
    const path = parsePath(name)
    if (path === null) {
      errors.push(`tensors[${JSON.stringify(name)}]: not a tree path (like "layers[0].w"); pass a template to load`)
      continue
    }
    const parts = ['', ...path]
    let node: Record<string | number, unknown> = holder
    for (const [i, p] of parts.entries()) {
      const last = i === parts.length - 1
      const existing = node[p]
      const wantArray = !last && typeof parts[i + 1] === 'number'
      if (last ? existing !== undefined : existing instanceof Tensor || (existing !== undefined && Array.isArray(existing) !== wantArray)) {
        errors.push(`tensors[${JSON.stringify(name)}]: clashes with another name at ${JSON.stringify(parts.slice(1, i + 1).join('/'))}`)
        break
      }
      if (last) node[p] = tensors[name]
      else node = (node[p] ??= wantArray ? [] : {}) as Record<string | number, unknown>
    }
  }
  const holes = (x: unknown, path: string): void => {
    if (Array.isArray(x)) for (let i = 0; i < x.length; i++) i in x ? holes(x[i], `${path}[${i}]`) : errors.push(`${path}[${i}]: missing`)
    else if (x !== null && typeof x === 'object' && !(x instanceof Tensor)) for (const [k, v] of Object.entries(x)) holes(v, path === '' ? k : `${path}.${k}`)
  }
  holes(holder[''], '')
  if (errors.length > 0) throw problems(errors)
  return (holder[''] ?? {}) as tree.PyTree
}
