/**
 * Keys: the only source of randomness in fluxion.
 *
 * A `Key` is an immutable pair of 32-bit words. Nothing in fluxion keeps a
 * hidden generator state: every sampler takes a key and returns the same
 * values for the same key, every time, on every machine. To get fresh
 * randomness you do not "advance" a key, you **split** it into new keys, use
 * each new key once, and never use the parent again. `foldIn` derives a key
 * from a key and an integer (a step number, a layer index) the same way.
 *
 * Keys follow JAX's default threefry2x32 implementation bit for bit:
 * `key(seed)` holds `[seed >> 32, seed & 0xFFFFFFFF]`, `split(k, n)[i]` is the
 * hash of `k` on counter `(0, i)` and `foldIn(k, d)` the hash on `(0, d)`, so
 * `split(k, n)[i]` and `foldIn(k, i)` are the same key.
 *
 * @example
 * import { random } from 'fluxion'
 * const root = random.key(0)
 * const [initKey, dataKey] = random.split(root)  // use root no more
 * const w = random.normal(initKey, [3, 2])
 * const batchKey = random.foldIn(dataKey, 7)      // e.g. the 7th step
 *
 * @since 0.1.0
 */
import { FluxionError, ShapeError, ValueError } from '../errors.js'
import { Tensor } from '../tensor/tensor.js'
import { threefry2x32, words } from './threefry.js'

// ---- model ----

/**
 * A key passed where a tensor belongs, or anything else passed where a key
 * belongs. Its message says what was passed and how to make a key.
 * @example
 * import { random } from 'fluxion'
 * try { random.normal(42 as any) } catch (e) { e instanceof random.KeyError } // true
 * @category errors
 * @since 0.1.0
 */
export class KeyError extends FluxionError {
  override readonly name = 'KeyError'
}

const brand: unique symbol = Symbol('fluxion.Key')

/**
 * A PRNG key: two uint32 words, frozen. Make one with `key(seed)`; derive more
 * with `split` and `foldIn`. Read the words with `keyData`.
 * @example
 * import { random } from 'fluxion'
 * const k = random.key(1)
 * Object.isFrozen(k)  // true
 * String(k)           // 'Key(0x00000000, 0x00000001)'
 * @category model
 * @since 0.1.0
 */
export class Key {
  /** @internal @category internal @since 0.1.0 */
  readonly [brand] = true
  /** The high word, as an unsigned number. */
  readonly hi: number
  /** The low word, as an unsigned number. */
  readonly lo: number
  /** @internal use `key`, `wrapKeyData`, `split` or `foldIn` */
  constructor(hi: number, lo: number) {
    this.hi = hi >>> 0
    this.lo = lo >>> 0
    Object.freeze(this)
  }
  toString(): string {
    return `Key(0x${this.hi.toString(16).padStart(8, '0')}, 0x${this.lo.toString(16).padStart(8, '0')})`
  }
  /** Node's console shows the words, like `toString`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString()
  }
}

/**
 * Is `x` a PRNG key?
 * @example
 * import { random, tensor } from 'fluxion'
 * random.isKey(random.key(0)) // true
 * random.isKey(tensor([0, 0])) // false
 * @category guards
 * @since 0.1.0
 */
export const isKey = (x: unknown): x is Key => x instanceof Key && (x as Key)[brand] === true

/**
 * Check that `k` is a key, naming `op` if not.
 * @internal @category internal @since 0.1.0
 */
export const checkKey = (op: string, k: unknown): Key => {
  if (isKey(k)) return k
  throw new KeyError(`${op}: expected a PRNG key as the first argument, got ${describe(k)}. ` +
    'Make one with random.key(seed) and derive more with random.split(key) or random.foldIn(key, i).')
}

/**
 * Refuse a key where a tensor or number belongs (the parameter is named in the message).
 * @internal @category internal @since 0.1.0
 */
export const notAKey = (op: string, what: string, x: unknown, expected = 'a tensor or a number'): void => {
  if (isKey(x))
    throw new KeyError(`${op}: ${what} is a PRNG key, but ${expected} belongs there. A key only goes in the first ` +
      'argument of a sampler or initializer; to derive keys from it use random.split(key) or random.foldIn(key, i).')
}

const describe = (x: unknown): string => {
  if (x instanceof Tensor) {
    const hint = x.size === 2 ? ' (to use raw JAX key data [hi, lo], call random.wrapKeyData([hi, lo]))' : ''
    return `a Tensor of shape [${x.shape.join(',')}]${hint}`
  }
  if (Array.isArray(x)) return `an array of length ${x.length}${x.length === 2 ? ' (for raw key data [hi, lo], call random.wrapKeyData)' : ''}`
  if (x === null) return 'null'
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'an object'
  return `${typeof x} ${String(x)}`
}

// ---- constructors ----

/**
 * A key from an integer seed: `[seed >> 32, seed & 0xFFFFFFFF]`, as in
 * `jax.random.key(seed)`. Numbers must be integers in `[0, 2^53]`; larger
 * seeds (up to 2^64 - 1) go in as a `bigint`.
 *
 * For seeds below 2^32 this equals JAX's key in either precision mode; for
 * larger seeds it equals JAX's with `jax_enable_x64` (JAX's 32-bit mode drops
 * the high word).
 *
 * @param seed - a non-negative integer (`number` or `bigint`)
 * @returns a fresh key
 * @throws ValueError for a negative, fractional or too large seed
 * @example
 * import { random } from 'fluxion'
 * random.keyData(random.key(42))            // [0, 42]
 * random.keyData(random.key(2n ** 32n + 1n)) // [1, 1]
 * @category constructors
 * @since 0.1.0
 */
export const key = (seed: number | bigint): Key => {
  notAKey('key', 'the seed', seed, 'an integer seed')
  if (typeof seed === 'bigint') {
    if (seed < 0n || seed >= 1n << 64n)
      throw new ValueError(`key: a bigint seed must lie in [0, 2^64), got ${seed}n. ` +
        'For JAX\'s reading of a negative 64-bit seed pass BigInt.asUintN(64, seed).')
    return new Key(Number(seed >> 32n), Number(seed & 0xffffffffn))
  }
  if (typeof seed !== 'number')
    throw new ValueError(`key: the seed must be a non-negative integer (number or bigint), got ${describe(seed)}`)
  if (!Number.isInteger(seed))
    throw new ValueError(`key: the seed must be an integer, got ${seed}. ` +
      'Round it yourself (Math.floor(seed)) or derive keys with random.foldIn(key, i).')
  if (seed < 0)
    throw new ValueError(`key: the seed must be non-negative, got ${seed}. ` +
      'Pass a non-negative integer, or BigInt.asUintN(64, BigInt(seed)) for JAX\'s two\'s-complement reading.')
  if (seed > 2 ** 53)
    throw new ValueError(`key: the seed ${seed} is above 2^53, where numbers lose integer precision; pass it as a bigint, e.g. key(${BigInt(seed)}n)`)
  return new Key(Math.floor(seed / 4294967296), seed % 4294967296)
}

/**
 * A key from its raw data `[hi, lo]` (two uint32 words), e.g. from
 * `jax.random.key_data(k)`. The inverse of `keyData`.
 * @example
 * import { random } from 'fluxion'
 * random.keyData(random.wrapKeyData([1, 2])) // [1, 2]
 * @category constructors
 * @since 0.1.0
 */
export const wrapKeyData = (data: readonly [number, number] | ReadonlyArray<number>): Key => {
  if (!Array.isArray(data) || data.length !== 2 || !data.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff))
    throw new ValueError(`wrapKeyData: expected [hi, lo], two integers in [0, 2^32), got ${JSON.stringify(data)}`)
  return new Key(data[0]!, data[1]!)
}

// ---- combinators ----

/**
 * The two words of a key, `[hi, lo]`, as unsigned numbers (JAX's `key_data`).
 * @example
 * import { random } from 'fluxion'
 * random.keyData(random.key(7)) // [0, 7]
 * @category destructors
 * @since 0.1.0
 */
export const keyData = (k: Key): [number, number] => {
  const c = checkKey('keyData', k)
  return [c.hi, c.lo]
}

/**
 * The most keys one `split` makes: 2^24 = 16,777,216. Each key is an object,
 * so a larger split would take gigabytes; `foldIn(k, i)` gives key `i` of any
 * split on its own.
 * @category combinators
 * @since 0.2.0
 */
export const MAX_SPLIT = 2 ** 24

/** A tuple of `N` keys. @category model @since 0.1.0 */
export type KeyTuple<N extends number, Acc extends Key[] = []> = Acc['length'] extends N ? Acc : KeyTuple<N, [...Acc, Key]>

/** What `split(k, n)` returns: a tuple for a literal `n` up to 32 (so `const [a, b, c] = split(k, 3)` types each), else `Key[]`. @category model @since 0.1.0 */
export type SplitKeys<N extends number> = number extends N ? Key[] : `${N}` extends `${Small}` ? KeyTuple<N> : Key[]
type Small = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 | 21 | 22 | 23 | 24 |
  25 | 26 | 27 | 28 | 29 | 30 | 31 | 32

/**
 * `n` new keys from one (default 2): key `i` is threefry of `k` on counter
 * `(0, i)`. Use each new key once and stop using `k`.
 * @param k - the key to split (do not use it again)
 * @param n - how many keys (a non-negative integer up to `MAX_SPLIT` = 2^24, default 2)
 * @returns an array of `n` keys (typed as a tuple for a literal `n` up to 32)
 * @example
 * import { random } from 'fluxion'
 * const [a, b] = random.split(random.key(0))
 * random.keyData(a) // [0x6b200159, 0x99ba4efe]: threefry of (0, 0) on (0, 0)
 * @category combinators
 * @since 0.1.0
 */
export function split(k: Key): [Key, Key]
export function split<N extends number>(k: Key, n: N): SplitKeys<N>
export function split(k: Key, n = 2): Key[] {
  const c = checkKey('split', k)
  if (!Number.isInteger(n) || n < 0)
    throw new ValueError(`split: n must be a non-negative integer (the number of keys), got ${String(n)}`)
  if (n > MAX_SPLIT)
    throw new ShapeError(`split: ${n} keys is more than the ${MAX_SPLIT} (2^24) one split may make; ` +
      'derive keys one at a time with foldIn(key, i), which equals split(key, n)[i]')
  const { hi, lo } = words(c.hi, c.lo, n)
  const out = new Array<Key>(n)
  for (let i = 0; i < n; i++) out[i] = new Key(hi[i]!, lo[i]!)
  return out
}

/**
 * A key derived from `k` and the integer `data` in `[0, 2^32)`: threefry of
 * `k` on counter `(0, data)`, as `jax.random.fold_in`. Since `foldIn(k, i)`
 * equals `split(k, n)[i]`, derive a key's children either by splitting or by
 * folding in, never both.
 * @example
 * import { random } from 'fluxion'
 * const k = random.key(1)
 * random.keyData(random.foldIn(k, 3)) // equals random.keyData(random.split(k, 4)[3])
 * @category combinators
 * @since 0.1.0
 */
export const foldIn = (k: Key, data: number): Key => {
  const c = checkKey('foldIn', k)
  notAKey('foldIn', 'data', data, 'an integer')
  if (typeof data !== 'number' || !Number.isInteger(data) || data < 0 || data > 0xffffffff)
    throw new ValueError(`foldIn: data must be an integer in [0, 2^32), got ${String(data)}`)
  const [hi, lo] = threefry2x32(c.hi, c.lo, 0, data)
  return new Key(hi, lo)
}
