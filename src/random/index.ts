/**
 * `random`: explicit, reproducible randomness with JAX-compatible keys.
 *
 * There is no global seed and no hidden generator. You make a key from a seed,
 * **split** it whenever you need randomness in two places, and hand each key to
 * exactly one sampler. The same key always gives the same values, so a run is
 * reproducible from its seed alone, and two parts of a program can never
 * accidentally share a stream. Reusing a key is the one mistake to avoid: it
 * gives the same "random" values twice.
 *
 * The keys and samplers follow JAX's default implementation (threefry2x32,
 * "partitionable", the default since jax 0.5), so a seed gives the same bits
 * here as in `jax.random`; the samplers repeat JAX's float32 arithmetic. Where
 * exact agreement depends on XLA's own `log`, `log1p` or `erf`, the module
 * docs of `erfinv.ts` and `samplers.ts` say so.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { random } from 'fluxion'
 * const [k1, k2] = random.split(random.key(42))      // use the parent key no more
 * const w = random.normal(k1, [3, 2])
 * assert.deepEqual(w.shape, [3, 2])
 * assert.deepEqual(random.normal(k1, [3, 2]).toArray(), w.toArray()) // same key, same values
 * assert.notDeepEqual(random.normal(k2, [3, 2]).toArray(), w.toArray())
 * ```
 *
 * @module
 * @since 0.1.0
 */
export { Key, KeyError, MAX_SPLIT, isKey, key, wrapKeyData, keyData, type KeyTuple, type SplitKeys } from './key.js'
export { toUint32, type BitsOptions } from './bits.js'
export { type DTypeOptions, type UniformOptions, type CategoricalOptions } from './samplers.js'
export { type PermutationOptions, type ChoiceOptions } from './discrete.js'
export { KeyBatch, overKeys } from './batch.js'
export { threefry2x32 } from './threefry.js'
export type { FloatDType } from './util.js'

// Every function that takes a key also takes a key batched by vmap (see batch.ts).
import { overKeys } from './batch.js'
import * as B from './bits.js'
import * as D from './discrete.js'
import * as K from './key.js'
import * as S from './samplers.js'

/** @see key.ts */ export const split = overKeys('split', K.split)
/** @see key.ts */ export const foldIn = overKeys('foldIn', K.foldIn)
/** @see bits.ts */ export const bits = overKeys('bits', B.bits)
/** @see samplers.ts */ export const uniform = overKeys('uniform', S.uniform)
/** @see samplers.ts */ export const normal = overKeys('normal', S.normal)
/** @see samplers.ts */ export const truncatedNormal = overKeys('truncatedNormal', S.truncatedNormal)
/** @see samplers.ts */ export const gumbel = overKeys('gumbel', S.gumbel)
/** @see samplers.ts */ export const bernoulli = overKeys('bernoulli', S.bernoulli)
/** @see samplers.ts */ export const categorical = overKeys('categorical', S.categorical)
/** @see discrete.ts */ export const randint = overKeys('randint', D.randint)
/** @see discrete.ts */ export const permutation = overKeys('permutation', D.permutation)
/** @see discrete.ts */ export const choice = overKeys('choice', D.choice)
