import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { createInMemoryEventStore, sequentialIds, steppingClock } from '../../../src'
import { auditDecider, decodeAuditCommand, ikmCommandHandler, type AuditCommand } from '../../../src/domain'
import { documentedContext, doc, given, mustDecode, newsContext, stateAfter } from '../support/fixtures'

const cmd = mustDecode(decodeAuditCommand)
const news = newsContext('2024-05-20')
const documented = documentedContext('OPERATIONAL', '2024-05-20')

const recordData = {
  findingId: 'bpk-2024-kemenperin-1',
  auditor: 'BPK',
  lhpDate: '2024-05-20',
  subjects: { programIds: ['prg-1'], packageIds: ['pkg-1'] },
  category: 'ASSET_UNUSED',
  criteria: 'Permenperin 122/2012: bantuan mesin dimanfaatkan penerima',
  condition: 'mesin bantuan tidak dimanfaatkan kelompok penerima',
  recommendations: [
    { recommendationId: 'r1', text: 'menarik dan mengalihkan mesin ke kelompok yang memanfaatkan' },
    { recommendationId: 'r2', text: 'memperbaiki monitoring pemanfaatan' },
  ],
}
const record = (context = documented, extra: object = {}): AuditCommand =>
  cmd({ type: 'RecordAuditFinding', data: { ...recordData, lhp: doc('LHP', 'LHP-1/2024'), ...extra }, context })
const on = (type: string, data: object, context = documented): AuditCommand =>
  cmd({ type, data: { findingId: recordData.findingId, ...data }, context })
const report = (ids: ReadonlyArray<string>, followUpId = 'tl-1') =>
  on('ReportAuditFollowUp', { followUpId, recommendationIds: ids, action: 'mesin dialihkan; SOP monev diterbitkan' })
const accept = (recommendationId: string) => on('AcceptAuditFollowUp', { recommendationId })
const close = (reason = 'ALL_RECOMMENDATIONS_ACCEPTED') => on('CloseAuditFinding', { reason })

describe('AuditDecider', () => {
  it('sets the follow-up due 60 days after the LHP (UU 15/2004 Pasal 20), or after it was received', () => {
    expect(stateAfter(auditDecider, [record()])).toMatchObject({ status: 'OPEN', followUpDue: '2024-07-19' })
    expect(stateAfter(auditDecider, [record(documented, { lhpReceivedOn: '2024-06-03' })])).toMatchObject({
      followUpDue: '2024-08-02',
    })
  })

  it('refuses a due date given by the caller, since the law sets it', () => {
    const input = {
      type: 'RecordAuditFinding',
      data: { ...recordData, followUpDue: '2025-01-01' },
      context: documented,
    }
    const decoded = decodeAuditCommand(input)
    expect(E.isLeft(decoded) && decoded.left.message).toContain('data.followUpDue')
  })

  it('walks OPEN → FOLLOW_UP_REPORTED → CLOSED once every recommendation’s follow-up is accepted', () => {
    const path = [record(), report(['r1', 'r2']), accept('r1'), accept('r2'), close()]
    expect(stateAfter(auditDecider, path.slice(0, 2))).toMatchObject({ status: 'FOLLOW_UP_REPORTED' })
    expect(stateAfter(auditDecider, path)).toMatchObject({ status: 'CLOSED', accepted: ['r1', 'r2'] })
    given(auditDecider, path)
      .when(report(['r1'], 'tl-2'))
      .thenRejects({ _tag: 'InvalidTransition' })
  })

  it('refuses to accept a follow-up never reported, or to close with a recommendation pending (R33)', () => {
    given(auditDecider, [record()]).when(accept('r1')).thenRejects({ rule: 'R33' })
    given(auditDecider, [record(), report(['r1']), accept('r1')])
      .when(close())
      .thenRejects({ rule: 'R33' })
    given(auditDecider, [record()])
      .when(report(['r9']))
      .thenRejects({ _tag: 'UnknownEntity' })
  })

  it('records a finding known only from the news in HISTORICAL_IMPORT mode, with a gap for its LHP', () => {
    const fromNews = cmd({ type: 'RecordAuditFinding', data: recordData, context: news })
    const decided = given(auditDecider, []).when(fromNews).decision()
    expect(E.isRight(decided) && decided.right.map((e) => e.type)).toEqual([
      'AuditFindingRecorded',
      'ComplianceGapNoted',
    ])
    given(auditDecider, [])
      .when({ ...fromNews, context: { ...news, mode: 'OPERATIONAL' } })
      .thenRejects({ rule: 'R33' })
  })

  it('lives in audit-<findingId>, routed by ikmCommandHandler', async () => {
    const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
    const handle = ikmCommandHandler({ store, ids: sequentialIds() })
    const json = JSON.parse(JSON.stringify(record()))
    expect(await handle('audit-bpk-2024-kemenperin-1', json)()).toMatchObject({ _tag: 'Right' })
    expect(E.isLeft(await handle('audit-elsewhere', json)())).toBe(true)
  })
})
