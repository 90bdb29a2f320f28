/**
 * Seeded synthetic datasets: the small problems every optimisation and
 * initialisation experiment starts from. Each generator is a pure function of
 * a PRNG key and a few sizes, so the same key gives the same data, bit for
 * bit, on every run; the generators that have a ground truth (the true weights
 * of a regression) return it alongside `x` and `y`.
 *
 * - `spirals`: interleaved spiral arms, one per class (the CS231n toy problem,
 *   not linearly separable);
 * - `blobs`: isotropic Gaussian clusters (scikit-learn's `make_blobs`);
 * - `linearRegression`: `y = x·w + b + noise`;
 * - `logisticRegression`: labels drawn from `sigmoid(x·w + b)`.
 *
 * Examples come ordered by class; shuffle with `batches` or `trainTestSplit`.
 * Inputs are float32 unless `dtype: 'float64'` is asked for.
 *
 * @example
 * import { data, random } from 'fluxion'
 * const ds = data.spirals(random.key(0), { nPerClass: 100, classes: 3 })
 * ds.x.shape // [300, 2]
 * ds.y.dtype // 'int32'
 *
 * @since 0.1.0
 */
import { add, cast, mul } from '../ad/prims/arith.js'
import { matmul } from '../ad/prims/linalg.js'
import { reshape, take } from '../ad/prims/shape.js'
import { sigmoid } from '../ad/prims/unary.js'
import { ShapeError, ValueError, showShape } from '../errors.js'
import { bernoulli, normal, split, uniform, type Key } from '../random/index.js'
import { tensor } from '../tensor/create.js'
import type { FloatDType } from '../tensor/dtype.js'
import { fromBuffer, Tensor } from '../tensor/tensor.js'
import type { ClassificationDataset, Dataset } from './dataset.js'

// ---- model ----

/** Options of `spirals`. @category model @since 0.1.0 */
export interface SpiralsOptions {
  /** Examples per class (a positive integer). */
  readonly nPerClass: number
  /** The number of classes, one arm each (default 3). */
  readonly classes?: number
  /** The standard deviation of the angle noise, in radians (default 0.2, as CS231n). */
  readonly noise?: number
  /** The dtype of `x` (default float32). */
  readonly dtype?: FloatDType
}

/** Options of `blobs`. @category model @since 0.1.0 */
export interface BlobsOptions {
  /** The number of examples, shared as evenly as possible between the centers. */
  readonly n: number
  /** The number of centers (drawn uniformly in `box`), or the centers themselves (`[k, dim]`). Default 3. */
  readonly centers?: number | Tensor | ReadonlyArray<ReadonlyArray<number>>
  /** The standard deviation of each cluster (default 1). */
  readonly std?: number
  /** The input dimension (default 2; ignored when `centers` are given). */
  readonly dim?: number
  /** The box the random centers are drawn from (default `[-10, 10]`, as scikit-learn). */
  readonly box?: readonly [number, number]
  /** The dtype of `x` (default float32). */
  readonly dtype?: FloatDType
}

/** A `blobs` dataset, with its centers. @category model @since 0.1.0 */
export interface BlobsDataset extends ClassificationDataset {
  /** The cluster centers, `[k, dim]`. */
  readonly centers: Tensor
}

/** Options of `linearRegression` and `logisticRegression`. @category model @since 0.1.0 */
export interface RegressionOptions {
  /** The number of examples. */
  readonly n: number
  /** The input dimension (default 1 for `linearRegression`, 2 for `logisticRegression`). */
  readonly dim?: number
  /** The dtype of `x` (default float32). */
  readonly dtype?: FloatDType
}

/** Options of `linearRegression`. @category model @since 0.1.0 */
export interface LinearRegressionOptions extends RegressionOptions {
  /** The standard deviation of the additive noise on `y` (default 0.1). */
  readonly noise?: number
}

/**
 * A regression dataset with its ground truth: `w` is `[dim, 1]` and `b` is `[1]`,
 * the layout of a dense layer, so `nn.dense.apply({ w, b }, x)` is the noiseless target.
 * @category model
 * @since 0.1.0
 */
export interface LinearRegressionDataset extends Dataset {
  readonly w: Tensor
  readonly b: Tensor
}

/** A logistic-regression dataset: int32 labels in {0, 1} and the true `w` (`[dim, 1]`) and `b` (`[1]`). @category model @since 0.1.0 */
export interface LogisticRegressionDataset extends ClassificationDataset {
  readonly w: Tensor
  readonly b: Tensor
}

// ---- constructors ----

/**
 * `classes` spiral arms in the plane, `nPerClass` points each: for arm `j`
 * and `r` from 0 to 1, the point `r·(sin θ, cos θ)` with
 * `θ = 2πj/classes + 4r + noise·ε`, `ε ~ N(0, 1)` (CS231n's spirals, with the
 * arms spread evenly for any number of classes).
 * @returns `x` `[classes·nPerClass, 2]`, int32 `y`, `numClasses`
 * @example
 * import { data, random } from 'fluxion'
 * data.spirals(random.key(0), { nPerClass: 50, classes: 4 }).numClasses // 4
 * @category constructors
 * @since 0.1.0
 */
export const spirals = (key: Key, opts: SpiralsOptions): ClassificationDataset => {
  const op = 'spirals'
  const nPer = positiveInt(op, 'nPerClass', opts?.nPerClass)
  const classes = positiveInt(op, 'classes', opts.classes ?? 3)
  const noise = nonNegative(op, 'noise', opts.noise ?? 0.2)
  const dtype = floatDType(op, opts.dtype)
  const n = classes * nPer
  const eps = normal(key, [n], { dtype: 'float64' }).data()
  const x = dtype === 'float32' ? new Float32Array(2 * n) : new Float64Array(2 * n)
  const y = new Int32Array(n)
  for (let j = 0; j < classes; j++)
    for (let i = 0; i < nPer; i++) {
      const e = j * nPer + i
      const r = nPer === 1 ? 0 : i / (nPer - 1)
      const theta = (2 * Math.PI * j) / classes + 4 * r + noise * eps[e]!
      x[2 * e] = r * Math.sin(theta) + 0 // + 0: no -0 at the center
      x[2 * e + 1] = r * Math.cos(theta) + 0
      y[e] = j
    }
  return { x: fromBuffer(x, [n, 2], dtype), y: fromBuffer(y, [n], 'int32'), numClasses: classes }
}

/**
 * Isotropic Gaussian clusters, as scikit-learn's `make_blobs`: the centers
 * are drawn uniformly in `box` (or given), cluster `c` gets `⌊n/k⌋` examples
 * (one more for the first `n mod k`), and each example is its center plus
 * `std · N(0, I)`.
 * @example
 * import { data, random } from 'fluxion'
 * const ds = data.blobs(random.key(0), { n: 90, centers: 3, dim: 5 })
 * ds.x.shape // [90, 5]
 * ds.centers.shape // [3, 5]
 * @category constructors
 * @since 0.1.0
 */
export const blobs = (key: Key, opts: BlobsOptions): BlobsDataset => {
  const op = 'blobs'
  const n = positiveInt(op, 'n', opts?.n)
  const std = nonNegative(op, 'std', opts.std ?? 1)
  const dtype = floatDType(op, opts.dtype)
  const [kc, kx] = split(key)
  const c = opts.centers ?? 3
  let centers: Tensor
  if (typeof c === 'number') {
    const k = positiveInt(op, 'centers', c)
    const dim = positiveInt(op, 'dim', opts.dim ?? 2)
    const [lo, hi] = opts.box ?? [-10, 10]
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new ValueError(`${op}: box must be [lo, hi] with lo < hi, got [${lo}, ${hi}]`)
    centers = uniform(kc, [k, dim], { dtype, minval: lo, maxval: hi })
  } else {
    centers = cast(c instanceof Tensor ? c : tensor(c as number[][], { dtype }), dtype)
    if (centers.ndim !== 2 || centers.shape[0] === 0 || centers.shape[1] === 0)
      throw new ShapeError(`${op}: centers must be a non-empty [k, dim] array, got shape ${showShape(centers.shape)}`)
  }
  const [k, dim] = centers.shape as [number, number]
  const y = new Int32Array(n)
  let e = 0
  for (let j = 0; j < k; j++) for (let i = 0; i < Math.floor(n / k) + (j < n % k ? 1 : 0); i++) y[e++] = j
  const labels = fromBuffer(y, [n], 'int32')
  const x = add(take(centers, labels, 0), mul(normal(kx, [n, dim], { dtype }), std))
  return { x, y: labels, numClasses: k, centers }
}

/**
 * A linear regression problem with known answer: `x ~ N(0, I)` (`[n, dim]`),
 * true `w ~ N(0, I)` (`[dim, 1]`) and `b ~ N(0, 1)` (`[1]`), and
 * `y = x·w + b + noise·N(0, 1)` (`[n, 1]`).
 * @example
 * import { data, random } from 'fluxion'
 * const { x, y, w } = data.linearRegression(random.key(0), { n: 50, dim: 3, noise: 0 })
 * [x.shape, y.shape, w.shape] // [[50, 3], [50, 1], [3, 1]]
 * @category constructors
 * @since 0.1.0
 */
export const linearRegression = (key: Key, opts: LinearRegressionOptions): LinearRegressionDataset => {
  const op = 'linearRegression'
  const n = positiveInt(op, 'n', opts?.n)
  const dim = positiveInt(op, 'dim', opts.dim ?? 1)
  const noise = nonNegative(op, 'noise', opts.noise ?? 0.1)
  const dtype = floatDType(op, opts.dtype)
  const [kx, kw, kb, ke] = split(key, 4)
  const x = normal(kx, [n, dim], { dtype })
  const w = normal(kw, [dim, 1], { dtype })
  const b = normal(kb, [1], { dtype })
  const y = add(add(matmul(x, w), b), mul(normal(ke, [n, 1], { dtype }), noise))
  return { x, y, w, b }
}

/**
 * A logistic regression problem with known answer: `x ~ N(0, I)` (`[n, dim]`),
 * true `w ~ N(0, I)` (`[dim, 1]`) and `b ~ N(0, 1)` (`[1]`), and int32 labels
 * `y ~ Bernoulli(sigmoid(x·w + b))` (`[n]`, classes 0 and 1).
 * @example
 * import { data, random } from 'fluxion'
 * const ds = data.logisticRegression(random.key(0), { n: 200, dim: 2 })
 * ds.y.toArray().every((v) => v === 0 || v === 1) // true
 * @category constructors
 * @since 0.1.0
 */
export const logisticRegression = (key: Key, opts: RegressionOptions): LogisticRegressionDataset => {
  const op = 'logisticRegression'
  const n = positiveInt(op, 'n', opts?.n)
  const dim = positiveInt(op, 'dim', opts.dim ?? 2)
  const dtype = floatDType(op, opts.dtype)
  const [kx, kw, kb, ky] = split(key, 4)
  const x = normal(kx, [n, dim], { dtype })
  const w = normal(kw, [dim, 1], { dtype })
  const b = normal(kb, [1], { dtype })
  const p = reshape(sigmoid(add(matmul(x, w), b)), [n])
  return { x, y: cast(bernoulli(ky, p), 'int32'), w, b, numClasses: 2 }
}

// ---- utils ----

const positiveInt = (op: string, name: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ValueError(`${op}: ${name} must be a positive integer, got ${String(v)}`)
  return v
}

const nonNegative = (op: string, name: string, v: unknown): number => {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new ValueError(`${op}: ${name} must be a finite number ≥ 0, got ${String(v)}`)
  return v
}

const floatDType = (op: string, d: unknown = 'float32'): FloatDType => {
  if (d !== 'float32' && d !== 'float64') throw new ValueError(`${op}: dtype must be 'float32' or 'float64', got ${String(d)}`)
  return d
}
