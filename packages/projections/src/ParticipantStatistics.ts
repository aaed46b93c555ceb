/**
 * RM-4, participants per program with demographics: counts by track × region × sex × age band, completion and
 * certification rates, children and their guardian-consent coverage, and how many of the people counted were
 * since erased (they stay in the statistics; only their vault record is gone). Two forms: the dinas's own
 * (exact counts) and an aggregate-only form for outside the dinas, where cells under five people are
 * suppressed, with a second cell suppressed in the same track when one alone could be recovered from the
 * track total.
 *
 * Nothing here is personal data: events carry ids, a kabupaten/kota, sex and an age band, never a name, NIK or
 * birth date.
 *
 * @since 0.1.0
 */
import { personEvents, type AgeBand, type PersonEvent, type ProgramEvent } from '@ikm-ledger/core/domain'
import { entityIdOf, onIkmEvent, regionCell, type RegionCell } from './internal/Events'
import { allRows, getRow, putRow, rowsInScope, table, type Rows } from './internal/Rows'
import type { ReadModel, RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One cell of RM-4 as the dinas sees it. Rates are basis points of `participants` (null when there are none).
 *
 * @category model
 * @since 0.1.0
 */
export interface ParticipantStatisticsRow {
  readonly programId: string
  readonly trackId: string | null
  readonly region: RegionCell
  readonly sex: 'M' | 'F' | 'UNKNOWN'
  readonly ageBand: AgeBand | 'UNKNOWN'
  readonly participants: number
  readonly completed: number
  readonly certified: number
  readonly completionRateBp: number | null
  readonly certificationRateBp: number | null
  readonly children: number
  readonly childrenWithGuardianConsent: number
  readonly erased: number
}

/**
 * One cell of the aggregate-only form. A suppressed cell shows no number at all.
 *
 * @category model
 * @since 0.1.0
 */
export interface PublicParticipantStatisticsRow {
  readonly programId: string
  readonly trackId: string | null
  readonly region: RegionCell
  readonly sex: 'M' | 'F' | 'UNKNOWN'
  readonly ageBand: AgeBand | 'UNKNOWN'
  readonly suppressed: boolean
  readonly participants: number | null
  readonly completionRateBp: number | null
  readonly certificationRateBp: number | null
}

/**
 * One participant of a program as RM-4 keeps it: ids and coarse facts only; `erased` once their vault record
 * was shredded.
 *
 * @category model
 * @since 0.1.0
 */
export interface ParticipantRow {
  readonly personId: string
  readonly trackId: string | null
  readonly region: RegionCell
  readonly sex: 'M' | 'F' | 'UNKNOWN'
  readonly ageBand: AgeBand | 'UNKNOWN'
  readonly completed: boolean
  readonly certified: boolean
  readonly erased: boolean
}

interface Selection {
  readonly trackId: string | null
  readonly batchId: string | null
  readonly selected: boolean
}

interface Enrolment {
  readonly programId: string
  readonly personId: string
  readonly region: RegionCell
  readonly sex: 'M' | 'F' | 'UNKNOWN'
  readonly ageBand: AgeBand | 'UNKNOWN'
  readonly selections: ReadonlyArray<Selection>
  readonly completedBatches: ReadonlyArray<string>
  readonly certifiedBatches: ReadonlyArray<string>
}

interface PersonStatus {
  readonly personId: string
  readonly erased: boolean
  readonly guardianConsent: boolean
}

// -------------------------------------------------------------------------------------
// read model
// -------------------------------------------------------------------------------------

const enrolments = table<Enrolment>(
  'rm4_enrolments',
  (e) => `${e.programId}/${e.personId}`,
  (e) => e.programId,
)
const persons = table<PersonStatus>(
  'rm4_persons',
  (p) => p.personId,
  () => 'person',
)

const PROGRAM_TYPES = [
  'ParticipantSelected',
  'ParticipantWithdrawn',
  'TrainingBatchCompleted',
  'CertificateIssued',
] as const

/**
 * RM-4 as a read model (tables `rm4_enrolments`, `rm4_persons`).
 *
 * @category read models
 * @since 0.1.0
 */
export const participantStatistics: ReadModel = {
  name: 'ikm-rm4-participant-statistics',
  version: 1,
  handles: {
    categories: ['program', 'person'],
    types: [...PROGRAM_TYPES, ...personEvents.types],
  },
  tables: [enrolments.name, persons.name],
  apply: onIkmEvent(function* (decoded, recorded) {
    if (decoded.category === 'person') yield* applyPerson(entityIdOf(recorded.streamId), decoded.event)
    if (decoded.category === 'program') yield* applyProgram(entityIdOf(recorded.streamId), decoded.event)
  }),
}

/**
 * The dinas's RM-4 for a program, in track, region, sex and age-band order.
 *
 * @category queries
 * @since 0.1.0
 */
export const participantStatisticsRows = (programId: string): RowQuery<ReadonlyArray<ParticipantStatisticsRow>> =>
  function* () {
    return cellsOf(programId, yield* participantsOf(programId))
  }

/**
 * The aggregate-only RM-4 for outside the dinas: a cell of fewer than `minCell` people (5 by default) is
 * suppressed, and so is the smallest other cell of its track when the suppressed ones together would be
 * recoverable (a single cell, or fewer than `minCell` people in all).
 *
 * @category queries
 * @since 0.1.0
 */
export const publicParticipantStatisticsRows = (
  programId: string,
  options: { readonly minCell?: number } = {},
): RowQuery<ReadonlyArray<PublicParticipantStatisticsRow>> =>
  function* () {
    const minCell = options.minCell ?? 5
    const cells = cellsOf(programId, yield* participantsOf(programId))
    const suppressed = new Set(cells.filter((c) => c.participants < minCell))
    for (const trackId of new Set(cells.map((c) => c.trackId))) {
      const inTrack = cells.filter((c) => c.trackId === trackId)
      const hidden = () => inTrack.filter((c) => suppressed.has(c))
      const hiddenSum = () => hidden().reduce((n, c) => n + c.participants, 0)
      while (hidden().length > 0 && (hidden().length === 1 || hiddenSum() < minCell)) {
        const next = inTrack.filter((c) => !suppressed.has(c)).sort((a, b) => a.participants - b.participants)[0]
        if (next === undefined) break
        suppressed.add(next)
      }
    }
    return cells.map((c) => {
      const hide = suppressed.has(c)
      return {
        programId: c.programId,
        trackId: c.trackId,
        region: c.region,
        sex: c.sex,
        ageBand: c.ageBand,
        suppressed: hide,
        participants: hide ? null : c.participants,
        completionRateBp: hide ? null : c.completionRateBp,
        certificationRateBp: hide ? null : c.certificationRateBp,
      }
    })
  }

/**
 * The aggregate-only RM-4 of every program with participants, program by program (each suppressed as
 * {@link publicParticipantStatisticsRows} does).
 *
 * @category queries
 * @since 0.1.0
 */
export const publicParticipantStatisticsAllRows = (
  options: { readonly minCell?: number } = {},
): RowQuery<ReadonlyArray<PublicParticipantStatisticsRow>> =>
  function* () {
    const programIds = [...new Set((yield* allRows(enrolments)).map((e) => e.programId))].sort()
    const rows: Array<PublicParticipantStatisticsRow> = []
    for (const programId of programIds) rows.push(...(yield* publicParticipantStatisticsRows(programId, options)()))
    return rows
  }

/**
 * The participants of a program, one row per person and track, ordered by person id: ids and coarse facts, with
 * `erased` for people whose personal data was shredded.
 *
 * @category queries
 * @since 0.1.0
 */
export const programParticipantRows = (programId: string): RowQuery<ReadonlyArray<ParticipantRow>> =>
  function* () {
    return yield* participantsOf(programId)
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

function* applyPerson(personId: string, event: PersonEvent): Rows<void> {
  const existing: PersonStatus = (yield* getRow(persons, personId)) ?? {
    personId,
    erased: false,
    guardianConsent: false,
  }
  switch (event.type) {
    case 'ConsentRecorded':
      if (event.data.purpose === 'PROGRAM_PARTICIPATION' && event.data.givenBy === 'GUARDIAN') {
        yield* putRow(persons, { ...existing, guardianConsent: true })
      }
      return
    case 'ConsentWithdrawn':
      if (event.data.purpose === 'PROGRAM_PARTICIPATION')
        yield* putRow(persons, { ...existing, guardianConsent: false })
      return
    case 'PersonPiiShredded':
      yield* putRow(persons, { ...existing, erased: true })
      return
    case 'PersonRegistered':
      yield* putRow(persons, existing)
      return
  }
}

function* applyProgram(programId: string, event: ProgramEvent): Rows<void> {
  switch (event.type) {
    case 'ParticipantSelected': {
      const d = event.data
      const id = `${programId}/${d.personId}`
      const existing = yield* getRow(enrolments, id)
      const selection: Selection = { trackId: d.trackId ?? null, batchId: d.batchId ?? null, selected: true }
      yield* putRow(enrolments, {
        programId,
        personId: d.personId,
        region: regionCell(d.region),
        sex: d.demographics?.sex ?? existing?.sex ?? 'UNKNOWN',
        ageBand: d.demographics?.ageBand ?? existing?.ageBand ?? 'UNKNOWN',
        selections: [...(existing?.selections ?? []).filter((s) => s.trackId !== selection.trackId), selection],
        completedBatches: existing?.completedBatches ?? [],
        certifiedBatches: existing?.certifiedBatches ?? [],
      })
      return
    }
    case 'ParticipantWithdrawn': {
      const existing = yield* getRow(enrolments, `${programId}/${event.data.personId}`)
      if (existing === undefined) return
      const trackId = event.data.trackId ?? null
      yield* putRow(enrolments, {
        ...existing,
        selections: existing.selections.map((s) => (s.trackId === trackId ? { ...s, selected: false } : s)),
      })
      return
    }
    case 'TrainingBatchCompleted':
      for (const personId of event.data.completedParticipantIds) {
        const existing = yield* getRow(enrolments, `${programId}/${personId}`)
        if (existing !== undefined) {
          yield* putRow(enrolments, {
            ...existing,
            completedBatches: [...existing.completedBatches, event.data.batchId],
          })
        }
      }
      return
    case 'CertificateIssued': {
      const existing = yield* getRow(enrolments, `${programId}/${event.data.personId}`)
      if (existing !== undefined) {
        yield* putRow(enrolments, { ...existing, certifiedBatches: [...existing.certifiedBatches, event.data.batchId] })
      }
      return
    }
    default:
      return
  }
}

const inBatches = (batches: ReadonlyArray<string>, s: Selection): boolean =>
  s.batchId === null ? batches.length > 0 : batches.includes(s.batchId)

interface Participant extends ParticipantRow {
  readonly guardianConsent: boolean
}

function* participantsOf(programId: string): Rows<ReadonlyArray<Participant>> {
  const rows = yield* rowsInScope(enrolments, programId)
  const out: Array<Participant> = []
  for (const e of [...rows].sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0))) {
    const person = yield* getRow(persons, e.personId)
    for (const s of e.selections) {
      if (!s.selected) continue
      out.push({
        personId: e.personId,
        trackId: s.trackId,
        region: e.region,
        sex: e.sex,
        ageBand: e.ageBand,
        completed: inBatches(e.completedBatches, s),
        certified: inBatches(e.certifiedBatches, s),
        erased: person?.erased ?? false,
        guardianConsent: person?.guardianConsent ?? false,
      })
    }
  }
  return out
}

const BANDS: ReadonlyArray<AgeBand | 'UNKNOWN'> = ['<18', '18-24', '25-35', '36-45', '46-55', '>55', 'UNKNOWN']
const SEXES: ReadonlyArray<'M' | 'F' | 'UNKNOWN'> = ['F', 'M', 'UNKNOWN']
const rate = (n: number, of: number): number | null => (of === 0 ? null : Math.floor((n * 10_000) / of))

const cellsOf = (
  programId: string,
  participants: ReadonlyArray<Participant>,
): ReadonlyArray<ParticipantStatisticsRow> => {
  const cells = new Map<string, Array<Participant>>()
  for (const p of participants) {
    const key = JSON.stringify([p.trackId ?? '', p.region.code, SEXES.indexOf(p.sex), BANDS.indexOf(p.ageBand)])
    cells.set(key, [...(cells.get(key) ?? []), p])
  }
  return [...cells.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, members]) => {
      const first = members[0] as Participant
      const completed = members.filter((m) => m.completed).length
      const certified = members.filter((m) => m.certified).length
      const children = members.filter((m) => m.ageBand === '<18')
      return {
        programId,
        trackId: first.trackId,
        region: first.region,
        sex: first.sex,
        ageBand: first.ageBand,
        participants: members.length,
        completed,
        certified,
        completionRateBp: rate(completed, members.length),
        certificationRateBp: rate(certified, members.length),
        children: children.length,
        childrenWithGuardianConsent: children.filter((m) => m.guardianConsent).length,
        erased: members.filter((m) => m.erased).length,
      }
    })
}
