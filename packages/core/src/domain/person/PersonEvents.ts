/**
 * The Person aggregate's events (stream `person-<id>`). They hold what a dinas may keep about a participant for
 * ever: an id, sex, the kabupaten/kota of domicile, whether the person was a child when registered, the
 * consents and lawful bases per purpose, and that the person's data was erased. Never a name, a NIK, a birth
 * date, a phone number or an address: those live only in the PII vault, encrypted under the person's own key.
 * Not even the NIK digest is an event field: a digest in an append-only log would outlive the erasure and keep
 * the person linkable.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { defineEvent, eventRegistry, type EventOf } from '../../index'
import { PersonId } from '../group/GroupEvents'
import { NonBlank } from '../internal/Commands'
import { DocumentRef } from '../values/Document'
import { exactStruct } from '../values/Struct'
import { RegionRef } from '../values/Region'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Sex as recorded on the KTP.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Sex = t.keyof({ M: null, F: null }, 'Sex')

/**
 * @category model
 * @since 0.1.0
 */
export type Sex = t.TypeOf<typeof Sex>

/**
 * What personal data is processed for (UU 27/2022 Pasal 20: processing needs a basis per purpose).
 *
 * @category codecs
 * @since 0.1.0
 */
export const PdpPurpose = t.keyof(
  { PROGRAM_PARTICIPATION: null, ELIGIBILITY_CHECK: null, CONTACT: null, STATISTICS: null, AUDIT: null },
  'PdpPurpose',
)

/**
 * @category model
 * @since 0.1.0
 */
export type PdpPurpose = t.TypeOf<typeof PdpPurpose>

/**
 * The lawful bases of UU 27/2022 Pasal 20 ayat 2.
 *
 * @category codecs
 * @since 0.1.0
 */
export const LawfulBasis = t.keyof(
  {
    CONSENT: null,
    CONTRACT: null,
    LEGAL_OBLIGATION: null,
    VITAL_INTEREST: null,
    PUBLIC_TASK: null,
    LEGITIMATE_INTEREST: null,
  },
  'LawfulBasis',
)

/**
 * @category model
 * @since 0.1.0
 */
export type LawfulBasis = t.TypeOf<typeof LawfulBasis>

/**
 * Who gave a consent: the person, or a parent or guardian for a child (UU 27/2022 Pasal 25).
 *
 * @category codecs
 * @since 0.1.0
 */
export const ConsentGiver = t.keyof({ SELF: null, GUARDIAN: null }, 'ConsentGiver')

/**
 * @category payloads
 * @since 0.1.0
 */
export const PersonRegisteredData = exactStruct(
  { personId: PersonId, sex: Sex, domicile: RegionRef, childAtRegistration: t.boolean },
  {},
  'PersonRegisteredData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ConsentRecordedData = exactStruct(
  { purpose: PdpPurpose, lawfulBasis: LawfulBasis, givenBy: ConsentGiver },
  { doc: DocumentRef },
  'ConsentRecordedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ConsentWithdrawnData = exactStruct({ purpose: PdpPurpose }, {}, 'ConsentWithdrawnData')

/**
 * The record that the person's vault entry was crypto-shredded: the reason (a request under UU 27/2022 Pasal 8,
 * or the end of retention), and the request document when there is one.
 *
 * @category payloads
 * @since 0.1.0
 */
export const PersonPiiShreddedData = exactStruct(
  { reason: NonBlank },
  { requestDoc: DocumentRef },
  'PersonPiiShreddedData',
)

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

/**
 * @category events
 * @since 0.1.0
 */
export const PersonRegistered = defineEvent('PersonRegistered', PersonRegisteredData)

/**
 * @category events
 * @since 0.1.0
 */
export const ConsentRecorded = defineEvent('ConsentRecorded', ConsentRecordedData)

/**
 * @category events
 * @since 0.1.0
 */
export const ConsentWithdrawn = defineEvent('ConsentWithdrawn', ConsentWithdrawnData)

/**
 * @category events
 * @since 0.1.0
 */
export const PersonPiiShredded = defineEvent('PersonPiiShredded', PersonPiiShreddedData)

const definitions = [PersonRegistered, ConsentRecorded, ConsentWithdrawn, PersonPiiShredded] as const

/**
 * The registry of person events.
 *
 * @category registry
 * @since 0.1.0
 */
export const personEvents = eventRegistry(definitions)

/**
 * @category model
 * @since 0.1.0
 */
export type PersonEvent = EventOf<(typeof definitions)[number]>
