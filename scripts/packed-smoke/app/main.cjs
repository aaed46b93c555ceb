// The same service written as plain CommonJS, as an older service would require the packages.
'use strict'
const { mkdtempSync, readFileSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join } = require('node:path')
const E = require('fp-ts/Either')
const {
  commandFailureMessage,
  projectionErrorMessage,
  promiseStore,
  startProjection,
  toJson,
} = require('@ikm-ledger/core')
const { ikmCommandHandler, ikmStateLoader } = require('@ikm-ledger/core/domain')
const { createSqliteProjectionStore } = require('@ikm-ledger/projection-sqlite')
const { programStatusBoard, programStatusBoardRows, readSqlite, sqliteReadModel } = require('@ikm-ledger/projections')
const { createSqliteEventStore } = require('@ikm-ledger/store-sqlite')

const main = async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ikm-cjs-')), 'ledger.db')
  const opened = createSqliteEventStore({ path })
  if (E.isLeft(opened)) throw new Error(opened.left._tag)
  const store = opened.right
  const handle = ikmCommandHandler({ store })
  const stream = 'program-prg-smoke-2020'
  const body = JSON.parse(readFileSync(join(__dirname, 'register-program.json'), 'utf8'))
  const registered = await handle(stream, body)()
  if (E.isLeft(registered)) throw new Error(commandFailureMessage(registered.left))
  const projectionStore = createSqliteProjectionStore({ path })
  if (E.isLeft(projectionStore)) throw new Error(projectionErrorMessage(projectionStore.left))
  const runner = startProjection({
    store,
    projectionStore: projectionStore.right,
    projection: sqliteReadModel(programStatusBoard),
    poisonPolicy: 'stop',
  })
  const caughtUp = await runner.whenCaughtUp({ timeoutMs: 10000 })()
  if (E.isLeft(caughtUp)) throw new Error(projectionErrorMessage(caughtUp.left))
  await runner.stop()
  const board = readSqlite(projectionStore.right.database, projectionStore.right.tables(), programStatusBoardRows())
  if (E.isLeft(board)) throw new Error(projectionErrorMessage(board.left))
  const loaded = await ikmStateLoader({ store })(stream)()
  if (E.isLeft(loaded)) throw new Error(loaded.left._tag)
  const types = []
  for await (const event of promiseStore(store).readStream(stream)) types.push(event.type)
  await projectionStore.right.close()()
  await store.close()()
  const seen = JSON.stringify(
    toJson({
      board: board.right.map((row) => [row.programId, row.state]),
      state: [loaded.right.category, loaded.right.state.status],
      types,
    }),
  )
  const expected =
    '{"board":[["prg-smoke-2020","PLANNED"]],"state":["program","PLANNED"],"types":["ProgramRegistered"]}'
  if (seen !== expected) throw new Error(`expected ${expected}, got ${seen}`)
  console.log(`cjs: ${seen}`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
