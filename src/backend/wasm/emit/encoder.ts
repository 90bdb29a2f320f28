/**
 * A small WebAssembly binary encoder: just enough of the format to emit the
 * SIMD kernels of `kernels.ts` from TypeScript, so no binary is downloaded at
 * install or committed to the repository.
 *
 * Code is written in the *folded* style of the text format: an instruction is
 * a function of its operands and emits them before its own opcode, so
 * `f32x4.add(v128.load(p), v128.load(q))` reads like the WAT
 * `(f32x4.add (v128.load (local.get $p)) (v128.load (local.get $q)))`.
 * Instruction sequences are nested arrays of bytes (`Code`), flattened once
 * when the module is assembled.
 *
 * ```ts
 * const bytes = encodeModule({
 *   memoryPages: 1,
 *   functions: [func('addOne', { params: { x: 'i32' }, results: ['i32'] }, ({ x }) => i32.add(x.get, i32.const(1)))],
 * })
 * new WebAssembly.Instance(new WebAssembly.Module(bytes)) // exports addOne and memory
 * ```
 *
 * Only what the kernels need is here: numbers (i32, i64, f32, f64), v128, locals,
 * block / loop / if, loads and stores with a static offset, and the 0xFD-prefixed
 * SIMD opcodes. See the core spec, section 5 (binary format), for the layout.
 */

// ---- model ----

/** A (possibly nested) sequence of bytes: one or more encoded instructions. */
export type Code = number | ReadonlyArray<Code>

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128'

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b }

/** A local variable (or parameter) of the function being built. */
export interface Local {
  readonly index: number
  readonly type: ValType
  /** `local.get` */
  readonly get: Code
  /** `local.set` of the value `v` computes. */
  readonly set: (v: Code) => Code
  /** `local.tee`: set and keep the value on the stack. */
  readonly tee: (v: Code) => Code
}

export interface FuncSig {
  /** Parameter names and types, in order (string keys keep their insertion order). */
  readonly params: Readonly<Record<string, ValType>>
  readonly locals?: Readonly<Record<string, ValType>>
  readonly results?: ReadonlyArray<ValType>
}

/** A function ready for `encodeModule`: its exported name, type and body. */
export interface Func {
  readonly name: string
  readonly params: ReadonlyArray<ValType>
  readonly results: ReadonlyArray<ValType>
  readonly locals: ReadonlyArray<ValType>
  readonly body: Code
}

// ---- bytes ----

/** Unsigned LEB128. */
export const uleb = (n: number): number[] => {
  const out: number[] = []
  do {
    let byte = n & 0x7f
    n = Math.floor(n / 128)
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}

/** Signed LEB128 (for i32 constants). */
export const sleb = (n: number): number[] => {
  const out: number[] = []
  for (;;) {
    const byte = n & 0x7f
    n >>= 7
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)
    out.push(done ? byte : byte | 0x80)
    if (done) return out
  }
}

const flatten = (code: Code, out: number[]): number[] => {
  if (typeof code === 'number') out.push(code)
  else for (const c of code) flatten(c, out)
  return out
}

const bytesOf = (code: Code): number[] => flatten(code, [])

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)]

/** A vector: its length, then its items. */
const vec = (items: ReadonlyArray<Code>): Code => [uleb(items.length), items]

/** A section: id, byte size, contents. */
const section = (id: number, contents: Code): number[] => {
  const body = bytesOf(contents)
  return [id, ...uleb(body.length), ...body]
}

// ---- constructors ----

/**
 * Build a function: `body` receives its parameters and locals by name.
 * Locals are zero-initialised by WebAssembly.
 */
export const func = <P extends Record<string, ValType>, L extends Record<string, ValType> = {}>(
  name: string,
  sig: { readonly params: P; readonly locals?: L; readonly results?: ReadonlyArray<ValType> },
  body: (vars: { readonly [K in keyof P | keyof L]: Local }) => Code,
): Func => {
  const vars: Record<string, Local> = {}
  const params = Object.entries(sig.params)
  const locals = Object.entries(sig.locals ?? {})
  ;[...params, ...locals].forEach(([n, type], index) => {
    if (n in vars) throw new Error(`wasm encoder: ${name} declares ${n} twice`)
    vars[n] = {
      index,
      type,
      get: [0x20, uleb(index)],
      set: (v) => [v, 0x21, uleb(index)],
      tee: (v) => [v, 0x22, uleb(index)],
    }
  })
  return {
    name,
    params: params.map(([, t]) => t),
    results: sig.results ?? [],
    locals: locals.map(([, t]) => t),
    body: body(vars as { [K in keyof P | keyof L]: Local }),
  }
}

/**
 * A module with one memory of `memoryPages` 64 KiB pages (growable, exported as
 * `memory`) and the given functions, each exported under its name. With
 * `importMemory` the memory is not defined but imported as `env.memory`, with a
 * maximum size and optionally shared, so that threads can run the same module
 * on the same memory.
 */
export const encodeModule = (m: {
  readonly memoryPages: number
  readonly functions: ReadonlyArray<Func>
  readonly importMemory?: { readonly maxPages: number; readonly shared: boolean }
}): Uint8Array => {
  const fs = m.functions
  const sigKey = (f: Func): string => `${f.params.join(',')}->${f.results.join(',')}`
  const sigs = [...new Set(fs.map(sigKey))]
  const types = sigs.map((key) => {
    const f = fs.find((g) => sigKey(g) === key)!
    return [0x60, vec(f.params.map((t) => VALTYPE[t])), vec(f.results.map((t) => VALTYPE[t]))]
  })
  const code = fs.map((f) => {
    const body = bytesOf([vec(f.locals.map((t) => [1, VALTYPE[t]])), f.body, 0x0b])
    return [uleb(body.length), body]
  })
  const exports = [
    [vec(utf8('memory')), 0x02, 0],
    ...fs.map((f, i) => [vec(utf8(f.name)), 0x00, uleb(i)]),
  ]
  const imp = m.importMemory
  // limits: 0x00 min (so it can grow without bound), 0x01 min and max, 0x03 shared with min and max
  const memory = imp === undefined
    ? section(5, vec([[0x00, uleb(m.memoryPages)]]))
    : section(2, vec([[vec(utf8('env')), vec(utf8('memory')), 0x02, imp.shared ? 0x03 : 0x01, uleb(m.memoryPages), uleb(imp.maxPages)]]))
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, vec(types)),
    ...(imp === undefined ? [] : memory), // the import section comes before the function section
    ...section(3, vec(fs.map((f) => uleb(sigs.indexOf(sigKey(f)))))),
    ...(imp === undefined ? memory : []),
    ...section(7, vec(exports)),
    ...section(10, vec(code)),
  ])
}

// ---- control ----

const VOID = 0x40

export const block = (...body: Code[]): Code => [0x02, VOID, body, 0x0b]
export const loop = (...body: Code[]): Code => [0x03, VOID, body, 0x0b]
export const if_ = (cond: Code, then: Code, else_?: Code): Code =>
  else_ === undefined ? [cond, 0x04, VOID, then, 0x0b] : [cond, 0x04, VOID, then, 0x05, else_, 0x0b]
export const br = (depth: number): Code => [0x0c, uleb(depth)]
/** `cond ? a : b` without a branch (both operands are evaluated). */
export const select = (a: Code, b: Code, cond: Code): Code => [a, b, cond, 0x1b]
export const brIf = (depth: number, cond: Code): Code => [cond, 0x0d, uleb(depth)]

/**
 * `for (i = from; i < to; i += step) body` with unsigned compares, as a
 * bottom-tested loop (one branch per iteration). `to` and `step` are evaluated
 * on every iteration: pass locals or constants. `body` must not branch out.
 */
export const forLoop = (i: Local, from: Code, to: Code, step: Code, ...body: Code[]): Code => [
  i.set(from),
  block(brIf(0, i32.geU(i.get, to)), loop(body, i.set(i32.add(i.get, step)), brIf(0, i32.ltU(i.get, to)))),
]

/** `while (i < end) body`, unsigned; `end` is evaluated before every iteration. */
export const whileLtU = (i: Local, end: Code, ...body: Code[]): Code =>
  block(brIf(0, i32.geU(i.get, end)), loop(body, brIf(0, i32.ltU(i.get, end))))

// ---- numbers ----

/** memarg: alignment exponent, then a static byte offset. */
const memarg = (align: number, offset: number): Code => [uleb(align), uleb(offset)]

const op = (...opcode: number[]) => (...args: Code[]): Code => [args, opcode]
const load = (opcode: number[], align: number) => (addr: Code, offset = 0): Code => [addr, opcode, memarg(align, offset)]
const store = (opcode: number[], align: number) => (addr: Code, value: Code, offset = 0): Code =>
  [addr, value, opcode, memarg(align, offset)]

export const i32 = {
  const: (n: number): Code => [0x41, sleb(n | 0)],
  load: load([0x28], 2),
  store: store([0x36], 2),
  eqz: op(0x45),
  eq: op(0x46),
  ne: op(0x47),
  ltU: op(0x49),
  gtU: op(0x4b),
  leU: op(0x4d),
  geU: op(0x4f),
  add: op(0x6a),
  sub: op(0x6b),
  mul: op(0x6c),
  and: op(0x71),
  xor: op(0x73),
  shl: op(0x74),
  ltS: op(0x48),
  gtS: op(0x4a),
  leS: op(0x4c),
  geS: op(0x4e),
  or: op(0x72),
  shrS: op(0x75),
  shrU: op(0x76),
  /** The low 32 bits of an i64. */
  wrapI64: op(0xa7),
  /** The bits of an f32 as an i32. */
  reinterpretF32: op(0xbc),
}

/** Signed LEB128 of a 64-bit constant. */
const sleb64 = (n: bigint): number[] => {
  const out: number[] = []
  n = BigInt.asIntN(64, n)
  for (;;) {
    const byte = Number(n & 0x7fn)
    n >>= 7n
    const done = (n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0)
    out.push(done ? byte : byte | 0x80)
    if (done) return out
  }
}

export const i64 = {
  const: (n: bigint): Code => [0x42, sleb64(n)],
  and: op(0x83),
  or: op(0x84),
  shl: op(0x86),
  shrS: op(0x87),
  shrU: op(0x88),
  /** An i32 zero-extended to i64. */
  extendI32U: op(0xad),
  /** The bits of an f64 as an i64. */
  reinterpretF64: op(0xbd),
}

const floatBytes = (x: number, size: 4 | 8): number[] => {
  const v = new DataView(new ArrayBuffer(size))
  if (size === 4) v.setFloat32(0, x, true)
  else v.setFloat64(0, x, true)
  return [...new Uint8Array(v.buffer)]
}

export const f32 = {
  const: (x: number): Code => [0x43, floatBytes(x, 4)],
  load: load([0x2a], 2),
  store: store([0x38], 2),
  neg: op(0x8c),
  mul: op(0x94),
  demoteF64: op(0xb6),
  /** The f32 with the bits of an i32. */
  reinterpretI32: op(0xbe),
}

export const f64 = {
  const: (x: number): Code => [0x44, floatBytes(x, 8)],
  load: load([0x2b], 3),
  store: store([0x39], 3),
  eq: op(0x61),
  ne: op(0x62),
  lt: op(0x63),
  gt: op(0x64),
  le: op(0x65),
  ge: op(0x66),
  neg: op(0x9a),
  add: op(0xa0),
  sub: op(0xa1),
  mul: op(0xa2),
  div: op(0xa3),
  /** A signed i32 converted to f64 (exact). */
  convertI32S: op(0xb7),
  promoteF32: op(0xbb),
  /** The f64 with the bits of an i64. */
  reinterpretI64: op(0xbf),
}

// ---- SIMD (prefix 0xFD, then the opcode as unsigned LEB128) ----

const simd = (n: number): number[] => [0xfd, ...uleb(n)]
const simdOp = (n: number) => op(...simd(n))

export const v128 = {
  load: load(simd(0x00), 4),
  load32Splat: load(simd(0x09), 2),
  load64Splat: load(simd(0x0a), 3),
  load64Zero: load(simd(0x5d), 3),
  store: store(simd(0x0b), 4),
  /** Store the low 64 bits (lane 0 of an i64x2 view). */
  store64Lane0: (addr: Code, value: Code): Code => [addr, value, simd(0x5b), memarg(3, 0), 0],
  /** A constant of two f64 lanes. */
  f64x2Const: (x: number): Code => [simd(0x0c), floatBytes(x, 8), floatBytes(x, 8)],
  /** All sixteen bytes zero (also +0.0 in every float lane). */
  zero: (): Code => [simd(0x0c), new Array<number>(16).fill(0)],
  and: simdOp(0x4e),
  /** andnot(a, b) = a & ~b. */
  andnot: simdOp(0x4f),
  or: simdOp(0x50),
  xor: simdOp(0x51),
  /** bitselect(a, b, mask): bits of a where mask is 1, of b where it is 0. */
  bitselect: simdOp(0x52),
  /** i32 1 if any bit is set (e.g. any lane of a compare mask), else 0. */
  anyTrue: simdOp(0x53),
}

export const f32x4 = {
  splat: simdOp(0x13),
  extractLane: (v: Code, lane: number): Code => [v, simd(0x1f), lane],
  eq: simdOp(0x41),
  ne: simdOp(0x42),
  lt: simdOp(0x43),
  gt: simdOp(0x44),
  le: simdOp(0x45),
  ge: simdOp(0x46),
  abs: simdOp(0xe0),
  neg: simdOp(0xe1),
  sqrt: simdOp(0xe3),
  add: simdOp(0xe4),
  sub: simdOp(0xe5),
  mul: simdOp(0xe6),
  div: simdOp(0xe7),
  /** pmin(a, b) = b < a ? b : a (one minps on x64; no NaN or ±0 rules beyond the compare). */
  pmin: simdOp(0xea),
  /** pmax(a, b) = a < b ? b : a. */
  pmax: simdOp(0xeb),
}

export const f64x2 = {
  splat: simdOp(0x14),
  extractLane: (v: Code, lane: number): Code => [v, simd(0x21), lane],
  eq: simdOp(0x47),
  ne: simdOp(0x48),
  lt: simdOp(0x49),
  gt: simdOp(0x4a),
  le: simdOp(0x4b),
  ge: simdOp(0x4c),
  abs: simdOp(0xec),
  neg: simdOp(0xed),
  sqrt: simdOp(0xef),
  add: simdOp(0xf0),
  sub: simdOp(0xf1),
  mul: simdOp(0xf2),
  div: simdOp(0xf3),
  pmin: simdOp(0xf6),
  pmax: simdOp(0xf7),
  /** The two low f32 lanes, widened to f64 (exact). */
  promoteLowF32x4: simdOp(0x5f),
  /** Round to the nearest integer, ties to even. */
  nearest: simdOp(0x94),
  /** IEEE-style min / max: NaN if either lane is NaN. */
  min: simdOp(0xf4),
  max: simdOp(0xf5),
  /** Both lanes rounded to f32 into the two low f32 lanes; the high lanes are zero. */
  demoteToF32x4Zero: simdOp(0x5e),
}

export const i32x4 = {
  splat: simdOp(0x11),
  eq: simdOp(0x37),
  minU: simdOp(0xb7),
  add: simdOp(0xae),
  shl: simdOp(0xab),
  shrU: simdOp(0xad),
  /** A constant of four i32 lanes. */
  const: (lanes: readonly [number, number, number, number]): Code => [simd(0x0c), ...lanes.flatMap((x) => { const b = new DataView(new ArrayBuffer(4)); b.setInt32(0, x, true); return [...new Uint8Array(b.buffer)] })],
}

export const i16x8 = {
  /** Eight i16 lanes from the four i32 lanes of each operand, saturated (a compare mask stays -1 or 0). */
  narrowI32x4S: simdOp(0x85),
}

export const i8x16 = {
  /** Sixteen i8 lanes from the eight i16 lanes of each operand, saturated. */
  narrowI16x8S: simdOp(0x65),
  /** Lanes picked from the 32 bytes of a and b by 16 constant indices. */
  shuffle: (a: Code, b: Code, lanes: ReadonlyArray<number>): Code => [a, b, simd(0x0d), lanes],
  /** Sixteen equal byte lanes. */
  const: (x: number): Code => [simd(0x0c), new Array<number>(16).fill(x & 0xff)],
}

export const i64x2 = {
  /** Shift both 64-bit lanes left by an i32 count. */
  shl: simdOp(0xcb),
  /** Shift both 64-bit lanes right, unsigned, by an i32 count. */
  shrU: simdOp(0xcd),
  /** i32 1 if every 64-bit lane is non-zero (e.g. every lane of a compare mask), else 0. */
  allTrue: simdOp(0xc3),
}

/** A SIMD feature probe: the smallest module that uses a v128 instruction. */
export const simdProbe = (): Uint8Array =>
  encodeModule({
    memoryPages: 0,
    functions: [func('probe', { params: {}, results: ['f32'] }, () => f32x4.extractLane(f32x4.splat(f32.const(1)), 0))],
  })
