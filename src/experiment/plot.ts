/**
 * Charts for experiment reports, as declarative Vega-Lite specs, rendered to
 * SVG by Vega's headless `View`. Runs in Node and in a browser (for PNG files,
 * see `io-png.ts`).
 *
 * Each builder turns plain numbers into a `TopLevelSpec` (a JSON value you can
 * also paste into the Vega editor), and `renderSvg` turns any spec into an SVG
 * string. Same data, same SVG, byte for byte: the builders hold no hidden
 * state, series keep the order they are given in, and `renderSvg` numbers the
 * SVG's clip and gradient ids from one on every call.
 *
 * Non-finite values are dropped before plotting, and so are values that are
 * not positive on a log axis: a diverging run ends its line instead of breaking the chart.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { plot } from 'fluxion/experiment'
 * const spec = plot.lineChart({
 *   title: 'Training loss',
 *   series: [{ name: 'sgd', x: [0, 1, 2], y: [1, 0.5, 0.3] }, { name: 'adam', x: [0, 1, 2], y: [1, 0.2, 0.05] }],
 *   xLabel: 'step', yLabel: 'loss', logY: true,
 * })
 * const svg = await plot.renderSvg(spec)   // needs the optional peers vega and vega-lite
 * assert.match(svg, /^<svg/)
 * ```
 *
 * @module
 * @since 0.1.0
 */
import type { TopLevelSpec } from 'vega-lite'
import { ValueError } from '../errors.js'
import { optionalPeer } from './peers.js'
import { contourLevels, contours, type Grid } from './contour.js'

// ---- model ----

/**
 * A Vega-Lite spec (a plain JSON object), as the chart builders return it.
 * The builders are checked against vega-lite's `TopLevelSpec` inside this
 * module; the public type stays plain, so these declarations do not need the
 * vega-lite package (an optional peer dependency) to type-check.
 * @category model
 * @since 0.1.0
 */
export type ChartSpec = { readonly $schema?: string } & Readonly<Record<string, unknown>>

/** A builder's spec, checked as vega-lite's `TopLevelSpec`, handed out as a plain `ChartSpec`. */
const chart = (spec: TopLevelSpec): ChartSpec => spec as unknown as ChartSpec

/** One named line. @category model @since 0.1.0 */
export interface Series {
  readonly name: string
  readonly x: ReadonlyArray<number>
  readonly y: ReadonlyArray<number>
}

/** Size in pixels of the plotting area (axes, title and legend come on top). @category model @since 0.1.0 */
export interface ChartSize {
  readonly width?: number
  readonly height?: number
}

/** Options of `lineChart`. @category model @since 0.1.0 */
export interface LineChartOptions extends ChartSize {
  readonly title: string
  readonly series: ReadonlyArray<Series>
  readonly xLabel: string
  readonly yLabel: string
  readonly logX?: boolean
  readonly logY?: boolean
  /** Mark every data point (good for a few points per series). Default false. */
  readonly points?: boolean
}

/** Options of `trajectoryChart`. @category model @since 0.1.0 */
export interface TrajectoryChartOptions extends ChartSize {
  readonly title: string
  /** The function on a grid (`z[j][i]` at `(xs[i], ys[j])`), and its contour levels: a list, or how many (default 12). */
  readonly contour: Grid & { readonly levels?: ReadonlyArray<number> | number }
  /** One path per optimizer: the iterates in step order. */
  readonly paths: ReadonlyArray<Series>
  /** Space the levels geometrically (for valley-shaped functions such as Rosenbrock). Default false. */
  readonly logLevels?: boolean
  readonly xLabel?: string
  readonly yLabel?: string
  /** A dot at every iterate; by default only when no path is longer than 200 steps. */
  readonly points?: boolean
}

/** Options of `barChart`. @category model @since 0.1.0 */
export interface BarChartOptions extends ChartSize {
  readonly title: string
  readonly bars: ReadonlyArray<{ readonly name: string; readonly value: number }>
  readonly xLabel: string
  /** A d3-format string for the value labels, e.g. `.1%` for accuracies. Default `.4~g`. */
  readonly format?: string
  /** The value axis range, e.g. `[0, 1]` for accuracies. Default: from zero to the data. */
  readonly domain?: readonly [number, number]
}

/** Options of `layerNormsChart`. @category model @since 0.1.0 */
export interface LayerNormsChartOptions extends ChartSize {
  readonly title: string
  /** Measured norms, one value per layer (x defaults to 0, 1, 2, ...). Solid lines with points. */
  readonly series: ReadonlyArray<LayerSeries>
  /** What theory predicts, one value per layer. Dashed lines. */
  readonly theory?: ReadonlyArray<LayerSeries>
  readonly xLabel?: string
  readonly yLabel?: string
  /** Log y axis; default true. */
  readonly logY?: boolean
}

/** Per-layer values; `x` (the layer numbers) defaults to 0, 1, 2, .... @category model @since 0.1.0 */
export interface LayerSeries {
  readonly name: string
  readonly y: ReadonlyArray<number>
  readonly x?: ReadonlyArray<number>
  /** A band around the line (e.g. the range over seeds), drawn shaded in the series' colour; both or neither. @since 0.3.0 */
  readonly lo?: ReadonlyArray<number>
  readonly hi?: ReadonlyArray<number>
}

// ---- constants ----

/**
 * Fonts in order of preference; DejaVu and Liberation exist on most Linux machines, where PNGs are
 * often made. Single quotes: double quotes become `&quot;` in the SVG, which resvg misreads.
 */
const FONT = "Helvetica, Arial, 'DejaVu Sans', 'Liberation Sans', sans-serif"

/** Tableau 10, Vega's default categorical palette, spelled out so legend and lines agree across layers. */
const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac']

const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6', tickColor: '#888', domainColor: '#888' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 240, symbolStrokeWidth: 2.5 },
  view: { stroke: '#ccc' },
} as const

// ---- charts ----

/**
 * Lines, one per series, with a colour legend in series order; optionally on log axes.
 *
 * @example
 * const spec = lineChart({ title: 'Loss', series: [{ name: 'adam', x: [0, 1], y: [1, 0.1] }], xLabel: 'step', yLabel: 'loss', logY: true })
 * @category charts
 * @since 0.1.0
 */
export const lineChart = (o: LineChartOptions): ChartSpec => {
  const names = uniqueNames('lineChart', o.series)
  const values = o.series.flatMap((s) =>
    rows(s.x, s.y, o.logX === true, o.logY === true).map(([x, y], i) => ({ series: s.name, i, x, y })),
  )
  const xs = values.map((v) => v.x)
  const ys = values.map((v) => v.y)
  return chart({
    $schema: SCHEMA,
    title: o.title,
    width: o.width ?? 480,
    height: o.height ?? 300,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', strokeWidth: 2, clip: true, point: o.points === true ? { filled: true, size: 28, opacity: 1 } : false },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xLabel, ...axisScale(o.logX === true, xs) },
      y: { field: 'y', type: 'quantitative', title: o.yLabel, ...axisScale(o.logY === true, ys) },
      color: colorBy(names),
      order: { field: 'i', type: 'quantitative' },
    },
  })
}

/**
 * Optimizer paths over the contour lines of a function of two variables.
 * Contours are traced by marching squares (`contour.ts`) and drawn as thin
 * grey lines, darker for higher levels; each path is a coloured line through
 * its iterates in step order, with a dot per step, a ring at the start and a
 * cross at the end. Paths that leave the grid are clipped at its border.
 *
 * @example
 * const grid = sampleGrid((x, y) => x * x + 10 * y * y, { x: [-2, 2], y: [-2, 2], n: 61 })
 * const spec = trajectoryChart({ title: 'Paths', contour: grid, paths: [{ name: 'sgd', x: [1.5, 1, 0.5], y: [1.5, 0.4, 0.1] }] })
 * @category charts
 * @since 0.1.0
 */
export const trajectoryChart = (o: TrajectoryChartOptions): ChartSpec => {
  const names = uniqueNames('trajectoryChart', o.paths)
  const grid = o.contour
  const levels =
    typeof grid.levels === 'number' || grid.levels === undefined
      ? contourLevels(grid, grid.levels ?? 12, { log: o.logLevels === true })
      : grid.levels
  const lines = contours(grid, levels)
  const rank = new Map(levels.map((l, k) => [l, k]))
  const contourValues = lines.flatMap((line, id) =>
    line.x.map((x, i) => ({ id, i, x, y: line.y[i]!, level: rank.get(line.level) ?? 0 })),
  )
  const pathValues = o.paths.flatMap((p) => rows(p.x, p.y, false, false).map(([x, y], step) => ({ series: p.name, step, x, y })))
  const ends = o.paths.flatMap((p) => {
    const r = rows(p.x, p.y, false, false)
    const first = r[0]
    const last = r[r.length - 1]
    return first === undefined || last === undefined
      ? []
      : [
          { series: p.name, end: 'start', x: first[0], y: first[1] },
          { series: p.name, end: 'end', x: last[0], y: last[1] },
        ]
  })
  const points = o.points ?? o.paths.every((p) => p.x.length <= 200)
  const xDomain = extent(grid.xs)
  const yDomain = extent(grid.ys)
  const width = o.width ?? 440
  // keep the data's aspect ratio (within 1:2 and 2:1), so circles look round
  const aspect = Math.min(2, Math.max(0.5, (yDomain[1] - yDomain[0]) / (xDomain[1] - xDomain[0] || 1)))
  const x = { field: 'x', type: 'quantitative', title: o.xLabel ?? 'x', scale: { domain: xDomain, nice: false, zero: false } } as const
  const y = { field: 'y', type: 'quantitative', title: o.yLabel ?? 'y', scale: { domain: yDomain, nice: false, zero: false } } as const
  return chart({
    $schema: SCHEMA,
    title: o.title,
    width,
    height: o.height ?? Math.round(width * aspect),
    config: CONFIG,
    layer: [
      {
        data: { values: contourValues },
        mark: { type: 'line', strokeWidth: 1, clip: true },
        encoding: {
          x,
          y,
          detail: { field: 'id', type: 'nominal' },
          order: { field: 'i', type: 'quantitative' },
          // stroke, not color: its own scale, so the paths' colour legend stays clean
          stroke: { field: 'level', type: 'quantitative', scale: { range: ['#dcdcdc', '#8c8c8c'], domain: [0, Math.max(1, levels.length - 1)] }, legend: null },
        },
      },
      {
        data: { values: pathValues },
        mark: { type: 'line', strokeWidth: 2, clip: true, point: points ? { filled: true, size: 16, opacity: 1 } : false },
        encoding: { x, y, color: colorBy(names), order: { field: 'step', type: 'quantitative' } },
      },
      {
        data: { values: ends },
        mark: { type: 'point', clip: true, strokeWidth: 2.5, size: 110, filled: false, opacity: 1 },
        encoding: {
          x,
          y,
          color: colorBy(names),
          shape: { field: 'end', type: 'nominal', scale: { domain: ['start', 'end'], range: ['circle', 'cross'] }, title: null },
        },
      },
    ],
  })
}

/**
 * Horizontal bars, one per name in the given order, each labelled with its
 * value (for final accuracies or losses side by side).
 *
 * @example
 * const spec = barChart({ title: 'Test accuracy', bars: [{ name: 'sgd', value: 0.91 }, { name: 'adam', value: 0.95 }],
 *   xLabel: 'accuracy', format: '.1%', domain: [0, 1] })
 * @category charts
 * @since 0.1.0
 */
export const barChart = (o: BarChartOptions): ChartSpec => {
  const names = uniqueNames('barChart', o.bars)
  const values = o.bars.filter((b) => Number.isFinite(b.value)).map((b) => ({ name: b.name, value: b.value }))
  const fmt = o.format ?? '.4~g'
  return chart({
    $schema: SCHEMA,
    title: o.title,
    width: o.width ?? 420,
    height: o.height ?? Math.max(60, 28 * names.length),
    config: CONFIG,
    data: { values },
    encoding: {
      y: { field: 'name', type: 'nominal', sort: names, title: null, axis: { labelFontSize: 12 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: o.xLabel,
        axis: { format: fmt.endsWith('%') ? '~%' : '~g' },
        ...(o.domain ? { scale: { domain: [...o.domain] } } : {}),
      },
    },
    layer: [
      { mark: { type: 'bar', color: PALETTE[0], height: { band: 0.7 } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 }, encoding: { text: { field: 'value', type: 'quantitative', format: fmt } } },
    ],
  })
}

/**
 * Per-layer norms on a log y axis: measured series as solid lines with
 * points, theory as dashed lines, all in one legend.
 *
 * @example
 * const spec = layerNormsChart({
 *   title: 'Activation norm by layer',
 *   series: [{ name: 'he init', y: [1, 1.02, 0.98] }, { name: 'std 0.01', y: [1, 0.1, 0.01] }],
 *   theory: [{ name: 'theory: constant', y: [1, 1, 1] }],
 * })
 * @category charts
 * @since 0.1.0
 */
export const layerNormsChart = (o: LayerNormsChartOptions): ChartSpec => {
  const all = [...o.series.map((s) => ({ s, dashed: false })), ...(o.theory ?? []).map((s) => ({ s, dashed: true }))]
  const names = uniqueNames(
    'layerNormsChart',
    all.map((a) => a.s),
  )
  const logY = o.logY ?? true
  const values = all.flatMap(({ s, dashed }) =>
    rows(s.x ?? s.y.map((_, i) => i), s.y, false, logY).map(([x, y], i) => ({ series: s.name, kind: dashed ? 'theory' : 'measured', i, x, y })),
  )
  const encoding = {
    x: { field: 'x', type: 'quantitative', title: o.xLabel ?? 'layer', axis: { tickMinStep: 1, format: 'd' }, scale: { zero: false } },
    y: { field: 'y', type: 'quantitative', title: o.yLabel ?? 'norm', ...axisScale(logY, values.map((v) => v.y)) },
    color: { ...colorBy(names), legend: { symbolType: 'stroke', symbolSize: 400 } },
    // one legend for both channels: the same field and domain, dashes for the theory names
    strokeDash: {
      field: 'series',
      type: 'nominal',
      scale: { domain: names, range: all.map((a) => (a.dashed ? [6, 4] : [1, 0])) },
      legend: { symbolType: 'stroke', symbolSize: 400 },
      title: null,
    },
  } as const
  const band = o.series.flatMap((s) =>
    s.lo === undefined || s.hi === undefined
      ? []
      : rows(s.x ?? s.y.map((_, i) => i), s.lo, false, logY).flatMap(([x, lo], i) => {
          const hi = s.hi![i]!
          return Number.isFinite(hi) && (!logY || hi > 0) ? [{ series: s.name, x, lo, hi }] : []
        }),
  )
  const bandLayer = band.length === 0 ? [] : [{
    data: { values: band },
    mark: { type: 'area' as const, opacity: 0.18, clip: true },
    encoding: { x: encoding.x, y: { ...encoding.y, field: 'lo' }, y2: { field: 'hi' }, color: encoding.color },
  }]
  return chart({
    $schema: SCHEMA,
    title: o.title,
    width: o.width ?? 480,
    height: o.height ?? 300,
    config: CONFIG,
    data: { values },
    // the lines come first, so the one legend (colour and dash, shared by every layer) draws their strokes
    layer: [
      { mark: { type: 'line', strokeWidth: 2, clip: true }, encoding: { ...encoding, order: { field: 'i', type: 'quantitative' } } },
      {
        transform: [{ filter: "datum.kind === 'measured'" }],
        mark: { type: 'point', filled: true, size: 30, opacity: 1, clip: true },
        encoding: { x: encoding.x, y: encoding.y, color: encoding.color },
      },
      ...bandLayer,
    ],
  })
}

// ---- rendering ----

/**
 * Render a Vega-Lite spec to an SVG string with Vega's headless `View`
 * (renderer `none`: no DOM, no canvas). The SVG's clip and gradient ids are
 * renumbered from one on every call, so the same spec always gives the same string.
 *
 * @example
 * const svg = await renderSvg(barChart({ title: 'Accuracy', bars: [{ name: 'adam', value: 0.95 }], xLabel: 'accuracy' }))
 * assert.ok(svg.startsWith('<svg'))
 * @category rendering
 * @since 0.1.0
 */
export const renderSvg = async (spec: ChartSpec): Promise<string> => {
  // vega and vega-lite load on the first chart only: a core-only install has neither
  const [{ parse, View }, { compile }] = await Promise.all([optionalPeer('vega', () => import('vega')), optionalPeer('vega-lite', () => import('vega-lite'))])
  const view = new View(parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' })
  try {
    return canonicalIds(await view.toSVG())
  } finally {
    view.finalize()
  }
}

// ---- utils ----

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'

/**
 * Scale and axis for a channel. A log axis gets explicit ticks: powers of ten
 * (with 2 and 5 between them when the data spans at most two decades), labels
 * in one style (`0.01`, `1e-8`), and a domain with room above and below the data.
 */
const axisScale = (log: boolean, values: ReadonlyArray<number>) => {
  if (!log || values.length === 0) return { scale: { zero: false } }
  const lo = values.reduce((a, b) => Math.min(a, b), Infinity)
  const hi = values.reduce((a, b) => Math.max(a, b), -Infinity)
  let e0 = Math.floor(Math.log10(lo) - 0.02)
  let e1 = Math.ceil(Math.log10(hi) + 0.02)
  const step = Math.max(1, Math.ceil((e1 - e0) / 8))
  e0 = Math.floor(e0 / step) * step
  e1 = Math.ceil(e1 / step) * step
  const ticks: number[] = []
  for (let e = e0; e <= e1; e += step)
    for (const m of e1 - e0 <= 2 ? [1, 2, 5] : [1]) if (e < e1 || m === 1) ticks.push(Number(`${m}e${e}`))
  return {
    scale: { type: 'log' as const, domain: [Number(`1e${e0}`), Number(`1e${e1}`)], nice: false },
    axis: {
      values: ticks,
      labelExpr: "abs(log(datum.value) / LN10) >= 4 ? replace(format(datum.value, '.0e'), 'e+', 'e') : format(datum.value, '~g')",
    },
  }
}

const colorBy = (names: ReadonlyArray<string>) =>
  ({
    field: 'series',
    type: 'nominal',
    scale: { domain: [...names], range: names.map((_, i) => PALETTE[i % PALETTE.length]!) },
    title: null,
  }) as const

/** Pair up x and y, dropping points that cannot be drawn (non-finite, or not positive on a log axis). */
const rows = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>, logX: boolean, logY: boolean): Array<[number, number]> => {
  if (xs.length !== ys.length) throw new ValueError(`plot: a series has ${xs.length} x values but ${ys.length} y values; give one x per y`)
  const out: Array<[number, number]> = []
  xs.forEach((x, i) => {
    const y = ys[i]!
    if (Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) out.push([x, y])
  })
  return out
}

const uniqueNames = (op: string, items: ReadonlyArray<{ readonly name: string }>): string[] => {
  const names = items.map((s) => s.name)
  const dup = names.find((n, i) => names.indexOf(n) !== i)
  if (dup !== undefined) throw new ValueError(`${op}: the name "${dup}" appears twice; give each series its own name`)
  return names
}

const extent = (v: ReadonlyArray<number>): [number, number] => [
  v.reduce((a, b) => Math.min(a, b), Infinity),
  v.reduce((a, b) => Math.max(a, b), -Infinity),
]

/**
 * Vega numbers clip paths and gradients from a counter shared by the whole
 * process. Renumber them in order of appearance, so the output depends on the spec alone.
 */
const canonicalIds = (svg: string): string => {
  const ids = new Map<string, string>()
  return svg.replace(/(id="|url\(#)((?:p_)?)(clip|gradient_)(\d+)/g, (_m, pre: string, pattern: string, kind: string, n: string) => {
    const key = `${kind}${n}`
    let id = ids.get(key)
    if (id === undefined) {
      id = `${kind}${[...ids.keys()].filter((k) => k.startsWith(kind)).length + 1}`
      ids.set(key, id)
    }
    return `${pre}${pattern}${id}`
  })
}
