/**
 * The backend the tensor ops run on. There is one, fixed at load time, so no
 * global switch can change results behind a user's back.
 */
import type { Backend } from './backend.js'
import { jsBackend } from './js/index.js'

export type { Backend, BinaryOp, ReduceOp, UnaryOp } from './backend.js'

export const backend: Backend = jsBackend
