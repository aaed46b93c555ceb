/**
 * The README's first example: open the embedded SQLite store, append two events with an expected revision,
 * read them back (hash chain verified on every read), and replay the stream "as of" a date.
 *
 * Run: pnpm --filter @ikm-ledger/examples run quickstart
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { promiseStore, uuidV7, type CivilDate, type EventId, type NewEvent } from '@ikm-ledger/core'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'

export const quickstart = async (path: string): Promise<ReadonlyArray<string>> => {
  const opened = createSqliteEventStore({ path })
  if (E.isLeft(opened)) throw new Error(`cannot open ${path}: ${opened.left._tag}`)
  const store = promiseStore(opened.right) // Promise facade; the fp-ts API is opened.right itself

  const programId = uuidV7()
  const stream = `program-${programId}`
  const fact = (type: string, occurredOn: string, data: Record<string, string>): NewEvent => ({
    eventId: uuidV7() as EventId,
    type,
    schemaVersion: 1,
    data,
    metadata: {
      occurredOn: occurredOn as CivilDate,
      actor: { id: 'officer-17', role: 'DINAS_STAFF' },
      correlationId: uuidV7(),
      evidence: { level: 'DOCUMENTED', refs: [{ kind: 'DIPA', number: 'SP DIPA-019.05.1.xxx/2020' }] },
      mode: 'OPERATIONAL',
    },
  })

  // 'no_stream': fails with WrongExpectedRevision if someone created this program first.
  const first = await store.append(stream, [fact('ProgramRegistered', '2020-11-02', { title: 'Bimtek LED' })], {
    expectedRevision: 'no_stream',
  })
  // Pass the revision you saw: a concurrent writer makes this fail instead of silently interleaving.
  await store.append(stream, [fact('FundingAllocated', '2020-11-20', { amount: '150000000' })], {
    expectedRevision: first.nextExpectedRevision,
  })

  const lines: string[] = []
  for await (const event of store.readStream(stream)) {
    lines.push(`${event.revision} ${event.type} ${event.metadata.occurredOn} ${event.hash.slice(0, 12)}…`)
  }
  // Time travel: what had happened by 10 November 2020?
  for await (const event of store.readStream(stream, { asOf: '2020-11-10' as CivilDate })) {
    lines.push(`as of 2020-11-10: ${event.type}`)
  }
  await store.close()
  return lines
}

if (process.argv[1]?.endsWith('quickstart.ts')) {
  const path = join(mkdtempSync(join(tmpdir(), 'ikm-quickstart-')), 'ledger.db')
  quickstart(path).then(
    (lines) => console.log(lines.join('\n')),
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    },
  )
}
