/**
 * A subject is one system on one backend (ours on SQLite, Emmett on PostgreSQL, the minimal-SQL floor on SQLite…).
 * Every workload drives subjects only through this interface, so each system does the same logical work.
 */
import type { FoldState, GeneratedEvent } from './Payloads'

export type Backend = 'sqlite' | 'postgres' | 'memory'
export type SystemName = 'ours' | 'emmett' | 'floor'

export const subjectKey = (system: SystemName, backend: Backend): string => `${system}-${backend}`

/** Where a subject keeps a data set: a SQLite file, a PostgreSQL schema, or nothing (memory). */
export interface Dataset {
  /** Short name of the data set (`append`, `fold`, `million`…), part of file and schema names. */
  readonly name: string
  /** Folder for SQLite files. */
  readonly dir: string
  /** Start from nothing (drop what a previous run left), or open what a seeding step wrote. */
  readonly fresh: boolean
  /**
   * PostgreSQL connections the subject may open, when the workload needs more than the default (the 50
   * concurrent writers get 30, so that their commits can group). Subjects that cannot be configured keep their
   * default.
   */
  readonly connections?: number
}

export interface ReadAllResult {
  readonly events: number
  /** A value that depends on every event read, so the read cannot be skipped. */
  readonly checksum: number
  /** False when the deadline came first and the read stopped early. */
  readonly complete: boolean
}

export interface Subject {
  readonly system: SystemName
  readonly backend: Backend
  /** One line on how this subject is configured (durability, pool, options), for the results file. */
  readonly describe: string
  /** Appends events to a stream that does not exist yet (the strictest expectation each system supports). */
  readonly appendNew: (streamId: string, events: ReadonlyArray<GeneratedEvent>) => Promise<void>
  /**
   * Reads one stream, decodes each payload with the bench codecs and folds it. `verify` turns ours' hash
   * verification off (the others have none).
   */
  readonly loadFold: (streamId: string, verify: boolean) => Promise<FoldState>
  /**
   * Reads every event in global order (with hash verification where the system has hashes), stopping after the
   * batch that passes `deadline` (a `performance.now()` time).
   */
  readonly readAll: (verify: boolean, deadline: number) => Promise<ReadAllResult>
  /**
   * Runs projection `name` from the beginning to the head: each batch's read-model writes and its checkpoint
   * commit in one transaction. Resolves with the number of events applied.
   */
  readonly catchUp: (name: string, batchSize: number) => Promise<number>
  readonly close: () => Promise<void>
}

export type OpenSubject = (dataset: Dataset) => Promise<Subject>

/** The read model every projection maintains: one row per stream, counting events. */
export const READ_MODEL_COLUMNS = 'stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL, last_type TEXT NOT NULL'
