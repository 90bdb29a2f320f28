import { describe, it } from 'vitest'
// the package root, so that every primitive the library defines is registered
import '../src/index.js'
import { primitives } from '../src/ad/index.js'
import { checkPrimitiveJit } from './jit.js'

describe('laws/jit', () => {
  describe.each([...primitives().keys()])('primitive %s', (name) => {
    it('jit equals eager bit for bit (float64 and float32), the shape rule matches the kernel, jit(jvp), jvp(jit), jit(vjp)', () => {
      checkPrimitiveJit([name])
    })
  })
})
