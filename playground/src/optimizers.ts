/**
 * The playground's optimizer list: plain settings (what the page's controls
 * hold, JSON that crosses to the worker) turned into fluxion gradient
 * transformations. This adapter is the one place that knows the `optim` options.
 *
 * Momentum is `optim.sgd` with its forms: `u ← β·u + (1 − d)·g` (PyTorch's
 * `dampening` d), the bias correction `u/(1 − βᵗ)` (`debias`), and Nesterov
 * reparametrized (`nesterov: true`) or at the look-ahead point
 * (`nesterov: 'lookahead'`, which has no debiased form: there `debias` is left out).
 *
 * @example
 * const t = transformOf({ kind: 'momentum', lr: 0.02, beta: 0.9, dampening: 0, debias: false, nesterov: 'none' })
 * describe({ kind: 'adam', lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8 })   // 'lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8'
 *
 * @since 0.1.0
 */
import { optim } from '../../src/index.js'

// ---- model ----

/** Plain gradient descent. */
export interface GdSettings { readonly kind: 'gd'; readonly lr: number }

/** The Nesterov form: none (heavy ball), the reparametrized one (optax, PyTorch) or the gradient at the look-ahead point. */
export type NesterovForm = 'none' | 'reparametrized' | 'lookahead'

/** SGD with momentum `u ← β·u + (1 − d)·g`, optionally debiased by `1 − βᵗ`, optionally Nesterov. */
export interface MomentumSettings {
  readonly kind: 'momentum'
  readonly lr: number
  readonly beta: number
  readonly dampening: number
  readonly debias: boolean
  readonly nesterov: NesterovForm
}

/** Adam. */
export interface AdamSettings { readonly kind: 'adam'; readonly lr: number; readonly b1: number; readonly b2: number; readonly eps: number }

/** Damped Newton `p ← p − η·(H + λI)⁻¹g`. */
export interface NewtonSettings { readonly kind: 'newton'; readonly lr: number; readonly damping: number }

/** One optimizer's settings. */
export type OptimizerSettings = GdSettings | MomentumSettings | AdamSettings | NewtonSettings

type AnyTransform = optim.GradientTransformation<unknown>

// ---- constructors ----

/** The transformation for one optimizer's settings. */
export const transformOf = (s: OptimizerSettings): AnyTransform => {
  switch (s.kind) {
    case 'gd':
      return optim.sgd(s.lr) as AnyTransform
    case 'momentum':
      return optim.sgd(s.lr, { momentum: s.beta, ...momentumOptions(s) }) as AnyTransform
    case 'adam':
      return optim.adam(s.lr, { b1: s.b1, b2: s.b2, eps: s.eps }) as AnyTransform
    case 'newton':
      return optim.newton(s.lr, { damping: s.damping }) as AnyTransform
  }
}

/** The momentum options passed to `optim.sgd`, each only when it is not the default. */
const momentumOptions = (s: MomentumSettings): optim.SgdOptions => {
  const nesterov = s.nesterov === 'reparametrized' ? true : s.nesterov === 'lookahead' ? ('lookahead' as const) : undefined
  return {
    ...(nesterov === undefined ? {} : { nesterov }),
    ...(s.dampening !== 0 ? { dampening: s.dampening } : {}),
    // the look-ahead form has no debiased variant
    ...(s.debias && nesterov !== 'lookahead' ? { debias: true } : {}),
  }
}

/** The settings in words, for legends and tables: e.g. `lr 0.02, β 0.9, damped (d 0.9), debiased`. */
export const describe = (s: OptimizerSettings): string => {
  switch (s.kind) {
    case 'gd':
      return `lr ${s.lr}`
    case 'momentum': {
      const o = momentumOptions(s)
      const form = o.dampening === undefined ? 'u ← βu + g' : `u ← βu + ${round(1 - o.dampening)}g`
      const nest = o.nesterov === true ? ', Nesterov (reparametrized)' : o.nesterov === 'lookahead' ? ', Nesterov (look-ahead)' : ''
      return `lr ${s.lr}, β ${s.beta}, ${form}${o.debias === true ? ', debiased' : ''}${nest}`
    }
    case 'adam':
      return `lr ${s.lr}, β₁ ${s.b1}, β₂ ${s.b2}, ε ${s.eps}`
    case 'newton':
      return `η ${s.lr}, λ ${s.damping}`
  }
}

const round = (v: number): number => Number(v.toPrecision(6))
