/**
 * Small helpers shared by the studies: number formatting for tables and
 * text, and summary statistics of series.
 *
 * @since 0.1.0
 */

/**
 * A number as short text: three significant digits, exponent notation below
 * 1e-3 or from 1e5, `0` for zero and `NaN`/`∞` spelled out.
 * @example
 * fmt(0.000066612) // '6.66e-5'
 * fmt(12.345)      // '12.3'
 * @category utils
 * @since 0.1.0
 */
export const fmt = (v: number): string => {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞'
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a < 1e-3 || a >= 1e5) return v.toExponential(2).replace('e+', 'e')
  return String(Number(v.toPrecision(3)))
}

/**
 * A trailing moving average over `window` values (shorter at the start), to
 * smooth noisy minibatch losses.
 * @example
 * movingAverage([1, 3, 5, 7], 2) // [1, 2, 4, 6]
 * @category utils
 * @since 0.1.0
 */
export const movingAverage = (ys: ReadonlyArray<number>, window: number): number[] => {
  const out: number[] = []
  let sum = 0
  ys.forEach((y, i) => {
    sum += y
    if (i >= window) sum -= ys[i - window]!
    out.push(sum / Math.min(i + 1, window))
  })
  return out
}
