import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ensureDir,
  ensureDirSync,
  readBytes,
  readJson,
  readJsonSync,
  writeFileAtomic,
  writeFileAtomicSync,
  writeJsonAtomic,
  writeJsonAtomicSync,
} from '../src/experiment/io.js'
import { markdownTable, renderReport, renderSection, toCsv } from '../src/experiment/report.js'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fluxion-io-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

let dir = ''
let n = 0
beforeEach(() => {
  dir = path.join(root, `case-${n++}`)
  fs.mkdirSync(dir)
})

const ls = (d: string): string[] => fs.readdirSync(d).sort()

describe('writeFileAtomic', () => {
  it('writes text, bytes and chunks, and leaves no temp file', async () => {
    const p = path.join(dir, 'a.txt')
    await writeFileAtomic(p, 'héllo\n')
    expect(fs.readFileSync(p, 'utf8')).toBe('héllo\n')
    await writeFileAtomic(p, new Uint8Array([1, 2, 3]))
    expect([...fs.readFileSync(p)]).toEqual([1, 2, 3])
    await writeFileAtomic(p, ['a', new Uint8Array([0x62]), 'c'])
    expect(fs.readFileSync(p, 'utf8')).toBe('abc')
    expect(ls(dir)).toEqual(['a.txt'])
  })

  it('the sync form does the same', () => {
    const p = path.join(dir, 'a.bin')
    writeFileAtomicSync(p, 'x')
    writeFileAtomicSync(p, ['y', 'z'])
    expect(fs.readFileSync(p, 'utf8')).toBe('yz')
    expect(ls(dir)).toEqual(['a.bin'])
  })

  it('keeps the old content and removes the temp file when the data throws midway', async () => {
    const p = path.join(dir, 'metrics.csv')
    fs.writeFileSync(p, 'old content\n')
    function* failing(): Generator<string> {
      yield 'step,loss\n'
      yield '0,1\n'
      throw new Error('diverged while serialising')
    }
    await expect(writeFileAtomic(p, failing())).rejects.toThrow('diverged while serialising')
    expect(fs.readFileSync(p, 'utf8')).toBe('old content\n')
    expect(ls(dir)).toEqual(['metrics.csv'])
    expect(() => writeFileAtomicSync(p, failing())).toThrow('diverged while serialising')
    expect(fs.readFileSync(p, 'utf8')).toBe('old content\n')
    expect(ls(dir)).toEqual(['metrics.csv'])
  })

  it('keeps the old content and removes the temp file when the rename fails', async () => {
    // the target is a non-empty directory: the temp file is written, then rename fails
    const p = path.join(dir, 'target')
    fs.mkdirSync(p)
    fs.writeFileSync(path.join(p, 'keep.txt'), 'keep')
    await expect(writeFileAtomic(p, 'new')).rejects.toThrow()
    expect(ls(dir)).toEqual(['target'])
    expect(fs.readFileSync(path.join(p, 'keep.txt'), 'utf8')).toBe('keep')
    expect(() => writeFileAtomicSync(p, 'new')).toThrow()
    expect(ls(dir)).toEqual(['target'])
  })

  it('fails cleanly when the directory is a file', async () => {
    const f = path.join(dir, 'file')
    fs.writeFileSync(f, 'I am a file')
    await expect(writeFileAtomic(path.join(f, 'x.json'), '{}')).rejects.toThrow(/ENOTDIR/)
    expect(() => writeFileAtomicSync(path.join(f, 'x.json'), '{}')).toThrow(/ENOTDIR/)
    expect(ls(dir)).toEqual(['file'])
    expect(fs.readFileSync(f, 'utf8')).toBe('I am a file')
  })
})

describe('writeJsonAtomic / readJson', () => {
  const Spec = t.type({ name: t.string, optimizer: t.type({ lr: t.number, kind: t.union([t.literal('sgd'), t.literal('adam')]) }) })

  it('round-trips JSON, indented with a final newline', async () => {
    const p = path.join(dir, 'spec.json')
    const v = { name: 'run', optimizer: { lr: 0.1, kind: 'adam' as const } }
    await writeJsonAtomic(p, v)
    expect(fs.readFileSync(p, 'utf8')).toBe(`${JSON.stringify(v, null, 2)}\n`)
    expect(await readJson(p, Spec)).toEqual(E.right(v))
    expect(await readJson(p)).toEqual(E.right(v))
    writeJsonAtomicSync(p, [1, 2], { space: 0 })
    expect(fs.readFileSync(p, 'utf8')).toBe('[1,2]\n')
    expect(readJsonSync(p)).toEqual(E.right([1, 2]))
  })

  it('a value JSON cannot hold leaves the old file intact and no temp file', async () => {
    const p = path.join(dir, 'state.json')
    fs.writeFileSync(p, '{"step": 1}\n')
    await expect(writeJsonAtomic(p, { step: 2n })).rejects.toThrow(/BigInt/)
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(() => writeJsonAtomicSync(p, cyclic)).toThrow(/circular/)
    await expect(writeJsonAtomic(p, undefined)).rejects.toThrow(/no JSON form/)
    expect(fs.readFileSync(p, 'utf8')).toBe('{"step": 1}\n')
    expect(ls(dir)).toEqual(['state.json'])
  })

  it('reports a missing file, bad JSON, and every codec error with its path', async () => {
    const missing = await readJson(path.join(dir, 'nope.json'))
    expect(E.isLeft(missing) && missing.left[0]).toMatch(/nope\.json: cannot read: .*ENOENT/)

    const bad = path.join(dir, 'bad.json')
    fs.writeFileSync(bad, '{"a": 1,,}')
    const r1 = readJsonSync(bad)
    expect(E.isLeft(r1) && r1.left[0]).toMatch(/bad\.json: invalid JSON/)

    const wrong = path.join(dir, 'wrong.json')
    fs.writeFileSync(wrong, JSON.stringify({ name: 3, optimizer: { lr: 'fast', kind: 'lbfgs' } }))
    const r2 = await readJson(wrong, Spec)
    expect(E.isLeft(r2)).toBe(true)
    const msgs = E.isLeft(r2) ? r2.left : []
    expect(msgs.some((m) => m.includes('wrong.json: name: expected string, got 3'))).toBe(true)
    expect(msgs.some((m) => m.includes('optimizer.lr: expected number, got "fast"'))).toBe(true)
    // union members are reported at the field's path, not at a member index
    expect(msgs.filter((m) => m.includes('optimizer.kind: expected'))).toHaveLength(2)
    expect(msgs.every((m) => !m.includes('[0]') && !m.includes('[1]'))).toBe(true)
  })
})

describe('ensureDir / readBytes', () => {
  it('creates nested directories and accepts existing ones', async () => {
    const d = path.join(dir, 'a', 'b', 'c')
    await ensureDir(d)
    await ensureDir(d)
    ensureDirSync(d)
    expect(fs.statSync(d).isDirectory()).toBe(true)
  })

  it('reads bytes as an Either', async () => {
    const p = path.join(dir, 'x.bin')
    fs.writeFileSync(p, Buffer.from([9, 8, 7]))
    const r = await readBytes(p)
    expect(E.isRight(r) && [...r.right]).toEqual([9, 8, 7])
    expect(E.isLeft(await readBytes(path.join(dir, 'missing.bin')))).toBe(true)
  })
})

describe('report', () => {
  it('toCsv: fixed column order, full precision, quoting, missing cells', () => {
    const rows = [
      { step: 0, loss: 0.1 + 0.2, opt: 'adam' },
      { step: 1, loss: Number.NaN, acc: 1 / 3 },
      { step: 2, loss: -Infinity, opt: 'say "hi", then\nleave' },
    ]
    expect(toCsv(rows)).toBe(
      'step,loss,opt,acc\n0,0.30000000000000004,adam,\n1,NaN,,0.3333333333333333\n2,-Infinity,"say ""hi"", then\nleave",\n',
    )
    expect(toCsv(rows, ['acc', 'step'])).toBe('acc,step\n,0\n0.3333333333333333,1\n,2\n')
    expect(toCsv([])).toBe('\n')
    // every float64 reads back exactly
    const xs = [Math.PI, 1e-310, 2 ** 53 + 2, -0.1, 1 / 7]
    const back = toCsv(xs.map((x) => ({ x })))
      .trim()
      .split('\n')
      .slice(1)
      .map(Number)
    expect(back).toEqual(xs)
  })

  it('renderReport: title, sections, images and tables in order', () => {
    const md = renderReport({
      title: 'Optimizers\non spirals',
      text: 'Seeded, replayable.',
      sections: [
        { title: 'Loss', text: 'Adam is fastest.', images: [{ path: 'loss.png', alt: 'loss [log]' }, { path: 'my plots/a.png', alt: 'a' }] },
        { title: 'Accuracy', tables: [{ header: ['optimizer', 'accuracy'], rows: [['sgd | momentum', 0.91], ['adam', 0.95]] }] },
      ],
    })
    expect(md).toBe(
      [
        '# Optimizers on spirals',
        '',
        'Seeded, replayable.',
        '',
        '## Loss',
        '',
        'Adam is fastest.',
        '',
        '![loss \\[log\\]](loss.png)',
        '',
        '![a](<my plots/a.png>)',
        '',
        '## Accuracy',
        '',
        '| optimizer | accuracy |',
        '| --- | ---: |',
        '| sgd \\| momentum | 0.91 |',
        '| adam | 0.95 |',
        '',
      ].join('\n'),
    )
    expect(renderSection({ title: 'Empty' })).toBe('## Empty')
    expect(() => markdownTable({ header: ['a', 'b'], rows: [[1]] })).toThrow(/row 0 has 1 cells, the header has 2/)
  })
})
