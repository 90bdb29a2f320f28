/**
 * Passes over the IR: dead-code elimination and common-subexpression
 * elimination. Both keep the program's meaning bit for bit: DCE only drops
 * equations whose results reach no output, and CSE only merges equations that
 * apply the same primitive, with equal parameters, to the same variables (every
 * primitive is a pure function of its inputs and parameters; the PRNG is
 * counter-based, so even random bits are).
 *
 * @since 0.4.0
 */
import type { Eqn, Jaxpr, Var } from './ir.js'
import { ClosedJaxpr, withParts } from './ir.js'
import { ConcreteTensor } from '../tensor/tensor.js'

/** The exact bits of a small tensor (NaN payloads and -0 included). */
const bitsKey = (c: ConcreteTensor): string => {
  const b = c.buffer
  return Array.from(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).join('.')
}

/** Drop equations (and constants) that no output depends on. @category combinators */
export const dce = (j: Jaxpr): ClosedJaxpr => {
  const live = new Set<Var>(j.outVars)
  const kept: Eqn[] = []
  for (let k = j.eqns.length - 1; k >= 0; k--) {
    const e = j.eqns[k]!
    if (!live.has(e.out)) continue
    kept.push(e)
    for (const v of e.inputs) live.add(v)
  }
  kept.reverse()
  const ci = j.constVars.map((v, i) => i).filter((i) => live.has(j.constVars[i]!))
  return withParts(j, { eqns: kept, constVars: ci.map((i) => j.constVars[i]!), consts: ci.map((i) => j.consts[i]!) })
}

/** A key for parameters: equal keys mean equal parameters (plain data: numbers, strings, arrays, objects). */
const paramKey = (p: unknown): string =>
  JSON.stringify(p, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `#${String(v)}` : Object.is(v, -0) ? '#-0' : v))

/** Merge equations that compute the same thing (same primitive, params and inputs). @category combinators */
export const cse = (j: Jaxpr): ClosedJaxpr => {
  const rename = new Map<Var, Var>()
  const seen = new Map<string, Var>()
  const ids = new Map<Var, number>()
  const idOf = (v: Var): number => ids.get(v) ?? v.id
  const eqns: Eqn[] = []
  // constants holding the same tensor, or small concrete tensors with the same bits, are one value
  const constOf = new Map<unknown, Var>()
  j.constVars.forEach((v, i) => {
    const c = j.consts[i]!
    const k = c instanceof ConcreteTensor && c.size <= 64 ? `${c.dtype}|${c.shape.join(',')}|${bitsKey(c)}` : c
    const prev = constOf.get(k)
    if (prev !== undefined) rename.set(v, prev)
    else constOf.set(k, v)
  })
  const sub = (v: Var): Var => rename.get(v) ?? v
  for (const e of j.eqns) {
    const inputs = e.inputs.map(sub)
    let key: string | null = null
    try {
      key = `${e.prim.name}|${inputs.map(idOf).join(',')}|${paramKey(e.params)}`
    } catch {
      key = null // parameters that are not plain data: never merged
    }
    const prev = key === null ? undefined : seen.get(key)
    if (prev !== undefined) {
      rename.set(e.out, prev)
      continue
    }
    if (key !== null) seen.set(key, e.out)
    eqns.push(inputs.every((v, i) => v === e.inputs[i]) ? e : { ...e, inputs })
  }
  const keptConsts = j.constVars.map((_, i) => i).filter((i) => !rename.has(j.constVars[i]!))
  return new ClosedJaxpr(j.inVars, keptConsts.map((i) => j.constVars[i]!), keptConsts.map((i) => j.consts[i]!), eqns,
    j.outVars.map(sub))
}

/** The default pipeline: CSE, then DCE. @category combinators */
export const simplify = (j: Jaxpr): ClosedJaxpr => dce(cse(j))
