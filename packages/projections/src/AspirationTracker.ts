/**
 * RM-9, the DPR aspirasi tracker: per DPR member (as recorded on the program's origin) and fiscal year, the
 * programs that came from their aspirasi, the commission and electoral district recorded, the regions served
 * (S1 and its public follow-up show the rotation Palembang → Banyuasin → Muba), the participants selected (a
 * count, never a person), and the programs' equipment packages: how many still with the ministry or the Pemda
 * and how many lent or granted to a recipient. Aspirasi is an origin, never a funding source: no money here.
 *
 * @since 0.1.0
 */
import type { Custody, EquipmentEvent, ProgramEvent } from '@ikm-ledger/core/domain'
import { addOnce, onIkmEvent, entityIdOf, regionCell, type RegionCell } from './internal/Events'
import { allRows, getRow, putRow, rowsInScope, table, type Rows } from './internal/Rows'
import type { ReadModel, RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One row of RM-9: one DPR member's aspirasi programs in one fiscal year.
 *
 * @category model
 * @since 0.1.0
 */
export interface AspirationTrackerRow {
  readonly member: string
  readonly fiscalYear: number
  readonly commissions: ReadonlyArray<string>
  readonly electoralDistricts: ReadonlyArray<string>
  readonly programIds: ReadonlyArray<string>
  readonly regions: ReadonlyArray<RegionCell>
  readonly participants: number
  readonly packages: {
    readonly withGovernment: number
    readonly withRecipients: number
    readonly writtenOff: number
  }
}

interface ProgramFacts {
  readonly programId: string
  readonly member: string
  readonly fiscalYear: number
  readonly commission: string
  readonly electoralDistrict: string | null
  readonly regions: ReadonlyArray<RegionCell>
  readonly participants: number
}

interface PackageFacts {
  readonly packageId: string
  readonly programId: string
  readonly custody: Custody
}

// -------------------------------------------------------------------------------------
// read model
// -------------------------------------------------------------------------------------

const programs = table<ProgramFacts>(
  'rm9_programs',
  (p) => p.programId,
  (p) => p.member,
)
const packages = table<PackageFacts>(
  'rm9_packages',
  (p) => p.packageId,
  (p) => p.programId,
)

const CUSTODY_EVENTS: Partial<Record<EquipmentEvent['type'], Custody>> = {
  EquipmentProcured: 'PROCURED',
  EquipmentOperationallyHandedOver: 'WITH_PEMDA_OPERATIONAL',
  EquipmentOwnershipTransferred: 'OWNED_BY_PEMDA',
  EquipmentLentToGroup: 'LENT_TO_GROUP',
  EquipmentGrantedToGroup: 'GRANTED_TO_GROUP',
  EquipmentLentToRecipients: 'LENT_TO_GROUP',
  EquipmentGrantedToRecipients: 'GRANTED_TO_GROUP',
  EquipmentWrittenOff: 'WRITTEN_OFF',
}

/**
 * RM-9 as a read model (tables `rm9_programs`, `rm9_packages`).
 *
 * @category read models
 * @since 0.1.0
 */
export const aspirationTracker: ReadModel = {
  name: 'ikm-rm9-aspiration-tracker',
  // 2: packages lent or granted to several recipients count as with recipients.
  version: 2,
  handles: {
    categories: ['program', 'equipment'],
    types: ['ProgramRegistered', 'ParticipantSelected', ...(Object.keys(CUSTODY_EVENTS) as Array<string>)],
  },
  tables: [programs.name, packages.name],
  apply: onIkmEvent(function* (decoded, recorded) {
    if (decoded.category === 'program') yield* applyProgram(entityIdOf(recorded.streamId), decoded.event)
    if (decoded.category === 'equipment') yield* applyEquipment(entityIdOf(recorded.streamId), decoded.event)
  }),
}

/**
 * The rows ordered by member and fiscal year; optionally one member's.
 *
 * @category queries
 * @since 0.1.0
 */
export const aspirationTrackerRows = (
  filter: { readonly member?: string } = {},
): RowQuery<ReadonlyArray<AspirationTrackerRow>> =>
  function* () {
    const facts = filter.member === undefined ? yield* allRows(programs) : yield* rowsInScope(programs, filter.member)
    const byKey = new Map<string, AspirationTrackerRow>()
    for (const p of facts) {
      const key = `${p.member}|${p.fiscalYear}`
      const row = byKey.get(key) ?? {
        member: p.member,
        fiscalYear: p.fiscalYear,
        commissions: [],
        electoralDistricts: [],
        programIds: [],
        regions: [],
        participants: 0,
        packages: { withGovernment: 0, withRecipients: 0, writtenOff: 0 },
      }
      const held = yield* rowsInScope(packages, p.programId)
      const count = (custodies: ReadonlyArray<Custody>) => held.filter((h) => custodies.includes(h.custody)).length
      byKey.set(key, {
        ...row,
        commissions: addOnce(row.commissions, p.commission),
        electoralDistricts:
          p.electoralDistrict === null ? row.electoralDistricts : addOnce(row.electoralDistricts, p.electoralDistrict),
        programIds: addOnce(row.programIds, p.programId),
        regions: p.regions.reduce(
          (regions, region) => (regions.some((r) => r.code === region.code) ? regions : [...regions, region]),
          row.regions,
        ),
        participants: row.participants + p.participants,
        packages: {
          withGovernment: row.packages.withGovernment + count(['PROCURED', 'WITH_PEMDA_OPERATIONAL', 'OWNED_BY_PEMDA']),
          withRecipients: row.packages.withRecipients + count(['LENT_TO_GROUP', 'GRANTED_TO_GROUP']),
          writtenOff: row.packages.writtenOff + count(['WRITTEN_OFF']),
        },
      })
    }
    return [...byKey.values()].sort((a, b) =>
      a.member < b.member ? -1 : a.member > b.member ? 1 : a.fiscalYear - b.fiscalYear,
    )
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

function* applyProgram(programId: string, event: ProgramEvent): Rows<void> {
  if (event.type === 'ProgramRegistered') {
    const { origin, fiscalYear, regions } = event.data
    if (origin.kind !== 'ASPIRASI_DPR') return
    yield* putRow(programs, {
      programId,
      member: origin.member.nameAtEvent,
      fiscalYear,
      commission: origin.commission,
      electoralDistrict: origin.electoralDistrict ?? null,
      regions: regions.map(regionCell),
      participants: 0,
    })
    return
  }
  if (event.type !== 'ParticipantSelected') return
  const program = yield* getRow(programs, programId)
  if (program !== undefined) yield* putRow(programs, { ...program, participants: program.participants + 1 })
}

function* applyEquipment(packageId: string, event: EquipmentEvent): Rows<void> {
  const custody = CUSTODY_EVENTS[event.type]
  if (custody === undefined) return
  if (event.type === 'EquipmentProcured') {
    const program = yield* getRow(programs, event.data.programId)
    if (program !== undefined) yield* putRow(packages, { packageId, programId: event.data.programId, custody })
    return
  }
  const known = yield* getRow(packages, packageId)
  if (known !== undefined) yield* putRow(packages, { ...known, custody })
}
