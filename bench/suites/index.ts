/** Every suite, in run order. Add new suites (random sampling, Adam, the training step) here. */
import type { Suite } from '../suite.js'
import { adChainSuite } from './ad-chain.js'
import { elementwiseSuite } from './elementwise.js'
import { matmulSuite } from './matmul.js'
import { mlpSuite } from './mlp.js'

export const SUITES: ReadonlyArray<Suite> = [matmulSuite, elementwiseSuite, adChainSuite, mlpSuite]
