/**
 * Sweeps: a base spec plus axes, expanded into named runs (pure; runs in a
 * browser too). A sweep file reads
 *
 *   { "name": "lr-seeds",
 *     "base": { ...a spec... },
 *     "grid": { "optimizer.sgd.learningRate": [0.01, 0.1], "seed": [0, 1, 2] },
 *     "list": [{ "batchSize": 8 }, { "batchSize": 32, "steps": 50 }] }
 *
 * `grid` is a Cartesian product: every combination of its axes' values.
 * `list` is explicit points, each setting some paths together; the runs are
 * every list point crossed with every grid point (no `list`: the grid alone).
 * A path is dotted (`optimizer.sgd.learningRate`; an array index is a number,
 * `model.hidden.0`); `seed` is an axis like any other. Run names are the
 * sweep's name and the point's values, made safe for a folder
 * (`lr-seeds_learningRate-0.1_seed-2`).
 *
 * `decodeSweep(json)` checks the sweep itself and then every expanded spec
 * with `decodeSpec`, and reports every problem once with its path: a problem
 * that an axis value causes is named by the axis (`grid.batchSize[1]: ...`),
 * one in the base by `base.<path>`.
 *
 * @example
 * const s = decodeSweep(json)                 // Either<string[], Sweep>
 * if (s._tag === 'Right') s.right.runs.map((r) => r.name)
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeSpec, type Spec } from './spec.js'

// ---- model ----

/** One value of an axis: what JSON allows. @category model */
export type AxisValue = string | number | boolean | null | ReadonlyArray<unknown> | { readonly [k: string]: unknown }

/** An axis: a dotted path and its values, in the order given. @category model */
export interface Axis {
  readonly path: string
  readonly values: ReadonlyArray<AxisValue>
}

/** One expanded run: its name, its decoded spec, and the value of each axis path. @category model */
export interface SweepRun {
  readonly name: string
  readonly spec: Spec
  readonly point: Readonly<Record<string, AxisValue>>
}

/** A decoded sweep. @category model */
export interface Sweep {
  readonly name: string
  /** Every path that varies, grid axes first, then paths set by `list`, each with its distinct values in order of appearance. */
  readonly axes: ReadonlyArray<Axis>
  readonly runs: ReadonlyArray<SweepRun>
  /** The sweep as given (a JSON value), for the sweep's own record. */
  readonly source: unknown
}

// ---- constants ----

/** At most this many runs in one sweep. @category constants */
export const MAX_RUNS = 10_000
/** At most this many axes. @category constants */
export const MAX_AXES = 32
/** Names of sweeps and runs: a letter or digit, then letters, digits, `.`, `_`, `-`; at most 120 characters. @category constants */
export const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/

const FORBIDDEN_KEYS = ['__proto__', 'prototype', 'constructor']
const SWEEP_FIELDS = ['name', 'base', 'grid', 'list', 'description']

// ---- decoding ----

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)
const own = (o: Record<string, unknown>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)
const show = (u: unknown): string => {
  try {
    const s = JSON.stringify(u)
    return s === undefined ? String(u) : s.length > 60 ? `${s.slice(0, 57)}...` : s
  } catch {
    return String(u)
  }
}

/** The problems of a dotted path (empty: fine). */
const pathProblems = (path: string): string[] => {
  if (path === '') return ['an empty path']
  const segs = path.split('.')
  if (segs.some((s) => s === '')) return [`"${path}" has an empty segment`]
  const bad = segs.filter((s) => FORBIDDEN_KEYS.includes(s))
  if (bad.length > 0) return [`"${path}" uses the reserved key ${bad.map((b) => `"${b}"`).join(', ')}`]
  if (path === 'name') return ['"name" cannot vary: run names are made from the sweep\'s name and the axes']
  return []
}

/** `base` with `value` at `path`, as a new value (nothing is mutated); creates objects along the way. */
export const setPath = (base: unknown, path: string, value: unknown): unknown => {
  const [head, ...rest] = path.split('.')
  const k = head!
  const sub = (child: unknown): unknown => (rest.length === 0 ? value : setPath(child, rest.join('.'), value))
  if (Array.isArray(base) && /^\d+$/.test(k)) {
    const i = Number(k)
    const out = [...base]
    while (out.length < i) out.push(null)
    out[i] = sub(base[i])
    return out
  }
  const obj: Record<string, unknown> = isObject(base) ? { ...base } : {}
  Object.defineProperty(obj, k, { value: sub(own(obj, k) ? obj[k] : undefined), enumerable: true, writable: true, configurable: true })
  return obj
}

/** A value as part of a folder name: numbers and safe strings as they are, others by their position. */
const nameOf = (v: AxisValue, index: number): string => {
  if (typeof v === 'number') return String(v).replace(/\+/g, '')
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'string' && /^[A-Za-z0-9._-]{1,24}$/.test(v)) return v
  return `v${index}`
}

/** The short name of each path: its last segment, or more segments when two paths would read the same. */
const shortNames = (paths: ReadonlyArray<string>): Map<string, string> => {
  const out = new Map<string, string>()
  for (const p of paths) {
    const segs = p.split('.')
    let n = 1
    const clash = (k: number) => paths.some((q) => q !== p && q.split('.').slice(-k).join('.') === segs.slice(-k).join('.'))
    while (n < segs.length && clash(n)) n++
    out.set(p, segs.slice(-n).join('.').replace(/[^A-Za-z0-9._-]/g, '-'))
  }
  return out
}

/**
 * Decode a sweep file: the sweep's own fields, then every expanded run's
 * spec. Every problem is listed with its path; a `Right` holds the runs in
 * order (list points outermost, then the grid's axes in the order given,
 * the last varying fastest).
 * @category destructors
 */
export const decodeSweep = (json: unknown): E.Either<string[], Sweep> => {
  if (!isObject(json)) return E.left([`(root): expected a sweep { name, base, grid?, list? }, got ${show(json)}`])
  const problems: string[] = []
  for (const k of Object.keys(json))
    if (!SWEEP_FIELDS.includes(k)) problems.push(`${k}: unknown field (expected one of: ${SWEEP_FIELDS.join(', ')})`)
  const name = json['name']
  if (typeof name !== 'string' || !SAFE_NAME.test(name))
    problems.push(`name: expected a name of letters, digits, ".", "_" or "-" (at most 120, starting with a letter or digit), got ${show(name)}`)
  if (own(json, 'description') && typeof json['description'] !== 'string') problems.push(`description: expected a string, got ${show(json['description'])}`)
  if (!own(json, 'base')) problems.push('base: is required (a spec)')
  else if (!isObject(json['base'])) problems.push(`base: expected a spec (an object), got ${show(json['base'])}`)

  // the grid
  const grid: Axis[] = []
  if (own(json, 'grid')) {
    const g = json['grid']
    if (!isObject(g)) problems.push(`grid: expected an object mapping dotted paths to arrays of values, got ${show(g)}`)
    else
      for (const [path, values] of Object.entries(g)) {
        const pp = pathProblems(path)
        if (pp.length > 0) problems.push(...pp.map((p) => `grid["${path}"]: ${p}`))
        else if (!Array.isArray(values) || values.length === 0) problems.push(`grid["${path}"]: expected a non-empty array of values, got ${show(values)}`)
        else grid.push({ path, values: values as AxisValue[] })
      }
  }
  // the list
  const list: Array<Record<string, AxisValue>> = []
  if (own(json, 'list')) {
    const l = json['list']
    if (!Array.isArray(l) || l.length === 0) problems.push(`list: expected a non-empty array of { "dotted.path": value } objects, got ${show(l)}`)
    else
      l.forEach((pt, i) => {
        if (!isObject(pt) || Object.keys(pt).length === 0) return void problems.push(`list[${i}]: expected an object { "dotted.path": value, ... }, got ${show(pt)}`)
        for (const path of Object.keys(pt)) {
          const pp = pathProblems(path)
          problems.push(...pp.map((p) => `list[${i}]["${path}"]: ${p}`))
          if (grid.some((a) => a.path === path)) problems.push(`list[${i}]["${path}"]: is also a grid axis; give each path in one place`)
        }
        list.push(pt as Record<string, AxisValue>)
      })
  }
  if (grid.length + new Set(list.flatMap((p) => Object.keys(p))).size > MAX_AXES) problems.push(`grid: at most ${MAX_AXES} axes`)
  const count = grid.reduce((n, a) => n * a.values.length, Math.max(1, list.length))
  if (count > MAX_RUNS) problems.push(`grid: expands to ${count} runs; at most ${MAX_RUNS} are allowed in one sweep`)
  if (problems.length > 0) return E.left(problems)

  // expand: list points outermost, then the grid, the last axis fastest
  const points: Array<{ values: Record<string, AxisValue>; where: Record<string, string> }> = []
  const listPoints = list.length > 0 ? list.map((p, i) => ({ p, i })) : [{ p: {} as Record<string, AxisValue>, i: -1 }]
  for (const { p, i } of listPoints) {
    const walk = (a: number, values: Record<string, AxisValue>, where: Record<string, string>): void => {
      if (a === grid.length) return void points.push({ values, where })
      const axis = grid[a]!
      axis.values.forEach((v, j) => walk(a + 1, { ...values, [axis.path]: v }, { ...where, [axis.path]: `grid["${axis.path}"][${j}]` }))
    }
    walk(0, { ...p }, Object.fromEntries(Object.keys(p).map((k) => [k, `list[${i}]["${k}"]`])))
  }
  const listPaths = [...new Set(list.flatMap((p) => Object.keys(p)))]
  const axes: Axis[] = [
    ...grid,
    ...listPaths.map((path) => ({ path, values: distinct(list.filter((p) => own(p, path)).map((p) => p[path]!)) })),
  ]
  const short = shortNames(axes.map((a) => a.path))
  const indexIn = (path: string, v: AxisValue): number => axes.find((a) => a.path === path)!.values.findIndex((x) => show(x) === show(v))

  const runs: SweepRun[] = []
  const seen = new Map<string, number>()
  const reported = new Set<string>()
  for (const pt of points) {
    const parts = axes.filter((a) => own(pt.values, a.path)).map((a) => `${short.get(a.path)}-${nameOf(pt.values[a.path]!, indexIn(a.path, pt.values[a.path]!))}`)
    let runName = [name as string, ...parts].join('_').slice(0, 120)
    const n = seen.get(runName) ?? 0
    seen.set(runName, n + 1)
    if (n > 0) runName = `${runName.slice(0, 112)}_${n}`
    let raw: unknown = json['base']
    for (const [path, v] of Object.entries(pt.values)) raw = setPath(raw, path, v)
    raw = setPath(raw, 'name', runName)
    const spec = decodeSpec(raw)
    if (E.isLeft(spec)) {
      for (const e of spec.left) {
        const line = e.startsWith('name: ') ? `run name ${JSON.stringify(runName)} (made from the sweep's name and the axes): ${e.slice(6)}` : attribute(e, pt.where)
        if (!reported.has(line)) reported.add(line), problems.push(line)
      }
      continue
    }
    runs.push({ name: runName, spec: spec.right, point: pt.values })
  }
  return problems.length > 0 ? E.left(problems) : E.right({ name: name as string, axes, runs, source: json })
}

/** A spec problem `path: message`, named by the axis value that set that path, or else as part of `base`. */
const attribute = (line: string, where: Record<string, string>): string => {
  const colon = line.indexOf(': ')
  const path = colon < 0 ? '(root)' : line.slice(0, colon)
  const message = colon < 0 ? line : line.slice(colon + 2)
  const norm = path.replace(/\[(\d+)\]/g, '.$1')
  for (const [axisPath, at] of Object.entries(where)) {
    if (norm === axisPath || norm.startsWith(`${axisPath}.`)) return `${at}${norm.slice(axisPath.length)}: ${message}`
    if (axisPath.startsWith(`${norm}.`) || norm === '(root)') return `${at} (sets ${axisPath}, inside ${norm}): ${message}`
  }
  return `base.${path}: ${message}`
}

const distinct = (vs: ReadonlyArray<AxisValue>): AxisValue[] => {
  const out: AxisValue[] = []
  for (const v of vs) if (!out.some((x) => show(x) === show(v))) out.push(v)
  return out
}

// ---- utils ----

/** The axes that vary (more than one value), seeds included. @category utils */
export const varying = (s: Sweep): Axis[] => s.axes.filter((a) => a.values.length > 1)

/**
 * A sweep from a spec and axes in code (the library form of a sweep file),
 * checked like a file.
 * @example
 * sweepOf('lr', spec, { grid: { 'optimizer.sgd.learningRate': [0.01, 0.1], seed: [0, 1] } })
 * @category constructors
 */
export const sweepOf = (
  name: string, base: Spec | Record<string, unknown>,
  axes: { readonly grid?: Readonly<Record<string, ReadonlyArray<unknown>>>; readonly list?: ReadonlyArray<Readonly<Record<string, unknown>>> },
): E.Either<string[], Sweep> =>
  decodeSweep(JSON.parse(JSON.stringify({ name, base, ...(axes.grid === undefined ? {} : { grid: axes.grid }), ...(axes.list === undefined ? {} : { list: axes.list }) })))
