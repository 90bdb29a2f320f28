/**
 * `fluxion/laws`: the law library. Pure predicates, grouped by what they are
 * about (`broadcasting`, `shapeOps`, `matmulLaws`, `reductionLaws`, `purity`,
 * `promotion`, ...), the arbitraries that feed them, and runners that
 * `fc.assert` them with the fixed `SEED`. Use the predicates and runners to
 * check laws of your own code, e.g. that a function leaves its inputs alone:
 *
 * @example
 * import { checkLeavesInputsUnchanged, tensorArb } from 'fluxion/laws'
 * checkLeavesInputsUnchanged((x) => myLayer(x), tensorArb.tensor().map((x) => [x]))
 *
 * Each family of laws lives in its own module and is re-exported here.
 *
 * @since 0.1.0
 */
export * from './approx.js'
export * from './tensor.js'
export * from './ad.js'
export * from './optim.js'
export * from './random.js'
export * from './vmap.js'
