/**
 * Files for experiments, written so that a crash never leaves half a file
 * (Node only). Every write goes to a temporary file next to the target, is
 * flushed to disk (`fsync`), and is then renamed over the target: readers see
 * the old file or the new one, never a mix. On any failure the temporary file
 * is removed and the error rethrown, so the old content stays intact.
 *
 * Reading JSON gives an `Either`: a missing file, bad JSON, or (with an io-ts
 * codec) a value of the wrong shape is a `Left` listing every problem with its path.
 *
 * @example
 * await ensureDir('runs/adam')
 * await writeJsonAtomic('runs/adam/metrics.json', { loss: [0.9, 0.5] })
 * const r = await readJson('runs/adam/metrics.json', t.type({ loss: t.array(t.number) }))
 * // Right({ loss: [0.9, 0.5] })
 *
 * @since 0.1.0
 */
import * as fs from 'node:fs'
import * as fsp from 'node:fs/promises'
import * as nodePath from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'

// ---- model ----

/**
 * What an atomic write accepts: text (written as UTF-8), bytes, or an
 * iterable of chunks (written one by one, so a large file need not be built
 * in memory first; if the iterable throws, nothing is left behind).
 * @category model
 * @since 0.1.0
 */
export type FileData = string | Uint8Array | Iterable<string | Uint8Array>

/** Options for `writeJsonAtomic`. @category model @since 0.1.0 */
export interface JsonWriteOptions {
  /** Indentation, as for `JSON.stringify` (default 2). The file always ends with a newline. */
  readonly space?: number | string
}

// ---- writing ----

/**
 * Write a file atomically: write to a temporary file in the same directory,
 * `fsync` it, rename it over `path`, then `fsync` the directory (where the
 * platform allows) so the rename itself survives a crash.
 *
 * On any failure (the directory is missing, the disk is full, `data` throws
 * while it is iterated) the temporary file is removed and the error is
 * rethrown; the file at `path`, if any, keeps its old content.
 *
 * @param path - the target file; its directory must exist (see `ensureDir`)
 * @param data - text (UTF-8), bytes, or an iterable of chunks
 * @example
 * await writeFileAtomic('out/report.md', '# Report\n')
 * await writeFileAtomic('out/params.safetensors', encodeSafetensors(treeToTensors(params)))
 * @category writing
 * @since 0.1.0
 */
export const writeFileAtomic = async (path: string, data: FileData): Promise<void> => {
  const [tmp, handle] = await openTemp(path)
  try {
    try {
      for (const chunk of chunks(data))
        // a single write may be short (Linux caps one at about 2 GB): loop until the chunk is out
        for (let at = 0; at < chunk.length; ) at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fsp.rename(tmp, path)
  } catch (e) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined)
    throw e
  }
  await syncDir(nodePath.dirname(path))
}

/**
 * The synchronous form of `writeFileAtomic`, for exit handlers and scripts
 * that cannot await.
 * @example
 * writeFileAtomicSync('out/done.txt', 'ok\n')
 * @category writing
 * @since 0.1.0
 */
export const writeFileAtomicSync = (path: string, data: FileData): void => {
  const [tmp, fd] = openTempSync(path)
  try {
    try {
      for (const chunk of chunks(data)) for (let at = 0; at < chunk.length; ) at += fs.writeSync(fd, chunk, at, chunk.length - at)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, path)
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true })
    } catch {
      // the original error matters more than a failed clean-up
    }
    throw e
  }
  syncDirSync(nodePath.dirname(path))
}

/**
 * Write a value as JSON (indented, ending with a newline) with
 * `writeFileAtomic`. A value JSON cannot hold (a `bigint`, a cycle,
 * `undefined`) rejects the promise before anything touches the disk.
 *
 * @example
 * await writeJsonAtomic('runs/adam/spec.json', spec)
 * @category writing
 * @since 0.1.0
 */
export const writeJsonAtomic = async (path: string, value: unknown, opts: JsonWriteOptions = {}): Promise<void> =>
  writeFileAtomic(path, toJson(path, value, opts))

/**
 * The synchronous form of `writeJsonAtomic`.
 * @example
 * writeJsonAtomicSync('runs/adam/state.json', { step: 10 })
 * @category writing
 * @since 0.1.0
 */
export const writeJsonAtomicSync = (path: string, value: unknown, opts: JsonWriteOptions = {}): void =>
  writeFileAtomicSync(path, toJson(path, value, opts))

/**
 * Create a directory and its parents; an existing directory is fine.
 * @example
 * await ensureDir('runs/2024-01-01/adam')
 * @category writing
 * @since 0.1.0
 */
export const ensureDir = async (path: string): Promise<void> => {
  await fsp.mkdir(path, { recursive: true })
}

/**
 * The synchronous form of `ensureDir`.
 * @example
 * ensureDirSync('runs/adam')
 * @category writing
 * @since 0.1.0
 */
export const ensureDirSync = (path: string): void => {
  fs.mkdirSync(path, { recursive: true })
}

// ---- reading ----

/**
 * Read a JSON file. Without a codec the result is `unknown`; with an io-ts
 * codec (or any decoder from `unknown`) it is decoded. A file that cannot be
 * read, is not JSON, or does not fit the codec gives a `Left` with one message
 * per problem, each starting with the file and the path inside it
 * (`spec.json: optimizer.lr: expected number, got "fast"`).
 *
 * @example
 * const r = await readJson('spec.json', Spec)
 * if (E.isLeft(r)) console.error(r.left.join('\n'))
 * @category reading
 * @since 0.1.0
 */
export function readJson(path: string): Promise<E.Either<string[], unknown>>
export function readJson<A>(path: string, codec: t.Decoder<unknown, A>): Promise<E.Either<string[], A>>
export async function readJson<A>(path: string, codec?: t.Decoder<unknown, A>): Promise<E.Either<string[], unknown>> {
  let text: string
  try {
    text = await fsp.readFile(path, 'utf8')
  } catch (e) {
    return E.left([`${path}: cannot read: ${(e as Error).message}`])
  }
  return parseJson(path, text, codec)
}

/**
 * The synchronous form of `readJson`.
 * @example
 * const r = readJsonSync('spec.json')
 * @category reading
 * @since 0.1.0
 */
export function readJsonSync(path: string): E.Either<string[], unknown>
export function readJsonSync<A>(path: string, codec: t.Decoder<unknown, A>): E.Either<string[], A>
export function readJsonSync<A>(path: string, codec?: t.Decoder<unknown, A>): E.Either<string[], unknown> {
  let text: string
  try {
    text = fs.readFileSync(path, 'utf8')
  } catch (e) {
    return E.left([`${path}: cannot read: ${(e as Error).message}`])
  }
  return parseJson(path, text, codec)
}

/**
 * Read a whole file as bytes (for `decodeSafetensors`), as an `Either`.
 * @example
 * const r = await readBytes('runs/adam/params.safetensors')
 * const decoded = E.flatMap(decodeSafetensors)(r)
 * @category reading
 * @since 0.1.0
 */
export const readBytes = async (path: string): Promise<E.Either<string[], Uint8Array>> => {
  try {
    const b = await fsp.readFile(path)
    return E.right(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
  } catch (e) {
    return E.left([`${path}: cannot read: ${(e as Error).message}`])
  }
}

// ---- utils ----

/** A counter makes temp names unique within a process; the pid, across processes. */
let tempCounter = 0

const tempName = (path: string): string =>
  nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${process.pid}.${tempCounter++}.tmp`)

/** Open a fresh temp file; `wx` never reuses one a crashed writer left behind. */
const openTemp = async (path: string): Promise<[string, fsp.FileHandle]> => {
  for (;;) {
    const tmp = tempName(path)
    try {
      return [tmp, await fsp.open(tmp, 'wx')]
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
}

const openTempSync = (path: string): [string, number] => {
  for (;;) {
    const tmp = tempName(path)
    try {
      return [tmp, fs.openSync(tmp, 'wx')]
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
}

const encoder = new TextEncoder()

function* chunks(data: FileData): Iterable<Uint8Array> {
  if (typeof data === 'string') yield encoder.encode(data)
  else if (data instanceof Uint8Array) yield data
  else for (const c of data) yield typeof c === 'string' ? encoder.encode(c) : c
}

/** Make a rename durable. Directories cannot be opened for fsync on every platform (Windows): best effort. */
export const syncDir = async (dir: string): Promise<void> => {
  try {
    const h = await fsp.open(dir, 'r')
    try {
      await h.sync()
    } finally {
      await h.close()
    }
  } catch {
    // not supported here; the rename is still atomic
  }
}

const syncDirSync = (dir: string): void => {
  try {
    const fd = fs.openSync(dir, 'r')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    // not supported here; the rename is still atomic
  }
}

const toJson = (path: string, value: unknown, opts: JsonWriteOptions): string => {
  const text = JSON.stringify(value, null, opts.space ?? 2) as string | undefined
  if (text === undefined) throw new TypeError(`writeJsonAtomic: ${path}: the value has no JSON form (undefined, a function or a symbol)`)
  return `${text}\n`
}

const parseJson = <A>(path: string, text: string, codec?: t.Decoder<unknown, A>): E.Either<string[], unknown> => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return E.left([`${path}: invalid JSON: ${(e as Error).message}`])
  }
  if (codec === undefined) return E.right(value)
  const r = codec.decode(value)
  return E.isRight(r) ? r : E.left(r.left.map((err) => `${path}: ${describeError(err)}`))
}

/** `optimizer.lr: expected number, got "fast"` from an io-ts validation error. */
const describeError = (err: t.ValidationError): string => {
  if (err.message !== undefined) return err.message
  // the keys of union and intersection members are member indices, not places in the value
  const path = err.context
    .map((c, i) => (i > 0 && !isCombinator(err.context[i - 1]!.type) ? c.key : ''))
    .filter((k) => k !== '')
    .map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`))
    .join('')
    .replace(/^\./, '')
  const expected = err.context[err.context.length - 1]?.type.name ?? 'a valid value'
  const got = JSON.stringify(err.value) ?? String(err.value)
  return `${path === '' ? '(root)' : path}: expected ${expected}, got ${got.length > 60 ? `${got.slice(0, 57)}...` : got}`
}

const isCombinator = (type: t.Decoder<unknown, unknown>): boolean => {
  const tag = (type as { readonly _tag?: string })._tag
  return tag === 'UnionType' || tag === 'IntersectionType'
}
