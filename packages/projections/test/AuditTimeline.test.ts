import {
  createInMemoryEventStore,
  steppingClock,
  storeErrorMessage,
  type CivilDate,
  type EventStore,
  type Instant,
} from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { beforeAll, describe, expect, it } from 'vitest'
import { programAuditTimeline, type AuditTimelineFact, type AuditTimelineOptions } from '../src'
import { appendFacts, programRegistration } from './fixtures/events'
import { seededStore } from './fixtures/seeds'

const timeline = async (
  store: EventStore,
  programId: string,
  options?: AuditTimelineOptions,
): Promise<ReadonlyArray<AuditTimelineFact>> => {
  const facts = await programAuditTimeline(store, programId, options)()
  if (E.isLeft(facts)) throw new Error(storeErrorMessage(facts.left))
  return facts.right
}

const asOf = (date: string) => date as CivilDate
const asKnownAt = (instant: string) => instant as Instant

describe('AuditTimeline', () => {
  let seeds: EventStore
  beforeAll(async () => {
    seeds = await seededStore(['s0-muba-led.json'])
  })

  it('replays what the ledger knew at an instant, each fact with its evidence (S0)', async () => {
    const news = ['NEWS_ARTICLE', 'NEWS_ARTICLE']
    const fact = {
      occurredOn: '2020-11-30',
      streamId: 'program-prg-muba-led-2020',
      evidenceLevel: 'INFERRED',
      evidenceRefs: news,
      approximate: false,
      mode: 'HISTORICAL_IMPORT',
      newsOnly: true,
    } as const
    expect(await timeline(seeds, 'prg-muba-led-2020', { asKnownAt: asKnownAt('2026-01-01T00:00:02.000Z') })).toEqual<
      ReadonlyArray<AuditTimelineFact>
    >([
      {
        ...fact,
        recordedAt: '2026-01-01T00:00:00.000Z',
        revision: 0n,
        position: 1n,
        type: 'ProgramRegistered',
        subject: null,
      },
      {
        ...fact,
        recordedAt: '2026-01-01T00:00:01.000Z',
        revision: 1n,
        position: 2n,
        type: 'ProgramApproved',
        subject: null,
      },
      {
        ...fact,
        recordedAt: '2026-01-01T00:00:02.000Z',
        revision: 2n,
        position: 3n,
        type: 'FundingSourceAsserted',
        subject: 'source=APBN_KL',
      },
    ])
  })

  it('includes the linked equipment packages and facility, and as of the opening day leaves out what came later', async () => {
    const all = await timeline(seeds, 'prg-muba-led-2020')
    const opening = await timeline(seeds, 'prg-muba-led-2020', { asOf: asOf('2020-11-30') })
    const streams = (facts: ReadonlyArray<AuditTimelineFact>) => [...new Set(facts.map((f) => f.streamId))].sort()
    expect(streams(all)).toEqual([
      'equipment-pkg-muba-led-a',
      'equipment-pkg-muba-led-b',
      'facility-fac-sentra-led-muba',
      'program-prg-muba-led-2020',
    ])
    expect(all.length - opening.length).toBe(2)
    expect(all.filter((f) => !opening.includes(f) && f.occurredOn > '2020-11-30').map((f) => f.type)).toEqual([
      'FacilityRegistered',
      'FacilityLinked',
    ])
    expect(opening.every((f) => f.occurredOn <= '2020-11-30')).toBe(true)
  })

  it('flags every fact of the S0 program stream as resting on news only', async () => {
    const all = await timeline(seeds, 'prg-muba-led-2020', { linked: false })
    expect([
      all.length,
      all.filter((f) => f.newsOnly).length,
      all.every((f) => f.streamId === 'program-prg-muba-led-2020'),
    ]).toEqual([all.length, all.length, true])
    expect(all.length).toBeGreaterThan(25)
  })

  it('orders by occurred date, shows a late-recorded early fact as of its date but not before it was recorded', async () => {
    const store = createInMemoryEventStore({ clock: steppingClock('2026-03-01T00:00:00.000Z', 60_000) })
    const program = (
      type: string,
      data: Record<string, unknown>,
      occurredOn: string,
      level?: 'DOCUMENTED' | 'NEWS_REPORT',
    ) => ({
      stream: 'program-p9',
      type,
      data,
      occurredOn,
      ...(level === undefined ? {} : { level }),
      refs: level === 'DOCUMENTED' ? [{ kind: 'DIPA', number: 'DIPA-1' }] : [{ kind: 'NEWS_ARTICLE' }],
    })
    await appendFacts(store, [
      program('ProgramRegistered', programRegistration('p9'), '2021-02-01', 'NEWS_REPORT'),
      program('ProgramApproved', {}, '2021-02-10', 'DOCUMENTED'),
      program(
        'FundingAllocated',
        { lineId: 'l1', source: 'APBN_KL', amount: '100000000', fiscalYear: 2021, purpose: 'TRAINING' },
        '2021-01-15',
        'DOCUMENTED',
      ),
    ])
    const all = await timeline(store, 'p9')
    expect(all.map((f) => [f.occurredOn, f.type, f.evidenceLevel, f.newsOnly])).toEqual([
      ['2021-01-15', 'FundingAllocated', 'DOCUMENTED', false],
      ['2021-02-01', 'ProgramRegistered', 'NEWS_REPORT', true],
      ['2021-02-10', 'ProgramApproved', 'DOCUMENTED', false],
    ])
    const early = await timeline(store, 'p9', { asOf: asOf('2021-01-31') })
    expect(early.map((f) => f.type)).toEqual(['FundingAllocated'])
    const knownBefore = await timeline(store, 'p9', {
      asOf: asOf('2021-01-31'),
      asKnownAt: asKnownAt('2026-03-01T00:01:30.000Z'),
    })
    expect(knownBefore).toEqual([])
  })
})
