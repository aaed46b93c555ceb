/**
 * Event ids: UUIDs (v7 by default, so they sort by creation time).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

/**
 * @category model
 * @since 0.1.0
 */
export interface EventIdBrand {
  readonly EventId: unique symbol
}

/**
 * A lowercase canonical UUID identifying one event across every store.
 *
 * @category model
 * @since 0.1.0
 */
export type EventId = t.Branded<string, EventIdBrand>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Codec for {@link EventId}: a lowercase canonical UUID string.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EventId = t.brand(t.string, (s): s is EventId => UUID.test(s), 'EventId')

/**
 * Tells whether a string is a lowercase canonical UUID.
 *
 * @category utils
 * @since 0.1.0
 */
export const isUuid = (value: string): boolean => UUID.test(value)
