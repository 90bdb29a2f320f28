/**
 * `save`/`load` (safetensors bytes, in the core), `saveFile`/`loadFile` (the
 * Node entry) and `backend()`/`setBackend()`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { backend, load, matmul, nn, random, save, setBackend, tensor, Tensor, TreeError, ValueError, zeros } from '../src/index.js'
import { loadFile, saveFile } from '../src/node.js'
import { decodeSafetensors } from '../src/io/safetensors.js'

const bitsOf = (t: Tensor): number[] => [...new Uint8Array(t.data().buffer)]

describe('save and load', () => {
  const params = {
    layers: [{ w: random.normal(random.key(1), [3, 4]), b: zeros([4]) }, { w: random.normal(random.key(2), [4, 2], { dtype: 'float64' }), b: zeros([2], 'float64') }],
    scale: tensor(7, { dtype: 'int32' }),
  }

  it('round-trips any params pytree bit for bit, with a template', () => {
    const back = load(save(params), params)
    expect(back.layers[1]!.w.dtype).toBe('float64')
    expect(bitsOf(back.layers[0]!.w)).toEqual(bitsOf(params.layers[0]!.w))
    expect(bitsOf(back.layers[1]!.w)).toEqual(bitsOf(params.layers[1]!.w))
    expect(back.scale.item()).toBe(7)
  })

  it('writes safetensors named by tree paths, with metadata', () => {
    const d = decodeSafetensors(save(params, { note: 'hi' }))
    expect(d._tag).toBe('Right')
    if (d._tag === 'Right') {
      expect(Object.keys(d.right.tensors)).toEqual(['layers[0].b', 'layers[0].w', 'layers[1].b', 'layers[1].w', 'scale'])
      expect(d.right.metadata).toEqual({ note: 'hi' })
    }
  })

  it('rebuilds nested objects and arrays from the names without a template', () => {
    const back = load(save(params)) as typeof params
    expect(Array.isArray(back.layers)).toBe(true)
    expect(back.layers.length).toBe(2)
    expect(bitsOf(back.layers[1]!.w)).toEqual(bitsOf(params.layers[1]!.w))
    const mlp = nn.mlp.init(random.key(0), [2, 3, 1])
    const arr = load(save(mlp)) as nn.MlpParams
    expect(Array.isArray(arr)).toBe(true)
    expect(arr[1]!.w.shape).toEqual([3, 1])
    expect((load(save(tensor([1, 2]))) as Tensor).toArray()).toEqual([1, 2])
  })

  it('lists every mismatch against the template with its path', () => {
    const other = { ...params, layers: [{ w: zeros([3, 5]), b: zeros([4], 'float64') }, params.layers[1]!], extra: zeros([1]) }
    expect(() => load(save(params), other)).toThrow(ValueError)
    expect(() => load(save(params), other)).toThrow(
      'load: 3 problem(s) in the safetensors bytes:\n' +
      '  tensors["extra"]: missing\n' +
      '  tensors["layers[0].b"].dtype: expected F64, got F32\n' +
      '  tensors["layers[0].w"].shape: expected [3, 5], got [3, 4]')
    const { scale: _, ...noScale } = params
    expect(() => load(save(params), noScale)).toThrow('load: 1 problem(s) in the safetensors bytes:\n  tensors["scale"]: not a leaf of the tree structure')
  })

  it('rejects bytes that are not safetensors, and names that clash or are not paths', () => {
    expect(() => load(new Uint8Array([1, 2, 3]))).toThrow(/^load: 1 problem\(s\) in the safetensors bytes:\n  header length: expected at least 8 bytes/)
    expect(() => save({ 'a.b': zeros([1]), a: { b: zeros([1]) } })).toThrow(TreeError) // two leaves named a.b
    expect(() => load(save({ a: zeros([1]), 'a.b': zeros([1]) }))).toThrow(/tensors\["a\.b"\]: clashes with another name/)
    expect(() => load(save({ 'x]': zeros([1]) }))).toThrow(/tensors\["x\]"\]: not a tree path/)
    expect(() => load(save([zeros([1]), null, zeros([1])]))).toThrow(/\[1\]: missing/)
  })

  it('leaves its input alone', () => {
    const p = { w: tensor([1, 2, 3]) }
    const bytes = save(p)
    const copy = bytes.slice()
    load(bytes, p)
    expect(bytes).toEqual(copy)
    expect(p.w.toArray()).toEqual([1, 2, 3])
  })
})

describe('saveFile and loadFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluxion-io-params-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('write atomically and read back, typed as the template', async () => {
    const p = nn.mlp.init(random.key(3), [2, 4, 2])
    const file = join(dir, 'p.safetensors')
    await saveFile(file, p)
    const back: nn.MlpParams = await loadFile(file, p)
    expect(bitsOf(back[0]!.w)).toEqual(bitsOf(p[0]!.w))
  })

  it('name the file and the problem', async () => {
    await expect(loadFile(join(dir, 'missing.safetensors'))).rejects.toThrow(/^loadFile: .*missing\.safetensors: cannot read/)
    writeFileSync(join(dir, 'bad.safetensors'), 'not safetensors')
    await expect(loadFile(join(dir, 'bad.safetensors'))).rejects.toThrow(/^loadFile: .*bad\.safetensors: load: 1 problem/)
  })
})

describe('backend and setBackend', () => {
  it('name the active backend and switch every later op', () => {
    const first = backend()
    expect(['js', 'wasm']).toContain(first)
    const a = random.normal(random.key(0), [8, 8], { dtype: 'float64' })
    try {
      setBackend('js')
      expect(backend()).toBe('js')
      const onJs = matmul(a, a)
      setBackend(first)
      expect(backend()).toBe(first)
      expect(bitsOf(matmul(a, a))).toEqual(bitsOf(onJs)) // float64 matmul: the same bits on both
    } finally {
      setBackend(first)
    }
  })

  it('rejects an unknown name with a ValueError naming it', () => {
    expect(() => setBackend('gpu' as 'js')).toThrow(ValueError)
    expect(() => setBackend('gpu' as 'js')).toThrow("setBackend: gpu: the backend must be 'js' or 'wasm'")
    expect(['js', 'wasm']).toContain(backend())
  })
})
