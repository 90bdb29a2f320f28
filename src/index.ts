/**
 * fluxion: functional, immutable differentiable programming for TypeScript.
 * This module only re-exports; each part lives in its own folder.
 *
 * @since 0.1.0
 */
export { Tensor, type NestedArray, type NestedNumbers } from './tensor/tensor.js'
export { tensor, zeros, ones, full, arange, linspace, eye, zerosLike, onesLike, type TensorOptions } from './tensor/create.js'
export { type DType, type TypedArray, promoteTypes } from './tensor/dtype.js'
export { MAX_ELEMENTS, MAX_RANK } from './tensor/shape.js'
export * from './errors.js'
export * from './ad/index.js'
export * as linalg from './linalg.js'
export * as tree from './tree/index.js'
export * as optim from './optim/index.js'
export * as random from './random/index.js'
export * as init from './init/index.js'
export * as nn from './nn/index.js'
export * as data from './data/index.js'
export * as experiment from './experiment/index.js'
