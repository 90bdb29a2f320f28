/**
 * The two float widths the wasm kernels are emitted for: a `Float` says how wide
 * an element is, how many fit in a v128 and which lane ops to use, so each
 * kernel is written once for both. Emitters build code with it; the run-time
 * drivers use its `size` and `name` to place operands and find kernels.
 */
import { f32, f32x4, f64, f64x2, type Code, v128 } from './encoder.js'

type LaneOps = Pick<typeof f32x4, 'splat' | 'extractLane' | 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge' | 'pmin' | 'pmax' | 'abs' | 'neg' | 'sqrt' | 'add' | 'sub' | 'mul' | 'div'>

export interface Float {
  readonly name: 'f32' | 'f64'
  /** Bytes per element. */
  readonly size: 4 | 8
  /** Elements per v128. */
  readonly lanes: 4 | 2
  readonly x: LaneOps
  /** Load one element and splat it over all lanes. */
  readonly loadSplat: (addr: Code, offset?: number) => Code
  readonly load: (addr: Code, offset?: number) => Code
  readonly store: (addr: Code, value: Code, offset?: number) => Code
  readonly const: (x: number) => Code
}

export const F32: Float = {
  name: 'f32', size: 4, lanes: 4, x: f32x4, loadSplat: v128.load32Splat, load: f32.load, store: f32.store, const: f32.const,
}
export const F64: Float = {
  name: 'f64', size: 8, lanes: 2, x: f64x2, loadSplat: v128.load64Splat, load: f64.load, store: f64.store, const: f64.const,
}
