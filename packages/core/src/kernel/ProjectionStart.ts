/**
 * How a projection runner starts: from the stored checkpoint and the projection's version, what to do before
 * reading. A pure function, so every case is tested without a store.
 *
 * @since 0.2.0
 */
import * as O from 'fp-ts/Option'
import type { Checkpoint } from './Projection'
import { START_POSITION } from './Revision'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a runner does on start. `checkpoint` is where it then stands; `expected` the stored checkpoint its first
 * save must find (the fence).
 *
 * - `SetUp`: nothing stored; run `setup` on the live tables and save the first checkpoint.
 * - `Resume`: the stored version is the projection's; carry on from its position.
 * - `DropAbandoned`: the same, but a rebuild towards another version was left behind (the code went back):
 *   drop its shadow tables, then carry on.
 * - `ContinueRebuild`: a rebuild towards this version is under way; carry on with it.
 * - `BeginRebuild`: the version changed; drop the shadow tables of any earlier rebuild (`previous`) and of this
 *   version, run `setup` on fresh shadow tables and replay from the start.
 *
 * @category model
 * @since 0.2.0
 */
export type StartDecision =
  | { readonly _tag: 'SetUp'; readonly checkpoint: Checkpoint }
  | { readonly _tag: 'Resume'; readonly checkpoint: Checkpoint }
  | {
      readonly _tag: 'DropAbandoned'
      readonly checkpoint: Checkpoint
      readonly expected: Checkpoint
      readonly abandoned: number
    }
  | { readonly _tag: 'ContinueRebuild'; readonly checkpoint: Checkpoint }
  | {
      readonly _tag: 'BeginRebuild'
      readonly checkpoint: Checkpoint
      readonly expected: Checkpoint
      readonly previous: number | undefined
    }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Decides how projection `name` at `version` starts, given its stored checkpoint.
 *
 * @category constructors
 * @since 0.2.0
 */
export const startDecision = (name: string, version: number, stored: O.Option<Checkpoint>): StartDecision => {
  if (O.isNone(stored)) return { _tag: 'SetUp', checkpoint: { name, version, position: START_POSITION } }
  const found = stored.value
  if (found.version === version) {
    return found.rebuild === undefined
      ? { _tag: 'Resume', checkpoint: found }
      : {
          _tag: 'DropAbandoned',
          checkpoint: { name, version, position: found.position },
          expected: found,
          abandoned: found.rebuild.version,
        }
  }
  if (found.rebuild?.version === version) return { _tag: 'ContinueRebuild', checkpoint: found }
  return {
    _tag: 'BeginRebuild',
    checkpoint: { ...found, rebuild: { version, position: START_POSITION } },
    expected: found,
    previous: found.rebuild?.version,
  }
}
