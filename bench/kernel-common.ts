/**
 * What the kernel-level benchmarks (matmul-kernel.ts, wasm-kernels.ts) share:
 * sizes from the command line, the four matmul layouts, and seeded inputs
 * from a fixed LCG (never Math.random).
 */
export type FloatArray = Float32Array | Float64Array

/** Matrix sizes from argv (default 128 512 1024). */
export const sizesFromArgs = (): number[] => {
  const sizes = process.argv.slice(2).map(Number).filter((s) => s > 0)
  return sizes.length > 0 ? sizes : [128, 512, 1024]
}

/** [name, transA, transB] */
export const LAYOUTS: ReadonlyArray<[string, boolean, boolean]> = [
  ['A·B', false, false],
  ['Aᵀ·B', true, false],
  ['A·Bᵀ', false, true],
  ['Aᵀ·Bᵀ', true, true],
]

/** [name, allocate] for the float dtypes the kernels take. */
export const FLOAT_ARRAYS: ReadonlyArray<readonly [string, (len: number) => FloatArray]> = [
  ['f32', (len) => new Float32Array(len)],
  ['f64', (len) => new Float64Array(len)],
]

let seed = 12345
const rand = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
  return seed / 2 ** 32 - 0.5
}

/** Fill with values in [-0.5, 0.5) from the fixed LCG. */
export const fill = <T extends FloatArray>(x: T): T => {
  for (let i = 0; i < x.length; i++) x[i] = rand()
  return x
}
