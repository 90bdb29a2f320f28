/**
 * Comparing two folders of runs byte for byte (a sweep on a pool or a queue
 * against the same sweep run locally).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect } from 'vitest'

/** Every file under `dir` with its bytes, the lock and temporary files aside. */
export const files = (dir: string): Map<string, Buffer> => {
  const out = new Map<string, Buffer>()
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n)
      if (statSync(p).isDirectory()) walk(p)
      else if (!n.startsWith('.fluxion.lock') && !n.endsWith('.tmp')) out.set(relative(dir, p), readFileSync(p))
    }
  }
  walk(dir)
  return out
}

/** The same file names under `a` and `b`, with the same bytes. */
export const expectSameFiles = (a: string, b: string): void => {
  const fa = files(a)
  const fb = files(b)
  expect([...fb.keys()]).toEqual([...fa.keys()])
  expect([...fa.keys()].filter((k) => !fa.get(k)!.equals(fb.get(k)!))).toEqual([])
}
