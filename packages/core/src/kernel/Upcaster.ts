/**
 * Schema evolution: upcasters lift old payloads on read, so a five-year-old audit history still replays.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type { JsonValue } from './Json'
import type { EventMetadata } from './Metadata'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Lifts the payload of `type` from `fromVersion` to `fromVersion + 1`. Pure; returns a reason on failure.
 *
 * @category model
 * @since 0.1.0
 */
export interface Upcaster {
  readonly type: string
  readonly fromVersion: number
  readonly up: (data: JsonValue, metadata: EventMetadata) => E.Either<string, JsonValue>
}

/**
 * Upcasters indexed by `(type, fromVersion)`.
 *
 * @category model
 * @since 0.1.0
 */
export interface UpcasterRegistry {
  readonly find: (type: string, fromVersion: number) => Upcaster | undefined
  readonly isEmpty: boolean
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Indexes upcasters; two for the same `(type, fromVersion)` is a programming error and throws at start-up.
 *
 * @category constructors
 * @since 0.1.0
 */
export const upcasterRegistry = (upcasters: ReadonlyArray<Upcaster> = []): UpcasterRegistry => {
  const index = new Map<string, Upcaster>()
  for (const upcaster of upcasters) {
    const key = `${upcaster.type}@${upcaster.fromVersion}`
    if (index.has(key)) throw new Error(`two upcasters for ${upcaster.type} from version ${upcaster.fromVersion}`)
    index.set(key, upcaster)
  }
  return { find: (type, fromVersion) => index.get(`${type}@${fromVersion}`), isEmpty: index.size === 0 }
}

/**
 * Applies every upcaster in sequence from `fromVersion`, stopping at the first version with none. Returns the
 * lifted payload and the version it reached.
 *
 * @category utils
 * @since 0.1.0
 */
export const upcast = (
  registry: UpcasterRegistry,
  type: string,
  fromVersion: number,
  data: JsonValue,
  metadata: EventMetadata,
): E.Either<
  { readonly version: number; readonly reason: string },
  { readonly data: JsonValue; readonly schemaVersion: number }
> => {
  let version = fromVersion
  let current = data
  for (let upcaster = registry.find(type, version); upcaster !== undefined; upcaster = registry.find(type, version)) {
    const lifted = upcaster.up(current, metadata)
    if (E.isLeft(lifted)) return E.left({ version, reason: lifted.left })
    current = lifted.right
    version += 1
  }
  return E.right({ data: current, schemaVersion: version })
}
