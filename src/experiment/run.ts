/**
 * The training run as a pure fold over steps.
 *
 * `start(spec)` gives the state before step 0; `advance(prepared, state)`
 * takes one minibatch step and returns the next state and that step's record;
 * `run(spec)` folds `advance` to the end. A state is a value (parameters,
 * optimizer state, step): the same spec gives bit-identical histories and
 * parameters, in one process or two, and a run resumed from a saved state goes
 * on exactly as the uninterrupted one.
 *
 * The batch for step s is batch (s mod stepsPerEpoch) of epoch
 * ⌊s / stepsPerEpoch⌋, shuffled with `foldIn(batchKey, epoch)`: nothing but the
 * step number decides what a step sees.
 *
 * @example
 * const result = run(spec)                     // { history, evals, state, diverged }
 * result.history.at(-1)?.loss
 *
 * @since 0.1.0
 */
import * as D from '../data/index.js'
import { valueAndGrad } from '../ad/api.js'
import * as nn from '../nn/index.js'
import * as O from '../optim/index.js'
import { Tensor } from '../tensor/tensor.js'
import * as tree from '../tree/index.js'
import { initParams, prepare, type Prepared } from './build.js'
import type { Spec } from './spec.js'

// ---- model ----

/** What one step did. @category model */
export interface StepRecord {
  readonly step: number
  readonly epoch: number
  readonly loss: number
  /** Accuracy on the step's minibatch (classification only). */
  readonly accuracy: number | null
  readonly gradNorm: number
  readonly learningRate: number
}

/** Metrics on the full train and test sets after a step. @category model */
export interface EvalRecord {
  readonly step: number
  readonly trainLoss: number
  readonly testLoss: number
  readonly trainAccuracy: number | null
  readonly testAccuracy: number | null
}

/** The state between steps: everything the next step depends on. @category model */
export interface RunState {
  /** Steps taken so far. */
  readonly step: number
  readonly opt: O.OptState<nn.MlpParams, unknown>
}

export interface RunHooks {
  /** Called after every step with its record. */
  readonly onStep?: (record: StepRecord, state: RunState) => void
  /** Called after every evaluation. */
  readonly onEval?: (record: EvalRecord, state: RunState) => void
  /** Stop after this many steps in total (for resuming in parts); default: the spec's length. */
  readonly until?: number
}

/** The outcome of a run. @category model */
export interface RunResult {
  readonly spec: Spec
  readonly history: ReadonlyArray<StepRecord>
  readonly evals: ReadonlyArray<EvalRecord>
  readonly state: RunState
  /** Set when the loss became NaN or infinite: the step, and the last finite state. */
  readonly diverged: { readonly step: number; readonly loss: number } | null
}

// ---- the fold ----

const lossOptions = (p: Prepared): nn.MlpLossOptions => ({ loss: p.lossName, activation: p.activation })

/** The state before step 0. @category constructors */
export const start = (p: Prepared): RunState => {
  const opt = O.optimizer(p.transform).init(initParams(p) as never) as O.OptState<nn.MlpParams, unknown>
  return { step: 0, opt }
}

/** The minibatch step `step` sees. @category utils */
export const batchFor = (p: Prepared, step: number): D.Dataset => {
  const epoch = Math.floor(step / p.stepsPerEpoch)
  const i = step % p.stepsPerEpoch
  return D.subset(p.train, p.epochBatches(epoch)[i]!)
}

const accuracyOf = (p: Prepared, params: nn.MlpParams, d: D.Dataset): number | null =>
  p.numClasses === null || p.lossName === 'sigmoidBinaryCrossEntropy'
    ? null
    : nn.accuracy(nn.mlp.apply(params, d.x, { activation: p.activation }), d.y).item()

/** One step of the fold: the next state and what the step did. Pure. @category combinators */
export const advance = (p: Prepared, state: RunState): [RunState, StepRecord] => {
  const batch = batchFor(p, state.step)
  const f = nn.mlp.lossFn(lossOptions(p))
  const [loss, grads] = valueAndGrad(f)(state.opt.params, batch)
  const lossFn = (params: O.Params) => f(params as nn.MlpParams, batch)
  const opt = O.optimizer(p.transform).step(state.opt as never, grads as never, { loss: lossFn } as never) as RunState['opt']
  const record: StepRecord = {
    step: state.step,
    epoch: Math.floor(state.step / p.stepsPerEpoch),
    loss: (loss as Tensor).item(),
    accuracy: accuracyOf(p, state.opt.params, batch),
    gradNorm: O.globalNorm(grads as never).item(),
    learningRate: p.learningRate(state.opt.inner),
  }
  return [{ step: state.step + 1, opt }, record]
}

/** Loss and accuracy on the full train and test sets. @category utils */
export const evaluate = (p: Prepared, state: RunState): EvalRecord => {
  const f = nn.mlp.lossFn(lossOptions(p))
  const params = state.opt.params
  return {
    step: state.step,
    trainLoss: f(params, p.train).item(),
    testLoss: f(params, p.test).item(),
    trainAccuracy: accuracyOf(p, params, p.train),
    testAccuracy: accuracyOf(p, params, p.test),
  }
}

/**
 * Whether the state after `step` steps is evaluated: every `evalEvery` steps
 * and after the spec's last step, whatever `until` a run stops at, so the
 * evaluation history does not depend on where a run was paused or resumed.
 * @category utils
 */
export const evaluatesAt = (p: Prepared, step: number): boolean => {
  const every = p.spec.evalEvery ?? 0
  return (every > 0 && step % every === 0) || step === p.totalSteps
}

/**
 * Fold `advance` from `from` (default: the start) to the end of the spec (or
 * `hooks.until`), evaluating where `evaluatesAt` says (every `evalEvery`
 * steps and after the spec's last step; stopping early at `until` adds no
 * evaluation). Stops at the first non-finite loss: `state` is then the state
 * whose loss was not finite (its step is `diverged.step`), and `history` ends
 * with the last finite step.
 * @category combinators
 */
export const run = (spec: Spec, hooks: RunHooks = {}, from?: RunState, prepared?: Prepared): RunResult => {
  const p = prepared ?? prepare(spec)
  const end = Math.min(hooks.until ?? p.totalSteps, p.totalSteps)
  const history: StepRecord[] = []
  const evals: EvalRecord[] = []
  let state = from ?? start(p)
  while (state.step < end) {
    const [next, rec] = advance(p, state)
    if (!Number.isFinite(rec.loss)) return { spec, history, evals, state, diverged: { step: rec.step, loss: rec.loss } }
    history.push(rec)
    hooks.onStep?.(rec, next)
    state = next
    if (evaluatesAt(p, state.step)) {
      const e = evaluate(p, state)
      evals.push(e)
      hooks.onEval?.(e, state)
    }
  }
  return { spec, history, evals, state, diverged: null }
}

// ---- comparing runs ----

const sameLeaf = (a: unknown, b: unknown): boolean => {
  if (a instanceof Tensor && b instanceof Tensor) {
    if (a.dtype !== b.dtype || a.shape.join(',') !== b.shape.join(',')) return false
    const x = a.data()
    const y = b.data()
    return x.length === y.length && x.every((v, i) => Object.is(v, y[i]))
  }
  return typeof a === 'function' || Object.is(a, b)
}

/**
 * Where two states differ bit for bit (parameters, optimizer state, step and
 * count), one message per differing leaf; empty when they are identical.
 * `Object.is` decides, so NaN equals NaN and 0 differs from -0.
 * @category utils
 */
export const diffStates = (expected: RunState, got: RunState): string[] => {
  const out: string[] = []
  if (expected.step !== got.step) out.push(`step: ${expected.step} vs ${got.step}`)
  if (expected.opt.count !== got.opt.count) out.push(`optimizer count: ${expected.opt.count} vs ${got.opt.count}`)
  const compare = (what: string, a: unknown, b: unknown): void => {
    const la = tree.leaves(a as tree.PyTree<unknown>)
    const lb = tree.leaves(b as tree.PyTree<unknown>)
    const paths = tree.paths(a)
    if (la.length !== lb.length) return void out.push(`${what}: ${la.length} leaves vs ${lb.length}`)
    la.forEach((x, i) => {
      if (!sameLeaf(x, lb[i])) out.push(`${what} at ${paths[i] || '(root)'} differ`)
    })
  }
  compare('parameters', expected.opt.params, got.opt.params)
  compare('optimizer state', expected.opt.inner, got.opt.inner)
  return out
}

/**
 * Where a recorded history differs from the expected one, matched by step
 * number (not by position): a step missing from `got`, or any field that is
 * not the same bits. Records of `got` at steps `expected` does not have are
 * ignored (a log may run past the checkpoint it is compared at).
 * @category utils
 */
export const diffRecords = <R extends { readonly step: number }>(what: string, expected: ReadonlyArray<R>, got: ReadonlyArray<R>): string[] => {
  const byStep = new Map(got.map((r) => [r.step, r]))
  const out: string[] = []
  const missing: number[] = []
  for (const e of expected) {
    const g = byStep.get(e.step)
    if (g === undefined) {
      missing.push(e.step)
      continue
    }
    for (const k of Object.keys(e) as Array<keyof R & string>)
      if (!Object.is(e[k], g[k])) out.push(`${what}: ${k} at step ${e.step} differs (${String(e[k])} vs ${String(g[k])})`)
  }
  if (missing.length > 0)
    out.unshift(`${what}: ${missing.length} step(s) missing (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''})`)
  return out
}
