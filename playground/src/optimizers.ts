/**
 * The playground's optimizer list: plain settings (what the page's controls
 * hold, JSON that crosses to the worker) turned into fluxion gradient
 * transformations. This adapter is the one place that knows which `optim`
 * options exist.
 *
 * The momentum forms of issue 15 (`dampening`, `debias`, and the look-ahead
 * Nesterov form `nesterov: 'lookahead'`) are probed, not assumed: each is used
 * when `optim.sgd` honours it (a one-step probe of its updates), and its
 * control is disabled otherwise. So the page works against the API with or
 * without them, and lights them up when they land.
 *
 * @example
 * const t = transformOf({ kind: 'momentum', lr: 0.02, beta: 0.9, dampening: 0, debias: false, nesterov: 'none' })
 * describe({ kind: 'adam', lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8 })   // 'lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8'
 *
 * @since 0.1.0
 */
import { optim, tensor, type Tensor } from '../../src/index.js'

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

/** Which of the newer `optim.sgd` options this build of fluxion honours. */
export interface Capabilities {
  readonly dampening: boolean
  readonly debias: boolean
  readonly lookahead: boolean
}

/** `optim.sgd`'s options with the forms of issue 15 (dampening, debias, `nesterov: 'lookahead'`). */
interface SgdOptionsWithForms {
  readonly momentum?: number
  readonly nesterov?: boolean | 'lookahead'
  readonly dampening?: number
  readonly debias?: boolean
}

type AnyTransform = optim.GradientTransformation<unknown>

// the cast lets this compile against an optim.sgd whose options type does not name the newer fields yet
const sgd = optim.sgd as unknown as (lr: number, o?: SgdOptionsWithForms) => AnyTransform

// ---- capabilities ----

/** The first update of `transform` for a gradient of 1 at p = 0 (loss p²/2), or undefined if it throws. */
const firstUpdate = (make: () => AnyTransform): number | undefined => {
  try {
    const t = make()
    const p = tensor(0, { dtype: 'float64' })
    const [u] = t.update(tensor(1, { dtype: 'float64' }), t.init(p), p, { loss: (q: Tensor) => q.square().mul(0.5) })
    return (u as Tensor).item()
  } catch {
    return undefined
  }
}

/**
 * Probe `optim.sgd`: with β = ½ and a unit gradient, the first step is −1 undamped, −½ with dampening ½,
 * and −2 debiased (u/(1 − β)); an option that is ignored leaves it at −1.
 */
export const capabilities: Capabilities = {
  dampening: firstUpdate(() => sgd(1, { momentum: 0.5, dampening: 0.5 })) === -0.5,
  debias: firstUpdate(() => sgd(1, { momentum: 0.5, debias: true })) === -2,
  lookahead: firstUpdate(() => sgd(1, { momentum: 0.5, nesterov: 'lookahead' })) !== undefined,
}

// ---- constructors ----

/**
 * The transformation for one optimizer's settings. Options this fluxion does
 * not honour (see `capabilities`) are left out, and `describe` says so.
 */
export const transformOf = (s: OptimizerSettings): AnyTransform => {
  switch (s.kind) {
    case 'gd':
      return optim.sgd(s.lr) as AnyTransform
    case 'momentum': {
      const o = momentumOptions(s)
      return sgd(s.lr, { momentum: s.beta, ...o })
    }
    case 'adam':
      return optim.adam(s.lr, { b1: s.b1, b2: s.b2, eps: s.eps }) as AnyTransform
    case 'newton':
      return optim.newton(s.lr, { damping: s.damping }) as AnyTransform
  }
}

/** The momentum options actually passed to `optim.sgd` (only those it honours, and only when not the default). */
const momentumOptions = (s: MomentumSettings): SgdOptionsWithForms => {
  const nesterov = s.nesterov === 'reparametrized' ? true : s.nesterov === 'lookahead' && capabilities.lookahead ? ('lookahead' as const) : undefined
  return {
    ...(nesterov === undefined ? {} : { nesterov }),
    ...(capabilities.dampening && s.dampening !== 0 ? { dampening: s.dampening } : {}),
    // the look-ahead form has no debiased variant
    ...(capabilities.debias && s.debias && nesterov !== 'lookahead' ? { debias: true } : {}),
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
