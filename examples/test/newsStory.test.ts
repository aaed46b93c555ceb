import { collectAll, steppingClock, type EventStore, type RecordedEvent } from '@ikm-ledger/core'
import {
  auditChecklist,
  auditFindingRows,
  equipmentCustody,
  equipmentCustodyRows,
  inMemoryReadModel,
  programStatusBoard,
  programStatusBoardRows,
  readInMemory,
} from '@ikm-ledger/projections'
import { projectInMemory } from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../src/openStore'
import { loadSeeds, NEWS_STORY_DIR, readSeedStories, type SeedLoadReport } from '../src/seeds/loadSeeds'

const URL = 'http://satondapost.com/2022/07/temua-bpk-disperindag-dompu-tahun-2020.html'

describe('news story N1: Dompu, BPK finding on equipment given to a UKM and 8 IKM (2020)', () => {
  let store: EventStore
  let reports: ReadonlyArray<SeedLoadReport>
  let events: ReadonlyArray<RecordedEvent>
  beforeAll(async () => {
    const seeds = readSeedStories()
    const news = readSeedStories(NEWS_STORY_DIR)
    if (E.isLeft(seeds) || E.isLeft(news)) throw new Error('stories do not decode')
    const opened = await openStore('memory:', { clock: steppingClock('2026-01-01T00:00:00.000Z') })()
    if (E.isLeft(opened)) throw new Error(opened.left._tag)
    store = opened.right
    const loaded = await loadSeeds(store, [...seeds.right, ...news.right])()
    if (E.isLeft(loaded)) throw new Error(JSON.stringify(loaded.left))
    reports = loaded.right
    const all = await collectAll(store.readAll())()
    if (E.isLeft(all)) throw new Error(all.left._tag)
    events = all.right.state.filter((e) => e.streamId.includes('dompu'))
  })

  it('loads after the five seeds, every command accepted in HISTORICAL_IMPORT mode', () => {
    expect(reports.map((r) => r.story)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4', 'N1'])
    expect(reports.at(-1)).toMatchObject({ commands: 9, events: 24, gapsNoted: 15 })
  })

  it('cites the article on every event and records no rupiah figure (the article’s two figures contradict each other)', () => {
    expect(events.length).toBe(24)
    for (const event of events) expect(event.metadata.evidence.refs.some((r) => r.uri === URL)).toBe(true)
    expect(events.filter((e) => JSON.stringify(e.data).match(/"(amount|totalValue|contractValue)"/))).toEqual([])
  })

  it('lends the coffee equipment to the UKM by its owner’s person id, then converts the loan into the hibah of the SK Bupati', async () => {
    const state = await projectInMemory(store, inMemoryReadModel(equipmentCustody))()
    if (E.isLeft(state)) throw new Error('projection failed')
    const [kopi] = readInMemory(state.right, equipmentCustodyRows({ recipientId: 'prs-dompu-oi-amo-owner' }))
    expect(kopi && [kopi.packageId, kopi.custody, kopi.chain.map((s) => [s.step, s.occurredOn, s.document])]).toEqual([
      'pkg-dompu-kopi',
      'GRANTED_TO_GROUP',
      [
        ['LOAN_TO_RECIPIENTS', '2020-07-13', { kind: 'BAST_OPERASIONAL', number: '090/289/Disperindag/2020' }],
        ['GRANT_TO_RECIPIENTS', '2020-12-30', null],
      ],
    ])
    expect(kopi?.recipients).toEqual([{ kind: 'BUSINESS', id: 'prs-dompu-oi-amo-owner', name: null, items: null }])
    const [ikm] = readInMemory(state.right, equipmentCustodyRows({ recipientId: 'prs-dompu-ikm-5' }))
    expect(ikm?.recipients.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `prs-dompu-ikm-${i}`))
    // No name of any recipient in the log: the UKM's owner and the 8 IKM are person ids.
    const recipients = events.filter((e) => e.type.endsWith('ToRecipients')).map((e) => JSON.stringify(e.data))
    for (const data of recipients) expect(data).not.toMatch(/Oi Amo/)
  })

  it('shows the BPK finding in RM-7 overdue as of the end of 2022, and in RM-1 as the program’s first due step', async () => {
    const checklist = await projectInMemory(store, inMemoryReadModel(auditChecklist))()
    const board = await projectInMemory(store, inMemoryReadModel(programStatusBoard))()
    if (E.isLeft(checklist) || E.isLeft(board)) throw new Error('projection failed')
    const [finding] = readInMemory(
      checklist.right,
      auditFindingRows({ asOf: '2022-12-31' as never, programId: 'prg-dompu-kopi-2020' }),
    )
    expect(finding).toMatchObject({
      findingId: 'bpk-dompu-disperindag-2020',
      followUpDue: '2022-09-29',
      status: 'OPEN',
      daysOpen: 153,
      overdue: true,
      daysOverdue: 93,
      subjects: ['program-prg-dompu-kopi-2020', 'equipment-pkg-dompu-kopi', 'equipment-pkg-dompu-ikm'],
    })
    const row = readInMemory(board.right, programStatusBoardRows({ fiscalYear: 2020 })).find(
      (r) => r.programId === 'prg-dompu-kopi-2020',
    )
    expect(row && [row.origin.kind, row.openAuditFindings, row.nextDueStep]).toEqual([
      'NOT_REPORTED',
      1,
      'follow up 1 open audit finding (LHP recommendations)',
    ])
  })
})
