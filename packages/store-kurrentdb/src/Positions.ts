/**
 * How KurrentDB log positions become ikm-ledger global positions, and back.
 *
 * KurrentDB orders `$all` by `{commit, prepare}` log positions (byte offsets in the transaction file). Every event
 * this adapter writes goes through the gRPC append, an implicit transaction, so each event's `commit` equals its
 * own `prepare`: one unique, strictly increasing offset per event, in commit order. Filtered reads and
 * subscriptions also hand out checkpoints `{commit: C, prepare: 0}` meaning "everything before offset C was
 * looked at". Both kinds must become one `bigint` that a reader can store and later resume from, so:
 *
 * - an event at offset `L` (`commit = prepare = L`) is global position `2L + 1`;
 * - a checkpoint `{commit: C, prepare: P < C}` is `2C` (it covers the events before `C`, not the one at `C`);
 * - `0n` (`START_POSITION`) is the start of the log.
 *
 * The map is order-preserving and invertible, so a stored position always leads back to a position the server
 * accepts (a read from a place that is not a record boundary fails with "invalid position"). Positions are
 * specific to one KurrentDB database: they are not comparable with the positions of another store, and
 * positions of events written by the legacy TCP explicit transactions (`commit ≠ prepare`) are not supported.
 *
 * @since 0.1.0
 */
import type { GlobalPosition } from '@ikm-ledger/core'
import type { Position } from '@kurrent/kurrentdb-client'

/**
 * The global position of a KurrentDB log position (an event's position or a checkpoint).
 *
 * @category positions
 * @since 0.1.0
 */
export const globalPositionOf = (position: Position): GlobalPosition =>
  position.prepare >= position.commit ? 2n * position.commit + 1n : 2n * position.commit

/**
 * The KurrentDB position to read or subscribe from to get what comes after a global position: `'start'` for
 * `START_POSITION`, the event's own position for an event (inclusive for reads, exclusive for subscriptions; the
 * store skips it either way), the checkpoint for a checkpoint.
 *
 * @category positions
 * @since 0.1.0
 */
export const serverPositionOf = (position: GlobalPosition): Position | 'start' => {
  if (position <= 0n) return 'start'
  if (position % 2n === 1n) {
    const offset = (position - 1n) / 2n
    return { commit: offset, prepare: offset }
  }
  return { commit: position / 2n, prepare: 0n }
}
