import { describe, expect, it } from 'vitest'
import { ShapeError, ValueError } from '../src/errors.js'
import { contourLevels, contourLines, contours, sampleGrid } from '../src/experiment/contour.js'
import { renderPng, svgToPng } from '../src/experiment/io-png.js'
import { barChart, layerNormsChart, lineChart, renderSvg, trajectoryChart, type ChartSpec } from '../src/experiment/plot.js'

const steps = Array.from({ length: 50 }, (_, i) => i)
const quad = (x: number, y: number) => x * x + 4 * y * y

const gd = (lr: number, momentum = 0): { x: number[]; y: number[] } => {
  let [x, y, vx, vy] = [-1.8, 0.9, 0, 0]
  const xs = [x]
  const ys = [y]
  for (let i = 0; i < 30; i++) {
    vx = momentum * vx + 2 * x
    vy = momentum * vy + 8 * y
    x -= lr * vx
    y -= lr * vy
    xs.push(x)
    ys.push(y)
  }
  return { x: xs, y: ys }
}

const charts: Record<string, { spec: ChartSpec; names: string[] }> = {
  line: {
    spec: lineChart({
      title: 'Training loss',
      xLabel: 'step',
      yLabel: 'loss',
      logY: true,
      series: [
        { name: 'sgd (lr 0.1)', x: steps, y: steps.map((s) => Math.exp(-s / 20)) },
        { name: 'adam', x: steps, y: steps.map((s) => Math.exp(-s / 5)) },
      ],
    }),
    names: ['sgd (lr 0.1)', 'adam'],
  },
  trajectory: {
    spec: trajectoryChart({
      title: 'Paths on a quadratic bowl',
      contour: { ...sampleGrid(quad, { x: [-2, 2], y: [-1, 1], n: 41 }), levels: 8 },
      paths: [
        { name: 'gd', ...gd(0.1) },
        { name: 'momentum', ...gd(0.05, 0.8) },
      ],
    }),
    names: ['gd', 'momentum'],
  },
  bar: {
    spec: barChart({
      title: 'Final accuracy',
      xLabel: 'accuracy',
      format: '.1%',
      domain: [0, 1],
      bars: [
        { name: 'sgd', value: 0.91 },
        { name: 'adamw', value: 0.95 },
      ],
    }),
    names: ['sgd', 'adamw', '91.0%', '95.0%'],
  },
  layerNorms: {
    spec: layerNormsChart({
      title: 'Activation norms',
      series: [
        { name: 'he normal', y: [1, 1.1, 0.9, 1.05] },
        { name: 'std 0.01', y: [1, 0.01, 1e-4, 1e-6] },
      ],
      theory: [{ name: 'theory', y: [1, 1, 1, 1] }],
    }),
    names: ['he normal', 'std 0.01', 'theory', 'layer', 'norm'],
  },
  // seed bands (min–max) must not take the legend away from the lines
  layerNormsWithBands: {
    spec: layerNormsChart({
      title: 'Activation norms over seeds',
      series: [
        { name: 'he normal', y: [1, 1.1, 0.9, 1.05], lo: [1, 1, 0.8, 0.9], hi: [1, 1.2, 1, 1.2] },
        { name: 'std 0.01', y: [1, 0.01, 1e-4, 1e-6], lo: [1, 0.008, 8e-5, 7e-7], hi: [1, 0.012, 1.3e-4, 2e-6] },
      ],
      theory: [{ name: 'theory', y: [1, 1, 1, 1] }],
    }),
    names: ['he normal', 'std 0.01', 'theory', 'layer', 'norm'],
  },
}

describe('charts', () => {
  for (const [kind, { spec, names }] of Object.entries(charts)) {
    it(`${kind}: renders an SVG with the title and every series name, the same every time`, async () => {
      const svg = await renderSvg(spec)
      expect(svg.startsWith('<svg')).toBe(true)
      expect(svg).toContain(String(spec.title))
      for (const n of names) expect(svg).toContain(`>${n}<`)
      // another render in between moves Vega's global id counters; the output must not move
      await renderSvg(charts['bar']!.spec)
      expect(await renderSvg(spec)).toBe(svg)
      // the spec is plain JSON: it survives a round trip and renders the same
      expect(await renderSvg(JSON.parse(JSON.stringify(spec)))).toBe(svg)
    })
  }

  it('the same data built twice gives byte-identical SVG', async () => {
    const build = () =>
      lineChart({ title: 'Loss', xLabel: 'step', yLabel: 'loss', series: [{ name: 'a', x: [0, 1, 2], y: [3, 2, 1] }] })
    expect(await renderSvg(build())).toBe(await renderSvg(build()))
  })

  it('drops points a log axis cannot show, and non-finite values', () => {
    const spec = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      logY: true,
      series: [{ name: 'a', x: [0, 1, 2, 3, 4], y: [1, 0, -1, Number.NaN, 0.5] }],
    })
    const values = (spec as { data: { values: Array<{ x: number }> } }).data.values
    expect(values.map((v) => v.x)).toEqual([0, 4])
  })

  it('log axes get power-of-ten ticks and a domain around the data', () => {
    const spec = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', logY: true, series: [{ name: 'a', x: [0, 1], y: [0.003, 40] }] })
    const y = (spec as { encoding: { y: { scale: { domain: number[] }; axis: { values: number[] } } } }).encoding.y
    expect(y.scale.domain).toEqual([0.001, 100])
    expect(y.axis.values).toEqual([0.001, 0.01, 0.1, 1, 10, 100])
  })

  it('refuses duplicate series names and mismatched lengths', () => {
    const s = { name: 'a', x: [0], y: [1] }
    expect(() => lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [s, s] })).toThrow(ValueError)
    expect(() => lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'a', x: [0, 1], y: [1] }] })).toThrow(/2 x values but 1 y values/)
  })

  it('renders PNG bytes', async () => {
    const png = await renderPng(charts['bar']!.spec, { scale: 1 })
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const svg = await renderSvg(charts['bar']!.spec)
    const width = Number(/width="(\d+)"/.exec(svg)![1])
    // the IHDR chunk holds the width (big-endian at byte 16): scale 2 doubles it
    const ihdrWidth = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getUint32(16)
    expect(ihdrWidth(png)).toBe(width)
    expect(ihdrWidth(svgToPng(svg))).toBe(2 * width)
  })
})

describe('contours (marching squares)', () => {
  const circle = sampleGrid((x, y) => x * x + y * y, { x: [-2, 2], y: [-2, 2], n: 81 })

  it('level sets of x² + y² are single closed loops at the right radius', () => {
    for (const r of [0.5, 1, 1.5]) {
      const lines = contourLines(circle, r * r)
      expect(lines).toHaveLength(1)
      const line = lines[0]!
      expect(line.closed).toBe(true)
      expect(line.x[0]).toBe(line.x[line.x.length - 1])
      expect(line.y[0]).toBe(line.y[line.y.length - 1])
      expect(line.x.length).toBeGreaterThan(20)
      for (let i = 0; i < line.x.length; i++) expect(Math.abs(Math.hypot(line.x[i]!, line.y[i]!) - r)).toBeLessThan(0.01)
      // it goes all the way round
      const angles = line.x.map((x, i) => Math.atan2(line.y[i]!, x))
      expect(Math.max(...angles) - Math.min(...angles)).toBeGreaterThan(6)
    }
  })

  it('a level crossing the border gives an open line; out of range gives none', () => {
    const lines = contourLines(circle, 5) // radius 2.24: only the corners are above
    expect(lines).toHaveLength(4)
    expect(lines.every((l) => !l.closed)).toBe(true)
    expect(contourLines(circle, 100)).toEqual([])
    const plane = contourLines(sampleGrid((x, y) => x + y, { x: [0, 1], y: [0, 1], n: 11 }), 1)
    expect(plane).toHaveLength(1)
    expect(plane[0]!.closed).toBe(false)
    plane[0]!.x.forEach((x, i) => expect(x + plane[0]!.y[i]!).toBeCloseTo(1, 12))
  })

  it('resolves saddles into two separate lines, and skips non-finite cells', () => {
    const saddle = sampleGrid((x, y) => x * y, { x: [-1, 1], y: [-1, 1], n: 2 })
    // one cell, corners xy = 1, -1, 1, -1: the centre (mean 0) is below 0.5, so the two corners above are cut off apart
    const corners = (level: number) =>
      contourLines(saddle, level)
        .map((l) => l.x.map((x, i) => [x, l.y[i]!]).sort((p, q) => p[0]! - q[0]!))
        .sort((p, q) => p[0]![0]! - q[0]![0]!)
    expect(corners(0.5)).toEqual([
      [[-1, -0.5], [-0.5, -1]],
      [[0.5, 1], [1, 0.5]],
    ])
    // and at -0.5 the centre is above: the corners below (bottom right, top left) are cut off
    expect(corners(-0.5)).toEqual([
      [[-1, 0.5], [-0.5, 1]],
      [[0.5, -1], [1, -0.5]],
    ])
    const s = contourLines(sampleGrid((x, y) => x * y, { x: [-1, 1], y: [-1, 1], n: 20 }), 0.2)
    expect(s).toHaveLength(2) // the two branches of the hyperbola xy = 0.2
    const holes = sampleGrid((x, y) => (x > 0.5 && y > 0.5 ? Number.NaN : x * x + y * y), { x: [-2, 2], y: [-2, 2], n: 41 })
    expect(contourLines(holes, 1).some((l) => !l.closed)).toBe(true)
  })

  it('levels: evenly or geometrically spaced inside the range; shapes are checked', () => {
    expect(contourLevels(sampleGrid((x, y) => x * x + y * y, { x: [-1, 1], y: [-1, 1], n: 3 }), 3)).toEqual([0.5, 1, 1.5])
    const log = contourLevels(circle, 4, { log: true })
    expect(log).toHaveLength(4)
    expect(log[1]! / log[0]!).toBeCloseTo(log[3]! / log[2]!, 10)
    expect(contours(circle, [1, 4]).map((l) => l.level)).toEqual([1, 4])
    expect(() => contourLines({ xs: [0, 1], ys: [0, 1], z: [[0, 1]] }, 0.5)).toThrow(ShapeError)
    expect(() => contourLines({ xs: [0, 1], ys: [0, 1], z: [[0, 1], [1]] }, 0.5)).toThrow(/z\[1\] has 1 values/)
  })
})
