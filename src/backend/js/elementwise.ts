/**
 * Elementwise kernels of the plain TypeScript backend.
 *
 * Each op gets its own tight loop (a `switch` outside the loop, not a function
 * call per element) because that is what V8 compiles best. Broadcasting walks
 * the outer axes with an odometer and runs the last axis as a strided inner loop,
 * with fast paths for equal shapes and scalars.
 */
import type { BinaryOp, TypedArray, UnaryOp } from '../backend.js'
import { erf64, erfc64 } from './erf.js'
import { powRule } from './powi.js'

export const unary = (op: UnaryOp, x: TypedArray, out: TypedArray): void => {
  const n = x.length
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]!; return
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!); return
    case 'sign': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v > 0 ? 1 : v < 0 ? -1 : v } return
    case 'square': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v * v } return
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); return
    case 'rsqrt': for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!); return
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!); return
    case 'expm1': for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i]!); return
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!); return
    case 'log1p': for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]!); return
    case 'sin': for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]!); return
    case 'cos': for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]!); return
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!); return
    // 1/(1+e^-x) overflows gracefully: e^-x = Inf gives 0, never NaN
    case 'sigmoid': for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!)); return
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v > 0 ? v : v !== v ? v : 0 } return
    case 'erf': for (let i = 0; i < n; i++) out[i] = erf64(x[i]!); return
    case 'erfc': for (let i = 0; i < n; i++) out[i] = erfc64(x[i]!); return
    case 'floor': for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]!); return
    case 'reciprocal': for (let i = 0; i < n; i++) out[i] = 1 / x[i]!; return
    case 'logicalNot': for (let i = 0; i < n; i++) out[i] = x[i] ? 0 : 1; return
  }
}

/** The contiguous loop, for equal shapes and scalars (aS / bS is 0 for a scalar, 1 otherwise). */
const loop = (op: BinaryOp, a: TypedArray, aO: number, aS: number, b: TypedArray, bO: number, bS: number,
  out: TypedArray, oO: number, n: number): void => {
  let ia = aO
  let ib = bO
  const end = oO + n
  switch (op) {
    case 'add': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia]! + b[ib]!; return
    case 'sub': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia]! - b[ib]!; return
    case 'mul': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia]! * b[ib]!; return
    case 'div': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia]! / b[ib]!; return
    case 'pow': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = powRule(a[ia]!, b[ib]!); return
    // NaN propagates through maximum and minimum, as in numpy
    case 'maximum': for (let o = oO; o < end; o++, ia += aS, ib += bS) { const x = a[ia]!, y = b[ib]!; out[o] = x > y || x !== x ? x : y } return
    case 'minimum': for (let o = oO; o < end; o++, ia += aS, ib += bS) { const x = a[ia]!, y = b[ib]!; out[o] = x < y || x !== x ? x : y } return
    case 'equal': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] === b[ib] ? 1 : 0; return
    case 'notEqual': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] !== b[ib] ? 1 : 0; return
    case 'less': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia]! < b[ib]! ? 1 : 0; return
    case 'lessEqual': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia]! <= b[ib]! ? 1 : 0; return
    case 'greater': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia]! > b[ib]! ? 1 : 0; return
    case 'greaterEqual': for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia]! >= b[ib]! ? 1 : 0; return
  }
}

/** Walk every index of `shape` but the last, calling `f(offsets...)` per row. */
const forEachRow = (shape: ReadonlyArray<number>, strides: ReadonlyArray<ReadonlyArray<number>>,
  f: (offsets: number[], outOffset: number) => void): void => {
  const nd = shape.length
  const last = shape[nd - 1] ?? 1
  const rows = last === 0 ? 0 : shape.reduce((p, d) => p * d, 1) / last
  const idx = new Array<number>(Math.max(nd - 1, 0)).fill(0)
  const offs = strides.map(() => 0)
  for (let r = 0; r < rows; r++) {
    f(offs, r * last)
    // advance the odometer over axes nd-2 .. 0
    for (let ax = nd - 2; ax >= 0; ax--) {
      idx[ax]!++
      for (let s = 0; s < strides.length; s++) offs[s]! += strides[s]![ax]!
      if (idx[ax]! < shape[ax]!) break
      for (let s = 0; s < strides.length; s++) offs[s]! -= strides[s]![ax]! * shape[ax]!
      idx[ax] = 0
    }
  }
}

const allOnesStride = (strides: ReadonlyArray<number>, shape: ReadonlyArray<number>): boolean => {
  let acc = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== acc) return false
    acc *= shape[i]!
  }
  return true
}
const allZero = (strides: ReadonlyArray<number>): boolean => strides.every((s) => s === 0)

export const binary = (op: BinaryOp, a: TypedArray, aStrides: ReadonlyArray<number>, b: TypedArray,
  bStrides: ReadonlyArray<number>, outShape: ReadonlyArray<number>, out: TypedArray): void => {
  const n = out.length
  if (n === 0) return
  const aFull = allOnesStride(aStrides, outShape)
  const bFull = allOnesStride(bStrides, outShape)
  const aScalar = allZero(aStrides)
  const bScalar = allZero(bStrides)
  if ((aFull || aScalar) && (bFull || bScalar)) return loop(op, a, 0, aFull ? 1 : 0, b, 0, bFull ? 1 : 0, out, 0, n)
  const nd = outShape.length
  const la = aStrides[nd - 1]!
  const lb = bStrides[nd - 1]!
  const last = outShape[nd - 1]!
  if ((la === 0 || la === 1) && (lb === 0 || lb === 1))
    return forEachRow(outShape, [aStrides, bStrides], ([oa, ob], oo) => loop(op, a, oa!, la, b, ob!, lb, out, oo, last))
  forEachRow(outShape, [aStrides, bStrides], ([oa, ob], oo) => {
    for (let j = 0; j < last; j++) loop(op, a, oa! + j * la, 0, b, ob! + j * lb, 0, out, oo + j, 1)
  })
}

export const where = (cond: TypedArray, cS: ReadonlyArray<number>, a: TypedArray, aS: ReadonlyArray<number>,
  b: TypedArray, bS: ReadonlyArray<number>, outShape: ReadonlyArray<number>, out: TypedArray): void => {
  if (out.length === 0) return
  const nd = outShape.length
  if (nd === 0) {
    out[0] = cond[0] ? a[0]! : b[0]!
    return
  }
  const last = outShape[nd - 1]!
  const lc = cS[nd - 1]!, la = aS[nd - 1]!, lb = bS[nd - 1]!
  forEachRow(outShape, [cS, aS, bS], ([oc, oa, ob], oo) => {
    for (let j = 0; j < last; j++) out[oo + j] = cond[oc! + j * lc] ? a[oa! + j * la]! : b[ob! + j * lb]!
  })
}

export const transpose = (x: TypedArray, shape: ReadonlyArray<number>, perm: ReadonlyArray<number>, out: TypedArray): void => {
  const nd = shape.length
  if (out.length === 0) return
  if (nd === 0) {
    out[0] = x[0]!
    return
  }
  const inStrides = new Array<number>(nd)
  let acc = 1
  for (let i = nd - 1; i >= 0; i--) {
    inStrides[i] = acc
    acc *= shape[i]!
  }
  const outShape = perm.map((p) => shape[p]!)
  const st = perm.map((p) => inStrides[p]!)
  const last = outShape[nd - 1]!
  const ls = st[nd - 1]!
  forEachRow(outShape, [st], ([o], oo) => {
    for (let j = 0, i = o!; j < last; j++, i += ls) out[oo + j] = x[i]!
  })
}
