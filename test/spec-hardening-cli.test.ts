/**
 * The bad specs of spec-hardening.cases.ts (one of each kind), run through the real CLI in a
 * child process (`tsx src/cli/main.ts run bad.json --out DIR` in a fresh
 * temporary folder): exit code 2, the error names the path, and nothing is
 * written anywhere. Also `compare` with two specs of one name.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BAD, BASE, CLI_CASES } from './spec-hardening.cases.js'

const repo = resolve(import.meta.dirname, '..')
const tsx = join(repo, 'node_modules', '.bin', 'tsx')
const cli = join(repo, 'src', 'cli', 'main.ts')
const root = mkdtempSync(join(tmpdir(), 'fluxion-spec-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Every file and folder under `dir`, relative to it. */
const listAll = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? [`${d.name}/`, ...listAll(join(dir, d.name)).map((x) => `${d.name}/${x}`)] : [d.name])

/** Run the CLI in a fresh folder four levels below its own sandbox, so that `../../../x` stays inside the sandbox. */
const fluxion = (files: Record<string, unknown>, args: ReadonlyArray<string>) => {
  const sandbox = mkdtempSync(join(root, 'case-'))
  const cwd = join(sandbox, 'a', 'b', 'c', 'd')
  mkdirSync(cwd, { recursive: true })
  for (const [name, spec] of Object.entries(files)) writeFileSync(join(cwd, name), JSON.stringify(spec))
  const r = spawnSync(tsx, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, stderr: r.stderr, written: listAll(sandbox).filter((f) => !f.endsWith('/') && !Object.keys(files).some((n) => f.endsWith(`/${n}`))) }
}

describe('fluxion run: a bad spec exits 2 before any work, names its path, writes nothing', () => {
  it.each(BAD.filter(([what]) => CLI_CASES.has(what)))('%s', (_what, spec, path) => {
    const r = fluxion({ 'bad.json': spec }, ['run', 'bad.json', '--out', 'out'])
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toContain(`bad.json: ${path}`)
    expect(r.stderr).not.toMatch(/TypeError|RangeError|at .*\.ts:\d+/)
    expect(r.written).toEqual([])
  })

  it('without --out, a traversing name writes nothing outside (or inside) runs/', () => {
    const r = fluxion({ 'bad.json': { ...BASE, name: '../../../outside' } }, ['run', 'bad.json'])
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toContain('bad.json: name: expected a name without path separators')
    expect(r.written).toEqual([])
  })
})

describe('fluxion compare', () => {
  it('rejects two specs of the same name up front (exit 2, nothing written)', () => {
    const r = fluxion({ 'a.json': BASE, 'b.json': BASE }, ['compare', 'a.json', 'b.json', '--out', 'cmp'])
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toContain('b.json: name: "t" is also the name of a.json')
    expect(r.written).toEqual([])
  })

  it('rejects a traversing name in any of its specs', () => {
    const r = fluxion({ 'a.json': BASE, 'b.json': { ...BASE, name: '../escape' } }, ['compare', 'a.json', 'b.json'])
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toContain('b.json: name: expected a name without path separators')
    expect(r.written).toEqual([])
  })
})
