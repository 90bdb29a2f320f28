/**
 * `experiment`: seeded experiments you can replay and resume exactly.
 *
 * A spec (JSON, decoded with io-ts) says what to train; `run(spec)` is the
 * training run as a pure fold over steps; checkpoints hold the parameters and
 * optimizer state as safetensors plus a JSON sidecar. Imported as
 * `fluxion/experiment`, or as the `experiment` namespace of `fluxion` in Node.
 * `saveCheckpoint`, `loadCheckpoint`, `saveFile` and `loadFile` touch files;
 * charts need the optional packages vega and vega-lite (and @resvg/resvg-js for
 * PNG files), loaded on first use, with an error naming them when missing.
 * Running, resuming and verifying a run in a directory (locks, metrics log,
 * fallback) is `experiment/io-session.ts`, which the CLI uses.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeSpec } from 'fluxion/experiment'
 * const spec = decodeSpec({ nope: true })          // Either<string[], Spec>: every problem, by path
 * assert.equal(spec._tag, 'Left')
 * ```
 *
 * @module fluxion/experiment
 * @since 0.1.0
 */
export {
  Spec, decodeSpec, compareProblems, unsafeName, MAX_TENSOR_ELEMENTS, MAX_PARAMETERS, MAX_STEPS, MAX_LAYERS, MAX_NAME_LENGTH, MAX_SPEC_DEPTH,
  type DataSpec, type ModelSpec, type InitSpec, type TransformSpec, type ScheduleSpec, type MaskSpec,
} from './spec.js'
export { transformCatalogue, scheduleCatalogue, aliasCatalogue, transformExamples } from './catalogue-optim.js'
export { dataCatalogue, initializerCatalogue, namedInitializers, lossCatalogue } from './catalogue-model.js'
export { prepare, initParams, buildTransform, buildOptimizer, buildSchedule, buildInitializer, buildMask, learningRateAt, type Prepared, type BuiltOptimizer } from './build.js'
export { run, start, advance, evaluate, evaluatesAt, batchFor, diffStates, diffRecords, type RunState, type RunResult, type RunHooks, type StepRecord, type EvalRecord } from './run.js'
export { toCheckpoint, fromCheckpoint, canonicalJson, currentBackend, Sidecar, CHECKPOINT_FORMAT, type CheckpointPayload, type Restored, type BackendName } from './checkpoint.js'
export { saveCheckpoint, loadCheckpoint, readCheckpoint, listCheckpoints, CHECKPOINTS_DIR, CHECKPOINT_TENSORS, CHECKPOINT_SIDECAR, type LoadedCheckpoint } from './io-checkpoint.js'
export { encodeSafetensors, decodeSafetensors, checksum, type Safetensors } from './safetensors.js'
export { saveFile, loadFile } from './io-params.js'
export { MissingPeerError, EXPERIMENT_PEERS } from './peers.js'
export * as plot from './plot.js'
export * as report from './report.js'
export { decodeSweep, sweepOf, type Sweep, type SweepRun, type Axis, type AxisValue } from './sweep.js'
export { runSweep, collectResults, writeSweepOutputs, type SweepOptions, type SweepOutcome, type SweepEvent } from './sweep-run.js'
export { dirStore, runStatus, type ResultStore, type RunStatus } from './sweep-store.js'
export type { SweepResult } from './sweep-report.js'

/**
 * Sweeps on a BullMQ queue: `submitSweep` and `startWorker` of
 * `sweep-queue.ts`, loaded on first use (BullMQ and its Redis client load
 * only when a queue is used).
 * @example
 * const q = await experiment.queue()
 * const target = q.parseQueueUrl('redis://127.0.0.1:6379/0')
 */
import { optionalPeer } from './peers.js'
export const queue = (): Promise<typeof import('./sweep-queue.js')> => optionalPeer('bullmq', () => import('./sweep-queue.js'))
