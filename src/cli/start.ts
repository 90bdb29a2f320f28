/**
 * `fluxion start` (what `npm start` runs): the embedded default experiment
 * suite. Each study is a pure function returning its data, charts, tables and
 * prose; this writes them into one directory with `report.md`, and prints a
 * summary table.
 */
import { join } from 'node:path'
import { writeChartPng } from '../experiment/io-png.js'
import { ensureDir, writeFileAtomic, writeJsonAtomic } from '../experiment/io.js'
import { markdownTable, renderReport, type Section } from '../experiment/report.js'
import { allStudies } from '../experiment/studies/index.js'
import type { StudyResult } from '../experiment/studies/types.js'
import type { Io } from './commands.js'

const INTRO = `This report is written by \`npm start\`. Every number and plot in it comes from a seeded,
pure computation: run it again and you get the same bits. Each section is one study of the
classic material on training deep networks, built only from fluxion's public API (tensors,
\`grad\`/\`hessian\`, optax-style optimizers, JAX-compatible keys and initializers).`

export const startCommand = async (dir: string, small: boolean, io: Io): Promise<number> => {
  const results: StudyResult[] = []
  for (const study of allStudies) {
    const t0 = performance.now()
    io.log(`running ${study.name}...`)
    const r = study.run({ small })
    results.push(r)
    io.log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
  await ensureDir(dir)
  for (const r of results) for (const c of r.charts) await writeChartPng(join(dir, c.file), c.spec)
  const rows = results.flatMap((r) => Object.entries(r.metrics).map(([k, v]) => [r.title, k, Number(v.toPrecision(4))]))
  const summary = { header: ['study', 'metric', 'value'], rows }
  const sections: Section[] = [
    { title: 'Summary', tables: [summary] },
    ...results.map((r) => ({
      title: r.title,
      text: [r.summary, ...r.charts.map((c) => `![${c.caption}](${c.file})\n\n*${c.caption}*`)].join('\n\n'),
      tables: r.tables.map((t) => ({ header: t.header, rows: t.rows })),
    })),
  ]
  await writeJsonAtomic(join(dir, 'metrics.json'), Object.fromEntries(results.map((r) => [r.name, r.metrics])))
  await writeFileAtomic(join(dir, 'report.md'), renderReport({ title: 'fluxion: the default experiment suite', text: INTRO, sections }))
  io.log('')
  io.log(markdownTable(summary))
  io.log(`\nwrote ${join(dir, 'report.md')}`)
  return 0
}
