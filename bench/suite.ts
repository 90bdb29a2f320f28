/**
 * What a suite is. To add one (random sampling, an Adam step, the reference
 * training step, ...): write `bench/suites/<name>.ts` exporting a `Suite`, and
 * list it in `bench/suites/index.ts`. Inside, call `ctx.case(spec, impls)` once per
 * case, with one implementation per peer (or `na(reason)` for a peer that cannot
 * do it); the harness does the timing, the agreement check, the ratios, the table
 * and results.json.
 */
import type { CaseSpec, Impl, Row } from './harness.js'
import type { PeerName, Peers } from './peers.js'

export interface SuiteOptions {
  /** --quick: quarter time budgets */
  readonly quick: boolean
  /** --full: also run measurements that are skipped by default because they take minutes */
  readonly full: boolean
}

export interface SuiteContext {
  readonly peers: Peers
  readonly options: SuiteOptions
  /** Measure one case for every peer given; prints its rows and records them. */
  case(spec: Omit<CaseSpec, 'suite'>, impls: Partial<Record<PeerName, Impl>>): Promise<Row[]>
}

export interface Suite {
  /** Short name, matched by `npm run bench -- <filter>`. */
  readonly name: string
  /** One-line title for the table. */
  readonly title: string
  /** What is measured and how to read it (printed under the title, saved in results.json). */
  readonly description: string
  run(ctx: SuiteContext): Promise<void>
}
