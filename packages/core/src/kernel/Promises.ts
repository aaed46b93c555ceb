/**
 * The Promise facade: the same store and command handler for services that do not use fp-ts. This is the edge
 * where errors become exceptions; each carries the error value it came from.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import {
  commandFailureMessage,
  type CommandFailure,
  type CommandHandler,
  type CommandResult,
  type HandleOptions,
} from './CommandHandler'
import type {
  AllBatch,
  AppendOptions,
  AppendResult,
  Batches,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
} from './EventStore'
import type { StreamRevision } from './ExpectedRevision'
import { commandFailureProblem, storeErrorProblem, type Problem } from './Problem'
import type { NewEvent, RecordedEvent } from './RecordedEvent'
import type { GlobalPosition } from './Revision'
import { storageFailure, storeErrorMessage, type StoreError } from './StoreError'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A store operation failed. `error` is the {@link StoreError} value; the message says what went wrong in plain
 * words.
 *
 * @category model
 * @since 0.1.0
 */
export class StoreFailure extends Error {
  override readonly name = 'StoreFailure'
  /** The stable code of the error, e.g. `STORE_WRONG_EXPECTED_REVISION`. */
  readonly code: StoreError['code']
  constructor(readonly error: StoreError) {
    super(storeErrorMessage(error))
    this.code = error.code
  }
  /** `JSON.stringify` gives the problem document (bigints as decimal strings) instead of throwing on them. */
  toJSON(): Problem {
    return storeErrorProblem(this.error)
  }
}

/**
 * A command did not go through. `failure` is the {@link CommandFailure} value (a rejection, an encoding failure
 * or a store error).
 *
 * @category model
 * @since 0.1.0
 */
export class CommandFailed<Rejection = unknown> extends Error {
  override readonly name = 'CommandFailed'
  constructor(readonly failure: CommandFailure<Rejection>) {
    super(commandFailureMessage(failure))
  }
  /** `JSON.stringify` gives the problem document (bigints as decimal strings) instead of throwing on them. */
  toJSON(): Problem {
    return commandFailureProblem(this.failure)
  }
}

/**
 * Read bounds as a service receives them, from a query string: `asOf` and `asKnownAt` as plain strings. The store
 * checks them (an impossible date is an `InvalidRead`), so no cast to the branded types is needed.
 *
 * @category model
 * @since 0.1.0
 */
export type PlainBounds<Options> = Omit<Options, 'asOf' | 'asKnownAt'> & {
  readonly asOf?: string
  readonly asKnownAt?: string
}

/**
 * The event store with Promises: operations resolve or reject with a {@link StoreFailure}; reads are async
 * iterables of events that throw a {@link StoreFailure} where the fp-ts read would yield a `Left`.
 *
 * @category model
 * @since 0.1.0
 */
export interface PromiseEventStore {
  /** The fp-ts store underneath. */
  readonly store: EventStore
  readonly append: (streamId: string, events: ReadonlyArray<NewEvent>, options?: AppendOptions) => Promise<AppendResult>
  readonly readStream: (streamId: string, options?: PlainBounds<ReadStreamOptions>) => AsyncIterable<RecordedEvent>
  readonly readAll: (options?: PlainBounds<ReadAllOptions>) => AsyncIterable<RecordedEvent>
  /** The batches of a read across all streams, with their checkpoints (for catch-up readers). */
  readonly readAllBatches: (options?: PlainBounds<ReadAllOptions>) => AsyncIterable<AllBatch>
  readonly streamRevision: (streamId: string) => Promise<StreamRevision>
  readonly streamExists: (streamId: string) => Promise<boolean>
  readonly headPosition: () => Promise<GlobalPosition>
  readonly onAppend: (listener: () => void) => () => void
  readonly close: () => Promise<void>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** A store error as the facade's one kind of rejection, whatever went wrong underneath. */
const failureOf = (operation: string, cause: unknown): StoreFailure =>
  cause instanceof StoreFailure ? cause : new StoreFailure(storageFailure(operation, cause))

// An adapter that throws (synchronously, or by rejecting its task) still makes the facade reject with a
// StoreFailure: callers handle one kind of error, never a TypeError or a RangeError from inside a store.
const run = async <A>(operation: string, task: () => TE.TaskEither<StoreError, A>): Promise<A> => {
  let result: E.Either<StoreError, A>
  try {
    result = await task()()
  } catch (cause) {
    throw failureOf(operation, cause)
  }
  if (E.isLeft(result)) throw new StoreFailure(result.left)
  return result.right
}

async function* unwrap<B>(open: () => Batches<B>): AsyncGenerator<B> {
  let iterated = false
  try {
    for await (const batch of open()) {
      iterated = true
      if (E.isLeft(batch)) throw new StoreFailure(batch.left)
      yield batch.right
    }
  } catch (cause) {
    if (cause instanceof StoreFailure) throw cause
    // An adapter's iterator threw: still reject with a StoreFailure, so callers handle one kind of error.
    throw new StoreFailure(storageFailure(iterated ? 'read' : 'start a read', cause))
  }
}

async function* flatten(batches: AsyncIterable<ReadonlyArray<RecordedEvent>>): AsyncGenerator<RecordedEvent> {
  for await (const batch of batches) yield* batch
}

async function* eventsOf(batches: AsyncIterable<AllBatch>): AsyncGenerator<RecordedEvent> {
  for await (const batch of batches) yield* batch.events
}

/**
 * Wraps a store in Promises.
 *
 * @example
 * const ledger = promiseStore(createInMemoryEventStore())
 * for await (const event of ledger.readStream('program-0190f8a2')) console.log(event.type)
 *
 * @category constructors
 * @since 0.1.0
 */
export const promiseStore = (store: EventStore): PromiseEventStore => ({
  store,
  append: (streamId, events, options) => run('append', () => store.append(streamId, events, options)),
  // The store validates the plain bounds; the brands only document what it accepts.
  readStream: (streamId, options) => flatten(unwrap(() => store.readStream(streamId, options as ReadStreamOptions))),
  readAll: (options) => eventsOf(unwrap(() => store.readAll(options as ReadAllOptions))),
  readAllBatches: (options) => unwrap(() => store.readAll(options as ReadAllOptions)),
  streamRevision: (streamId) => run('read a stream revision', () => store.streamRevision(streamId)),
  streamExists: (streamId) => run('check whether a stream exists', () => store.streamExists(streamId)),
  headPosition: () => run('read the head position', () => store.headPosition()),
  onAppend: (listener) => store.onAppend(listener),
  close: () => run('close the store', () => store.close()),
})

/**
 * Wraps a command handler in Promises: resolves with the {@link CommandResult} or rejects with a
 * {@link CommandFailed}.
 *
 * @category constructors
 * @since 0.1.0
 */
export const promiseCommandHandler =
  <Command, Event, State, Rejection>(handler: CommandHandler<Command, Event, State, Rejection>) =>
  async (streamId: string, command: Command, options?: HandleOptions): Promise<CommandResult<State, Event>> => {
    let result: E.Either<CommandFailure<Rejection>, CommandResult<State, Event>>
    try {
      result = await handler(streamId, command, options)()
    } catch (cause) {
      throw new CommandFailed<Rejection>(storageFailure('handle the command', cause))
    }
    if (E.isLeft(result)) throw new CommandFailed(result.left)
    return result.right
  }
