/**
 * The options every store takes ({@link StoreOptions}), read from whatever a JavaScript caller passed: each store's
 * constructor reads its options once with `readOptions` and hands the shared fields here, so a throwing getter, a
 * proxy, a clock that is no clock or an upcaster list that is no list is a `Left` naming it, on every store alike.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import type { StoreOptions } from './EventStore'
import { showInput, truncateText } from './Input'
import { inputLimits, type InputLimits } from './Limits'
import { nodeSha256, type Sha256 } from './platform/sha256'
import { clockOption, type Clock } from './Time'
import { upcasterRegistry, type UpcasterRegistry } from './Upcaster'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The shared options, checked, with their defaults filled in.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export interface StoreSettings {
  /** Checked on every reading (see `clockOption`). */
  readonly clock: Clock
  readonly sha256: Sha256
  readonly upcasters: UpcasterRegistry
  readonly limits: InputLimits
}

/**
 * The names of the shared options, for a store's `readOptions` call.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const STORE_OPTION_KEYS: ReadonlyArray<keyof StoreOptions> = ['clock', 'sha256', 'upcasters', 'limits']

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Checks the shared options as read (plain fields, see `readOptions`), saying which one is wrong. Never throws.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const storeSettings = (
  fields: Partial<Record<keyof StoreOptions, unknown>>,
): E.Either<string, StoreSettings> => {
  const clock = clockOption(fields.clock)
  if (E.isLeft(clock)) return clock
  const sha256 = fields.sha256 ?? nodeSha256
  if (typeof sha256 !== 'function') {
    return E.left(`sha256 must be a function from a string to its hash in hex, got ${showInput(sha256)}`)
  }
  const limits = inputLimits(fields.limits)
  if (E.isLeft(limits)) return limits
  let upcasters: UpcasterRegistry
  try {
    const list = fields.upcasters ?? []
    if (!Array.isArray(list)) return E.left(`upcasters must be an array of upcasters, got ${showInput(list)}`)
    upcasters = upcasterRegistry(list)
  } catch (cause) {
    return E.left(
      `the upcasters could not be registered: ${cause instanceof Error ? truncateText(cause.message) : showInput(cause)}`,
    )
  }
  return E.right({ clock: clock.right, sha256: sha256 as Sha256, upcasters, limits: limits.right })
}
