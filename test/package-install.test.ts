/**
 * The package as an adopter gets it: `npm pack` (which builds, through
 * `prepack`), then the tarball installed into a fresh project in a temporary
 * directory, exactly as `npm install fluxion` would (dependencies come from
 * the npm cache or the registry).
 *
 * - the tarball is lean: built JS and .d.ts, no source maps, no compiled tests, a LICENSE;
 * - a core-only install pulls at most 5 packages, with no EBADENGINE warning and no foreign commands;
 * - strict TypeScript type-checks against it and runs under plain `node`; `require` works;
 * - the installed `fluxion` command runs, and asks for the optional packages it lacks;
 * - publint and are-the-types-wrong find nothing;
 * - the core bundles for the browser (esbuild) to at most 60 KB gzip, and a grad + Adam
 *   program trains in headless Chromium on the main thread and in a worker, on the
 *   wasm backend, with the same bits as Node. Chromium is Debian's `chromium`
 *   (`.ci/run` installs it); where it is missing this test fails, it never skips.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const fixtures = join(import.meta.dirname, 'fixtures', 'consumer')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const KB = 1024

interface Packed { readonly filename: string; readonly files: ReadonlyArray<{ readonly path: string }> }
interface TrainResult { readonly backend: string; readonly losses: number[]; readonly lossBits: string; readonly paramBits: string; readonly roundTrip: boolean }

const run = (cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, FLUXION_BACKEND: '' } })

const ok = (r: SpawnSyncReturns<string>, what: string): string => {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

/** Debian's chromium, or a loud failure: the browser test is part of `npm test`. */
const chromiumPath = (): string => {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => p !== undefined && p !== '')
  const found = candidates.find((p) => existsSync(p))
  if (found === undefined)
    throw new Error(`Chromium is missing (looked at ${candidates.join(', ')}): install it with \`apt-get install -y chromium\` (.ci/run does), or set CHROMIUM_PATH`)
  return found
}

describe('the packed package, installed into a fresh project', () => {
  let work = ''
  let consumer = ''
  let packed: Packed
  let install: SpawnSyncReturns<string>

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'fluxion-pack-'))
    const out = ok(run(npm, ['pack', '--json', '--pack-destination', work], root), 'npm pack')
    packed = (JSON.parse(out.slice(out.indexOf('[\n'))) as Packed[])[0]!
    consumer = join(work, 'consumer')
    mkdirSync(consumer)
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
    install = run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)], consumer)
    ok(install, 'npm install')
    for (const f of readdirSync(fixtures)) copyFileSync(join(fixtures, f), join(consumer, f))
  }, 600_000)
  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true })
  })

  it('packs built JS and types only: no source maps, no compiled tests, no sources; a LICENSE', () => {
    const paths = packed.files.map((f) => f.path)
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/fluxion.js',
      'dist/bundle/index.js', 'dist/bundle/node.js', 'dist/bundle/experiment.js', 'dist/bundle/extend.js', 'dist/bundle/laws.js', 'dist/bundle/cli.js',
      'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/node.d.ts', 'dist/src/experiment/index.d.ts', 'dist/src/extend.d.ts', 'dist/laws/index.d.ts']))
    expect(paths.filter((p) => p.endsWith('.map') || p.includes('.test.') || /^(src|test|examples|bench|scripts)\//.test(p))).toEqual([])
    expect(paths.filter((p) => /^dist\/(src|laws)\/.*\.js$/.test(p) && !existsSync(join(root, p.replace(/^dist\//, '').replace(/\.js$/, '.ts'))))).toEqual([]) // no stray build output
    expect(paths.filter((p) => p.endsWith('.js') && readFileSync(join(consumer, 'node_modules', 'fluxion', p), 'utf8').includes('sourceMappingURL'))).toEqual([])
  })

  it('installs the core with at most 5 packages, no engine warning and only its own command', () => {
    const lock = JSON.parse(readFileSync(join(consumer, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> }
    const installed = Object.keys(lock.packages).filter((p) => p !== '').map((p) => p.replace(/^.*node_modules\//, '')).sort()
    expect(installed).toContain('fluxion')
    expect(installed.length, installed.join(', ')).toBeLessThanOrEqual(5)
    expect(install.stderr + install.stdout).not.toMatch(/EBADENGINE|unsupported engine/i)
    expect(readdirSync(join(consumer, 'node_modules', '.bin')).filter((b) => !b.startsWith('.'))).toEqual(['fluxion'])
  })

  it('type-checks strict consumer code and runs it under plain node', () => {
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true, skipLibCheck: false, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')],
        outDir: 'out', rootDir: '.',
      },
      files: ['main.ts'],
    }))
    ok(run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], consumer), 'tsc')
    const out = ok(run(process.execPath, [join('out', 'main.js')], consumer), 'node out/main.js')
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ ok: true, backend: 'wasm' })
  })

  it('loads with require() too (Node ≥ 20.19 loads ES modules synchronously)', () => {
    const out = ok(run(process.execPath, ['-e', "const f = require('fluxion'); console.log(typeof f.grad, typeof f.experiment.run)"], consumer), 'require')
    expect(out.trim()).toBe('function function')
  })

  it('runs the installed fluxion command, which names the optional packages a run needs', () => {
    const help = run(join(consumer, 'node_modules', '.bin', 'fluxion'), ['--help'], consumer)
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/usage:\s+fluxion run/)
    writeFileSync(join(consumer, 'spec.json'), JSON.stringify({
      name: 'tiny', seed: 0, data: { kind: 'spirals', nPerClass: 10, classes: 2 }, model: { kind: 'mlp', hidden: [4], activation: 'relu' },
      init: { kernel: 'heNormal', bias: 'zeros' }, optimizer: { sgd: { learningRate: 0.1 } }, steps: 2, batchSize: 8,
    }))
    const r = run(join(consumer, 'node_modules', '.bin', 'fluxion'), ['run', 'spec.json', '--out', 'runs/tiny'], consumer)
    expect(r.status, r.stdout + r.stderr).not.toBe(0)
    expect(r.stderr).toContain('npm install vega vega-lite @resvg/resvg-js cli-progress')
  })

  it('passes publint and are-the-types-wrong (ESM-only profile)', () => {
    ok(run(process.execPath, [join(root, 'node_modules', 'publint', 'src', 'cli.js'), '--strict', root], root), 'publint')
    ok(run(process.execPath, [join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'), join(work, packed.filename), '--profile', 'esm-only'], root), 'attw')
  })

  it('bundles a grad + Adam program for the browser within 60 KB gzip, and trains in Chromium as in Node, bit for bit', async () => {
    const bundle = async (entry: string) => {
      const r = await build({
        entryPoints: [join(consumer, entry)], absWorkingDir: consumer, bundle: true, minify: true, format: 'esm',
        platform: 'browser', target: 'es2022', write: false, logLevel: 'silent',
      })
      return r.outputFiles[0]!.contents
    }
    const [mainJs, workerJs] = await Promise.all([bundle('browser-main.mjs'), bundle('browser-worker.mjs')])
    const gzipKb = gzipSync(mainJs, { level: 9 }).length / KB
    expect(gzipKb, `main bundle: ${(mainJs.length / KB).toFixed(1)} KB minified, ${gzipKb.toFixed(1)} KB gzip`).toBeLessThanOrEqual(60)

    const node = JSON.parse(ok(run(process.execPath, ['--input-type=module', '-e',
      "import { train } from './train.mjs'; console.log(JSON.stringify(train()))"], consumer), 'node train').trim()) as TrainResult

    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--headless=new'] })
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
      const files: Record<string, [string, string | Uint8Array]> = {
        '/': ['text/html', '<!doctype html><title>fluxion</title><script type="module" src="/main.js"></script>'],
        '/main.js': ['text/javascript', mainJs],
        '/worker.js': ['text/javascript', workerJs],
      }
      await page.route('http://fluxion.test/**', async (route) => {
        const file = files[new URL(route.request().url()).pathname]
        await (file === undefined ? route.fulfill({ status: 404 }) : route.fulfill({ status: 200, contentType: file[0], body: Buffer.from(file[1]) }))
      })
      await page.goto('http://fluxion.test/')
      const got = await page.waitForFunction(() => (globalThis as { __fluxion?: unknown }).__fluxion, undefined, { timeout: 120_000 })
        .then((h) => h.jsonValue() as Promise<{ main: TrainResult; worker: TrainResult }>)
        .catch((e: unknown) => { throw new Error(`the page did not finish: ${String(e)}; page errors: ${errors.join('; ')}`) })
      expect(errors).toEqual([])
      for (const r of [got.main, got.worker]) {
        expect(r.backend).toBe('wasm')
        expect(r.roundTrip).toBe(true)
        expect(r.losses.at(-1)!).toBeLessThan(r.losses[0]! / 100) // it trains
        expect(r.lossBits).toBe(node.lossBits) // every loss, bit for bit
        expect(r.paramBits).toBe(node.paramBits) // the trained parameters, as saved
      }
      expect(node.backend).toBe('wasm')
    } finally {
      await browser.close()
    }
  })
})
