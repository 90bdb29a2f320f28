/**
 * Catalogues: each thing a spec can name (an optimizer, a schedule, an
 * initializer, a dataset) is one entry that holds how it is written in JSON
 * (its io-ts codec) and what it builds. The spec's codec, the builders and
 * the example lists of the tests are all read off the same entries, so a new
 * entry is one record, not three edits that must agree.
 *
 * Building never trusts its input: `buildTagged` decodes the entry's
 * arguments with the entry's own codec before it builds, so a value that did
 * not come through `decodeSpec` still gets a clean, path-named error.
 *
 * @example
 * const scale = entry(struct('scale', { step: num() }), (a) => optim.scale(a.step))
 * const catalogue = { scale }
 * tagged('transform', catalogue)                         // the codec of { "scale": { "step": -0.1 } }
 * buildTagged('transform', catalogue, { scale: { step: -0.1 } })   // the transform
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { ValueError } from '../errors.js'
import { lookup, oneOf, report } from './decode.js'

// ---- model ----

/** One catalogue entry: its codec, and the build from what the codec decoded. @category model */
export interface Entry<A, B> {
  readonly codec: t.Type<A>
  readonly build: (args: A) => B
  /** Decode with `codec`, then build: the one place where the two meet, with `A` known. */
  readonly decodeBuild: (u: unknown, c: t.Context) => t.Validation<B>
}

/** Any entry that builds a `B` (its argument type hidden: `decodeBuild` is how it is used). @category model */
export interface Builds<B> {
  readonly codec: t.Mixed
  readonly decodeBuild: (u: unknown, c: t.Context) => t.Validation<B>
}

/** The codecs of a catalogue, entry by entry. */
type CodecsOf<C> = { readonly [K in keyof C]: C[K] extends { readonly codec: infer T extends t.Mixed } ? T : never }

// ---- constructors ----

/** An entry from its codec and its build. @category constructors */
export const entry = <A, B>(codec: t.Type<A>, build: (args: A) => B): Entry<A, B> => ({
  codec,
  build,
  decodeBuild: (u, c) => E.map(build)(codec.validate(u, c)),
})

/** The codecs of a catalogue's entries, by name. @category utils */
export const codecsOf = <C extends Readonly<Record<string, { readonly codec: t.Mixed }>>>(catalogue: C): CodecsOf<C> => {
  const out: Record<string, t.Mixed> = {}
  for (const k of Object.keys(catalogue)) out[k] = catalogue[k]!.codec
  return out as CodecsOf<C> // the mapped type of exactly this loop
}

/** The codec of `{ name: args }` for the entries of a catalogue. @category constructors */
export const tagged = <C extends Readonly<Record<string, { readonly codec: t.Mixed }>>>(name: string, catalogue: C) =>
  oneOf(name, codecsOf(catalogue))

/** The names of a catalogue (own keys only). @category utils */
export const namesOf = (catalogue: object): ReadonlyArray<string> => Object.keys(catalogue)

/**
 * A decoder that reads `{ name: args }`, finds the entry `name` (an own
 * entry: `constructor` or `__proto__` never is one), decodes `args` with its
 * codec and builds.
 * @category constructors
 */
export const taggedBuilder = <B>(name: string, catalogue: Readonly<Record<string, Builds<B>>>): t.Decoder<unknown, B> => {
  const tags = namesOf(catalogue)
  return new t.Type<B, unknown>(name, (_u): _u is B => false, (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u) || Object.keys(u).length !== 1)
      return t.failure(u, c, `expected ${name}: an object with exactly one of the keys ${tags.join(', ')}`)
    const tag = Object.keys(u)[0]!
    const e = lookup(catalogue, tag)
    if (e === undefined) return t.failure(u, c, `unknown ${name} ${JSON.stringify(tag)} (expected one of: ${tags.join(', ')})`)
    const args: unknown = Reflect.get(u, tag)
    return e.decodeBuild(args, t.appendContext(c, tag, e.codec, args))
  }, t.identity)
}

/**
 * Build `{ name: args }` with a catalogue; a bad value is a `ValueError`
 * that lists every problem with its path, below `what`
 * (`transform.adam.b1: expected a number in [0, 1), got 2`).
 * @category constructors
 */
export const buildTagged = <B>(what: string, catalogue: Readonly<Record<string, Builds<B>>>, spec: unknown): B => {
  const r = taggedBuilder(what, catalogue).decode(spec)
  if (E.isLeft(r))
    throw new ValueError(report(r.left).map((l) => (l.startsWith('(root): ') ? `${what}: ${l.slice(8)}` : `${what}.${l}`)).join('; '))
  return r.right
}
