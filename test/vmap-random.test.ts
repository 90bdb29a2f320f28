/**
 * Keys batch like JAX's key arrays: vmap over random.split(key, n) gives, for
 * every sampler, key function and initializer, exactly the stacked draws of the
 * n keys one by one.
 */
import { describe, expect, it } from 'vitest'
import { init, nn, random, stack, tensor, vmap, type Tensor } from '../src/index.js'

const bits = (t: Tensor): number[] => Array.from(t.data())
const expectSameBits = (got: Tensor, want: Tensor): void => {
  expect(got.shape).toEqual(want.shape)
  expect(got.dtype).toBe(want.dtype)
  expect(bits(got)).toEqual(bits(want)) // toEqual on numbers: NaN equals NaN, exact otherwise
}

const keys = random.split(random.key(20261208), 8)

// every function of `random` that takes a key and returns a tensor, with arguments
const samplers: Record<string, (k: random.Key) => Tensor> = {
  bits: (k) => random.bits(k, [2, 3]),
  bitsInt32: (k) => random.bits(k, [5], { dtype: 'int32' }),
  uniform: (k) => random.uniform(k, [4], { minval: -1, maxval: 3 }),
  uniform64: (k) => random.uniform(k, [3], { dtype: 'float64' }),
  normal: (k) => random.normal(k, [3]),
  normal64: (k) => random.normal(k, [2, 2], { dtype: 'float64' }),
  truncatedNormal: (k) => random.truncatedNormal(k, -1, 2, [5]),
  gumbel: (k) => random.gumbel(k, [4]),
  bernoulli: (k) => random.bernoulli(k, 0.3, [6]),
  categorical: (k) => random.categorical(k, tensor([[0.1, 2, -1], [0, 0, 0]]), { shape: [4, 2] }),
  randint: (k) => random.randint(k, [5], -3, 9),
  permutation: (k) => random.permutation(k, 7),
  permutationTensor: (k) => random.permutation(k, tensor([1, 2, 3, 4])),
  choice: (k) => random.choice(k, 5, { shape: [3], replace: false }),
  choiceP: (k) => random.choice(k, 4, { shape: [6], p: [0.1, 0.2, 0.3, 0.4] }),
}

const initializers: Record<string, init.Initializer> = {
  varianceScaling: init.varianceScaling(2, 'fan_out', 'uniform'),
  glorotUniform: init.glorotUniform(), glorotNormal: init.glorotNormal(),
  lecunUniform: init.lecunUniform(), lecunNormal: init.lecunNormal(),
  heUniform: init.heUniform(), heNormal: init.heNormal(),
  orthogonal: init.orthogonal(), normal: init.normal(0.5), uniform: init.uniform(2),
  truncatedNormal: init.truncatedNormal(1), zeros: init.zeros(), ones: init.ones(), constant: init.constant(3),
  xavierUniform: init.xavierUniform(), xavierNormal: init.xavierNormal(),
  kaimingUniform: init.kaimingUniform(), kaimingNormal: init.kaimingNormal(),
}

describe('vmap over key arrays', () => {
  it('vmap(k => random.normal(k, [3]))(random.split(key, 8)) stacks the eight draws bit for bit', () => {
    expectSameBits(vmap((k: random.Key) => random.normal(k, [3]))(keys), stack(keys.map((k) => random.normal(k, [3]))))
  })

  it.each(Object.keys(samplers))('sampler %s: the batched draw is the stacked draws', (name) => {
    const f = samplers[name]!
    expectSameBits(vmap(f)(keys), stack(keys.map(f)))
  })

  it.each(Object.keys(initializers))('initializer %s: the batched initialization is the stacked ones', (name) => {
    const f = (k: random.Key) => initializers[name]!(k, [4, 3])
    expectSameBits(vmap(f)(keys), stack(keys.map(f)))
  })

  it('an initializer applied directly (init.zeros(key, shape)) batches too', () => {
    const f = (k: random.Key) => init.ones(k, [2], 'float64')
    expectSameBits(vmap(f)(keys), stack(keys.map(f)))
  })

  it('split and foldIn inside vmap return key arrays: one row per example, JAX order', () => {
    const out = vmap((k: random.Key) => random.split(k, 3))(keys) as unknown as random.Key[][]
    expect(out.length).toBe(8)
    out.forEach((row, b) => expect(row.map(String)).toEqual(random.split(keys[b]!, 3).map(String)))
    const folded = vmap((k: random.Key) => random.foldIn(k, 5))(keys) as unknown as random.Key[]
    expect(folded.map(String)).toEqual(keys.map((k) => String(random.foldIn(k, 5))))
  })

  it('batched parameters are read per example (bernoulli p, categorical logits), with shared or batched keys', () => {
    const ps = tensor([[0.1, 0.9], [0.5, 0.5], [0.99, 0.01]])
    const three = keys.slice(0, 3)
    const got = vmap((k: random.Key, p: Tensor) => random.bernoulli(k, p, [2]))(three, ps)
    expectSameBits(got, stack(three.map((k, b) => random.bernoulli(k, tensor((ps.toArray() as number[][])[b]!), [2]))))
    const shared = vmap((p: Tensor) => random.bernoulli(keys[0]!, p))(ps)
    expectSameBits(shared, stack([0, 1, 2].map((b) => random.bernoulli(keys[0]!, tensor((ps.toArray() as number[][])[b]!)))))
  })

  it('key arrays nest: vmap over keys, then over each key split again', () => {
    const got = vmap((k: random.Key) => vmap((k2: random.Key) => random.uniform(k2, [2]))(random.split(k, 4)))(keys)
    expectSameBits(got, stack(keys.map((k) => stack(random.split(k, 4).map((k2) => random.uniform(k2, [2]))))))
    const grid = keys.map((k) => random.split(k, 3))
    const got2 = vmap((row: random.Key[]) => vmap((k: random.Key) => random.normal(k, []))(row))(grid)
    expectSameBits(got2, stack(grid.map((row) => stack(row.map((k) => random.normal(k, []))))))
  })

  it('an ensemble of models initializes at once: nn.mlp.init under vmap', () => {
    const f = (k: random.Key) => nn.mlp.init(k, [3, 5, 2])
    const batched = vmap(f)(keys) as unknown as Array<{ w: Tensor; b: Tensor }>
    const one = keys.map(f) as unknown as Array<Array<{ w: Tensor; b: Tensor }>>
    batched.forEach((layer, l) => {
      expectSameBits(layer.w, stack(one.map((p) => p[l]!.w)))
      expectSameBits(layer.b, stack(one.map((p) => p[l]!.b)))
    })
  })

  it('reading key data of a batched key is an error that names the key batch', () => {
    expect(() => vmap((k: random.Key) => tensor(random.keyData(k)))(keys)).toThrow(/KeyBatch/)
  })
})
