/**
 * makeJaxpr and jit: the printed IR, the cache per signature, traced numbers,
 * pytrees in and out, and the errors on data-dependent control flow.
 */
import { describe, expect, it } from 'vitest'
import {
  add, cast, exp, greater, jit, makeJaxpr, matmul, mul, ones, random, ShapeError, sum, tensor, TraceError, where, zeros,
  type Tensor,
} from '../src/index.js'

const bits = (t: Tensor): number[] => Array.from(t.data())

describe('makeJaxpr', () => {
  it('prints equations with shapes, parameters, constants and outputs', () => {
    const ir = makeJaxpr((x: Tensor, y: Tensor) => sum(exp(mul(x, y)), 0))(ones([2, 3]), ones([3]))
    expect(String(ir)).toBe(
      '{ lambda ; a:f32[2,3] b:f32[3] . let\n' +
      '    c:f32[2,3] = mul a b\n' +
      '    d:f32[2,3] = exp c\n' +
      '    e:f32[3] = sum[axes=(0) keepdims=false] d\n' +
      '  in ( e ) }')
    expect(ir.eqns.map((e) => e.prim.name)).toEqual(['mul', 'exp', 'sum'])
  })

  it('tensors made inside the function become constants of the IR', () => {
    const ir = makeJaxpr((x: Tensor) => add(x, zeros([3])))(ones([3]))
    expect(ir.constVars.map((v) => v.aval.shape)).toEqual([[3]])
    expect(String(ir)).toMatch(/^\{ lambda a:f32\[3\] ; b:f32\[3\] \. let/)
  })

  it('takes and returns pytrees; matmul shapes come from its shape rule', () => {
    const ir = makeJaxpr((p: { w: Tensor; b: Tensor }, x: Tensor) => ({ y: add(matmul(x, p.w), p.b), n: 1 }))(
      { w: ones([4, 2]), b: ones([2]) }, ones([5, 4]))
    expect(ir.inVars.map((v) => v.aval.shape)).toEqual([[2], [4, 2], [5, 4]])
    expect(ir.outVars.map((v) => v.aval.shape)).toEqual([[5, 2]])
  })

  it('a JS number argument is traced as a float64 scalar input, not baked in', () => {
    const ir = makeJaxpr((x: Tensor, lr: number) => mul(x, lr))(ones([3]), 0.1)
    expect(ir.inVars.map((v) => v.aval)).toEqual([{ shape: [3], dtype: 'float32' }, { shape: [], dtype: 'float64' }])
    expect(ir.constVars).toEqual([])
  })

  it('runs the shape rule: bad shapes fail at trace time with the eager error', () => {
    expect(() => makeJaxpr((a: Tensor, b: Tensor) => matmul(a, b))(ones([2, 3]), ones([4, 2]))).toThrow(ShapeError)
  })
})

describe('jit', () => {
  it('equals eager bit for bit, on pytrees', () => {
    const f = (p: { w: Tensor; b: Tensor }, x: Tensor) => ({ y: exp(add(matmul(x, p.w), p.b)), s: sum(p.w) })
    const p = { w: random.normal(random.key(1), [4, 3]), b: random.normal(random.key(2), [3]) }
    const x = random.normal(random.key(3), [5, 4])
    const got = jit(f)(p, x)
    const want = f(p, x)
    expect(bits(got.y)).toEqual(bits(want.y))
    expect(bits(got.s)).toEqual(bits(want.s))
  })

  it('traces once per signature; a new shape, dtype or static value traces again', () => {
    let traces = 0
    const f = jit((x: Tensor, k: number) => {
      traces++
      return mul(x, k)
    }, { staticArgnums: [1] })
    f(ones([3]), 2)
    f(tensor([1, 2, 3]), 2)
    expect([traces, f.cacheSize()]).toEqual([1, 1])
    f(ones([4]), 2)
    f(ones([3], 'float64'), 2)
    f(ones([3]), 3)
    expect([traces, f.cacheSize()]).toEqual([4, 4])
  })

  it('number leaves are traced: 100 steps with a changing count trace once, with the eager bits', () => {
    let traces = 0
    const step = jit((s: { x: Tensor; count: number }) => {
      traces++
      return { x: add(mul(s.x, 0.5), s.count), count: s.count }
    })
    let s = { x: ones([2]), count: 0 }
    let e = { x: ones([2]), count: 0 }
    for (let i = 0; i < 100; i++) {
      const out = step({ x: s.x, count: i + 0.25 })
      s = { x: out.x, count: i }
      e = { x: add(mul(e.x, 0.5), i + 0.25), count: i }
    }
    expect(traces).toBe(1)
    expect(bits(s.x)).toEqual(bits(e.x))
  })

  it('a traced number promotes like the number: float64 keeps its bits, int32 stays int32 for integers', () => {
    const f = (x: Tensor, c: number) => mul(x, c)
    const x64 = tensor([1, 3], { dtype: 'float64' })
    expect(bits(jit(f)(x64, 0.1))).toEqual(bits(f(x64, 0.1)))
    const xi = tensor([1, 3], { dtype: 'int32' })
    expect(jit(f)(xi, 2).dtype).toBe('int32')
    expect(jit(f)(xi, 2.5).dtype).toBe(f(xi, 2.5).dtype)
  })

  it('.item(), .toArray() and JS comparisons on traced values throw a TraceError naming staticArgnums and where', () => {
    expect(() => jit((x: Tensor) => x.item())(tensor(1))).toThrow(TraceError)
    expect(() => jit((x: Tensor) => x.toArray())(tensor([1]))).toThrow(/staticArgnums/)
    expect(() => jit((x: Tensor) => ((x as unknown as number) > 0 ? x : mul(x, -1)))(tensor(1))).toThrow(/where\(cond, a, b\)/)
    // the fix the message suggests works
    const relu = jit((x: Tensor) => where(greater(x, 0), x, 0))
    expect(relu(tensor([-1, 2])).toArray()).toEqual([0, 2])
  })

  it('static arguments may drive JS control flow', () => {
    const f = jit((x: Tensor, mode: string) => (mode === 'double' ? mul(x, 2) : x), { staticArgnums: [1] })
    expect(f(tensor([1, 2]), 'double').toArray()).toEqual([2, 4])
    expect(f(tensor([1, 2]), 'same').toArray()).toEqual([1, 2])
  })

  it('non-tensor outputs pass through; casts and bools compile', () => {
    const f = jit((x: Tensor) => [cast(greater(x, 0), 'float32'), 'tag', 3] as const)
    const [y, t, n] = f(tensor([-1, 1]))
    expect([y.toArray(), t, n]).toEqual([[0, 1], 'tag', 3])
  })
})
