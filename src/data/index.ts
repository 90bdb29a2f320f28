/**
 * `data`: datasets and seeded minibatch iteration.
 *
 * A dataset is a plain value `{ x, y }` of tensors (plus descriptive fields),
 * not a stateful loader. Synthetic sets are pure functions of a PRNG key; the
 * real one, `iris`, ships with the package. Splitting and shuffling take keys
 * too, and the shuffle of epoch `e` is `random.permutation(random.foldIn(key,
 * e), n)`: a run replays, and resumes at any epoch, from its seed alone.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { data, random } from 'fluxion'
 * const [kData, kSplit, kBatch] = random.split(random.key(0), 3)
 * const ds = data.spirals(kData, { nPerClass: 100, classes: 3 })
 * const { train, test } = data.trainTestSplit(kSplit, ds, { testFraction: 0.2 })
 * let seen = 0
 * for (const batch of data.batches(kBatch, train, 32, { epoch: 0 })) seen += batch.x.shape[0]!
 * assert.equal(seen + test.x.shape[0]!, 300)
 * ```
 *
 * @module
 * @since 0.1.0
 */
export {
  trainTestSplit, standardize, subset, batches, batchIndices, numBatches,
  type Dataset, type ClassificationDataset, type SplitOptions, type BatchOptions, type Standardized,
} from './dataset.js'
export {
  spirals, blobs, linearRegression, logisticRegression,
  type SpiralsOptions, type BlobsOptions, type BlobsDataset, type RegressionOptions, type LinearRegressionOptions,
  type LinearRegressionDataset, type LogisticRegressionDataset,
} from './synthetic.js'
export { iris, type IrisDataset, type IrisOptions } from './iris.js'
