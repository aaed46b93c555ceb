import { either as E } from 'fp-ts'
import { commandFailureMessage, promiseStore, storeErrorMessage } from '@ikm-ledger/core'
import { ikmCommandHandler, ikmStateLoader } from '@ikm-ledger/core/domain'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'

const opened = createSqliteEventStore({ path: 'ledger.db' }) // Either<StoreError, EventStore>
if (E.isLeft(opened)) throw new Error(storeErrorMessage(opened.left))
const handle = ikmCommandHandler({ store: opened.right })

// Commands are plain JSON, as an HTTP body brings them; the stream's category picks the aggregate.
const stream = 'program-prg-apd-2020'
const context = (occurredOn: string) => ({
  mode: 'OPERATIONAL',
  occurredOn,
  actor: { id: 'officer-17', role: 'DINAS_STAFF' },
  evidence: { level: 'DOCUMENTED', refs: [{ kind: 'SK', number: 'SK-KADIS/2020/041' }] },
})
const kalsel = { scheme: 'KEMENDAGRI', code: '63', level: 'PROV', nameAtEvent: 'Kalimantan Selatan' }
const registered = await handle(
  stream,
  {
    type: 'RegisterProgram',
    data: {
      programId: 'prg-apd-2020',
      fiscalYear: 2020,
      title: 'Bimtek Produksi APD',
      schemes: ['DEKON_PELATIHAN'],
      executingOrg: { orgId: 'org-disperin-kalsel', kind: 'DINAS_PROV', nameAtEvent: 'Disperin Kalsel' },
      coOrganizers: [],
      regions: [{ ...kalsel, listVersion: 'KEMENDAGRI:Kepmendagri-100.1.1-6117-2022' }],
      kbli: [{ version: '2020', code: '14111' }],
      origin: { kind: 'DINAS_INITIATIVE' },
    },
    context: context('2020-04-02'),
  },
  { expectedRevision: 'no_stream' }, // refused if the program exists already
)()
if (E.isLeft(registered)) throw new Error(commandFailureMessage(registered.left))
const approved = await handle(
  stream,
  { type: 'ApproveProgram', data: { programId: 'prg-apd-2020' }, context: context('2020-04-06') },
  { expectedRevision: registered.right.nextExpectedRevision }, // a concurrent writer makes this fail, not interleave
)()
if (E.isLeft(approved)) throw new Error(commandFailureMessage(approved.left))

const store = promiseStore(opened.right) // the Promise facade; opened.right is the fp-ts API
for await (const event of store.readStream(stream)) {
  console.log(event.revision, event.type, event.metadata.occurredOn, event.hash) // hashes verified on read
}
for await (const event of store.readStream(stream, { asOf: '2020-04-03' })) {
  console.log('as of 2020-04-03:', event.type) // ProgramRegistered only
}
const state = await ikmStateLoader({ store: opened.right })(stream)()
if (E.isRight(state)) console.log(state.right.category, state.right.state.status, state.right.revision) // program APPROVED 1n
await store.close()
