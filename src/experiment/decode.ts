/**
 * A few io-ts combinators that give decoding errors a clean path and a plain
 * message, so a bad spec reads like
 * `optimizer.chain[1].scaleByAdam.b1: expected a number in [0, 1), got 1.5`.
 *
 * - `num`/`int` check ranges and say which;
 * - `struct(required, optional)` rejects unknown fields, naming the expected ones;
 * - `oneOf({ name: codec })` is an object with exactly one key (how transforms,
 *   schedules and initializers are written in JSON);
 * - `report(errors)` turns io-ts errors into one line per problem, each with its path.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'

/** A value in a message: JSON, cut to 60 characters. @category utils */
export const show = (u: unknown): string => {
  if (u === undefined) return 'nothing'
  try {
    const s = JSON.stringify(u)
    return s.length > 60 ? `${s.slice(0, 57)}...` : s
  } catch {
    return String(u)
  }
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** Is `k` an own property of `o`? (Never an inherited one: `constructor`, `toString`, `__proto__` are data here.) */
export const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

/** The own entry `k` of a table, or undefined: inherited names such as `constructor` are not entries. @category utils */
export const lookup = <V>(table: Readonly<Record<string, V>>, k: string): V | undefined => (has(table, k) ? table[k] : undefined)

/** A finite number in a range; `open` ends exclude the bound. @category combinators */
export const num = (lo = -Infinity, hi = Infinity, { loOpen = false, hiOpen = false, integer = false } = {}): t.Type<number> => {
  const range =
    lo === -Infinity && hi === Infinity
      ? ''
      : hi === Infinity
        ? ` ${loOpen ? '>' : '>='} ${lo}`
        : lo === -Infinity
          ? ` ${hiOpen ? '<' : '<='} ${hi}`
          : ` in ${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}`
  const what = `${integer ? 'an integer' : 'a number'}${range}`
  const ok = (u: unknown): u is number =>
    typeof u === 'number' && Number.isFinite(u) && (!integer || Number.isInteger(u)) &&
    (loOpen ? u > lo : u >= lo) && (hiOpen ? u < hi : u <= hi)
  return new t.Type<number>(what, ok, (u, c) => (ok(u) ? t.success(u) : t.failure(u, c, `expected ${what}, got ${show(u)}`)), t.identity)
}

/** An integer in a range. @category combinators */
export const int = (lo = -Infinity, hi = Infinity): t.Type<number> => num(lo, hi, { integer: true })

/** One of some string literals. @category combinators */
export const literal = <L extends string>(...values: ReadonlyArray<L>): t.Type<L> => {
  const ok = (u: unknown): u is L => typeof u === 'string' && (values as ReadonlyArray<string>).includes(u)
  const what = values.map((v) => `"${v}"`).join(' | ')
  return new t.Type<L>(what, ok, (u, c) => (ok(u) ? t.success(u) : t.failure(u, c, `expected one of ${what}, got ${show(u)}`)), t.identity)
}

export const str: t.Type<string> = new t.Type<string>('string', (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c, `expected a non-empty string, got ${show(u)}`)), t.identity)

export const bool: t.Type<boolean> = new t.Type<boolean>('boolean', (u): u is boolean => typeof u === 'boolean',
  (u, c) => (typeof u === 'boolean' ? t.success(u) : t.failure(u, c, `expected true or false, got ${show(u)}`)), t.identity)

type Props = Record<string, t.Mixed>
type TypeOfProps<P extends Props> = { readonly [K in keyof P]: t.TypeOf<P[K]> }

/**
 * An object with `required` and `optional` fields and nothing else; every
 * problem in every field is reported.
 * @category combinators
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export const struct = <R extends Props, O extends Props = {}>(
  name: string, required: R, optional: O = {} as O,
): t.Type<TypeOfProps<R> & Partial<TypeOfProps<O>>> => {
  const known = [...Object.keys(required), ...Object.keys(optional)]
  const is = (u: unknown): u is TypeOfProps<R> & Partial<TypeOfProps<O>> => isObject(u)
  return new t.Type(name, is, (u, c) => {
    if (!isObject(u)) return t.failure(u, c, `expected an object with fields {${known.join(', ')}}, got ${show(u)}`)
    const errors: t.Errors = []
    const out: Record<string, unknown> = {}
    for (const [k, codec] of Object.entries(required)) {
      if (!has(u, k)) {
        errors.push({ value: undefined, context: t.appendContext(c, k, codec, undefined), message: `is required (${codec.name})` })
        continue
      }
      const r = codec.validate(u[k], t.appendContext(c, k, codec, u[k]))
      if (E.isLeft(r)) errors.push(...r.left)
      else out[k] = r.right
    }
    for (const [k, codec] of Object.entries(optional)) {
      if (!has(u, k) || u[k] === undefined) continue
      const r = codec.validate(u[k], t.appendContext(c, k, codec, u[k]))
      if (E.isLeft(r)) errors.push(...r.left)
      else out[k] = r.right
    }
    for (const k of Object.keys(u))
      if (!known.includes(k))
        errors.push({ value: u[k], context: t.appendContext(c, k, t.unknown, u[k]), message: `unknown field (expected one of: ${known.join(', ')})` })
    return errors.length > 0 ? t.failures(errors) : t.success(out as TypeOfProps<R> & Partial<TypeOfProps<O>>)
  }, t.identity)
}

/** A tagged object `{ tag: value }` with exactly one of the given tags. @category combinators */
export const oneOf = <C extends Props>(name: string, cases: C): t.Type<{ [K in keyof C]: { readonly [P in K]: t.TypeOf<C[K]> } }[keyof C]> => {
  const tags = Object.keys(cases)
  type Out = { [K in keyof C]: { readonly [P in K]: t.TypeOf<C[K]> } }[keyof C]
  return new t.Type<Out>(name, (u): u is Out => isObject(u), (u, c) => {
    if (!isObject(u) || Object.keys(u).length !== 1)
      return t.failure(u, c, `expected ${name}: an object with exactly one of the keys ${tags.join(', ')}; got ${show(u)}`)
    const tag = Object.keys(u)[0]!
    const codec = lookup(cases, tag)
    if (codec === undefined)
      return t.failure(u, c, `unknown ${name} ${show(tag)} (expected one of: ${tags.join(', ')})`)
    const r = codec.validate(u[tag], t.appendContext(c, tag, codec, u[tag]))
    return E.isLeft(r) ? r : t.success({ [tag]: r.right } as Out)
  }, t.identity)
}

/** An array of `codec`, reporting every bad element. @category combinators */
export const arrayOf = <C extends t.Mixed>(codec: C, { minLength = 0 } = {}): t.Type<ReadonlyArray<t.TypeOf<C>>> =>
  new t.Type<ReadonlyArray<t.TypeOf<C>>>(`array of ${codec.name}`, (u): u is ReadonlyArray<t.TypeOf<C>> => Array.isArray(u), (u, c) => {
    if (!Array.isArray(u)) return t.failure(u, c, `expected an array of ${codec.name}, got ${show(u)}`)
    if (u.length < minLength) return t.failure(u, c, `expected at least ${minLength} element(s), got ${u.length}`)
    const errors: t.Errors = []
    const out: unknown[] = []
    u.forEach((x, i) => {
      const r = codec.validate(x, t.appendContext(c, String(i), codec, x))
      if (E.isLeft(r)) errors.push(...r.left)
      else out.push(r.right)
    })
    return errors.length > 0 ? t.failures(errors) : t.success(out)
  }, t.identity)

/**
 * A string-keyed map of `codec`. The result has a null prototype, so every
 * key, `__proto__` and `constructor` included, is kept as an own entry;
 * `key`, when given, checks each key and returns a message for a bad one.
 * @category combinators
 */
export const recordOf = <C extends t.Mixed>(
  codec: C, key?: (k: string) => string | undefined,
): t.Type<Readonly<Record<string, t.TypeOf<C>>>> =>
  new t.Type<Readonly<Record<string, t.TypeOf<C>>>>(`map of ${codec.name}`, isObject as never, (u, c) => {
    if (!isObject(u)) return t.failure(u, c, `expected an object mapping names to ${codec.name}, got ${show(u)}`)
    const errors: t.Errors = []
    const out: Record<string, t.TypeOf<C>> = Object.create(null) as Record<string, t.TypeOf<C>>
    for (const [k, v] of Object.entries(u)) {
      const bad = key?.(k)
      if (bad !== undefined) {
        errors.push({ value: k, context: t.appendContext(c, k, t.string, v), message: bad })
        continue
      }
      const r = codec.validate(v, t.appendContext(c, k, codec, v))
      if (E.isLeft(r)) errors.push(...r.left)
      else Object.defineProperty(out, k, { value: r.right, enumerable: true, writable: false, configurable: false })
    }
    return errors.length > 0 ? t.failures(errors) : t.success(out)
  }, t.identity)

/** `a` or `b`, tried in order; the message of `b` is kept when both fail. @category combinators */
export const either = <A, B>(name: string, a: t.Type<A>, b: t.Type<B>, describe: string): t.Type<A | B> =>
  new t.Type<A | B>(name, (u): u is A | B => a.is(u) || b.is(u), (u, c) => {
    const ra = a.validate(u, c)
    if (E.isRight(ra)) return ra
    if (typeof u === 'number' || typeof u === 'string') return ra
    const rb = b.validate(u, c)
    if (E.isRight(rb)) return rb
    return isObject(u) ? rb : t.failure(u, c, `expected ${describe}, got ${show(u)}`)
  }, t.identity)

/** A lazily defined codec (for recursive grammars). @category combinators */
export const lazy = <A>(name: string, f: () => t.Type<A>): t.Type<A> => t.recursion(name, f)

/**
 * The first place where `u` nests deeper than `limit` objects and arrays, as
 * a path below `u`, or undefined. Iterative, so a value nested far deeper
 * than the call stack allows (or a cyclic one) gives an answer, not a stack
 * overflow.
 * @category utils
 */
export const tooDeep = (u: unknown, limit: number): SubPath | undefined => {
  const stack: Array<{ readonly v: unknown; readonly path: SubPath }> = [{ v: u, path: [] }]
  while (stack.length > 0) {
    const { v, path } = stack.pop()!
    if (typeof v !== 'object' || v === null) continue
    if (path.length >= limit) return path
    const children: Array<readonly [string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v)
    for (let i = children.length - 1; i >= 0; i--) stack.push({ v: children[i]![1], path: [...path, children[i]![0]] })
  }
  return undefined
}

/** A path below a value as text: `optimizer.chain[0].adam`. @category utils */
export const showPath = (path: SubPath): string =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? k : `${acc}.${k}`), '') || '(root)'

/** A path below a value: field names and array indices. */
export type SubPath = ReadonlyArray<string | number>

/** The io-ts context of the value at `path` below `u` (whose context is `c`). @category utils */
export const contextAt = (c: t.Context, u: unknown, path: SubPath): t.Context => {
  let ctx = c
  let v: unknown = u
  for (const k of path) {
    const next: unknown = typeof v === 'object' && v !== null && has(v, String(k)) ? Reflect.get(v, k) : undefined
    ctx = t.appendContext(ctx, String(k), t.unknown, next)
    v = next
  }
  return ctx
}

/**
 * `codec`, then a check of what it decoded (a rule between fields, such as
 * "the labels name transforms"); each problem is the path below this value
 * and a message.
 * @category combinators
 */
export const refine = <A>(codec: t.Type<A>, check: (a: A) => ReadonlyArray<readonly [SubPath, string]>): t.Type<A> =>
  new t.Type<A>(codec.name, codec.is, (u, c) => {
    const r = codec.validate(u, c)
    if (E.isLeft(r)) return r
    const problems = check(r.right)
    if (problems.length === 0) return r
    return t.failures(problems.map(([path, message]) => ({ value: undefined, context: contextAt(c, u, path), message })))
  }, codec.encode)

/** The path of an io-ts error: `optimizer.chain[1].scaleByAdam.b1`. */
export const pathOf = (context: t.Context): string => {
  let path = ''
  for (let i = 1; i < context.length; i++) {
    const key = context[i]!.key
    const parent = context[i - 1]!.actual
    path += Array.isArray(parent) ? `[${key}]` : path === '' ? key : `.${key}`
  }
  return path === '' ? '(root)' : path
}

/** One line per problem: `path: message`. @category destructors */
export const report = (errors: t.Errors): string[] =>
  errors.map((e) => `${pathOf(e.context)}: ${e.message ?? `expected ${e.context[e.context.length - 1]?.type.name ?? 'something else'}, got ${show(e.value)}`}`)
