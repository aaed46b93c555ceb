/**
 * The tamper-matrix suite: every attack of the threat model ({@link THREAT_MODEL}) carried out on a real store's
 * rows, the way a careless hand edit or the database's own administrator would, and then checked with the
 * default reads, with `verifyAllChains` and against a checkpoint signed before the attack. The suite asserts
 * exactly what the table says: detected and named where it says so, a clean answer where it says the attack goes
 * unseen. A store runs it with a {@link Tamperer} over its storage ({@link sqlTamperer} for SQL stores).
 *
 * @since 0.2.0
 */
import {
  canonicalJson,
  chainHash,
  compareWithCheckpoint,
  compareWithLeafList,
  ed25519Signer,
  generateEd25519KeyPair,
  instantOf,
  nodeSha256,
  nodeSha256Bytes,
  rfc9162Hasher,
  signCheckpoint,
  storeErrorMessage,
  treeHeadOf,
  uuidV7,
  verifyAllChains,
  type Batches,
  type ChainBreak,
  type EventStore,
  type JsonValue,
  type SignedCheckpoint,
  type StoreError,
} from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { appendOk, newEvent } from './internal/fixtures'
import { STORED_COLUMNS, THREAT_MODEL, type StoredColumn, type Threat } from './ThreatModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A stored event's place.
 *
 * @category model
 * @since 0.2.0
 */
export interface EventAt {
  readonly streamId: string
  readonly revision: bigint
}

/**
 * A stored event's columns as the storage holds them: integers as `bigint`, the rest as text.
 *
 * @category model
 * @since 0.2.0
 */
export type StoredValues = Readonly<Record<StoredColumn, string | bigint>>

/**
 * Raw access to a store's storage, below the store. Each optional operation is one the storage has; an attack
 * that needs one the tamperer lacks does not apply to that store.
 *
 * @category model
 * @since 0.2.0
 */
export interface Tamperer {
  /** The stored columns of an event. */
  readonly row: (at: EventAt) => Promise<StoredValues>
  /** Sets columns of one stored event; `'refused'` when the storage will not take the values (nothing changed). */
  readonly update: (
    at: EventAt,
    set: Partial<Record<StoredColumn, string | bigint | null>>,
  ) => Promise<'done' | 'refused'>
  readonly deleteEvents?: (streamId: string, revisions: ReadonlyArray<bigint>) => Promise<void>
  /** Sets the head the store records for a stream (its `streams` row). */
  readonly setHead?: (streamId: string, revision: bigint, lastHash: string) => Promise<void>
  readonly deleteHead?: (streamId: string) => Promise<void>
  readonly swapPositions?: (a: EventAt, b: EventAt) => Promise<void>
  /** Inserts a row of its own into the events; `'refused'` when the storage will not take it (nothing changed). */
  readonly insertEvent?: (values: StoredValues) => Promise<'done' | 'refused'>
  /**
   * Lifts the storage's CHECK constraints for the edits that follow, as the database's administrator can (SQLite:
   * `PRAGMA ignore_check_constraints`; PostgreSQL: dropping the constraint).
   */
  readonly liftChecks?: () => Promise<void>
}

/**
 * What a store gives the suite for one test.
 *
 * @category model
 * @since 0.2.0
 */
export interface TamperHarness {
  readonly store: EventStore
  readonly tamperer: Tamperer
  readonly teardown: () => Promise<void>
}

/**
 * How a store runs the suite.
 *
 * @category model
 * @since 0.2.0
 */
export interface TamperMatrixSetup {
  /** A fresh, empty store with a tamperer over its storage. */
  readonly open: () => Promise<TamperHarness>
  /** The threats that apply to this storage (ids of {@link THREAT_MODEL}); every one by default. */
  readonly threats?: ReadonlyArray<string>
  /** The columns an edit may reach (every stored column by default). */
  readonly columns?: ReadonlyArray<StoredColumn>
  /** How many streams the many-streams test writes (more than 10,000 by default); 0 skips it. */
  readonly manyStreams?: number
}

/**
 * Statements with `?` placeholders, run on the store's database.
 *
 * @category model
 * @since 0.2.0
 */
export interface SqlAccess {
  readonly query: (
    sql: string,
    params: ReadonlyArray<string | bigint | null>,
  ) => Promise<ReadonlyArray<Record<string, unknown>>>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const INTEGER_COLUMNS: ReadonlySet<StoredColumn> = new Set(['position', 'revision', 'schema_version'])

/**
 * A {@link Tamperer} over SQL tables laid out like the SQLite and PostgreSQL stores' `events` and `streams`. A
 * statement the database refuses (a NOT NULL, CHECK or UNIQUE constraint) is `'refused'`.
 *
 * @category constructors
 * @since 0.2.0
 */
export const sqlTamperer = (
  sql: SqlAccess,
  tables: { readonly events: string; readonly streams: string },
  extra: Pick<Tamperer, 'liftChecks'> = {},
): Tamperer => {
  const { events, streams } = tables
  const where = 'stream_id = ? AND revision = ?'
  const at = (e: EventAt) => [e.streamId, e.revision] as const
  const row = async (e: EventAt): Promise<StoredValues> => {
    const found = await sql.query(`SELECT ${STORED_COLUMNS.join(', ')} FROM ${events} WHERE ${where}`, at(e))
    const first = found[0]
    if (first === undefined) throw new Error(`no stored event ${e.streamId}@${e.revision}`)
    const values: Record<string, string | bigint> = {}
    for (const column of STORED_COLUMNS) {
      const value = first[column]
      values[column] = INTEGER_COLUMNS.has(column) ? BigInt(String(value)) : String(value)
    }
    return values as StoredValues
  }
  return {
    ...extra,
    row,
    update: async (e, set) => {
      const columns = Object.keys(set) as Array<StoredColumn>
      try {
        await sql.query(`UPDATE ${events} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${where}`, [
          ...columns.map((c) => set[c] ?? null),
          ...at(e),
        ])
        return 'done'
      } catch {
        return 'refused'
      }
    },
    insertEvent: async (values) => {
      try {
        await sql.query(
          `INSERT INTO ${events} (${STORED_COLUMNS.join(', ')}) VALUES (${STORED_COLUMNS.map(() => '?').join(', ')})`,
          STORED_COLUMNS.map((c) => values[c]),
        )
        return 'done'
      } catch {
        return 'refused'
      }
    },
    deleteEvents: async (streamId, revisions) => {
      for (const revision of revisions) await sql.query(`DELETE FROM ${events} WHERE ${where}`, [streamId, revision])
    },
    setHead: async (streamId, revision, lastHash) => {
      await sql.query(`UPDATE ${streams} SET revision = ?, last_hash = ? WHERE stream_id = ?`, [
        revision,
        lastHash,
        streamId,
      ])
    },
    deleteHead: async (streamId) => {
      await sql.query(`DELETE FROM ${streams} WHERE stream_id = ?`, [streamId])
    },
    swapPositions: async (a, b) => {
      const pa = (await row(a)).position as bigint
      const pb = (await row(b)).position as bigint
      const parked = (pa > pb ? pa : pb) + 1_000_000_000n
      const move = `UPDATE ${events} SET position = ? WHERE position = ?`
      await sql.query(move, [parked, pa])
      await sql.query(move, [pa, pb])
      await sql.query(move, [pb, parked])
    },
  }
}

// -------------------------------------------------------------------------------------
// the ledger every test attacks
// -------------------------------------------------------------------------------------

const STREAMS = ['program-tamper-a', 'equipment-tamper-b', 'facility-tamper-c'] as const
const PER_STREAM = 4
const A = STREAMS[0]

/** Three streams of four events, interleaved in global order (a0 b0 c0 a1 b1 c1 …), each on its own date. */
const seed = async (store: EventStore): Promise<void> => {
  for (let r = 0; r < PER_STREAM; r++) {
    for (let s = 0; s < STREAMS.length; s++) {
      await appendOk(store, STREAMS[s]!, [
        newEvent({ data: { stream: s, n: r }, metadata: { occurredOn: `2020-0${r + 1}-1${s}` } }),
      ])
    }
  }
}

const everyEvent: ReadonlyArray<EventAt> = STREAMS.flatMap((streamId) =>
  Array.from({ length: PER_STREAM }, (_, r) => ({ streamId, revision: BigInt(r) })),
)

const flipText = (text: string): string => {
  const i = Math.floor(text.length / 2)
  return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 1) + text.slice(i + 1)
}

const changed = (column: StoredColumn, value: string | bigint): string | bigint => {
  switch (column) {
    case 'position':
      return (value as bigint) + 1000n
    case 'revision':
      return (value as bigint) + 1000n
    case 'schema_version':
      return (value as bigint) + 1n
    case 'stream_id':
      return 'program-tamper-z'
    case 'category':
      return 'equipment'
    case 'event_id':
      return uuidV7()
    case 'type':
      return 'ProbeRewritten'
    case 'data':
      return canonicalJson({ rewritten: true })
    case 'metadata': {
      const metadata = JSON.parse(value as string) as { actor: { id: string } }
      return canonicalJson({ ...metadata, actor: { ...metadata.actor, id: 'someone-else' } } as unknown as JsonValue)
    }
    case 'occurred_on':
      return '2019-12-31'
    case 'recorded_at':
      return '2019-12-31T23:59:59.000Z'
    case 'hash':
      return 'f'.repeat(64)
    case 'prev_hash':
      return 'e'.repeat(64)
  }
}

const flipped = (_column: StoredColumn, value: string | bigint): string | bigint =>
  typeof value === 'bigint' ? value ^ (1n << 20n) : flipText(value)

/** Recomputes the hashes of a stream from `from` on, after its content was changed: what an insider would do. */
const rechain = async (tamperer: Tamperer, streamId: string, from: bigint, to: bigint): Promise<string> => {
  let prevHash = from === 0n ? '0'.repeat(64) : ((await tamperer.row({ streamId, revision: from - 1n })).hash as string)
  for (let revision = from; revision <= to; revision++) {
    const stored = await tamperer.row({ streamId, revision })
    const hash = chainHash(nodeSha256, prevHash, {
      eventId: stored.event_id as string,
      streamId,
      revision,
      type: stored.type as string,
      schemaVersion: Number(stored.schema_version),
      data: JSON.parse(stored.data as string) as JsonValue,
      metadata: JSON.parse(stored.metadata as string),
    })
    await tamperer.update({ streamId, revision }, { prev_hash: prevHash, hash })
    prevHash = hash
  }
  return prevHash
}

const rewrite = async (tamperer: Tamperer, streamId: string, revision: bigint): Promise<void> => {
  const outcome = await tamperer.update(
    { streamId, revision },
    { data: canonicalJson({ rewritten: true, by: 'insider' }) },
  )
  if (outcome !== 'done') throw new Error(`the storage refused to rewrite ${streamId}@${revision}`)
}

// -------------------------------------------------------------------------------------
// what the checks report
// -------------------------------------------------------------------------------------

interface Named {
  readonly streamId: string
  readonly revision: bigint | undefined
  readonly position?: bigint | undefined
  readonly column?: string | undefined
}

/** What an attack touched: the events a checkpoint must name, and other names the moved rows now go by. */
interface Attacked {
  readonly targets: ReadonlyArray<EventAt>
  readonly movedTo?: ReadonlyArray<string>
  /** Positions the attack left without an event (a store that numbers every event reports the hole after them). */
  readonly emptied?: ReadonlyArray<bigint>
  /** The storage refused the edit (allowed only where the threat says it may be). */
  readonly refused?: true
}

/**
 * Whether a report names the attack: a target, or the event right after one (a broken link is reported where the
 * link is), or any event of a stream a row was moved into.
 */
const namesAttack = (attacked: Attacked, named: Named): boolean =>
  (attacked.movedTo ?? []).includes(named.streamId) ||
  (attacked.emptied ?? []).some(
    (p) => named.column === 'position' && named.position !== undefined && named.position > p,
  ) ||
  attacked.targets.some(
    (t) =>
      t.streamId === named.streamId &&
      named.revision !== undefined &&
      (named.revision === t.revision || named.revision === t.revision + 1n),
  )

const firstError = async <B>(batches: Batches<B>): Promise<StoreError | undefined> => {
  for await (const batch of batches) if (E.isLeft(batch)) return batch.left
  return undefined
}

const asNamed = (error: StoreError): Named => {
  if (error._tag === 'CorruptEvent' || error._tag === 'HashChainBroken') {
    return { streamId: error.streamId, revision: error.revision }
  }
  throw new Error(`the read failed for another reason than the attack: ${storeErrorMessage(error)}`)
}

const show = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v), 1)

const breaksNaming = (attacked: Attacked, breaks: ReadonlyArray<ChainBreak>) =>
  breaks.filter((b) => namesAttack(attacked, b))

const hasher = rfc9162Hasher(nodeSha256Bytes)

const signer = (() => {
  const made = ed25519Signer(generateEd25519KeyPair().privateKeyPem)
  if (E.isLeft(made)) throw new Error(made.left)
  return made.right
})()

const right = async <L, A>(task: () => Promise<E.Either<L, A>>, what: string): Promise<A> => {
  const result = await task()
  if (E.isLeft(result)) throw new Error(`${what} failed: ${show(result.left)}`)
  return result.right
}

/** The auditor's checkpoint of the store as it is now, with its leaf list. */
const auditorCheckpoint = async (store: EventStore) => {
  const report = await right(verifyAllChains(store, { keepLeaves: true }), 'verify before the attack')
  expect(report.breaks).toEqual([])
  const checkpoint: SignedCheckpoint = await right(
    signCheckpoint(signer, treeHeadOf(report.log, 'tamper-matrix', instantOf(new Date('2026-12-01T00:00:00.000Z')))),
    'sign the checkpoint',
  )
  return { checkpoint, leaves: report.leaves ?? [] }
}

/** Everything the attack looks like to each check. */
const observe = async (store: EventStore, attacked: Attacked, kept: Awaited<ReturnType<typeof auditorCheckpoint>>) => {
  const streams = [...new Set(attacked.targets.map((t) => t.streamId))]
  const streamErrors = await Promise.all(streams.map((s) => firstError(store.readStream(s))))
  const allError = await firstError(store.readAll())
  const report = await right(verifyAllChains(store, { keepLeaves: true }), 'verify after the attack')
  const problems = compareWithCheckpoint(report.log, kept.checkpoint)
  const leafBreaks = compareWithLeafList(hasher, kept.checkpoint, kept.leaves, report.leaves ?? [], report.breaks)
  if (E.isLeft(leafBreaks)) throw new Error(leafBreaks.left)
  return { streamErrors, allError, report, problems, leafBreaks: leafBreaks.right }
}

const expectAsTable = (threat: Threat, attacked: Attacked, seen: Awaited<ReturnType<typeof observe>>) => {
  const readStreamNamed = seen.streamErrors.some((e) => e !== undefined && namesAttack(attacked, asNamed(e)))
  const readStreamClean = seen.streamErrors.every((e) => e === undefined)
  if (threat.readStream) expect(readStreamNamed, `readStream names it: ${show(seen.streamErrors)}`).toBe(true)
  else expect(readStreamClean, `readStream sees nothing: ${show(seen.streamErrors)}`).toBe(true)

  if (threat.readAll) {
    expect(seen.allError, 'readAll fails').toBeDefined()
    expect(namesAttack(attacked, asNamed(seen.allError!)), `readAll names it: ${show(seen.allError)}`).toBe(true)
  } else expect(seen.allError, `readAll sees nothing: ${show(seen.allError)}`).toBeUndefined()

  if (threat.verify) {
    expect(
      breaksNaming(attacked, seen.report.breaks).length,
      `verify names it: ${show(seen.report.breaks)}`,
    ).toBeGreaterThan(0)
  } else expect(seen.report.breaks, 'verify sees nothing').toEqual([])

  // With the checkpoint kept outside, every attacked event is named, by a break or by the leaf list.
  expect(seen.problems.length + seen.report.breaks.length, 'the checkpoint no longer matches').toBeGreaterThan(0)
  const named = [...seen.report.breaks, ...seen.leafBreaks]
  for (const target of attacked.targets) {
    expect(
      named.some((b) => b.streamId === target.streamId && b.revision === target.revision) ||
        named.some((b) => namesAttack({ targets: [target] }, b)),
      `${target.streamId}@${target.revision} is named with the checkpoint: ${show(named)}`,
    ).toBe(true)
  }
}

// -------------------------------------------------------------------------------------
// attacks
// -------------------------------------------------------------------------------------

const need = <K extends keyof Tamperer>(tamperer: Tamperer, key: K): NonNullable<Tamperer[K]> => {
  const operation = tamperer[key]
  if (operation === undefined) throw new Error(`this tamperer cannot ${String(key)}`)
  return operation as NonNullable<Tamperer[K]>
}

const at = (streamId: string, revision: number): EventAt => ({ streamId, revision: BigInt(revision) })

const attacks: Record<string, (tamperer: Tamperer) => Promise<Attacked>> = {
  'position:moved-later': async (t) => {
    const last = at(A, PER_STREAM - 1)
    const position = (await t.row(last)).position as bigint
    expect(await t.update(last, { position: position + 1000n })).toBe('done')
    return { targets: [last] }
  },
  'text:data': async (t) => {
    const data = (await t.row(at(A, 1))).data as string
    const key = /^\{("(?:[^"\\]|\\.)*"):/.exec(data)?.[1]
    if (key === undefined) throw new Error(`the seed's data is not an object with a member: ${data}`)
    // The key given twice: JSON.parse keeps the last (the original value), SQLite's json_extract the first.
    expect(await t.update(at(A, 1), { data: `{${key}:"other",${data.slice(1)}` })).toBe('done')
    return { targets: [at(A, 1)] }
  },
  'text:metadata': async (t) => {
    const metadata = (await t.row(at(A, 1))).metadata as string
    expect(await t.update(at(A, 1), { metadata: metadata.replaceAll('":', '": ') })).toBe('done')
    return { targets: [at(A, 1)] }
  },
  'null:position': async (t) => {
    if ((await t.update(at(A, 1), { position: null })) === 'refused') return { targets: [], refused: true }
    return { targets: [at(A, 1)] }
  },
  'null:position:last': async (t) => {
    const position = (await t.row(at(A, 3))).position as bigint
    if ((await t.update(at(A, 3), { position: null })) === 'refused') return { targets: [], refused: true }
    return { targets: [at(A, 3)], emptied: [position] }
  },
  'position:below-one': async (t) => {
    // Two forged events of a stream with no recorded head, hashed as the appender would, at positions a read
    // "after 0" never reaches: unseen there, they would leave the log, its chains and its Merkle root as they were.
    const insert = need(t, 'insertEvent')
    const template = await t.row(at(A, 0))
    const hidden = 'program-tamper-hidden'
    const forged = (revision: bigint, position: bigint, prevHash: string): StoredValues => {
      const content = {
        eventId: uuidV7(),
        streamId: hidden,
        revision,
        type: template.type as string,
        schemaVersion: 1,
        data: { forged: Number(revision) } as JsonValue,
        metadata: JSON.parse(template.metadata as string),
      }
      return {
        ...template,
        position,
        stream_id: hidden,
        category: 'program',
        revision,
        event_id: content.eventId,
        schema_version: 1n,
        data: canonicalJson(content.data),
        hash: chainHash(nodeSha256, prevHash, content),
        prev_hash: prevHash,
      }
    }
    const first = forged(0n, 0n, '0'.repeat(64))
    if ((await insert(first)) === 'refused') {
      await need(t, 'liftChecks')()
      if ((await insert(first)) === 'refused') throw new Error('the storage refused position 0 with its checks lifted')
    }
    if ((await insert(forged(1n, -7n, first.hash as string))) === 'refused') {
      throw new Error('the storage refused position -7 with its checks lifted')
    }
    return { targets: [at(hidden, 0), at(hidden, 1)] }
  },
  'delete:first': async (t) => {
    await need(t, 'deleteEvents')(A, [0n])
    return { targets: [at(A, 0)] }
  },
  'delete:middle': async (t) => {
    await need(t, 'deleteEvents')(A, [1n])
    return { targets: [at(A, 1)] }
  },
  truncate: async (t) => {
    await need(t, 'deleteEvents')(A, [2n, 3n])
    return { targets: [at(A, 2), at(A, 3)] }
  },
  'truncate:head': async (t) => {
    const kept = await t.row(at(A, 1))
    const emptied = [(await t.row(at(A, 2))).position as bigint, (await t.row(at(A, 3))).position as bigint]
    await need(t, 'deleteEvents')(A, [2n, 3n])
    await need(t, 'setHead')(A, 1n, kept.hash as string)
    return { targets: [at(A, 2), at(A, 3)], emptied }
  },
  'stream:events': async (t) => {
    await need(t, 'deleteEvents')(A, [0n, 1n, 2n, 3n])
    return { targets: [0, 1, 2, 3].map((r) => at(A, r)) }
  },
  'stream:all': async (t) => {
    const emptied: Array<bigint> = []
    for (const r of [0, 1, 2, 3]) emptied.push((await t.row(at(A, r))).position as bigint)
    await need(t, 'deleteEvents')(A, [0n, 1n, 2n, 3n])
    await need(t, 'deleteHead')(A)
    return { targets: [0, 1, 2, 3].map((r) => at(A, r)), emptied }
  },
  'reorder:across': async (t) => {
    await need(t, 'swapPositions')(at(A, 1), at(STREAMS[1], 1))
    return { targets: [at(A, 1), at(STREAMS[1], 1)] }
  },
  'reorder:within': async (t) => {
    await need(t, 'swapPositions')(at(A, 0), at(A, 1))
    return { targets: [at(A, 0), at(A, 1)] }
  },
  'relink:middle': async (t) => {
    await rewrite(t, A, 1n)
    await rechain(t, A, 1n, 1n)
    return { targets: [at(A, 1)] }
  },
  'relink:last': async (t) => {
    await rewrite(t, A, 3n)
    await rechain(t, A, 3n, 3n)
    return { targets: [at(A, 3)] }
  },
  'rewrite:stream': async (t) => {
    await rewrite(t, A, 1n)
    const last = await rechain(t, A, 1n, 3n)
    await t.setHead?.(A, 3n, last)
    return { targets: [1, 2, 3].map((r) => at(A, r)) }
  },
  'rewrite:log': async (t) => {
    for (const streamId of STREAMS) {
      await rewrite(t, streamId, 1n)
      const last = await rechain(t, streamId, 1n, 3n)
      await t.setHead?.(streamId, 3n, last)
    }
    return { targets: everyEvent.filter((e) => e.revision >= 1n) }
  },
}

// -------------------------------------------------------------------------------------
// the suite
// -------------------------------------------------------------------------------------

/**
 * Registers the tamper-matrix tests for a store.
 *
 * @category suites
 * @since 0.2.0
 */
export const tamperMatrix = (name: string, setup: TamperMatrixSetup): void => {
  const applies = (id: string) => setup.threats === undefined || setup.threats.includes(id)
  const columns = setup.columns ?? STORED_COLUMNS

  const attempt = async (run: (h: TamperHarness) => Promise<void>) => {
    const harness = await setup.open()
    try {
      await run(harness)
    } finally {
      await harness.teardown()
    }
  }

  describe(`${name} tamper matrix`, () => {
    for (const threat of THREAT_MODEL.filter((t) => t.id.startsWith('column:'))) {
      const column = threat.id.slice('column:'.length) as StoredColumn
      if (!applies(threat.id) || !columns.includes(column)) continue
      for (const [kind, edit] of [
        ['a changed value', changed],
        ['a flipped byte', flipped],
      ] as const) {
        it(`${threat.attack} (${kind}) is caught as the threat table says`, () =>
          attempt(async ({ store, tamperer }) => {
            await seed(store)
            const kept = await auditorCheckpoint(store)
            const target = at(A, 1)
            const before = await tamperer.row(target)
            const value = edit(column, before[column])
            const outcome = await tamperer.update(target, { [column]: value })
            if (outcome === 'refused' && threat.refusable !== undefined) {
              // The column's type refused the value: nothing changed, and the store still verifies clean.
              expect((await right(verifyAllChains(store), 'verify')).breaks).toEqual([])
              return
            }
            expect(outcome, 'the storage takes the edit').toBe('done')
            const movedTo = column === 'stream_id' ? [value as string] : column === 'revision' ? [A] : undefined
            const attacked: Attacked = { targets: [target], ...(movedTo === undefined ? {} : { movedTo }) }
            expectAsTable(threat, attacked, await observe(store, attacked, kept))
          }))
      }
    }

    if (applies('null')) {
      it('refuses NULL in every stored column and keeps the row as it was', () =>
        attempt(async ({ store, tamperer }) => {
          await seed(store)
          for (const column of columns.filter((c) => c !== 'position')) {
            expect(await tamperer.update(at(A, 1), { [column]: null }), `NULL in ${column}`).toBe('refused')
          }
          const report = await right(verifyAllChains(store), 'verify')
          expect(report.breaks).toEqual([])
          expect(report.eventsChecked).toBe(STREAMS.length * PER_STREAM)
        }))
    }

    for (const threat of THREAT_MODEL) {
      const attack = attacks[threat.id]
      if (attack === undefined || !applies(threat.id)) continue
      it(`${threat.attack}: caught as the threat table says`, () =>
        attempt(async ({ store, tamperer }) => {
          await seed(store)
          const kept = await auditorCheckpoint(store)
          const attacked = await attack(tamperer)
          if (attacked.refused === true) {
            expect(threat.refusable, 'the storage refused the attack').toBeDefined()
            expect((await right(verifyAllChains(store), 'verify')).breaks).toEqual([])
            return
          }
          expectAsTable(threat, attacked, await observe(store, attacked, kept))
        }))
    }

    if (applies('fork')) {
      it('shows a fork to two auditors as two checkpoints of one size with different roots', () =>
        attempt(async ({ store, tamperer }) => {
          await seed(store)
          const first = await auditorCheckpoint(store)
          const attacked = await attacks['rewrite:log']!(tamperer)
          // The second auditor is shown the rewritten copy: it verifies clean and gets a checkpoint of its own.
          const second = await auditorCheckpoint(store)
          expect(second.checkpoint.treeSize).toBe(first.checkpoint.treeSize)
          expect(second.checkpoint.rootHash).not.toBe(first.checkpoint.rootHash)
          const threat = THREAT_MODEL.find((t) => t.id === 'fork')!
          expectAsTable(threat, attacked, await observe(store, attacked, first))
        }))
    }

    it('names every one of 200 tampered events', () =>
      attempt(async ({ store, tamperer }) => {
        const streams = Array.from({ length: 50 }, (_, i) => `program-tamper-${String(i).padStart(3, '0')}`)
        for (let r = 0; r < 8; r++) for (const s of streams) await appendOk(store, s, [newEvent({ data: { r } })])
        const tampered: Array<EventAt> = []
        for (const s of streams) for (const r of [1, 3, 5, 7]) tampered.push(at(s, r))
        for (const [i, e] of tampered.entries()) {
          const edit = i % 2 === 0 ? { data: canonicalJson({ r: -1 }) } : { type: 'ProbeRewritten' }
          expect(await tamperer.update(e, edit)).toBe('done')
        }
        const report = await right(verifyAllChains(store), 'verify')
        const named = new Set(report.breaks.map((b) => `${b.streamId}@${String(b.revision)}`))
        expect(tampered.filter((e) => !named.has(`${e.streamId}@${e.revision}`))).toEqual([])
        expect(named.size).toBe(200)
      }))

    const many = setup.manyStreams ?? 10_050
    if (many > 0) {
      it(
        `catches an edit with its hash recomputed in a stream read again after ${many} other streams`,
        () =>
          attempt(async ({ store, tamperer }) => {
            // The victim's two events are ${many} streams apart in global order: a read that kept the heads of only
            // 10,000 streams would have forgotten the first by the time it reads the second.
            const victim = 'program-many-victim'
            await appendOk(store, victim, [newEvent({ data: { r: 0 } })])
            for (let i = 0; i < many; i += 50) {
              await Promise.all(
                Array.from({ length: Math.min(50, many - i) }, (_, k) =>
                  appendOk(store, `program-many-${String(i + k).padStart(5, '0')}`, [newEvent()]),
                ),
              )
            }
            await appendOk(store, victim, [newEvent({ data: { r: 1 } })])
            await rewrite(tamperer, victim, 0n)
            await rechain(tamperer, victim, 0n, 0n)
            const error = await firstError(store.readAll({ batchSize: 1000 }))
            expect(error, 'the default readAll fails').toBeDefined()
            expect(asNamed(error!)).toEqual({ streamId: victim, revision: 1n })
            const report = await right(verifyAllChains(store, { batchSize: 1000 }), 'verify')
            expect(report.streamsChecked).toBe(many + 1)
            expect(report.breaks.map((b) => [b.streamId, b.revision])).toEqual([[victim, 1n]])
          }),
        600_000,
      )
    }
  })
}
