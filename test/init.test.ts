import { describe, expect, it } from 'vitest'
import { matmul, transpose, reshape, eye } from '../src/index.js'
import { DTypeError, ShapeError, ValueError } from '../src/errors.js'
import * as init from '../src/init/index.js'
import * as random from '../src/random/index.js'
import { approxEq } from '../laws/approx.js'
import { meanWithin, moments, varianceWithin } from '../laws/random.js'

const k = random.key(31)
const data = (t: { data(): ArrayLike<number> }): number[] => Array.from(t.data())

/** Variance of N(0,1) truncated to (-2, 2): 1 - 4φ(2)/(2Φ(2) - 1). */
const TRUNC_VAR = 0.87962566103423978 ** 2

describe('fans', () => {
  it('JAX layout: (in, out), conv (*spatial, in, out), batch and multi axes', () => {
    expect(init.computeFans([784, 128])).toEqual({ fanIn: 784, fanOut: 128 })
    expect(init.computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 })
    expect(init.computeFans([5, 4, 6], { batchAxis: 0 })).toEqual({ fanIn: 4, fanOut: 6 })
    expect(init.computeFans([2, 3, 4], { inAxis: [0, 1], outAxis: -1 })).toEqual({ fanIn: 6, fanOut: 4 })
    expect(init.computeFans([8, 2, 4], { inAxis: 0, outAxis: 2 })).toEqual({ fanIn: 16, fanOut: 8 })
    expect(() => init.computeFans([2, 3], { inAxis: 1, outAxis: -1 })).toThrow(/must be distinct/)
    expect(() => init.computeFans([2, 3], { inAxis: 2 })).toThrow(ShapeError)
  })
  it('PyTorch layout: (out, in, *kernel)', () => {
    expect(init.calculateFanInAndFanOut([128, 784])).toEqual({ fanIn: 784, fanOut: 128 })
    expect(init.calculateFanInAndFanOut([32, 16, 3, 3])).toEqual({ fanIn: 144, fanOut: 288 })
  })
  it('a 1-D or 0-D shape is a ShapeError naming the initializer and the shape', () => {
    const cases: Array<[string, init.Initializer]> = [
      ['glorotUniform', init.glorotUniform()], ['glorotNormal', init.glorotNormal()], ['heUniform', init.heUniform()],
      ['heNormal', init.heNormal()], ['lecunUniform', init.lecunUniform()], ['lecunNormal', init.lecunNormal()],
      ['varianceScaling', init.varianceScaling(1, 'fan_in', 'normal')], ['xavierUniform', init.xavierUniform()],
      ['xavierNormal', init.xavierNormal()], ['kaimingUniform', init.kaimingUniform()], ['kaimingNormal', init.kaimingNormal()],
    ]
    for (const [name, f] of cases) {
      expect(() => f(k, [10])).toThrow(ShapeError)
      expect(() => f(k, [10])).toThrow(new RegExp(`^${name}: cannot compute fans of a 1-D shape \\[10\\]`))
      expect(() => f(k, [])).toThrow(new RegExp(`${name}: cannot compute fans of a 0-D shape \\[\\]`))
    }
    expect(() => init.orthogonal()(k, [5])).toThrow(/orthogonal: needs a shape of at least 2 axes, got \[5\]/)
  })
})

describe('variance scaling (JAX semantics)', () => {
  const shape = [300, 400] // fanIn 300, fanOut 400, 120000 draws
  const [fi, fo] = [300, 400]
  const uniformOk = (x: ArrayLike<number>, variance: number) => {
    const bound = Math.sqrt(3 * variance)
    return Array.from(x).every((v) => Math.abs(v) <= bound * (1 + 1e-6)) && varianceWithin(x, variance, 1.8 * variance ** 2)
  }
  const truncOk = (x: ArrayLike<number>, variance: number) =>
    Array.from(x).every((v) => Math.abs(v) < (2 * Math.sqrt(variance)) / 0.8796256 + 1e-6) &&
    varianceWithin(x, variance, 3 * variance ** 2) && meanWithin(x, 0, Math.sqrt(variance))
  it('glorot, lecun and he have the variance their formula says', () => {
    expect(uniformOk(init.glorotUniform()(k, shape).data(), 2 / (fi + fo))).toBe(true)
    expect(truncOk(init.glorotNormal()(k, shape).data(), 2 / (fi + fo))).toBe(true)
    expect(uniformOk(init.lecunUniform()(k, shape).data(), 1 / fi)).toBe(true)
    expect(truncOk(init.lecunNormal()(k, shape).data(), 1 / fi)).toBe(true)
    expect(uniformOk(init.heUniform()(k, shape).data(), 2 / fi)).toBe(true)
    expect(truncOk(init.heNormal()(k, shape, 'float64').data(), 2 / fi)).toBe(true)
  })
  it('every mode and distribution of varianceScaling', () => {
    const x = init.varianceScaling(3, 'fan_out', 'normal')(k, shape).data()
    expect(varianceWithin(x, 3 / fo, 3 * (3 / fo) ** 2) && meanWithin(x, 0, Math.sqrt(3 / fo))).toBe(true)
    expect(truncOk(init.varianceScaling(1, 'fan_geo_avg', 'truncated_normal')(k, shape).data(), 1 / Math.sqrt(fi * fo))).toBe(true)
    expect(uniformOk(init.varianceScaling(0.5, 'fan_avg', 'uniform')(k, shape).data(), 0.5 / ((fi + fo) / 2))).toBe(true)
    // a conv kernel: fan-in 3·3·8 = 72
    expect(truncOk(init.heNormal()(k, [3, 3, 8, 2000]).data(), 2 / 72)).toBe(true)
    // batch axes are in neither fan
    expect(uniformOk(init.lecunUniform({ batchAxis: 0 })(k, [50, 100, 40]).data(), 1 / 100)).toBe(true)
  })
  it('the normal variants draw the rescaled truncated normal, as JAX', () => {
    const g = init.glorotNormal()(k, [30, 40], 'float64').data()
    const t = random.truncatedNormal(k, -2, 2, [30, 40], { dtype: 'float64' }).data()
    const c = Math.sqrt(2 / 70) / 0.87962566103423978
    g.forEach((v, i) => expect(v).toBeCloseTo(t[i]! * c, 14))
  })
  it('keeps the dtype, the default dtype option, and determinism', () => {
    expect(init.glorotUniform()(k, [3, 4]).dtype).toBe('float32')
    expect(init.glorotUniform()(k, [3, 4], 'float64').dtype).toBe('float64')
    expect(init.heNormal({ dtype: 'float64' })(k, [3, 4]).dtype).toBe('float64')
    expect(data(init.heNormal()(k, [5, 5]))).toEqual(data(init.heNormal()(k, [5, 5])))
    expect(init.glorotUniform()(k, [0, 4]).shape).toEqual([0, 4])
  })
  it('rejects bad hyperparameters and arguments', () => {
    expect(() => init.varianceScaling(0, 'fan_in', 'normal')).toThrow(/scale must be a positive finite number/)
    expect(() => init.varianceScaling(1, 'fan_mid' as init.FanMode, 'normal')).toThrow(/mode must be 'fan_in'/)
    expect(() => init.varianceScaling(1, 'fan_in', 'cauchy' as init.Distribution)).toThrow(/distribution must be/)
    expect(() => init.glorotUniform()(k, [3, 4], 'int32')).toThrow(DTypeError)
    expect(() => init.glorotUniform()(42 as unknown as random.Key, [3, 4])).toThrow(random.KeyError)
    expect(() => init.glorotUniform()(k, k as unknown as number[])).toThrow(/glorotUniform: the shape is a PRNG key/)
    expect(() => init.glorotUniform()(k, [3, -4])).toThrow(ShapeError)
  })
})

describe('orthogonal', () => {
  const gram = (q: Parameters<typeof matmul>[0]) => matmul(transpose(q), q)
  it('QᵀQ = I for square and tall matrices, QQᵀ = I for wide ones', () => {
    const sq = init.orthogonal()(k, [16, 16], 'float64')
    expect(approxEq({ atol: 1e-12 })(gram(sq), eye(16, 16, 'float64'))).toBe(true)
    const tall = init.orthogonal()(k, [50, 20], 'float64')
    expect(approxEq({ atol: 1e-12 })(gram(tall), eye(20, 20, 'float64'))).toBe(true)
    const wide = init.orthogonal()(k, [20, 50], 'float64')
    expect(approxEq({ atol: 1e-12 })(matmul(wide, transpose(wide)), eye(20, 20, 'float64'))).toBe(true)
    const f32 = init.orthogonal()(k, [32, 32])
    expect(f32.dtype).toBe('float32')
    expect(approxEq({ atol: 1e-5 })(gram(f32), eye(32, 32))).toBe(true)
  })
  it('scales, and puts the columns on columnAxis', () => {
    const q = init.orthogonal(2)(k, [10, 10], 'float64')
    expect(approxEq({ atol: 1e-12 })(gram(q), eye(10, 10, 'float64').mul(4))).toBe(true)
    const conv = init.orthogonal()(k, [3, 3, 4, 16], 'float64') // 36 rows, 16 columns
    expect(approxEq({ atol: 1e-12 })(gram(reshape(conv, [36, 16])), eye(16, 16, 'float64'))).toBe(true)
    expect(data(init.orthogonal(1, 0)(k, [8, 5, 6], 'float64'))).toEqual(data(init.orthogonal(1, { columnAxis: 0 })(k, [8, 5, 6], 'float64')))
    const first = init.orthogonal(1, { columnAxis: 0 })(k, [8, 5, 6], 'float64') // columns on axis 0
    expect(first.shape).toEqual([8, 5, 6])
    const m = reshape(transpose(first, [1, 2, 0]), [30, 8])
    expect(approxEq({ atol: 1e-12 })(gram(m), eye(8, 8, 'float64'))).toBe(true)
  })
})

describe('simple initializers', () => {
  it('normal, uniform and truncatedNormal have their stated spread', () => {
    const n = init.normal(0.1)(k, [200, 500]).data()
    expect(varianceWithin(n, 0.01, 3e-4) && meanWithin(n, 0, 0.1)).toBe(true)
    const u = init.uniform(2)(k, [200, 500]).data()
    expect(Array.from(u).every((v) => v >= 0 && v < 2)).toBe(true)
    expect(meanWithin(u, 1, Math.sqrt(4 / 12))).toBe(true)
    const t = init.truncatedNormal(0.5)(k, [200, 500]).data()
    expect(Array.from(t).every((v) => Math.abs(v) < 1)).toBe(true)
    expect(varianceWithin(t, 0.25 * TRUNC_VAR, 3 * (0.25 * TRUNC_VAR) ** 2)).toBe(true)
    expect(init.normal()(k, [2, 2]).dtype).toBe('float32')
    expect(init.normal(0.1, 'float64')(k, [2]).dtype).toBe('float64') // JAX's positional dtype
    expect(init.truncatedNormal(1, { lower: 0, upper: 1 })(k, [100]).toArray()).toSatisfy((xs: number[]) => xs.every((v) => v > 0 && v < 1))
    expect(() => init.normal(-1)).toThrow(ValueError)
  })
  it('zeros and ones work as initializers and as factories; constant fills', () => {
    expect(init.zeros(k, [2, 2]).toArray()).toEqual([[0, 0], [0, 0]])
    expect(init.zeros()(k, [3], 'int32').dtype).toBe('int32')
    expect(init.ones(k, [2]).toArray()).toEqual([1, 1])
    expect(init.ones()(k, [2], 'float64').toArray()).toEqual([1, 1])
    expect(init.constant(0.5)(k, [2]).toArray()).toEqual([0.5, 0.5])
    expect(init.constant(3, { dtype: 'int32' })(k, [1]).dtype).toBe('int32')
    expect(init.constant(3, 'int32')(k, [1]).toArray()).toEqual([3])
    const z: init.Initializer = init.zeros // the JAX form is itself an Initializer
    expect(z(k, [1]).toArray()).toEqual([0])
    expect(() => init.zeros('k' as unknown as random.Key, [2])).toThrow(random.KeyError)
    expect(() => init.constant(NaN)).toThrow(ValueError)
  })
})

describe('PyTorch semantics', () => {
  const shape = [300, 400] // (out, in): fanIn 400, fanOut 300
  it('calculateGain', () => {
    expect(init.calculateGain('linear')).toBe(1)
    expect(init.calculateGain('conv2d')).toBe(1)
    expect(init.calculateGain('sigmoid')).toBe(1)
    expect(init.calculateGain('tanh')).toBe(5 / 3)
    expect(init.calculateGain('relu')).toBe(Math.SQRT2)
    expect(init.calculateGain('leaky_relu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)))
    expect(init.calculateGain('leaky_relu', 0.2)).toBe(Math.sqrt(2 / 1.04))
    expect(init.calculateGain('selu')).toBe(0.75)
    expect(() => init.calculateGain('swish' as init.Nonlinearity)).toThrow(/unsupported nonlinearity swish/)
    expect(() => init.calculateGain('leaky_relu', NaN)).toThrow(ValueError)
  })
  it('xavier and kaiming have the variance their formula says, with untruncated normals', () => {
    const xu = init.xavierUniform({ gain: 2 })(k, shape).data()
    expect(varianceWithin(xu, (4 * 2) / 700, 1.8 * ((4 * 2) / 700) ** 2)).toBe(true)
    const xn = init.xavierNormal()(k, shape).data()
    expect(varianceWithin(xn, 2 / 700, 3 * (2 / 700) ** 2)).toBe(true)
    const ku = init.kaimingUniform()(k, shape).data() // leaky_relu, a = 0: gain √2, fan_in 400
    expect(Array.from(ku).every((v) => Math.abs(v) <= Math.sqrt(6 / 400) * (1 + 1e-6))).toBe(true)
    expect(varianceWithin(ku, 2 / 400, 1.8 * (2 / 400) ** 2)).toBe(true)
    const kn = init.kaimingNormal({ mode: 'fan_out', nonlinearity: 'relu' })(k, shape).data()
    expect(varianceWithin(kn, 2 / 300, 3 * (2 / 300) ** 2)).toBe(true)
    // untruncated: a normal sample of 120000 reaches past 3σ
    expect(Array.from(kn).some((v) => Math.abs(v) > 3 * Math.sqrt(2 / 300))).toBe(true)
    const conv = init.kaimingNormal({ nonlinearity: 'tanh' })(k, [64, 8, 5, 5]).data() // fan_in 200
    expect(Math.abs(moments(conv).variance / ((25 / 9) / 200) - 1)).toBeLessThan(0.05)
  })
  it('rejects bad options', () => {
    expect(() => init.kaimingUniform({ mode: 'fan_avg' as 'fan_in' })).toThrow(/mode must be 'fan_in' or 'fan_out'/)
    expect(() => init.xavierNormal({ gain: 0 })).toThrow(ValueError)
  })
})
