/**
 * Datasets as plain values, and the seeded operations on them: a train/test
 * split, standardisation, and minibatches.
 *
 * A `Dataset` is `{ x, y }`: inputs `x` of shape `[n, d]` and targets `y` with
 * the same leading `n` (int32 labels `[n]`, or floats `[n, k]`), plus any
 * descriptive fields (class names, true weights). Every operation returns a
 * new dataset and never touches its input.
 *
 * Shuffling is as reproducible as the rest of fluxion: `batches(key, ds, size,
 * { epoch })` shuffles with `random.permutation(random.foldIn(key, epoch), n)`,
 * so epoch `e` of a run has the same order every time, different epochs have
 * different orders, and a run resumed at epoch `e` needs only the key and `e`.
 * Within an epoch every example appears exactly once.
 *
 * @example
 * import { data, random } from 'fluxion'
 * const key = random.key(0)
 * const [kSplit, kBatch] = random.split(key)
 * const { train, test } = data.trainTestSplit(kSplit, data.iris(), { testFraction: 0.2 })
 * const s = data.standardize(train, test)           // statistics from train only
 * const bs = data.batches(kBatch, s.train, 32, { epoch: 0 })
 * bs.length === data.numBatches(train, 32)          // true
 *
 * @since 0.1.0
 */
import { div, sub, where, equal } from '../ad/prims/arith.js'
import { mean, variance } from '../ad/prims/reduce.js'
import { take } from '../ad/prims/shape.js'
import { sqrt } from '../ad/prims/unary.js'
import { ShapeError, ValueError, showShape } from '../errors.js'
import { foldIn, permutation, type Key } from '../random/index.js'
import { fromBuffer, Tensor } from '../tensor/tensor.js'

// ---- model ----

/**
 * A dataset: inputs `x` (`[n, d]`) and targets `y` (`[n]` int32 labels or `[n, k]` floats).
 * @category model
 * @since 0.1.0
 */
export interface Dataset {
  readonly x: Tensor
  readonly y: Tensor
}

/**
 * A classification dataset: `y` holds int32 labels in `[0, numClasses)`.
 * @category model
 * @since 0.1.0
 */
export interface ClassificationDataset extends Dataset {
  readonly numClasses: number
  /** The name of each class, by label, where known. */
  readonly classNames?: ReadonlyArray<string>
}

/**
 * Options of `trainTestSplit`.
 * @category model
 * @since 0.1.0
 */
export interface SplitOptions {
  /** The fraction of examples held out for testing, in (0, 1) (default 0.25, as scikit-learn). */
  readonly testFraction?: number
}

/**
 * Options of `batches` and `numBatches`.
 * @category model
 * @since 0.1.0
 */
export interface BatchOptions {
  /** The epoch, a non-negative integer folded into the key (default 0). */
  readonly epoch?: number
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  readonly dropLast?: boolean
  /** Shuffle (default true); false keeps the dataset's order. */
  readonly shuffle?: boolean
}

/**
 * What `standardize` returns: the scaled sets and the train statistics (`[d]` each).
 * @category model
 * @since 0.1.0
 */
export interface Standardized<D extends Dataset> {
  readonly train: D
  readonly test: D | undefined
  readonly mean: Tensor
  readonly std: Tensor
}

// ---- combinators ----

/**
 * Split a dataset into a train and a test part after a seeded shuffle, as
 * scikit-learn's `train_test_split`: `ceil(testFraction · n)` test examples
 * (the first ones of `random.permutation(key, n)`), the rest for training.
 * Other fields of the dataset are carried over to both parts.
 * @throws ValueError if `testFraction` is not in (0, 1) or a part would be empty
 * @example
 * import { data, random } from 'fluxion'
 * const { train, test } = data.trainTestSplit(random.key(0), data.iris(), { testFraction: 0.2 })
 * [train.x.shape[0], test.x.shape[0]] // [120, 30]
 * @category combinators
 * @since 0.1.0
 */
export const trainTestSplit = <D extends Dataset>(key: Key, dataset: D, opts: SplitOptions = {}): { readonly train: D; readonly test: D } => {
  const op = 'trainTestSplit'
  const n = checkDataset(op, dataset)
  const f = opts.testFraction ?? 0.25
  if (typeof f !== 'number' || !(f > 0 && f < 1))
    throw new ValueError(`${op}: testFraction must be a number strictly between 0 and 1, got ${String(f)}`)
  const nTest = Math.ceil(f * n)
  if (nTest >= n) throw new ValueError(`${op}: testFraction ${f} of ${n} examples leaves no training examples; use a smaller fraction`)
  const perm = permutation(key, n)
  const idx = perm.data() as Int32Array
  return {
    train: subset(dataset, idx.slice(nTest)),
    test: subset(dataset, idx.slice(0, nTest)),
  }
}

/**
 * Scale each input feature to mean 0 and standard deviation 1 using the
 * statistics of `train` only, and apply the same transform to `test` (no
 * information leaks from the test set). A constant feature gets std 1, as in
 * scikit-learn's `StandardScaler`.
 * @example
 * import { data } from 'fluxion'
 * const s = data.standardize(data.iris())
 * s.train.x.mean(0).toArray().every((m) => Math.abs(m) < 1e-5) // true
 * @category combinators
 * @since 0.1.0
 */
export function standardize<D extends Dataset>(train: D): Standardized<D> & { readonly test: undefined }
export function standardize<D extends Dataset>(train: D, test: D): Standardized<D> & { readonly test: D }
export function standardize<D extends Dataset>(train: D, test?: D): Standardized<D> {
  checkDataset('standardize', train)
  if (train.x.ndim !== 2) throw new ShapeError(`standardize: expected x of shape [n, d], got ${showShape(train.x.shape)}`)
  if (test !== undefined) {
    checkDataset('standardize', test)
    if (test.x.ndim !== 2 || test.x.shape[1] !== train.x.shape[1])
      throw new ShapeError(`standardize: test x ${showShape(test.x.shape)} must have the features of train x ${showShape(train.x.shape)}`)
  }
  const mu = mean(train.x, 0)
  const sd0 = sqrt(variance(train.x, 0))
  const sd = where(equal(sd0, 0), 1, sd0)
  const scale = (d: D): D => ({ ...d, x: div(sub(d.x, mu), sd) })
  return { train: scale(train), test: test === undefined ? undefined : scale(test), mean: mu, std: sd }
}

/**
 * The examples at `indices` (in that order), with the other fields carried over.
 * @example
 * import { data } from 'fluxion'
 * data.subset(data.iris(), [0, 50, 100]).y.toArray() // [0, 1, 2]
 * @category combinators
 * @since 0.1.0
 */
export const subset = <D extends Dataset>(dataset: D, indices: Int32Array | ReadonlyArray<number>): D => {
  const n = checkDataset('subset', dataset)
  const idx = Int32Array.from(indices)
  for (const i of idx) if (i < 0 || i >= n) throw new ValueError(`subset: index ${i} is out of range for ${n} examples`)
  const t = fromBuffer(idx, [idx.length], 'int32')
  return { ...dataset, x: take(dataset.x, t, 0), y: take(dataset.y, t, 0) }
}

// ---- minibatches ----

/**
 * The number of minibatches `batches` gives for `n` examples (or a dataset):
 * `ceil(n / batchSize)`, or `floor` with `dropLast`.
 * @example
 * import { data } from 'fluxion'
 * data.numBatches(10, 3) // 4
 * data.numBatches(10, 3, { dropLast: true }) // 3
 * @category minibatches
 * @since 0.1.0
 */
export const numBatches = (n: number | Dataset, batchSize: number, opts: Pick<BatchOptions, 'dropLast'> = {}): number => {
  const count = typeof n === 'number' ? n : checkDataset('numBatches', n)
  if (!Number.isInteger(count) || count < 0) throw new ValueError(`numBatches: n must be a non-negative integer, got ${String(n)}`)
  checkBatchSize('numBatches', batchSize)
  return opts.dropLast === true ? Math.floor(count / batchSize) : Math.ceil(count / batchSize)
}

/**
 * The example indices of each minibatch of one epoch: a permutation of
 * `0..n-1` from `random.permutation(random.foldIn(key, epoch), n)`, cut into
 * runs of `batchSize` (the last may be shorter, unless `dropLast`).
 * @example
 * import { data, random } from 'fluxion'
 * const idx = data.batchIndices(random.key(0), 10, 4, { epoch: 1 })
 * idx.map((b) => b.length) // [4, 4, 2]
 * @category minibatches
 * @since 0.1.0
 */
export const batchIndices = (key: Key, n: number, batchSize: number, opts: BatchOptions = {}): ReadonlyArray<Int32Array> =>
  indicesOf('batchIndices', key, n, batchSize, opts)

const indicesOf = (op: string, key: Key, n: number, batchSize: number, opts: BatchOptions): ReadonlyArray<Int32Array> => {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${op}: n must be a non-negative integer, got ${String(n)}`)
  checkBatchSize(op, batchSize)
  const epoch = opts.epoch ?? 0
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 0 || epoch > 0xffffffff)
    throw new ValueError(`${op}: epoch must be an integer in [0, 2^32), got ${String(epoch)}`)
  let order: Int32Array
  if (opts.shuffle === false) order = Int32Array.from({ length: n }, (_, i) => i)
  else order = permutation(foldIn(key, epoch), n).data() as Int32Array
  const count = numBatches(n, batchSize, opts)
  return Array.from({ length: count }, (_, b) => order.slice(b * batchSize, Math.min(n, (b + 1) * batchSize)))
}

/**
 * The minibatches of one epoch, in a deterministic shuffled order: epoch `e`
 * uses `random.permutation(random.foldIn(key, e), n)`, so the same key and
 * epoch always give the same batches, and each example appears exactly once
 * per epoch. Pass the same key every epoch and change only `epoch`.
 * @param batchSize - a positive integer; with `dropLast` a smaller last batch is dropped
 * @returns an array of `{ x, y }` batches (empty only if `dropLast` and `batchSize > n`)
 * @throws ValueError for a bad `batchSize` or `epoch`; ShapeError if `x` and `y` disagree on `n`
 * @example
 * import { data, random } from 'fluxion'
 * const ds = data.blobs(random.key(0), { n: 100 })
 * const epoch0 = data.batches(random.key(1), ds, 32, { epoch: 0 })
 * epoch0.map((b) => b.x.shape[0]) // [32, 32, 32, 4]
 * @category minibatches
 * @since 0.1.0
 */
export const batches = (key: Key, dataset: Dataset, batchSize: number, opts: BatchOptions = {}): ReadonlyArray<Dataset> => {
  const n = checkDataset('batches', dataset)
  return indicesOf('batches', key, n, batchSize, opts).map((idx) => {
    const t = fromBuffer(idx, [idx.length], 'int32')
    return { x: take(dataset.x, t, 0), y: take(dataset.y, t, 0) }
  })
}

// ---- utils ----

/** Check `{ x, y }` and return the number of examples. @internal @category utils @since 0.1.0 */
export const checkDataset = (op: string, d: Dataset): number => {
  if (d === null || typeof d !== 'object' || !(d.x instanceof Tensor) || !(d.y instanceof Tensor))
    throw new ValueError(`${op}: expected a dataset { x: Tensor, y: Tensor }, got ${d === null ? 'null' : typeof d}`)
  if (d.x.ndim === 0 || d.y.ndim === 0)
    throw new ShapeError(`${op}: x ${showShape(d.x.shape)} and y ${showShape(d.y.shape)} must have a leading example axis`)
  if (d.x.shape[0] !== d.y.shape[0])
    throw new ShapeError(`${op}: x ${showShape(d.x.shape)} has ${d.x.shape[0]} examples but y ${showShape(d.y.shape)} has ${d.y.shape[0]}`)
  return d.x.shape[0]!
}

const checkBatchSize = (op: string, batchSize: unknown): void => {
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0)
    throw new ValueError(`${op}: batchSize must be a positive integer, got ${String(batchSize)}`)
}
