/**
 * The static import graph of a folder of TypeScript modules, read with the
 * TypeScript compiler's own pre-processor (so `import type`, re-exports and
 * side-effect imports all count), and the checks on it that keep the layering
 * honest: no cycles, and rules on who may import what.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

/** Each module (a path relative to the root, with `/`) and the modules it imports (relative specifiers only). */
export type ImportGraph = ReadonlyMap<string, ReadonlyArray<string>>

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : []
  })

/** The module a relative specifier names: `./x.js` is `./x.ts`, a folder its `index.ts`. */
const resolveSpecifier = (from: string, spec: string): string => {
  const base = resolve(dirname(from), spec)
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate
    } catch { /* try the next */ }
  }
  throw new Error(`${from}: cannot resolve import '${spec}'`)
}

/** The import graph of every .ts file under `root`, keyed by paths relative to `base`. */
export const importGraph = (root: string, base: string): ImportGraph => {
  const key = (p: string): string => relative(base, p).split('\\').join('/')
  return new Map(walk(root).map((file) => {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    const deps = info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.')).map((s) => key(resolveSpecifier(file, s)))
    return [key(file), [...new Set(deps)]]
  }))
}

/** Every import cycle, one per strongly connected component (its modules in a cycle order where one exists). */
export const cycles = (g: ImportGraph): string[][] => {
  // Tarjan's strongly connected components
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const out: string[][] = []
  let next = 0
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.reverse())
    }
  }
  for (const v of g.keys()) if (!index.has(v)) visit(v)
  return out
}

/** The edges `from → to` of the graph that break `allowed(from, to)`. */
export const violations = (g: ImportGraph, allowed: (from: string, to: string) => boolean): string[] =>
  [...g].flatMap(([from, tos]) => tos.filter((to) => !allowed(from, to)).map((to) => `${from} → ${to}`))
