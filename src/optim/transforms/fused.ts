/**
 * Fused kernels of the transformations: one pass over memory where the composed
 * tensor ops would make many. Each takes concrete float tensors and returns
 * `null` for anything else (tracers, mixed dtypes), so the caller falls back to
 * its composed definition, which a tracer differentiates as usual. A fused
 * kernel gives the same bits as the composition it replaces (tested in
 * `test/optim-fused.test.ts`), so which one runs never changes a result.
 *
 * @since 0.2.0
 */
import { backend, type AdamStep, type FloatArray } from '../../backend/index.js'
import { allocate } from '../../tensor/dtype.js'
import { ConcreteTensor, type Tensor } from '../../tensor/tensor.js'

/** Concrete tensors of one float dtype and one shape (the shapes were checked by the caller). */
const concreteFloats = (xs: Tensor[]): xs is ConcreteTensor[] =>
  xs.every((x) => x instanceof ConcreteTensor && x.dtype === xs[0]!.dtype) && (xs[0]!.dtype === 'float32' || xs[0]!.dtype === 'float64')

/** Adam's [μ', ν', u] for one leaf in one pass (`backend/js/adam.ts`), or null to compose. */
export const fusedAdam = (g: Tensor, mu: Tensor, nu: Tensor, step: AdamStep): [Tensor, Tensor, Tensor] | null => {
  const xs = [g, mu, nu]
  if (!concreteFloats(xs)) return null
  const [G, M, V] = xs.map((x) => x.buffer as FloatArray) as [FloatArray, FloatArray, FloatArray]
  const out = () => allocate(g.dtype, G.length) as FloatArray
  const [muOut, nuOut, uOut] = [out(), out(), out()]
  backend.adam(G, M, V, muOut, nuOut, uOut, step)
  const wrap = (b: FloatArray): ConcreteTensor => new ConcreteTensor(g.shape, g.dtype, b)
  return [wrap(muOut), wrap(nuOut), wrap(uOut)]
}
