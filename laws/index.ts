/**
 * `fluxion/laws`: the law library. Pure predicates, grouped by what they are
 * about (`broadcasting`, `shapeOps`, `matmulLaws`, `reductionLaws`, `purity`,
 * `promotion`, ...), the arbitraries that feed them, and runners that
 * `fc.assert` them with the fixed `SEED`. Use the predicates and runners to
 * check laws of your own code, e.g. that a function leaves its inputs alone:
 *
 * @example
 * ```ts
 * import { checkLeavesInputsUnchanged, tensorArb } from 'fluxion/laws'
 * import { mul, type Tensor } from 'fluxion'
 * // throws (with a shrunk counterexample) if the function writes into its input
 * checkLeavesInputsUnchanged((x: Tensor) => mul(x, 2), tensorArb.tensor().map((x) => [x]))
 * ```
 *
 * @module fluxion/laws
 * @since 0.1.0
 */
export * from './approx.js'
export * from './tensor.js'
export * from './ad.js'
export * from './optim.js'
export * from './random.js'
export * from './vmap.js'
