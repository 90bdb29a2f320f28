import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { wasmBackend } from '../src/backend/wasm/index.js'
import { matmul } from '../src/backend/wasm/matmul.js'
import { runtime } from '../src/backend/wasm/runtime.js'
import { matmulThreaded, shutdown, splitRows, splitsShape, warmup, workerJobs } from '../src/backend/wasm/threads.js'
import { F32, F64 } from '../src/backend/wasm/emit/float.js'

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor

let seed = 20240607
const rand = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
  return seed / 2 ** 32 - 0.5
}
const fill = <T extends Float32Array | Float64Array>(x: T): T => {
  for (let i = 0; i < x.length; i++) x[i] = rand()
  return x
}
const bits = (x: Float32Array | Float64Array): Uint8Array => new Uint8Array(x.buffer, x.byteOffset, x.byteLength)
const sameBits = (x: Float32Array | Float64Array, y: Float32Array | Float64Array): boolean => {
  const u = bits(x)
  const v = bits(y)
  if (u.length !== v.length) return false
  for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return false
  return true
}

const layouts: ReadonlyArray<[boolean, boolean]> = [[false, false], [true, false], [false, true], [true, true]]
const dtypes: ReadonlyArray<[string, Ctor]> = [['f32', Float32Array], ['f64', Float64Array]]

let available = false
beforeAll(async () => {
  available = wasmBackend !== null && (await warmup())
})
afterAll(async () => {
  await shutdown()
})

/** Run one product both ways; expect the threaded call to accept and match bit for bit. */
const check = (
  C: Ctor, batch: number, m: number, k: number, n: number, tA: boolean, tB: boolean, aAll: boolean, bAll: boolean,
  defaultMin = false,
): void => {
  const a = fill(new C((aAll ? batch : 1) * m * k))
  const b = fill(new C((bAll ? batch : 1) * k * n))
  const want = new C(batch * m * n)
  const got = new C(batch * m * n).fill(Number.NaN)
  const aStride = aAll ? m * k : 0
  const bStride = bAll ? k * n : 0
  wasmBackend!.matmul(a, b, want, batch, m, k, n, tA, tB, aStride, bStride)
  expect(matmulThreaded(a, b, got, batch, m, k, n, tA, tB, aStride, bStride, defaultMin ? undefined : 0)).toBe(true)
  expect(sameBits(got, want)).toBe(true)
}

describe('two-thread wasm matmul', () => {
  it('is available in Node with two cores', () => {
    expect(available).toBe(true)
  })

  for (const [name, C] of dtypes) {
    for (const [tA, tB] of layouts) {
      it(`${name} ${tA ? 'Aᵀ' : 'A'}·${tB ? 'Bᵀ' : 'B'}: odd sizes are bit-identical to one thread`, () => {
        check(C, 1, 257, 129, 300, tA, tB, false, false)
      })
      it(`${name} ${tA ? 'Aᵀ' : 'A'}·${tB ? 'Bᵀ' : 'B'}: batched, with and without broadcasting`, () => {
        check(C, 3, 131, 257, 133, tA, tB, true, true)
        check(C, 2, 200, 300, 129, tA, tB, true, false)
        check(C, 2, 161, 128, 270, tA, tB, false, true)
      })
    }
  }

  it('accepts large products at the default threshold', () => {
    check(Float32Array, 1, 257, 257, 300, false, false, false, false, true)
    check(Float64Array, 2, 129, 131, 257, true, false, true, true, true)
  })

  it('gives the same bits over repeated calls and growing sizes', () => {
    for (let r = 0; r < 3; r++) {
      for (const [, C] of dtypes) {
        check(C, 1, 300, 300, 300, false, false, false, false)
        check(C, 1, 130, 1100, 140, true, false, false, false)
        check(C, 2, 512, 256, 64, false, true, true, false)
      }
    }
  })

  it('keeps k-blocks past KC and column blocks past NC exact', () => {
    check(Float32Array, 1, 64, 600, 1100, false, false, false, false)
    check(Float64Array, 1, 70, 530, 1030, true, true, false, false)
  })

  it('splits rows at a fixed point', () => {
    expect(splitRows(F32, 257)).toBe(132)
    expect(splitRows(F32, 256)).toBe(128)
  })

  it('declines small, thin, integer and mixed products without writing', () => {
    const out = new Float32Array(48 * 48).fill(7)
    expect(matmulThreaded(new Float32Array(48 * 48), new Float32Array(48 * 48), out, 1, 48, 48, 48, false, false, 0, 0)).toBe(false)
    expect(out.every((x) => x === 7)).toBe(true)
    // a product the single-thread matmul gives to its JS fallback declines even when asked to thread
    expect(matmulThreaded(new Float32Array(16 * 32), new Float32Array(32 * 32), new Float32Array(16 * 32), 1, 16, 32, 32, false, false, 0, 0, 0)).toBe(false)
    const k = 4096
    expect(matmulThreaded(new Float32Array(8 * k), new Float32Array(k * 1024), new Float32Array(8 * 1024), 1, 8, k, 1024, false, false, 0, 0)).toBe(false)
    expect(matmulThreaded(new Int32Array(256 * 256), new Int32Array(256 * 256), new Int32Array(256 * 256), 1, 256, 256, 256, false, false, 0, 0)).toBe(false)
    expect(matmulThreaded(new Float64Array(256 * 256), new Float32Array(256 * 256), new Float32Array(256 * 256), 1, 256, 256, 256, false, false, 0, 0)).toBe(false)
  })

  it('plans by shape: a small product stays on one thread, a large one splits', () => {
    expect(splitsShape(F32, 1, 48, 48, 48)).toBe(false)
    expect(splitsShape(F64, 1, 64, 64, 64)).toBe(false)
    expect(splitsShape(F32, 1, 128, 128, 128)).toBe(true)
    expect(splitsShape(F64, 1, 128, 128, 128)).toBe(true)
    expect(splitsShape(F32, 1, 8, 4096, 1024)).toBe(false) // too few rows to give each thread two tiles
    expect(splitsShape(F32, 1, 48, 48, 48, 0)).toBe(true) // a lower threshold, as the tests above use
  })

  it('a large product on the wasm backend is split with the worker, a small one never reaches it; same bits either way', () => {
    expect(available).toBe(true)
    for (const [C, s, threaded] of [[Float32Array, 48, false], [Float64Array, 64, false], [Float32Array, 160, true], [Float64Array, 160, true]] as const) {
      const a = fill(new C(s * s))
      const b = fill(new C(s * s))
      const got = new C(s * s)
      const want = new C(s * s)
      const before = workerJobs()
      wasmBackend!.matmul(a, b, got, 1, s, s, s, false, false, 0, 0)
      expect(workerJobs() - before, `${C.name} ${s}³`).toBe(threaded ? 1 : 0)
      matmul(runtime!, false)(a, b, want, 1, s, s, s, false, false, 0, 0) // the single-thread wasm matmul
      expect(sameBits(got, want)).toBe(true)
    }
  })

  it('never keeps the process alive', () => {
    const script = fileURLToPath(new URL('../src/backend/wasm/threads.ts', import.meta.url))
    const code = `
      import { matmulThreaded, warmup, workerJobs } from ${JSON.stringify(script)}
      const s = 256, a = new Float64Array(s * s).fill(1), o = new Float64Array(s * s)
      const ready = await warmup()
      const ok = matmulThreaded(a, a, o, 1, s, s, s, false, false, 0, 0)
      console.log(ready, ok, workerJobs(), o[0])
    `
    // The worker ran a job and is still alive when the script ends; the child must exit by itself
    // (execFileSync returns only when it has). The timeout only turns a hang into a failure.
    const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url))
    const stdout = execFileSync(process.execPath, [tsx, '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 })
    expect(stdout.trim()).toBe('true true 1 256')
  })
})
