/**
 * Laws of the tensor layer, in two parts (as fp-ts-laws).
 *
 * 1. Pure predicates, grouped in objects: each takes the op under test (and a
 *    tolerance where floats are compared) and returns `(...inputs) => boolean`.
 *    The references they compare against are written here with plain index
 *    arithmetic, independently of the kernels.
 * 2. Runners (`checkTensorLaws` and one per group) that pair the predicates with
 *    the arbitraries below and `fc.assert` them with the fixed `SEED`, so a
 *    failure replays exactly.
 *
 * @example
 * import { broadcasting, checkTensorLaws } from 'fluxion/laws'
 * broadcasting.agreesWithBroadcastTo(add)(tensor([[1], [2]]), tensor([1, 2, 3]))   // true
 * checkTensorLaws({ numRuns: 20 })                                                 // throws on a counterexample
 *
 * @since 0.1.0
 */
import fc from 'fast-check'
import * as F from '../src/index.js'
import { FluxionError, ShapeError, Tensor, type DType } from '../src/index.js'
import { approxEq, SEED, type Tolerance } from './approx.js'

// ---- model ----

export type BinaryTensorOp = (a: Tensor, b: Tensor) => Tensor
export type UnaryTensorOp = (x: Tensor) => Tensor
export type Axes = number | ReadonlyArray<number> | undefined
export type ReductionName = 'sum' | 'mean' | 'prod' | 'max' | 'min' | 'logsumexp' | 'variance' | 'argmax' | 'argmin'
export interface MatmulOptions {
  readonly transA?: boolean
  readonly transB?: boolean
}

// ---- reference index arithmetic (independent of src/tensor/shape.ts) ----

const size = (shape: ReadonlyArray<number>): number => shape.reduce((p, d) => p * d, 1)

const stridesOf = (shape: ReadonlyArray<number>): number[] => {
  const s = shape.map(() => 0)
  let acc = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc
    acc *= shape[i]!
  }
  return s
}

/** The multi-index of flat position `i` in a row-major array of `shape`. */
const unravel = (i: number, shape: ReadonlyArray<number>): number[] => {
  const idx = shape.map(() => 0)
  for (let a = shape.length - 1; a >= 0; a--) {
    const d = shape[a]!
    idx[a] = i % d
    i = Math.floor(i / d)
  }
  return idx
}

const ravel = (idx: ReadonlyArray<number>, shape: ReadonlyArray<number>): number => {
  const st = stridesOf(shape)
  return idx.reduce((o, v, a) => o + v * st[a]!, 0)
}

/** numpy's broadcast of two shapes, or null when they do not broadcast. */
export const referenceBroadcastShape = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number[] | null => {
  const n = Math.max(a.length, b.length)
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1
    const db = b[b.length - n + i] ?? 1
    if (da !== db && da !== 1 && db !== 1) return null
    out.push(da === 1 ? db : da)
  }
  return out
}

/** Read `x` (data, shape) at an index of the broadcast shape `target`. */
const readBroadcast = (data: ArrayLike<number>, shape: ReadonlyArray<number>, idx: ReadonlyArray<number>): number => {
  const off = idx.length - shape.length
  return data[ravel(shape.map((d, a) => (d === 1 ? 0 : idx[off + a]!)), shape)]!
}

/** Round a float64 reference value to what a tensor of `dtype` can hold. */
const roundTo = (dtype: DType, v: number): number =>
  dtype === 'float32' ? Math.fround(v) : dtype === 'int32' ? v | 0 : dtype === 'bool' ? (v ? 1 : 0) : v

const values = (x: Tensor): number[] => Array.from(x.data())

const sameShape = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i])

/** Same shape, same dtype, and the same values (NaN equal to NaN, -0 equal to 0). */
const identical = (a: Tensor, b: Tensor): boolean => a.dtype === b.dtype && approxEq({ rtol: 0, atol: 0 })(a, b)

/** A tensor of `shape` with float64 reference values (for approxEq). */
const expected = (shape: ReadonlyArray<number>, data: ArrayLike<number>): Tensor =>
  F.tensor(Float64Array.from(data), { shape })

const throwsA = (cls: new (...args: never[]) => Error, f: () => unknown): boolean => {
  try {
    f()
    return false
  } catch (e) {
    return e instanceof cls
  }
}

const inversePerm = (perm: ReadonlyArray<number>): number[] => {
  const out = perm.map(() => 0)
  perm.forEach((p, i) => (out[p] = i))
  return out
}

const normAxis = (a: number, ndim: number): number => (a < 0 ? a + ndim : a)

// ---- predicates: broadcasting ----

export const broadcasting = {
  /**
   * `op(a, b)` equals `op` applied to both operands explicitly broadcast to their
   * common shape with `broadcastTo`; shapes that do not broadcast are a ShapeError.
   */
  agreesWithBroadcastTo:
    (op: BinaryTensorOp) =>
    (a: Tensor, b: Tensor): boolean => {
      const s = referenceBroadcastShape(a.shape, b.shape)
      if (s === null) return throwsA(ShapeError, () => op(a, b))
      return identical(op(a, b), op(F.broadcastTo(a, s), F.broadcastTo(b, s)))
    },

  /** The same for the three operands of `where`. */
  whereAgreesWithBroadcastTo: (c: Tensor, a: Tensor, b: Tensor): boolean => {
    const s0 = referenceBroadcastShape(c.shape, a.shape)
    const s = s0 === null ? null : referenceBroadcastShape(s0, b.shape)
    if (s === null) return throwsA(ShapeError, () => F.where(c, a, b))
    return identical(F.where(c, a, b), F.where(F.broadcastTo(c, s), F.broadcastTo(a, s), F.broadcastTo(b, s)))
  },

  /** `broadcastTo(x, target)` reads x at every index of `target` with size-1 axes pinned to 0. */
  broadcastToAgreesWithReference: (x: Tensor, target: ReadonlyArray<number>): boolean => {
    const s = referenceBroadcastShape(x.shape, target)
    if (s === null || !sameShape(s, target)) return throwsA(ShapeError, () => F.broadcastTo(x, target))
    const d = x.data()
    const want = Array.from({ length: size(target) }, (_, i) => readBroadcast(d, x.shape, unravel(i, target)))
    const got = F.broadcastTo(x, target)
    return got.dtype === x.dtype && approxEq({ rtol: 0, atol: 0 })(got, expected(target, want))
  },

  /**
   * A broadcasting binary op computes `f` elementwise on the broadcast operands
   * (promoted to the result dtype), within `tol`.
   */
  agreesWithScalarFn:
    (op: BinaryTensorOp, f: (x: number, y: number) => number, tol: Tolerance = {}) =>
    (a: Tensor, b: Tensor): boolean => {
      const s = referenceBroadcastShape(a.shape, b.shape)
      if (s === null) return throwsA(ShapeError, () => op(a, b))
      const out = op(a, b)
      const da = a.data()
      const db = b.data()
      const want = Array.from({ length: size(s) }, (_, i) => {
        const idx = unravel(i, s)
        const x = roundTo(out.dtype === 'bool' ? promotedInput(a, b) : out.dtype, readBroadcast(da, a.shape, idx))
        const y = roundTo(out.dtype === 'bool' ? promotedInput(a, b) : out.dtype, readBroadcast(db, b.shape, idx))
        return roundTo(out.dtype, f(x, y))
      })
      return approxEq(tol)(out, expected(s, want))
    },
}

/** The dtype both operands of a comparison are promoted to before comparing. */
const promotedInput = (a: Tensor, b: Tensor): DType => F.promoteTypes(a.dtype, b.dtype)

// ---- predicates: elementwise unary ----

export const elementwise = {
  /** A unary op computes `f` on every element (of the float32-cast input for an int input), within `tol`. */
  agreesWithScalarFn:
    (op: UnaryTensorOp, f: (x: number) => number, tol: Tolerance = {}) =>
    (x: Tensor): boolean => {
      const out = op(x)
      if (!sameShape(out.shape, x.shape)) return false
      const want = values(x).map((v) => roundTo(out.dtype, f(v)))
      return approxEq(tol)(out, expected(x.shape, want))
    },
}

// ---- predicates: shape ops ----

export const shapeOps = {
  /** reshape keeps the row-major data, and reshaping back gives the input. */
  reshapeRoundTrip: (x: Tensor, target: ReadonlyArray<number>): boolean => {
    const y = F.reshape(x, target)
    const resolved = target.includes(-1)
      ? target.map((d) => (d === -1 ? size(x.shape) / size(target.filter((e) => e !== -1)) : d))
      : target
    return sameShape(y.shape, resolved) && identical(expected(x.shape, values(y)), expected(x.shape, values(x))) &&
      identical(F.reshape(y, x.shape), x)
  },

  /** transpose by `perm`, then by its inverse, gives the input. */
  transposeRoundTrip: (x: Tensor, perm: ReadonlyArray<number>): boolean => {
    const p = perm.map((a) => normAxis(a, x.ndim))
    return identical(F.transpose(F.transpose(x, perm), inversePerm(p)), x)
  },

  /** transpose moves element idx of x to position perm⁻¹(idx) of the output. */
  transposeAgreesWithReference: (x: Tensor, perm: ReadonlyArray<number>): boolean => {
    const p = perm.map((a) => normAxis(a, x.ndim))
    const outShape = p.map((a) => x.shape[a]!)
    const d = x.data()
    const want = Array.from({ length: size(outShape) }, (_, i) => {
      const oi = unravel(i, outShape)
      const xi = x.shape.map(() => 0)
      p.forEach((a, j) => (xi[a] = oi[j]!))
      return d[ravel(xi, x.shape)]!
    })
    const y = F.transpose(x, perm)
    return y.dtype === x.dtype && approxEq({ rtol: 0, atol: 0 })(y, expected(outShape, want))
  },

  /** slice reads x[start + i·step] per axis, with numpy's clamping and negative indices. */
  sliceAgreesWithReference: (
    x: Tensor, starts: ReadonlyArray<number>, stops: ReadonlyArray<number>, steps: ReadonlyArray<number>,
  ): boolean => {
    const ranges = x.shape.map((d, a) => {
      const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + d : v, 0), d)
      const b = clamp(starts[a] ?? 0)
      const e = clamp(stops[a] ?? d)
      const k = steps[a] ?? 1
      const r: number[] = []
      for (let i = b; i < e; i += k) r.push(i)
      return r
    })
    const outShape = ranges.map((r) => r.length)
    const d = x.data()
    const want = Array.from({ length: size(outShape) }, (_, i) =>
      d[ravel(unravel(i, outShape).map((j, a) => ranges[a]![j]!), x.shape)]!)
    return approxEq({ rtol: 0, atol: 0 })(F.slice(x, starts, stops, steps), expected(outShape, want))
  },

  /** flip is an involution, and flipping reverses each named axis. */
  flipAgreesWithReference: (x: Tensor, axes: Axes): boolean => {
    const list = axes === undefined ? x.shape.map((_, i) => i) : (typeof axes === 'number' ? [axes] : axes).map((a) => normAxis(a, x.ndim))
    const d = x.data()
    const want = Array.from({ length: x.size }, (_, i) =>
      d[ravel(unravel(i, x.shape).map((j, a) => (list.includes(a) ? x.shape[a]! - 1 - j : j)), x.shape)]!)
    const y = F.flip(x, axes)
    return approxEq({ rtol: 0, atol: 0 })(y, expected(x.shape, want)) && identical(F.flip(y, axes), x)
  },

  /** concat of the pieces of a split along `axis` gives the input back. */
  concatSliceRoundTrip: (x: Tensor, axis: number, cut: number): boolean => {
    const a = normAxis(axis, x.ndim)
    const c = Math.min(cut, x.shape[a]!)
    const lo = F.slice(x, x.shape.map((_, i) => (i === a ? 0 : 0)), x.shape.map((d, i) => (i === a ? c : d)))
    const hi = F.slice(x, x.shape.map((_, i) => (i === a ? c : 0)))
    return identical(F.concat([lo, hi], axis), x)
  },
}

// ---- predicates: matmul ----

/**
 * numpy's matmul by index arithmetic: 1-D operands are a row (a) or a column (b)
 * whose axis is dropped afterwards, batch axes broadcast, `transA`/`transB` swap
 * the last two axes of a matrix operand. Returns null when the shapes do not fit.
 */
export const naiveMatmul = (a: Tensor, b: Tensor, { transA = false, transB = false }: MatmulOptions = {}):
  { shape: number[]; data: number[] } | null => {
  if (a.ndim === 0 || b.ndim === 0) return null
  const av = a.data()
  const bv = b.data()
  const vecA = a.ndim === 1
  const vecB = b.ndim === 1
  const aShape = vecA ? [1, a.shape[0]!] : a.shape.slice()
  const bShape = vecB ? [b.shape[0]!, 1] : b.shape.slice()
  const tA = transA && !vecA
  const tB = transB && !vecB
  const [ar, ac] = aShape.slice(-2) as [number, number]
  const [br, bc] = bShape.slice(-2) as [number, number]
  const [m, k] = tA ? [ac, ar] : [ar, ac]
  const [k2, n] = tB ? [bc, br] : [br, bc]
  if (k !== k2) return null
  const batch = referenceBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2))
  if (batch === null) return null
  const aBatch = aShape.slice(0, -2)
  const bBatch = bShape.slice(0, -2)
  const out: number[] = []
  for (let q = 0; q < size(batch); q++) {
    const bi = unravel(q, batch)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0
        for (let p = 0; p < k; p++) {
          const x = readBroadcast(av, aShape, [...bi.slice(bi.length - aBatch.length), ...(tA ? [p, i] : [i, p])])
          const y = readBroadcast(bv, bShape, [...bi.slice(bi.length - bBatch.length), ...(tB ? [j, p] : [p, j])])
          s += x * y
        }
        out.push(s)
      }
  }
  const shape = [...batch, ...(vecA ? [] : [m]), ...(vecB ? [] : [n])]
  return { shape, data: out }
}

export const matmulLaws = {
  /** matmul agrees with `naiveMatmul` within `tol`, and throws a ShapeError exactly when the shapes do not fit. */
  agreesWithNaive:
    (tol: Tolerance = {}) =>
    (a: Tensor, b: Tensor, opts: MatmulOptions = {}): boolean => {
      const want = naiveMatmul(a, b, opts)
      if (want === null) return throwsA(ShapeError, () => F.matmul(a, b, opts))
      const got = F.matmul(a, b, opts)
      const dt = F.promoteTypes(a.dtype, b.dtype)
      const outDType = dt === 'bool' ? 'int32' : dt
      return got.dtype === outDType && approxEq(tol)(got, expected(want.shape, want.data.map((v) => roundTo(outDType, v))))
    },

  /** The `{ transA, transB }` flags agree with transposing the operand explicitly (matrices only). */
  flagsAgreeWithTranspose:
    (tol: Tolerance = {}) =>
    (a: Tensor, b: Tensor, opts: MatmulOptions): boolean => {
      const swap = (x: Tensor) => F.transpose(x, [...x.shape.map((_, i) => i).slice(0, -2), x.ndim - 1, x.ndim - 2])
      const x = opts.transA && a.ndim >= 2 ? swap(a) : a
      const y = opts.transB && b.ndim >= 2 ? swap(b) : b
      if (naiveMatmul(x, y) === null) return throwsA(ShapeError, () => F.matmul(a, b, opts))
      return approxEq(tol)(F.matmul(a, b, opts), F.matmul(x, y))
    },
}

// ---- predicates: reductions ----

const reduceRef = (name: ReductionName, xs: ReadonlyArray<number>): number => {
  const n = xs.length
  switch (name) {
    case 'sum':
      return xs.reduce((s, v) => s + v, 0)
    case 'prod':
      return xs.reduce((s, v) => s * v, 1)
    case 'mean':
      return xs.reduce((s, v) => s + v, 0) / n
    case 'variance': {
      const mu = xs.reduce((s, v) => s + v, 0) / n
      return xs.reduce((s, v) => s + (v - mu) * (v - mu), 0) / n
    }
    case 'max':
      return xs.some(Number.isNaN) ? NaN : Math.max(...xs)
    case 'min':
      return xs.some(Number.isNaN) ? NaN : Math.min(...xs)
    case 'logsumexp': {
      if (xs.some(Number.isNaN)) return NaN
      const m = Math.max(...xs)
      if (n === 0 || m === -Infinity) return -Infinity
      if (m === Infinity) return Infinity
      return m + Math.log(xs.reduce((s, v) => s + Math.exp(v - m), 0))
    }
    case 'argmax':
    case 'argmin': {
      let best = 0
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(xs[i])) return i
        if (name === 'argmax' ? xs[i]! > xs[best]! : xs[i]! < xs[best]!) best = i
      }
      return best
    }
  }
}

const reductionOp = (name: ReductionName): ((x: Tensor, axis: Axes, keepdims: boolean) => Tensor) => {
  switch (name) {
    case 'argmax':
    case 'argmin':
      return (x, axis, keepdims) => F[name](x, axis as number | undefined, keepdims)
    default:
      return (x, axis, keepdims) => F[name](x, axis, keepdims)
  }
}

/** The dtype a reduction gives for an input dtype. */
const reductionDType = (name: ReductionName, d: DType): DType =>
  name === 'argmax' || name === 'argmin'
    ? 'int32'
    : name === 'mean' || name === 'variance' || name === 'logsumexp'
      ? (d === 'float64' ? 'float64' : 'float32')
      : d === 'bool'
        ? 'int32'
        : d

export const reductionLaws = {
  /**
   * The reduction over `axis` (one, several in any order, negative, or all when
   * undefined) with `keepdims` agrees with a reference that groups elements by
   * their kept index and reduces each group in index order. max/min/argmax/argmin
   * over an empty axis are a ShapeError. argmax/argmin without an axis index the
   * flattened tensor.
   */
  agreesWithReference:
    (name: ReductionName, tol: Tolerance = {}) =>
    (x: Tensor, axis: Axes, keepdims: boolean): boolean => {
      const op = reductionOp(name)
      const isArg = name === 'argmax' || name === 'argmin'
      const flat = isArg && axis === undefined
      const shape = flat ? [x.size] : x.shape
      const list = axis === undefined ? shape.map((_, i) => i) : (typeof axis === 'number' ? [axis] : axis).map((a) => normAxis(a, shape.length))
      const n = list.reduce((p, a) => p * shape[a]!, 1)
      if (n === 0 && (name === 'max' || name === 'min' || isArg)) return throwsA(ShapeError, () => op(x, axis, keepdims))
      const kept = shape.map((_, i) => i).filter((i) => !list.includes(i))
      const keptShape = kept.map((i) => shape[i]!)
      const groups: number[][] = Array.from({ length: size(keptShape) }, () => [])
      const d = x.data()
      for (let i = 0; i < d.length; i++) {
        const idx = unravel(i, shape)
        groups[ravel(kept.map((a) => idx[a]!), keptShape)]!.push(d[i]!)
      }
      const outDType = reductionDType(name, x.dtype)
      const outShape = flat ? (keepdims ? x.shape.map(() => 1) : []) : keepdims ? shape.map((s, i) => (list.includes(i) ? 1 : s)) : keptShape
      const got = op(x, axis, keepdims)
      const want = groups.map((g) => roundTo(outDType, reduceRef(name, g)))
      return got.dtype === outDType && approxEq(tol)(got, expected(outShape, want))
    },
}

// ---- predicates: purity ----

type Snapshot = unknown

const snapshot = (v: unknown): Snapshot => {
  if (v instanceof Tensor) return { tensor: true, shape: v.shape.slice(), dtype: v.dtype, data: values(v) }
  if (ArrayBuffer.isView(v)) return { typed: Array.from(v as unknown as ArrayLike<number>) }
  if (Array.isArray(v)) return v.map(snapshot)
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, w]) => [k, snapshot(w)]))
  return v
}

const sameSnapshot = (a: Snapshot, b: Snapshot): boolean => {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameSnapshot(x, b[i]))
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object' || Array.isArray(b)) return false
    const ka = Object.keys(a)
    const kb = Object.keys(b)
    return ka.length === kb.length && ka.every((k) => sameSnapshot((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  }
  return Object.is(a, b)
}

export const purity = {
  /**
   * Calling `f(...args)` changes nothing in its arguments: every tensor keeps its
   * shape, dtype and data (bit for bit), and every plain array or typed array its
   * contents. Holds whether `f` returns or throws.
   */
  leavesInputsUnchanged:
    (f: (...args: never[]) => unknown) =>
    (...args: ReadonlyArray<unknown>): boolean => {
      const before = snapshot(args)
      try {
        f(...(args as never[]))
      } catch (e) {
        if (!(e instanceof FluxionError)) throw e
      }
      return sameSnapshot(before, snapshot(args))
    },
}

// ---- predicates: dtype promotion ----

/** The promotion table as documented in src/tensor/dtype.ts, written out (row: a, column: b). */
export const PROMOTION_TABLE: Readonly<Record<DType, Readonly<Record<DType, DType>>>> = {
  bool: { bool: 'bool', int32: 'int32', float32: 'float32', float64: 'float64' },
  int32: { bool: 'int32', int32: 'int32', float32: 'float32', float64: 'float64' },
  float32: { bool: 'float32', int32: 'float32', float32: 'float32', float64: 'float64' },
  float64: { bool: 'float64', int32: 'float64', float32: 'float64', float64: 'float64' },
}

/**
 * How an op family treats the promoted dtype: arithmetic on two bools computes in
 * int32; `div` and `pow` of integers are true float32 results; comparisons give bool.
 */
export type PromotionKind = 'arith' | 'trueDiv' | 'compare' | 'where' | 'matmul'

const finalDType = (kind: PromotionKind, d: DType): DType =>
  kind === 'compare'
    ? 'bool'
    : kind === 'trueDiv'
      ? (d === 'float64' ? 'float64' : 'float32')
      : (kind === 'arith' || kind === 'matmul') && d === 'bool'
        ? 'int32'
        : d

/** The dtype a plain JS number `v` meeting a tensor of dtype `d` promotes to (weak typing, as documented). */
export const weakPromotion = (d: DType, v: number): DType =>
  (d === 'int32' || d === 'bool') && !Number.isInteger(v) ? 'float32' : d === 'bool' ? 'int32' : d

const oneOf = (dtype: DType, shape: ReadonlyArray<number>): Tensor => F.ones(shape, dtype)

export const promotion = {
  /** `promoteTypes` is the documented table. */
  promoteTypesFollowsTable: (a: DType, b: DType): boolean => F.promoteTypes(a, b) === PROMOTION_TABLE[a][b],

  /** The table is symmetric, and promoting with itself is the identity. */
  tableIsSymmetric: (a: DType, b: DType): boolean =>
    F.promoteTypes(a, b) === F.promoteTypes(b, a) && F.promoteTypes(a, a) === a,

  /** `op` on tensors of dtypes a and b gives the table's dtype, adjusted for the op family. */
  followsTable:
    (kind: PromotionKind, op: BinaryTensorOp) =>
    (a: DType, b: DType): boolean => {
      const shape = kind === 'matmul' ? [2, 2] : [2]
      return op(oneOf(a, shape), oneOf(b, shape)).dtype === finalDType(kind, PROMOTION_TABLE[a][b])
    },

  /** `op` on a tensor of dtype d and a plain number follows the weak-typing rule, on either side. */
  weakScalarFollowsRule:
    (kind: Exclude<PromotionKind, 'matmul'>, op: (a: Tensor | number, b: Tensor | number) => Tensor) =>
    (d: DType, v: number): boolean => {
      const want = finalDType(kind, weakPromotion(d, v))
      return op(oneOf(d, [2]), v).dtype === want && op(v, oneOf(d, [2])).dtype === want
    },
}

// ---- arbitraries ----

export interface ShapeConstraints {
  readonly minRank?: number
  readonly maxRank?: number
  readonly maxDim?: number
  /** Allow size-0 dimensions (rarely drawn). Default true. */
  readonly allowEmpty?: boolean
}

export interface TensorConstraints extends ShapeConstraints {
  readonly dtypes?: ReadonlyArray<DType>
  readonly min?: number
  readonly max?: number
}

const FLOATS: ReadonlyArray<DType> = ['float32', 'float64']

const dim = (maxDim: number, allowEmpty: boolean): fc.Arbitrary<number> =>
  allowEmpty
    ? fc.oneof({ arbitrary: fc.integer({ min: 1, max: maxDim }), weight: 12 }, { arbitrary: fc.constant(0), weight: 1 })
    : fc.integer({ min: 1, max: maxDim })

/** A tensor of `shape` and `dtype` from float64 values (rounded to the dtype). */
const build = (shape: ReadonlyArray<number>, dtype: DType, xs: ReadonlyArray<number>): Tensor => {
  const n = size(shape)
  switch (dtype) {
    case 'float32':
      return F.tensor(Float32Array.from(xs.slice(0, n)), { shape })
    case 'float64':
      return F.tensor(Float64Array.from(xs.slice(0, n)), { shape })
    case 'int32':
      return F.tensor(Int32Array.from(xs.slice(0, n), (v) => Math.round(v)), { shape })
    case 'bool':
      return F.tensor(Uint8Array.from(xs.slice(0, n), (v) => (v > 0 ? 1 : 0)), { shape })
  }
}

const valuesOf = (n: number, min: number, max: number): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min, max, noNaN: true }), { minLength: n, maxLength: n })

export const tensorArb = {
  /** Small shapes: rank 0..4, dims 1..4 and now and then 0. */
  shape: ({ minRank = 0, maxRank = 4, maxDim = 4, allowEmpty = true }: ShapeConstraints = {}): fc.Arbitrary<number[]> =>
    fc.array(dim(maxDim, allowEmpty), { minLength: minRank, maxLength: maxRank }),

  dtype: (dtypes: ReadonlyArray<DType> = FLOATS): fc.Arbitrary<DType> => fc.constantFrom(...dtypes),

  /** A tensor of a given shape, values in [min, max] (default [-10, 10]), float32 or float64 unless told. */
  ofShape: (shape: ReadonlyArray<number>, { dtypes = FLOATS, min = -10, max = 10 }: TensorConstraints = {}): fc.Arbitrary<Tensor> =>
    fc.tuple(fc.constantFrom(...dtypes), valuesOf(size(shape), min, max)).map(([dt, xs]) => build(shape, dt, xs)),

  /** A tensor of a random small shape. */
  tensor: (c: TensorConstraints = {}): fc.Arbitrary<Tensor> =>
    tensorArb.shape(c).chain((s) => tensorArb.ofShape(s, c)),

  /**
   * Two tensors of one dtype whose shapes broadcast: both derived from one shape by
   * dropping leading axes and setting axes to 1. With `incompatible`, a tenth of the
   * pairs have independent shapes (that mostly do not broadcast).
   */
  broadcastPair: (c: TensorConstraints & { readonly incompatible?: boolean } = {}): fc.Arbitrary<[Tensor, Tensor]> => {
    const derived = (base: ReadonlyArray<number>) =>
      fc.tuple(fc.integer({ min: 0, max: base.length }), fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }))
        .map(([drop, ones]) => base.map((d, i) => (ones[i] ? 1 : d)).slice(drop))
    const compatible = tensorArb.shape(c).chain((base) => fc.tuple(derived(base), derived(base)))
    const shapes = c.incompatible
      ? fc.oneof({ arbitrary: compatible, weight: 9 }, { arbitrary: fc.tuple(tensorArb.shape(c), tensorArb.shape(c)), weight: 1 })
      : compatible
    return fc.tuple(shapes, fc.constantFrom(...(c.dtypes ?? FLOATS))).chain(([[sa, sb], dt]) =>
      fc.tuple(tensorArb.ofShape(sa, { ...c, dtypes: [dt] }), tensorArb.ofShape(sb, { ...c, dtypes: [dt] })))
  },

  /** A shape with the same number of elements as `shape` (one axis may be -1). */
  reshapeTarget: (shape: ReadonlyArray<number>): fc.Arbitrary<number[]> => {
    const n = size(shape)
    return fc.tuple(fc.array(fc.nat(), { maxLength: 4 }), fc.nat(), fc.boolean()).map(([choices, pos, useMinus]) => {
      const out: number[] = []
      if (n === 0) {
        for (const c of choices) out.push(c % 3)
        out.splice(pos % (out.length + 1), 0, 0)
        return out
      }
      let rest = n
      for (const c of choices) {
        const divs = Array.from({ length: rest }, (_, i) => i + 1).filter((d) => rest % d === 0)
        const d = divs[c % divs.length]!
        out.push(d)
        rest /= d
      }
      out.push(rest)
      if (useMinus) out[pos % out.length] = -1
      return out
    })
  },

  /** A permutation of the axes of a rank-`ndim` tensor, some written as negative axes. */
  permutation: (ndim: number): fc.Arbitrary<number[]> =>
    fc.tuple(
      fc.shuffledSubarray(Array.from({ length: ndim }, (_, i) => i), { minLength: ndim, maxLength: ndim }),
      fc.array(fc.boolean(), { minLength: ndim, maxLength: ndim }),
    ).map(([p, neg]) => p.map((a, i) => (neg[i] ? a - ndim : a))),

  /** An axis spec for a rank-`ndim` tensor: all (undefined), one (maybe negative), or several in any order. */
  axes: (ndim: number, { several = true }: { readonly several?: boolean } = {}): fc.Arbitrary<Axes> => {
    const all = Array.from({ length: ndim }, (_, i) => i)
    const arbs: fc.Arbitrary<Axes>[] = [fc.constant(undefined)]
    if (ndim > 0) arbs.push(fc.integer({ min: -ndim, max: ndim - 1 }))
    if (ndim > 0 && several)
      arbs.push(fc.tuple(fc.shuffledSubarray(all), fc.array(fc.boolean(), { minLength: ndim, maxLength: ndim }))
        .map(([as, neg]) => as.map((a, i) => (neg[i] ? a - ndim : a))))
    return fc.oneof(...arbs)
  },

  /**
   * Operands for matmul: every layout (vector or matrix on each side, transA,
   * transB), batch axes that broadcast, dims 0..5 and sometimes 16..20 (the packed
   * kernel path). With `mismatch`, some pairs have inner dimensions that differ.
   */
  matmulOperands: ({ dtypes = FLOATS, mismatch = false }: { readonly dtypes?: ReadonlyArray<DType>; readonly mismatch?: boolean } = {}):
    fc.Arbitrary<[Tensor, Tensor, MatmulOptions]> => {
    const d = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 5 }), weight: 6 }, { arbitrary: fc.integer({ min: 16, max: 20 }), weight: 1 })
    const batchDim = fc.integer({ min: 1, max: 3 })
    return fc
      .record({
        m: d, k: d, n: d,
        kb: mismatch ? fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 5 })) : fc.constant(-1),
        batch: fc.array(batchDim, { maxLength: 2 }),
        dropA: fc.nat(2), dropB: fc.nat(2),
        onesA: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        onesB: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        vecA: fc.boolean(), vecB: fc.boolean(), transA: fc.boolean(), transB: fc.boolean(),
        dtype: fc.constantFrom(...dtypes),
      })
      .chain((r) => {
        const kb = r.kb < 0 ? r.k : r.kb
        const bA = r.batch.map((x, i) => (r.onesA[i] ? 1 : x)).slice(Math.min(r.dropA, r.batch.length))
        const bB = r.batch.map((x, i) => (r.onesB[i] ? 1 : x)).slice(Math.min(r.dropB, r.batch.length))
        const sa = r.vecA ? [r.k] : [...bA, ...(r.transA ? [r.k, r.m] : [r.m, r.k])]
        const sb = r.vecB ? [kb] : [...bB, ...(r.transB ? [r.n, kb] : [kb, r.n])]
        return fc.tuple(
          tensorArb.ofShape(sa, { dtypes: [r.dtype] }),
          tensorArb.ofShape(sb, { dtypes: [r.dtype] }),
          fc.constant({ transA: r.transA, transB: r.transB }),
        )
      })
  },

  /** A well-conditioned n×n float matrix: M + (n + 1)·I with M in [-1, 1]. */
  invertible: (n: number, dtype: DType = 'float64'): fc.Arbitrary<Tensor> =>
    valuesOf(n * n, -1, 1).map((xs) => build([n, n], dtype, xs.map((v, i) => (i % (n + 1) === 0 ? v + n + 1 : v)))),

  /** A symmetric positive-definite n×n matrix: M·Mᵀ + n·I. */
  spd: (n: number, dtype: DType = 'float64'): fc.Arbitrary<Tensor> =>
    valuesOf(n * n, -1, 1).map((xs) => {
      const a = Array.from({ length: n * n }, (_, ij) => {
        const i = Math.floor(ij / n)
        const j = ij % n
        let s = i === j ? n : 0
        for (let p = 0; p < n; p++) s += xs[i * n + p]! * xs[j * n + p]!
        return s
      })
      return build([n, n], dtype, a)
    }),
}

// ---- the ops, for the purity runner ----

export interface OpCase {
  readonly name: string
  readonly args: fc.Arbitrary<ReadonlyArray<unknown>>
  readonly run: (...args: never[]) => unknown
}

const ALL_DTYPES: ReadonlyArray<DType> = ['float32', 'float64', 'int32', 'bool']
const anyTensor = tensorArb.tensor({ minRank: 1, maxRank: 3, dtypes: ALL_DTYPES })
const floatTensor = tensorArb.tensor({ minRank: 1, maxRank: 3 })
const pair = tensorArb.broadcastPair({ dtypes: ALL_DTYPES })
const nonEmptyFloat = tensorArb.tensor({ minRank: 1, maxRank: 3, allowEmpty: false })

const unaryCase = (name: string, run: UnaryTensorOp): OpCase => ({ name, args: anyTensor.map((x) => [x]), run })
const binaryCase = (name: string, run: BinaryTensorOp): OpCase => ({ name, args: pair, run })
const reductionCase = (name: ReductionName, several = true): OpCase => ({
  name,
  args: (name === 'argmax' || name === 'argmin' || name === 'max' || name === 'min' ? nonEmptyFloat : floatTensor)
    .chain((x) => fc.tuple(fc.constant(x), tensorArb.axes(x.ndim, { several }), fc.boolean())),
  run: reductionOp(name),
})

const linalgCase = (name: string, run: (...xs: never[]) => unknown, spd = false): OpCase => ({
  name,
  args: fc.integer({ min: 1, max: 4 }).chain((n) => (spd ? tensorArb.spd(n) : tensorArb.invertible(n)).map((a) => [a])),
  run,
})

/** Every public tensor op with arguments that exercise it (plain arrays among them are checked too). */
export const opCases: ReadonlyArray<OpCase> = [
  // creation: the inputs are plain arrays and typed arrays
  { name: 'tensor(nested)', args: fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 2 })).map((a) => [a]), run: (a: number[][]) => F.tensor(a) },
  { name: 'tensor(typed)', args: valuesOf(6, -10, 10).map((a) => [Float64Array.from(a), { shape: [2, 3] }]), run: (a: Float64Array, o: F.TensorOptions) => F.tensor(a, o) },
  { name: 'zeros', args: tensorArb.shape().map((s) => [s]), run: (s: number[]) => F.zeros(s) },
  { name: 'ones', args: tensorArb.shape().map((s) => [s]), run: (s: number[]) => F.ones(s) },
  { name: 'full', args: tensorArb.shape().map((s) => [s, 3]), run: (s: number[], v: number) => F.full(s, v) },
  { name: 'arange', args: fc.constant([0, 5, 1]), run: (a: number, b: number, c: number) => F.arange(a, b, c) },
  { name: 'linspace', args: fc.constant([0, 1, 5]), run: (a: number, b: number, n: number) => F.linspace(a, b, n) },
  { name: 'eye', args: fc.constant([3, 4]), run: (n: number, m: number) => F.eye(n, m) },
  unaryCase('zerosLike', (x) => F.zerosLike(x)),
  unaryCase('onesLike', (x) => F.onesLike(x)),
  // elementwise
  ...(['neg', 'abs', 'sign', 'square', 'sqrt', 'rsqrt', 'exp', 'expm1', 'log', 'log1p', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'erf', 'floor'] as const)
    .map((n) => unaryCase(n, (x) => F[n](x))),
  ...(['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const)
    .map((n) => binaryCase(n, (a, b) => F[n](a, b))),
  { name: 'where', args: pair.map(([a, b]) => [F.greater(a, 0), a, b]), run: (c: Tensor, a: Tensor, b: Tensor) => F.where(c, a, b) },
  ...ALL_DTYPES.map((d) => unaryCase(`cast(${d})`, (x) => F.cast(x, d))),
  // reductions
  ...(['sum', 'mean', 'prod', 'max', 'min', 'logsumexp', 'variance'] as const).map((n) => reductionCase(n)),
  reductionCase('argmax', false),
  reductionCase('argmin', false),
  // shape ops
  { name: 'reshape', args: anyTensor.chain((x) => fc.tuple(fc.constant(x), tensorArb.reshapeTarget(x.shape))), run: (x: Tensor, s: number[]) => F.reshape(x, s) },
  { name: 'transpose', args: anyTensor.chain((x) => fc.tuple(fc.constant(x), tensorArb.permutation(x.ndim))), run: (x: Tensor, p: number[]) => F.transpose(x, p) },
  { name: 'broadcastTo', args: anyTensor.map((x) => [x, [2, ...x.shape.map((d) => (d === 1 ? 3 : d))]]), run: (x: Tensor, s: number[]) => F.broadcastTo(x, s) },
  { name: 'expandDims', args: anyTensor.map((x) => [x, -1]), run: (x: Tensor, a: number) => F.expandDims(x, a) },
  { name: 'squeeze', args: anyTensor.map((x) => [F.expandDims(x, 0)]), run: (x: Tensor) => F.squeeze(x) },
  { name: 'slice', args: anyTensor.map((x) => [x, [-2], [null], [2]]), run: (x: Tensor, a: number[], b: number[], c: number[]) => F.slice(x, a, b, c) },
  { name: 'concat', args: pair.map(([a]) => [[a, a], -1]), run: (xs: Tensor[], a: number) => F.concat(xs, a) },
  { name: 'stack', args: pair.map(([a]) => [[a, F.neg(a)], 0]), run: (xs: Tensor[], a: number) => F.stack(xs, a) },
  { name: 'take', args: anyTensor.map((x) => [x, F.tensor([0, -1, 0], { dtype: 'int32' }), 0]), run: (x: Tensor, i: Tensor, a: number) => F.take(x, i, a) },
  { name: 'take(array)', args: anyTensor.map((x) => [x, [0, -1]]), run: (x: Tensor, i: number[]) => F.take(x, i) },
  { name: 'oneHot', args: fc.array(fc.integer({ min: -1, max: 4 })).map((i) => [F.tensor(Int32Array.from(i)), 4]), run: (i: Tensor, d: number) => F.oneHot(i, d) },
  { name: 'pad', args: anyTensor.map((x) => [x, x.shape.map(() => [1, 2] as const), 1]), run: (x: Tensor, w: [number, number][], v: number) => F.pad(x, w, v) },
  { name: 'flip', args: anyTensor.chain((x) => fc.tuple(fc.constant(x), tensorArb.axes(x.ndim))), run: (x: Tensor, a: Axes) => F.flip(x, a) },
  // matmul and linalg
  { name: 'matmul', args: tensorArb.matmulOperands({ dtypes: ['float32', 'float64', 'int32'] }), run: (a: Tensor, b: Tensor, o: MatmulOptions) => F.matmul(a, b, o) },
  { name: 'linalg.solve', args: fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(tensorArb.invertible(n), tensorArb.ofShape([n, 2], { dtypes: ['float64'] }))), run: (a: Tensor, b: Tensor) => F.linalg.solve(a, b) },
  linalgCase('linalg.cholesky', (a: Tensor) => F.linalg.cholesky(a), true),
  linalgCase('linalg.inv', (a: Tensor) => F.linalg.inv(a)),
  linalgCase('linalg.det', (a: Tensor) => F.linalg.det(a)),
  linalgCase('linalg.slogdet', (a: Tensor) => F.linalg.slogdet(a)),
]

// ---- runners ----

export interface TensorRunOptions {
  /** Runs per property (default 40). */
  readonly numRuns?: number
  /** Defaults to SEED, so a failure replays. */
  readonly seed?: number
}

const assertProp = <T>(prop: fc.IProperty<T>, opts: TensorRunOptions, examples: T[] = []): void =>
  fc.assert(prop, { seed: opts.seed ?? SEED, numRuns: opts.numRuns ?? 40, examples })

const BINARY: ReadonlyArray<readonly [string, BinaryTensorOp, (x: number, y: number) => number]> = [
  ['add', F.add, (x, y) => x + y],
  ['sub', F.sub, (x, y) => x - y],
  ['mul', F.mul, (x, y) => x * y],
  ['div', F.div, (x, y) => x / y],
  ['pow', F.pow, (x, y) => Math.pow(x, y)],
  ['maximum', F.maximum, (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y))],
  ['minimum', F.minimum, (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y))],
  ['equal', F.equal, (x, y) => +(x === y)],
  ['notEqual', F.notEqual, (x, y) => +(x !== y)],
  ['less', F.less, (x, y) => +(x < y)],
  ['lessEqual', F.lessEqual, (x, y) => +(x <= y)],
  ['greater', F.greater, (x, y) => +(x > y)],
  ['greaterEqual', F.greaterEqual, (x, y) => +(x >= y)],
]

/**
 * Broadcasting: every binary op (and `where`) agrees with explicit `broadcastTo`
 * and with a scalar reference, on random broadcast-compatible (and sometimes
 * incompatible) shapes; `broadcastTo` agrees with index arithmetic.
 */
export const checkBroadcastingLaws = (opts: TensorRunOptions & { readonly pairs?: fc.Arbitrary<[Tensor, Tensor]> } = {}): void => {
  const pairs = opts.pairs ?? tensorArb.broadcastPair({ incompatible: true })
  const small = tensorArb.broadcastPair({ min: -3, max: 3 })
  for (const [, op, f] of BINARY) {
    assertProp(fc.property(pairs, ([a, b]) => broadcasting.agreesWithBroadcastTo(op)(a, b)), opts)
    // pow on small values keeps float32 results away from overflow
    const tol = { rtol: 1e-12, atol: 0 }
    assertProp(fc.property(op === F.pow ? small : pairs, ([a, b]) => broadcasting.agreesWithScalarFn(op, f, tol)(a, b)), opts)
  }
  assertProp(
    fc.property(pairs, tensorArb.shape({ maxRank: 2 }), ([a, b], sc) =>
      broadcasting.whereAgreesWithBroadcastTo(F.greater(F.ones(sc), 0), a, b) &&
      broadcasting.whereAgreesWithBroadcastTo(F.greater(a, 0), b, a)),
    opts,
  )
  assertProp(
    fc.property(tensorArb.broadcastPair(), ([a, b]) => {
      const s = referenceBroadcastShape(a.shape, b.shape)!
      return broadcasting.broadcastToAgreesWithReference(a, s) && broadcasting.broadcastToAgreesWithReference(b, s)
    }),
    opts,
  )
}

const UNARY: ReadonlyArray<readonly [UnaryTensorOp, (x: number) => number, Tolerance]> = [
  [F.neg, (x) => -x, {}],
  [F.abs, Math.abs, {}],
  [F.sign, Math.sign, {}],
  [F.square, (x) => x * x, {}],
  [F.sqrt, Math.sqrt, {}],
  [F.rsqrt, (x) => 1 / Math.sqrt(x), {}],
  [F.exp, Math.exp, {}],
  [F.expm1, Math.expm1, {}],
  [F.log, Math.log, {}],
  [F.log1p, Math.log1p, {}],
  [F.sin, Math.sin, {}],
  [F.cos, Math.cos, {}],
  [F.tanh, Math.tanh, {}],
  [F.sigmoid, (x) => 1 / (1 + Math.exp(-x)), {}],
  [F.relu, (x) => Math.max(x, 0), {}],
  [F.floor, Math.floor, {}],
  // Abramowitz & Stegun 7.1.26 is good to 1.5e-7: an independent, looser check
  [F.erf, (x) => {
    const t = 1 / (1 + 0.3275911 * Math.abs(x))
    const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x)
    return Math.sign(x) * y
  }, { rtol: 0, atol: 3e-7 }],
]

/** Elementwise unary ops agree with their `Math` counterparts on random tensors (float32, float64 and int32). */
export const checkElementwiseLaws = (opts: TensorRunOptions & { readonly tensors?: fc.Arbitrary<Tensor> } = {}): void => {
  const xs = opts.tensors ?? tensorArb.tensor({ dtypes: ['float32', 'float64', 'int32'] })
  for (const [op, f, tol] of UNARY) assertProp(fc.property(xs, (x) => elementwise.agreesWithScalarFn(op, f, tol)(x)), opts)
}

/** reshape and transpose round-trip; transpose, slice and flip agree with index arithmetic; concat undoes a split. */
export const checkShapeLaws = (opts: TensorRunOptions & { readonly tensors?: fc.Arbitrary<Tensor> } = {}): void => {
  const xs = opts.tensors ?? tensorArb.tensor({ dtypes: ALL_DTYPES })
  assertProp(fc.property(xs.chain((x) => fc.tuple(fc.constant(x), tensorArb.reshapeTarget(x.shape))), ([x, s]) => shapeOps.reshapeRoundTrip(x, s)), opts)
  assertProp(fc.property(xs.chain((x) => fc.tuple(fc.constant(x), tensorArb.permutation(x.ndim))), ([x, p]) =>
    shapeOps.transposeRoundTrip(x, p) && shapeOps.transposeAgreesWithReference(x, p)), opts)
  const bound = fc.option(fc.integer({ min: -6, max: 6 }), { nil: undefined })
  assertProp(fc.property(xs.chain((x) => fc.tuple(
    fc.constant(x),
    fc.array(bound, { maxLength: x.ndim }),
    fc.array(bound, { maxLength: x.ndim }),
    fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: x.ndim }),
  )), ([x, a, b, c]) => shapeOps.sliceAgreesWithReference(x, a as number[], b as number[], c)), opts)
  assertProp(fc.property(xs.chain((x) => fc.tuple(fc.constant(x), tensorArb.axes(x.ndim))), ([x, a]) => shapeOps.flipAgreesWithReference(x, a)), opts)
  const ranked = tensorArb.tensor({ minRank: 1, dtypes: ALL_DTYPES })
  assertProp(fc.property(ranked.chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -x.ndim, max: x.ndim - 1 }), fc.nat(4))),
    ([x, a, c]) => shapeOps.concatSliceRoundTrip(x, a, c)), opts)
}

/** matmul (every layout, batched, broadcast) agrees with `naiveMatmul`; inner-dimension mismatches are ShapeErrors. */
export const checkMatmulLaws = (opts: TensorRunOptions & { readonly operands?: fc.Arbitrary<[Tensor, Tensor, MatmulOptions]> } = {}): void => {
  const operands = opts.operands ?? tensorArb.matmulOperands({ dtypes: ['float32', 'float64', 'int32'], mismatch: true })
  assertProp(fc.property(operands, ([a, b, o]) => {
    const tol = a.dtype === 'float32' ? { rtol: 1e-6, atol: 1e-5 } : { rtol: 1e-12, atol: 1e-10 }
    return matmulLaws.agreesWithNaive(tol)(a, b, o) && matmulLaws.flagsAgreeWithTranspose(tol)(a, b, o)
  }), opts)
}

const REDUCTION_TOL: Readonly<Record<ReductionName, readonly [Tolerance, Tolerance]>> = {
  // [float32, float64]
  sum: [{ rtol: 1e-6, atol: 1e-5 }, { rtol: 1e-12, atol: 1e-10 }],
  mean: [{ rtol: 1e-5, atol: 1e-5 }, { rtol: 1e-12, atol: 1e-10 }],
  prod: [{ rtol: 1e-6, atol: 0 }, { rtol: 1e-12, atol: 0 }],
  max: [{ rtol: 0, atol: 0 }, { rtol: 0, atol: 0 }],
  min: [{ rtol: 0, atol: 0 }, { rtol: 0, atol: 0 }],
  argmax: [{ rtol: 0, atol: 0 }, { rtol: 0, atol: 0 }],
  argmin: [{ rtol: 0, atol: 0 }, { rtol: 0, atol: 0 }],
  logsumexp: [{ rtol: 1e-5, atol: 1e-5 }, { rtol: 1e-12, atol: 1e-10 }],
  variance: [{ rtol: 1e-4, atol: 1e-4 }, { rtol: 1e-10, atol: 1e-10 }],
}

/** Every reduction, over one axis, several, negative ones or all, with and without keepdims, agrees with a reference. */
export const checkReductionLaws = (opts: TensorRunOptions & { readonly tensors?: fc.Arbitrary<Tensor> } = {}): void => {
  const xs = opts.tensors ?? tensorArb.tensor()
  for (const name of Object.keys(REDUCTION_TOL) as ReductionName[]) {
    const several = name !== 'argmax' && name !== 'argmin'
    assertProp(fc.property(xs.chain((x) => fc.tuple(fc.constant(x), tensorArb.axes(x.ndim, { several }), fc.boolean())), ([x, axis, keep]) => {
      const [t32, t64] = REDUCTION_TOL[name]
      return reductionLaws.agreesWithReference(name, x.dtype === 'float64' ? t64 : t32)(x, axis, keep)
    }), opts)
  }
}

/**
 * `f` leaves its inputs unchanged on every argument list `args` draws: for checking your own functions.
 * If `f` may mutate plain arrays, draw them fresh per run (e.g. `fc.constant(null).map(() => [[1, 2]])`):
 * fast-check cannot shrink a generated value that the function under test has written into.
 */
export const checkLeavesInputsUnchanged = (f: (...args: never[]) => unknown, args: fc.Arbitrary<ReadonlyArray<unknown>>,
  opts: TensorRunOptions = {}): void =>
  assertProp(fc.property(args, (xs) => purity.leavesInputsUnchanged(f)(...xs)), opts)

/** No op in `opCases` (every public tensor op) changes the data of its inputs. */
export const checkPurityLaws = (opts: TensorRunOptions & { readonly cases?: ReadonlyArray<OpCase> } = {}): void => {
  for (const c of opts.cases ?? opCases) {
    try {
      checkLeavesInputsUnchanged(c.run, c.args, { numRuns: 10, ...opts })
    } catch (e) {
      throw new Error(`purity: ${c.name} changed its inputs\n${(e as Error).message}`)
    }
  }
}

const PROMOTING: ReadonlyArray<readonly [PromotionKind, BinaryTensorOp]> = [
  ['arith', F.add], ['arith', F.sub], ['arith', F.mul], ['arith', F.maximum], ['arith', F.minimum],
  ['trueDiv', F.div], ['trueDiv', F.pow],
  ['compare', F.equal], ['compare', F.notEqual], ['compare', F.less], ['compare', F.lessEqual], ['compare', F.greater], ['compare', F.greaterEqual],
  ['where', (a, b) => F.where(F.greater(F.ones([2]), 0), a, b)],
  ['matmul', (a, b) => F.matmul(a, b)],
]

/** Dtype promotion follows the documented table for every pair of dtypes and every op family, and weak scalars follow their rule. */
export const checkPromotionLaws = (opts: TensorRunOptions = {}): void => {
  const dtypes = fc.constantFrom(...ALL_DTYPES)
  const allPairs = ALL_DTYPES.flatMap((a) => ALL_DTYPES.map((b) => [a, b] as [DType, DType]))
  assertProp(fc.property(dtypes, dtypes, (a, b) => promotion.promoteTypesFollowsTable(a, b) && promotion.tableIsSymmetric(a, b)), opts, allPairs)
  for (const [kind, op] of PROMOTING)
    assertProp(fc.property(dtypes, dtypes, (a, b) => promotion.followsTable(kind, op)(a, b)), opts, allPairs)
  const scalars = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -5, max: 5, noNaN: true }), fc.constantFrom(0.5, Infinity, -Infinity, NaN))
  for (const [kind, op] of PROMOTING.slice(0, -1))
    assertProp(fc.property(dtypes, scalars, (d, v) => promotion.weakScalarFollowsRule(kind as Exclude<PromotionKind, 'matmul'>, op as never)(d, v)), opts)
}

/** All the tensor laws above. */
export const checkTensorLaws = (opts: TensorRunOptions = {}): void => {
  checkBroadcastingLaws(opts)
  checkElementwiseLaws(opts)
  checkShapeLaws(opts)
  checkMatmulLaws(opts)
  checkReductionLaws(opts)
  checkPurityLaws(opts)
  checkPromotionLaws(opts)
}
