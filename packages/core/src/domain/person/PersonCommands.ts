/**
 * Commands of a person, as io-ts codecs, and their decoder. They carry no personal data either: the record
 * itself goes to the vault ({@link PiiVault}), never through a command.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import type { DomainError } from '../DomainError'
import { PersonId } from '../group/GroupEvents'
import { commandCodec, decodeCommandOf } from '../internal/Commands'
import { ConsentRecordedData, ConsentWithdrawnData, PersonPiiShreddedData, PersonRegisteredData } from './PersonEvents'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const onPerson = <D extends t.Mixed>(data: D) => t.intersection([t.exact(t.type({ personId: PersonId })), data])

/**
 * Registers a person whose record the vault holds.
 *
 * @category commands
 * @since 0.1.0
 */
export const RegisterPerson = commandCodec('RegisterPerson', PersonRegisteredData)

/**
 * Records a consent or another lawful basis for one purpose.
 *
 * @category commands
 * @since 0.1.0
 */
export const RecordConsent = commandCodec('RecordConsent', onPerson(ConsentRecordedData))

/**
 * @category commands
 * @since 0.1.0
 */
export const WithdrawConsent = commandCodec('WithdrawConsent', onPerson(ConsentWithdrawnData))

/**
 * Records that the person's vault entry was crypto-shredded (send it after the vault's `erase` succeeded).
 *
 * @category commands
 * @since 0.1.0
 */
export const RecordPersonErasure = commandCodec('RecordPersonErasure', onPerson(PersonPiiShreddedData))

/**
 * @category commands
 * @since 0.1.0
 */
export type PersonCommand =
  | t.TypeOf<typeof RegisterPerson>
  | t.TypeOf<typeof RecordConsent>
  | t.TypeOf<typeof WithdrawConsent>
  | t.TypeOf<typeof RecordPersonErasure>

/**
 * The command codecs by command `type`.
 *
 * @category commands
 * @since 0.1.0
 */
export const personCommandCodecs = { RegisterPerson, RecordConsent, WithdrawConsent, RecordPersonErasure } as const

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes untrusted input into a person command; a failure names the command and the io-ts path.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodePersonCommand: (input: unknown) => E.Either<DomainError, PersonCommand> =
  decodeCommandOf<PersonCommand>('person', personCommandCodecs)
