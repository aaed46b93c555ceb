/**
 * The threat model of a stored ledger as data: each attack on the stored rows, and which check detects it and
 * names the events it touched. The tamper-matrix suite ({@link tamperMatrix}) carries out every attack on a real
 * store and asserts exactly these answers; `docs/audit.md` shows the same table, rendered by
 * {@link threatModelTable} (a test keeps the two identical).
 *
 * @since 0.2.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The columns of a stored event (SQLite and PostgreSQL name them alike).
 *
 * @category model
 * @since 0.2.0
 */
export type StoredColumn =
  | 'stream_id'
  | 'category'
  | 'revision'
  | 'event_id'
  | 'type'
  | 'schema_version'
  | 'data'
  | 'metadata'
  | 'occurred_on'
  | 'recorded_at'
  | 'hash'
  | 'prev_hash'
  | 'position'

/**
 * Every stored column, in table order.
 *
 * @category model
 * @since 0.2.0
 */
export const STORED_COLUMNS: ReadonlyArray<StoredColumn> = [
  'position',
  'stream_id',
  'category',
  'revision',
  'event_id',
  'type',
  'schema_version',
  'data',
  'metadata',
  'occurred_on',
  'recorded_at',
  'hash',
  'prev_hash',
]

/**
 * One attack and what detects it. `readStream`, `readAll` and `verify` are without any checkpoint: whether the
 * default `readStream` of the attacked stream, the default `readAll` from the start, and `verify`
 * (`verifyAllChains`) each fail naming an attacked event. `checkpoint` is `verify --against` a checkpoint (and its
 * leaf list) taken before the attack and kept outside the database.
 *
 * @category model
 * @since 0.2.0
 */
export interface Threat {
  /** Stable key the suite dispatches on. */
  readonly id: string
  /** The attack, in the words of the table. */
  readonly attack: string
  readonly readStream: boolean
  readonly readAll: boolean
  readonly verify: boolean
  readonly checkpoint: boolean
  /** What catches it. */
  readonly how: string
  /** Why a storage may refuse the edit outright (its column type), when it may. */
  readonly refusable?: string
}

const column = (name: StoredColumn, readStream: boolean, readAll: boolean, how: string): Threat => ({
  id: `column:${name}`,
  attack: `change, or flip one byte of, the \`${name}\` of an event`,
  readStream,
  readAll,
  verify: true,
  checkpoint: true,
  how,
})

const HASHED = 'inside the hashed content: the hash no longer matches'

/**
 * Every attack the tamper matrix carries out, in the order of the table.
 *
 * @category model
 * @since 0.2.0
 */
export const THREAT_MODEL: ReadonlyArray<Threat> = [
  column(
    'stream_id',
    true,
    true,
    `${HASHED}; the stream it left has a revision gap (or is cut short of its recorded head)`,
  ),
  column('category', true, true, 'checked against the category of the (hashed) stream id on every read'),
  column('revision', true, true, `${HASHED}; the stream has a revision gap`),
  {
    ...column('event_id', true, true, `${HASHED} (PostgreSQL's uuid type refuses a flipped byte that is no hex digit)`),
    refusable: "PostgreSQL's uuid type",
  },
  column('type', true, true, HASHED),
  column('schema_version', true, true, HASHED),
  column('data', true, true, HASHED),
  column('metadata', true, true, HASHED),
  column('occurred_on', true, true, 'checked against the hashed metadata on every read'),
  column('recorded_at', true, true, 'checked against the hashed metadata on every read'),
  column('hash', true, true, 'the recomputed hash differs from the stored one'),
  column('prev_hash', true, true, `${HASHED} (the hash covers prevHash too)`),
  column(
    'position',
    false,
    true,
    "not hashed (each store numbers its own log); a stream's events out of position order show as a revision gap in global order, and the Merkle leaf covers the position",
  ),
  {
    id: 'text:data',
    attack:
      'rewrite the `data` text of an event as other JSON of the same values (a key given twice, the first with another value)',
    readStream: true,
    readAll: true,
    verify: true,
    checkpoint: true,
    how: "the stored text itself is what is hashed: other bytes no longer match, even when `JSON.parse` reads the same values (a SQL query reading the column could see the key's other value)",
  },
  {
    id: 'text:metadata',
    attack: 'rewrite the `metadata` text of an event with spaces added (the same values)',
    readStream: true,
    readAll: true,
    verify: true,
    checkpoint: true,
    how: 'the stored text itself is what is hashed: other bytes no longer match',
  },
  {
    id: 'null:position',
    attack: 'set the `position` of an event in the middle of a stream to NULL',
    readStream: true,
    readAll: true,
    verify: true,
    checkpoint: true,
    how: 'PostgreSQL takes it (NULL marks a batch committed but not yet numbered, which readers skip): the event drops out of its stream, a revision gap. SQLite refuses it (the position is the rowid)',
    refusable: 'SQLite',
  },
  {
    id: 'null:position:last',
    attack: "set the `position` of a stream's last event to NULL",
    readStream: false,
    readAll: false,
    verify: true,
    checkpoint: true,
    how: 'PostgreSQL takes it and reads it as a batch still to be numbered: the next reader or writer with write rights numbers it at the end of the log; `verify` names the hole it left in the positions (the store numbers every event), the checkpoint its leaf gone from its place. SQLite refuses it',
    refusable: 'SQLite',
  },
  {
    id: 'position:below-one',
    attack: 'insert events at position 0 and below, past the schema that refuses it',
    readStream: true,
    readAll: true,
    verify: true,
    checkpoint: true,
    how: "positions start at 1 and the schema's CHECK refuses less (SQLite files created before 0.2 lack it); the administrator can lift it, so every read from the start starts below 1: the row is named as not at a valid position (a read after 0 would never reach it, and the log, its chains and its root would look untouched)",
  },
  {
    id: 'position:moved-later',
    attack: "move a stream's last event to a later, free position",
    readStream: false,
    readAll: false,
    verify: true,
    checkpoint: true,
    how: 'its stream stays in order and its hash is whole, but the store numbers every event: `verify` names the positions left empty, the one it left and those it jumped',
  },
  {
    id: 'null',
    attack: 'set any other column to NULL',
    readStream: false,
    readAll: false,
    verify: false,
    checkpoint: false,
    how: 'refused by the schema: every column is NOT NULL (SQLite STRICT, PostgreSQL), nothing is changed',
  },
  {
    id: 'delete:first',
    attack: "delete a stream's first event",
    readStream: true,
    readAll: true,
    verify: true,
    checkpoint: true,
    how: 'revision 0 is missing',
  },
  {
    id: 'delete:middle',
    attack: 'delete an event in the middle of a stream',
    readStream: true,
    readAll: true,
    verify: true,
    checkpoint: true,
    how: 'revision gap',
  },
  {
    id: 'truncate',
    attack: "truncate a stream's tail, leaving its recorded head",
    readStream: true,
    readAll: false,
    verify: true,
    checkpoint: true,
    how: "the events end before the stream's recorded head",
  },
  {
    id: 'truncate:head',
    attack: "truncate a stream's tail and move its recorded head back",
    readStream: false,
    readAll: false,
    verify: true,
    checkpoint: true,
    how: "`verify`: the positions the events held are left empty, and the store numbers every event (not so when they were the log's last events); the checkpoint: the tree is smaller than the checkpoint's, the leaf list names each deleted event",
  },
  {
    id: 'stream:events',
    attack: "delete a whole stream's events, leaving its recorded head",
    readStream: true,
    readAll: false,
    verify: true,
    checkpoint: true,
    how: 'the store records a head for a stream with no events',
  },
  {
    id: 'stream:all',
    attack: 'delete a whole stream, events and recorded head',
    readStream: false,
    readAll: false,
    verify: true,
    checkpoint: true,
    how: "`verify`: the positions the events held are left empty, and the store numbers every event (not so when they were the log's last events); the checkpoint: the leaf list names each deleted event",
  },
  {
    id: 'reorder:across',
    attack: 'swap the positions of two events of different streams',
    readStream: false,
    readAll: false,
    verify: false,
    checkpoint: true,
    how: 'only the checkpoint: the leaf covers the position; the leaf list names both events as moved',
  },
  {
    id: 'reorder:within',
    attack: 'swap the positions of two events of one stream',
    readStream: false,
    readAll: true,
    verify: true,
    checkpoint: true,
    how: 'in global order the later revision comes first: revision gap (stream reads go by revision)',
  },
  {
    id: 'relink:middle',
    attack: 'edit an event in the middle of a stream and recompute its hash',
    readStream: true,
    readAll: true,
    verify: true,
    checkpoint: true,
    how: "the next event's prevHash no longer links to it",
  },
  {
    id: 'relink:last',
    attack: "edit a stream's last event and recompute its hash, leaving the recorded head",
    readStream: true,
    readAll: false,
    verify: true,
    checkpoint: true,
    how: "the stream's recorded head holds the old hash",
  },
  {
    id: 'rewrite:stream',
    attack: 'rewrite a whole stream with every hash and its head recomputed',
    readStream: false,
    readAll: false,
    verify: false,
    checkpoint: true,
    how: 'only the checkpoint: the root differs; the leaf list names every rewritten event',
  },
  {
    id: 'rewrite:log',
    attack: 'rewrite the whole log with every hash and head recomputed',
    readStream: false,
    readAll: false,
    verify: false,
    checkpoint: true,
    how: 'only the checkpoint: the root differs; the leaf list names every rewritten event',
  },
  {
    id: 'fork',
    attack: 'show two auditors two different histories (a forked copy, fully recomputed)',
    readStream: false,
    readAll: false,
    verify: false,
    checkpoint: true,
    how: 'only checkpoints compared between the auditors: same size, different roots, no consistency proof joins them',
  },
]

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const mark = (detected: boolean): string => (detected ? 'named' : '—')

/**
 * The threat model as the Markdown table `docs/audit.md` shows.
 *
 * @category utils
 * @since 0.2.0
 */
export const threatModelTable = (threats: ReadonlyArray<Threat> = THREAT_MODEL): string =>
  [
    '| attack on the stored rows | default `readStream` | default `readAll` | `verify` | `verify --against` a checkpoint kept outside | what catches it |',
    '|---|---|---|---|---|---|',
    ...threats.map((threat) =>
      threat.id === 'null'
        ? `| ${threat.attack} | refused | refused | refused | refused | ${threat.how} |`
        : `| ${threat.attack} | ${mark(threat.readStream)} | ${mark(threat.readAll)} | ${mark(threat.verify)} | ${mark(threat.checkpoint)} | ${threat.how} |`,
    ),
  ].join('\n')
