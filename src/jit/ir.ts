/**
 * The typed IR that `jit` traces a function into, and that `makeJaxpr` shows.
 *
 * A `Jaxpr` is a straight-line program in SSA form: input variables, constant
 * variables (values captured while tracing: tensors created inside the
 * function, or closed over), a list of equations, and the output atoms. Every
 * variable carries its abstract value (shape and dtype), computed by the
 * primitive's `shape` rule when the equation was traced. An equation holds the
 * `Primitive` record itself, so the interpreter, the transformations and the
 * compiler all read the rules from one place.
 *
 * ```text
 * { lambda c:f32[] ; a:f32[3] b:f32[3] . let
 *     d:f32[3] = mul a b
 *     e:f32[3] = add d c
 *   in ( e ) }
 * ```
 *
 * @since 0.4.0
 */
import type { DType, TypedArray } from '../tensor/dtype.js'
import type { Aval, Primitive } from '../ad/core.js'
import type { ConcreteTensor, Tensor } from '../tensor/tensor.js'

// ---- model ----

/** A variable of the IR: defined once, by an input, a constant or an equation. @category model */
export interface Var {
  readonly id: number
  readonly aval: Aval
}

/** One primitive application. @category model */
export interface Eqn {
  readonly prim: Primitive<never>
  readonly inputs: ReadonlyArray<Var>
  readonly out: Var
  readonly params: unknown
}

/** A traced program. `consts[i]` is the value of `constVars[i]`. @category model */
export interface Jaxpr {
  readonly inVars: ReadonlyArray<Var>
  readonly constVars: ReadonlyArray<Var>
  readonly consts: ReadonlyArray<Tensor>
  readonly eqns: ReadonlyArray<Eqn>
  readonly outVars: ReadonlyArray<Var>
}

// ---- printing ----

const SHORT: Record<DType, string> = { float32: 'f32', float64: 'f64', int32: 'i32', bool: 'bool' }

/** `f32[3,4]`. @category utils */
export const showAval = (a: Aval): string => `${SHORT[a.dtype]}[${a.shape.join(',')}]`

/** a, b, ..., z, ba, bb, ... (JAX's naming). */
const nameOf = (n: number): string => {
  let s = ''
  do {
    s = String.fromCharCode(97 + (n % 26)) + s
    n = Math.floor(n / 26)
  } while (n > 0)
  return s
}

const showParam = (v: unknown): string => {
  if (v === null || v === undefined) return String(v)
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return `(${v.map(showParam).join(',')})`
  if (typeof v === 'function') return v.name || 'fn'
  if (typeof v === 'object') {
    const keys = Object.keys(v as object)
    return `{${keys.map((k) => `${k}=${showParam((v as Record<string, unknown>)[k])}`).join(' ')}}`
  }
  return String(v)
}

/** Print a program as a jaxpr, with the shapes of every variable. @category utils */
export const showJaxpr = (j: Jaxpr): string => {
  const names = new Map<Var, string>()
  let next = 0
  const name = (v: Var): string => {
    let s = names.get(v)
    if (s === undefined) names.set(v, (s = nameOf(next++)))
    return s
  }
  const decl = (v: Var): string => `${name(v)}:${showAval(v.aval)}`
  const consts = j.constVars.map(decl).join(' ')
  const ins = j.inVars.map(decl).join(' ')
  const lines = j.eqns.map((e) => {
    const ps = e.params !== null && typeof e.params === 'object' && Object.keys(e.params as object).length > 0
      ? `[${Object.entries(e.params as object).map(([k, v]) => `${k}=${showParam(v)}`).join(' ')}]` : ''
    return `    ${decl(e.out)} = ${e.prim.name}${ps} ${e.inputs.map(name).join(' ')}`
  })
  const outs = j.outVars.map(name).join(' ')
  return `{ lambda ${consts}${consts === '' ? '' : ' '}; ${ins} . let\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}  in ( ${outs} ) }`
}

/** A program with a printable form: `String(ir)` prints it. @category model */
export class ClosedJaxpr implements Jaxpr {
  constructor(
    readonly inVars: ReadonlyArray<Var>,
    readonly constVars: ReadonlyArray<Var>,
    readonly consts: ReadonlyArray<Tensor>,
    readonly eqns: ReadonlyArray<Eqn>,
    readonly outVars: ReadonlyArray<Var>,
  ) {}
  toString(): string {
    return showJaxpr(this)
  }
}

/** The same program with other parts (for passes). @internal */
export const withParts = (j: Jaxpr, parts: Partial<Jaxpr>): ClosedJaxpr =>
  new ClosedJaxpr(parts.inVars ?? j.inVars, parts.constVars ?? j.constVars, parts.consts ?? j.consts, parts.eqns ?? j.eqns,
    parts.outVars ?? j.outVars)

/** A compiled program: how `jit` runs a simplified IR. @category model */
export interface Program {
  /** Which backend runs it: 'interpret' (the eager kernels, equation by equation) or 'wasm'. */
  readonly kind: string
  /** Bytes of linear memory the program's memory plan pins while it runs (wasm programs). */
  readonly planBytes?: number
  /** How many equations run inside fused loops (wasm programs). */
  readonly fusedEqns?: number
  /**
   * Run on inputs (one per `inVars`) and constants. `into` may give, per
   * output, a buffer of its dtype and size to write it into (a donated
   * input's: the inputs are read before any output is written); a program may
   * ignore it.
   */
  run(ins: ReadonlyArray<ConcreteTensor>, consts: ReadonlyArray<ConcreteTensor>, into?: ReadonlyArray<TypedArray | null>): Tensor[]
}
