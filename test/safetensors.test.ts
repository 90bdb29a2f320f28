import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { TreeError, ValueError } from '../src/errors.js'
import {
  checksum,
  decodeSafetensors,
  encodeSafetensors,
  tensorsToTree,
  treedefPaths,
  treeToTensors,
  type Safetensors,
} from '../src/experiment/safetensors.js'
import { tensor, zeros } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'
import * as tree from '../src/tree/index.js'

const right = (r: E.Either<string[], Safetensors>): Safetensors => {
  if (E.isLeft(r)) throw new Error(`expected Right, got ${r.left.join('; ')}`)
  return r.right
}
const left = (r: E.Either<string[], unknown>): string[] => {
  if (E.isRight(r)) throw new Error('expected Left')
  return r.left
}

const headerOf = (bytes: Uint8Array): { len: number; json: Record<string, unknown>; raw: string } => {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true)
  const raw = new TextDecoder().decode(bytes.subarray(8, 8 + len))
  return { len, json: JSON.parse(raw), raw }
}

/** A file with a hand-written header over `data` (header padded to 8). */
const withHeader = (header: unknown, data: Uint8Array | number[] = []): Uint8Array => {
  let json = JSON.stringify(header)
  while (json.length % 8 !== 0) json += ' '
  const h = new TextEncoder().encode(json)
  const out = new Uint8Array(8 + h.length + data.length)
  new DataView(out.buffer).setUint32(0, h.length, true)
  out.set(h, 8)
  out.set(data, 8 + h.length)
  return out
}

const same = (a: Tensor, b: Tensor): void => {
  expect(b.dtype).toBe(a.dtype)
  expect(b.shape).toEqual(a.shape)
  expect([...b.data()]).toEqual([...a.data()])
}

describe('encodeSafetensors / decodeSafetensors', () => {
  it('round-trips f32, f64, i32 and bool, including scalars and size-0 tensors', () => {
    const ts: Record<string, Tensor> = {
      f32: tensor([[1.5, -2], [3.25, 1e-30]], { dtype: 'float32' }),
      f64: tensor([Math.PI, -0, Number.MAX_VALUE, 5e-324, Number.NaN, -Infinity], { dtype: 'float64' }),
      i32: tensor([[2147483647], [-2147483648], [0]], { dtype: 'int32' }),
      bool: tensor([true, false, true]),
      scalar: tensor(7, { dtype: 'float64' }),
      scalarBool: tensor(true),
      empty: zeros([0, 3], 'float32'),
      emptyInt: zeros([4, 0], 'int32'),
    }
    const bytes = encodeSafetensors(ts, { step: '12', note: 'héllo' })
    const back = right(decodeSafetensors(bytes))
    expect(Object.keys(back.tensors)).toEqual(Object.keys(ts).sort())
    for (const k of Object.keys(ts)) same(ts[k]!, back.tensors[k]!)
    expect(Object.is(back.tensors['f64']!.data()[1], -0)).toBe(true)
    expect(back.metadata).toEqual({ note: 'héllo', step: '12' })
    // re-encoding the decoded file gives the same bytes
    expect(encodeSafetensors(back.tensors, back.metadata)).toEqual(bytes)
  })

  it('pads the header to a multiple of 8 and aligns every tensor to its element size', () => {
    for (let n = 0; n < 9; n++) {
      const name = 'x'.repeat(n + 1)
      const bytes = encodeSafetensors({ [name]: zeros([n], 'float64'), b: tensor([true]), i: zeros([1], 'int32') })
      const { len, json, raw } = headerOf(bytes)
      expect(len % 8).toBe(0)
      expect(raw.trimEnd().length).toBeGreaterThan(len - 8)
      expect(raw.slice(raw.trimEnd().length)).toMatch(/^ *$/)
      for (const k of Object.keys(json)) {
        const info = json[k] as { dtype: string; data_offsets: [number, number] }
        const size = { F64: 8, F32: 4, I32: 4, BOOL: 1 }[info.dtype]!
        expect((8 + len + info.data_offsets[0]) % size).toBe(0)
      }
    }
  })

  it('lays out a tiny tensor byte for byte (computed by hand)', () => {
    const bytes = encodeSafetensors({ x: tensor([1, 2], { dtype: 'float32' }) })
    const header = '{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}' // 54 bytes, padded to 56
    const expected = [
      ...[56, 0, 0, 0, 0, 0, 0, 0],
      ...[...header].map((c) => c.charCodeAt(0)),
      0x20,
      0x20,
      ...[0x00, 0x00, 0x80, 0x3f], // 1.0f, little-endian
      ...[0x00, 0x00, 0x00, 0x40], // 2.0f
    ]
    expect(header.length).toBe(54)
    expect([...bytes]).toEqual(expected)
  })

  it('writes metadata first, then the tensors by dtype (F64, F32, I32, BOOL) and name, as the Rust writer does', () => {
    const bytes = encodeSafetensors({ z: tensor([true]), a: zeros([1], 'int32'), m: zeros([1], 'float64'), b: zeros([1], 'float32') }, { k: 'v' })
    const { json } = headerOf(bytes)
    expect(Object.keys(json)).toEqual(['__metadata__', 'm', 'b', 'a', 'z'])
    expect((json['z'] as { data_offsets: number[] }).data_offsets).toEqual([16, 17])
    // same tensors in any insertion order: same bytes
    expect(encodeSafetensors({ b: zeros([1], 'float32'), m: zeros([1], 'float64'), z: tensor([true]), a: zeros([1], 'int32') }, { k: 'v' })).toEqual(bytes)
  })

  it('omits __metadata__ unless given, and refuses bad names and values', () => {
    expect(Object.keys(headerOf(encodeSafetensors({ w: zeros([1]) })).json)).toEqual(['w'])
    expect(right(decodeSafetensors(encodeSafetensors({}))).tensors).toEqual({})
    expect(() => encodeSafetensors({ __metadata__: zeros([1]) })).toThrow(ValueError)
    expect(() => encodeSafetensors({ w: zeros([1]) }, { n: 3 as unknown as string })).toThrow(/metadata\["n"\] must be a string/)
  })

  it('keeps odd names (dots, brackets, unicode, __proto__) as they are', () => {
    const ts = { 'layers[0].w': zeros([2]), 'é ü': zeros([1]), ['__proto__']: zeros([3]) }
    const named = Object.fromEntries(Object.entries(ts))
    Object.defineProperty(named, '__proto__', { value: zeros([3]), enumerable: true })
    const back = right(decodeSafetensors(encodeSafetensors(named)))
    expect(Object.keys(back.tensors).sort()).toEqual(['__proto__', 'layers[0].w', 'é ü'])
    expect(Object.getPrototypeOf(back.tensors)).toBe(Object.prototype)
  })
})

describe('decodeSafetensors: every corruption is reported with its path', () => {
  const good = encodeSafetensors({ 'layers[0].w': zeros([4, 4], 'float32'), b: zeros([4], 'float32') })

  it('truncated files', () => {
    expect(left(decodeSafetensors(good.subarray(0, 5)))[0]).toMatch(/^header length: expected at least 8 bytes/)
    expect(left(decodeSafetensors(good.subarray(0, 40)))[0]).toMatch(/^header length: \d+ exceeds the 32 bytes after the length prefix/)
    const cut = left(decodeSafetensors(good.subarray(0, good.length - 4)))
    expect(cut).toEqual([expect.stringMatching(/^tensors\["layers\[0\]\.w"\]\.data_offsets: \[16, 80\] extends past the 76 data bytes/)])
  })

  it('bad header lengths', () => {
    const huge = good.slice()
    new DataView(huge.buffer).setUint32(4, 1, true)
    expect(left(decodeSafetensors(huge))[0]).toMatch(/^header length: 4294967\d+ exceeds the 100000000-byte limit/)
    // shorter than the JSON (padding is at most 7 bytes): the JSON is cut
    const off = good.slice()
    new DataView(off.buffer).setUint32(0, headerOf(good).len - 10, true)
    expect(left(decodeSafetensors(off))[0]).toMatch(/^header: invalid JSON/)
    // longer: the header swallows data bytes that are not JSON
    new DataView(off.buffer).setUint32(0, headerOf(good).len + 8, true)
    expect(left(decodeSafetensors(off))[0]).toMatch(/^header: invalid JSON/)
    const zero = good.slice()
    new DataView(zero.buffer).setUint32(0, 0, true)
    expect(left(decodeSafetensors(zero))[0]).toMatch(/^header length: 0/)
  })

  it('headers that are not a JSON object, or not UTF-8', () => {
    expect(left(decodeSafetensors(withHeader([1, 2])))).toEqual(['header: expected a JSON object, got [1,2]'])
    const bad = withHeader({ a: 1 })
    bad[9] = 0xff
    expect(left(decodeSafetensors(bad))).toEqual(['header: not valid UTF-8'])
  })

  it('sizes that do not match the shape', () => {
    const f = withHeader({ 'layers[0].w': { dtype: 'F32', shape: [4, 4], data_offsets: [0, 60] } }, new Uint8Array(60))
    expect(left(decodeSafetensors(f))).toEqual([
      'tensors["layers[0].w"].data_offsets: expected [0, 64], got [0, 60] (shape [4, 4] of F32 is 64 bytes)',
    ])
  })

  it('overlapping offsets, gaps and trailing bytes', () => {
    const overlap = withHeader(
      {
        a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
        b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
      },
      new Uint8Array(16),
    )
    expect(left(decodeSafetensors(overlap))).toEqual([
      'tensors["b"].data_offsets: [8, 16] overlaps tensors["a"] at [0, 16]; expected it to begin at 16',
    ])
    const gap = withHeader({ a: { dtype: 'I32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8))
    expect(left(decodeSafetensors(gap))).toEqual(['tensors["a"].data_offsets: expected [0, 4], got [4, 8] (a gap of 4 bytes)'])
    const trailing = withHeader({ a: { dtype: 'I32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(8))
    expect(left(decodeSafetensors(trailing))).toEqual(['data: the tensors cover 4 bytes, but 8 bytes follow the header (trailing bytes)'])
  })

  it('wrong dtypes, shapes, offsets, metadata and bool bytes, all at once', () => {
    const f = withHeader(
      {
        __metadata__: { ok: 'yes', n: 3 },
        half: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
        neg: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] },
        frac: { dtype: 'F32', shape: [1], data_offsets: [0.5, 4] },
        three: { dtype: 'F32', shape: [1], data_offsets: [0, 4, 8] },
        str: 'nope',
        flag: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] },
      },
      [1, 7],
    )
    expect(left(decodeSafetensors(f))).toEqual([
      '__metadata__["n"]: expected a string, got 3',
      'tensors["half"].dtype: expected one of F32, F64, I32, BOOL, got "F16"',
      'tensors["neg"].shape: expected an array of non-negative integers, got [-1]',
      'tensors["frac"].data_offsets: expected [begin, end] with non-negative integers, got [0.5,4]',
      'tensors["three"].data_offsets: expected [begin, end] with non-negative integers, got [0,4,8]',
      'tensors["str"]: expected an object with dtype, shape and data_offsets, got "nope"',
      'tensors["flag"]: BOOL element 1 is the byte 7, expected 0 or 1',
    ])
  })
})

describe('treeToTensors / tensorsToTree', () => {
  const params = { layers: [{ w: tensor([[1, 2]]), b: tensor([0]) }, { w: tensor([[3], [4]]), b: tensor([1]) }], scale: tensor(2, { dtype: 'float64' }), skip: null }

  it('names leaves by their tree paths and rebuilds the tree', () => {
    const named = treeToTensors(params)
    expect(Object.keys(named)).toEqual(tree.paths(params))
    expect(Object.keys(named)).toEqual(['layers[0].b', 'layers[0].w', 'layers[1].b', 'layers[1].w', 'scale'])
    const decoded = right(decodeSafetensors(encodeSafetensors(named))).tensors
    const [, def] = tree.flatten(params)
    expect(treedefPaths(def)).toEqual(tree.paths(params))
    for (const back of [tensorsToTree({ def }, decoded), tensorsToTree({ like: params }, decoded)]) {
      expect(E.isRight(back)).toBe(true)
      if (E.isRight(back)) {
        expect(tree.structureEquals(back.right, params)).toBe(true)
        expect(tree.leaves(back.right as tree.PyTree).map((t) => t.toArray())).toEqual(tree.leaves(params).map((t) => t.toArray()))
      }
    }
  })

  it('reports missing and unexpected names, and shape or dtype mismatches against a template', () => {
    const named = treeToTensors(params)
    const { ['layers[1].w']: _gone, ...rest } = named
    const bad = { ...rest, 'layers[0].b': tensor([0, 0]), scale: tensor(2, { dtype: 'float32' }), extra: tensor([1]) }
    expect(left(tensorsToTree({ like: params }, bad))).toEqual([
      'tensors["layers[0].b"].shape: expected [1], got [2]',
      'tensors["layers[1].w"]: missing',
      'tensors["scale"].dtype: expected F64, got F32',
      'tensors["extra"]: not a leaf of the tree structure',
    ])
    const [, def] = tree.flatten(params)
    expect(left(tensorsToTree({ def }, bad))).toEqual(['tensors["layers[1].w"]: missing', 'tensors["extra"]: not a leaf of the tree structure'])
  })

  it('refuses non-tensor leaves and colliding names', () => {
    expect(() => treeToTensors({ w: 3 })).toThrow(TreeError)
    expect(() => treeToTensors({ 'a.b': zeros([1]), a: { b: zeros([1]) } })).toThrow(/both named "a.b"/)
  })
})

describe('checksum (FNV-1a 64)', () => {
  it('matches the published test vectors', () => {
    const enc = (s: string) => new TextEncoder().encode(s)
    expect(checksum(new Uint8Array(0))).toBe('cbf29ce484222325')
    expect(checksum(enc('a'))).toBe('af63dc4c8601ec8c')
    expect(checksum(enc('foobar'))).toBe('85944171f73967e8')
  })

  it('changes when one bit of a file changes', () => {
    const bytes = encodeSafetensors({ w: zeros([8]) })
    const flipped = bytes.slice()
    flipped[flipped.length - 1]! ^= 1
    expect(checksum(flipped)).not.toBe(checksum(bytes))
    expect(checksum(bytes)).toMatch(/^[0-9a-f]{16}$/)
  })
})
