/**
 * Registering and checking participants through the PII vault, against a plain append on the same SQLite file.
 * Writes N people (default 10,000) into programs of 100 participants each (bimtek batches hold 5–180 people; one
 * program of 10,000 would measure a 10,000-event program stream being folded, not the vault), and times per person:
 *
 * - register: validate the record and its NIK, HMAC the NIK, seal it under a fresh data key, wrap the key, store
 *   it, log the access, append `PersonRegistered`;
 * - consent: append `ConsentRecorded`;
 * - check and select: read and decrypt the record (logged), fold the person's stream, evaluate R11/R12/R13/R30
 *   in the Program decider, append `ParticipantSelected`;
 *
 * and the baseline: one `store.append` of one event of similar size to a new stream (the event store's unit of
 * work). Figures are wall-clock means; the machine may be shared, so compare the ratio, not the milliseconds.
 *
 *   pnpm exec tsx --conditions=@ikm-ledger/source src/participants.ts [people]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import {
  keyProviderFromEnv,
  sequentialIds,
  steppingClock,
  storeErrorMessage,
  type CivilDate,
  type EventId,
  type NewEvent,
} from '@ikm-ledger/core'
import {
  createPiiVault,
  ikmCommandHandler,
  personService,
  regionRef,
  type CommandContext,
} from '@ikm-ledger/core/domain'
import { createSqliteEventStore, createSqliteVaultStorage } from '@ikm-ledger/store-sqlite'

const PER_PROGRAM = 100
const people = Number(process.argv[2] ?? 10_000)

const context: CommandContext = {
  mode: 'OPERATIONAL',
  occurredOn: '2026-03-02' as CivilDate,
  actor: { id: 'officer-17', role: 'DINAS_STAFF' },
  evidence: { level: 'DOCUMENTED', refs: [] },
}

const two = (n: number) => String(n).padStart(2, '0')

/** A made-up person: a NIK that agrees with the birth date and sex, a name, a phone. */
const record = (n: number) => {
  const sex = n % 2 === 0 ? 'F' : 'M'
  const birth = `${1991 + (n % 15)}-${two(1 + (n % 12))}-${two(1 + (n % 28))}`
  const day = Number(birth.slice(8)) + (sex === 'F' ? 40 : 0)
  const serial = String(1 + (n % 9999)).padStart(4, '0')
  const kec = two(1 + (Math.floor(n / 9999) % 99))
  return {
    fullName: `Peserta Bench ${n}`,
    nik: `6371${kec}${two(day)}${birth.slice(5, 7)}${birth.slice(2, 4)}${serial}`,
    birthDate: birth,
    sex,
    domicile: regionRef('63.71'),
    phone: `0812${String(10_000_000 + n)}`,
  }
}

const fail =
  (what: string) =>
  (left: unknown): never => {
    throw new Error(`${what}: ${JSON.stringify(left, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`)
  }

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ikm-bench-participants-'))
  const db = new Database(join(dir, 'ledger.sqlite'))
  const clock = steppingClock('2026-03-02T01:00:00.000Z', 1)
  const store = E.getOrElseW(fail('open the store'))(createSqliteEventStore({ database: db, clock }))
  const storage = E.getOrElseW(fail('open the vault'))(createSqliteVaultStorage({ database: db }))
  const keys = keyProviderFromEnv({ IKM_LEDGER_MASTER_KEY: '5a'.repeat(32), IKM_LEDGER_NIK_PEPPER: '6b'.repeat(32) })
  const vault = createPiiVault({ storage, keys, clock })
  const handle = ikmCommandHandler({ store })
  const service = personService({ store, vault, handle })

  for (let p = 0; p < Math.ceil(people / PER_PROGRAM); p++) {
    const send = async (type: string, data: Record<string, unknown>) => {
      const r = await handle(`program-prg-${p}`, { type, data: { programId: `prg-${p}`, ...data }, context })()
      if (E.isLeft(r)) fail(type)(r.left)
    }
    await send('RegisterProgram', {
      fiscalYear: 2026,
      title: `Bimtek ${p}`,
      schemes: ['WUB_BIMTEK'],
      executingOrg: { orgId: 'disperin-kalsel', kind: 'DINAS_PROV', nameAtEvent: 'Dinas Perindustrian Kalsel' },
      coOrganizers: [],
      regions: [regionRef('63')],
      kbli: [],
      origin: { kind: 'DINAS_INITIATIVE' },
    })
    await send('ApproveProgram', {})
    await send('SetEligibilityPolicy', { policyId: 'milenial-35', params: { maxAgeYears: 35 } })
  }

  // The baseline: one single-event append to a new stream, as many times as there are people.
  const ids = sequentialIds(9_000_000)
  const event = (n: number): NewEvent => ({
    eventId: ids() as EventId,
    type: 'ConsentRecorded',
    schemaVersion: 1,
    data: { purpose: 'PROGRAM_PARTICIPATION', lawfulBasis: 'CONSENT', givenBy: 'SELF', n },
    metadata: {
      occurredOn: context.occurredOn,
      actor: context.actor,
      correlationId: `c-${n}`,
      evidence: context.evidence,
      mode: 'OPERATIONAL',
    },
  })
  const started = performance.now()
  for (let n = 0; n < people; n++) {
    const r = await store.append(`baseline-${n}`, [event(n)], { expectedRevision: 'no_stream' })()
    if (E.isLeft(r)) fail('append')(storeErrorMessage(r.left))
  }
  const appendMs = (performance.now() - started) / people

  const phase = async (label: string, step: (n: number) => Promise<void>) => {
    const t0 = performance.now()
    for (let n = 0; n < people; n++) await step(n)
    return { label, ms: (performance.now() - t0) / people }
  }
  const register = await phase('register (vault + PersonRegistered)', async (n) => {
    const r = await service.register(`p-${n}`, record(n), context)()
    if (E.isLeft(r) || !r.right.created) fail('register')(E.isLeft(r) ? r.left : 'not created')
  })
  const consent = await phase('consent (ConsentRecorded)', async (n) => {
    const r = await handle(`person-p-${n}`, {
      type: 'RecordConsent',
      data: { personId: `p-${n}`, purpose: 'PROGRAM_PARTICIPATION', lawfulBasis: 'CONSENT', givenBy: 'SELF' },
      context,
    })()
    if (E.isLeft(r)) fail('consent')(r.left)
  })
  const select = await phase('check and select (vault read + R11–R13, R30 + ParticipantSelected)', async (n) => {
    const r = await service.select({ programId: `prg-${Math.floor(n / PER_PROGRAM)}`, personId: `p-${n}`, context })()
    if (E.isLeft(r)) fail('select')(r.left)
  })
  const total = register.ms + consent.ms + select.ms
  db.close()
  rmSync(dir, { recursive: true, force: true })

  console.log(
    `participants: ${people} people in programs of ${PER_PROGRAM}, one SQLite file (store + vault), synchronous FULL`,
  )
  console.log(`baseline: one single-event append to a new stream: ${appendMs.toFixed(3)} ms`)
  for (const p of [register, consent, select]) {
    console.log(`${p.label}: ${p.ms.toFixed(3)} ms per person = ${(p.ms / appendMs).toFixed(2)} appends`)
  }
  console.log(`per person, all three: ${total.toFixed(3)} ms = ${(total / appendMs).toFixed(2)} appends`)
}

await main()
