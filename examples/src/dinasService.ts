/**
 * How a dinas service uses the ledger: it receives commands as JSON (an HTTP body), hands them to
 * `ikmCommandHandler` with the revision the officer's screen showed (an `If-Match`), and answers with the new
 * revision or with an RFC 9457 problem document (the rule that was broken, in plain words) and its HTTP status;
 * it serves the state of any stream, now or as of a date, through `ikmStateLoader`.
 *
 * Run: pnpm --filter @ikm-ledger/examples run service
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { storeErrorMessage, toJson, type EventStore, type ExpectedRevision, type JsonValue } from '@ikm-ledger/core'
import { ikmCommandHandler, ikmFailureStatus, ikmProblem, ikmStateLoader } from '@ikm-ledger/core/domain'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'

/** What the service answers: a status and a JSON body (the new revision, a state, or an RFC 9457 problem). */
export interface Reply {
  readonly status: number
  readonly body: JsonValue
}

const officer = { id: 'officer-17', role: 'DINAS_STAFF' }
const documented = (kind: string, number: string) => ({ level: 'DOCUMENTED', refs: [{ kind, number }] })
const at = (occurredOn: string, evidence = documented('SK', 'SK-KADIS/2020/041')) => ({
  mode: 'OPERATIONAL',
  occurredOn,
  actor: officer,
  evidence,
})
const dinas = { orgId: 'org-disperin-kalsel', kind: 'DINAS_PROV', nameAtEvent: 'Dinas Perindustrian Provinsi Kalsel' }

/** The request bodies of one program's first days, as a client would send them. */
export const requests = {
  register: {
    type: 'RegisterProgram',
    data: {
      programId: 'prg-apd-2020',
      fiscalYear: 2020,
      title: 'Bimtek Produksi APD',
      schemes: ['DEKON_PELATIHAN'],
      executingOrg: dinas,
      coOrganizers: [],
      regions: [
        {
          scheme: 'KEMENDAGRI',
          code: '63',
          level: 'PROV',
          nameAtEvent: 'Kalimantan Selatan',
          listVersion: 'KEMENDAGRI:Kepmendagri-100.1.1-6117-2022',
        },
      ],
      kbli: [{ version: '2020', code: '14111' }],
      origin: { kind: 'DINAS_INITIATIVE' },
    },
    context: at('2020-04-02'),
  },
  approve: { type: 'ApproveProgram', data: { programId: 'prg-apd-2020' }, context: at('2020-04-06') },
  // Opening a batch before any funding is allocated breaks rule R7 in OPERATIONAL mode.
  scheduleBatch: {
    type: 'ScheduleTrainingBatch',
    data: {
      programId: 'prg-apd-2020',
      batchId: 'b1',
      title: 'Angkatan 1',
      mode: 'CLASSROOM',
      region: {
        scheme: 'KEMENDAGRI',
        code: '63.01',
        level: 'KAB',
        nameAtEvent: 'Kabupaten Tanah Laut',
        listVersion: 'KEMENDAGRI:Kepmendagri-100.1.1-6117-2022',
      },
      startDate: '2020-05-18',
      endDate: '2020-05-20',
      capacity: 7,
    },
    context: at('2020-04-20'),
  },
  openBatch: {
    type: 'OpenTrainingBatch',
    data: {
      programId: 'prg-apd-2020',
      batchId: 'b1',
      openedBy: { nameAtEvent: 'Kepala Dinas', positionAtEvent: 'Kepala Dinas', org: dinas },
    },
    context: at('2020-05-18'),
  },
} as const

/** The service's two endpoints, as an HTTP framework would route them to plain functions. */
export const routes = (store: EventStore) => {
  const handle = ikmCommandHandler({ store, onlyMode: 'OPERATIONAL' })
  const load = ikmStateLoader({ store })
  return {
    /** POST /streams/:streamId/commands, with the revision the screen showed as If-Match. */
    post: async (streamId: string, body: unknown, ifMatch?: ExpectedRevision): Promise<Reply> => {
      const result = await handle(streamId, body, ifMatch === undefined ? {} : { expectedRevision: ifMatch })()
      return E.isRight(result)
        ? { status: 200, body: { revision: String(result.right.nextExpectedRevision) } }
        : { status: ikmFailureStatus(result.left), body: ikmProblem(result.left) }
    },
    /** GET /streams/:streamId?asOf=YYYY-MM-DD: the state, with its revision for the next If-Match. */
    get: async (streamId: string, asOf?: string): Promise<Reply> => {
      const result = await load(streamId, asOf === undefined ? {} : { asOf })()
      return E.isRight(result)
        ? { status: 200, body: toJson(result.right) }
        : { status: ikmFailureStatus(result.left), body: ikmProblem(result.left) }
    },
  }
}

export const dinasService = async (path: string): Promise<ReadonlyArray<Reply>> => {
  const store = createSqliteEventStore({ path })
  if (E.isLeft(store)) throw new Error(storeErrorMessage(store.left))
  const { post, get } = routes(store.right)
  const stream = 'program-prg-apd-2020'
  const replies = [
    await post(stream, requests.register, 'no_stream'),
    await post(stream, requests.approve, 0n),
    await post(stream, requests.approve, 0n), // a second officer with a stale screen: 412
    await post(stream, requests.scheduleBatch, 1n),
    await post(stream, requests.openBatch, 2n), // not funded yet: rule R7, 422
    await post(stream, { type: 'ApproveProgram', data: {} }), // no context, no programId: 400
    await get(stream), // the state now, revision 2
    await get(stream, '2020-04-03'), // as it was before approval
    await get('program-prg-none'), // 404
  ]
  // A second close (a shutdown hook after a finally block) is harmless.
  await store.right.close()()
  await store.right.close()()
  return replies
}

if (process.argv[1]?.endsWith('dinasService.ts')) {
  const path = join(mkdtempSync(join(tmpdir(), 'ikm-service-')), 'ledger.db')
  dinasService(path).then(
    (replies) => replies.forEach((r) => console.log(r.status, JSON.stringify(r.body))),
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    },
  )
}
