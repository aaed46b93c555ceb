/**
 * A bimtek with real participants, kept lawfully: people registered into the PII vault (beside the event store,
 * in the same SQLite file), checked against the program's eligibility policy from their vault records, selected,
 * attending, completing and certified; a 17-year-old selected only after a guardian's consent; a 45-year-old
 * refused (R11); one participant erased afterwards (crypto-shredding). It prints RM-4 for the dinas and in its
 * aggregate-only form, the breach inventory, and that every hash chain still verifies. All people and numbers
 * here are made up; the seed stories carry no personal data at all.
 *
 * Run: pnpm --filter @ikm-ledger/examples run participants
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import {
  commandFailureMessage,
  keyProviderFromEnv,
  projectInMemory,
  steppingClock,
  verifyAllChains,
  type CommandFailure,
} from '@ikm-ledger/core'
import {
  createPiiVault,
  ikmCommandHandler,
  personService,
  regionRef,
  type CommandContext,
  type DomainError,
  type PersonServiceError,
} from '@ikm-ledger/core/domain'
import {
  inMemoryReadModel,
  participantStatistics,
  participantStatisticsRows,
  programParticipantRows,
  publicParticipantStatisticsRows,
  readInMemory,
} from '@ikm-ledger/projections'
import { programPiiInventory } from '@ikm-ledger/cli'
import { createSqliteEventStore, createSqliteVaultStorage } from '@ikm-ledger/store-sqlite'

const PROGRAM = 'prg-kemasan-banjarmasin-2026'
const officer = { id: 'officer-17', role: 'DINAS_STAFF' }
const at = (occurredOn: string): CommandContext => ({
  mode: 'OPERATIONAL',
  occurredOn: occurredOn as CommandContext['occurredOn'],
  actor: officer,
  evidence: { level: 'DOCUMENTED', refs: [{ kind: 'SK_PESERTA', number: 'SK-KADIS/2026/077' }] },
  placeTimeZone: 'Asia/Makassar',
})

/** A made-up person whose NIK agrees with the birth date and sex (women: day + 40). */
const person = (n: number, name: string, birthDate: string, sex: 'M' | 'F', domicile: string) => {
  const day = Number(birthDate.slice(8, 10)) + (sex === 'F' ? 40 : 0)
  const nik = `${domicile.replace('.', '')}03${String(day).padStart(2, '0')}${birthDate.slice(5, 7)}${birthDate.slice(2, 4)}${String(n).padStart(4, '0')}`
  return { fullName: name, nik, birthDate, sex, domicile: regionRef(domicile), phone: `0812${String(7000000 + n)}` }
}

const people = [
  { id: 'p-01', record: person(1, 'Contoh Rahmawati', '1996-04-17', 'F', '63.71') },
  { id: 'p-02', record: person(2, 'Contoh Fauzan', '1999-09-02', 'M', '63.71') },
  { id: 'p-03', record: person(3, 'Contoh Nurhaliza', '2001-12-25', 'F', '63.72') },
  { id: 'p-04', record: person(4, 'Contoh Ardiansyah', '1993-06-30', 'M', '63.71') },
  // 17 on the selection date: a guardian's consent is recorded first (R13).
  {
    id: 'p-05',
    record: {
      ...person(5, 'Contoh Putri', '2008-08-08', 'F', '63.72'),
      guardian: { fullName: 'Contoh Wali Putri', relation: 'PARENT' },
    },
    guardian: true,
  },
  // 45 on the selection date: over the program's 35 (R11).
  { id: 'p-06', record: person(6, 'Contoh Hasanudin', '1980-05-01', 'M', '63.71') },
]

const must = async <L extends { readonly message: string }, A>(what: string, task: () => Promise<E.Either<L, A>>) => {
  const r = await task()
  if (E.isLeft(r)) throw new Error(`${what}: ${r.left.message}`)
  return r.right
}

const sent = async <A>(what: string, task: () => Promise<E.Either<CommandFailure<DomainError>, A>>) => {
  const r = await task()
  if (E.isLeft(r)) throw new Error(`${what}: ${commandFailureMessage(r.left, (e) => e.message)}`)
  return r.right
}

export const bimtekParticipants = async (path: string): Promise<ReadonlyArray<string>> => {
  const lines: Array<string> = []
  // Two connections to one file: the event store's tables and the vault's side by side.
  const store = createSqliteEventStore({ path })
  const storage = createSqliteVaultStorage({ path })
  if (E.isLeft(store) || E.isLeft(storage)) throw new Error('cannot open the ledger file')
  // In production the keys come from the environment or a key file outside the database and its backups.
  const keys = keyProviderFromEnv({
    IKM_LEDGER_MASTER_KEY: process.env['IKM_LEDGER_MASTER_KEY'] ?? 'a1'.repeat(32),
    IKM_LEDGER_NIK_PEPPER: process.env['IKM_LEDGER_NIK_PEPPER'] ?? 'b2'.repeat(32),
  })
  // A fixed clock keeps the story's dates (registration in February 2026) whatever day it is run.
  const vault = createPiiVault({
    storage: storage.right,
    keys,
    clock: steppingClock('2026-02-16T01:00:00.000Z'),
    timeZone: 'Asia/Makassar',
  })
  const handle = ikmCommandHandler({ store: store.right })
  const service = personService({ store: store.right, vault, handle })
  const program = (type: string, data: Record<string, unknown>, on: string) =>
    sent(type, handle(`program-${PROGRAM}`, { type, data: { programId: PROGRAM, ...data }, context: at(on) }))

  await program(
    'RegisterProgram',
    {
      fiscalYear: 2026,
      title: 'Bimtek Desain Kemasan Produk IKM',
      schemes: ['WUB_BIMTEK'],
      executingOrg: { orgId: 'disperin-kalsel', kind: 'DINAS_PROV', nameAtEvent: 'Dinas Perindustrian Kalsel' },
      coOrganizers: [],
      regions: [regionRef('63.71'), regionRef('63.72')],
      kbli: [],
      origin: { kind: 'DINAS_INITIATIVE' },
    },
    '2026-01-12',
  )
  await program('ApproveProgram', {}, '2026-01-20')
  await program(
    'AllocateFunding',
    {
      lineId: 'apbd-1',
      source: 'APBD_PROV',
      amount: '180000000',
      fiscalYear: 2026,
      purpose: 'TRAINING',
      budgetDoc: { kind: 'DPA', number: 'DPA-DISPERIN/2026/12' },
    },
    '2026-01-25',
  )
  await program('SetEligibilityPolicy', { policyId: 'milenial-35', params: { maxAgeYears: 35 } }, '2026-02-01')
  await program(
    'ScheduleTrainingBatch',
    {
      batchId: 'b1',
      title: 'Angkatan 1',
      mode: 'CLASSROOM',
      region: regionRef('63.71'),
      startDate: '2026-03-09',
      endDate: '2026-03-11',
    },
    '2026-02-02',
  )

  for (const p of people) {
    await must('register', service.register(p.id, p.record, at('2026-02-16')))
    await sent('consent', () =>
      handle(`person-${p.id}`, {
        type: 'RecordConsent',
        data: {
          personId: p.id,
          purpose: 'PROGRAM_PARTICIPATION',
          lawfulBasis: 'CONSENT',
          givenBy: p.guardian === true ? 'GUARDIAN' : 'SELF',
          doc: { kind: 'OTHER', number: `PERSETUJUAN/${p.id}` },
        },
        context: at('2026-02-16'),
      })(),
    )
  }
  lines.push(`registered ${people.length} people; the events hold ids, sex and kab/kota only`)
  // Every applicant is nominated by the kota's dinas, so the breach inventory of the program finds them all.
  for (const p of people) {
    await program(
      'NominateParticipant',
      {
        personId: p.id,
        region: p.record.domicile,
        nominatedBy: {
          orgId: `disperindag-${p.record.domicile.code}`,
          kind: 'DINAS_KABKOTA',
          nameAtEvent: 'Disperindag Kota',
        },
      },
      '2026-02-20',
    )
  }

  const selected: Array<string> = []
  for (const p of people) {
    const outcome = await service.select({
      programId: PROGRAM,
      personId: p.id,
      batchId: 'b1',
      context: at('2026-03-02'),
    })()
    if (E.isRight(outcome)) {
      selected.push(p.id)
      lines.push(`selected ${p.id}`)
    } else lines.push(`refused ${p.id}: ${refusal(outcome.left)}`)
  }

  await program(
    'OpenTrainingBatch',
    {
      batchId: 'b1',
      openedBy: {
        nameAtEvent: 'Kepala Dinas',
        positionAtEvent: 'Kepala Dinas Perindustrian',
        org: { orgId: 'disperin-kalsel', kind: 'DINAS_PROV', nameAtEvent: 'Dinas Perindustrian Kalsel' },
      },
    },
    '2026-03-09',
  )
  for (const date of ['2026-03-09', '2026-03-10', '2026-03-11']) {
    const absent = date === '2026-03-11' ? ['p-04'] : []
    await program(
      'RecordAttendance',
      { batchId: 'b1', date, present: selected.filter((id) => !absent.includes(id)), absent },
      date,
    )
  }
  const completed = selected.filter((id) => id !== 'p-04')
  await program(
    'CompleteTrainingBatch',
    { batchId: 'b1', endDate: '2026-03-11', daysHeld: 3, completedParticipantIds: completed },
    '2026-03-11',
  )
  for (const id of completed)
    await program('IssueCertificate', { batchId: 'b1', personId: id, certificateNo: `SERT/2026/${id}` }, '2026-03-12')

  // p-02 asks to be forgotten (UU 27/2022 Pasal 8): the data key is destroyed, and the log says it happened.
  await must('erase', service.erase('p-02', 'request of the data subject (UU 27/2022 Pasal 8)', at('2026-04-01')))
  lines.push('erased p-02: key destroyed; the person stays counted as an id')

  const projected = await projectInMemory(store.right, inMemoryReadModel(participantStatistics))()
  if (E.isLeft(projected)) throw new Error('cannot project RM-4')
  const rm4 = readInMemory(projected.right, participantStatisticsRows(PROGRAM))
  lines.push('RM-4 (dinas): region  sex ageBand participants completed certified children+consent erased')
  for (const c of rm4) {
    lines.push(
      `  ${c.region.code} ${c.sex} ${c.ageBand.padEnd(5)} ${c.participants} ${c.completed} ${c.certified} ` +
        `${c.children}/${c.childrenWithGuardianConsent} ${c.erased}`,
    )
  }
  const pub = readInMemory(projected.right, publicParticipantStatisticsRows(PROGRAM))
  lines.push(
    `RM-4 (public): ${pub.filter((c) => c.suppressed).length} of ${pub.length} cells suppressed (fewer than 5 people)`,
  )
  const erased = readInMemory(projected.right, programParticipantRows(PROGRAM)).filter((r) => r.erased)
  lines.push(`participants shown as erased: ${erased.map((r) => r.personId).join(', ')}`)

  const inventory = await programPiiInventory(store.right, storage.right, PROGRAM)
  if (E.isLeft(inventory)) throw new Error('inventory failed')
  lines.push(
    `breach inventory: ${inventory.right.held} held, ${inventory.right.erased} erased; ` +
      Object.entries(inventory.right.categories)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([c, n]) => `${c} ${n}`)
        .join(', '),
  )
  const chains = await verifyAllChains(store.right)()
  lines.push(
    E.isRight(chains) && chains.right.firstBreak === undefined
      ? `every hash chain verifies: ${chains.right.eventsChecked} events in ${chains.right.streamsChecked} streams`
      : 'a hash chain is broken',
  )
  await store.right.close()()
  storage.right.close()
  return lines
}

const refusal = (error: PersonServiceError): string =>
  error._tag === 'CommandFailed' &&
  error.failure._tag === 'CommandRejected' &&
  error.failure.rejection._tag === 'RuleViolation'
    ? `${error.failure.rejection.rule}: ${error.failure.rejection.message}`
    : error.message

if (process.argv[1]?.endsWith('bimtekParticipants.ts')) {
  const path = join(mkdtempSync(join(tmpdir(), 'ikm-participants-')), 'ledger.sqlite')
  for (const line of await bimtekParticipants(path)) console.log(line)
  console.log(`(ledger and vault in ${path})`)
}
