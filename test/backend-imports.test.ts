/**
 * The backend is the ground of the library (issue 12): every import under
 * `src/` is parsed, and
 * - no module under `src/backend/` imports anything above it (only other backend
 *   modules, and `src/errors.ts`, itself a leaf that imports nothing);
 * - no module outside `src/backend/` imports anything of it but its door,
 *   `src/backend/index.ts`;
 * - there is no import cycle, type-only imports included: none at all touching
 *   the backend, and elsewhere none but the known ones listed below.
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cycles, importGraph, violations } from './support/imports.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const graph = importGraph(`${ROOT}src`, ROOT)

const inBackend = (p: string): boolean => p.startsWith('src/backend/')
const ERRORS = 'src/errors.ts'

/**
 * Cycles outside the backend that predate this test, each the whole set of
 * modules of one strongly connected component: the AD rules of the primitives
 * refer to each other's primitives, and optim's base and check share a type.
 * A new cycle, or one that grows, fails; when one of these goes, delete it here.
 */
const KNOWN_CYCLES: ReadonlyArray<ReadonlyArray<string>> = [
  ['src/ad/prims/arith.ts', 'src/ad/prims/reduce.ts', 'src/ad/prims/shape.ts', 'src/ad/prims/unary.ts'],
  ['src/optim/base.ts', 'src/optim/check.ts'],
]

describe('the import graph of src/', () => {
  it('is read: every module of the backend and of the layers above is in it', () => {
    expect(graph.has('src/backend/index.ts')).toBe(true)
    expect(graph.has('src/backend/wasm/emit/kernels.ts')).toBe(true)
    expect(graph.get('src/tensor/eager/reduce.ts')).toContain('src/backend/index.ts')
    expect(graph.size).toBeGreaterThan(50)
  })

  it('the backend imports nothing above it', () => {
    expect(violations(graph, (from, to) => !inBackend(from) || inBackend(to) || to === ERRORS)).toEqual([])
    expect(graph.get(ERRORS)).toEqual([])
  })

  it('the layers above reach the backend only through src/backend/index.ts', () => {
    expect(violations(graph, (from, to) => inBackend(from) || !inBackend(to) || to === 'src/backend/index.ts')).toEqual([])
  })

  it('has no import cycle through the backend, and no other cycle but the known ones', () => {
    const found = cycles(graph)
    expect(found.filter((c) => c.some(inBackend))).toEqual([])
    const unknown = found.filter((c) => !KNOWN_CYCLES.some((k) => c.every((m) => k.includes(m))))
    expect(unknown).toEqual([])
  })

  it('the wasm code that emits kernels does not import the code that drives them at run time', () => {
    const emit = (p: string): boolean => p.startsWith('src/backend/wasm/emit/')
    expect(violations(graph, (from, to) => !emit(from) || emit(to) || to.startsWith('src/backend/js/') || to === 'src/backend/backend.ts')).toEqual([])
  })
})

describe('the checks themselves', () => {
  it('find a cycle, a self-import, and a forbidden edge in a made-up graph', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['d']], ['e', ['a']]])
    expect(cycles(g).map((c) => [...c].sort())).toEqual([['a', 'b', 'c'], ['d']])
    expect(violations(g, (from, to) => !(from === 'e' && to === 'a'))).toEqual(['e → a'])
  })
})
