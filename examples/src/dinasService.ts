/**
 * How a dinas service uses the ledger: it receives commands as JSON (an HTTP body), hands them to
 * `ikmCommandHandler` with the revision the officer's screen showed (an `If-Match`), and answers with the new
 * revision or with the rule that was broken, in plain words.
 *
 * Run: pnpm --filter @ikm-ledger/examples run service
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { commandFailureMessage, type ExpectedRevision } from '@ikm-ledger/core'
import { ikmCommandHandler } from '@ikm-ledger/core/domain'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'

/** What the service answers: 200 with the new revision, or 409 / 422 with the reason. */
export interface Reply {
  readonly status: 200 | 409 | 422
  readonly body: string
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

/** The service's one endpoint: POST /streams/:streamId/commands with an optional If-Match revision. */
export const serve =
  (handle: ReturnType<typeof ikmCommandHandler>) =>
  async (streamId: string, body: unknown, ifMatch?: ExpectedRevision): Promise<Reply> => {
    const result = await handle(streamId, body, ifMatch === undefined ? {} : { expectedRevision: ifMatch })()
    if (E.isRight(result)) return { status: 200, body: `revision ${String(result.right.nextExpectedRevision)}` }
    const failure = result.left
    return { status: failure._tag === 'WrongExpectedRevision' ? 409 : 422, body: commandFailureMessage(failure) }
  }

export const dinasService = async (path: string): Promise<ReadonlyArray<Reply>> => {
  const store = createSqliteEventStore({ path })
  if (E.isLeft(store)) throw new Error(store.left._tag)
  const post = serve(ikmCommandHandler({ store: store.right, onlyMode: 'OPERATIONAL' }))
  const stream = 'program-prg-apd-2020'
  const replies = [
    await post(stream, requests.register, 'no_stream'),
    await post(stream, requests.approve, 0n),
    await post(stream, requests.approve, 0n), // a second officer with a stale screen
    await post(stream, requests.scheduleBatch, 1n),
    await post(stream, requests.openBatch, 2n), // not funded yet: rule R7
  ]
  await store.right.close()()
  return replies
}

if (process.argv[1]?.endsWith('dinasService.ts')) {
  const path = join(mkdtempSync(join(tmpdir(), 'ikm-service-')), 'ledger.db')
  dinasService(path).then(
    (replies) => replies.forEach((r) => console.log(r.status, r.body)),
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    },
  )
}
