/**
 * Typed events: each event type is an io-ts codec, the single source of truth for its TypeScript type. A
 * registry encodes domain events for the store and decodes recorded events back.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import { formatErrors } from './Decode'
import type { JsonValue } from './Json'
import type { RecordedEvent } from './RecordedEvent'
import { corruptEvent, type StoreError } from './StoreError'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One event type: its name, its current schema version, and the codec of its payload.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventDefinition<Type extends string, Data, Encoded> {
  readonly type: Type
  readonly schemaVersion: number
  readonly codec: t.Type<Data, Encoded, unknown>
}

/**
 * A domain event in memory: its type and its decoded payload.
 *
 * @category model
 * @since 0.1.0
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type
  readonly data: Data
}

/**
 * The domain event a definition describes.
 *
 * @category model
 * @since 0.1.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EventOf<D> = D extends EventDefinition<infer Type, infer Data, any> ? DomainEvent<Type, Data> : never

/**
 * An event encoded for the store.
 *
 * @category model
 * @since 0.1.0
 */
export interface EncodedEvent {
  readonly type: string
  readonly schemaVersion: number
  readonly data: JsonValue
}

/**
 * Encodes and decodes the events of one set of definitions.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventRegistry<Event extends DomainEvent> {
  /** The event types this registry knows. */
  readonly types: ReadonlyArray<Event['type']>
  /** The definition (codec, schema version) of each type, in registration order; for documentation and tooling. */
  readonly definitions: ReadonlyArray<EventDefinition<Event['type'], unknown, unknown>>
  /** Tells whether a type belongs to this registry. */
  readonly has: (type: string) => type is Event['type']
  /** Encodes a domain event (validating it first, so a bad payload never reaches a store). */
  readonly encode: (event: Event) => E.Either<string, EncodedEvent>
  /** Decodes a recorded event; a payload that does not match its codec is a `CorruptEvent`. */
  readonly decode: (recorded: RecordedEvent) => E.Either<StoreError, Event>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Defines an event type.
 *
 * @example
 * const FundingAllocated = defineEvent('FundingAllocated', t.type({ lineId: t.string, amount: Rupiah }))
 *
 * @category constructors
 * @since 0.1.0
 */
export const defineEvent = <Type extends string, Data, Encoded>(
  type: Type,
  codec: t.Type<Data, Encoded, unknown>,
  schemaVersion = 1,
): EventDefinition<Type, Data, Encoded> => ({ type, codec, schemaVersion })

/**
 * Builds the registry of a list of definitions. Two definitions with the same type is a programming error and
 * throws at start-up.
 *
 * @category constructors
 * @since 0.1.0
 */
export const eventRegistry = <Defs extends ReadonlyArray<EventDefinition<string, any, any>>>( // eslint-disable-line @typescript-eslint/no-explicit-any
  definitions: Defs,
): EventRegistry<EventOf<Defs[number]>> => {
  type Event = EventOf<Defs[number]>
  const byType = new Map<string, Defs[number]>()
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`event type ${definition.type} is defined twice`)
    byType.set(definition.type, definition)
  }
  return {
    types: definitions.map((d) => d.type) as ReadonlyArray<Event['type']>,
    definitions,
    has: (type): type is Event['type'] => byType.has(type),
    encode: (event) => {
      const definition = byType.get(event.type)
      if (definition === undefined) return E.left(`event type ${event.type} is not registered`)
      const checked = definition.codec.decode(definition.codec.encode(event.data))
      if (E.isLeft(checked)) return E.left(`${event.type} payload is invalid: ${formatErrors(checked.left)}`)
      return E.right({
        type: event.type,
        schemaVersion: definition.schemaVersion,
        data: definition.codec.encode(event.data) as JsonValue,
      })
    },
    decode: (recorded) => {
      const definition = byType.get(recorded.type)
      const fail = (reason: string) =>
        E.left(corruptEvent(recorded.streamId, recorded.revision, recorded.position, reason))
      if (definition === undefined) return fail(`event type ${recorded.type} is not known to this registry`)
      if (recorded.schemaVersion !== definition.schemaVersion) {
        return fail(
          `${recorded.type} is stored at schema version ${recorded.schemaVersion} but the code expects ` +
            `${definition.schemaVersion}; register an upcaster from version ${recorded.schemaVersion}`,
        )
      }
      const decoded = definition.codec.decode(recorded.data)
      return E.isLeft(decoded)
        ? fail(`${recorded.type} payload: ${formatErrors(decoded.left)}`)
        : E.right({ type: recorded.type, data: decoded.right } as Event)
    },
  }
}
