/**
 * The API docs as TypeDoc renders them (issue 12): TypeDoc runs once with the
 * repository's config (`typedoc.json`, what `npm run docs` uses) into JSON, and
 * the tests read the reflections:
 * - modules are named as users import them, and no internal module shows;
 * - every module and namespace page, every AD combinator, every `tree` function
 *   and every optimizer alias carries an `@example`;
 * - the `@example` code blocks of those pages type-check and run (as
 *   `test/readme.test.ts` does for the README): `from 'fluxion'` and its
 *   subpaths point at the sources, and the blocks assert their own results with
 *   node:assert. Examples elsewhere in the API are not run yet.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const dir = join(root, 'test', '.docs-tmp')

interface Part { readonly kind: string; readonly text: string }
interface Comment { readonly summary?: ReadonlyArray<Part>; readonly blockTags?: ReadonlyArray<{ readonly tag: string; readonly content: ReadonlyArray<Part> }> }
interface Reflection {
  readonly id: number
  readonly name: string
  /** Set on a reference (a re-export TypeDoc documents elsewhere): the id of the declaration. */
  readonly target?: number
  readonly kind: number
  readonly comment?: Comment
  readonly signatures?: ReadonlyArray<{ readonly comment?: Comment }>
  readonly children?: ReadonlyArray<Reflection>
}
/** TypeDoc's ReflectionKind values used here. */
const KIND = { Project: 1, Module: 2, Namespace: 4 } as const

/** The comments of a reflection: its own and its signatures' (overloads carry theirs). */
const comments = (r: Reflection): Comment[] => [r.comment, ...(r.signatures ?? []).map((s) => s.comment)].filter((c): c is Comment => c !== undefined)
/** The code blocks of the `@example` tags of a reflection (deduplicated: overloads repeat them). */
const examples = (r: Reflection): string[] => [...new Set(comments(r).flatMap((c) => (c.blockTags ?? [])
  .filter((t) => t.tag === '@example')
  .flatMap((t) => t.content.filter((p) => p.kind === 'code').map((p) => p.text.replace(/^```\w*\n/, '').replace(/\n?```$/, '')))))]
const hasExample = (r: Reflection): boolean => comments(r).some((c) => (c.blockTags ?? []).some((t) => t.tag === '@example'))
/** The child named `name`, through a reference to the declaration it re-exports. */
const child = (r: Reflection, name: string): Reflection | undefined => {
  const c = r.children?.find((x) => x.name === name)
  return c?.target !== undefined ? byId.get(c.target) : c
}
/** Every reflection under r, with its path of names. */
const walk = (r: Reflection, path: string[] = []): Array<[string, Reflection]> =>
  (r.children ?? []).flatMap((c) => [[[...path, c.name].join('.'), c] as [string, Reflection], ...walk(c, [...path, c.name])])

const COMBINATORS = ['grad', 'valueAndGrad', 'jvp', 'vjp', 'jacfwd', 'jacrev', 'hessian', 'hvp', 'linearize', 'customJvp', 'customVjp', 'checkGrads', 'stopGradient']
const ALIASES = ['sgd', 'adam', 'adamw', 'nadam', 'rmsprop', 'adagrad', 'newton']
const NAMESPACES = ['linalg', 'tree', 'optim', 'random', 'init', 'nn', 'data']
/**
 * Examples not run yet, with the reason. sgd's doc is being rewritten on the
 * `tutorial` branch together with sgd itself; drop it from here once it carries
 * a runnable example.
 */
const NOT_RUN_YET: ReadonlySet<string> = new Set(['fluxion.optim.sgd'])

let project: Reflection
const byId = new Map<number, Reflection>()
beforeAll(() => {
  mkdirSync(dir, { recursive: true })
  const out = join(dir, 'api.json')
  execFileSync(process.execPath, [join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--json', out, '--logLevel', 'Error'], { cwd: root, encoding: 'utf8' })
  project = JSON.parse(readFileSync(out, 'utf8')) as Reflection
  for (const [, r] of walk(project)) byId.set(r.id, r)
}, 600_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * The pages that must carry a runnable example: every module and namespace,
 * the AD combinators, the tree functions and the optimizer aliases. (Other
 * exports' examples are not run yet: many are fragments.)
 */
const covered = (): Array<[string, Reflection]> => {
  const fluxion = mod('fluxion')
  const pages = walk(project).filter(([, r]) => r.kind === KIND.Module || r.kind === KIND.Namespace)
  const named = (prefix: string, owner: Reflection, names: ReadonlyArray<string>): Array<[string, Reflection]> =>
    names.flatMap((n) => { const r = child(owner, n); return r === undefined ? [] : [[`${prefix}.${n}`, r] as [string, Reflection]] })
  const tree = child(fluxion, 'tree')!
  const treeFns = tree.children!.filter((c) => c.signatures !== undefined).map((c) => c.name)
  return [...pages, ...named('fluxion', fluxion, COMBINATORS), ...named('fluxion.tree', tree, treeFns), ...named('fluxion.optim', child(fluxion, 'optim')!, ALIASES)]
}

const mod = (name: string): Reflection => {
  const m = child(project, name)
  if (m === undefined) throw new Error(`no module ${name} among ${project.children?.map((c) => c.name).join(', ')}`)
  return m
}

describe('TypeDoc pages', () => {
  it('modules are named as users import them', () => {
    expect(project.children!.filter((c) => c.kind === KIND.Module).map((c) => c.name).sort())
      .toEqual(['fluxion', 'fluxion/experiment', 'fluxion/extend', 'fluxion/laws'])
    const namespaces = mod('fluxion').children!.filter((c) => c.kind === KIND.Namespace).map((c) => c.name)
    for (const ns of NAMESPACES) expect(namespaces).toContain(ns)
  })

  it('no internal module or source path appears', () => {
    const pages = walk(project).filter(([, r]) => r.kind === KIND.Module || r.kind === KIND.Namespace).map(([p]) => p)
    expect(pages.filter((p) => /linalgOps|(^|[./])src([./]|$)|\.ts$/.test(p))).toEqual([])
  })

  it('every module and namespace page has an example', () => {
    const pages = walk(project).filter(([, r]) => r.kind === KIND.Module || r.kind === KIND.Namespace)
    expect(pages.length).toBeGreaterThan(10)
    expect(pages.filter(([, r]) => !hasExample(r)).map(([p]) => p)).toEqual([])
  })

  it('every AD combinator has an example', () => {
    const root = mod('fluxion')
    expect(COMBINATORS.filter((n) => child(root, n) === undefined || !hasExample(child(root, n)!))).toEqual([])
  })

  it('every tree function has an example', () => {
    const fns = child(mod('fluxion'), 'tree')!.children!.filter((c) => c.signatures !== undefined)
    expect(fns.map((f) => f.name)).toContain('map')
    expect(fns.filter((f) => !hasExample(f)).map((f) => f.name)).toEqual([])
  })

  it('every optimizer alias has an example', () => {
    const optim = child(mod('fluxion'), 'optim')!
    expect(ALIASES.filter((n) => child(optim, n) === undefined || !hasExample(child(optim, n)!))).toEqual([])
  })
})

describe('TypeDoc examples', () => {
  const SOURCES: ReadonlyArray<[RegExp, string]> = [
    [/from 'fluxion'/g, "from '../../src/node.js'"],
    [/from 'fluxion\/experiment'/g, "from '../../src/experiment/index.js'"],
    [/from 'fluxion\/extend'/g, "from '../../src/extend.js'"],
    [/from 'fluxion\/laws'/g, "from '../../laws/index.js'"],
  ]
  const toSources = (code: string): string => SOURCES.reduce((c, [re, to]) => c.replace(re, to), code)
  /** [file name, where it comes from, code] for every example block, in page order. */
  const blocks = (): Array<[string, string, string]> => covered()
    .filter(([p]) => !NOT_RUN_YET.has(p))
    .flatMap(([p, r]) => examples(r).map((code, i) => [p, code, i] as const))
    .map(([p, code, i], n) => [`${n + 1}-${p.replace(/[^\w]+/g, '_')}_${i + 1}.ts`, p, code] as [string, string, string])

  it('type-check', () => {
    const all = blocks()
    expect(all.length).toBeGreaterThanOrEqual(16 + COMBINATORS.length + 13 + ALIASES.length - NOT_RUN_YET.size)
    all.forEach(([file, , code]) => writeFileSync(join(dir, `check-${file}`), toSources(code)))
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '../..' }, include: ['check-*.ts'] }))
    // throws with tsc's messages (file names say which page) when a block does not type-check
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' })
    } catch (e) {
      throw new Error(`examples do not type-check:\n${(e as { stdout?: string }).stdout ?? String(e)}`)
    }
  }, 600_000)

  it('run', async () => {
    const failed: string[] = []
    for (const [file, page, code] of blocks()) {
      const path = join(dir, `run-${file}`)
      writeFileSync(path, toSources(code))
      try {
        await import(path)
      } catch (e) {
        failed.push(`${page}: ${(e as Error).message}`)
      }
    }
    expect(failed).toEqual([])
  }, 600_000)
})
