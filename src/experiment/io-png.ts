/**
 * Charts as files (Node only): SVG to PNG with resvg, and atomic writes of
 * rendered charts. `plot.ts` builds and renders the charts; this module only
 * rasterises and saves them.
 *
 * Text is drawn with the system's fonts (`loadSystemFonts`). The charts ask
 * for Helvetica, Arial, DejaVu Sans, Liberation Sans or sans-serif, but resvg
 * 2.6 does not walk such a list reliably: it falls back to its default family,
 * which would be the first system font, often a serif one. So the default
 * family is set explicitly (`fontFamily`, DejaVu Sans unless you say otherwise).
 *
 * @example
 * await writeChartPng('runs/adam/loss.png', lineChart({ title: 'Loss', series, xLabel: 'step', yLabel: 'loss' }))
 *
 * @since 0.1.0
 */
import { createRequire } from 'node:module'
import type * as ResvgJs from '@resvg/resvg-js'
import { writeFileAtomic } from './io.js'
import { missingPeer, notFound } from './peers.js'
import { renderSvg, type ChartSpec } from './plot.js'

// ---- model ----

/** Options of `svgToPng`. @category model @since 0.1.0 */
export interface PngOptions {
  /** Pixels per SVG unit; 2 (the default) gives crisp images on high-density screens. */
  readonly scale?: number
  /** Fill behind the chart (default white; the charts also paint their own background). */
  readonly background?: string
  /** The font for text whose families resvg does not find (default `DejaVu Sans`; on macOS, `Helvetica`). */
  readonly fontFamily?: string
}

// ---- rendering ----

/** @resvg/resvg-js, an optional peer dependency (a native addon, loaded with require), loaded on the first PNG. */
const resvgJs = (): typeof ResvgJs => {
  try {
    return createRequire(import.meta.url)('@resvg/resvg-js') as typeof ResvgJs
  } catch (e) {
    throw notFound(e) ? missingPeer('@resvg/resvg-js') : e
  }
}

/**
 * Rasterise an SVG string to PNG bytes with resvg.
 *
 * @example
 * const png = svgToPng(await renderSvg(spec))
 * assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47])
 * @category rendering
 * @since 0.1.0
 */
export const svgToPng = (svg: string, opts: PngOptions = {}): Uint8Array => {
  const resvg = new (resvgJs().Resvg)(svg, {
    background: opts.background ?? 'white',
    fitTo: { mode: 'zoom', value: opts.scale ?? 2 },
    font: { loadSystemFonts: true, defaultFontFamily: opts.fontFamily ?? 'DejaVu Sans', sansSerifFamily: opts.fontFamily ?? 'DejaVu Sans' },
  })
  const png = resvg.render().asPng()
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength)
}

/**
 * Render a chart spec to PNG bytes (`renderSvg`, then `svgToPng`).
 * @example
 * const png = await renderPng(barChart({ title: 'Accuracy', bars, xLabel: 'accuracy' }))
 * @category rendering
 * @since 0.1.0
 */
export const renderPng = async (spec: ChartSpec, opts: PngOptions = {}): Promise<Uint8Array> => svgToPng(await renderSvg(spec), opts)

// ---- writing ----

/**
 * Render a chart and write it as a PNG file, atomically.
 * @example
 * await writeChartPng('runs/report/loss.png', spec)
 * @category writing
 * @since 0.1.0
 */
export const writeChartPng = async (path: string, spec: ChartSpec, opts: PngOptions = {}): Promise<void> =>
  writeFileAtomic(path, await renderPng(spec, opts))

/**
 * Render a chart and write it as an SVG file, atomically.
 * @example
 * await writeChartSvg('runs/report/loss.svg', spec)
 * @category writing
 * @since 0.1.0
 */
export const writeChartSvg = async (path: string, spec: ChartSpec): Promise<void> => writeFileAtomic(path, await renderSvg(spec))
