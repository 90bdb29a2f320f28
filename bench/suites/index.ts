/** Every suite, in run order. Add new suites here. */
import type { Suite } from '../suite.js'
import { adChainSuite } from './ad-chain.js'
import { adamSuite } from './adam.js'
import { elementwiseSuite } from './elementwise.js'
import { hessianSuite } from './hessian.js'
import { jitSuite } from './jit.js'
import { matmulSuite } from './matmul.js'
import { mlpSuite } from './mlp.js'
import { randomSuite } from './random.js'
import { trainStepSuite } from './train-step.js'
import { vmapSuite } from './vmap.js'

export const SUITES: ReadonlyArray<Suite> = [matmulSuite, elementwiseSuite, adChainSuite, hessianSuite, mlpSuite, randomSuite, adamSuite, trainStepSuite, vmapSuite, jitSuite]
