/** Queue URLs and job payloads, without Redis: parsed and decoded like any external input. */
import { describe, expect, it } from 'vitest'
import { decodeJob, JOB_FORMAT, jobId, MAX_JOB_BYTES, parseQueueUrl, PASSWORD_ENV } from '../src/experiment/sweep-queue.js'
import { decodeSpec } from '../src/experiment/spec.js'

const SPEC = {
  name: 'r1', seed: 0, data: { kind: 'iris' }, model: { kind: 'mlp', hidden: [8] },
  optimizer: { sgd: { learningRate: 0.1 } }, steps: 10, batchSize: 16,
}

describe('queue URLs', () => {
  it('give the connection, and a form with the password hidden', () => {
    const r = parseQueueUrl('redis://me:s%40cret@10.0.0.5:6380/3')
    expect(r._tag).toBe('Right')
    if (r._tag === 'Left') throw new Error(r.left.join('\n'))
    expect(r.right.connection).toMatchObject({ host: '10.0.0.5', port: 6380, db: 3, username: 'me', password: 's@cret' })
    expect(r.right.safe).toBe('redis://me:***@10.0.0.5:6380/3')
    expect(r.right.redact('WRONGPASS s@cret and s%40cret')).toBe('WRONGPASS *** and ***')
    const plain = parseQueueUrl('redis://localhost')
    expect(plain._tag === 'Right' && [plain.right.safe, plain.right.connection.port, plain.right.connection.db]).toEqual(['redis://localhost/0', 6379, 0])
  })

  it('take the password from the environment when the URL has none', () => {
    process.env[PASSWORD_ENV] = 'from-env'
    try {
      const r = parseQueueUrl('redis://127.0.0.1:7000')
      expect(r._tag === 'Right' && [r.right.connection.password, r.right.safe]).toEqual(['from-env', 'redis://:***@127.0.0.1:7000/0'])
    } finally {
      delete process.env[PASSWORD_ENV]
    }
  })

  it('report problems without ever quoting the password', () => {
    for (const url of ['http://:hunter2@h/0', 'redis://:hunter2@h/99', 'redis://:hunter2@h/hunter2', ':hunter2@nohost']) {
      const r = parseQueueUrl(url)
      expect(r._tag, url).toBe('Left')
      expect((r as { left: string[] }).left.join('\n')).not.toContain('hunter2')
    }
  })
})

describe('job payloads', () => {
  it('decode a good job to its names and spec', () => {
    const r = decodeJob({ format: JOB_FORMAT, sweep: 's', run: 'r1', spec: SPEC })
    expect(r._tag === 'Right' && [r.right.sweep, r.right.run, r.right.spec.steps]).toEqual(['s', 'r1', 10])
  })

  it('list every problem with its path, and keep the names when they decode', () => {
    const r = decodeJob({ format: JOB_FORMAT, sweep: 's', run: 'r1', spec: { ...SPEC, batchSize: 0, optimizer: { adam: { learningRate: 0.1, b2: 2 } } } })
    expect(r._tag).toBe('Left')
    if (r._tag === 'Right') throw new Error('decoded')
    expect(r.left.names).toEqual({ sweep: 's', run: 'r1' })
    expect([...r.left.problems].sort()).toEqual(['spec.batchSize: expected an integer >= 1, got 0', 'spec.optimizer.adam.b2: expected a number in [0, 1), got 2'])
    const n = decodeJob({ format: 'x', sweep: '../up', run: 'a/b', spec: SPEC, more: 1 })
    expect(n._tag === 'Left' && n.left.names).toBe(null)
    const text = (n as { left: { problems: string[] } }).left.problems.join('\n')
    for (const p of ['job.format: expected one of "fluxion-job/1"', 'job.sweep: expected a safe name', 'job.run: expected a safe name', 'job.more: unknown field'])
      expect(text).toContain(p)
  })

  it('refuse a spec named otherwise than the run, prototype keys, and oversized payloads', () => {
    const other = decodeJob({ format: JOB_FORMAT, sweep: 's', run: 'r2', spec: SPEC })
    expect(other._tag === 'Left' && other.left.problems).toEqual(['spec.name: expected the run\'s name "r2", got "r1"'])
    const proto = decodeJob(JSON.parse(`{"format":"${JOB_FORMAT}","sweep":"s","run":"r1","spec":${JSON.stringify(SPEC).replace('{', '{"__proto__":{"polluted":1},')}}`))
    expect(proto._tag).toBe('Left')
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    const big = decodeJob({ format: JOB_FORMAT, sweep: 's', run: 'r1', spec: { ...SPEC, description: 'x'.repeat(MAX_JOB_BYTES) } })
    expect(big._tag === 'Left' && big.left.problems[0]).toMatch(/^job: the payload is \d+ bytes; at most 1048576/)
  })

  it('have ids without ":" that change with the spec', () => {
    const a = decodeSpec(SPEC)
    const b = decodeSpec({ ...SPEC, seed: 1 })
    if (a._tag === 'Left' || b._tag === 'Left') throw new Error('the spec does not decode')
    expect(jobId('s', 'r1', a.right)).toMatch(/^s\.r1\.[0-9a-f]{16}$/)
    expect(jobId('s', 'r1', a.right)).not.toBe(jobId('s', 'r1', b.right))
  })
})
