/**
 * Parameter pytrees as safetensors files (Node only): `save`/`load` from the
 * core, plus an atomic write and a read. Exported from the package root in
 * Node (the `node` export condition).
 *
 * @example
 * import { saveFile, loadFile } from 'fluxion'
 * await saveFile('runs/params.safetensors', params)
 * const back = await loadFile('runs/params.safetensors', params)   // typed as params
 *
 * @since 0.1.0
 */
import { ValueError } from '../errors.js'
import { load, save } from '../io/params.js'
import type * as tree from '../tree/index.js'
import { readBytes, writeFileAtomic } from './io.js'

/**
 * Write a pytree of tensors to a safetensors file, atomically (a temporary
 * file, then a rename: a failed write leaves the old file intact).
 *
 * @param path - the target file; its directory must exist
 * @example
 * await saveFile('params.safetensors', { w: zeros([2, 2]), b: zeros([2]) })
 * @category files
 * @since 0.1.0
 */
export const saveFile = async (path: string, params: tree.PyTree, metadata: Readonly<Record<string, string>> = {}): Promise<void> =>
  writeFileAtomic(path, save(params, metadata))

/**
 * Read a safetensors file into a pytree: with `like`, its structure, shapes
 * and dtypes, checked; without, nested objects and arrays from the names.
 *
 * @throws ValueError naming the file and every problem (unreadable file, bad bytes, mismatches)
 * @example
 * const params = await loadFile('params.safetensors', template)
 * @category files
 * @since 0.1.0
 */
export async function loadFile<T>(path: string, like: T): Promise<T>
export async function loadFile(path: string): Promise<tree.PyTree>
export async function loadFile<T>(path: string, like?: T): Promise<T | tree.PyTree> {
  const bytes = await readBytes(path)
  if (bytes._tag === 'Left') throw new ValueError(`loadFile: ${bytes.left.join('; ')}`)
  try {
    return like === undefined ? load(bytes.right) : load(bytes.right, like)
  } catch (e) {
    if (e instanceof ValueError) throw new ValueError(`loadFile: ${path}: ${e.message}`)
    throw e
  }
}
