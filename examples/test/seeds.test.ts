import {
  collectAll,
  commandHandler,
  loadAggregate,
  sequentialIds,
  steppingClock,
  type EventStore,
  type RecordedEvent,
} from '@ikm-ledger/core'
import {
  basisPointsOf,
  decodeEquipmentCommand,
  equipmentDecider,
  equipmentEvents,
  facilityDecider,
  facilityEvents,
  openItems,
  programDecider,
  programEvents,
  proposalDecider,
  proposalEvents,
  type DomainError,
} from '@ikm-ledger/core/domain'
import * as E from 'fp-ts/Either'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../src/openStore'
import { loadSeeds, readSeedStories, type SeedLoadReport, type SeedStory } from '../src/seeds/loadSeeds'
import { summarizeStreams } from '../src/summary'

const stories = (): ReadonlyArray<SeedStory> => {
  const read = readSeedStories()
  if (E.isLeft(read)) throw new Error(read.left.message)
  return read.right
}

const freshStore = async (): Promise<EventStore> => {
  const opened = await openStore('memory:', { clock: steppingClock('2026-01-01T00:00:00.000Z') })()
  if (E.isLeft(opened)) throw new Error(opened.left._tag)
  return opened.right
}

const replay = async (): Promise<{ store: EventStore; reports: ReadonlyArray<SeedLoadReport> }> => {
  const store = await freshStore()
  const loaded = await loadSeeds(store, stories())()
  if (E.isLeft(loaded)) throw new Error(JSON.stringify(loaded.left))
  return { store, reports: loaded.right }
}

const allEvents = async (store: EventStore): Promise<ReadonlyArray<RecordedEvent>> => {
  const all = await collectAll(store.readAll())()
  if (E.isLeft(all)) throw new Error(all.left._tag)
  return all.right.state
}

const stateOf = async <S>(
  store: EventStore,
  stream: string,
  decider: { initialState: S; evolve: (s: S, e: never) => S },
  events: unknown,
) => {
  const loaded = await loadAggregate(store, stream, decider as never, events as never)()
  if (E.isLeft(loaded)) throw new Error(loaded.left._tag)
  return loaded.right.state as S
}

let nextIds = 1_000_000
/** Sends one more command after the seeds, through the same loader; returns the rejection, if any. */
const attempt = async (store: EventStore, stream: string, command: object): Promise<DomainError | undefined> => {
  nextIds += 1000
  const story: SeedStory = {
    story: 'extra',
    title: 'one more command',
    sources: { seedFile: '-', url: '-', published: '-' },
    entries: [{ stream, command }],
  }
  const result = await loadSeeds(store, [story], sequentialIds(nextIds))()
  if (E.isRight(result)) return undefined
  if (result.left._tag !== 'SeedEntryFailed' || result.left.rejection === undefined)
    throw new Error(result.left.message)
  return result.left.rejection
}

/** Sends an equipment command in any mode straight through the command handler. */
const handleEquipment = async (store: EventStore, command: object): Promise<DomainError | undefined> => {
  const decoded = decodeEquipmentCommand(command)
  if (E.isLeft(decoded)) return decoded.left
  nextIds += 1000
  const handle = commandHandler({
    store,
    decider: equipmentDecider,
    events: equipmentEvents,
    ids: sequentialIds(nextIds),
    metadata: (c) => ({ ...c.context }),
  })
  const result = await handle(`equipment-${decoded.right.data.packageId}`, decoded.right)()
  if (E.isRight(result)) return undefined
  if (result.left._tag !== 'CommandRejected') throw new Error(result.left._tag)
  return result.left.rejection
}

const importContext = (occurredOn: string, level = 'NEWS_REPORT') => ({
  mode: 'HISTORICAL_IMPORT',
  occurredOn,
  actor: { id: 'test', role: 'IMPORTER' },
  evidence: { level, refs: [] },
})

describe('the five seed stories', () => {
  let store: EventStore
  let reports: ReadonlyArray<SeedLoadReport>
  beforeAll(async () => {
    ;({ store, reports } = await replay())
  })

  it('load in order, every command accepted in HISTORICAL_IMPORT mode', () => {
    expect(reports.map((r) => [r.story, r.commands])).toEqual([
      ['S0', 42],
      ['S1', 20],
      ['S2', 7],
      ['S3', 51],
      ['S4', 198],
    ])
  })

  it('replay to identical events, hashes included, with the same clock and ids', async () => {
    const again = await replay()
    const strip = (events: ReadonlyArray<RecordedEvent>) =>
      JSON.stringify(events, (_, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))
    expect(strip(await allEvents(again.store))).toBe(strip(await allEvents(store)))
  })

  it('never invent an amount: no event of any story carries a rupiah figure except S2’s imported, approximate history', async () => {
    const events = await allEvents(store)
    const withAmount = events.filter((e) =>
      JSON.stringify(e.data).match(/"(amount|totalValue|contractValue|requestedAmount)"/),
    )
    expect(withAmount.map((e) => e.type)).toEqual(['FacilityFundingHistoryImported', 'FacilityFundingHistoryImported'])
    expect(withAmount.every((e) => e.metadata.evidence.approximate === true)).toBe(true)
  })

  it('cite the seed file and the public URL on every event', async () => {
    const events = await allEvents(store)
    for (const event of events) {
      const uris = event.metadata.evidence.refs.map((r) => r.uri ?? '')
      expect(uris.some((u) => u.startsWith('shared/seeds/'))).toBe(true)
      expect(uris.some((u) => u.startsWith('http'))).toBe(true)
    }
  })

  describe('S0 Muba LED', () => {
    const program = 'program-prg-muba-led-2020'

    it('T0.1: the batch of 30 Nov – 4 Dec 2020 has 5 planned days', async () => {
      const p = await stateOf(store, program, programDecider, programEvents)
      expect(p.status === 'NONE' ? undefined : p.batches.get('b1')?.plannedDays).toBe(5)
    })

    it('T0.2: a 26th participant is rejected (quota 25)', async () => {
      const error = await attempt(store, program, {
        type: 'SelectParticipant',
        data: {
          programId: 'prg-muba-led-2020',
          personId: 'muba-pt26',
          region: (
            (await stateOf(store, program, programDecider, programEvents)) as { regions: ReadonlyArray<unknown> }
          ).regions[0],
        },
        context: importContext('2020-11-30'),
      })
      expect(error).toMatchObject({ rule: 'R10' })
    })

    it('T0.4 and T0.6: both packages sit with Pemkab Muba operationally, contract and BASTs missing, hibah pending', async () => {
      for (const pkg of ['pkg-muba-led-a', 'pkg-muba-led-b']) {
        const state = await stateOf(store, `equipment-${pkg}`, equipmentDecider, equipmentEvents)
        if (state.status === 'NONE') throw new Error(`${pkg} missing`)
        expect(state).toMatchObject({ status: 'WITH_PEMDA_OPERATIONAL', ceremonialHandovers: 1, hibahApproved: false })
        expect(state.holder.nameAtEvent).toBe('Pemerintah Kabupaten Musi Banyuasin')
        expect(Object.values(state.openGaps).flatMap((g) => g.missingDocKinds)).toEqual([
          'KONTRAK',
          'BAST_PENYEDIA_PPK',
          'BAST_OPERASIONAL',
        ])
      }
    })

    it('T0.5 and T0.6: the opening on asserted APBN funding notes an R7 gap for the missing DIPA', async () => {
      const [summary] = await summarizeStreams(store, [program])().then((r) => (E.isRight(r) ? r.right : []))
      expect(summary?.openGaps).toEqual([expect.objectContaining({ rule: 'R7', missingDocKinds: ['DIPA'] })])
    })

    it('T0.3: granting a package to the sentra group before the ownership transfer is rejected in both modes', async () => {
      for (const [mode, level] of [
        ['HISTORICAL_IMPORT', 'NEWS_REPORT'],
        ['OPERATIONAL', 'DOCUMENTED'],
      ] as const) {
        const error = await handleEquipment(store, {
          type: 'GrantEquipmentToGroup',
          data: {
            packageId: 'pkg-muba-led-a',
            groupId: 'kelompok-sentra-led',
            grantor: {
              orgId: 'org-pemkab-muba',
              kind: 'PEMDA_KABKOTA',
              nameAtEvent: 'Pemerintah Kabupaten Musi Banyuasin',
            },
            conditions: ['NO_TRANSFER'],
            group: { groupId: 'kelompok-sentra-led', status: 'NOT_FOUND' },
          },
          context: { ...importContext('2021-01-10', level), mode },
        })
        expect(error).toMatchObject({ rule: 'R22' })
      }
    })

    it('T0.7: the opening date comes from "kemarin" and is stored as INFERRED on 2020-11-30', async () => {
      const opened = (await allEvents(store)).find((e) => e.streamId === program && e.type === 'TrainingBatchOpened')
      expect(opened?.metadata).toMatchObject({ occurredOn: '2020-11-30', evidence: { level: 'INFERRED' } })
    })

    it('registers the LED sentra as a potential sentra; revitalising it is rejected because it was never built (T2.4)', async () => {
      const error = await attempt(store, 'facility-fac-sentra-led-muba', {
        type: 'ContractFacilityWorks',
        data: {
          facilityId: 'fac-sentra-led-muba',
          worksId: 'w1',
          kind: 'REVITALIZE',
          programId: 'prg-x',
          startDate: '2022-01-01',
          plannedEndDate: '2022-06-30',
        },
        context: importContext('2021-12-01'),
      })
      expect(error).toMatchObject({ rule: 'R28' })
    })
  })

  describe('S1 Palembang and Banyuasin', () => {
    const program = 'program-prg-sumsel-wub-2018'

    it('T1.1: the origin is the DPR aspirasi and the funding source APBN_KL, never "aspirasi"', async () => {
      const p = await stateOf(store, program, programDecider, programEvents)
      if (p.status === 'NONE') throw new Error('missing')
      expect(p.origin.kind).toBe('ASPIRASI_DPR')
      expect(p.fundingAsserted).toEqual(['APBN_KL'])
    })

    it('T1.2: granting equipment straight from the satker to a KUB is rejected', async () => {
      const error = await attempt(store, 'equipment-pkg-sumsel-wub-2018-1671', {
        type: 'GrantEquipmentToGroup',
        data: {
          packageId: 'pkg-sumsel-wub-2018-1671',
          groupId: 'kub-palembang-2018',
          grantor: {
            orgId: 'org-ditjen-ikma',
            kind: 'DITJEN',
            nameAtEvent: 'Direktorat Jenderal Industri Kecil dan Menengah',
          },
          conditions: [],
          group: { groupId: 'kub-palembang-2018', status: 'ACTIVE' },
        },
        context: importContext('2018-08-23'),
      })
      expect(error).toMatchObject({ _tag: 'RuleViolation', rule: 'R22' })
    })

    it('R23: the ceremonial handover to the KUB leaves both packages PROCURED with the satker', async () => {
      for (const stream of ['equipment-pkg-sumsel-wub-2018-1671', 'equipment-pkg-sumsel-wub-2018-1607']) {
        expect(await stateOf(store, stream, equipmentDecider, equipmentEvents)).toMatchObject({
          status: 'PROCURED',
          ceremonialHandovers: 1,
        })
      }
    })

    it('T1.4 and T1.5: the opener’s title is stored as printed, unverified, and the date rests on the dated URL', async () => {
      const opened = (await allEvents(store)).find((e) => e.streamId === program && e.type === 'TrainingBatchOpened')
      expect(opened?.data).toMatchObject({ openedBy: { nameAtEvent: 'Endang Suwartini', titleVerified: false } })
      expect(opened?.metadata.occurredOn).toBe('2018-08-23')
      expect(opened?.metadata.evidence.refs.map((r) => r.uri)).toContain(
        'https://www.swarnanews.co.id/2018/08/23/dirjen-ikm-bantu-industri-baru-palembang-banyuasin/',
      )
    })
  })

  describe('S2 Sawahlunto', () => {
    it('T2.1: the proposal is UNDER_IDENTIFICATION with 3 open items', async () => {
      const p = await stateOf(store, 'proposal-prp-sawahlunto-2021-12-22', proposalDecider, proposalEvents)
      expect(p.status).toBe('UNDER_IDENTIFICATION')
      expect(p.status === 'NONE' ? 0 : openItems(p).length).toBe(3)
    })

    it('T2.2: the imported DAK history is exactly 24 300 000 000 and 2 700 000 000, flagged approximate', async () => {
      const f = await stateOf(store, 'facility-fac-sentra-makanan-ringan-sawahlunto', facilityDecider, facilityEvents)
      expect(f.status === 'NONE' ? [] : f.fundingHistory.map((h) => [h.source, h.amount, h.approximate])).toEqual([
        ['DAK_FISIK', 24_300_000_000n, true],
        ['DAK_NONFISIK', 2_700_000_000n, true],
      ])
    })

    it('T2.3: machine revitalisation works on the UPTD Tekstil are allowed', async () => {
      const error = await attempt(store, 'facility-fac-uptd-tekstil-sawahlunto', {
        type: 'ContractFacilityWorks',
        data: {
          facilityId: 'fac-uptd-tekstil-sawahlunto',
          worksId: 'w-mesin',
          kind: 'MACHINE_REVITALIZATION',
          programId: 'prg-sawahlunto-dak-2022',
          startDate: '2022-04-01',
          plannedEndDate: '2022-10-31',
        },
        context: importContext('2022-04-01'),
      })
      expect(error).toBeUndefined()
    })

    it('T2.4: revitalising the sentra built before the seed is allowed', async () => {
      const error = await attempt(store, 'facility-fac-sentra-makanan-ringan-sawahlunto', {
        type: 'ContractFacilityWorks',
        data: {
          facilityId: 'fac-sentra-makanan-ringan-sawahlunto',
          worksId: 'w-2022',
          kind: 'REVITALIZE',
          programId: 'prg-sawahlunto-dak-2022',
          startDate: '2022-04-01',
          plannedEndDate: '2022-10-31',
        },
        context: importContext('2022-04-01'),
      })
      expect(error).toBeUndefined()
    })
  })

  describe('S3 Medan', () => {
    it('plans six 2020 programs on APBD with the 35-year age limit, and records six completed 2019 programs', async () => {
      const summaries = await summarizeStreams(store, reports.find((r) => r.story === 'S3')?.streams ?? [])()
      if (E.isLeft(summaries)) throw new Error(summaries.left._tag)
      expect(summaries.right.filter((s) => s.stream.includes('-2020-')).map((s) => s.state)).toEqual(
        Array(6).fill('PLANNED'),
      )
      expect(summaries.right.filter((s) => s.stream.includes('-2019-')).map((s) => s.state)).toEqual(
        Array(6).fill('EXECUTION_COMPLETED'),
      )
      const bordir = await stateOf(store, 'program-prg-medan-2020-bordir', programDecider, programEvents)
      if (bordir.status === 'NONE') throw new Error('missing')
      expect(bordir.eligibilityPolicy?.params).toEqual({ maxAgeYears: 35 })
      expect(bordir.quotas.map((q) => q.maxParticipants)).toEqual([70])
      expect(bordir.fundingAsserted).toEqual(['APBD_KABKOTA'])
    })

    it('notes the missing budget document of the APBD programs as a DPA, not a DIPA', async () => {
      const summaries = await summarizeStreams(store, reports.find((r) => r.story === 'S3')?.streams ?? [])()
      if (E.isLeft(summaries)) throw new Error(summaries.left._tag)
      const gaps = summaries.right.flatMap((s) => s.openGaps)
      expect(gaps.length).toBeGreaterThan(0)
      expect(gaps.every((g) => g.rule === 'R7' && g.missingDocKinds.join() === 'DPA')).toBe(true)
    })
  })

  describe('S4 Kalsel Dekon', () => {
    const program = 'program-prg-kalsel-dekon-2020'

    it('T4.1: 91 participants, and an 8th in any region is rejected', async () => {
      const p = await stateOf(store, program, programDecider, programEvents)
      if (p.status === 'NONE') throw new Error('missing')
      expect([...p.participants.values()].filter((x) => x.status === 'SELECTED')).toHaveLength(91)
      const region = [...p.participants.values()][0]?.region
      const error = await attempt(store, program, {
        type: 'SelectParticipant',
        data: { programId: 'prg-kalsel-dekon-2020', personId: 'kalsel-extra-p8', region, trackId: 't1' },
        context: importContext('2020-06-22'),
      })
      expect(error).toMatchObject({ rule: 'R10' })
    })

    it('T4.2: a herbal-drink batch in Kotabaru (63.02) is rejected', async () => {
      const p = await stateOf(store, program, programDecider, programEvents)
      if (p.status === 'NONE') throw new Error('missing')
      const kotabaru = p.regions.find((r) => r.code === '63.02')
      const error = await attempt(store, program, {
        type: 'ScheduleTrainingBatch',
        data: {
          programId: 'prg-kalsel-dekon-2020',
          batchId: 'b-herbal-kotabaru',
          title: 'herbal',
          mode: 'ON_SITE_VISIT',
          region: kotabaru,
          startDate: '2020-06-01',
          endDate: '2020-06-05',
          trackId: 't3',
        },
        context: importContext('2020-06-01'),
      })
      expect(error?._tag).toBe('RuleViolation')
    })

    it('T4.7: hazmat 950 of 950 (10000 bp), herbal 3597 of 3600 bottles (9991 bp, rounded down)', async () => {
      const p = await stateOf(store, program, programDecider, programEvents)
      if (p.status === 'NONE') throw new Error('missing')
      const produced = (id: string) => [...(p.outputs.get(id)?.produced.values() ?? [])].reduce((a, b) => a + b, 0n)
      const o1 = p.outputs.get('o1')
      const o3 = p.outputs.get('o3')
      expect([produced('o1'), o1?.target, basisPointsOf(produced('o1'), o1?.target ?? 0n)]).toEqual([950n, 950n, 10000])
      expect([
        produced('o3') / 250n,
        (o3?.target ?? 0n) / 250n,
        basisPointsOf(produced('o3'), o3?.target ?? 0n),
      ]).toEqual([3597n, 3600n, 9991])
    })

    it('records the Dekon source as DEKONSENTRASI with the province dinas executing it', async () => {
      const p = await stateOf(store, program, programDecider, programEvents)
      expect(p).toMatchObject({ fundingAsserted: ['DEKONSENTRASI'], executingOrg: { kind: 'DINAS_PROV' } })
    })
  })
})
