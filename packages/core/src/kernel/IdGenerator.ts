/**
 * Where new ids come from, injected like the clock.
 *
 * @since 0.1.0
 */
import { v7 as uuidv7 } from 'uuid'

/**
 * Produces a fresh UUID each call.
 *
 * @category model
 * @since 0.1.0
 */
export type IdGenerator = () => string

/**
 * UUIDv7 ids: unique and sortable by creation time.
 *
 * @category constructors
 * @since 0.1.0
 */
export const uuidV7: IdGenerator = () => uuidv7()

/**
 * Deterministic ids for tests and reproducible imports: UUIDv7-shaped, counting up from `seed`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const sequentialIds = (seed = 1): IdGenerator => {
  let next = seed
  return () => {
    const n = (next++).toString(16).padStart(12, '0')
    return `00000000-0000-7000-8000-${n}`
  }
}
