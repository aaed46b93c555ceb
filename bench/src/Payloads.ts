/**
 * IKM-like events for the benchmarks: five event types with io-ts codecs (rupiah as bigint, civil dates), about
 * 300–600 bytes of JSON each with metadata, and the fold every system runs when it loads a stream.
 *
 * The codecs are local to the bench so the figures do not move when the domain model changes.
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { BigIntFromString, CivilDate, defineEvent, eventRegistry } from '@ikm-ledger/core'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const Region = t.type({ province: t.string, regency: t.string, code: t.string })

const ProgramRegistered = defineEvent(
  'ProgramRegistered',
  t.type({
    programId: t.string,
    title: t.string,
    fiscalYear: t.number,
    directorate: t.string,
    kbli: t.string,
    region: Region,
    origin: t.keyof({ PEMDA_PROPOSAL: null, DPR_ASPIRATION: null, MINISTRY: null, DINAS: null }),
  }),
)

const FundingAllocated = defineEvent(
  'FundingAllocated',
  t.type({
    programId: t.string,
    lineId: t.string,
    source: t.keyof({ APBN_KL: null, DEKONSENTRASI: null, TUGAS_PEMBANTUAN: null, DAK_FISIK: null, APBD: null }),
    amount: BigIntFromString,
    fiscalYear: t.number,
    accountCode: t.string,
    dipaNumber: t.string,
  }),
)

const TrainingBatchOpened = defineEvent(
  'TrainingBatchOpened',
  t.type({
    batchId: t.string,
    programId: t.string,
    topic: t.string,
    venue: t.string,
    startsOn: CivilDate,
    endsOn: CivilDate,
    capacity: t.number,
    instructorIds: t.array(t.string),
  }),
)

const ParticipantEnrolled = defineEvent(
  'ParticipantEnrolled',
  t.type({
    batchId: t.string,
    participantId: t.string,
    businessId: t.string,
    kbli: t.string,
    selection: t.keyof({ SELECTED: null, RESERVE: null }),
    enrolledOn: CivilDate,
  }),
)

const EquipmentDelivered = defineEvent(
  'EquipmentDelivered',
  t.type({
    equipmentId: t.string,
    programId: t.string,
    items: t.array(t.type({ name: t.string, quantity: t.number, unitPrice: BigIntFromString })),
    bastNumber: t.string,
    deliveredOn: CivilDate,
    custodianId: t.string,
  }),
)

/** The registry ours uses to decode payloads (and the others use the same codecs, to do the same work). */
export const benchEvents = eventRegistry([
  ProgramRegistered,
  FundingAllocated,
  TrainingBatchOpened,
  ParticipantEnrolled,
  EquipmentDelivered,
] as const)

/** Decodes a payload by its type with the same codecs, for systems that have no registry of their own. */
export const decodePayload = (type: string, data: unknown): unknown => {
  const definition = definitions[type]
  if (definition === undefined) throw new Error(`unknown bench event type ${type}`)
  const decoded = definition.codec.decode(data)
  if (E.isLeft(decoded)) throw new Error(`bench event ${type} does not decode`)
  return decoded.right
}

const definitions: Record<string, { readonly codec: t.Decoder<unknown, unknown> }> = {
  ProgramRegistered,
  FundingAllocated,
  TrainingBatchOpened,
  ParticipantEnrolled,
  EquipmentDelivered,
}

// -------------------------------------------------------------------------------------
// generation
// -------------------------------------------------------------------------------------

/** An event as the bench generates it, before any library sees it. */
export interface GeneratedEvent {
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: 1
  readonly data: { readonly [key: string]: unknown }
  readonly metadata: {
    readonly occurredOn: string
    readonly actor: { readonly id: string; readonly role: string }
    readonly correlationId: string
    readonly evidence: {
      readonly level: 'DOCUMENTED'
      readonly refs: ReadonlyArray<{ readonly kind: string; readonly number: string }>
    }
    readonly mode: 'OPERATIONAL'
  }
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')

/** A UUIDv7-shaped id, deterministic for a counter, cheap to make (the bench should not time `uuid`). */
export const benchUuid = (prefix: number, n: number): string =>
  `${hex(prefix, 8)}-${hex((n >>> 16) & 0xffff, 4)}-7${hex((n >>> 4) & 0xfff, 3)}-8${hex(n & 0xf, 3)}-${hex(n, 12)}`

const REGENCIES = ['Musi Banyuasin', 'Kota Palembang', 'Kota Banjarmasin', 'Kab. Banjar', 'Kab. Tanah Laut']
const TOPICS = ['Perakitan lampu LED', 'Konfeksi dan menjahit', 'Pengolahan kue tradisional', 'Pengelasan', 'Batik']

/**
 * Makes event number `n` (types cycle, so every stream mixes them). `prefix` keeps ids of different runs and
 * systems apart.
 */
export const generateEvent = (prefix: number, n: number): GeneratedEvent => {
  const id = (k: number) => benchUuid(prefix + k, n)
  const day = String(1 + (n % 28)).padStart(2, '0')
  const date = `2024-03-${day}`
  const metadata: GeneratedEvent['metadata'] = {
    occurredOn: date,
    actor: { id: id(1), role: 'DINAS_OFFICER' },
    correlationId: id(2),
    evidence: {
      level: 'DOCUMENTED',
      refs: [{ kind: 'BAST', number: `BAST/${n % 10_000}/IKMA/2024` }],
    },
    mode: 'OPERATIONAL',
  }
  const programId = id(4)
  switch (n % 5) {
    case 0:
      return {
        eventId: id(0),
        schemaVersion: 1,
        type: 'ProgramRegistered',
        data: {
          programId,
          title: `Bimtek ${TOPICS[n % TOPICS.length]}`,
          fiscalYear: 2024,
          directorate: 'IKMA-LMEA',
          kbli: '27404',
          region: { province: 'Sumatera Selatan', regency: REGENCIES[n % REGENCIES.length]!, code: '16.06' },
          origin: 'PEMDA_PROPOSAL',
        },
        metadata,
      }
    case 1:
      return {
        eventId: id(0),
        schemaVersion: 1,
        type: 'FundingAllocated',
        data: {
          programId,
          lineId: id(5),
          source: 'DAK_FISIK',
          amount: String(1_250_000_000 + n * 1000),
          fiscalYear: 2024,
          accountCode: '019.05.WA.4011.EBA.994',
          dipaNumber: 'SP DIPA-019.05.1.466108/2024',
        },
        metadata,
      }
    case 2:
      return {
        eventId: id(0),
        schemaVersion: 1,
        type: 'TrainingBatchOpened',
        data: {
          batchId: id(6),
          programId,
          topic: TOPICS[n % TOPICS.length]!,
          venue: `Balai Diklat Industri, ${REGENCIES[n % REGENCIES.length]}`,
          startsOn: date,
          endsOn: `2024-04-${day}`,
          capacity: 25,
          instructorIds: [id(7)],
        },
        metadata,
      }
    case 3:
      return {
        eventId: id(0),
        schemaVersion: 1,
        type: 'ParticipantEnrolled',
        data: {
          batchId: id(6),
          participantId: id(9),
          businessId: id(10),
          kbli: '14111',
          selection: 'SELECTED',
          enrolledOn: date,
        },
        metadata,
      }
    default:
      return {
        eventId: id(0),
        schemaVersion: 1,
        type: 'EquipmentDelivered',
        data: {
          equipmentId: id(11),
          programId,
          items: [
            { name: 'Mesin jahit', quantity: 5, unitPrice: '4750000' },
            { name: 'Oven gas', quantity: 2, unitPrice: '12500000' },
          ],
          bastNumber: `BAST/${n % 10_000}/IKMA/2024`,
          deliveredOn: date,
          custodianId: id(12),
        },
        metadata,
      }
  }
}

// -------------------------------------------------------------------------------------
// fold
// -------------------------------------------------------------------------------------

/** What loading a stream folds into: enough work that a fold cannot be optimised away. */
export interface FoldState {
  readonly events: number
  readonly funded: bigint
  readonly participants: number
  readonly equipment: bigint
  readonly lastType: string
}

export const initialFold: FoldState = { events: 0, funded: 0n, participants: 0, equipment: 0n, lastType: '' }

/** Folds one decoded event (payload as decoded by the codecs: rupiah are bigint). */
export const evolveFold = (state: FoldState, type: string, data: unknown): FoldState => {
  const payload = data as {
    amount?: bigint
    items?: ReadonlyArray<{ quantity: number; unitPrice: bigint }>
  }
  switch (type) {
    case 'FundingAllocated':
      return { ...state, events: state.events + 1, funded: state.funded + (payload.amount ?? 0n), lastType: type }
    case 'ParticipantEnrolled':
      return { ...state, events: state.events + 1, participants: state.participants + 1, lastType: type }
    case 'EquipmentDelivered': {
      let value = 0n
      for (const item of payload.items ?? []) value += BigInt(item.quantity) * item.unitPrice
      return { ...state, events: state.events + 1, equipment: state.equipment + value, lastType: type }
    }
    default:
      return { ...state, events: state.events + 1, lastType: type }
  }
}
