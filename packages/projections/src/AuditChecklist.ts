/**
 * RM-7, the audit-readiness checklist: per program, equipment package and facility, the compliance gaps still
 * open and the document kinds they lack (S0: the DIPA, the contract, the supplier BAST and the operational
 * BAST). Packages are listed under their program, and facilities under the program that links them, so a
 * program's checklist covers everything an auditor will ask about it.
 *
 * @since 0.1.0
 */
import type { RecordedEvent } from '@ikm-ledger/core'
import { addOnce, decodeIkmEvent } from './internal/Events'
import { allRows, getRow, putRow, rowsInScope, table, type Rows } from './internal/Rows'
import type { ReadModel, RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An open compliance gap.
 *
 * @category model
 * @since 0.1.0
 */
export interface OpenGap {
  readonly gapId: string
  readonly rule: string
  readonly subject: string
  readonly missingDocKinds: ReadonlyArray<string>
  readonly note: string
  readonly notedOn: string
}

/**
 * One row of RM-7: an entity, its open gaps (in the order noted) and the distinct document kinds missing.
 * `ready` is true when nothing is open.
 *
 * @category model
 * @since 0.1.0
 */
export interface AuditChecklistRow {
  readonly entity: 'PROGRAM' | 'EQUIPMENT' | 'FACILITY'
  readonly streamId: string
  readonly entityId: string
  readonly programId: string | null
  readonly title: string
  readonly openGaps: ReadonlyArray<OpenGap>
  readonly missingDocKinds: ReadonlyArray<string>
  readonly ready: boolean
}

interface EntityRecord {
  readonly entity: AuditChecklistRow['entity']
  readonly streamId: string
  readonly entityId: string
  readonly programId: string | null
  readonly title: string
  readonly gaps: ReadonlyArray<OpenGap>
}

interface LinkRecord {
  readonly facilityId: string
  readonly programId: string
}

// -------------------------------------------------------------------------------------
// read model
// -------------------------------------------------------------------------------------

const entities = table<EntityRecord>(
  'rm7_entities',
  (e) => e.streamId,
  (e) => e.programId ?? e.streamId,
)
const links = table<LinkRecord>(
  'rm7_facility_links',
  (l) => l.facilityId,
  (l) => l.programId,
)

/**
 * RM-7 as a read model (tables `rm7_entities`, `rm7_facility_links`).
 *
 * @category read models
 * @since 0.1.0
 */
export const auditChecklist: ReadModel = {
  name: 'ikm-rm7-audit-checklist',
  version: 1,
  handles: {
    categories: ['program', 'equipment', 'facility'],
    types: [
      'ProgramRegistered',
      'EquipmentProcured',
      'FacilityRegistered',
      'FacilityLinked',
      'ComplianceGapNoted',
      'ComplianceGapResolved',
    ],
  },
  tables: [entities.name, links.name],
  apply: function* (recorded: RecordedEvent): Rows<void> {
    const decoded = decodeIkmEvent(recorded)
    if (decoded === undefined) return
    const { category, event } = decoded
    const streamId = recorded.streamId
    if (event.type === 'ProgramRegistered') {
      const d = event.data
      yield* register({
        entity: 'PROGRAM',
        streamId,
        entityId: d.programId,
        programId: d.programId,
        title: d.title,
        gaps: [],
      })
    } else if (event.type === 'EquipmentProcured') {
      const d = event.data
      yield* register({
        entity: 'EQUIPMENT',
        streamId,
        entityId: d.packageId,
        programId: d.programId,
        title: d.description,
        gaps: [],
      })
    } else if (event.type === 'FacilityRegistered') {
      const d = event.data
      const link = yield* getRow(links, d.facilityId)
      yield* register({
        entity: 'FACILITY',
        streamId,
        entityId: d.facilityId,
        programId: link?.programId ?? null,
        title: d.name,
        gaps: [],
      })
    } else if (event.type === 'FacilityLinked' && category === 'program') {
      const programId = streamId.slice('program-'.length)
      yield* putRow(links, { facilityId: event.data.facilityId, programId })
      const facility = yield* getRow(entities, `facility-${event.data.facilityId}`)
      if (facility !== undefined && facility.programId === null) yield* putRow(entities, { ...facility, programId })
    } else if (event.type === 'ComplianceGapNoted') {
      const existing = yield* getRow(entities, streamId)
      if (existing === undefined) return
      const gap: OpenGap = { ...event.data, notedOn: recorded.metadata.occurredOn }
      yield* putRow(entities, {
        ...existing,
        gaps: [...existing.gaps.filter((g) => g.gapId !== gap.gapId), gap],
      })
    } else if (event.type === 'ComplianceGapResolved') {
      const existing = yield* getRow(entities, streamId)
      if (existing === undefined) return
      yield* putRow(entities, { ...existing, gaps: existing.gaps.filter((g) => g.gapId !== event.data.gapId) })
    }
  },
}

/**
 * The checklist ordered by stream id; with `programId`, the program and the packages and facilities under it.
 *
 * @category queries
 * @since 0.1.0
 */
export const auditChecklistRows = (
  filter: { readonly programId?: string } = {},
): RowQuery<ReadonlyArray<AuditChecklistRow>> =>
  function* () {
    const records =
      filter.programId === undefined ? yield* allRows(entities) : yield* rowsInScope(entities, filter.programId)
    return records.map((e) => {
      let missing: ReadonlyArray<string> = []
      for (const gap of e.gaps) for (const kind of gap.missingDocKinds) missing = addOnce(missing, kind)
      return {
        entity: e.entity,
        streamId: e.streamId,
        entityId: e.entityId,
        programId: e.programId,
        title: e.title,
        openGaps: e.gaps,
        missingDocKinds: missing,
        ready: e.gaps.length === 0,
      }
    })
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

function* register(record: EntityRecord): Rows<void> {
  const existing = yield* getRow(entities, record.streamId)
  // A re-registration keeps the gaps already noted.
  yield* putRow(entities, existing === undefined ? record : { ...record, gaps: existing.gaps })
}
