// An ESM service as a dinas developer writes it against the published packages: open the SQLite store, send one
// IKM command, run a ready-made read model into the SQLite projection store, and read everything back.
import { either as E } from 'fp-ts'
import {
  commandFailureMessage,
  projectionErrorMessage,
  promiseStore,
  startProjection,
  storeErrorMessage,
  toJson,
} from '@ikm-ledger/core'
import { ikmCommandHandler, ikmFailureStatus, ikmProblem, ikmStateLoader } from '@ikm-ledger/core/domain'
import { createSqliteProjectionStore } from '@ikm-ledger/projection-sqlite'
import { programStatusBoard, programStatusBoardRows, readSqlite, sqliteReadModel } from '@ikm-ledger/projections'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'

const fail = (message: string): never => {
  throw new Error(message)
}

export const runService = async (path: string, body: unknown): Promise<string> => {
  const opened = createSqliteEventStore({ path })
  if (E.isLeft(opened)) return fail(storeErrorMessage(opened.left))
  const store = opened.right
  const handle = ikmCommandHandler({ store, onlyMode: 'OPERATIONAL' })
  const stream = 'program-prg-smoke-2020'
  const registered = await handle(stream, body, { expectedRevision: 'no_stream' })()
  if (E.isLeft(registered)) return fail(commandFailureMessage(registered.left))

  const again = await handle(
    stream,
    { type: 'ApproveProgram', data: { programId: 'prg-smoke-2020' } },
    { expectedRevision: 7n },
  )()
  if (E.isRight(again)) return fail('a command without context must be refused')
  const problem = JSON.stringify(ikmProblem(again.left))
  if (ikmFailureStatus(again.left) !== 400) return fail(`expected 400 for an invalid command, got ${problem}`)

  const projectionStore = createSqliteProjectionStore({ path })
  if (E.isLeft(projectionStore)) return fail(projectionErrorMessage(projectionStore.left))
  const runner = startProjection({
    store,
    projectionStore: projectionStore.right,
    projection: sqliteReadModel(programStatusBoard),
    poisonPolicy: 'stop',
  })
  const caughtUp = await runner.whenCaughtUp({ timeoutMs: 10_000 })()
  if (E.isLeft(caughtUp)) return fail(projectionErrorMessage(caughtUp.left))
  await runner.stop()
  const board = readSqlite(projectionStore.right.database, projectionStore.right.tables(), programStatusBoardRows())
  if (E.isLeft(board)) return fail(projectionErrorMessage(board.left))

  const loaded = await ikmStateLoader({ store })(stream)()
  if (E.isLeft(loaded)) return fail(JSON.stringify(ikmProblem(loaded.left)))
  const types: Array<string> = []
  for await (const event of promiseStore(store).readStream(stream)) types.push(event.type)

  await projectionStore.right.close()()
  const closed = await store.close()()
  if (E.isLeft(closed)) return fail(storeErrorMessage(closed.left))
  const seen = JSON.stringify(
    toJson({
      board: board.right.map((row) => ({ programId: row.programId, state: row.state })),
      state: { category: loaded.right.category, revision: loaded.right.revision, status: loaded.right.state.status },
      types,
      problem: ikmFailureStatus(again.left),
    }),
  )
  const expected =
    '{"board":[{"programId":"prg-smoke-2020","state":"PLANNED"}],' +
    '"state":{"category":"program","revision":"0","status":"PLANNED"},"types":["ProgramRegistered"],"problem":400}'
  return seen === expected ? seen : fail(`expected ${expected}, got ${seen}`)
}
