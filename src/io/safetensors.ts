/**
 * The safetensors format, on plain bytes: checkpoints that Python's
 * `safetensors` (and so PyTorch, JAX, NumPy) can read, and that fluxion reads
 * back bit for bit. Pure code on `Uint8Array`: it runs in Node and in a browser.
 *
 * A file is
 *
 * ```
 * [8 bytes] N, the header length, unsigned 64-bit little-endian
 * [N bytes] a UTF-8 JSON header, padded with spaces so N is a multiple of 8:
 *           { "__metadata__": { "k": "v" },          (optional, strings only)
 *             "name": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, ... }
 * [rest]    the tensors' raw little-endian bytes; offsets count from the start of this part
 * ```
 *
 * `encodeSafetensors` lays tensors out as the reference Rust writer does (by
 * dtype, F64, F32, I32, BOOL, then by name), so every tensor starts at an
 * offset aligned to its element size and, metadata aside (which Python writes
 * in hash order, fluxion sorted), the bytes equal Python's `save_file`. `decodeSafetensors` checks every field and
 * reports every problem with its path instead of stopping at the first.
 * `treeToTensors` / `tensorsToTree` name the leaves of a parameter pytree by
 * their `tree.paths` (`layers[0].w`), so a checkpoint reads naturally from Python.
 *
 * @example
 * const bytes = encodeSafetensors({ w: tensor([[1, 2], [3, 4]]) }, { step: '10' })
 * const back = decodeSafetensors(bytes)   // Right({ tensors: { w }, metadata: { step: '10' } })
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/lib/Either.js'
import { TreeError, ValueError } from '../errors.js'
import type { DType, TypedArray } from '../tensor/dtype.js'
import { fromBuffer, Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'

/**
 * fp-ts's `Either` values, built here: they are plain objects, and loading
 * fp-ts's runtime would cost the core's import time a module graph of its own.
 */
const left = <A>(l: A): E.Either<A, never> => ({ _tag: 'Left', left: l })
const right = <B>(r: B): E.Either<never, B> => ({ _tag: 'Right', right: r })
const isRight = <A, B>(e: E.Either<A, B>): e is E.Right<B> => e._tag === 'Right'

// ---- model ----

/** A safetensors dtype tag that fluxion reads and writes. @category model @since 0.1.0 */
export type SafetensorsDType = 'F32' | 'F64' | 'I32' | 'BOOL'

/** A decoded file: its tensors by name and its `__metadata__` (empty when absent). @category model @since 0.1.0 */
export interface Safetensors {
  readonly tensors: Readonly<Record<string, Tensor>>
  readonly metadata: Readonly<Record<string, string>>
}

const TAG: Record<DType, SafetensorsDType> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' }
const DTYPE: Record<SafetensorsDType, DType> = { F32: 'float32', F64: 'float64', I32: 'int32', BOOL: 'bool' }
const ITEMSIZE: Record<SafetensorsDType, number> = { F32: 4, F64: 8, I32: 4, BOOL: 1 }
/** The Rust crate's `Dtype` order (BOOL < I32 < F32 < F64); its writer lays tensors out from the highest down. */
const RANK: Record<SafetensorsDType, number> = { BOOL: 0, I32: 1, F32: 2, F64: 3 }

/** The header size Python's `safetensors` refuses to go beyond (100 MB). */
const MAX_HEADER = 100_000_000

const METADATA = '__metadata__'

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

// ---- encoding ----

/**
 * Encode named tensors (and optional string metadata) as a safetensors file.
 *
 * Tensors are laid out F64, F32, I32, BOOL, each group by name (as the Rust
 * writer does), the header is padded with spaces to a multiple of 8 bytes, and the
 * same input always gives the same bytes.
 *
 * @param tensors - the tensors by name; `__metadata__` is not a valid name
 * @param metadata - string pairs stored under `__metadata__` (omitted when undefined)
 * @returns the file's bytes
 * @throws ValueError for the name `__metadata__` or a metadata value that is not a string
 * @example
 * const bytes = encodeSafetensors({ b: zeros([2]), w: ones([2, 2]) })
 * assert.equal(bytes.length % 8, 0)
 * @category encoding
 * @since 0.1.0
 */
export const encodeSafetensors = (
  tensors: Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array => {
  if (Object.prototype.hasOwnProperty.call(tensors, METADATA))
    throw new ValueError(`encodeSafetensors: "${METADATA}" is reserved for metadata; rename that tensor`)
  const entries = Object.keys(tensors)
    .map((name) => {
      const t = tensors[name]!
      if (!(t instanceof Tensor)) throw new ValueError(`encodeSafetensors: tensors["${name}"] is not a Tensor`)
      return { name, tag: TAG[t.dtype], shape: t.shape.slice(), data: t.data() }
    })
    .sort((a, b) => RANK[b.tag] - RANK[a.tag] || compareNames(a.name, b.name))

  const header: Record<string, unknown> = {}
  if (metadata !== undefined) {
    const meta: Record<string, string> = {}
    for (const k of Object.keys(metadata).sort(compareNames)) {
      const v = metadata[k]
      if (typeof v !== 'string')
        throw new ValueError(`encodeSafetensors: metadata["${k}"] must be a string, got ${typeof v}; use String(x) or JSON.stringify(x)`)
      setOwn(meta, k, v)
    }
    header[METADATA] = meta
  }
  let offset = 0
  for (const e of entries) {
    const n = e.data.length * ITEMSIZE[e.tag]
    setOwn(header, e.name, { dtype: e.tag, shape: e.shape, data_offsets: [offset, offset + n] })
    offset += n
  }

  const json = new TextEncoder().encode(JSON.stringify(header))
  const headerLen = Math.ceil(json.length / 8) * 8
  const out = new Uint8Array(8 + headerLen + offset)
  const view = new DataView(out.buffer)
  view.setUint32(0, headerLen, true)
  view.setUint32(4, Math.floor(headerLen / 2 ** 32), true)
  out.set(json, 8)
  out.fill(0x20, 8 + json.length, 8 + headerLen)
  let at = 8 + headerLen
  for (const e of entries) {
    writeLE(e.data, out, at)
    at += e.data.length * ITEMSIZE[e.tag]
  }
  return out
}

// ---- decoding ----

/**
 * Decode and validate a safetensors file.
 *
 * Every problem is reported, each with its path: the header length (in
 * bounds), the header (UTF-8 JSON object), `__metadata__` (strings only), and
 * for every tensor its `dtype`, `shape` and `data_offsets`, which must match
 * the shape's byte size, tile the data part without gaps or overlaps, and
 * stay inside the buffer. Only F32, F64, I32 and BOOL are accepted.
 *
 * @param bytes - the whole file
 * @returns `Right({ tensors, metadata })`, or `Left` with one message per problem
 * @example
 * const r = decodeSafetensors(encodeSafetensors({ w: tensor([1, 2]) }))
 * assert.ok(E.isRight(r) && r.right.tensors['w'].shape[0] === 2)
 * @category decoding
 * @since 0.1.0
 */
export const decodeSafetensors = (bytes: Uint8Array): E.Either<string[], Safetensors> => {
  if (!(bytes instanceof Uint8Array)) return left([`file: expected a Uint8Array, got ${describe(bytes)}`])
  if (bytes.length < 8) return left([`header length: expected at least 8 bytes for the length prefix, got ${bytes.length} (file truncated?)`])
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lo = view.getUint32(0, true)
  const hi = view.getUint32(4, true)
  const headerLen = hi * 2 ** 32 + lo
  if (headerLen > MAX_HEADER)
    return left([`header length: ${headerLen} exceeds the ${MAX_HEADER}-byte limit safetensors readers accept (not a safetensors file?)`])
  if (headerLen > bytes.length - 8)
    return left([`header length: ${headerLen} exceeds the ${bytes.length - 8} bytes after the length prefix (file truncated?)`])
  if (headerLen === 0) return left(['header length: 0; the header must hold at least "{}"'])

  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen))
  } catch {
    return left(['header: not valid UTF-8'])
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    return left([`header: invalid JSON: ${(e as Error).message}`])
  }
  if (!isRecord(parsed)) return left([`header: expected a JSON object, got ${describe(parsed)}`])

  const errors: string[] = []
  const dataStart = 8 + headerLen
  const dataLen = bytes.length - dataStart

  // metadata: a map of strings
  const metadata: Record<string, string> = {}
  if (Object.prototype.hasOwnProperty.call(parsed, METADATA)) {
    const m = parsed[METADATA]
    if (!isRecord(m)) errors.push(`${METADATA}: expected an object of strings, got ${describe(m)}`)
    else
      for (const k of Object.keys(m)) {
        const v = m[k]
        if (typeof v === 'string') setOwn(metadata, k, v)
        else errors.push(`${METADATA}["${k}"]: expected a string, got ${describe(v)}`)
      }
  }

  // each entry on its own
  interface Entry {
    readonly name: string
    readonly path: string
    readonly tag: SafetensorsDType
    readonly shape: number[]
    readonly begin: number
    readonly end: number
  }
  const entries: Entry[] = []
  for (const name of Object.keys(parsed)) {
    if (name === METADATA) continue
    const path = `tensors[${JSON.stringify(name)}]`
    const info = parsed[name]
    if (!isRecord(info)) {
      errors.push(`${path}: expected an object with dtype, shape and data_offsets, got ${describe(info)}`)
      continue
    }
    const before = errors.length
    const tag = info['dtype']
    if (!(typeof tag === 'string' && Object.prototype.hasOwnProperty.call(ITEMSIZE, tag)))
      errors.push(`${path}.dtype: expected one of F32, F64, I32, BOOL, got ${describe(tag)}`)
    const shape = info['shape']
    if (!(Array.isArray(shape) && shape.every(isIndex)))
      errors.push(`${path}.shape: expected an array of non-negative integers, got ${describe(shape)}`)
    const offs = info['data_offsets']
    if (!(Array.isArray(offs) && offs.length === 2 && offs.every(isIndex)))
      errors.push(`${path}.data_offsets: expected [begin, end] with non-negative integers, got ${describe(offs)}`)
    if (errors.length > before) continue
    const [begin, end] = offs as [number, number]
    const st = tag as SafetensorsDType
    const nbytes = (shape as number[]).reduce((a, d) => a * d, 1) * ITEMSIZE[st]
    if (end !== begin + nbytes) {
      errors.push(
        `${path}.data_offsets: expected [${begin}, ${begin + nbytes}], got [${begin}, ${end}] (` +
          `shape [${(shape as number[]).join(', ')}] of ${st} is ${nbytes} bytes)`,
      )
      continue
    }
    if (end > dataLen) {
      errors.push(`${path}.data_offsets: [${begin}, ${end}] extends past the ${dataLen} data bytes (file truncated?)`)
      continue
    }
    entries.push({ name, path, tag: st, shape: shape as number[], begin, end })
  }

  // together: the entries must tile [0, dataLen) exactly
  const byOffset = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end || compareNames(a.name, b.name))
  let at = 0
  let prev: Entry | undefined
  for (const e of byOffset) {
    if (e.begin < at)
      errors.push(
        `${e.path}.data_offsets: [${e.begin}, ${e.end}] overlaps ${prev!.path} at [${prev!.begin}, ${prev!.end}]; expected it to begin at ${at}`,
      )
    else if (e.begin > at)
      errors.push(`${e.path}.data_offsets: expected [${at}, ${at + e.end - e.begin}], got [${e.begin}, ${e.end}] (a gap of ${e.begin - at} bytes)`)
    if (e.end >= at) {
      at = e.end
      prev = e
    }
  }
  if (errors.length === 0 && at !== dataLen)
    errors.push(`data: the tensors cover ${at} bytes, but ${dataLen} bytes follow the header (trailing bytes)`)

  // the values (BOOL bytes must be 0 or 1)
  const tensors: Record<string, Tensor> = {}
  for (const e of entries) {
    const data = readLE(e.tag, bytes, dataStart + e.begin, (e.end - e.begin) / ITEMSIZE[e.tag])
    if (e.tag === 'BOOL') {
      const bad = data.findIndex((v) => v !== 0 && v !== 1)
      if (bad >= 0) errors.push(`${e.path}: BOOL element ${bad} is the byte ${data[bad]}, expected 0 or 1`)
    }
    setOwn(tensors, e.name, fromBuffer(data, e.shape, DTYPE[e.tag]))
  }
  return errors.length > 0 ? left(errors) : right({ tensors: sortRecord(tensors), metadata: sortRecord(metadata) })
}

// ---- pytrees ----

/**
 * Name each leaf of a parameter pytree by its `tree.paths` string
 * (`layers[0].w`, `b`), ready for `encodeSafetensors`.
 *
 * @param t - a pytree whose leaves are all tensors
 * @throws TreeError when a leaf is not a tensor, or when two leaves get the same name
 *   (an object key that itself holds `.` or `[`)
 * @example
 * const named = treeToTensors({ layers: [{ w: zeros([2, 2]) }], b: zeros([2]) })
 * assert.deepEqual(Object.keys(named), ['b', 'layers[0].w'])
 * @category pytrees
 * @since 0.1.0
 */
export const treeToTensors = (t: unknown): Record<string, Tensor> => {
  const names = tree.paths(t)
  const ls = tree.leaves(t as tree.PyTree<unknown>)
  const out: Record<string, Tensor> = {}
  names.forEach((name, i) => {
    const leaf = ls[i]
    if (!(leaf instanceof Tensor)) throw new TreeError(`treeToTensors: the leaf at ${name || '(root)'} is ${describe(leaf)}, expected a Tensor`)
    if (Object.prototype.hasOwnProperty.call(out, name))
      throw new TreeError(`treeToTensors: two leaves are both named "${name}"; rename the object key that holds "." or "["`)
    if (name === METADATA) throw new TreeError(`treeToTensors: a leaf is named "${METADATA}", which safetensors reserves; rename it`)
    setOwn(out, name, leaf)
  })
  return out
}

/**
 * The leaf names (`tree.paths` strings) a structure has, in `flatten` order.
 *
 * @example
 * const [, def] = tree.flatten({ layers: [{ w: zeros([1]) }], b: zeros([1]) })
 * assert.deepEqual(treedefPaths(def), ['b', 'layers[0].w'])
 * @category pytrees
 * @since 0.1.0
 */
export const treedefPaths = (def: tree.TreeDef): string[] => {
  const out: string[] = []
  const go = (d: tree.TreeDef, p: string): void => {
    switch (d.kind) {
      case 'leaf':
        out.push(p)
        return
      case 'none':
        return
      case 'array':
        d.children.forEach((c, i) => go(c, `${p}[${i}]`))
        return
      case 'object':
        d.keys.forEach((k, i) => go(d.children[i]!, p === '' ? k : `${p}.${k}`))
    }
  }
  go(def, '')
  return out
}

/**
 * Rebuild a pytree from named tensors, given its structure: either a
 * `TreeDef` (from `tree.flatten`) or a template tree of tensors (for example
 * freshly initialised parameters). With a template, each tensor's shape and
 * dtype must also match the template's leaf.
 *
 * Every missing name, unexpected name and mismatch is reported, with the
 * path, as in `tensors["layers[0].w"]: missing`.
 *
 * @param structure - `{ def }` with a TreeDef, or `{ like }` with a template tree
 * @param tensors - named tensors, e.g. `decodeSafetensors(bytes).right.tensors`
 * @example
 * const params = { w: zeros([2, 2]), b: zeros([2]) }
 * const back = tensorsToTree({ like: params }, treeToTensors(params))   // Right({ b, w })
 * @category pytrees
 * @since 0.1.0
 */
export function tensorsToTree<T>(structure: { readonly like: T }, tensors: Readonly<Record<string, Tensor>>): E.Either<string[], T>
export function tensorsToTree<T = tree.PyTree>(
  structure: { readonly def: tree.TreeDef },
  tensors: Readonly<Record<string, Tensor>>,
): E.Either<string[], T>
export function tensorsToTree<T>(
  structure: { readonly like: T } | { readonly def: tree.TreeDef },
  tensors: Readonly<Record<string, Tensor>>,
): E.Either<string[], T> {
  const [template, def] =
    'def' in structure ? [undefined, structure.def] : tree.flatten(structure.like as tree.PyTree<unknown>)
  const names = treedefPaths(def)
  const errors: string[] = []
  const leaves: Tensor[] = []
  names.forEach((name, i) => {
    const path = `tensors[${JSON.stringify(name)}]`
    const t = Object.prototype.hasOwnProperty.call(tensors, name) ? tensors[name] : undefined
    if (t === undefined) return void errors.push(`${path}: missing`)
    const want = template?.[i]
    if (want instanceof Tensor) {
      if (want.shape.join(',') !== t.shape.join(','))
        errors.push(`${path}.shape: expected [${want.shape.join(', ')}], got [${t.shape.join(', ')}]`)
      if (want.dtype !== t.dtype) errors.push(`${path}.dtype: expected ${TAG[want.dtype]}, got ${TAG[t.dtype]}`)
    }
    leaves.push(t)
  })
  const known = new Set(names)
  for (const name of Object.keys(tensors).sort(compareNames))
    if (!known.has(name)) errors.push(`tensors[${JSON.stringify(name)}]: not a leaf of the tree structure`)
  return errors.length > 0 ? left(errors) : right(tree.unflatten<T>(def, leaves))
}

// ---- checksum ----

/**
 * A fixed, non-cryptographic fingerprint of some bytes: 64-bit FNV-1a
 * (offset basis 0xcbf29ce484222325, prime 0x100000001b3), as 16 lowercase hex
 * digits. It detects accidental corruption, not tampering. Computed with
 * 16-bit limbs, so it is exact on every JS engine.
 *
 * @example
 * assert.equal(checksum(new TextEncoder().encode('a')), 'af63dc4c8601ec8c')
 * assert.equal(checksum(new Uint8Array(0)), 'cbf29ce484222325')
 * @category checksum
 * @since 0.1.0
 */
export const checksum = (bytes: Uint8Array): string => {
  let h0 = 0x2325
  let h1 = 0x8422
  let h2 = 0x9ce4
  let h3 = 0xcbf2
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i]!
    // h * prime mod 2^64, prime = 2^40 + 0x1b3: the 2^40 part moves limb 0 to limb 2 and limb 1 to
    // limb 3, times 0x100; limbs 2 and 3 shift out of the low 64 bits
    const t0 = h0 * 0x1b3
    const t1 = h1 * 0x1b3 + (t0 >>> 16)
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16)
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16)
    h0 = t0 & 0xffff
    h1 = t1 & 0xffff
    h2 = t2 & 0xffff
    h3 = t3 & 0xffff
  }
  return [h3, h2, h1, h0].map((x) => x.toString(16).padStart(4, '0')).join('')
}

// ---- utils ----

/** Order names by code point (as Rust orders strings), independent of locale. */
const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const sortRecord = <V>(r: Record<string, V>): Record<string, V> => {
  const out: Record<string, V> = {}
  for (const k of Object.keys(r).sort(compareNames)) setOwn(out, k, r[k]!)
  return out
}

/** Set an own property, even for a name like `__proto__` that plain assignment would not store. */
const setOwn = <V>(o: Record<string, V>, k: string, v: V): void => {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x)

const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0

const describe = (x: unknown): string => {
  if (x === undefined) return 'nothing'
  if (x instanceof Uint8Array) return 'a Uint8Array'
  const s = JSON.stringify(x) ?? String(x)
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

/** Copy typed-array elements into `out` at `at` as little-endian bytes. */
const writeLE = (data: TypedArray, out: Uint8Array, at: number): void => {
  if (LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at)
    return
  }
  const view = new DataView(out.buffer, out.byteOffset + at, data.byteLength)
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float64Array) view.setFloat64(i * 8, data[i]!, true)
    else if (data instanceof Float32Array) view.setFloat32(i * 4, data[i]!, true)
    else view.setInt32(i * 4, data[i]!, true)
  }
}

/** Read `n` little-endian elements of a dtype from `bytes` at `at` into a fresh, aligned typed array. */
const readLE = (tag: SafetensorsDType, bytes: Uint8Array, at: number, n: number): TypedArray => {
  const size = ITEMSIZE[tag]
  const buf = bytes.slice(at, at + n * size).buffer
  if (LITTLE_ENDIAN || size === 1)
    return tag === 'F32' ? new Float32Array(buf) : tag === 'F64' ? new Float64Array(buf) : tag === 'I32' ? new Int32Array(buf) : new Uint8Array(buf)
  const view = new DataView(buf)
  if (tag === 'F64') return Float64Array.from({ length: n }, (_, i) => view.getFloat64(i * 8, true))
  if (tag === 'F32') return Float32Array.from({ length: n }, (_, i) => view.getFloat32(i * 4, true))
  return Int32Array.from({ length: n }, (_, i) => view.getInt32(i * 4, true))
}
