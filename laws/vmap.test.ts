import { describe, expect, it } from 'vitest'
// the package root, so that every primitive the library defines is registered
import '../src/index.js'
import { definePrimitive, primitives } from '../src/ad/index.js'
import { batchCases, checkBatchCases, checkBatchingCoverage, checkPrimitiveBatching } from './vmap.js'

describe('laws/vmap', () => {
  it('every registered primitive has a batching rule and a case', () => {
    expect(() => checkBatchingCoverage()).not.toThrow()
  })

  describe.each([...primitives().keys()])('primitive %s', (name) => {
    it('vmap equals the loop over examples (random batch sizes and axes), and commutes with jvp and vjp', () => {
      checkPrimitiveBatching([name])
    })
  })

  describe.each(Object.keys(batchCases))('%s', (name) => {
    it('vmap equals the loop over examples, and commutes with jvp and vjp', () => {
      checkBatchCases([name])
    })
  })

  // keep this last: it adds a primitive to the registry for the rest of this file
  it('a primitive without a batching rule fails, naming it', () => {
    definePrimitive({ name: 'lawsVmapUnbatched', impl: ([x]) => x!, shape: ([x]) => x!, nondiff: true })
    expect(() => checkBatchingCoverage()).toThrow(/lawsVmapUnbatched/)
    expect(() => checkPrimitiveBatching(['lawsVmapUnbatched'])).toThrow(/lawsVmapUnbatched has no batching rule/)
  })
})
