/**
 * The playground in a real browser: `scripts/playground.ts` builds and serves
 * it on a free port, headless Chromium (Debian's `chromium`, driven through
 * playwright-core) opens it, and the test checks that
 *
 * - the page loads, and both panels draw their charts and numbers, with no page errors;
 * - its workers run fluxion on the wasm backend;
 * - the numbers shown equal, bit for bit, what `playground/src/compute.ts` gives in Node for the settings the page shows;
 * - a drag on the trajectory chart moves the start and changes the trajectory while the button is still down;
 * - the momentum forms (dampening, bias correction, look-ahead Nesterov) and Rosenbrock, set on the page, give Node's bits;
 * - a depth control redraws the depth panel, again with Node's bits.
 *
 * Where Chromium is missing this test fails, it never skips.
 */
import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend, setBackend } from '../src/index.js'
import {
  depthTable, optimizersTable, runDepth, runOptimizers2d,
  type DepthSettings, type NumbersTable, type Optimizers2dSettings,
} from '../playground/src/compute.js'
import { servePlayground } from '../scripts/playground.js'

/** Debian's chromium, or a loud failure: the browser test is part of `npm test`. */
const chromiumPath = (): string => {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => p !== undefined && p !== '')
  const found = candidates.find((p) => existsSync(p))
  if (found === undefined)
    throw new Error(`Chromium is missing (looked at ${candidates.join(', ')}): install it with \`apt-get install -y chromium\` (.ci/run does), or set CHROMIUM_PATH`)
  return found
}

interface PanelStatus { renders: number; busy: boolean; error: string | null }
interface PlaygroundState { backend: string | null; optimizers: PanelStatus; depth: PanelStatus }
type Panel = 'optimizers' | 'depth'

const status = (page: Page): Promise<PlaygroundState> => page.evaluate(() => (globalThis as unknown as { __playground: PlaygroundState }).__playground)

/** Wait until `panel` has drawn more than `after` times and has nothing in flight or pending. */
const settled = async (page: Page, panel: Panel, after: number): Promise<PlaygroundState> => {
  await page.waitForFunction(
    ([p, n]) => {
      const s = (globalThis as unknown as { __playground?: PlaygroundState }).__playground
      return s !== undefined && s[p as Panel].renders > (n as number) && !s[p as Panel].busy
    },
    [panel, after] as const,
    { timeout: 120_000 },
  )
  return status(page)
}

/** Just what the test reads of the page's DOM (the tests type-check without the DOM library). */
interface DomElement {
  readonly textContent: string | null
  getAttribute(name: string): string | null
  querySelectorAll(selector: string): ArrayLike<DomElement>
}

/** The numbers table as shown: every cell's text and exact value. */
const shownTable = (page: Page, id: string): Promise<NumbersTable> =>
  page.evaluate((tableId) => {
    const table = (globalThis as unknown as { document: { getElementById(id: string): DomElement } }).document.getElementById(tableId)
    return {
      header: Array.from(table.querySelectorAll('th'), (th) => th.textContent ?? ''),
      rows: Array.from(table.querySelectorAll('tbody tr'), (tr) =>
        Array.from(tr.querySelectorAll('td'), (td) => ({ text: td.textContent ?? '', exact: td.getAttribute('data-exact') ?? '' })),
      ),
    }
  }, id)

const shownSettings = async <S>(page: Page, id: string): Promise<S> => JSON.parse((await page.textContent(`#${id}`)) ?? 'null') as S

describe('the playground, in headless Chromium', () => {
  let server: Server | undefined
  let browser: Browser | undefined
  let page: Page
  const errors: string[] = []

  beforeAll(async () => {
    setBackend('wasm') // the Node side of the comparison runs on the backend the page must use
    const served = await servePlayground(0)
    server = served.server
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--headless=new'] })
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(served.url)
    await settled(page, 'optimizers', 0)
    await settled(page, 'depth', 0)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())))
  })

  it('loads: both panels draw their charts and numbers, with no page errors', async () => {
    const s = await status(page)
    expect(errors).toEqual([])
    expect([s.optimizers.error, s.depth.error]).toEqual([null, null])
    for (const id of ['trajectory', 'loss', 'depthChart']) expect(await page.locator(`#${id} svg`).count(), id).toBe(1)
    // the trajectory chart holds the contour lines and one path per optimizer (5 by default)
    const t = await shownTable(page, 'numbers2d')
    expect(t.rows.map((r) => r[0]!.text)).toEqual(['GD', 'momentum', 'momentum 2', 'Adam', 'Newton'])
    expect((await shownTable(page, 'numbersDepth')).rows).toHaveLength(1)
  })

  it('runs fluxion on the wasm backend in its workers', async () => {
    const s = await status(page)
    expect(s.backend).toBe('wasm')
    expect(await page.getAttribute('#backend', 'data-backend')).toBe('wasm')
    expect(backend()).toBe('wasm')
  })

  it('shows, bit for bit, the numbers Node computes for the settings it shows', async () => {
    const s2d = await shownSettings<Optimizers2dSettings>(page, 'settings2d')
    expect(s2d.fn.kind).toBe('quadratic')
    expect(await shownTable(page, 'numbers2d')).toEqual(optimizersTable(runOptimizers2d(s2d)))
    const sDepth = await shownSettings<DepthSettings>(page, 'settingsDepth')
    expect(await shownTable(page, 'numbersDepth')).toEqual(depthTable(runDepth(sDepth)))
  })

  it('a drag on the trajectory chart moves the start and redraws the paths while the button is down', async () => {
    const before = await shownSettings<Optimizers2dSettings>(page, 'settings2d')
    const tableBefore = await shownTable(page, 'numbers2d')
    const box = (await page.locator('#trajectory svg').boundingBox())!
    const { renders } = (await status(page)).optimizers
    // inside the plotting area: right of the y axis, left of the legend
    const [x0, y0] = [box.x + box.width * 0.3, box.y + box.height * 0.55]
    await page.mouse.move(x0, y0)
    await page.mouse.down()
    await page.mouse.move(x0 + 40, y0 - 30, { steps: 4 })
    const during = await settled(page, 'optimizers', renders)
    const mid = await shownSettings<Optimizers2dSettings>(page, 'settings2d')
    await page.mouse.move(x0 + 80, y0 - 60, { steps: 4 })
    await page.mouse.up()
    await settled(page, 'optimizers', during.optimizers.renders)
    const after = await shownSettings<Optimizers2dSettings>(page, 'settings2d')
    // redrawn during the drag, with a new start; and the drag went on moving it
    expect(mid.start).not.toEqual(before.start)
    expect(after.start).not.toEqual(mid.start)
    expect(after.start[0]).toBeGreaterThan(mid.start[0]) // right on screen is +x
    expect(after.start[1]).toBeGreaterThan(mid.start[1]) // up on screen is +y
    const tableAfter = await shownTable(page, 'numbers2d')
    const bits = (t: NumbersTable) => t.rows.map((r) => r[r.length - 1]!.text)
    expect(bits(tableAfter).every((b, i) => b !== bits(tableBefore)[i])).toBe(true)
    // and what is shown is still Node's run for the new settings, bit for bit
    const node = runOptimizers2d(after)
    expect(tableAfter).toEqual(optimizersTable(node))
    expect(node.runs.every((r) => r.x[0] === after.start[0] && r.y[0] === after.start[1])).toBe(true)
    expect(errors).toEqual([])
  })

  it('the momentum forms and another function, set on the page, give Node’s bits', async () => {
    const { renders } = (await status(page)).optimizers
    await page.selectOption('#fn', 'rosenbrock')
    await page.fill('#m1-dampening', '0.5')
    await page.selectOption('#m2-nesterov', 'lookahead')
    await settled(page, 'optimizers', renders)
    expect(await page.isDisabled('#m2-debias')).toBe(true) // the look-ahead form has no debiased variant
    const s = await shownSettings<Optimizers2dSettings>(page, 'settings2d')
    expect(s.fn.kind).toBe('rosenbrock')
    expect(s.optimizers.find((o) => o.id === 'momentum')!.settings).toEqual({ kind: 'momentum', lr: 0.001, beta: 0.9, dampening: 0.5, debias: true, nesterov: 'none' })
    expect(s.optimizers.find((o) => o.id === 'momentum 2')!.settings).toMatchObject({ nesterov: 'lookahead' })
    const shown = await shownTable(page, 'numbers2d')
    expect(shown).toEqual(optimizersTable(runOptimizers2d(s)))
    expect(shown.rows[1]![1]!.text).toBe('300') // all 300 steps, no divergence
    expect(errors).toEqual([])
  })

  it('a depth control redraws the depth panel with Node’s bits (tanh, Kaiming uniform)', async () => {
    const { renders } = (await status(page)).depth
    await page.selectOption('#activation', 'tanh')
    await page.selectOption('#init', 'kaimingUniform')
    await settled(page, 'depth', renders)
    const s = await shownSettings<DepthSettings>(page, 'settingsDepth')
    expect([s.activation, s.init]).toEqual(['tanh', 'kaimingUniform'])
    expect(await page.isDisabled('#k')).toBe(true) // Kaiming sets σ²·n itself
    const node = runDepth(s)
    expect(node.k).toBeCloseTo(25 / 9, 12) // tanh's gain 5/3, squared
    expect(await shownTable(page, 'numbersDepth')).toEqual(depthTable(node))
    expect(errors).toEqual([])
  })
})
