/**
 * `experiment`: seeded experiments you can replay and resume exactly.
 *
 * A spec (JSON, decoded with io-ts) says what to train; `run(spec)` is the
 * training run as a pure fold over steps; checkpoints hold the parameters and
 * optimizer state as safetensors plus a JSON sidecar. `saveCheckpoint` and
 * `loadCheckpoint` touch files and so run in Node only; the rest also runs in
 * a browser. Running, resuming and verifying a run in a directory (locks,
 * metrics log, fallback) is `experiment/io-session.ts`, which the CLI uses.
 *
 * @example
 * import { experiment } from 'fluxion'
 * const spec = experiment.decodeSpec(json)            // Either<string[], Spec>
 * if (spec._tag === 'Right') experiment.run(spec.right).history
 *
 * @since 0.1.0
 */
export { Spec, decodeSpec, type DataSpec, type ModelSpec, type InitSpec, type TransformSpec, type ScheduleSpec, type MaskSpec } from './spec.js'
export { prepare, initParams, buildTransform, buildSchedule, buildInitializer, buildMask, learningRateAt, type Prepared } from './build.js'
export { run, start, advance, evaluate, evaluatesAt, batchFor, diffStates, diffRecords, type RunState, type RunResult, type RunHooks, type StepRecord, type EvalRecord } from './run.js'
export { toCheckpoint, fromCheckpoint, canonicalJson, currentBackend, Sidecar, CHECKPOINT_FORMAT, type CheckpointPayload, type Restored, type BackendName } from './checkpoint.js'
export { saveCheckpoint, loadCheckpoint, readCheckpoint, listCheckpoints, CHECKPOINTS_DIR, CHECKPOINT_TENSORS, CHECKPOINT_SIDECAR, type LoadedCheckpoint } from './io-checkpoint.js'
export { encodeSafetensors, decodeSafetensors, checksum, type Safetensors } from './safetensors.js'
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
export const queue = (): Promise<typeof import('./sweep-queue.js')> => import('./sweep-queue.js')
