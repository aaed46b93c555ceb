import { createInMemoryEventStore, steppingClock, type EventStore } from '@ikm-ledger/core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  participantStatistics,
  participantStatisticsRows,
  programParticipantRows,
  publicParticipantStatisticsRows,
  type ParticipantStatisticsRow,
  type PublicParticipantStatisticsRow,
} from '../../src'
import type { Backend, Reader } from '../fixtures/backends'
import { appendFacts, regionJson, type Fact } from '../fixtures/events'

const BANJARMASIN = regionJson('63.71', 'Kota Banjarmasin', 'KOTA')
const BANJARBARU = regionJson('63.72', 'Kota Banjarbaru', 'KOTA')
const on = '2026-03-02'

const program = (type: string, data: Record<string, unknown>): Fact => ({
  stream: 'program-prg-rm4',
  type,
  data,
  occurredOn: on,
})
const person = (personId: string, type: string, data: Record<string, unknown>): Fact => ({
  stream: `person-${personId}`,
  type,
  data,
  occurredOn: on,
})

interface Who {
  readonly id: string
  readonly track: string
  readonly region: Record<string, unknown>
  readonly sex: 'M' | 'F'
  readonly band: string
}

const selected = (w: Who): Fact =>
  program('ParticipantSelected', {
    personId: w.id,
    region: w.region,
    trackId: w.track,
    batchId: `b-${w.track}`,
    eligibility: { passed: true, evaluatedOn: on, checks: ['AGE'], individuallyChecked: true, policyId: 'milenial' },
    demographics: { ageBand: w.band, sex: w.sex },
  })

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`)

// Herbal: 6 women and 7 men aged 25–35 in Banjarmasin, 2 men aged 18–24 and one girl under 18 (with a guardian's
// consent) in Banjarbaru. Hazmat: 5 men in Banjarmasin, and a sixth who withdrew.
const herbalF = range('hf', 6).map((id): Who => ({ id, track: 'herbal', region: BANJARMASIN, sex: 'F', band: '25-35' }))
const herbalM = range('hm', 7).map((id): Who => ({ id, track: 'herbal', region: BANJARMASIN, sex: 'M', band: '25-35' }))
const young = range('hy', 2).map((id): Who => ({ id, track: 'herbal', region: BANJARBARU, sex: 'M', band: '18-24' }))
const child: Who = { id: 'hc1', track: 'herbal', region: BANJARBARU, sex: 'F', band: '<18' }
const hazmat = range('zm', 6).map((id): Who => ({ id, track: 'hazmat', region: BANJARMASIN, sex: 'M', band: '25-35' }))

const facts = (): ReadonlyArray<Fact> => [
  person('hc1', 'PersonRegistered', { personId: 'hc1', sex: 'F', domicile: BANJARBARU, childAtRegistration: true }),
  person('hc1', 'ConsentRecorded', { purpose: 'PROGRAM_PARTICIPATION', lawfulBasis: 'CONSENT', givenBy: 'GUARDIAN' }),
  ...[...herbalF, ...herbalM, ...young, child, ...hazmat].map(selected),
  program('ParticipantWithdrawn', { personId: 'zm6', trackId: 'hazmat', reason: 'sakit' }),
  program('TrainingBatchCompleted', {
    batchId: 'b-herbal',
    endDate: on,
    daysHeld: 5,
    completedParticipantIds: [...range('hf', 5), ...range('hm', 7), 'hc1'],
  }),
  program('TrainingBatchCompleted', {
    batchId: 'b-hazmat',
    endDate: on,
    daysHeld: 3,
    completedParticipantIds: range('zm', 5),
  }),
  ...range('hf', 4).map((id) => program('CertificateIssued', { batchId: 'b-herbal', personId: id })),
  ...range('hm', 7).map((id) => program('CertificateIssued', { batchId: 'b-herbal', personId: id })),
  person('hf1', 'PersonRegistered', { personId: 'hf1', sex: 'F', domicile: BANJARMASIN, childAtRegistration: false }),
  person('hf1', 'PersonPiiShredded', { reason: 'request of the data subject' }),
]

const cell = (
  trackId: string,
  region: { code: string; name: string },
  sex: 'M' | 'F',
  ageBand: ParticipantStatisticsRow['ageBand'],
  counts: Partial<ParticipantStatisticsRow>,
): ParticipantStatisticsRow => ({
  programId: 'prg-rm4',
  trackId,
  region,
  sex,
  ageBand,
  participants: 0,
  completed: 0,
  certified: 0,
  completionRateBp: null,
  certificationRateBp: null,
  children: 0,
  childrenWithGuardianConsent: 0,
  erased: 0,
  ...counts,
})

const BJM = { code: '63.71', name: 'Kota Banjarmasin' }
const BJB = { code: '63.72', name: 'Kota Banjarbaru' }

export const participantStatisticsSpec = (backend: Backend) =>
  describe(`ParticipantStatistics (${backend.name})`, () => {
    let read: Reader
    let store: EventStore
    beforeAll(async () => {
      store = createInMemoryEventStore({ clock: steppingClock('2026-03-02T01:00:00.000Z') })
      await appendFacts(store, facts())
      read = await backend.project(participantStatistics, store)
    })

    it('counts participants by track × region × sex × age band, with completion, certification, children and erasures', async () => {
      expect(await read(participantStatisticsRows('prg-rm4'))).toEqual<ReadonlyArray<ParticipantStatisticsRow>>([
        cell('hazmat', BJM, 'M', '25-35', {
          participants: 5,
          completed: 5,
          completionRateBp: 10_000,
          certificationRateBp: 0,
        }),
        cell('herbal', BJM, 'F', '25-35', {
          participants: 6,
          completed: 5,
          certified: 4,
          completionRateBp: 8_333,
          certificationRateBp: 6_666,
          erased: 1,
        }),
        cell('herbal', BJM, 'M', '25-35', {
          participants: 7,
          completed: 7,
          certified: 7,
          completionRateBp: 10_000,
          certificationRateBp: 10_000,
        }),
        cell('herbal', BJB, 'F', '<18', {
          participants: 1,
          completed: 1,
          completionRateBp: 10_000,
          certificationRateBp: 0,
          children: 1,
          childrenWithGuardianConsent: 1,
        }),
        cell('herbal', BJB, 'M', '18-24', { participants: 2, completionRateBp: 0, certificationRateBp: 0 }),
      ])
    })

    it('suppresses cells under 5 in the aggregate-only form, and the next smallest cell when the hidden ones could be recovered', async () => {
      const pub = (
        trackId: string,
        region: { code: string; name: string },
        sex: 'M' | 'F',
        ageBand: PublicParticipantStatisticsRow['ageBand'],
        shown: readonly [number, number, number] | null,
      ): PublicParticipantStatisticsRow => ({
        programId: 'prg-rm4',
        trackId,
        region,
        sex,
        ageBand,
        suppressed: shown === null,
        participants: shown?.[0] ?? null,
        completionRateBp: shown?.[1] ?? null,
        certificationRateBp: shown?.[2] ?? null,
      })
      expect(await read(publicParticipantStatisticsRows('prg-rm4'))).toEqual([
        pub('hazmat', BJM, 'M', '25-35', [5, 10_000, 0]),
        // Suppressed alongside the two small cells: 1 + 2 people would otherwise be the track total minus 13.
        pub('herbal', BJM, 'F', '25-35', null),
        pub('herbal', BJM, 'M', '25-35', [7, 10_000, 10_000]),
        pub('herbal', BJB, 'F', '<18', null),
        pub('herbal', BJB, 'M', '18-24', null),
      ])
    })

    it('lists the erased person as erased and still counted, with no personal data anywhere in the rows', async () => {
      const rows = await read(programParticipantRows('prg-rm4'))
      expect(rows).toHaveLength(21)
      expect(rows.filter((r) => r.erased).map((r) => r.personId)).toEqual(['hf1'])
      expect(rows.find((r) => r.personId === 'zm6')).toBeUndefined()
    })
  })
