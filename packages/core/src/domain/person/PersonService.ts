/**
 * The application service that joins the vault and the log: register a person (the record to the vault, the
 * coarse facts to `person-<id>`), select a participant with eligibility evaluated from the vault record (R11,
 * R12, R13, R30) so that only the outcome is recorded, and erase a person (shred the key, then record that it
 * happened). Every read of a record is logged in the vault with its purpose.
 *
 * The vault and the event store are two stores, so each step is ordered to be safe to retry: registration
 * stores the record first and the event second (a retry finds the NIK already held and only appends the missing
 * event); erasure shreds first and records second (a retry finds the key already gone).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  commandFailureMessage,
  foldAll,
  loadAggregate,
  methodsProblem,
  readOptions,
  showInput,
  storageFailure,
  storeErrorMessage,
  type CommandFailure,
  type EventStore,
  type StoreError,
} from '../../index'
import type { CommandContext } from '../CommandContext'
import type { DomainError } from '../DomainError'
import { ikmCommandHandler, type IkmCommandHandler, type IkmCommandResult } from '../IkmCommandHandler'
import { programEvents } from '../program/ProgramEvents'
import { ageInWholeYears } from '../values/FiscalYear'
import { type DocumentRef } from '../values/Document'
import { personDecider, personStreamId } from './PersonDecider'
import { personEvents } from './PersonEvents'
import { personFactsOf } from './PersonFacts'
import { checkPersonRecord } from './PersonRecord'
import type { PiiVault, VaultError, VaultRegistration } from './PiiVault'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Why a person operation failed: the vault refused, a command was rejected, or the event store failed.
 *
 * @category model
 * @since 0.1.0
 */
export type PersonServiceError =
  | { readonly _tag: 'VaultFailed'; readonly error: VaultError; readonly message: string }
  | { readonly _tag: 'CommandFailed'; readonly failure: CommandFailure<DomainError>; readonly message: string }
  | { readonly _tag: 'StoreFailed'; readonly error: StoreError; readonly message: string }

/**
 * A selection request: what the dinas decides (program, track, batch, SK) and the eligibility inputs that are
 * not in the vault. Birth date, domicile and sex come from the vault record and the person's stream.
 *
 * @category model
 * @since 0.1.0
 */
export interface SelectionRequest {
  readonly programId: string
  readonly personId: string
  readonly context: CommandContext
  readonly trackId?: string
  readonly batchId?: string
  readonly groupId?: string
  readonly selectionDoc?: DocumentRef
  readonly isCivilServant?: boolean
  readonly hasExistingBusiness?: boolean
}

/**
 * The service.
 *
 * @category model
 * @since 0.1.0
 */
export interface PersonService {
  readonly register: (
    personId: string,
    record: unknown,
    context: CommandContext,
  ) => TE.TaskEither<PersonServiceError, VaultRegistration>
  readonly select: (request: SelectionRequest) => TE.TaskEither<PersonServiceError, IkmCommandResult>
  readonly erase: (
    personId: string,
    reason: string,
    context: CommandContext,
    requestDoc?: DocumentRef,
  ) => TE.TaskEither<PersonServiceError, { readonly erasedAt: string }>
}

/**
 * Options of {@link personService}. `priorSimilarAid` counts a person's selections in other programs for R12's
 * cross-program repeat-beneficiary policy (`maxPriorSimilarAid`); pass {@link scanPriorSelections} (reads the
 * log) or an answer from a read model. Without it the count is not sent, and a program whose policy needs it
 * refuses the selection and says so. Because one NIK is held under one person id (the vault's digest index),
 * counting by person id is counting by NIK digest.
 *
 * @category model
 * @since 0.1.0
 */
export interface PersonServiceOptions {
  readonly store: EventStore
  readonly vault: PiiVault
  readonly handle?: IkmCommandHandler
  readonly priorSimilarAid?: (personId: string, programId: string) => TE.TaskEither<StoreError, number>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const vaultFailed = (error: VaultError): PersonServiceError => ({ _tag: 'VaultFailed', error, message: error.message })
const storeFailed = (error: StoreError): PersonServiceError => ({
  _tag: 'StoreFailed',
  error,
  message: storeErrorMessage(error),
})
const commandFailed = (failure: CommandFailure<DomainError>): PersonServiceError => ({
  _tag: 'CommandFailed',
  failure,
  message: commandFailureMessage(failure, (r) => r.message),
})

/**
 * The number of other programs in which a person is selected (and not withdrawn), from the log.
 *
 * @category constructors
 * @since 0.1.0
 */
export const scanPriorSelections =
  (store: EventStore) =>
  (personId: string, programId: string): TE.TaskEither<StoreError, number> =>
    pipe(
      foldAll(
        store.readAll({ categories: ['program'], types: ['ParticipantSelected', 'ParticipantWithdrawn'] }),
        new Map<string, number>(),
        (selected, recorded) => {
          const decoded = programEvents.decode(recorded)
          if (E.isLeft(decoded)) return selected
          const event = decoded.right
          if (event.type !== 'ParticipantSelected' && event.type !== 'ParticipantWithdrawn') return selected
          if (event.data.personId !== personId) return selected
          const delta = event.type === 'ParticipantSelected' ? 1 : -1
          selected.set(recorded.streamId, (selected.get(recorded.streamId) ?? 0) + delta)
          return selected
        },
      ),
      TE.map(({ state }) => [...state].filter(([stream, n]) => n > 0 && stream !== `program-${programId}`).length),
    )

/**
 * Builds the service.
 *
 * @category constructors
 * @since 0.1.0
 */
export const personService = (given: PersonServiceOptions): PersonService => {
  // Read once, field by field: options a JavaScript caller got wrong give a service that answers every call with
  // the problem in plain words, never a throw.
  const read = readOptions(given, ['store', 'vault', 'handle', 'priorSimilarAid'], 'its options', true)
  const problem = E.isLeft(read)
    ? read.left
    : (methodsProblem(read.right.store, 'its store', ['readStream', 'readAll', 'append']) ??
      methodsProblem(read.right.vault, 'its vault', ['register', 'findByNik', 'read', 'erase']) ??
      (read.right.handle === undefined || typeof read.right.handle === 'function'
        ? undefined
        : `its handle must be an IKM command handler, got ${showInput(read.right.handle)}`) ??
      (read.right.priorSimilarAid === undefined || typeof read.right.priorSimilarAid === 'function'
        ? undefined
        : `its priorSimilarAid must be a function, got ${showInput(read.right.priorSimilarAid)}`))
  if (problem !== undefined) {
    const refused = TE.left(storeFailed(storageFailure('configure the person service', problem)))
    return { register: () => refused, select: () => refused, erase: () => refused }
  }
  const options = (read as E.Right<PersonServiceOptions>).right
  const { store, vault } = options
  const handle = options.handle ?? ikmCommandHandler({ store })
  const prior = options.priorSimilarAid
  const send = (streamId: string, command: unknown) => TE.mapLeft(commandFailed)(handle(streamId, command))
  const loadPerson = (personId: string) =>
    TE.mapLeft(storeFailed)(loadAggregate(store, personStreamId(personId), personDecider, personEvents))
  return {
    register: (personId, record, context) =>
      pipe(
        vault.register(personId, record, { actor: context.actor, purpose: 'PROGRAM_PARTICIPATION' }),
        TE.mapLeft(vaultFailed),
        TE.flatMap((registration) =>
          pipe(
            loadPerson(registration.personId),
            TE.flatMap((loaded) => {
              if (loaded.state.status !== 'NONE') return TE.right(registration)
              // The vault validated the same input, so it decodes; the coarse facts come from it.
              const checked = checkPersonRecord(record, context.occurredOn)
              if (E.isLeft(checked)) {
                return TE.left(
                  vaultFailed({ _tag: 'InvalidPersonRecord', code: 'VAULT_INVALID_RECORD', message: checked.left }),
                )
              }
              const r = checked.right
              return pipe(
                send(personStreamId(registration.personId), {
                  type: 'RegisterPerson',
                  data: {
                    personId: registration.personId,
                    sex: r.sex,
                    domicile: r.domicile,
                    childAtRegistration: ageInWholeYears(r.birthDate, context.occurredOn) < 18,
                  },
                  context,
                }),
                TE.map(() => registration),
              )
            }),
          ),
        ),
      ),
    select: (request) =>
      pipe(
        TE.Do,
        TE.bind('record', () =>
          TE.mapLeft(vaultFailed)(
            vault.read(request.personId, { actor: request.context.actor, purpose: 'ELIGIBILITY_CHECK' }),
          ),
        ),
        TE.bind('person', () => loadPerson(request.personId)),
        TE.bind('priorSimilarAidCount', () =>
          prior === undefined
            ? TE.right(undefined)
            : TE.mapLeft(storeFailed)(prior(request.personId, request.programId)),
        ),
        TE.flatMap(({ record, person, priorSimilarAidCount }) =>
          send(`program-${request.programId}`, {
            type: 'SelectParticipant',
            data: {
              programId: request.programId,
              personId: request.personId,
              region: record.domicile,
              birthDate: record.birthDate,
              ...(priorSimilarAidCount === undefined ? {} : { priorSimilarAidCount }),
              person: personFactsOf(request.personId, person.state),
              checkedVia: 'INDIVIDUAL',
              ...(request.trackId === undefined ? {} : { trackId: request.trackId }),
              ...(request.batchId === undefined ? {} : { batchId: request.batchId }),
              ...(request.groupId === undefined ? {} : { groupId: request.groupId }),
              ...(request.selectionDoc === undefined ? {} : { selectionDoc: request.selectionDoc }),
              ...(request.isCivilServant === undefined ? {} : { isCivilServant: request.isCivilServant }),
              ...(request.hasExistingBusiness === undefined
                ? {}
                : { hasExistingBusiness: request.hasExistingBusiness }),
            },
            context: request.context,
          }),
        ),
      ),
    erase: (personId, reason, context, requestDoc) =>
      pipe(
        vault.erase(personId, { actor: context.actor, purpose: 'PROGRAM_PARTICIPATION' }),
        TE.mapLeft(vaultFailed),
        TE.flatMap((erased) =>
          pipe(
            loadPerson(personId),
            TE.flatMap((loaded) =>
              loaded.state.status !== 'ACTIVE'
                ? TE.right(erased)
                : pipe(
                    send(personStreamId(personId), {
                      type: 'RecordPersonErasure',
                      data: { personId, reason, ...(requestDoc === undefined ? {} : { requestDoc }) },
                      context,
                    }),
                    TE.map(() => erased),
                  ),
            ),
          ),
        ),
      ),
  }
}
