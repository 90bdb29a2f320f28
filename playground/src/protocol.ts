/**
 * The messages between the page and its workers. A request names a panel and
 * carries that panel's settings; the reply carries the result (or the error's
 * message) and the backend the worker ran on.
 *
 * @since 0.1.0
 */
import type { DepthResult, DepthSettings, Optimizers2dResult, Optimizers2dSettings } from './compute.js'

/** A request from the page. */
export type Request =
  | { readonly seq: number; readonly panel: 'optimizers'; readonly settings: Optimizers2dSettings }
  | { readonly seq: number; readonly panel: 'depth'; readonly settings: DepthSettings }

/** A worker's reply: `hello` once at start, then one reply per request. */
export type Reply =
  | { readonly kind: 'hello'; readonly backend: string }
  | { readonly kind: 'optimizers'; readonly seq: number; readonly result: Optimizers2dResult }
  | { readonly kind: 'depth'; readonly seq: number; readonly result: DepthResult }
  | { readonly kind: 'error'; readonly seq: number; readonly message: string }
