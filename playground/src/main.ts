/**
 * The playground page: controls, charts and the numbers, with fluxion running
 * in two workers (one per panel, so a slow depth run never holds up a drag).
 *
 * Each panel sends its settings to its worker and draws what comes back with
 * the report's own Vega-Lite chart builders (`src/experiment/plot.ts`). A
 * panel has at most one request in flight; settings that change meanwhile
 * replace each other, and only the newest is sent next, so a drag shows the
 * latest start point as fast as the worker can compute.
 *
 * @since 0.1.0
 */
import { parse, View } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import { layerNormsChart, lineChart, trajectoryChart, type ChartSpec } from '../../src/experiment/plot.js'
import {
  depthTable, fmt, optimizersTable,
  type DepthActivation, type DepthInit, type DepthResult, type DepthSettings, type FunctionSettings,
  type NumbersTable, type OptimizerEntry, type Optimizers2dResult, type Optimizers2dSettings,
} from './compute.js'
import type { NesterovForm } from './optimizers.js'
import type { Reply, Request } from './protocol.js'

// ---- the page's state, seen by the browser test ----

interface PanelStatus { renders: number; busy: boolean; error: string | null }
interface PlaygroundState {
  backend: string | null
  optimizers: PanelStatus
  depth: PanelStatus
}
const state: PlaygroundState = {
  backend: null,
  optimizers: { renders: 0, busy: false, error: null },
  depth: { renders: 0, busy: false, error: null },
}
;(globalThis as { __playground?: PlaygroundState }).__playground = state

// ---- dom helpers ----

const $ = <E extends HTMLElement = HTMLElement>(id: string): E => {
  const el = document.getElementById(id)
  if (el === null) throw new Error(`playground: no element #${id} in the page`)
  return el as E
}
const input = (id: string): HTMLInputElement => $<HTMLInputElement>(id)
const select = (id: string): HTMLSelectElement => $<HTMLSelectElement>(id)
const numberOf = (id: string): number => Number(input(id).value)
const checked = (id: string): boolean => input(id).checked

/** Show an input's value beside it (`<output for=...>`). */
const echo = (): void => {
  for (const o of Array.from(document.querySelectorAll<HTMLOutputElement>('output[for]'))) {
    const el = document.getElementById(o.htmlFor.value)
    if (el instanceof HTMLInputElement) o.value = el.value
  }
}

const renderTable = (el: HTMLElement, t: NumbersTable): void => {
  const head = `<tr>${t.header.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>`
  const rows = t.rows.map((r) => `<tr>${r.map((c) => `<td data-exact="${escape(c.exact)}">${escape(c.text)}</td>`).join('')}</tr>`).join('')
  el.innerHTML = `<thead>${head}</thead><tbody>${rows}</tbody>`
}

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

// ---- charts ----

const views = new Map<HTMLElement, View>()

/** Draw a spec into `el`, replacing what was there only once the new chart is ready (no flicker). */
const draw = async (el: HTMLElement, spec: ChartSpec): Promise<View> => {
  const div = document.createElement('div')
  const view = new View(parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'svg', container: div, hover: false })
  await view.runAsync()
  el.replaceChildren(div)
  views.get(el)?.finalize()
  views.set(el, view)
  return view
}

// ---- workers ----

/** One worker, at most one request in flight; the newest pending settings win. */
const channel = <S>(panel: Request['panel'], onReply: (r: Reply, sent: S) => Promise<void>) => {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })
  const status = state[panel]
  let seq = 0
  let pending: S | null = null
  let inFlight: S | null = null
  const pump = (): void => {
    if (inFlight !== null || pending === null) return
    inFlight = pending
    pending = null
    status.busy = true
    worker.postMessage({ seq: ++seq, panel, settings: inFlight } as Request)
  }
  worker.onmessage = async (e: MessageEvent<Reply>) => {
    const r = e.data
    if (r.kind === 'hello') {
      onHello(r.backend)
      return
    }
    const sent = inFlight!
    try {
      await onReply(r, sent)
      status.error = r.kind === 'error' ? r.message : null
    } catch (err) {
      status.error = String(err)
    }
    inFlight = null
    status.renders++
    status.busy = pending !== null
    pump()
  }
  worker.onerror = (e) => {
    status.error = `worker: ${e.message}`
    console.error(status.error)
  }
  return (settings: S): void => {
    pending = settings
    status.busy = true
    pump()
  }
}

const onHello = (backend: string): void => {
  state.backend = backend
  $('backend').textContent = backend === 'wasm' ? 'WebAssembly SIMD (wasm)' : `${backend} (no WebAssembly SIMD here)`
  $('backend').dataset['backend'] = backend
}

// ---- optimizers in 2-D ----

/** Learning rates that suit each function (GD at 1/L on the quadratic, near the stability edge on Rosenbrock). */
const PRESETS: Record<FunctionSettings['kind'], { start: [number, number]; steps: number; lr: number }> = {
  quadratic: { start: [-4, 3], steps: 100, lr: 0.05 },
  rosenbrock: { start: [-1.5, 2], steps: 300, lr: 0.001 },
  saddle: { start: [1.5, 0.05], steps: 100, lr: 0.1 },
}

let start: [number, number] = PRESETS.quadratic.start
let trajectoryView: View | null = null

const functionSettings = (): FunctionSettings => {
  const kind = select('fn').value as FunctionSettings['kind']
  return kind === 'quadratic' ? { kind, kappa: numberOf('kappa'), angle: numberOf('angle') } : { kind }
}

const momentumRow = (row: string, id: string): OptimizerEntry => ({
  id,
  settings: {
    kind: 'momentum',
    lr: numberOf(`${row}-lr`),
    beta: numberOf(`${row}-beta`),
    dampening: numberOf(`${row}-dampening`),
    debias: checked(`${row}-debias`),
    nesterov: select(`${row}-nesterov`).value as NesterovForm,
  },
})

const optimizerSettings = (): Optimizers2dSettings => {
  const all: Array<[string, OptimizerEntry]> = [
    ['gd', { id: 'GD', settings: { kind: 'gd', lr: numberOf('gd-lr') } }],
    ['m1', momentumRow('m1', 'momentum')],
    ['m2', momentumRow('m2', 'momentum 2')],
    ['adam', { id: 'Adam', settings: { kind: 'adam', lr: numberOf('adam-lr'), b1: numberOf('adam-b1'), b2: numberOf('adam-b2'), eps: numberOf('adam-eps') } }],
    ['newton', { id: 'Newton', settings: { kind: 'newton', lr: numberOf('newton-lr'), damping: numberOf('newton-damping') } }],
  ]
  return {
    fn: functionSettings(),
    start,
    steps: numberOf('steps'),
    optimizers: all.filter(([row]) => checked(`${row}-on`)).map(([, e]) => e),
  }
}

/** Losses below this are drawn at it on the log axis (Newton reaches exactly 0 on a quadratic). */
const FLOOR = 1e-20

const showOptimizers = async (r: Optimizers2dResult, s: Optimizers2dSettings): Promise<void> => {
  const paths = r.runs.map((p) => ({ name: `${p.id}: ${p.settings}`, x: p.x, y: p.y }))
  const [traj] = await Promise.all([
    draw($('trajectory'), trajectoryChart({
      title: `${r.title}: drag to move the start`,
      contour: { ...r.grid!, levels: 16 },
      logLevels: true,
      paths,
      width: 420,
    })),
    draw($('loss'), lineChart({
      title: 'f − f* per step (log scale)',
      series: r.runs.map((p) => ({ name: p.id, x: p.loss.map((_, i) => i), y: p.loss.map((l) => (l < FLOOR ? FLOOR : l)) })),
      xLabel: 'step',
      yLabel: 'f − f*',
      logY: true,
      width: 380,
      height: 260,
    })),
  ])
  trajectoryView = traj
  $('formula').textContent = r.formula
  renderTable($('numbers2d'), optimizersTable(r))
  $('settings2d').textContent = JSON.stringify(s)
}

const send2d = channel<Optimizers2dSettings>('optimizers', async (reply, sent) => {
  if (reply.kind === 'optimizers') await showOptimizers(reply.result, sent)
  else if (reply.kind === 'error') $('numbers2d').innerHTML = `<caption class="error">${escape(reply.message)}</caption>`
})

const update2d = (): void => {
  echo()
  const quad = select('fn').value === 'quadratic'
  for (const id of ['kappa', 'angle']) input(id).disabled = !quad
  $('edge').textContent = quad ? `GD is stable for lr < 2/L = 2/κ = ${(2 / numberOf('kappa')).toPrecision(3)}` : ''
  $('start').textContent = `(${start[0]}, ${start[1]})`
  // the look-ahead form has no debiased variant
  for (const row of ['m1', 'm2']) {
    const lookahead = select(`${row}-nesterov`).value === 'lookahead'
    input(`${row}-debias`).disabled = lookahead
    input(`${row}-debias`).closest('label')?.classList.toggle('unavailable', lookahead)
  }
  send2d(optimizerSettings())
}

/** The data coordinates under a pointer event on the trajectory chart, or null outside its plotting area. */
const dataPoint = (e: PointerEvent): [number, number] | null => {
  const view = trajectoryView
  const svg = $('trajectory').querySelector('svg')
  if (view === null || svg === null) return null
  const box = svg.getBoundingClientRect()
  const [ox, oy] = view.origin()
  const px = e.clientX - box.left - ox
  const py = e.clientY - box.top - oy
  if (px < 0 || py < 0 || px > view.width() || py > view.height()) return null
  const round = (v: number): number => Math.round(v * 1000) / 1000
  return [round(view.scale('x').invert(px) as number), round(view.scale('y').invert(py) as number)]
}

const setupDrag = (): void => {
  const el = $('trajectory')
  let dragging = false
  const move = (e: PointerEvent): void => {
    const p = dataPoint(e)
    if (p === null) return
    start = p
    update2d()
  }
  el.addEventListener('pointerdown', (e) => {
    dragging = true
    el.setPointerCapture(e.pointerId)
    move(e)
  })
  el.addEventListener('pointermove', (e) => {
    if (dragging) move(e)
  })
  const stop = (): void => {
    dragging = false
  }
  el.addEventListener('pointerup', stop)
  el.addEventListener('pointercancel', stop)
}

const onFunctionChange = (): void => {
  const p = PRESETS[select('fn').value as FunctionSettings['kind']]
  start = p.start
  input('steps').value = String(p.steps)
  for (const id of ['gd-lr', 'm1-lr', 'm2-lr']) input(id).value = String(p.lr)
  update2d()
}

// ---- depth ----

const depthSettings = (): DepthSettings => ({
  width: numberOf('width'),
  depth: numberOf('depth-L'),
  batch: numberOf('batch'),
  k: numberOf('k'),
  activation: select('activation').value as DepthActivation,
  init: select('init').value as DepthInit,
  seed: numberOf('seed'),
})

const showDepth = async (r: DepthResult, s: DepthSettings): Promise<void> => {
  await draw($('depthChart'), layerNormsChart({
    title: `Activation scale through ${s.depth} ${s.activation} layers of width ${s.width}`,
    series: [{ name: `measured: ${r.label}`, y: r.rms }],
    theory: [{ name: r.theoryLabel, y: r.theory }],
    xLabel: 'layer l',
    yLabel: 'RMS of activations',
    width: 520,
    height: 300,
  }))
  renderTable($('numbersDepth'), depthTable(r))
  if (input('k').disabled) $('k-note').textContent = `set by the initializer: ${fmt(r.k)}`
  $('settingsDepth').textContent = JSON.stringify(s)
}

const sendDepth = channel<DepthSettings>('depth', async (reply, sent) => {
  if (reply.kind === 'depth') await showDepth(reply.result, sent)
  else if (reply.kind === 'error') $('numbersDepth').innerHTML = `<caption class="error">${escape(reply.message)}</caption>`
})

const updateDepth = (): void => {
  echo()
  const fixed = !['normal', 'uniform'].includes(select('init').value)
  input('k').disabled = fixed
  $('k-note').textContent = fixed ? 'set by the initializer' : ''
  sendDepth(depthSettings())
}

// ---- start ----

for (const el of Array.from(document.querySelectorAll<HTMLElement>('#optimizers input, #optimizers select')))
  el.addEventListener(el.id === 'fn' ? 'change' : 'input', el.id === 'fn' ? onFunctionChange : update2d)
for (const el of Array.from(document.querySelectorAll<HTMLElement>('#depth input, #depth select'))) el.addEventListener('input', updateDepth)
setupDrag()
update2d()
updateDepth()
