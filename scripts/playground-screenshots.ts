/**
 * The README's screenshots of the playground: serve it, open it in headless
 * Chromium, and save each panel as a PNG under `playground/screenshots/`.
 *
 *     npx tsx scripts/playground-screenshots.ts
 *
 * @since 0.1.0
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { servePlayground } from './playground.js'

const out = join(import.meta.dirname, '..', 'playground', 'screenshots')

const idle = (page: Page, panel: 'optimizers' | 'depth', after: number): Promise<unknown> =>
  page.waitForFunction(
    ([p, n]) => {
      const s = (globalThis as unknown as { __playground?: Record<string, { renders: number; busy: boolean }> }).__playground
      return s !== undefined && s[p as string]!.renders > (n as number) && !s[p as string]!.busy
    },
    [panel, after] as const,
    { timeout: 120_000 },
  )

const renders = (page: Page, panel: string): Promise<number> =>
  page.evaluate((p) => (globalThis as unknown as { __playground: Record<string, { renders: number }> }).__playground[p]!.renders, panel)

const { server, url } = await servePlayground(0)
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] })
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(url)
  await idle(page, 'optimizers', 0)
  await idle(page, 'depth', 0)
  mkdirSync(out, { recursive: true })
  await page.locator('#optimizers').screenshot({ path: join(out, 'optimizers.png') })
  const n = await renders(page, 'depth')
  await page.selectOption('#activation', 'tanh')
  await page.selectOption('#init', 'xavierUniform')
  await idle(page, 'depth', n)
  await page.locator('#depth').screenshot({ path: join(out, 'depth.png') })
  console.log(`screenshots in ${out}`)
} finally {
  await browser.close()
  server.close()
}
