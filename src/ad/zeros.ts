/** Zeros shaped like a (possibly traced) tensor, without touching its trace. @internal */
import { zeros } from '../tensor/create.js'
import type { Tensor } from '../tensor/tensor.js'

export const zerosLikeT = (x: Tensor): Tensor => zeros(x.shape, x.dtype)
