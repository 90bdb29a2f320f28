/**
 * Reproducible experiments: run a seeded spec, checkpoint it half-way,
 * resume from the checkpoint, and verify that the resumed run is bit for bit
 * the uninterrupted one — the same guarantee `fluxion run/resume/verify` give
 * on the command line, checked with the same comparison (`diffStates`,
 * `diffRecords`) that `fluxion verify` uses.
 *
 * Run: npx tsx examples/reproducible.ts
 */
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { experiment } from '../src/node.js'

export const SPEC = {
  name: 'reproducible', seed: 42,
  data: { kind: 'spirals', nPerClass: 50, classes: 3 },
  model: { kind: 'mlp', hidden: [32, 32], activation: 'relu' },
  optimizer: { chain: [{ clipByGlobalNorm: { maxNorm: 1 } }, { adam: { learningRate: 0.01 } }] },
  steps: 60, batchSize: 32, evalEvery: 20,
}

export const main = async ({ dir = mkdtempSync(join(tmpdir(), 'fluxion-repro-')), log = console.log } = {}) => {
  const decoded = experiment.decodeSpec(SPEC)
  if (E.isLeft(decoded)) throw new Error(decoded.left.join('\n'))
  const spec = decoded.right

  const whole = experiment.run(spec)                               // the uninterrupted run
  const firstHalf = experiment.run(spec, { until: 30 })            // stop at step 30 ...
  await experiment.saveCheckpoint(dir, spec, firstHalf.state)      // ... checkpoint ...
  const loaded = await experiment.loadCheckpoint(dir)              // ... and later, maybe in another process, resume
  if (E.isLeft(loaded)) throw new Error(loaded.left.join('\n'))
  const secondHalf = experiment.run(loaded.right.spec, {}, loaded.right.state)

  const differences = [
    ...experiment.diffStates(whole.state, secondHalf.state),
    ...experiment.diffRecords('history', whole.history, [...firstHalf.history, ...secondHalf.history]),
    ...experiment.diffRecords('evaluations', whole.evals, [...firstHalf.evals, ...secondHalf.evals]),
  ]
  const identical = differences.length === 0
  log(`final loss ${whole.history.at(-1)!.loss.toFixed(6)}; resumed run identical: ${identical} (checkpoint in ${dir})`)
  for (const d of differences) log(`  ${d}`)
  return { identical, differences, losses: whole.history.map((h) => h.loss) }
}

if (import.meta.url === `file://${process.argv[1]}`) void main()
