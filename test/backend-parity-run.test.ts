/**
 * A float64 training run gives the same bits on the JS and the wasm backend,
 * and in a fresh process as in this one (issue 11: it used to first differ at
 * step 7, from the order of the last-axis sum).
 */
import { describe, expect, it } from 'vitest'
import { wasmBackend } from '../src/backend/wasm/index.js'
import { hexBits, repoModule, runChild } from './support/child.js'
import { trainF64 } from './support/train-f64.js'

const STEPS = 25
const child = (backend: 'js' | 'wasm'): { losses: string; params: string } =>
  JSON.parse(runChild(`
    import { trainF64 } from ${repoModule('test/support/train-f64.ts')}
    import { hexBits } from ${repoModule('test/support/child.ts')}
    import { backend } from ${repoModule('src/backend/index.ts')}
    if (backend.name !== ${JSON.stringify(backend)}) throw new Error('backend ' + backend.name)
    const r = trainF64(${STEPS})
    console.log(JSON.stringify({ losses: hexBits(r.losses), params: hexBits(r.params) }))
  `, { FLUXION_BACKEND: backend }))

describe.skipIf(wasmBackend === null)('a float64 training run across backends and processes', () => {
  const here = trainF64(STEPS)
  const mine = { losses: hexBits(here.losses), params: hexBits(here.params) }

  it('trains (the loss falls), so the comparison is not of a trivial run', () => {
    expect(here.losses[STEPS - 1]!).toBeLessThan(here.losses[0]! * 0.8)
    expect(here.params.every(Number.isFinite)).toBe(true)
  })

  it('FLUXION_BACKEND=js and =wasm in child processes give the same losses and parameters, bit for bit, as this process', () => {
    const js = child('js')
    const wasm = child('wasm')
    expect(js.losses).toBe(mine.losses)
    expect(wasm.losses).toBe(mine.losses)
    expect(js.params).toBe(mine.params)
    expect(wasm.params).toBe(mine.params)
  })
})
