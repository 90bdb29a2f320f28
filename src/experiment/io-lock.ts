/**
 * One writer per run directory (Node only): a lock file, `.fluxion.lock`,
 * holding the writer's pid and command. It is created whole or not at all
 * (written to a temporary file, then hard-linked into place, which fails if
 * a lock exists), so a second `run` or `resume` into the same directory gets
 * a clear error instead of racing the first.
 *
 * A lock whose process is gone (killed with `kill -9`, say) is stale: the
 * next writer takes it over. A pid the system has since given to another
 * process keeps the lock held; the error names the file to delete then.
 *
 * @example
 * const lock = await acquireLock('runs/x', 'run')
 * if (E.isRight(lock)) try { ... } finally { await lock.right.release() }
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as fsp from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'

export const LOCK_FILE = '.fluxion.lock'

/** A held lock. @category model */
export interface Lock {
  readonly path: string
  /** Remove the lock, if it is still ours. */
  readonly release: () => Promise<void>
}

interface Owner {
  readonly pid: number
  readonly command: string
  readonly host: string
}

/** Whether a process with this pid exists (EPERM: it exists, owned by someone else). @category utils */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const readOwner = async (path: string): Promise<Owner | null> => {
  try {
    const o = JSON.parse(await fsp.readFile(path, 'utf8')) as Partial<Owner>
    return Number.isInteger(o.pid) && (o.pid as number) > 0 ? { pid: o.pid as number, command: String(o.command), host: String(o.host) } : null
  } catch {
    return null
  }
}

let counter = 0

/**
 * Take the lock of `dir` (which must exist) for `command`: a `Left` naming
 * the live owner when another process holds it.
 * @category io
 */
export const acquireLock = async (dir: string, command: string): Promise<E.Either<string[], Lock>> => {
  const path = join(dir, LOCK_FILE)
  const me: Owner = { pid: process.pid, command, host: hostname() }
  const tmp = join(dir, `${LOCK_FILE}.${process.pid}.${counter++}.tmp`)
  await fsp.writeFile(tmp, `${JSON.stringify(me)}\n`)
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await fsp.link(tmp, path)
        return E.right({
          path,
          release: async () => {
            const o = await readOwner(path)
            if (o !== null && o.pid === me.pid) await fsp.rm(path, { force: true })
          },
        })
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      }
      const owner = await readOwner(path)
      if (owner !== null && (owner.host !== me.host || isAlive(owner.pid)))
        return E.left([`${dir} is in use: process ${owner.pid} (fluxion ${owner.command}${owner.host !== me.host ? ` on ${owner.host}` : ''}) is writing it. ` +
          `Wait for it to finish; if no such process is running, delete ${path}.`])
      // stale (its owner is dead) or unreadable: move it aside, and put it back if a live owner took it meanwhile
      const aside = join(dir, `${LOCK_FILE}.${process.pid}.${counter++}.stale.tmp`)
      try {
        await fsp.rename(path, aside)
      } catch {
        continue // someone else moved it first
      }
      const moved = await readOwner(aside)
      if (moved !== null && moved.pid !== owner?.pid && isAlive(moved.pid)) await fsp.link(aside, path).catch(() => undefined)
      await fsp.rm(aside, { force: true })
    }
    return E.left([`${dir}: could not take the lock ${path}`])
  } finally {
    await fsp.rm(tmp, { force: true })
  }
}
