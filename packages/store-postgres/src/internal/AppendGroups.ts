/**
 * Appends that share a commit. While an append of this store is on its way to the server, the appends that
 * arrive meanwhile wait in a queue, and the next free slot sends all of them (up to a size) as one statement and
 * one transaction: one round trip and one WAL flush for many writers, instead of one each. A lone writer never
 * waits: with nothing in flight its append leaves at once, as a group of one. A group never waits for a stream
 * another transaction holds (that append is answered `'alone'` and sent on its own, outside the queue), so the
 * one statement in flight is never held up for long.
 *
 * Pure scheduling, no I/O: the store passes the two ways of sending (alone, in a group).
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What a group answers for one of its appends: its row, or `'alone'` when it must be sent on its own. */
export type GroupAnswer<R> = R | 'alone'

/** How the queue sends and sizes appends. */
export interface AppendGroupsConfig<J, R> {
  /** Sends one append on its own. */
  readonly alone: (job: J) => Promise<R>
  /** Sends several appends (of distinct streams, sorted by stream) as one statement; one answer each, in order. */
  readonly together: (jobs: ReadonlyArray<J>) => Promise<ReadonlyArray<GroupAnswer<R>>>
  /** A group's failure after which nothing of it was written (so each append can be sent again alone). */
  readonly rolledBack: (cause: unknown) => boolean
  readonly streamOf: (job: J) => string
  readonly eventsOf: (job: J) => number
  /** Events one group may carry (a single larger append still goes, alone); 0 sends every append alone. */
  readonly maxEvents: number
  /** Statements in flight at once; later appends queue for the next free slot. */
  readonly maxInFlight: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A function that sends an append, alone or grouped with those that queue behind one in flight, and answers
 * with its own row. Two appends to the same stream never share a group (the second would find the head moved
 * by the first); the order of appends to one stream is the order of the calls.
 */
export const appendGroups = <J, R>(config: AppendGroupsConfig<J, R>): ((job: J) => Promise<R>) => {
  interface Waiting {
    readonly job: J
    readonly resolve: (row: R) => void
    readonly reject: (cause: unknown) => void
  }
  const queue: Array<Waiting> = []
  let inFlight = 0

  const settle = (waiting: Waiting, answer: Promise<R>) => answer.then(waiting.resolve, waiting.reject)

  /** The next group: the queue's first append, then later ones of other streams, up to the size. */
  const take = (): ReadonlyArray<Waiting> => {
    const first = queue.shift()!
    const group = [first]
    const streams = new Set([config.streamOf(first.job)])
    let events = config.eventsOf(first.job)
    for (let i = 0; i < queue.length;) {
      const next = queue[i]!
      const stream = config.streamOf(next.job)
      const size = config.eventsOf(next.job)
      if (events + size > config.maxEvents) break
      if (streams.has(stream)) {
        i++
        continue
      }
      // Later appends to a stream already skipped stay behind it, in call order.
      group.push(next)
      queue.splice(i, 1)
      streams.add(stream)
      events += size
    }
    return group
  }

  const sendTogether = async (group: ReadonlyArray<Waiting>) => {
    // Every group takes its stream rows in one order, so two groups never wait for each other in a cycle.
    const sorted = [...group].sort((a, b) => compare(config.streamOf(a.job), config.streamOf(b.job)))
    let answers: ReadonlyArray<GroupAnswer<R>>
    try {
      answers = await config.together(sorted.map((w) => w.job))
      if (answers.length !== sorted.length) throw new Error(`a group of ${sorted.length} got ${answers.length} answers`)
    } catch (cause) {
      // Nothing of the group was written: each append goes again alone, and meets its own trouble there (an id
      // another stream took, a lost connection) as it would have without grouping.
      for (const waiting of sorted) {
        if (config.rolledBack(cause)) void settle(waiting, config.alone(waiting.job))
        else waiting.reject(cause)
      }
      return
    }
    sorted.forEach((waiting, i) => {
      const answer = answers[i]!
      if (answer === 'alone') void settle(waiting, config.alone(waiting.job))
      else waiting.resolve(answer)
    })
  }

  const pump = () => {
    while (inFlight < config.maxInFlight && queue.length > 0) {
      const group = take()
      const sending = config.maxEvents === 0 ? settle(group[0]!, config.alone(group[0]!.job)) : sendTogether(group)
      inFlight++
      void sending.finally(() => {
        inFlight--
        pump()
      })
    }
  }

  return (job) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ job, resolve, reject })
      pump()
    })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
