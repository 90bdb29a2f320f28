/**
 * The backend interface: the kernels behind the tensor ops.
 *
 * Kernels work on flat, row-major typed arrays and write into an output array
 * the caller allocated. They never allocate tensors, never see tracers, and
 * never check shapes (the ops above them do). A faster backend (WebAssembly
 * SIMD, threads) implements this same interface and nothing above it changes.
 *
 * Every kernel is deterministic: a reduction sums in a fixed order.
 *
 * The backend sits at the ground of the library: this file and everything under
 * `src/backend/` import nothing from the layers above (tensor, ad, optim, ...),
 * only `src/errors.ts`; the types the kernels speak (`TypedArray`, `AdamStep`)
 * are defined here, and the layers above import them, and the kernels, through
 * `src/backend/index.ts`.
 *
 * @since 0.1.0
 */

/** The storage of a tensor: one typed array per dtype (float32, float64, int32, bool as 0/1 bytes). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array

export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'square' | 'sqrt' | 'rsqrt' | 'exp' | 'expm1' | 'log' | 'log1p'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'relu' | 'erf' | 'erfc' | 'floor' | 'reciprocal' | 'logicalNot'

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual'

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin'

export type FloatArray = Float32Array | Float64Array

/** The scalars of one fused Adam step (`js/adam.ts`; t ≥ 1 is the step being taken). */
export interface AdamStep {
  readonly b1: number
  readonly b2: number
  readonly eps: number
  readonly epsRoot: number
  readonly nesterov: boolean
  readonly t: number
}

export interface Backend {
  readonly name: string
  /** out[i] = op(x[i]); out may have another dtype than x (a cast on store). */
  unary(op: UnaryOp, x: TypedArray, out: TypedArray): void
  /**
   * out[idx] = op(a[idx·aStrides], b[idx·bStrides]) over the row-major index space
   * `outShape`; a stride of 0 broadcasts.
   */
  binary(
    op: BinaryOp, a: TypedArray, aStrides: ReadonlyArray<number>, b: TypedArray, bStrides: ReadonlyArray<number>,
    outShape: ReadonlyArray<number>, out: TypedArray,
  ): void
  /** out[idx] = cond[idx] ? a[idx] : b[idx], all three read through broadcast strides. */
  where(
    cond: TypedArray, cStrides: ReadonlyArray<number>, a: TypedArray, aStrides: ReadonlyArray<number>,
    b: TypedArray, bStrides: ReadonlyArray<number>, outShape: ReadonlyArray<number>, out: TypedArray,
  ): void
  /** Reduce the middle axis of x viewed as [outer, n, inner] into out ([outer, inner]). */
  reduce(op: ReduceOp, x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void
  /** out = x with its axes permuted (out.shape[i] = shape[perm[i]]). */
  transpose(x: TypedArray, shape: ReadonlyArray<number>, perm: ReadonlyArray<number>, out: TypedArray): void
  /** Batched matmul: see `src/backend/js/matmul.ts` for the layout contract. */
  matmul(
    a: TypedArray, b: TypedArray, out: TypedArray, batch: number, m: number, k: number, n: number,
    transA: boolean, transB: boolean, aStride: number, bStride: number,
  ): void
  solve(a: FloatArray, b: FloatArray, out: FloatArray, batch: number, n: number, nrhs: number): void
  triangularSolve(
    a: FloatArray, b: FloatArray, out: FloatArray, batch: number, n: number, nrhs: number,
    opts: { lower: boolean; transA?: boolean; unitDiagonal?: boolean },
  ): void
  cholesky(a: FloatArray, out: FloatArray, batch: number, n: number): void
  inv(a: FloatArray, out: FloatArray, batch: number, n: number): void
  slogdet(a: FloatArray, batch: number, n: number, signOut: FloatArray, logabsdetOut: FloatArray): void
  det(a: FloatArray, batch: number, n: number, out: FloatArray): void
  qr(a: FloatArray, m: number, n: number): { q: Float64Array; r: Float64Array }
  /**
   * One fused Adam step (`js/adam.ts`): μ', ν' and the update from g, μ, ν, all
   * of one float type and length, bit-identical to the composed ops.
   */
  adam(g: FloatArray, mu: FloatArray, nu: FloatArray, muOut: FloatArray, nuOut: FloatArray, uOut: FloatArray, step: AdamStep): void
  /**
   * threefry-2x32 (`js/threefry.ts`): hash the counters (hi, lo + j), j < len, under
   * the key (k0, k1) into the int32 words y0[j], y1[j]. lo + len must not pass 2³².
   */
  threefry(k0: number, k1: number, hi: number, lo: number, len: number, y0: Int32Array, y1: Int32Array): void
  /**
   * float32 erfinv in place (`js/erfinv32.ts`, behind `random.normal`): xs[i] =
   * scale·erfinv32(xs[i]), as a -log1p(-x²) pass and then Giles' polynomial.
   */
  erfinv32(xs: Float32Array, scale: number): void
}
