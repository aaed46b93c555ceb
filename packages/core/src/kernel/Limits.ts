/**
 * Bounds on what one request may hand over, so that no input makes a store or a command handler do work out of
 * proportion to it: every event appended and every command handled is copied and measured against these first.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import { isOptionsObject, showInput } from './Input'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The input limits. Each is a positive whole number; an input beyond one is refused with an error naming the
 * limit, the place and its configured value.
 *
 * @category model
 * @since 0.2.0
 */
export interface InputLimits {
  /** Size of one event (its data and metadata) or one command, as UTF-8 JSON text. */
  readonly maxPayloadBytes: number
  /** Characters (UTF-16 code units) of any one string, object keys included. */
  readonly maxStringLength: number
  /** Nesting of objects and arrays; the value itself is depth 0. */
  readonly maxDepth: number
  /** Items of one array, or entries of one object. */
  readonly maxArrayLength: number
  /** Events in one append. */
  readonly maxBatchEvents: number
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * The default limits: 1 MiB per event or command, 64 Ki characters per string, 32 levels of nesting, 10 000
 * items per array or object, 10 000 events per append. Far above anything the IKM domain records (its events
 * are a few kilobytes, a few levels deep), far below what would stall a process.
 *
 * @category constants
 * @since 0.2.0
 */
export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxPayloadBytes: 1_048_576,
  maxStringLength: 65_536,
  maxDepth: 32,
  maxArrayLength: 10_000,
  maxBatchEvents: 10_000,
}

/** The deepest a deployment may configure: the copy walks recursively, and must never exhaust the stack. */
const MAX_CONFIGURABLE_DEPTH = 1_000

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The limits a store or a command handler runs with: the defaults, with whatever `overrides` a deployment sets.
 * Fails, naming the setting, when an override is not a positive whole number (or `maxDepth` is above 1000).
 *
 * @example
 * inputLimits({ maxPayloadBytes: 4 * 1_048_576 }) // Right({ ...DEFAULT_INPUT_LIMITS, maxPayloadBytes: 4194304 })
 *
 * @category constructors
 * @since 0.2.0
 */
export const inputLimits = (overrides: unknown = {}): E.Either<string, InputLimits> => {
  if (overrides === undefined) return E.right(DEFAULT_INPUT_LIMITS)
  if (!isOptionsObject(overrides)) {
    return E.left(`limits must be an object of limit settings, got ${showInput(overrides)}`)
  }
  const limits: Record<string, number> = { ...DEFAULT_INPUT_LIMITS }
  for (const key of Object.keys(DEFAULT_INPUT_LIMITS)) {
    let value: unknown
    try {
      value = (overrides as Record<string, unknown>)[key]
    } catch {
      return E.left(`limits.${key} could not be read`)
    }
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      return E.left(`limits.${key} must be a positive whole number, got ${showInput(value)}`)
    }
    if (key === 'maxDepth' && value > MAX_CONFIGURABLE_DEPTH) {
      return E.left(`limits.maxDepth must be at most ${MAX_CONFIGURABLE_DEPTH}, got ${value}`)
    }
    limits[key] = value
  }
  return E.right(limits as unknown as InputLimits)
}
