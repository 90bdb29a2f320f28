/**
 * Contour lines of a function sampled on a grid, by marching squares, for
 * drawing optimizer trajectories over a loss landscape. Pure and
 * deterministic: the same grid always gives the same polylines, in the same order.
 *
 * The grid follows numpy's `meshgrid` / matplotlib's `contour(X, Y, Z)`
 * convention: `z[j][i]` is the value at `(xs[i], ys[j])`, so rows run along y.
 *
 * Each cell's corners are classed as above (`z >= level`) or below the level;
 * an edge with one of each holds a crossing, placed by linear interpolation.
 * A saddle cell (two diagonal corners above, two below) is resolved by the
 * mean of its corners. Segments are then joined through their shared edges
 * into polylines: open ones end on the border of the grid, closed ones repeat
 * their first point at the end.
 *
 * @example
 * const g = sampleGrid((x, y) => x * x + y * y, { x: [-2, 2], y: [-2, 2], n: 41 })
 * const [circle] = contourLines(g, 1)         // one closed line, radius about 1
 * circle.closed                               // true
 *
 * @since 0.1.0
 */
import { ShapeError } from '../errors.js'

// ---- model ----

/** Values of a function of two variables on a grid: `z[j][i]` at `(xs[i], ys[j])`. @category model @since 0.1.0 */
export interface Grid {
  readonly xs: ReadonlyArray<number>
  readonly ys: ReadonlyArray<number>
  readonly z: ReadonlyArray<ReadonlyArray<number>>
}

/** One contour polyline; a closed one repeats its first point at the end. @category model @since 0.1.0 */
export interface ContourLine {
  readonly level: number
  readonly closed: boolean
  readonly x: ReadonlyArray<number>
  readonly y: ReadonlyArray<number>
}

// ---- constructors ----

/**
 * Sample `f` on an evenly spaced grid over `x` × `y` (`n` points per axis, or
 * `nx` and `ny`), in the layout `contourLines` expects.
 *
 * @example
 * const g = sampleGrid((x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, { x: [-2, 2], y: [-1, 3], n: 81 })
 * assert.equal(g.z.length, 81)
 * @category constructors
 * @since 0.1.0
 */
export const sampleGrid = (
  f: (x: number, y: number) => number,
  opts: { readonly x: readonly [number, number]; readonly y: readonly [number, number]; readonly n?: number; readonly nx?: number; readonly ny?: number },
): Grid => {
  const nx = opts.nx ?? opts.n ?? 64
  const ny = opts.ny ?? opts.n ?? 64
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2)
    throw new ShapeError(`sampleGrid: need at least 2 points per axis as integers, got nx=${nx}, ny=${ny}`)
  const axis = ([lo, hi]: readonly [number, number], n: number): number[] =>
    Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)))
  const xs = axis(opts.x, nx)
  const ys = axis(opts.y, ny)
  return { xs, ys, z: ys.map((y) => xs.map((x) => f(x, y))) }
}

/**
 * `n` contour levels strictly between the smallest and largest finite values
 * of a grid: evenly spaced, or (with `log`) geometrically spaced, which suits
 * valley-shaped losses such as Rosenbrock's. Log levels start at the 0.5%
 * quantile of the positive values rather than at the minimum.
 *
 * @example
 * contourLevels(sampleGrid((x, y) => x * x + y * y, { x: [-1, 1], y: [-1, 1], n: 3 }), 3)   // [0.5, 1, 1.5]
 * @category constructors
 * @since 0.1.0
 */
export const contourLevels = (grid: Grid, n: number, opts: { readonly log?: boolean } = {}): number[] => {
  const values = grid.z.flat().filter(Number.isFinite)
  if (values.length === 0 || n < 1) return []
  const hi = values.reduce((a, b) => Math.max(a, b), -Infinity)
  if (opts.log === true) {
    const positive = values.filter((v) => v > 0)
    if (positive.length === 0) return []
    // the 0.5% quantile: a minimum at (nearly) zero would otherwise spend levels on slivers the grid cannot resolve
    const lo = positive.sort((a, b) => a - b)[Math.floor(positive.length * 0.005)]!
    if (!(hi > lo)) return []
    return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** ((i + 1) / (n + 1)))
  }
  const lo = values.reduce((a, b) => Math.min(a, b), Infinity)
  if (!(hi > lo)) return []
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 1)) / (n + 1))
}

// ---- marching squares ----

/**
 * The contour lines of a grid at one level. Cells with a non-finite corner
 * are skipped, so NaN or infinite samples leave gaps rather than bad lines.
 *
 * @param grid - `z[j][i]` at `(xs[i], ys[j])`; xs and ys need at least 2 points each
 * @param level - the value to trace
 * @throws ShapeError when `z` is not `ys.length` rows of `xs.length` values
 * @example
 * const lines = contourLines(sampleGrid((x, y) => x + y, { x: [0, 1], y: [0, 1], n: 11 }), 1)
 * assert.equal(lines.length, 1)   // the open diagonal x + y = 1
 * @category marching squares
 * @since 0.1.0
 */
export const contourLines = (grid: Grid, level: number): ContourLine[] => {
  const { xs, ys, z } = grid
  checkGrid(grid)
  // crossing points, one per edge at most, keyed by edge: 'h' edges run along x, 'v' along y
  const points = new Map<string, readonly [number, number]>()
  const crossing = (key: string, x0: number, y0: number, v0: number, x1: number, y1: number, v1: number): string => {
    if (!points.has(key)) {
      const t = (level - v0) / (v1 - v0)
      points.set(key, [x0 + t * (x1 - x0), y0 + t * (y1 - y0)])
    }
    return key
  }
  const segments: Array<readonly [string, string]> = []
  for (let j = 0; j + 1 < ys.length; j++) {
    const row = z[j]!
    const up = z[j + 1]!
    for (let i = 0; i + 1 < xs.length; i++) {
      const bl = row[i]!
      const br = row[i + 1]!
      const tr = up[i + 1]!
      const tl = up[i]!
      if (!(Number.isFinite(bl) && Number.isFinite(br) && Number.isFinite(tr) && Number.isFinite(tl))) continue
      const [a, b, c, d] = [bl >= level, br >= level, tr >= level, tl >= level]
      if (a === b && b === c && c === d) continue
      const [x0, x1, y0, y1] = [xs[i]!, xs[i + 1]!, ys[j]!, ys[j + 1]!]
      const bottom = (): string => crossing(`h${i},${j}`, x0, y0, bl, x1, y0, br)
      const right = (): string => crossing(`v${i + 1},${j}`, x1, y0, br, x1, y1, tr)
      const top = (): string => crossing(`h${i},${j + 1}`, x0, y1, tl, x1, y1, tr)
      const left = (): string => crossing(`v${i},${j}`, x0, y0, bl, x0, y1, tl)
      if (a === c && b === d) {
        // saddle: if the centre sides with bl and tr they connect, cutting off br and tl
        const centre = (bl + br + tr + tl) / 4 >= level
        if (centre === a) segments.push([bottom(), right()], [top(), left()])
        else segments.push([left(), bottom()], [right(), top()])
        continue
      }
      const cut: string[] = []
      if (a !== b) cut.push(bottom())
      if (b !== c) cut.push(right())
      if (c !== d) cut.push(top())
      if (d !== a) cut.push(left())
      segments.push([cut[0]!, cut[1]!])
    }
  }
  return join(segments, points).map((keys) => {
    const closed = keys.length > 2 && keys[0] === keys[keys.length - 1]
    return { level, closed, x: keys.map((k) => points.get(k)![0]), y: keys.map((k) => points.get(k)![1]) }
  })
}

/**
 * Contour lines at several levels, in level order.
 * @example
 * const lines = contours(grid, contourLevels(grid, 8, { log: true }))
 * @category marching squares
 * @since 0.1.0
 */
export const contours = (grid: Grid, levels: ReadonlyArray<number>): ContourLine[] => levels.flatMap((l) => contourLines(grid, l))

// ---- utils ----

const checkGrid = ({ xs, ys, z }: Grid): void => {
  if (xs.length < 2 || ys.length < 2) throw new ShapeError(`contourLines: need at least 2 grid points per axis, got ${xs.length} xs and ${ys.length} ys`)
  if (z.length !== ys.length) throw new ShapeError(`contourLines: z has ${z.length} rows, expected one per y (${ys.length}); z[j][i] is the value at (xs[i], ys[j])`)
  z.forEach((row, j) => {
    if (row.length !== xs.length) throw new ShapeError(`contourLines: z[${j}] has ${row.length} values, expected one per x (${xs.length})`)
  })
}

/**
 * Join segments that share an edge crossing into polylines of edge keys. Each
 * crossing belongs to at most two segments (the two cells beside its edge), so
 * a walk never branches. Open lines start from a crossing with one segment.
 */
const join = (segments: ReadonlyArray<readonly [string, string]>, points: ReadonlyMap<string, unknown>): string[][] => {
  const at = new Map<string, number[]>()
  segments.forEach(([p, q], s) => {
    for (const k of [p, q]) {
      const list = at.get(k)
      if (list === undefined) at.set(k, [s])
      else list.push(s)
    }
  })
  const used = new Array<boolean>(segments.length).fill(false)
  const walk = (start: string): string[] => {
    const line = [start]
    let cur = start
    for (;;) {
      const next = (at.get(cur) ?? []).find((s) => !used[s])
      if (next === undefined) return line
      used[next] = true
      const [p, q] = segments[next]!
      cur = p === cur ? q : p
      line.push(cur)
    }
  }
  const lines: string[][] = []
  // open lines first, from their ends on the border; then the closed loops that remain
  for (const k of points.keys()) if (at.get(k)?.length === 1 && at.get(k)!.some((s) => !used[s])) lines.push(walk(k))
  segments.forEach(([p], s) => {
    if (!used[s]) lines.push(walk(p))
  })
  return lines
}
