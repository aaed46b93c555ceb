import { describe, expect, it } from 'vitest'
import { GENESIS_HASH, storeErrorMessage, type RecordedEvent } from '../../src/index'
import {
  backwardLinkProblem,
  forwardLinkProblem,
  globalContinuity,
  storedColumnsProblem,
  streamEndProblem,
  type ChainLink,
} from '../../src/adapter'

const hash = (n: number) => n.toString(16).padStart(64, '0')

/** A chain of `n` links in stream `streamId`, hashes 1..n (not real SHA-256: the checks only compare them). */
const chain = (streamId: string, n: number, firstPosition = 1n): ReadonlyArray<ChainLink> =>
  Array.from({ length: n }, (_, i) => ({
    streamId,
    revision: BigInt(i),
    position: firstPosition + BigInt(i),
    hash: hash(i + 1),
    prevHash: i === 0 ? GENESIS_HASH : hash(i),
  }))

const event = {
  eventId: '0190f8a2-7c4d-7e11-9a3b-5d6e7f80a001',
  streamId: 'program-a',
  revision: 3n,
  position: 9n,
  type: 'ProbeRecorded',
  schemaVersion: 1,
  data: {},
  metadata: {
    recordedAt: '2026-01-02T03:04:05.000Z',
    occurredOn: '2020-11-30',
    actor: { id: 'a', role: 'OPERATOR' },
    correlationId: 'c',
    evidence: { level: 'DOCUMENTED', refs: [] },
    mode: 'OPERATIONAL',
  },
  hash: hash(4),
  prevHash: hash(3),
} as unknown as RecordedEvent

describe('RowIntegrity', () => {
  describe('storedColumnsProblem', () => {
    it('accepts columns that say what the hashed content says, and a store without such columns', () => {
      expect(
        storedColumnsProblem(
          { category: 'program', occurredOn: '2020-11-30', recordedAt: '2026-01-02T03:04:05.000Z' },
          event,
        ),
      ).toBeUndefined()
      expect(storedColumnsProblem({}, event)).toBeUndefined()
    })

    it.each([
      ['category', { category: 'equipment' }, "it says 'equipment'"],
      ['category', { category: null }, 'it says null'],
      ['occurred_on', { occurredOn: '2020-11-01' }, "the fact occurred on '2020-11-30'"],
      ['occurred_on', { occurredOn: '2020-11-30 ' }, "it says '2020-11-30 '"],
      ['recorded_at', { recordedAt: '2026-01-02T03:04:05.001Z' }, 'recorded at'],
      ['recorded_at', { recordedAt: null }, 'it says null'],
    ])('names the %s column when it disagrees (%o)', (column, row, says) => {
      const problem = storedColumnsProblem(row, event)
      expect(problem).toMatchObject({ _tag: 'CorruptEvent', streamId: 'program-a', revision: 3n, position: 9n, column })
      expect(problem === undefined ? '' : storeErrorMessage(problem)).toContain(says)
      expect(problem === undefined ? '' : storeErrorMessage(problem)).toContain(`its ${column} column disagrees`)
    })
  })

  describe('forwardLinkProblem', () => {
    it('accepts a whole chain read from the start and from a later revision', () => {
      const links = chain('program-a', 5)
      links.forEach((link, i) => expect(forwardLinkProblem(link, links[i - 1], 0n)).toBeUndefined())
      expect(forwardLinkProblem(links[2]!, undefined, 2n)).toBeUndefined()
    })

    it('names the missing revision when the first, or a middle, event is gone', () => {
      const links = chain('program-a', 5)
      expect(forwardLinkProblem(links[1]!, undefined, 0n)).toMatchObject({
        _tag: 'HashChainBroken',
        streamId: 'program-a',
        revision: 0n,
      })
      const gap = forwardLinkProblem(links[3]!, links[1], 0n)
      expect(gap).toMatchObject({ _tag: 'HashChainBroken', revision: 2n })
      expect(gap === undefined ? '' : storeErrorMessage(gap)).toContain('revision 2 is missing')
    })

    it('names a repeated revision, a broken link and a first event that does not start at genesis', () => {
      const links = chain('program-a', 3)
      expect(forwardLinkProblem(links[1]!, links[1], 0n)).toMatchObject({ revision: 1n })
      expect(forwardLinkProblem({ ...links[2]!, prevHash: hash(9) }, links[1], 0n)).toMatchObject({
        revision: 2n,
        reason: 'its prevHash does not match the hash of revision 1',
      })
      expect(forwardLinkProblem({ ...links[0]!, prevHash: hash(9) }, undefined, 0n)).toMatchObject({ revision: 0n })
    })
  })

  describe('backwardLinkProblem', () => {
    it('accepts a whole chain read from the end and names a gap or a broken link', () => {
      const links = [...chain('program-a', 5)].reverse()
      links.forEach((link, i) => expect(backwardLinkProblem(link, links[i - 1])).toBeUndefined())
      expect(backwardLinkProblem(links[3]!, links[1])).toMatchObject({ revision: 2n })
      expect(backwardLinkProblem({ ...links[1]!, hash: hash(99) }, links[0])).toMatchObject({
        revision: 4n,
        reason: 'its prevHash does not match the hash of revision 3',
      })
    })
  })

  describe('streamEndProblem', () => {
    const links = chain('program-a', 4)
    const last = links[3]!

    it('accepts a stream that ends at its recorded head, and no stream with no head', () => {
      expect(streamEndProblem('program-a', last, { revision: 3n, lastHash: last.hash })).toBeUndefined()
      expect(streamEndProblem('program-a', undefined, 'no_stream')).toBeUndefined()
      expect(streamEndProblem('program-a', undefined, { revision: 3n, lastHash: last.hash }, 4n)).toBeUndefined()
    })

    it('names a truncated tail, a deleted stream, a head behind the events and a rewritten last event', () => {
      expect(streamEndProblem('program-a', links[1], { revision: 3n, lastHash: last.hash })).toMatchObject({
        revision: 2n,
        reason: expect.stringContaining('its last events are missing'),
      })
      expect(streamEndProblem('program-a', undefined, { revision: 3n, lastHash: last.hash })).toMatchObject({
        revision: 3n,
        reason: expect.stringContaining('none of its events'),
      })
      expect(streamEndProblem('program-a', last, { revision: 2n, lastHash: links[2]!.hash })).toMatchObject({
        revision: 3n,
      })
      expect(streamEndProblem('program-a', last, 'no_stream')).toMatchObject({ revision: 3n })
      expect(
        streamEndProblem('program-a', { ...last, hash: hash(77) }, { revision: 3n, lastHash: last.hash }),
      ).toMatchObject({ revision: 3n, reason: expect.stringContaining("stream's head") })
    })
  })

  describe('globalContinuity', () => {
    const interleave = (streams: number, perStream: number): ReadonlyArray<ChainLink> => {
      const out: Array<ChainLink> = []
      for (let r = 0; r < perStream; r++) {
        for (let s = 0; s < streams; s++) out.push(chain(`program-s${s}`, perStream)[r]!)
      }
      return out
    }

    it('follows every stream of a read in global order, more than 10,000 of them', () => {
      const check = globalContinuity({ fromStart: true, everyEvent: true })
      const links = interleave(10_050, 2)
      expect(links.map(check).filter((p) => p !== undefined)).toEqual([])
    })

    it('catches a relinked event in the 10,001st stream and beyond, where a bounded cache would forget', () => {
      const check = globalContinuity({ fromStart: true, everyEvent: true })
      const links = interleave(10_050, 2).map((link) =>
        link.streamId === 'program-s10040' && link.revision === 1n ? { ...link, prevHash: hash(55) } : link,
      )
      expect(links.map(check).filter((p) => p !== undefined)).toEqual([
        expect.objectContaining({ streamId: 'program-s10040', revision: 1n }),
      ])
    })

    it('requires revision 0 first only of a read from the start, and skips gaps under a type filter', () => {
      const tail = chain('program-a', 3).slice(1)
      const fromStart = globalContinuity({ fromStart: true, everyEvent: true })
      expect(tail.map(fromStart)[0]).toMatchObject({ revision: 0n })
      const later = globalContinuity({ fromStart: false, everyEvent: true })
      expect(tail.map(later).filter((p) => p !== undefined)).toEqual([])
      const filtered = globalContinuity({ fromStart: true, everyEvent: false })
      const links = chain('program-a', 4)
      expect([links[0]!, links[2]!, links[3]!].map(filtered).filter((p) => p !== undefined)).toEqual([])
      expect([links[0]!, { ...links[1]!, prevHash: hash(8) }].map(filtered)[1]).toMatchObject({ revision: 1n })
    })
  })
})
