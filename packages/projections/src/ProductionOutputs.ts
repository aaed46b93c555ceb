/**
 * RM-5, production targets against produced and delivered, per output × region. Quantities are whole numbers
 * in the output's unit; bottles and milliliters meet only through the output's declared bottle volume (rule
 * R17). Achievement is `produced / target` in basis points, rounded toward zero, so it is never overstated
 * (S4's herbal drink: 3,597 of 3,600 bottles = 9991 bp).
 *
 * @since 0.1.0
 */
import { basisPointsOf, inUnitOf, type ProgramEvent, type RegionRef, type Unit } from '@ikm-ledger/core/domain'
import { addOnce, onIkmEvent, regionCell, type RegionCell } from './internal/Events'
import { allRows, getRow, putRow, rowsInScope, table, type Rows } from './internal/Rows'
import type { ReadModel, RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One row of RM-5. The target sits on the row of the output's own region (`region: null` when the target
 * names none); rows of other regions have `target: null`. `bottles` restates milliliter outputs with a
 * declared bottle volume in whole bottles (rounded down).
 *
 * @category model
 * @since 0.1.0
 */
export interface ProductionOutputRow {
  readonly programId: string
  readonly outputId: string
  readonly product: string
  readonly trackId: string | null
  readonly region: RegionCell | null
  readonly unit: Unit
  readonly target: bigint | null
  readonly produced: bigint
  readonly delivered: bigint
  readonly achievementBp: number | null
  readonly bottles: {
    readonly volumeMl: number
    readonly target: bigint | null
    readonly produced: bigint
    readonly delivered: bigint
  } | null
  readonly intendedRecipients: ReadonlyArray<string>
  readonly deliveredTo: ReadonlyArray<string>
}

interface OutputFacts {
  readonly key: string
  readonly programId: string
  readonly outputId: string
  readonly product: string
  readonly trackId: string | null
  readonly unit: Unit
  readonly target: bigint | null
  readonly bottleVolumeMl: number | null
  readonly region: RegionCell | null
  readonly intendedRecipients: ReadonlyArray<string>
}

interface AmountFacts {
  readonly key: string
  readonly outputKey: string
  readonly region: RegionCell | null
  readonly produced: bigint
  readonly delivered: bigint
  readonly deliveredTo: ReadonlyArray<string>
}

// -------------------------------------------------------------------------------------
// read model
// -------------------------------------------------------------------------------------

const outputs = table<OutputFacts>(
  'rm5_outputs',
  (o) => o.key,
  (o) => o.programId,
)
const amounts = table<AmountFacts>(
  'rm5_amounts',
  (a) => a.key,
  (a) => a.outputKey,
)

/**
 * RM-5 as a read model (tables `rm5_outputs`, `rm5_amounts`).
 *
 * @category read models
 * @since 0.1.0
 */
export const productionOutputs: ReadModel = {
  name: 'ikm-rm5-production-outputs',
  // 2: typed table beside the JSON rows (TypedViews).
  version: 2,
  handles: { categories: ['program'], types: ['ProductionTargetSet', 'ProductionReported', 'OutputDelivered'] },
  tables: [outputs.name, amounts.name],
  apply: onIkmEvent(function* (decoded, recorded) {
    if (decoded.category === 'program') yield* applyProgram(recorded.streamId.slice('program-'.length), decoded.event)
  }),
}

/**
 * The rows ordered by program, output and region; optionally one program's.
 *
 * @category queries
 * @since 0.1.0
 */
export const productionOutputRows = (
  filter: { readonly programId?: string } = {},
): RowQuery<ReadonlyArray<ProductionOutputRow>> =>
  function* () {
    const facts =
      filter.programId === undefined ? yield* allRows(outputs) : yield* rowsInScope(outputs, filter.programId)
    const rows: Array<ProductionOutputRow> = []
    for (const output of facts) {
      const targetKey = regionKey(output.region)
      const found = yield* rowsInScope(amounts, output.key)
      const withTarget = found.some((a) => regionKey(a.region) === targetKey)
        ? found
        : [
            ...found,
            {
              key: `${output.key}|${targetKey}`,
              outputKey: output.key,
              region: output.region,
              produced: 0n,
              delivered: 0n,
              deliveredTo: [],
            },
          ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      for (const a of withTarget) rows.push(outputRow(output, a, regionKey(a.region) === targetKey))
    }
    return rows
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const regionKey = (region: RegionCell | null): string => region?.code ?? '*'

const cellOf = (region: RegionRef | undefined): RegionCell | null => (region === undefined ? null : regionCell(region))

function* applyProgram(programId: string, event: ProgramEvent): Rows<void> {
  switch (event.type) {
    case 'ProductionTargetSet': {
      const d = event.data
      yield* putRow(outputs, {
        key: `${programId}|${d.outputId}`,
        programId,
        outputId: d.outputId,
        product: d.product,
        trackId: d.trackId ?? null,
        unit: d.unit,
        target: d.target ?? null,
        bottleVolumeMl: d.bottleVolumeMl ?? null,
        region: cellOf(d.region),
        intendedRecipients: d.intendedRecipients.map((o) => o.nameAtEvent),
      })
      return
    }
    case 'ProductionReported':
    case 'OutputDelivered': {
      const d = event.data
      const outputKey = `${programId}|${d.outputId}`
      const output = yield* getRow(outputs, outputKey)
      if (output === undefined) return
      const region = d.region === undefined ? output.region : regionCell(d.region)
      const key = `${outputKey}|${regionKey(region)}`
      const existing = (yield* getRow(amounts, key)) ?? {
        key,
        outputKey,
        region,
        produced: 0n,
        delivered: 0n,
        deliveredTo: [],
      }
      const quantity = inUnitOf(
        { unit: output.unit, ...(output.bottleVolumeMl === null ? {} : { bottleVolumeMl: output.bottleVolumeMl }) },
        d.quantity,
      )
      yield* putRow(
        amounts,
        event.type === 'ProductionReported'
          ? { ...existing, produced: existing.produced + quantity }
          : {
              ...existing,
              delivered: existing.delivered + quantity,
              deliveredTo: addOnce(existing.deliveredTo, event.data.to.nameAtEvent),
            },
      )
      return
    }
    default:
      return
  }
}

const outputRow = (o: OutputFacts, a: AmountFacts, holdsTarget: boolean): ProductionOutputRow => {
  const target = holdsTarget ? o.target : null
  const volume = o.unit === 'ML' && o.bottleVolumeMl !== null ? BigInt(o.bottleVolumeMl) : null
  return {
    programId: o.programId,
    outputId: o.outputId,
    product: o.product,
    trackId: o.trackId,
    region: a.region,
    unit: o.unit,
    target,
    produced: a.produced,
    delivered: a.delivered,
    achievementBp: target === null || target === 0n ? null : basisPointsOf(a.produced, target),
    bottles:
      volume === null || o.bottleVolumeMl === null
        ? null
        : {
            volumeMl: o.bottleVolumeMl,
            target: target === null ? null : target / volume,
            produced: a.produced / volume,
            delivered: a.delivered / volume,
          },
    intendedRecipients: o.intendedRecipients,
    deliveredTo: a.deliveredTo,
  }
}
