/**
 * The Person aggregate (stream `person-<id>`): consents per purpose and the erasure record. Once erased, the
 * person stays in the log as an id with coarse facts, and no further consent can be recorded.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type { Decider } from '../../index'
import { unknownEntity, type DomainError, type EntityRef } from '../DomainError'
import { refuseInState, streamDecider, type Decision } from '../internal/DeciderSupport'
import type { RegionRef } from '../values/Region'
import type { PersonCommand } from './PersonCommands'
import type { LawfulBasis, PdpPurpose, PersonEvent, Sex } from './PersonEvents'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A consent or other lawful basis in force for one purpose.
 *
 * @category model
 * @since 0.1.0
 */
export interface ConsentInForce {
  readonly lawfulBasis: LawfulBasis
  readonly givenBy: 'SELF' | 'GUARDIAN'
}

/**
 * A registered person: `ACTIVE` until `ERASED` (final).
 *
 * @category model
 * @since 0.1.0
 */
export interface Person {
  readonly status: 'ACTIVE' | 'ERASED'
  readonly personId: string
  readonly sex: Sex
  readonly domicile: RegionRef
  readonly childAtRegistration: boolean
  readonly consents: Readonly<Partial<Record<PdpPurpose, ConsentInForce>>>
}

/**
 * The state of a `person-<id>` stream: `NONE` before `PersonRegistered`.
 *
 * @category model
 * @since 0.1.0
 */
export type PersonState = { readonly status: 'NONE' } | Person

/**
 * The stream id of a person.
 *
 * @category constructors
 * @since 0.1.0
 */
export const personStreamId = (personId: string): string => `person-${personId}`

// -------------------------------------------------------------------------------------
// decide
// -------------------------------------------------------------------------------------

const entityOf = (personId: string): EntityRef => ({ kind: 'person', id: personId })

const decideOn = (
  command: Exclude<PersonCommand, { type: 'RegisterPerson' }>,
  person: Person,
): Decision<PersonEvent> => {
  const entity = entityOf(person.personId)
  if (person.status === 'ERASED') {
    return refuseInState(
      entity,
      'person',
      person.status,
      command.type,
      'the personal data was erased; register the person again if they come back',
    )
  }
  switch (command.type) {
    case 'RecordConsent': {
      const { personId: _, ...data } = command.data
      return E.right([{ type: 'ConsentRecorded', data }])
    }
    case 'WithdrawConsent':
      return person.consents[command.data.purpose] === undefined
        ? E.left(
            unknownEntity(
              entity,
              `person ${person.personId} has no consent or lawful basis for ${command.data.purpose} to withdraw`,
            ),
          )
        : E.right([{ type: 'ConsentWithdrawn', data: { purpose: command.data.purpose } }])
    case 'RecordPersonErasure': {
      const { personId: _, ...data } = command.data
      return E.right([{ type: 'PersonPiiShredded', data }])
    }
  }
}

// -------------------------------------------------------------------------------------
// evolve
// -------------------------------------------------------------------------------------

const evolve = (state: PersonState, event: PersonEvent): PersonState => {
  if (event.type === 'PersonRegistered') return { status: 'ACTIVE', ...event.data, consents: {} }
  if (state.status === 'NONE') return state
  switch (event.type) {
    case 'ConsentRecorded':
      return {
        ...state,
        consents: {
          ...state.consents,
          [event.data.purpose]: { lawfulBasis: event.data.lawfulBasis, givenBy: event.data.givenBy },
        },
      }
    case 'ConsentWithdrawn': {
      const { [event.data.purpose]: _, ...rest } = state.consents
      return { ...state, consents: rest }
    }
    case 'PersonPiiShredded':
      return { ...state, status: 'ERASED', consents: {} }
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * The person decider.
 *
 * @category instances
 * @since 0.1.0
 */
export const personDecider: Decider<PersonCommand, PersonEvent, PersonState, DomainError> = streamDecider<
  PersonCommand,
  'RegisterPerson',
  Person,
  PersonEvent
>({
  creation: 'RegisterPerson',
  entityOf,
  commandId: (command) => command.data.personId,
  entityId: (person) => person.personId,
  create: (command) => E.right([{ type: 'PersonRegistered', data: command.data }]),
  decideOn,
  evolve,
  noun: 'person',
  messages: {
    exists: (id) => `person ${id} is already registered`,
    missing: (command, id) => `cannot ${command}: person ${id} is not registered; register them first (RegisterPerson)`,
  },
})
