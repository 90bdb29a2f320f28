/**
 * Combining transformations: `chain` runs them in sequence, `masked` runs one
 * on part of the parameter tree, `multiTransform` runs a different one on each
 * labelled part.
 *
 * `chain` with `identity` is a monoid (`chain(identity(), t) ≡ t ≡
 * chain(t, identity())`, and `chain` is associative), exposed as the fp-ts
 * `Monoid` `monoid`. The equality is observational: the states differ in
 * shape (`[{}, S]` vs `S`), the updates they produce do not.
 *
 * @example
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3))
 * const s = opt.init(params)                // readonly [EmptyState, ScaleByAdamState, EmptyState]
 * const noDecayOnBiases = multiTransform(
 *   { decay: adamw(1e-3), plain: adam(1e-3) },
 *   { w: 'decay', b: 'plain' },
 * )
 *
 * @since 0.1.0
 */
import type { Monoid } from 'fp-ts/lib/Monoid.js'
import { TreeError, ValueError } from '../errors.js'
import { identity, type GradientTransformation, type Params, type StateOf, type Updates } from './base.js'
import { describe, expectFields, isPlainObject, StateError, within } from './check.js'
import * as V from './validate.js'

// ---- model ----

/** The state of `chain(a, b, ...)`: the tuple `readonly [Sa, Sb, ...]`. @category model @since 0.1.0 */
export type ChainState<Ts extends ReadonlyArray<GradientTransformation<unknown>>> = { readonly [K in keyof Ts]: StateOf<Ts[K]> }

/**
 * A mask: booleans at the leaves (or at whole subtrees: a prefix of the
 * parameter tree), `true` where the transform applies.
 * @category model
 * @since 0.1.0
 */
export type MaskTree = boolean | null | undefined | ReadonlyArray<MaskTree> | { readonly [key: string]: MaskTree }

/** A mask tree, or a function of the parameters that returns one. @category model @since 0.1.0 */
export type Mask = MaskTree | ((params: Params) => MaskTree)

/** The state of `masked(t, mask)`: `t`'s state for the masked-in leaves only. @category model @since 0.1.0 */
export interface MaskedState<S> {
  readonly inner: S
}

/** Labels for `multiTransform`: strings at the leaves (or at whole subtrees). @category model @since 0.1.0 */
export type LabelTree = string | null | undefined | ReadonlyArray<LabelTree> | { readonly [key: string]: LabelTree }

/** A label tree, or a function of the parameters that returns one. @category model @since 0.1.0 */
export type Labels = LabelTree | ((params: Params) => LabelTree)

/** The transforms of a `multiTransform`, by label. @category model @since 0.1.0 */
export type TransformsByLabel = { readonly [label: string]: GradientTransformation<unknown> }

/** The state of `multiTransform`: one masked state per label. @category model @since 0.1.0 */
export interface MultiTransformState<T extends TransformsByLabel> {
  readonly inner: { readonly [K in keyof T]: MaskedState<StateOf<T[K]>> }
}

// ---- combinators ----

/**
 * Run transformations in sequence: the updates of each feed the next. The
 * state is the tuple of their states. `params` and `extra` go to every one.
 *
 * @example
 * const sgdWithMomentum = chain(trace({ decay: 0.9 }), scaleByLearningRate(0.01))
 * const [s0, s1] = sgdWithMomentum.init(params)   // TraceState, EmptyState
 *
 * @category combinators
 * @since 0.1.0
 */
export const chain = <Ts extends ReadonlyArray<GradientTransformation<unknown>>>(...ts: Ts): GradientTransformation<ChainState<Ts>> => {
  ts.forEach((t, i) => V.transformation('chain', `argument ${i}`, t))
  return {
  init: (params) => ts.map((t) => t.init(params)) as unknown as ChainState<Ts>,
  update: (updates, state, params, extra) => {
    if (!Array.isArray(state) || state.length !== ts.length)
      throw new StateError('chain', '', `is ${describe(state)}, expected an array of ${ts.length} states (one per transform in the chain)`)
    let u = updates
    const next = ts.map((t, i) => {
      const [v, s] = within(`[${i}]`, () => t.update(u, state[i], params, extra))
      u = v
      return s
    })
    return [u, next as unknown as ChainState<Ts>]
  },
  }
}

const joinPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`)

/** Keep the subtrees of `t` where the mask is true; the rest become null (empty subtrees). */
const selectWhere = (op: string, mask: MaskTree, t: unknown, path = '', name = 'parameters'): unknown => {
  const differ = (what: string) =>
    new TreeError(`${op}: the mask and the ${name} differ at ${path || '(root)'}: the mask has ${what}, the ${name} have ${describe(t)}`)
  if (typeof mask === 'boolean') return mask ? t : null
  if (mask === null || mask === undefined) {
    if (t === null || t === undefined) return t
    throw differ(String(mask))
  }
  if (Array.isArray(mask)) {
    if (!Array.isArray(t) || t.length !== mask.length) throw differ(`an array of ${mask.length}`)
    return mask.map((m: MaskTree, i) => selectWhere(op, m, t[i], `${path}[${i}]`, name))
  }
  if (isPlainObject(mask)) {
    const keys = Object.keys(mask).sort()
    if (!isPlainObject(t) || Object.keys(t).sort().join('\u0000') !== keys.join('\u0000')) throw differ(`an object with fields {${keys.join(', ')}}`)
    return Object.fromEntries(keys.map((k) => [k, selectWhere(op, mask[k], t[k], joinPath(path, k), name)]))
  }
  throw new TreeError(`${op}: the mask at ${path || '(root)'} is ${describe(mask)}; mask leaves must be booleans (true where the transform applies)`)
}

/** Take `inner` where the mask is true and `outer` elsewhere (structures already checked). */
const mergeWhere = (mask: MaskTree, inner: unknown, outer: unknown): unknown => {
  if (typeof mask === 'boolean') return mask ? inner : outer
  if (Array.isArray(mask)) return mask.map((m: MaskTree, i) => mergeWhere(m, (inner as unknown[])[i], (outer as unknown[])[i]))
  if (isPlainObject(mask)) {
    const a = inner as Record<string, unknown>
    const b = outer as Record<string, unknown>
    return Object.fromEntries(Object.keys(mask).map((k) => [k, mergeWhere(mask[k], a[k], b[k])]))
  }
  return outer
}

/**
 * Apply `t` only where `mask` is true; elsewhere the updates pass through
 * unchanged. `t` sees (and keeps state for) only the masked-in leaves: the
 * others are replaced by empty subtrees. A mask function is called with the
 * parameters (in `update`, with the updates when no parameters are given;
 * the structure is the same).
 *
 * @example
 * // weight decay on matrices only
 * const decay = masked(addDecayedWeights({ weightDecay: 1e-4 }), (p) => tree.map((x) => x.ndim > 1, p))
 *
 * @category combinators
 * @since 0.1.0
 */
export const masked = <S>(t: GradientTransformation<S>, mask: Mask): GradientTransformation<MaskedState<S>> => {
  V.transformation('masked', 'the transform', t)
  if (mask !== null && mask !== undefined && !['boolean', 'object', 'function'].includes(typeof mask))
    throw new ValueError(`masked: mask must be a tree of booleans or a function of the parameters that returns one, got ${V.show(mask)}`)
  const maskOf = (p: Params): MaskTree => (typeof mask === 'function' ? mask(p) : mask)
  return {
    init: (params) => ({ inner: t.init(selectWhere('masked', maskOf(params), params) as Params) }),
    update: (updates, state, params, extra) => {
      const inner0 = expectFields('masked', state, ['inner']).inner as S
      const m = maskOf(params ?? updates)
      const mu = selectWhere('masked', m, updates, '', 'updates') as Updates
      const mp = params === undefined ? undefined : (selectWhere('masked', m, params) as Params)
      const [v, inner] = within('inner', () => t.update(mu, inner0, mp, extra))
      return [mergeWhere(m, v, updates) as typeof updates, { inner }]
    },
  }
}

/** Check every label leaf is a string with a transform; return the mask for each label. */
const masksByLabel = (labels: LabelTree, names: ReadonlyArray<string>): Record<string, MaskTree> => {
  const known = new Set(names)
  const mapLabels = (l: LabelTree, path: string, f: (label: string) => boolean): MaskTree => {
    if (typeof l === 'string') {
      if (!known.has(l))
        throw new ValueError(
          `multiTransform: the parameters at ${path || '(root)'} are labelled '${l}', but there is no transform for '${l}' ` +
            `(transforms: ${names.join(', ') || 'none'}). Add one, or change the label.`,
        )
      return f(l)
    }
    if (l === null || l === undefined) return l
    if (Array.isArray(l)) return l.map((x: LabelTree, i) => mapLabels(x, `${path}[${i}]`, f))
    if (isPlainObject(l)) return Object.fromEntries(Object.keys(l).map((k) => [k, mapLabels(l[k] as LabelTree, joinPath(path, k), f)]))
    throw new TreeError(`multiTransform: the label at ${path || '(root)'} is ${describe(l)}; labels must be strings`)
  }
  return Object.fromEntries(names.map((n) => [n, mapLabels(labels, '', (l) => l === n)]))
}

/**
 * A different transformation per label: `labels` (a tree of strings, a prefix
 * of the parameters, or a function of the parameters that returns one) says
 * which transform each leaf gets. A label with no transform is an error.
 *
 * @example
 * const opt = multiTransform({ decay: adamw(1e-3), plain: adam(1e-3) }, (p) => tree.map((x) => (x.ndim > 1 ? 'decay' : 'plain'), p))
 *
 * @category combinators
 * @since 0.1.0
 */
export const multiTransform = <T extends TransformsByLabel>(transforms: T, labels: Labels): GradientTransformation<MultiTransformState<T>> => {
  if (transforms === null || typeof transforms !== 'object' || Array.isArray(transforms))
    throw new ValueError(`multiTransform: transforms must be an object of transformations by label, got ${V.show(transforms)}`)
  const names = Object.keys(transforms)
  for (const n of names) V.transformation('multiTransform', `the transform for '${n}'`, transforms[n]!)
  if (labels === null || labels === undefined || !['string', 'object', 'function'].includes(typeof labels))
    throw new ValueError(`multiTransform: labels must be a tree of labels or a function of the parameters that returns one, got ${V.show(labels)}`)
  const parts = (p: Params) => {
    const masks = masksByLabel(typeof labels === 'function' ? labels(p) : labels, names)
    return names.map((n) => [n, masked(transforms[n]!, masks[n]!)] as const)
  }
  return {
    init: (params) => ({ inner: Object.fromEntries(parts(params).map(([n, t]) => [n, t.init(params)])) }) as MultiTransformState<T>,
    update: (updates, state, params, extra) => {
      const st = expectFields('multiTransform', state, ['inner'])
      const inner = within('inner', () => expectFields('multiTransform', st.inner, names))
      let u = updates
      const next = parts(params ?? updates).map(([n, t]) => {
        const [v, s] = within(`inner.${n}`, () => t.update(u, inner[n] as MaskedState<unknown>, params, extra))
        u = v
        return [n, s] as const
      })
      return [u, { inner: Object.fromEntries(next) } as MultiTransformState<T>]
    },
  }
}

// ---- instances ----

/**
 * Gradient transformations form a monoid under `chain`, with `identity` as
 * the unit. States are erased to `unknown` here because `chain` changes them.
 *
 * @example
 * import { concatAll } from 'fp-ts/Monoid'
 * const t = concatAll(monoid)([clip(1), scaleByAdam(), scale(-1e-3)])
 *
 * @category instances
 * @since 0.1.0
 */
export const monoid: Monoid<GradientTransformation<unknown>> = {
  concat: (x, y) => chain(x, y),
  empty: identity(),
}
