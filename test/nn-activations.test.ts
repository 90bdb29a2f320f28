/**
 * Activations: hand-computed values and closed forms, stability at ±1000,
 * dtype handling, and derivatives against finite differences (float64).
 */
import { describe, expect, it } from 'vitest'
import { approxEq } from '../laws/approx.js'
import { checkGrads, grad, sum } from '../src/ad/index.js'
import { ValueError } from '../src/errors.js'
import * as nn from '../src/nn/index.js'
import { tensor } from '../src/tensor/create.js'
import type { Tensor } from '../src/tensor/tensor.js'

type Nested = number | Nested[]
const f64 = (v: Nested) => tensor(v as number[], { dtype: 'float64' })
const close = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape)
  expect(approxEq({ rtol: tol, atol: tol })(a, b), `${a.toString()} vs ${b.toString()}`).toBe(true)
}
const map = (xs: number[], f: (x: number) => number) => f64(xs.map(f))
const xs = [-3, -1.5, -0.25, 0.3, 1, 2.5]

/** Φ(x) by the exact erf of a float64 series, for the gelu closed form. */
const erf = (x: number): number => {
  // Maclaurin series; plenty for |x| ≤ 3 in float64
  let sumv = 0
  let term = x
  for (let n = 0; n < 200; n++) {
    sumv += term / (2 * n + 1)
    term *= (-x * x) / (n + 1)
  }
  return (2 / Math.sqrt(Math.PI)) * sumv
}

describe('elementwise activations', () => {
  it('relu, leakyRelu, tanh, sigmoid, identity: hand values', () => {
    expect(nn.relu(tensor([-1, 0, 2])).toArray()).toEqual([0, 0, 2])
    close(nn.leakyRelu(f64([-2, 0, 3])), f64([-0.02, 0, 3]))
    close(nn.leakyRelu(f64([-2, 3]), 0.5), f64([-1, 3]))
    close(nn.tanh(f64(xs)), map(xs, Math.tanh))
    close(nn.sigmoid(f64(xs)), map(xs, (x) => 1 / (1 + Math.exp(-x))))
    const x = f64([1, 2])
    expect(nn.identity(x)).toBe(x)
  })

  it('softplus is log(1 + e^x), exact at ±1000, with softplus′(0) = ½ and softplus″(0) = ¼', () => {
    close(nn.softplus(f64(xs)), map(xs, (x) => Math.log1p(Math.exp(x))))
    expect(nn.softplus(f64([1000, -1000, 0])).toArray()).toEqual([1000, 0, Math.LN2])
    expect(nn.softplus(tensor([1000, -1000])).toArray()).toEqual([1000, 0])
    const d = grad((x: Tensor) => sum(nn.softplus(x)))
    expect(d(f64(0)).item()).toBe(0.5)
    expect(grad((x: Tensor) => d(x))(f64(0)).item()).toBeCloseTo(0.25, 14)
    // gradients stay finite at the extremes: σ(±1000)
    expect(d(f64([1000, -1000])).toArray()).toEqual([1, 0])
    close(nn.logSigmoid(f64([-1000, 0])), f64([-1000, -Math.LN2]))
  })

  it('gelu: the tanh approximation by default (as JAX), the erf form on request', () => {
    const approx = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))
    const exact = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2))
    close(nn.gelu(f64(xs)), map(xs, approx))
    close(nn.gelu(f64(xs), { approximate: true }), map(xs, approx))
    close(nn.gelu(f64(xs), { approximate: false }), map(xs, exact), 1e-7)
    close(nn.gelu(f64(xs), false), map(xs, exact), 1e-7)
    expect(nn.gelu(f64(1), false).item()).toBeCloseTo(0.8413447460685429, 7)
    // the two forms differ, but by little
    const diff = Math.abs(nn.gelu(f64(1)).item() - nn.gelu(f64(1), false).item())
    expect(diff).toBeGreaterThan(1e-6)
    expect(diff).toBeLessThan(1e-3)
    // d/dx x·Φ(x) = Φ(x) + x·φ(x)
    const g = grad((x: Tensor) => sum(nn.gelu(x, false)))(f64([0.7]))
    const phi = Math.exp(-0.49 / 2) / Math.sqrt(2 * Math.PI)
    expect(g.toArray()).toEqual([expect.closeTo(0.5 * (1 + erf(0.7 / Math.SQRT2)) + 0.7 * phi, 7)])
  })

  it('silu and elu', () => {
    close(nn.silu(f64(xs)), map(xs, (x) => x / (1 + Math.exp(-x))))
    close(nn.elu(f64(xs)), map(xs, (x) => (x > 0 ? x : Math.expm1(x))))
    close(nn.elu(f64([-1, 1000]), 2), f64([2 * Math.expm1(-1), 1000]))
  })
})

describe('softmax and logSoftmax', () => {
  const logits = f64([[1, 2, 3], [-1, 0, 4]])
  it('softmax is e^x / Σe^x and sums to 1 along the axis', () => {
    const rows = [[1, 2, 3], [-1, 0, 4]].map((r) => {
      const z = r.reduce((a, v) => a + Math.exp(v), 0)
      return r.map((v) => Math.exp(v) / z)
    })
    close(nn.softmax(logits), f64(rows))
    close(sum(nn.softmax(logits), -1), f64([1, 1]))
    close(sum(nn.softmax(logits, 0), 0), f64([1, 1, 1]))
    close(sum(nn.softmax(logits, [0, 1])), f64(1))
  })
  it('is shift-invariant and stable at ±1000', () => {
    close(nn.softmax(logits), nn.softmax(logits.add(500)))
    const big = nn.softmax(f64([1000, -1000, 1000]))
    close(big, f64([0.5, 0, 0.5]))
    expect(nn.softmax(tensor([1000, 999])).data().every(Number.isFinite)).toBe(true)
  })
  it('logSoftmax = log(softmax), exact at ±1000', () => {
    close(nn.logSoftmax(logits), nn.softmax(logits).log(), 1e-12)
    expect(nn.logSoftmax(f64([1000, -1000])).toArray()).toEqual([0, -2000])
    expect(nn.logSoftmax(tensor([1000, -1000])).toArray()).toEqual([0, -2000])
    expect(nn.logSoftmax(f64([-1000, -1000])).toArray()).toEqual([-Math.LN2, -Math.LN2])
    const g = grad((x: Tensor) => sum(nn.logSoftmax(x).mul(f64([1, 0]))))(f64([1000, -1000]))
    expect(g.toArray()).toEqual([0, 0])
  })
})

describe('dtypes and names', () => {
  const fns: Array<[string, (x: Tensor) => Tensor]> = [
    ['relu', nn.relu], ['leakyRelu', (x) => nn.leakyRelu(x)], ['tanh', nn.tanh], ['sigmoid', nn.sigmoid],
    ['gelu', (x) => nn.gelu(x)], ['geluExact', (x) => nn.gelu(x, false)], ['softplus', nn.softplus],
    ['logSigmoid', nn.logSigmoid], ['silu', nn.silu], ['elu', (x) => nn.elu(x)], ['softmax', (x) => nn.softmax(x)],
    ['logSoftmax', (x) => nn.logSoftmax(x)],
  ]
  it('float32 stays float32, float64 stays float64, integers compute in float32', () => {
    for (const [name, f] of fns) {
      expect(f(tensor([0.5, -1])).dtype, name).toBe('float32')
      expect(f(f64([0.5, -1])).dtype, name).toBe('float64')
      expect(f(tensor([1, -1], { dtype: 'int32' })).dtype, name).toBe('float32')
    }
  })
  it('activations by name; an unknown name is a ValueError listing the choices', () => {
    expect(nn.resolveActivation('relu')).toBe(nn.relu)
    expect(nn.resolveActivation(nn.tanh)).toBe(nn.tanh)
    close(nn.activations.gelu(f64([1])), nn.gelu(f64([1])))
    expect(() => nn.resolveActivation('swoosh' as never)).toThrow(ValueError)
    expect(() => nn.resolveActivation('swoosh' as never)).toThrow(/unknown activation "swoosh"; use a function or one of identity, relu/)
    expect(() => nn.leakyRelu(f64([1]), Number.NaN)).toThrow(/leakyRelu: negativeSlope must be a finite number, got NaN/)
  })
})

describe('derivatives against finite differences (float64, second order)', () => {
  // points away from the kinks of relu and leakyRelu
  const x = f64([[-1.3, 0.4, 2.2], [0.9, -0.6, -2.1]])
  const fns: Array<[string, (x: Tensor) => Tensor]> = [
    ['relu', nn.relu], ['leakyRelu', (t) => nn.leakyRelu(t, 0.1)], ['tanh', nn.tanh], ['sigmoid', nn.sigmoid],
    ['gelu', (t) => nn.gelu(t)], ['geluExact', (t) => nn.gelu(t, false)], ['softplus', nn.softplus],
    ['logSigmoid', nn.logSigmoid], ['silu', nn.silu], ['elu', (t) => nn.elu(t)],
    ['softmax', (t) => nn.softmax(t)], ['softmax0', (t) => nn.softmax(t, 0)], ['logSoftmax', (t) => nn.logSoftmax(t)],
  ]
  for (const [name, f] of fns) it(name, () => checkGrads(f, [x], { order: 2 }))
  it('softplus is smooth through 0 (third order)', () => checkGrads(nn.softplus, [f64([0, 1e-3, -1e-3])], { order: 3 }))
})
