/**
 * The experiment layer's heavy packages are optional peer dependencies: vega
 * and vega-lite (charts), @resvg/resvg-js (PNG files) and cli-progress
 * (progress bars). A core-only install has none of them, so they load on first
 * use, and a missing one is an error that says what to install.
 *
 * @example
 * const { Resvg } = await optionalPeer('@resvg/resvg-js', () => import('@resvg/resvg-js'))
 *
 * @since 0.1.0
 */
import { FluxionError } from '../errors.js'

/** Every optional peer the experiment layer and the CLI use. @since 0.1.0 */
export const EXPERIMENT_PEERS = ['vega', 'vega-lite', '@resvg/resvg-js', 'cli-progress'] as const

/** The optional peers of sweeps on a queue (`fluxion sweep --queue`, `fluxion worker`). @since 0.3.0 */
export const QUEUE_PEERS = ['bullmq', 'ioredis'] as const

/** Thrown when an optional peer dependency is not installed. @category errors @since 0.1.0 */
export class MissingPeerError extends FluxionError {
  override readonly name: string = 'MissingPeerError'
}

/** The install line for the experiment layer's peers. */
export const installHint = (): string => `npm install ${EXPERIMENT_PEERS.join(' ')}`

/** Whether an import or require failed because the package is not installed. */
export const notFound = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
}

/** The error for a missing package, naming it and every peer to install. */
export const missingPeer = (name: string): MissingPeerError =>
  (QUEUE_PEERS as ReadonlyArray<string>).includes(name)
    ? new MissingPeerError(`${name} is not installed: sweeps on a queue need optional packages; run: npm install ${QUEUE_PEERS.join(' ')}`)
    : new MissingPeerError(`${name} is not installed: fluxion's plots, PNG files and progress bars need optional packages; run: ${installHint()}`)

/**
 * Load an optional peer dependency with `load` (a dynamic `import` of it);
 * if it is not installed, throw a `MissingPeerError` naming the packages.
 */
export const optionalPeer = async <M>(name: string, load: () => Promise<M>): Promise<M> => {
  try {
    return await load()
  } catch (e) {
    throw notFound(e) ? missingPeer(name) : e
  }
}
