/**
 * What both floors share: the chain hash of the stored text (previous hash, data, metadata) and the load-fold
 * over a stream's rows as their SQL returns them.
 */
import * as crypto from 'node:crypto'
import { decodePayload, evolveFold, initialFold, type FoldState } from '../Payloads'

export const FLOOR_GENESIS = '0'.repeat(64)

// The fastest SHA-256 Node has: the one-shot `crypto.hash` (Node 20.12+, as ours uses), else a Hash object.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash

export const floorSha256: (text: string) => string =
  oneShot === undefined
    ? (text) => crypto.createHash('sha256').update(text).digest('hex')
    : (text) => oneShot('sha256', text, 'hex')

/** A stream row as the floors' stream statement returns it. */
export interface FloorStreamRow {
  readonly type: string
  readonly data: string
  readonly metadata: string
  readonly hash: string
  readonly prev_hash: string
}

// The last event folded, kept so that nothing the fold was handed can be optimised away.
let _lastFolded: unknown

/**
 * Folds a stream's rows in order: when verifying, one SHA-256 of the stored text per row, checked against the stored
 * hash and the link to the row before; then the event a fold gets, with its metadata parsed as ours' and Emmett's
 * carry it, and its payload decoded by the bench codecs.
 */
export const floorLoadFold = (rows: Iterable<FloorStreamRow>, verify: boolean): FoldState => {
  let state: FoldState = initialFold
  let prev = FLOOR_GENESIS
  _lastFolded = undefined
  for (const row of rows) {
    if (verify) {
      if (row.prev_hash !== prev || floorSha256(row.prev_hash + row.data + row.metadata) !== row.hash) {
        throw new Error('hash mismatch')
      }
      prev = row.hash
    }
    const event = {
      type: row.type,
      data: JSON.parse(row.data) as unknown,
      metadata: JSON.parse(row.metadata) as unknown,
    }
    state = evolveFold(state, event.type, decodePayload(event.type, event.data))
    _lastFolded = event
  }
  return state
}
