/** The eager ops on concrete tensors: the `impl` side of every primitive. @internal */
export * from './elementwise.js'
export * from './linalg.js'
export * from './movement.js'
export * from './reduce.js'
