/**
 * The wasm compiler of jit: fused elementwise loops give the eager bits
 * (NaN, ±0 and infinities included, odd lengths, scalars, float64), programs
 * it cannot fuse fall back to the interpreter, and donation.
 */
import { describe, expect, it } from 'vitest'
import {
  abs, add, div, exp, jit, maximum, minimum, mul, neg, random, relu, sqrt, stopGradient, sub, sum, tensor, TraceError,
  type Tensor,
} from '../src/index.js'
import { compile } from '../src/jit/compile.js'
import { simplify } from '../src/jit/passes.js'
import { wasmInUse } from '../src/jit/wasm.js'

const bits = (t: Tensor): number[] => Array.from(t.data())
const program = (f: (...xs: Tensor[]) => Tensor, ...xs: Tensor[]) => compile(simplify(jit(f).lower(...xs)))

// every fused op, with a scalar operand, in a chain
const mix = (x: Tensor, y: Tensor, s: Tensor): Tensor =>
  relu(maximum(minimum(div(sub(mul(add(x, y), s), neg(abs(y))), add(x, 1.5)), sqrt(abs(x))), stopGradient(y)))

const special = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-40, -3.5, 2.25, 1e30, -1e-30, 7]

describe.skipIf(!wasmInUse())('jit on the wasm backend', () => {
  it('fuses an elementwise chain into one wasm program', () => {
    const p = program(mix, tensor([1, 2, 3]), tensor([1, 2, 3]), tensor(2))
    expect(p.kind).toBe('wasm')
  })

  it.each(['float32', 'float64'] as const)('fused loops give the eager bits (%s, special values, odd length)', (dtype) => {
    const x = tensor(special, { dtype })
    const y = tensor(special.slice().reverse(), { dtype })
    const s = tensor(0.75, { dtype })
    expect(bits(jit(mix)(x, y, s))).toEqual(bits(mix(x, y, s)))
    const xr = random.normal(random.key(4), [1001], { dtype })
    const yr = random.normal(random.key(5), [1001], { dtype })
    expect(bits(jit(mix)(xr, yr, s))).toEqual(bits(mix(xr, yr, s)))
  })

  it('groups end at ops it does not fuse (exp, sum), which run on the eager kernels in between', () => {
    const f = (x: Tensor) => sum(mul(exp(add(mul(x, x), 1)), sub(x, 2)))
    const x = random.normal(random.key(6), [4097])
    expect(program(f, x).kind).toBe('wasm')
    expect(bits(jit(f)(x))).toEqual(bits(f(x)))
  })

  it('a 1000-op chain compiles to one loop with the eager bits', () => {
    const chain = (x: Tensor): Tensor => {
      let y = x
      for (let i = 0; i < 1000; i++) y = i % 3 === 0 ? add(y, 0.001) : i % 3 === 1 ? mul(y, 0.999) : maximum(y, -1)
      return y
    }
    const x = random.normal(random.key(7), [3000])
    expect(bits(jit(chain)(x))).toEqual(bits(chain(x)))
  })
})

describe('jit fallbacks', () => {
  it('a program with nothing to fuse runs on the interpreter', () => {
    expect(program((x: Tensor) => exp(x), tensor([1, 2])).kind).toBe('interpret')
  })
  it('the interpreter can be asked for, with the same bits as wasm', () => {
    const x = random.normal(random.key(8), [77])
    const ir = simplify(jit(mix).lower(x, x, tensor(2)))
    const a = compile(ir, { backend: 'interpret' }).run([x, x, tensor(2)] as never, ir.consts as never)
    expect(bits(a[0]!)).toEqual(bits(mix(x, x, tensor(2))))
  })
})

describe('donateArgnums', () => {
  it('the result takes the donated buffer; using the donated tensor afterwards is a TraceError', () => {
    const step = jit((p: { w: Tensor }, g: Tensor) => ({ w: sub(p.w, mul(g, 0.1)) }), { donateArgnums: [0] })
    const w0 = tensor([1, 2, 3])
    const g = tensor([1, 1, 1])
    const w1 = step({ w: w0 }, g)
    expect(bits(w1.w)).toEqual(bits(sub(tensor([1, 2, 3]), mul(g, 0.1))))
    expect(() => w0.toArray()).toThrow(TraceError)
    expect(() => add(w0, 1)).toThrow(/donated/)
    // the argument that was not donated is still usable, and so is the result
    expect(g.toArray()).toEqual([1, 1, 1])
    expect(bits(step({ w: w1.w }, g).w)).toHaveLength(3)
  })

  it('without donation the inputs stay valid', () => {
    const f = jit((p: Tensor) => add(p, 1))
    const p = tensor([1])
    f(p)
    expect(p.toArray()).toEqual([1])
  })

  it('an argument both static and donated is refused', () => {
    expect(() => jit((x: Tensor) => x, { staticArgnums: [0], donateArgnums: [0] })).toThrow(/both static and donated/)
  })
})
