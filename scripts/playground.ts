/**
 * Build and serve the playground (`playground/`): esbuild bundles the page's
 * script (with vega and vega-lite) and the worker's (fluxion's core, from
 * source) for the browser, beside the static `index.html` and `style.css`.
 *
 *     npm run playground                 serve on $PORT, or on a free port; prints the address
 *     npm run playground:build [DIR]     write the static site to DIR (default playground/dist)
 *
 * The server rebuilds on every load of the page, so an edit shows on reload.
 *
 * @since 0.1.0
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
const dir = join(root, 'playground')

/** A built file: its content type and bytes. */
export interface SiteFile {
  readonly type: string
  readonly body: Uint8Array
}

/** The site, by path (`/index.html`, `/main.js`, ...). */
export type Site = ReadonlyMap<string, SiteFile>

/** Bundle the page and the worker, and read the static files: the whole site, in memory. */
export const buildPlayground = async (): Promise<Site> => {
  const r = await build({
    absWorkingDir: root,
    entryPoints: { main: join(dir, 'src', 'main.ts'), worker: join(dir, 'src', 'worker.ts') },
    outdir: '/',
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    // from source, package.json's sideEffects (written for dist/) would drop src/ad/methods.ts, which installs the Tensor methods
    ignoreAnnotations: true,
    logLevel: 'warning',
  })
  const files = new Map<string, SiteFile>()
  for (const f of r.outputFiles) files.set(`/${f.path.split('/').pop()!}`, { type: 'text/javascript; charset=utf-8', body: f.contents })
  files.set('/index.html', { type: 'text/html; charset=utf-8', body: readFileSync(join(dir, 'index.html')) })
  files.set('/style.css', { type: 'text/css; charset=utf-8', body: readFileSync(join(dir, 'style.css')) })
  return files
}

/** Write the site to `out` (emptied first). */
export const writePlayground = async (out: string): Promise<string[]> => {
  const site = await buildPlayground()
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  for (const [path, f] of site) writeFileSync(join(out, path), f.body)
  return [...site.keys()]
}

/** Serve the site on `port` (0: a free one), rebuilding whenever the page itself is requested. */
export const servePlayground = async (port: number): Promise<{ server: Server; url: string }> => {
  let site = await buildPlayground()
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const name = path === '/' ? '/index.html' : path
    const send = (s: Site): void => {
      const f = s.get(name)
      if (f === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`)
        return
      }
      res.writeHead(200, { 'content-type': f.type, 'cache-control': 'no-store' }).end(f.body)
    }
    if (name !== '/index.html') return send(site)
    buildPlayground().then(
      (s) => send((site = s)),
      (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`build failed: ${String(e)}`),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const addr = server.address()
  const actual = typeof addr === 'object' && addr !== null ? addr.port : port
  return { server, url: `http://127.0.0.1:${actual}/` }
}

// ---- the command ----

const main = async (args: string[]): Promise<void> => {
  if (args[0] === 'build') {
    const out = args[1] ?? join(dir, 'dist')
    const files = await writePlayground(out)
    console.log(`playground: wrote ${files.join(', ')} to ${out}`)
    return
  }
  const env = process.env['PORT']
  const port = env === undefined || env === '' ? 0 : Number(env)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`playground: PORT must be a port number (0 to 65535), got ${JSON.stringify(env)}`)
    process.exit(2)
  }
  const { url } = await servePlayground(port)
  console.log(`playground: serving on ${url}  (Ctrl-C stops it)`)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2))
