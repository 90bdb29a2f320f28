/**
 * threefry-2x32 in WebAssembly SIMD: four counters per i32x4 step, the same 20
 * rounds and key injections as the JS kernel (`js/threefry.ts`). Integer adds,
 * shifts and xors wrap identically in both, so the words are bit-identical.
 *
 * @since 0.2.0
 */
import { KS_PARITY, ROTATIONS } from '../../js/threefry.js'
import { type Code, type Func, type Local, forLoop, func, i32, i32x4, v128 } from './encoder.js'

/**
 * `threefry(k0, k1, hi, lo, len, y0, y1)`: hash the counters (hi, lo + j), j < len
 * (a multiple of 4), under the key (k0, k1); words to y0[j], y1[j] (int32).
 */
export const threefryKernel = (): Func =>
  func('threefry', {
    params: { k0: 'i32', k1: 'i32', hi: 'i32', lo: 'i32', len: 'i32', y0: 'i32', y1: 'i32' },
    locals: { j: 'i32', a: 'v128', b: 'v128', c: 'v128', x0: 'v128', x1: 'v128', ctr: 'v128' },
  }, ({ k0, k1, hi, lo, len, y0, y1, j, a, b, c, x0, x1, ctr }) => {
    const rotl = (x: Code, r: number): Code => v128.or(i32x4.shl(x, i32.const(r)), i32x4.shrU(x, i32.const(32 - r)))
    const round = (r: number): Code => [x0.set(i32x4.add(x0.get, x1.get)), x1.set(v128.xor(rotl(x1.get, r), x0.get))]
    // after round group g (1-based): x0 += ks[g % 3], x1 += ks[(g + 1) % 3] + g, with ks = (a, b, c)
    const ks: Local[] = [a, b, c]
    const inject = (g: number): Code => [
      x0.set(i32x4.add(x0.get, ks[g % 3]!.get)),
      x1.set(i32x4.add(i32x4.add(x1.get, ks[(g + 1) % 3]!.get), i32x4.splat(i32.const(g)))),
    ]
    return [
      a.set(i32x4.splat(k0.get)),
      b.set(i32x4.splat(k1.get)),
      c.set(i32x4.splat(i32.xor(i32.xor(k0.get, k1.get), i32.const(KS_PARITY)))),
      ctr.set(i32x4.add(i32x4.splat(i32.add(lo.get, k1.get)), i32x4.const([0, 1, 2, 3]))),
      forLoop(j, i32.const(0), len.get, i32.const(4),
        x0.set(i32x4.add(i32x4.splat(hi.get), a.get)),
        x1.set(ctr.get),
        [1, 2, 3, 4, 5].map((g) => [ROTATIONS[(g - 1) % 2]!.map(round), inject(g)]),
        v128.store(i32.add(y0.get, i32.shl(j.get, i32.const(2))), x0.get),
        v128.store(i32.add(y1.get, i32.shl(j.get, i32.const(2))), x1.get),
        ctr.set(i32x4.add(ctr.get, i32x4.splat(i32.const(4))))),
    ]
  })
