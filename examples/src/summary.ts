/**
 * One line per entity of a store: its state, a few facts, and its open compliance gaps. Used by the demo and by
 * the seed-story tests.
 *
 * @since 0.1.0
 */
import { categoryOf, loadAggregate, type EventStore, type StoreError } from '@ikm-ledger/core'
import {
  auditDecider,
  auditEvents,
  equipmentDecider,
  equipmentEvents,
  facilityDecider,
  facilityEvents,
  groupDecider,
  groupEvents,
  openGapsOf,
  openItems,
  programDecider,
  programEvents,
  proposalDecider,
  proposalEvents,
} from '@ikm-ledger/core/domain'
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An open compliance gap, as shown to people.
 *
 * @category model
 * @since 0.1.0
 */
export interface GapLine {
  readonly rule: string
  readonly subject: string
  readonly missingDocKinds: ReadonlyArray<string>
}

/**
 * One entity of the store.
 *
 * @category model
 * @since 0.1.0
 */
export interface EntitySummary {
  readonly stream: string
  readonly kind: string
  readonly state: string
  readonly detail: string
  readonly openGaps: ReadonlyArray<GapLine>
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const gapLines = (gaps: Iterable<GapLine>): ReadonlyArray<GapLine> =>
  [...gaps].map((g) => ({ rule: g.rule, subject: g.subject, missingDocKinds: g.missingDocKinds }))

const summarize = (store: EventStore, stream: string): TE.TaskEither<StoreError, EntitySummary | undefined> => {
  const kind = categoryOf(stream)
  const as =
    <S>(
      load: TE.TaskEither<StoreError, { readonly state: S }>,
      f: (state: S) => Omit<EntitySummary, 'stream' | 'kind'> | undefined,
    ) =>
    async () => {
      const loaded = await load()
      if (E.isLeft(loaded)) return loaded
      const summary = f(loaded.right.state)
      return E.right(summary === undefined ? undefined : { stream, kind, ...summary })
    }
  switch (kind) {
    case 'program':
      return as(loadAggregate(store, stream, programDecider, programEvents), (p) =>
        p.status === 'NONE'
          ? undefined
          : {
              state: p.status,
              detail:
                `FY${p.fiscalYear} ${p.schemes.join('+')} · origin ${p.origin.kind} · ` +
                `${[...p.participants.values()].filter((x) => x.status === 'SELECTED').length} participants · ` +
                `funding ${p.lines.size === 0 ? `asserted ${p.fundingAsserted.join(', ') || 'none'}, no amount` : `${p.lines.size} line(s)`}`,
              openGaps: gapLines(openGapsOf(p)),
            },
      )
    case 'proposal':
      return as(loadAggregate(store, stream, proposalDecider, proposalEvents), (p) =>
        p.status === 'NONE'
          ? undefined
          : { state: p.status, detail: `${p.itemOrder.length} items, ${openItems(p).length} open`, openGaps: [] },
      )
    case 'equipment':
      return as(loadAggregate(store, stream, equipmentDecider, equipmentEvents), (p) =>
        p.status === 'NONE'
          ? undefined
          : {
              state: p.status,
              detail:
                `held by ${p.holder.nameAtEvent} · owned by ${p.owner.nameAtEvent}` +
                (p.groupId !== undefined
                  ? ` · group ${p.groupId}`
                  : p.recipients.length > 0
                    ? ` · ${p.recipients.length} recipient(s)`
                    : '') +
                (p.ceremonialHandovers > 0 ? ` · ${p.ceremonialHandovers} ceremonial handover(s)` : ''),
              openGaps: gapLines(Object.values(p.openGaps)),
            },
      )
    case 'facility':
      return as(loadAggregate(store, stream, facilityDecider, facilityEvents), (f) =>
        f.status === 'NONE'
          ? undefined
          : {
              state: f.status,
              detail:
                `${f.kind}${f.potential ? ' (potential)' : ''} ${f.name} · ${f.region.nameAtEvent}` +
                (f.fundingHistory.length === 0 ? '' : ` · ${f.fundingHistory.length} imported funding figure(s)`),
              openGaps: gapLines(Object.values(f.openGaps)),
            },
      )
    case 'group':
      return as(loadAggregate(store, stream, groupDecider, groupEvents), (g) =>
        g.status === 'NONE'
          ? undefined
          : {
              state: g.status,
              detail: `${g.name ?? 'name not reported'} (${g.kind}) · ${g.members.length} members`,
              openGaps: [],
            },
      )
    case 'audit':
      return as(loadAggregate(store, stream, auditDecider, auditEvents), (f) =>
        f.status === 'NONE'
          ? undefined
          : {
              state: f.status,
              detail: `${f.auditor} LHP ${f.lhpDate} · follow-up due ${f.followUpDue} · ${f.recommendations.length} recommendation(s)`,
              openGaps: gapLines(Object.values(f.openGaps)),
            },
      )
    default:
      return async () => E.right(undefined)
  }
}

/**
 * Summarises the given streams, in order; streams of unknown categories are left out.
 *
 * @category utils
 * @since 0.1.0
 */
export const summarizeStreams =
  (store: EventStore, streams: ReadonlyArray<string>): TE.TaskEither<StoreError, ReadonlyArray<EntitySummary>> =>
  async () => {
    const out: Array<EntitySummary> = []
    for (const stream of streams) {
      const summary = await summarize(store, stream)()
      if (E.isLeft(summary)) return summary
      if (summary.right !== undefined) out.push(summary.right)
    }
    return E.right(out)
  }
