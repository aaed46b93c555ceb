/**
 * RM-6, a program's audit timeline: every fact about the program and the equipment packages and facilities it
 * links, with its evidence, bounded the two ways an auditor asks. `asOf` keeps the facts that had happened by
 * a civil date (`occurredOn ≤ D`); `asKnownAt` keeps what the ledger knew at an instant (`recordedAt ≤ T`).
 * Facts resting only on news reports are flagged. It is a query over the event store (bounded `readStream`),
 * not a stored read model: any bound can be asked at any time.
 *
 * @since 0.1.0
 */
import type { CivilDate, EventStore, Instant, RecordedEvent, StoreError } from '@ikm-ledger/core'
import { programEvents } from '@ikm-ledger/core/domain'
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import { restsOnNews } from './internal/Events'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The bounds of a timeline; both may be combined. `linked: false` leaves out the linked packages and facilities.
 *
 * @category model
 * @since 0.1.0
 */
export interface AuditTimelineOptions {
  readonly asOf?: CivilDate
  readonly asKnownAt?: Instant
  readonly linked?: boolean
}

/**
 * One fact of a timeline. `subject` names what the fact is about (`batchId=b1`, `packageId=pkg-1`…);
 * `newsOnly` is true when nothing but news supports it (a `NEWS_REPORT`, or an inference whose only
 * references are news articles or photos).
 *
 * @category model
 * @since 0.1.0
 */
export interface AuditTimelineFact {
  readonly occurredOn: string
  readonly recordedAt: string
  readonly streamId: string
  readonly revision: bigint
  readonly position: bigint
  readonly type: string
  readonly subject: string | null
  readonly evidenceLevel: 'DOCUMENTED' | 'OFFICIAL_STATEMENT' | 'NEWS_REPORT' | 'INFERRED'
  readonly evidenceRefs: ReadonlyArray<string>
  readonly approximate: boolean
  readonly mode: 'OPERATIONAL' | 'HISTORICAL_IMPORT'
  readonly newsOnly: boolean
}

// -------------------------------------------------------------------------------------
// queries
// -------------------------------------------------------------------------------------

/**
 * The timeline of a program, ordered by `occurredOn`, then by global position.
 *
 * @example
 * const asOfOpening = await programAuditTimeline(store, 'prg-muba-led-2020', { asOf: '2020-11-30' as CivilDate })()
 *
 * @category queries
 * @since 0.1.0
 */
export const programAuditTimeline =
  (
    store: EventStore,
    programId: string,
    options: AuditTimelineOptions = {},
  ): TE.TaskEither<StoreError, ReadonlyArray<AuditTimelineFact>> =>
  async () => {
    const bounds = {
      ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
      ...(options.asKnownAt === undefined ? {} : { asKnownAt: options.asKnownAt }),
    }
    const program = await readAll(store, `program-${programId}`, bounds)
    if (E.isLeft(program)) return program
    const events = [...program.right]
    if (options.linked !== false) {
      const linked: Array<string> = []
      for (const recorded of program.right) {
        if (recorded.type !== 'EquipmentLinked' && recorded.type !== 'FacilityLinked') continue
        const decoded = programEvents.decode(recorded)
        if (E.isLeft(decoded)) return decoded
        const event = decoded.right
        if (event.type === 'EquipmentLinked') linked.push(`equipment-${event.data.packageId}`)
        if (event.type === 'FacilityLinked') linked.push(`facility-${event.data.facilityId}`)
      }
      for (const streamId of [...new Set(linked)]) {
        const more = await readAll(store, streamId, bounds)
        if (E.isLeft(more)) return more
        events.push(...more.right)
      }
    }
    return E.right(
      events
        .sort((a, b) =>
          a.metadata.occurredOn !== b.metadata.occurredOn
            ? a.metadata.occurredOn < b.metadata.occurredOn
              ? -1
              : 1
            : a.position < b.position
              ? -1
              : a.position > b.position
                ? 1
                : 0,
        )
        .map(factOf),
    )
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const readAll = async (
  store: EventStore,
  streamId: string,
  bounds: { readonly asOf?: CivilDate; readonly asKnownAt?: Instant },
): Promise<E.Either<StoreError, ReadonlyArray<RecordedEvent>>> => {
  const events: Array<RecordedEvent> = []
  for await (const batch of store.readStream(streamId, bounds)) {
    if (E.isLeft(batch)) return batch
    events.push(...batch.right)
  }
  return E.right(events)
}

const SUBJECT_FIELDS = [
  'batchId',
  'packageId',
  'facilityId',
  'lineId',
  'expenditureId',
  'outputId',
  'trackId',
  'gapId',
  'worksId',
  'source',
]

const subjectOf = (data: unknown): string | null => {
  if (typeof data !== 'object' || data === null) return null
  const record = data as Record<string, unknown>
  for (const field of SUBJECT_FIELDS) {
    const value = record[field]
    if (typeof value === 'string') return `${field}=${value}`
  }
  return null
}

const factOf = (e: RecordedEvent): AuditTimelineFact => {
  const evidence = e.metadata.evidence
  const refs = evidence.refs.map((r) => r.kind)
  return {
    occurredOn: e.metadata.occurredOn,
    recordedAt: e.metadata.recordedAt,
    streamId: e.streamId,
    revision: e.revision,
    position: e.position,
    type: e.type,
    subject: subjectOf(e.data),
    evidenceLevel: evidence.level,
    evidenceRefs: refs,
    approximate: evidence.approximate === true,
    mode: e.metadata.mode,
    newsOnly: restsOnNews(evidence),
  }
}
