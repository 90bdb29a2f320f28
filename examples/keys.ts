/**
 * Keys: split, don't reuse.
 *
 * A key is a value, not a generator: the same key gives the same numbers every
 * time. So whenever two things need randomness, split the key and give each
 * its own half; derive per-step keys with `foldIn(key, step)`. Reusing a key
 * silently correlates things that should be independent: below, two layers
 * initialised with the same key get identical weights.
 *
 * Run it: `npx tsx examples/keys.ts`
 */
import { pathToFileURL } from 'node:url'
import { init, random } from '../src/index.js'

/** Initialise two layers and shuffle a few epochs, the right way and the wrong way. */
export const main = (epochs = 3, n = 8) => {
  const root = random.key(0)

  // Right: one split per consumer, and `root` is never used again.
  const [k1, k2, dataKey] = random.split(root, 3)
  const w1 = init.glorotUniform()(k1, [4, 4])
  const w2 = init.glorotUniform()(k2, [4, 4])

  // A fresh, reproducible shuffle per epoch: fold the epoch number into the data key.
  const orders = Array.from({ length: epochs }, (_, epoch) =>
    Array.from(random.permutation(random.foldIn(dataKey, epoch), n).data()))

  // Wrong: reusing one key for both layers gives the same weights twice.
  const v1 = init.glorotUniform()(k1, [4, 4])
  const sameWhenReused = v1.data().every((x, i) => x === w1.data()[i])
  const differentWhenSplit = w1.data().some((x, i) => x !== w2.data()[i])

  return { orders, sameWhenReused, differentWhenSplit }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { orders, sameWhenReused, differentWhenSplit } = main()
  orders.forEach((o, e) => console.log(`epoch ${e}: ${o.join(' ')}`))
  console.log(`split keys give different layers: ${differentWhenSplit}`)
  console.log(`a reused key gives the same layer again: ${sameWhenReused}`)
}
