/**
 * The README's code runs: every ```ts block is written to a temporary module
 * (with `from 'fluxion'` pointing at the sources' Node entry) and imported. The blocks
 * assert their own results with node:assert.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const dir = join(root, 'test', '.readme-tmp')
const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)

describe('README code blocks', () => {
  mkdirSync(dir, { recursive: true })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  it('has code to run', () => expect(blocks.length).toBeGreaterThan(2))
  it('type-checks', () => {
    blocks.forEach((code, i) => writeFileSync(join(dir, `check-${i + 1}.ts`), code.replaceAll("from 'fluxion'", "from '../../src/node.js'")))
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '../..' }, include: ['check-*.ts'] }))
    // throws with tsc's messages when a block does not type-check
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' })
  })
  blocks.forEach((code, i) => {
    it(`block ${i + 1} runs`, async () => {
      const file = join(dir, `block-${i + 1}.ts`)
      writeFileSync(file, code.replaceAll("from 'fluxion'", "from '../../src/node.js'"))
      await import(file)
    })
  })
})
