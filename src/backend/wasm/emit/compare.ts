/**
 * Comparisons of floats into bools (one byte per element) in WebAssembly SIMD:
 * equal shapes or one scalar operand, float32 or float64 inputs. A lane compare
 * gives an all-ones or all-zeros mask per element; the masks of sixteen
 * elements are narrowed (saturating, so -1 stays -1) into sixteen bytes and
 * masked to 1 or 0. IEEE compares are the JS operators' results, NaN included
 * (only `!=` is true for a NaN), so the bools equal the JS kernel's.
 *
 * @since 0.2.0
 */
import type { BinaryOp } from '../../backend.js'
import { type Code, type Func, type Local, f32x4, f64x2, forLoop, func, i16x8, i32, i8x16, v128 } from './encoder.js'
import type { Float } from './float.js'

export type CompareKernel = 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual'
export const COMPARE_KERNELS: ReadonlyArray<CompareKernel> = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual']
export const isCompareKernel = (op: BinaryOp): op is CompareKernel => (COMPARE_KERNELS as ReadonlyArray<string>).includes(op)

const laneCompare = (F: Float, op: CompareKernel) => {
  const X = F.name === 'f32' ? f32x4 : f64x2
  switch (op) {
    case 'equal': return X.eq
    case 'notEqual': return X.ne
    case 'less': return X.lt
    case 'lessEqual': return X.le
    case 'greater': return X.gt
    case 'greaterEqual': return X.ge
  }
}

/**
 * `<op>_<f>_<mode>_bool(a, b, out, n)`: out[i] = a[i] op b[i] as 1 or 0, sixteen
 * elements per step (the caller rounds n up to 16 and pads); mode `vs` splats
 * the scalar b[0], `sv` the scalar a[0].
 */
export const compare = (F: Float, op: CompareKernel, mode: 'vv' | 'vs' | 'sv'): Func =>
  func(`${op}_${F.name}_${mode}_bool`, {
    params: { a: 'i32', b: 'i32', out: 'i32', n: 'i32' },
    locals: { i: 'i32', x: 'v128', y: 'v128' },
  }, ({ a, b, out, n, i, x, y }) => {
    const cmp = laneCompare(F, op)
    // the mask of the v128 at element i + k (k a multiple of the lane count)
    const mask = (k: number): Code => {
      const at = (p: Local): Code => v128.load(i32.add(p.get, i32.mul(i.get, i32.const(F.size))), k * F.size)
      return cmp(mode === 'sv' ? x.get : at(a), mode === 'vs' ? y.get : at(b))
    }
    // f64x2 masks: two i64 lanes each; keep the low i32 of each to make i32x4 masks
    const low32 = (m0: Code, m1: Code): Code => i8x16.shuffle(m0, m1, [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27])
    const i32Mask = (k: number): Code => (F.name === 'f32' ? mask(k) : low32(mask(k), mask(k + 2)))
    const bytes = i8x16.narrowI16x8S(i16x8.narrowI32x4S(i32Mask(0), i32Mask(4)), i16x8.narrowI32x4S(i32Mask(8), i32Mask(12)))
    return [
      mode === 'sv' ? x.set(F.loadSplat(a.get)) : [],
      mode === 'vs' ? y.set(F.loadSplat(b.get)) : [],
      forLoop(i, i32.const(0), n.get, i32.const(16), v128.store(i32.add(out.get, i.get), v128.and(bytes, i8x16.const(1)))),
    ]
  })

/** Every comparison kernel for the given float widths (kernels.ts passes F32 and F64). */
export const compareKernels = (floats: ReadonlyArray<Float>): Func[] =>
  floats.flatMap((F) => COMPARE_KERNELS.flatMap((op) => (['vv', 'vs', 'sv'] as const).map((mode) => compare(F, op, mode))))
