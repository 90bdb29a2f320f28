/**
 * The published package runs on plain Node ESM (not only under tsx/vite):
 * every import in src/ and laws/ names a file Node can resolve — relative
 * imports end in `.js`, and package subpaths (fp-ts/lib/Either.js) name a file,
 * not a directory.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })

const specifiers = (src: string): string[] => {
  const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '') // drop comments (doc examples import 'fluxion')
  return [...code.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!)
}

describe('the package', () => {
  const sources = [...files(join(root, 'src')), ...files(join(root, 'laws'))].filter((f) => !f.endsWith('.test.ts'))
  it('has only imports that plain Node ESM resolves', () => {
    const bad: string[] = []
    for (const f of sources) {
      for (const s of specifiers(readFileSync(f, 'utf8'))) {
        const relative = s.startsWith('.')
        const subpath = !relative && !s.startsWith('node:') && s.split('/').length > (s.startsWith('@') ? 2 : 1)
        if ((relative || subpath) && !s.endsWith('.js')) bad.push(`${f.slice(root.length + 1)}: '${s}'`)
      }
    }
    expect(bad).toEqual([])
  })

  it('declares every runtime import as a dependency or a peer dependency', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; peerDependencies: Record<string, string> }
    const missing = new Set<string>()
    for (const f of sources)
      for (const s of specifiers(readFileSync(f, 'utf8'))) {
        if (s.startsWith('.') || s.startsWith('node:')) continue
        const name = s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!
        if (!(name in pkg.dependencies) && !(name in pkg.peerDependencies)) missing.add(name)
      }
    expect([...missing]).toEqual([])
  })
})
