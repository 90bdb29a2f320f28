import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as F from '../src/index.js'
import {
  broadcasting, checkBroadcastingLaws, checkElementwiseLaws, checkLeavesInputsUnchanged, checkMatmulLaws,
  checkPromotionLaws, checkPurityLaws, checkReductionLaws, checkShapeLaws, matmulLaws, naiveMatmul, opCases,
  promotion, purity, reductionLaws, shapeOps, tensorArb,
} from './index.js'

describe('laws/tensor runners', () => {
  it('broadcasting agrees with explicit broadcastTo and a scalar reference', () => checkBroadcastingLaws({ numRuns: 40 }))
  it('elementwise ops agree with Math', () => checkElementwiseLaws({ numRuns: 30 }))
  it('reshape/transpose round-trip; slice/flip/concat agree with index arithmetic', () => checkShapeLaws({ numRuns: 60 }))
  it('matmul (every layout, batched) agrees with a naive reference', () => checkMatmulLaws({ numRuns: 250 }))
  it('reductions agree with a reference', () => checkReductionLaws({ numRuns: 60 }))
  it('no op changes the data of its inputs', () => checkPurityLaws({ numRuns: 12 }))
  it('dtype promotion follows the documented table', () => checkPromotionLaws({ numRuns: 40 }))
})

describe('laws/tensor predicates catch what they should', () => {
  const x = F.tensor([[1, 2, 3], [4, 5, 6]])

  it('the purity runner covers every public tensor op', () => {
    const names = new Set(opCases.map((c) => c.name.replace(/\(.*\)$/, '')))
    const ops = [
      'tensor', 'zeros', 'ones', 'full', 'arange', 'linspace', 'eye', 'zerosLike', 'onesLike',
      'neg', 'abs', 'sign', 'square', 'sqrt', 'rsqrt', 'exp', 'expm1', 'log', 'log1p', 'sin', 'cos', 'tanh', 'sigmoid',
      'relu', 'erf', 'floor', 'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'equal', 'notEqual', 'less',
      'lessEqual', 'greater', 'greaterEqual', 'where', 'cast', 'sum', 'mean', 'prod', 'max', 'min', 'argmax', 'argmin',
      'logsumexp', 'variance', 'reshape', 'transpose', 'broadcastTo', 'expandDims', 'squeeze', 'slice', 'concat',
      'stack', 'take', 'oneHot', 'pad', 'flip', 'matmul', 'linalg.solve', 'linalg.cholesky', 'linalg.inv', 'linalg.det',
      'linalg.slogdet',
    ]
    expect(ops.filter((o) => !names.has(o))).toEqual([])
  })

  it('purity flags a function that writes into its input', () => {
    const bad = (a: number[]) => {
      a[0] = 99
      return a
    }
    expect(purity.leavesInputsUnchanged(bad)([1, 2])).toBe(false)
    expect(purity.leavesInputsUnchanged((a: number[]) => a.slice().reverse())([1, 2])).toBe(true)
    const typed = new Float32Array([1, 2])
    expect(purity.leavesInputsUnchanged((t: Float32Array) => t.fill(0))(typed)).toBe(false)
    // a fresh array per run (a mutated generated value would send fast-check's shrinker round in circles)
    expect(() => checkLeavesInputsUnchanged(bad, fc.constant(null).map(() => [[1, 2, 3]]), { numRuns: 5 })).toThrow(/\[99,2,3\]/)
  })

  it('purity still holds when the op throws a FluxionError, and rethrows other errors', () => {
    expect(purity.leavesInputsUnchanged((a: F.Tensor) => F.reshape(a, [7]))(x)).toBe(true)
    expect(() => purity.leavesInputsUnchanged(() => {
      throw new TypeError('boom')
    })()).toThrow(TypeError)
  })

  it('broadcasting predicate rejects an op that ignores broadcasting', () => {
    const broken = (a: F.Tensor, b: F.Tensor) => F.add(a, F.mul(F.sum(b), 0)) // drops b's shape
    expect(broadcasting.agreesWithBroadcastTo(F.add)(F.tensor([[1], [2]]), F.tensor([1, 2, 3]))).toBe(true)
    expect(broadcasting.agreesWithScalarFn(broken, (p, q) => p + q)(F.tensor([[1], [2]]), F.tensor([1, 2, 3]))).toBe(false)
    expect(broadcasting.agreesWithBroadcastTo(F.add)(F.zeros([2, 3]), F.zeros([4]))).toBe(true) // a ShapeError, as it should
  })

  it('shape predicates hold on examples and fail on a wrong inverse', () => {
    const y = F.reshape(F.arange(24), [2, 3, 4])
    expect(shapeOps.reshapeRoundTrip(y, [4, -1])).toBe(true)
    expect(shapeOps.transposeRoundTrip(y, [2, 0, 1])).toBe(true)
    expect(shapeOps.transposeAgreesWithReference(y, [-1, 0, 1])).toBe(true)
    expect(shapeOps.sliceAgreesWithReference(y, [1, -2], [undefined as unknown as number, 3], [1, 2])).toBe(true)
    expect(shapeOps.flipAgreesWithReference(y, [0, -1])).toBe(true)
    // transposing twice by a 3-cycle is not the identity
    expect(F.transpose(F.transpose(y, [2, 0, 1]), [2, 0, 1]).shape).not.toEqual(y.shape)
  })

  it('naiveMatmul follows numpy on small examples', () => {
    const a = F.tensor([[1, 2], [3, 4]])
    const v = F.tensor([1, 1])
    expect(naiveMatmul(a, v)).toEqual({ shape: [2], data: [3, 7] })
    expect(naiveMatmul(v, a)).toEqual({ shape: [2], data: [4, 6] })
    expect(naiveMatmul(a, a, { transA: true })).toEqual({ shape: [2, 2], data: [10, 14, 14, 20] })
    expect(naiveMatmul(a, F.zeros([3, 2]))).toBeNull()
    expect(matmulLaws.agreesWithNaive()(a, v)).toBe(true)
    expect(matmulLaws.agreesWithNaive()(a, F.zeros([3, 2]))).toBe(true) // ShapeError expected and thrown
  })

  it('reduction predicate fails against a wrong reduction', () => {
    expect(reductionLaws.agreesWithReference('sum')(x, -1, true)).toBe(true)
    expect(reductionLaws.agreesWithReference('argmax')(x, undefined, true)).toBe(true)
    expect(reductionLaws.agreesWithReference('max')(F.zeros([2, 0]), 1, false)).toBe(true) // ShapeError
    expect(reductionLaws.agreesWithReference('mean')(x, 0, false)).toBe(true)
  })

  it('promotion predicates hold for every pair', () => {
    const dts = ['bool', 'int32', 'float32', 'float64'] as const
    for (const a of dts) for (const b of dts) expect(promotion.promoteTypesFollowsTable(a, b)).toBe(true)
  })

  it('arbitraries stay within their bounds', () => {
    fc.assert(fc.property(tensorArb.tensor(), (t) => {
      const d = t.data()
      return t.ndim <= 4 && t.shape.every((s) => s >= 0 && s <= 4) && d.every((v) => v >= -10 && v <= 10)
    }), { seed: 1, numRuns: 50 })
    fc.assert(fc.property(tensorArb.tensor().chain((t) => fc.tuple(fc.constant(t), tensorArb.reshapeTarget(t.shape))), ([t, s]) =>
      s.filter((d) => d === -1).length <= 1 && (s.includes(-1) || s.reduce((p, d) => p * d, 1) === t.size)), { seed: 1, numRuns: 50 })
  })
})
