import { describe, expect, it } from 'vitest'
import * as F from '../src/index.js'
import {
  DTypeError, FluxionError, LinAlgError, ShapeError, TraceError, TreeError, ValueError, showShape, type DType, type Tensor,
} from '../src/index.js'

const t = F.tensor
const m = F.zeros([2, 3])

describe('the error classes', () => {
  it.each([
    [ShapeError, 'ShapeError'], [DTypeError, 'DTypeError'], [LinAlgError, 'LinAlgError'], [ValueError, 'ValueError'],
    [TraceError, 'TraceError'], [TreeError, 'TreeError'],
  ] as const)('%o is a FluxionError named %s', (Cls, name) => {
    const e = new Cls('op: what went wrong')
    expect(e).toBeInstanceOf(Cls)
    expect(e).toBeInstanceOf(FluxionError)
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe(name)
    expect(e.message).toBe('op: what went wrong')
    expect(String(e)).toBe(`${name}: op: what went wrong`)
  })

  it('are distinct from each other', () => {
    expect(new ShapeError('x')).not.toBeInstanceOf(DTypeError)
    expect(new LinAlgError('x')).not.toBeInstanceOf(ValueError)
    expect(new FluxionError('x').name).toBe('FluxionError')
  })

  it('showShape prints shapes as in every message', () => {
    expect(showShape([2, 3])).toBe('[2,3]')
    expect(showShape([])).toBe('[]')
    expect(showShape([0])).toBe('[0]')
  })
})

/**
 * Every error path of the tensor ops: what is called, the class it throws, and
 * text the message must contain (the op's name first, then the shapes or values).
 */
const cases: ReadonlyArray<readonly [string, () => unknown, new (m: string) => FluxionError, string | RegExp]> = [
  // creation
  ['tensor: ragged', () => t([[1, 2], [3]]), ShapeError, 'tensor: ragged nested array: at [1] expected 2 elements, got 1'],
  ['tensor: not a number', () => t([null] as unknown as number[]), ShapeError, 'tensor: element at [0] is object'],
  ['tensor: unknown dtype', () => t([1], { dtype: 'uint8' as DType }), DTypeError, "tensor: unknown dtype uint8; use 'float32', 'float64', 'int32' or 'bool'"],
  ['tensor: shape size', () => t([1, 2, 3], { shape: [2, 2] }), ShapeError, 'tensor: cannot reshape [3] (size 3) to [2,2] (size 4)'],
  ['tensor: bad shape', () => t([1], { shape: [-1] }), ShapeError, 'tensor: shape [-1] must hold non-negative integers'],
  ['tensor: typed array', () => t(new Uint16Array(2) as unknown as Uint8Array), DTypeError, 'tensor: unsupported typed array Uint16Array'],
  ['tensor: retype a tensor', () => t(m, { dtype: 'int32' }), ValueError, 'tensor: to change the shape or dtype of a tensor use reshape or cast'],
  ['zeros: negative', () => F.zeros([2, -1]), ShapeError, 'zeros: shape [2,-1] must hold non-negative integers'],
  ['ones: fractional', () => F.ones([1.5]), ShapeError, 'ones: shape [1.5] must hold non-negative integers'],
  ['full: dtype', () => F.full([1], 0, 'x' as DType), DTypeError, 'full: unknown dtype x'],
  ['zerosLike: dtype', () => F.zerosLike(m, 'x' as DType), DTypeError, 'zerosLike: unknown dtype x'],
  ['arange: step 0', () => F.arange(0, 1, 0), ValueError, 'arange: step must be a finite non-zero number, got 0'],
  ['arange: infinite', () => F.arange(0, Infinity), ValueError, 'arange: start and stop must be finite numbers, got 0 and Infinity'],
  ['arange: dtype', () => F.arange(2, 3, 1, 'x' as DType), DTypeError, 'arange: unknown dtype x'],
  ['linspace: num', () => F.linspace(0, 1, -2), ValueError, 'linspace: num must be a non-negative integer, got -2'],
  ['linspace: dtype', () => F.linspace(0, 1, 2, 'x' as DType), DTypeError, 'linspace: unknown dtype x'],
  ['eye: negative', () => F.eye(2, -1), ShapeError, 'eye: shape [2,-1] must hold non-negative integers'],
  ['eye: dtype', () => F.eye(2, 2, 'x' as DType), DTypeError, 'eye: unknown dtype x'],
  ['item: many elements', () => m.item(), ShapeError, 'item: expected a tensor with one element, got shape [2,3]'],
  // elementwise
  ['add: broadcast', () => F.add(m, F.zeros([2])), ShapeError, 'add: cannot broadcast [2,3] with [2]: dimension -1 is 3 vs 2 (each must be equal or 1)'],
  ['pow: broadcast', () => F.pow(F.zeros([4, 1]), F.zeros([3, 2])), ShapeError, 'pow: cannot broadcast [4,1] with [3,2]: dimension -2 is 4 vs 3'],
  ['greaterEqual: broadcast', () => F.greaterEqual(m, F.zeros([3, 3])), ShapeError, 'greaterEqual: cannot broadcast [2,3] with [3,3]'],
  ['sub: not a tensor', () => F.sub(m, '1' as unknown as number), DTypeError, 'sub: expected a Tensor or a number, got string'],
  ['where: condition', () => F.where(t([1]), 1, 2), DTypeError, 'where: the condition must be bool, got float32 [1]; compare first, e.g. greater(x, 0)'],
  ['where: broadcast', () => F.where(t([true, false]), F.zeros([3]), 1), ShapeError, 'where: cannot broadcast [2] with [3]'],
  ['cast: dtype', () => F.cast(m, 'half' as DType), DTypeError, "cast: unknown dtype half; use 'float32', 'float64', 'int32' or 'bool'"],
  // reductions
  ['sum: axis', () => F.sum(m, 2), ShapeError, 'sum: axis 2 is out of range for a tensor of rank 2 (valid: -2..1)'],
  ['sum: repeated', () => F.sum(m, [0, -2]), ShapeError, 'sum: axis 0 is repeated in [0,-2]'],
  ['mean: axis', () => F.mean(m, -3), ShapeError, 'mean: axis -3 is out of range for a tensor of rank 2'],
  ['variance: axis', () => F.variance(m, 5), ShapeError, 'variance: axis 5 is out of range'],
  ['logsumexp: axis', () => F.logsumexp(m, 5), ShapeError, 'logsumexp: axis 5 is out of range'],
  ['logsumexp: dtype', () => F.logsumexp(F.zeros([2], 'int32')), DTypeError, 'logsumexp: expected a float tensor, got int32 [2]'],
  ['prod: axis', () => F.prod(m, [3]), ShapeError, 'prod: axis 3 is out of range'],
  ['max: empty', () => F.max(F.zeros([2, 0]), 1), ShapeError, 'max: cannot reduce an empty axis of [2,0] (the result has no identity)'],
  ['min: empty', () => F.min(F.zeros([0])), ShapeError, 'min: cannot reduce an empty axis of [0]'],
  ['argmax: empty', () => F.argmax(F.zeros([0, 2]), 0), ShapeError, 'argmax: cannot reduce an empty axis of [0,2]'],
  ['argmin: axis', () => F.argmin(m, -3), ShapeError, 'argmin: axis -3 is out of range for a tensor of rank 2'],
  // shape ops
  ['reshape: size', () => F.reshape(m, [5]), ShapeError, 'reshape: cannot reshape [2,3] (size 6) to [5] (size 5)'],
  ['reshape: two -1', () => F.reshape(m, [-1, -1]), ShapeError, 'reshape: only one -1 is allowed in the target shape [-1,-1]'],
  ['reshape: -1 that does not divide', () => F.reshape(m, [4, -1]), ShapeError, 'reshape: cannot reshape [2,3] (size 6) to [4,-1]'],
  ['reshape: bad dim', () => F.reshape(m, [-3, 2]), ShapeError, 'reshape: invalid dimension -3 in target shape [-3,2]'],
  ['transpose: length', () => F.transpose(m, [1, 0, 2]), ShapeError, 'transpose: permutation [1,0,2] has 3 axes, the tensor has 2'],
  ['transpose: duplicate', () => F.transpose(m, [1, 1]), ShapeError, 'transpose: [1,1] is not a permutation of 0..1'],
  ['broadcastTo: incompatible', () => F.broadcastTo(m, [2, 4]), ShapeError, 'broadcastTo: cannot broadcast [2,3] with [2,4]'],
  ['broadcastTo: fewer axes', () => F.broadcastTo(m, [3]), ShapeError, 'broadcastTo: cannot broadcast [2,3] to [3]'],
  ['broadcastTo: negative', () => F.broadcastTo(m, [2, -3]), ShapeError, 'broadcastTo: target shape [2,-3] must hold non-negative integers'],
  ['expandDims: axis', () => F.expandDims(m, 4), ShapeError, 'expandDims: axis 4 is out of range'],
  ['squeeze: not size 1', () => F.squeeze(m, 1), ShapeError, 'squeeze: axis 1 of [2,3] has size 3, not 1'],
  ['squeeze: axis', () => F.squeeze(m, 2), ShapeError, 'squeeze: axis 2 is out of range'],
  ['slice: step', () => F.slice(m, [0], [1], [0]), ValueError, 'slice: step 0 on axis 0 must be a positive integer; use flip to reverse'],
  ['slice: too many axes', () => F.slice(m, [0, 0, 0]), ShapeError, 'slice: got bounds for 3 axes, the tensor [2,3] has 2'],
  ['concat: nothing', () => F.concat([]), ValueError, 'concat: need at least one tensor'],
  ['concat: scalars', () => F.concat([t(1), t(2)]), ShapeError, 'concat: cannot concatenate scalars (shape []); use stack'],
  ['concat: shapes', () => F.concat([m, F.zeros([2, 2])]), ShapeError, 'concat: shapes [2,3], [2,2] differ outside axis 0'],
  ['concat: dtypes', () => F.concat([m, F.zeros([1, 3], 'float64')]), DTypeError, 'concat: dtypes float32 and float64 differ; cast first'],
  ['concat: axis', () => F.concat([m, m], -3), ShapeError, 'concat: axis -3 is out of range for a tensor of rank 2'],
  ['stack: nothing', () => F.stack([]), ValueError, 'stack: need at least one tensor'],
  ['stack: shapes', () => F.stack([m, F.zeros([3, 2])]), ShapeError, 'stack: all tensors need one shape, got [2,3], [3,2]'],
  ['stack: axis', () => F.stack([m], 3), ShapeError, 'stack: axis 3 is out of range for a tensor of rank 3'],
  ['take: index', () => F.take(m, [2]), ShapeError, 'take: index 2 is out of range for an axis of size 2'],
  ['take: negative index', () => F.take(m, [-4], 1), ShapeError, 'take: index -4 is out of range for an axis of size 3'],
  ['take: dtype', () => F.take(m, t([0])), DTypeError, "take: indices must be int32, got float32; cast(indices, 'int32')"],
  ['take: scalar', () => F.take(t(1), [0]), ShapeError, 'take: cannot index a scalar'],
  ['take: axis', () => F.take(m, [0], 2), ShapeError, 'take: axis 2 is out of range for a tensor of rank 2'],
  ['oneHot: dtype', () => F.oneHot(t([1]), 2), DTypeError, 'oneHot: indices must be int32, got float32'],
  ['pad: widths', () => F.pad(m, [[0, 1]]), ShapeError, 'pad: got widths for 1 axes, the tensor [2,3] has 2'],
  ['pad: negative', () => F.pad(m, [[0, 1], [-1, 0]]), ValueError, 'pad: widths must be non-negative integers, got [-1, 0]'],
  ['flip: axis', () => F.flip(m, 2), ShapeError, 'flip: axis 2 is out of range for a tensor of rank 2'],
  ['scatterAdd: updates', () => F.scatterAdd(m, [0], F.zeros([2, 3])), ShapeError, 'scatterAdd: updates have shape [2,3], expected [1,3]'],
  // matmul
  ['matmul: inner', () => F.matmul(F.zeros([3, 4]), F.zeros([5, 2])), ShapeError, 'matmul: cannot multiply [3,4] by [5,2]: inner dimensions 4 and 5 differ'],
  ['matmul: batched inner', () => F.matmul(F.zeros([7, 3, 4]), F.zeros([7, 5, 2])), ShapeError, 'matmul: cannot multiply [7,3,4] by [7,5,2]: inner dimensions 4 and 5 differ'],
  ['matmul: vector inner', () => F.matmul(F.zeros([4]), F.zeros([5])), ShapeError, 'matmul: cannot multiply [4] by [5]: inner dimensions 4 and 5 differ'],
  ['matmul: transposed inner', () => F.matmul(F.zeros([3, 4]), F.zeros([5, 2]), { transA: true, transB: true }), ShapeError, 'matmul: cannot multiply [3,4]ᵀ by [5,2]ᵀ: inner dimensions 3 and 2 differ'],
  ['matmul: batch', () => F.matmul(F.zeros([2, 1, 1]), F.zeros([3, 1, 1])), ShapeError, 'matmul: cannot broadcast [2] with [3]'],
  ['matmul: scalar', () => F.matmul(F.zeros([2]), t(1)), ShapeError, 'matmul: cannot multiply [2] by []: scalars are not matrices (use mul)'],
  // linalg
  ['solve: singular', () => F.linalg.solve(t([[1, 1], [1, 1]]), t([1, 1])), LinAlgError, 'solve: matrix [2,2] is singular (zero pivot in column 1)'],
  ['solve: square', () => F.linalg.solve(m, t([1, 1])), ShapeError, 'solve: expected square matrices [..., n, n], got [2,3]'],
  ['solve: rhs', () => F.linalg.solve(F.eye(2), F.zeros([3, 1])), ShapeError, 'solve: cannot solve [2,2] against [3,1]'],
  ['cholesky: not PD', () => F.linalg.cholesky(t([[-1]])), LinAlgError, 'cholesky: matrix [1,1] is not positive definite (pivot 0 is -1)'],
  ['cholesky: square', () => F.linalg.cholesky(m), ShapeError, 'cholesky: expected square matrices [..., n, n], got [2,3]'],
  ['inv: singular', () => F.linalg.inv(F.zeros([3, 3])), LinAlgError, 'inv: matrix [3,3] is singular (zero pivot in column 0)'],
  ['inv: square', () => F.linalg.inv(m), ShapeError, 'inv: expected square matrices [..., n, n], got [2,3]'],
  ['det: square', () => F.linalg.det(F.zeros([2])), ShapeError, 'det: expected square matrices [..., n, n], got [2]'],
  ['slogdet: square', () => F.linalg.slogdet(m), ShapeError, 'slogdet: expected square matrices [..., n, n], got [2,3]'],
]

describe('every error path throws its class with a message naming the op', () => {
  it.each(cases)('%s', (_name, f, Cls, text) => {
    let caught: unknown
    try {
      f()
    } catch (e) {
      caught = e
    }
    expect(caught, 'expected a throw').toBeInstanceOf(Cls)
    expect(caught).toBeInstanceOf(FluxionError)
    const msg = (caught as Error).message
    if (typeof text === 'string') expect(msg).toContain(text)
    else expect(msg).toMatch(text)
    // the message starts with the op's name
    expect(msg).toMatch(/^[A-Za-z]+: /)
  })

  it('a failed op leaves its inputs as they were', () => {
    const x = t([[1, 2, 3], [4, 5, 6]])
    const snapshot = Array.from(x.data())
    expect(() => F.add(x, F.zeros([4]))).toThrow(ShapeError)
    expect(() => F.concat([x, F.zeros([1, 2])])).toThrow(ShapeError)
    expect(() => F.reshape(x, [4])).toThrow(ShapeError)
    expect(Array.from(x.data())).toEqual(snapshot)
    expect(x.shape).toEqual([2, 3])
  })

  it('messages that should suggest a fix do', () => {
    const grab = (f: () => unknown): string => {
      try {
        f()
      } catch (e) {
        return (e as Error).message
      }
      return ''
    }
    expect(grab(() => F.linalg.solve(t([[1, 1], [1, 1]]), t([1, 1])))).toMatch(/add a small multiple of the identity/)
    expect(grab(() => F.where(t([1]), 1, 2))).toMatch(/compare first/)
    expect(grab(() => F.slice(m, [0], [1], [-1]))).toMatch(/use flip/)
    expect(grab(() => F.matmul(t(2), m))).toMatch(/use mul/)
    expect(grab(() => F.add([1] as unknown as Tensor, 1))).toMatch(/wrap it with tensor/)
  })
})
