/**
 * The bad specs of the hardening tests, each with the path its first error
 * must name: run through `decodeSpec` (spec-hardening.test.ts) and through
 * `fluxion run` (spec-hardening-cli.test.ts).
 */
export const BASE = {
  name: 't', seed: 1, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [4] },
  optimizer: { sgd: { learningRate: 0.1 } }, steps: 3, batchSize: 8,
}

const { steps: _steps, ...withoutSteps } = BASE

/** JSON text → value, so that a `"__proto__"` key is an own property, as it is in a spec file. */
const json = (text: string): unknown => JSON.parse(text)
const withField = (field: string, valueJson: string): unknown => json(JSON.stringify({ ...BASE, [field]: '@@' }).replace('"@@"', valueJson))

/**
 * The bad specs, each with the path its error must start with. Shared with
 * the CLI test, which runs each one through `fluxion run`.
 */
export const BAD: ReadonlyArray<readonly [string, unknown, string]> = [
  ['a name that climbs out of runs/', { ...BASE, name: '../../../outside' }, 'name: '],
  ['a name with a slash', { ...BASE, name: 'a/b' }, 'name: '],
  ['a name with a backslash', { ...BASE, name: 'a\\b' }, 'name: '],
  ['the name ..', { ...BASE, name: '..' }, 'name: '],
  ['the name .', { ...BASE, name: '.' }, 'name: '],
  ['a NUL in the name', { ...BASE, name: 'a\u0000b' }, 'name: '],
  ['a newline in the name', { ...BASE, name: 'a\nb' }, 'name: '],
  ['optimizer "constructor"', { ...BASE, optimizer: { constructor: {} } }, 'optimizer: unknown transform "constructor"'],
  ['optimizer "toString"', { ...BASE, optimizer: { toString: {} } }, 'optimizer: unknown transform "toString"'],
  ['optimizer "hasOwnProperty"', { ...BASE, optimizer: { hasOwnProperty: {} } }, 'optimizer: unknown transform "hasOwnProperty"'],
  ['optimizer "__proto__"', withField('optimizer', '{"__proto__": {}}'), 'optimizer: unknown transform "__proto__"'],
  ['injectHyperparams "constructor"', { ...BASE, optimizer: { injectHyperparams: { constructor: {} } } }, 'optimizer.injectHyperparams: unknown injectHyperparams "constructor"'],
  ['injectHyperparams "__proto__"', withField('optimizer', '{"injectHyperparams": {"__proto__": {}}}'), 'optimizer.injectHyperparams: unknown injectHyperparams "__proto__"'],
  ['injectHyperparams of a non-alias', { ...BASE, optimizer: { injectHyperparams: { scaleByAdam: {} } } }, 'optimizer.injectHyperparams: unknown injectHyperparams "scaleByAdam"'],
  ['a schedule "constructor"', { ...BASE, optimizer: { adam: { learningRate: { constructor: {} } } } }, 'optimizer.adam.learningRate: unknown schedule "constructor"'],
  ['a chain element "toString"', { ...BASE, optimizer: { chain: [{ toString: {} }] } }, 'optimizer.chain[0]: unknown transform "toString"'],
  ['data kind "constructor"', { ...BASE, data: { kind: 'constructor' } }, 'data.kind: expected data with "kind" one of'],
  ['data kind "__proto__"', { ...BASE, data: { kind: '__proto__' } }, 'data.kind: expected data with "kind" one of'],
  ['init kernel { constructor }', { ...BASE, init: { kernel: { constructor: {} } } }, 'init.kernel: unknown initializer "constructor"'],
  ['init kernel "toString"', { ...BASE, init: { kernel: 'toString' } }, 'init.kernel: expected one of "glorotUniform"'],
  ['init bias { __proto__ }', withField('init', '{"bias": {"__proto__": {}}}'), 'init.bias: unknown initializer "__proto__"'],
  ['activation "constructor"', { ...BASE, model: { kind: 'mlp', hidden: [4], activation: 'constructor' } }, 'model.activation: expected one of'],
  ['loss "hasOwnProperty"', { ...BASE, model: { kind: 'mlp', hidden: [4], loss: 'hasOwnProperty' } }, 'model.loss: expected one of'],
  ['a model field "constructor"', { ...BASE, model: { kind: 'mlp', hidden: [4], constructor: 1 } }, 'model.constructor: unknown field'],
  ['a boundary "__proto__"', withField('optimizer', '{"adam": {"learningRate": {"piecewiseConstant": {"init": 1, "boundariesAndScales": {"__proto__": 0.5}}}}}'),
    'optimizer.adam.learningRate.piecewiseConstant.boundariesAndScales.__proto__: expected a boundary'],
  ['a boundary "abc"', { ...BASE, optimizer: { adam: { learningRate: { piecewiseConstant: { init: 1, boundariesAndScales: { abc: 0.5 } } } } } },
    'optimizer.adam.learningRate.piecewiseConstant.boundariesAndScales.abc: expected a boundary'],
  ['a negative scale', { ...BASE, optimizer: { adam: { learningRate: { piecewiseConstant: { init: 1, boundariesAndScales: { 10: -1 } } } } } },
    'optimizer.adam.learningRate.piecewiseConstant.boundariesAndScales.10: expected a number >= 0'],
  ['join with too few boundaries', { ...BASE, optimizer: { sgd: { learningRate: { join: { schedules: [0.1, 0.01], boundaries: [] } } } } },
    'optimizer.sgd.learningRate.join.boundaries: 2 schedule(s) need 1 boundaries, got 0'],
  ['a mask regex "("', { ...BASE, optimizer: { adamw: { learningRate: 0.1, mask: { pathMatches: '(' } } } }, 'optimizer.adamw.mask.pathMatches: expected a regular expression'],
  ['an unknown multiTransform label', { ...BASE, optimizer: { multiTransform: { transforms: { a: { sgd: { learningRate: 0.1 } } }, labels: { weights: 'a', biases: 'b' } } } },
    'optimizer.multiTransform.labels.biases: no transform is labelled "b"'],
  ['a multiTransform label "__proto__"', withField('optimizer', '{"multiTransform": {"transforms": {"__proto__": {"identity": {}}}, "labels": {"weights": "__proto__", "biases": "__proto__"}}}'),
    'optimizer.multiTransform.transforms.__proto__: the label "__proto__" is reserved'],
  ['applyIfFinite without maxConsecutiveErrors', { ...BASE, optimizer: { applyIfFinite: { transform: { identity: {} } } } },
    'optimizer.applyIfFinite.maxConsecutiveErrors: is required'],
  ['a spec nested 2000 deep', { ...BASE, optimizer: nest(2000) }, 'optimizer'],
  ['hidden [1e9]', { ...BASE, model: { kind: 'mlp', hidden: [1e9] } }, 'model.hidden[0]: a 4 × 1000000000 weight matrix'],
  ['hidden of 1e4 wide layers', { ...BASE, model: { kind: 'mlp', hidden: [3000, 3000, 3000] } }, 'model.hidden: the model would have'],
  ['nPerClass 1e9', { ...BASE, data: { kind: 'spirals', nPerClass: 1e9 } }, 'data: the dataset\'s inputs would be'],
  ['classes 1e6', { ...BASE, data: { kind: 'spirals', classes: 1e6 } }, 'data: '],
  ['classes 1e6 with 2 per class', { ...BASE, data: { kind: 'spirals', classes: 1e6, nPerClass: 2 } }, 'data: '],
  ['blobs n 1e8', { ...BASE, data: { kind: 'blobs', n: 1e8 } }, 'data: the dataset\'s inputs would be'],
  ['steps 1e300', { ...BASE, steps: 1e300 }, 'steps: expected at most 1000000000 steps'],
  ['epochs 1e9 of iris', { ...withoutSteps, epochs: 1e9 }, 'epochs: 1000000000 epochs of 19 steps'],
]

/**
 * One case of each kind for the CLI test (each spawns a process, a few
 * seconds apiece): a traversing name, a NUL, prototype names under each
 * union, every error that used to surface after training, and each size.
 */
export const CLI_CASES: ReadonlySet<string> = new Set([
  'a name that climbs out of runs/', 'a NUL in the name', 'optimizer "constructor"', 'optimizer "__proto__"',
  'injectHyperparams "constructor"', 'data kind "constructor"', 'init kernel { constructor }', 'a boundary "__proto__"',
  'a boundary "abc"', 'a mask regex "("', 'an unknown multiTransform label', 'a spec nested 2000 deep',
  'hidden [1e9]', 'nPerClass 1e9', 'classes 1e6', 'steps 1e300',
])

/** `{ chain: [{ chain: [ ... { identity: {} } ] }] }`, `depth` chains deep. */
export function nest(depth: number): unknown {
  let x: unknown = { identity: {} }
  for (let i = 0; i < depth; i++) x = { chain: [x] }
  return x
}

