/**
 * The whole-program memory plan of jit's wasm compiler: every intermediate in
 * linear memory, buffers reused once dead, matmuls and reductions on planned
 * buffers, and fused loops over row and column broadcasts, comparisons,
 * `where`, bool casts and the float32 transcendentals. Every program gives the
 * eager bits, and so does the reference training step (SGD and Adam).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED } from '../laws/approx.js'
import {
  add, broadcastTo, cast, div, exp, greater, jit, less, matmul, max, maximum, min, mul, nn, random, relu, reshape, sigmoid, sqrt, sub,
  sum, tanh, tensor, tree, valueAndGrad, where, type Tensor,
} from '../src/index.js'
import { compile } from '../src/jit/compile.js'
import { simplify } from '../src/jit/passes.js'
import { wasmInUse } from '../src/jit/wasm.js'

const bits = (t: Tensor): number[] => Array.from(t.data())
const program = (f: (...xs: Tensor[]) => Tensor, ...xs: Tensor[]) => compile(simplify(jit(f).lower(...xs)))
const normal = (seed: number, shape: number[], dtype: 'float32' | 'float64' = 'float32') => random.normal(random.key(seed), shape, { dtype })
const sameTrees = (a: unknown, b: unknown): boolean => {
  const la = tree.leaves(a as tree.PyTree<unknown>) as Tensor[]
  const lb = tree.leaves(b as tree.PyTree<unknown>) as Tensor[]
  return la.length === lb.length && la.every((x, i) => {
    const u = x.data()
    const v = lb[i]!.data()
    return u.length === v.length && Array.from(u).every((q, k) => Object.is(q, v[k]))
  })
}

describe.skipIf(!wasmInUse())('jit memory plan', () => {
  it('a chain of matmuls runs in wasm, with buffers reused once dead', () => {
    const f = (x: Tensor, w: Tensor) => {
      let y = x
      for (let i = 0; i < 12; i++) y = matmul(y, w)
      return y
    }
    const x = normal(1, [64, 64])
    const w = mul(normal(2, [64, 64]), 0.125)
    const p = program(f, x, w)
    expect(p.kind).toBe('wasm')
    // 14 values of 16 KiB each; live at once: the two inputs and two intermediates
    expect(p.planBytes!).toBeLessThanOrEqual(4 * (64 * 64 * 4 + 64))
    expect(bits(jit(f)(x, w))).toEqual(bits(f(x, w)))
  })

  it.each([
    ['tiny (JS kernel on views)', 4, 5, 6],
    ['small (smallGemm)', 16, 24, 20],
    ['blocked, padded output (n not a multiple of the register block)', 128, 70, 10],
    ['blocked, two threads', 128, 200, 96],
  ])('matmul on planned buffers: %s, every layout, the eager bits', (_, m, k, n) => {
    for (const transA of [false, true])
      for (const transB of [false, true]) {
        const a = normal(3, transA ? [k, m] : [m, k])
        const b = normal(4, transB ? [n, k] : [k, n])
        const f = (x: Tensor, y: Tensor) => add(matmul(x, y, { transA, transB }), 1)
        expect(bits(jit(f)(a, b))).toEqual(bits(f(a, b)))
      }
  })

  it('reductions over the last axis, the first axis and all axes give the eager bits (float32 and float64, both kernel sizes)', () => {
    for (const dtype of ['float32', 'float64'] as const)
      for (const shape of [[7, 13], [130, 40]]) {
        const x = normal(5, shape, dtype)
        const f = (v: Tensor) => add(add(sum(mul(v, 3), 1), max(v, 1)), sum(sub(v, 1)))
        const g = (v: Tensor) => mul(sum(v, 0, true), 2)
        expect(bits(jit(f)(x))).toEqual(bits(f(x)))
        expect(bits(jit(g)(x))).toEqual(bits(g(x)))
      }
  })
})

describe.skipIf(!wasmInUse())('donation on the wasm path', () => {
  it('outputs are written straight into the donated buffers, with the eager bits', () => {
    const f = (s: { p: Tensor; m: Tensor }, g: Tensor) => {
      const m = add(mul(s.m, 0.9), mul(g, 0.1))
      return { p: sub(s.p, mul(m, 0.01)), m }
    }
    const p = normal(50, [64, 65])
    const m = normal(51, [64, 65])
    const g = normal(52, [64, 65])
    const want = f({ p, m }, g)
    const donated = { p: add(p, 0), m: add(m, 0) }
    const buffers = [donated.p, donated.m].map((t) => (t as unknown as { buffer: unknown }).buffer)
    const got = jit(f, { donateArgnums: [0] })(donated, g)
    expect(bits(got.p)).toEqual(bits(want.p))
    expect(bits(got.m)).toEqual(bits(want.m))
    const outBuffers = [got.p, got.m].map((t) => (t as unknown as { buffer: unknown }).buffer)
    expect(new Set(outBuffers)).toEqual(new Set(buffers))
  })
})

describe.skipIf(!wasmInUse())('jit fused loops', () => {
  const special = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-40, -3.5, 2.25, 1e30, -1e-30, 7, 0.5, -2, 3]

  it('row broadcasts (a bias), column broadcasts (a max per row) and broadcastTo fuse, with the eager bits', () => {
    const f = (x: Tensor, b: Tensor) => {
      const h = relu(add(x, b))
      const c = sub(h, max(h, 1, true))
      return mul(broadcastTo(reshape(sum(c, 1), [c.shape[0]!, 1]), c.shape as number[]), sub(c, b))
    }
    for (const dtype of ['float32', 'float64'] as const)
      for (const [r, c] of [[5, 3], [33, 17], [128, 10], [64, 256]] as const) {
        const x = normal(6, [r, c], dtype)
        const b = normal(7, [c], dtype)
        const p = program(f, x, b)
        // everything but the reshape (an alias) runs in fused loops
        expect(p.kind).toBe('wasm')
        expect(p.fusedEqns).toBe(jit(f).lower(x, b).eqns.length - 1)
        expect(bits(jit(f)(x, b))).toEqual(bits(f(x, b)))
      }
  })

  it('comparisons, where and bool casts fuse (bools in and out), with the eager bits, NaN included', () => {
    const f = (x: Tensor, y: Tensor) => {
      const m = greater(x, y)
      const r = add(where(m, x, mul(y, 2)), cast(less(x, 0.5), 'float32'))
      return [r, m, mul(cast(m, 'float32'), x)] as const
    }
    const x = tensor(Array.from({ length: 37 }, (_, i) => special[i % special.length]!))
    const y = tensor(Array.from({ length: 37 }, (_, i) => special[(i * 7 + 3) % special.length]!))
    const fr = (a: Tensor, b: Tensor) => f(a, b)[0]
    const p = program(fr, x, y)
    expect(p.kind).toBe('wasm')
    expect(p.fusedEqns).toBe(jit(fr).lower(x, y).eqns.length)
    const [a, m, c] = jit(f)(x, y)
    const [a0, m0, c0] = f(x, y)
    expect(bits(a)).toEqual(bits(a0))
    expect(bits(m)).toEqual(bits(m0))
    expect(m.dtype).toBe('bool')
    expect(bits(c)).toEqual(bits(c0))
  })

  it('sum, max and min over the last axis end a fused chain, with the eager bits (NaN, ±0, odd rows, both dtypes)', () => {
    const f = (x: Tensor, b: Tensor) => {
      const h = mul(add(x, b), 2)
      return [sum(sub(h, 1), 1), max(mul(h, x), 1, true), min(add(h, x), 1)] as const
    }
    for (const dtype of ['float32', 'float64'] as const)
      for (const [r, c] of [[3, 5], [128, 10], [7, 33], [200, 1]] as const) {
        const vals = Array.from({ length: r * c }, (_, i) => (i % 11 === 0 ? special[(i / 11) % special.length]! : Math.sin(i) * 10))
        const x = tensor(vals, { dtype }).reshape([r, c])
        const b = normal(8, [c], dtype)
        const p = program((u: Tensor, v: Tensor) => add(f(u, v)[0], 0), x, b)
        expect(p.kind).toBe('wasm')
        const got = jit(f)(x, b)
        const want = f(x, b)
        got.forEach((t, k) => expect(bits(t)).toEqual(bits(want[k]!)))
      }
    // from 4096 elements eager sums with sumRows' interleaved partial sums: the fused sum follows that order
    const fs = (x: Tensor) => sum(mul(x, 3), 1)
    for (const dtype of ['float32', 'float64'] as const)
      for (const [r, c] of [[64, 60], [64, 70], [1024, 5], [512, 8], [300, 17], [2, 4096], [1, 9001]] as const) {
        const x = normal(9, [r, c], dtype)
        expect(program(fs, x).fusedEqns).toBe(2)
        expect(bits(jit(fs)(x))).toEqual(bits(fs(x)))
      }
  })

  it.each([100, 5000])('exp, tanh and sigmoid give the eager bits at %i elements (fused only where eager runs the wasm kernel)', (n) => {
    const f = (x: Tensor) => add(tanh(mul(x, 0.5)), mul(sigmoid(x), exp(div(x, 4))))
    const x = tensor(Array.from({ length: n }, (_, i) => (i < special.length ? special[i]! : ((i * 7919) % 2000) / 50 - 20)))
    // the transcendentals join the loop only at the sizes where eager runs their wasm kernel
    expect(program(f, x).fusedEqns).toBe(jit(f).lower(x).eqns.length - (n >= 4096 ? 0 : 3))
    expect(bits(jit(f)(x))).toEqual(bits(f(x)))
  })
})

describe.skipIf(!wasmInUse())('the reference training step under jit', () => {
  const sizes = [784, 256, 128, 10]
  const layers = (seed: number) => [0, 1, 2].map((l) => ({
    w: mul(normal(seed + l, [sizes[l]!, sizes[l + 1]!]), Math.sqrt(2 / sizes[l]!)),
    b: mul(normal(seed + 10 + l, [sizes[l + 1]!]), 0.1),
  }))
  const batch: nn.Batch = {
    x: random.uniform(random.key(40), [128, 784]),
    y: tensor(Array.from({ length: 128 }, (_, i) => (i * 7) % 10), { dtype: 'int32' }),
  }
  const vg = valueAndGrad(nn.mlp.lossFn())

  it('SGD: jit(step) equals the eager step bit for bit over three steps, compiled once, in wasm', () => {
    const step = (p: nn.MlpParams, b: nn.Batch) => {
      const [loss, g] = vg(p, b)
      return [loss, tree.map((x: Tensor, d: Tensor) => sub(x, mul(d, 0.01)), p, g)] as const
    }
    const js = jit(step)
    let pe: nn.MlpParams = layers(20)
    let pj = pe
    for (let t = 0; t < 3; t++) {
      const a = step(pe, batch)
      const b = js(pj, batch)
      expect(sameTrees(a, b)).toBe(true)
      pe = a[1] as nn.MlpParams
      pj = b[1] as nn.MlpParams
    }
    expect(js.cacheSize()).toBe(1)
    expect(compile(js.lower(pj, batch)).kind).toBe('wasm')
  })

  it('Adam with traced bias corrections and donated state: the eager bits, compiled once', () => {
    type S = { p: nn.MlpParams; m: nn.MlpParams; v: nn.MlpParams }
    const step = (s: S, b: nn.Batch, bc1: number, bc2: number) => {
      const [loss, g] = vg(s.p, b)
      const m = tree.map((m0: Tensor, d: Tensor) => add(mul(d, 0.1), mul(m0, 0.9)), s.m, g)
      const v = tree.map((v0: Tensor, d: Tensor) => add(mul(mul(d, d), 0.001), mul(v0, 0.999)), s.v, g)
      const p = tree.map((x: Tensor, m1: Tensor, v1: Tensor) =>
        add(x, mul(div(div(m1, bc1), add(sqrt(div(v1, bc2)), 1e-8)), -1e-3)), s.p, m, v)
      return [loss, { p, m, v }] as const
    }
    const js = jit(step, { donateArgnums: [0] })
    const p0 = layers(30)
    const zeros = () => tree.map((x: Tensor) => mul(x, 0), p0) as nn.MlpParams
    let se: S = { p: p0, m: zeros(), v: zeros() }
    let sj: S = { p: tree.map((x: Tensor) => add(x, 0), p0) as nn.MlpParams, m: zeros(), v: zeros() }
    for (let t = 1; t <= 3; t++) {
      const a = step(se, batch, 1 - 0.9 ** t, 1 - 0.999 ** t)
      const b = js(sj, batch, 1 - 0.9 ** t, 1 - 0.999 ** t)
      expect(sameTrees(a, b)).toBe(true)
      se = a[1] as S
      sj = b[1] as S
    }
    expect(js.cacheSize()).toBe(1)
  })
})

describe.skipIf(!wasmInUse())('random programs', () => {
  // a program: a list of ops over a growing pool of values of shapes [r, c], [c], [r, 1] and [r, r]
  type Op = readonly [kind: number, a: number, b: number, c: number]
  const run = (ops: ReadonlyArray<Op>, x: Tensor, bias: Tensor, col: Tensor, sq: Tensor): Tensor[] => {
    const full: Tensor[] = [x]
    const pick = (i: number): Tensor => full[i % full.length]!
    const side = (i: number): Tensor => [bias, col, 0.5, full[0]!][i % 4] as Tensor
    for (const [kind, a, b, c] of ops) {
      const u = pick(a)
      const v = side(b)
      switch (kind % 12) {
        case 0: full.push(add(u, v)); break
        case 1: full.push(sub(v, u)); break
        case 2: full.push(mul(u, pick(b))); break
        case 3: full.push(maximum(u, v)); break
        case 4: full.push(where(greater(u, pick(c)), u, v)); break
        case 5: full.push(relu(u)); break
        case 6: full.push(add(u, cast(less(u, v), u.dtype))); break
        case 7: full.push(sub(u, max(u, 1, true))); break
        case 8: full.push(mul(u, sum(pick(c), 1, true))); break
        case 9: full.push(matmul(sq, u, { transA: c % 2 === 1 })); break
        case 10: full.push(div(u, add(mul(pick(c), pick(c)), 1))); break
        case 11: full.push(tanh(u)); break
      }
    }
    // every value is an output, and a few reductions of the last ones
    return [...full.slice(1), sum(full[full.length - 1]!, 1), min(full[full.length - 1]!, 1)]
  }
  it('jit equals eager bit for bit on random programs of broadcasts, selects, reductions and matmuls', () => {
    const op = fc.tuple(fc.nat(11), fc.nat(20), fc.nat(20), fc.nat(20))
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 14 }), fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 70 }),
        fc.constantFrom('float32', 'float64'), fc.nat(1000), (ops, r, c, dtype, seed) => {
          const x = normal(seed, [r, c], dtype)
          const bias = normal(seed + 1, [c], dtype)
          const col = normal(seed + 2, [r, 1], dtype)
          const sq = mul(normal(seed + 3, [r, r], dtype), 0.2)
          const f = (a: Tensor, b: Tensor, cl: Tensor, s: Tensor) => run(ops, a, b, cl, s)
          const got = jit(f)(x, bias, col, sq)
          const want = f(x, bias, col, sq)
          expect(got.map(bits)).toEqual(want.map(bits))
        }),
      { seed: SEED, numRuns: 60 },
    )
  })
})
