/**
 * Laws of `jit`, checked for every registered primitive.
 *
 * For each primitive's case in `laws/ad.ts` (a small function binding it, and
 * an input generator), over fast-check inputs with the fixed `SEED`, in
 * float64 and again with the inputs cast to float32:
 *
 * - `jit(fn)` gives the bits of `fn` run eagerly (same kernels, same order);
 * - the shape rule agrees with the kernel: every output of the jitted program
 *   has the shape and dtype the IR says, and those of the eager result;
 * - the IR binds the primitive (so the case really goes through the tracer);
 * - `jit(jvp(fn))` gives the bits of `jvp(fn)` and `jit(vjp(fn))` those of
 *   `vjp(fn)` (a traced derivative is the same program);
 * - `jvp(jit(fn))` gives the bits of `jvp(fn)`: forward mode through the IR.
 *
 * Failures name the primitive. A registered primitive without a case fails
 * through `checkPrimitiveCoverage` (laws/ad.ts).
 *
 * @since 0.4.0
 */
import fc from 'fast-check'
import { cast, jit, jvp, makeJaxpr, vjp } from '../src/ad/index.js'
import { primitives } from '../src/ad/core.js'
import { isFloat } from '../src/tensor/dtype.js'
import { fromBuffer, Tensor } from '../src/tensor/tensor.js'
import * as tree from '../src/tree/index.js'
import { primitiveCases, type AdFn } from './ad.js'
import { SEED } from './approx.js'

// ---- helpers ----

const leavesOf = (t: unknown): Tensor[] => tree.leaves(t as tree.PyTree<unknown>).filter((l): l is Tensor => l instanceof Tensor)

/** Same shapes, dtypes and bits (NaNs equal by bit pattern of the typed array values). */
const sameBits = (a: ReadonlyArray<Tensor>, b: ReadonlyArray<Tensor>): string | null => {
  if (a.length !== b.length) return `${a.length} leaves vs ${b.length}`
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x.dtype !== y.dtype || x.shape.join() !== y.shape.join())
      return `leaf ${i}: ${x.dtype}[${x.shape.join(',')}] vs ${y.dtype}[${y.shape.join(',')}]`
    const xs = x.data()
    const ys = y.data()
    for (let k = 0; k < xs.length; k++)
      if (!Object.is(xs[k], ys[k]) && !(Number.isNaN(xs[k]) && Number.isNaN(ys[k]))) return `leaf ${i}, element ${k}: ${xs[k]} vs ${ys[k]}`
  }
  return null
}

/** A fixed direction shaped like `like` (float32 for a non-float leaf). */
const direction = (like: Tensor, salt: number): Tensor => {
  const buf = new Float64Array(like.size)
  for (let i = 0; i < buf.length; i++) buf[i] = Math.sin(1 + i * 0.7 + salt)
  return cast(fromF64(buf, like.shape), isFloat(like.dtype) ? like.dtype : 'float32')
}

// ---- laws ----

/** The jit laws for one function at one input; returns the failed law's description, or null. */
export const jitLaws = (fn: AdFn, inputs: ReadonlyArray<Tensor>, prim?: string): string | null => {
  let want: Tensor[]
  try {
    want = leavesOf(fn(...inputs))
  } catch (e) {
    // the eager function refuses these inputs: jit must refuse them too
    let threw = false
    try {
      jit(fn)(...inputs)
    } catch {
      threw = true
    }
    return threw ? null : `eager threw (${(e as Error).message}) but jit did not`
  }
  const ir = makeJaxpr(fn)(...inputs)
  if (prim !== undefined && !ir.eqns.some((e) => e.prim.name === prim)) return `the IR does not bind ${prim}:\n${String(ir)}`
  const got = leavesOf(jit(fn)(...inputs))
  const d = sameBits(got, want)
  if (d !== null) return `jit(fn) differs from fn: ${d}`
  const avals = ir.outVars.map((v) => `${v.aval.dtype}[${v.aval.shape.join(',')}]`)
  const real = want.map((w) => `${w.dtype}[${w.shape.join(',')}]`)
  if (avals.join(' ') !== real.join(' ')) return `the shape rule says ${avals.join(' ')}, the kernel gives ${real.join(' ')}`
  const fl = inputs.map((x, i) => [x, i] as const).filter(([x]) => isFloat(x.dtype))
  if (fl.length === 0 || !want.some((w) => isFloat(w.dtype))) return null
  const g = (...xs: Tensor[]) => fn(...inputs.map((x, i) => { const k = fl.findIndex(([, j]) => j === i); return k < 0 ? x : xs[k]! }))
  const ps = fl.map(([x]) => x)
  const ts = ps.map((p, i) => direction(p, i))
  const jv = (...a: Tensor[]) => jvp(g, a.slice(0, ps.length), a.slice(ps.length))
  const dj = sameBits(leavesOf(jit(jv)(...ps, ...ts)), leavesOf(jv(...ps, ...ts)))
  if (dj !== null) return `jit(jvp(fn)) differs from jvp(fn): ${dj}`
  const dj2 = sameBits(leavesOf(jvp(jit(g), ps, ts)), leavesOf(jvp(g, ps, ts)))
  if (dj2 !== null) return `jvp(jit(fn)) differs from jvp(fn): ${dj2}`
  const cts = want.map((w, i) => direction(w, 10 + i))
  const vj = (...a: Tensor[]) => {
    const [out, pb] = vjp(g, ...a)
    const [, odef] = tree.flatten(out as tree.PyTree<unknown>)
    return pb(tree.unflatten(odef, cts.map((c, i) => (isFloat(want[i]!.dtype) ? c : want[i]!))) as never)
  }
  const dv = sameBits(leavesOf(jit(vj)(...ps)), leavesOf(vj(...ps)))
  if (dv !== null) return `jit(vjp(fn)) differs from vjp(fn): ${dv}`
  return null
}

const fromF64 = (buf: Float64Array, shape: ReadonlyArray<number>): Tensor => fromBuffer(buf, shape.slice(), 'float64')

/** The inputs with floats cast to float32 (a second dtype for the same case). */
const asF32 = (xs: ReadonlyArray<Tensor>): Tensor[] => xs.map((x) => (x.dtype === 'float64' ? cast(x, 'float32') : x))

// ---- runners ----

export interface JitRunOptions {
  /** fast-check runs per case (default 4). */
  readonly numRuns?: number
}

/** Check the jit laws for the named primitives (default: every registered one), over their cases in laws/ad.ts. */
export const checkPrimitiveJit = (names?: ReadonlyArray<string>, opts: JitRunOptions = {}): void => {
  const list = names ?? [...primitives().keys()]
  for (const name of list) {
    if (!primitives().has(name)) throw new Error(`laws/jit: ${name} is not a registered primitive`)
    const c = primitiveCases[name]
    if (c === undefined) throw new Error(`laws/jit: the registered primitive ${name} has no case in primitiveCases (laws/ad.ts); add one`)
    const details = fc.check(
      fc.property(c.arb, (inputs) => {
        for (const [dt, xs] of [['float64', inputs], ['float32', asF32(inputs)]] as const) {
          const bad = jitLaws(c.fn, xs, name)
          if (bad !== null) throw new Error(`primitive ${name} (${dt} inputs): ${bad}`)
        }
      }),
      { seed: SEED, numRuns: opts.numRuns ?? 4, endOnFailure: true },
    )
    if (details.failed) {
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
      throw new Error(`laws/jit: ${cause}\n${fc.defaultReportMessage(details) ?? ''}`)
    }
  }
}
