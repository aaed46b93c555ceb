import { describe, expect, it } from 'vitest'
import { appendGroups, type GroupAnswer } from '../src/internal/AppendGroups'

interface Job {
  readonly stream: string
  readonly events: number
}

/** A server by hand: each statement waits until the test lets it answer. */
const harness = (
  options: {
    readonly maxEvents?: number
    readonly answer?: (job: Job) => GroupAnswer<string>
    readonly rolledBack?: (cause: unknown) => boolean
  } = {},
) => {
  const statements: Array<{ kind: 'alone' | 'together'; jobs: ReadonlyArray<Job>; release: () => void }> = []
  const blocked = <A>(kind: 'alone' | 'together', jobs: ReadonlyArray<Job>, value: () => A) =>
    new Promise<A>((resolve, reject) => {
      statements.push({
        kind,
        jobs,
        release: () => {
          try {
            resolve(value())
          } catch (cause) {
            reject(cause)
          }
        },
      })
    })
  let failNext: unknown
  const send = appendGroups<Job, string>({
    alone: (job) => blocked('alone', [job], () => `alone:${job.stream}`),
    together: (jobs) =>
      blocked('together', jobs, () => {
        if (failNext !== undefined) {
          const cause = failNext
          failNext = undefined
          throw cause
        }
        return jobs.map((job) => (options.answer ?? ((j: Job) => `group:${j.stream}`))(job))
      }),
    rolledBack: options.rolledBack ?? (() => true),
    streamOf: (job) => job.stream,
    eventsOf: (job) => job.events,
    maxEvents: options.maxEvents ?? 10,
    maxInFlight: options.maxEvents === 0 ? Number.POSITIVE_INFINITY : 1,
  })
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0))
  return {
    send,
    statements,
    tick,
    failNextWith: (cause: unknown) => {
      failNext = cause
    },
    /** Lets the oldest unanswered statement answer. */
    release: async () => {
      const next = statements.find((s) => !('done' in s))
      if (next === undefined) throw new Error('no statement in flight')
      Object.assign(next, { done: true })
      next.release()
      await tick()
    },
  }
}

describe('appendGroups', () => {
  it('sends a lone append at once, as a group of one', async () => {
    const h = harness()
    const result = h.send({ stream: 'a', events: 1 })
    expect(h.statements.map((s) => [s.kind, s.jobs.map((j) => j.stream)])).toEqual([['together', ['a']]])
    await h.release()
    expect(await result).toBe('group:a')
  })

  it('sends the appends that arrive while one is in flight together, sorted by stream, when it is back', async () => {
    const h = harness()
    const first = h.send({ stream: 'm', events: 1 })
    const later = [
      h.send({ stream: 'z', events: 2 }),
      h.send({ stream: 'b', events: 1 }),
      h.send({ stream: 'k', events: 3 }),
    ]
    expect(h.statements).toHaveLength(1)
    await h.release()
    expect(await first).toBe('group:m')
    expect(h.statements.map((s) => s.jobs.map((j) => j.stream))).toEqual([['m'], ['b', 'k', 'z']])
    await h.release()
    expect(await Promise.all(later)).toEqual(['group:z', 'group:b', 'group:k'])
  })

  it('never puts two appends to one stream in a group, and keeps their order', async () => {
    const h = harness()
    void h.send({ stream: 'x', events: 1 })
    const second = h.send({ stream: 'a', events: 1 })
    const third = h.send({ stream: 'a', events: 1 })
    const fourth = h.send({ stream: 'c', events: 1 })
    await h.release()
    expect(h.statements[1]!.jobs.map((j) => j.stream)).toEqual(['a', 'c'])
    await h.release()
    expect(await Promise.all([second, fourth])).toEqual(['group:a', 'group:c'])
    expect(h.statements[2]!.jobs.map((j) => j.stream)).toEqual(['a'])
    await h.release()
    expect(await third).toBe('group:a')
  })

  it('closes a group at its size in events, and still sends a larger append, in a group of its own', async () => {
    const h = harness({ maxEvents: 5 })
    void h.send({ stream: 'x', events: 1 })
    const queued = [
      h.send({ stream: 'a', events: 3 }),
      h.send({ stream: 'b', events: 2 }),
      h.send({ stream: 'c', events: 1 }),
      h.send({ stream: 'd', events: 9 }),
    ]
    for (let i = 0; i < 4; i++) await h.release()
    expect(h.statements.map((s) => s.jobs.map((j) => j.stream))).toEqual([['x'], ['a', 'b'], ['c'], ['d']])
    expect(await Promise.all(queued)).toEqual(['group:a', 'group:b', 'group:c', 'group:d'])
  })

  it('sends an append the group answers alone for on its own, without holding up the queue', async () => {
    const h = harness({ answer: (job) => (job.stream === 'held' ? 'alone' : `group:${job.stream}`) })
    void h.send({ stream: 'x', events: 1 })
    const held = h.send({ stream: 'held', events: 1 })
    const other = h.send({ stream: 'other', events: 1 })
    await h.release()
    await h.release()
    expect(await other).toBe('group:other')
    // The held one waits in a statement of its own, while the next group goes.
    const next = h.send({ stream: 'next', events: 1 })
    expect(h.statements.slice(2).map((s) => [s.kind, s.jobs.map((j) => j.stream)])).toEqual([
      ['alone', ['held']],
      ['together', ['next']],
    ])
    await h.release()
    expect(await held).toBe('alone:held')
    await h.release()
    expect(await next).toBe('group:next')
  })

  it('sends each append of a group that was rolled back again alone, and any other failure to every caller', async () => {
    const rolledBack = new Error('rolled back')
    const lost = new Error('connection lost')
    const h = harness({ rolledBack: (cause) => cause === rolledBack })
    void h.send({ stream: 'x', events: 1 })
    const a = h.send({ stream: 'a', events: 1 })
    const b = h.send({ stream: 'b', events: 1 })
    await h.release()
    h.failNextWith(rolledBack)
    await h.release()
    expect(h.statements.slice(2).map((s) => [s.kind, s.jobs.map((j) => j.stream)])).toEqual([
      ['alone', ['a']],
      ['alone', ['b']],
    ])
    await h.release()
    await h.release()
    expect(await Promise.all([a, b])).toEqual(['alone:a', 'alone:b'])
    const c = expect(h.send({ stream: 'c', events: 1 })).rejects.toBe(lost)
    h.failNextWith(lost)
    await h.release()
    await c
  })

  it('sends every append alone when groups are off (a size of 0)', async () => {
    const h = harness({ maxEvents: 0 })
    const a = h.send({ stream: 'a', events: 1 })
    const b = h.send({ stream: 'b', events: 1 })
    expect(h.statements.map((s) => s.kind)).toEqual(['alone', 'alone'])
    await h.release()
    await h.release()
    expect(await Promise.all([a, b])).toEqual(['alone:a', 'alone:b'])
  })
})
