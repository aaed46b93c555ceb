/** Printing events and failures the same way in every command. */
import { storeErrorMessage, type RecordedEvent, type StoreError } from '@ikm-ledger/core'
import type { CliIo } from '../Cli'

export const formatEvent = (event: RecordedEvent): string => {
  const m = event.metadata
  return [
    `#${event.position}`.padEnd(8),
    `${event.streamId}@${event.revision}`.padEnd(44),
    event.type.padEnd(34),
    m.occurredOn,
    m.evidence.level.padEnd(18),
    m.mode === 'HISTORICAL_IMPORT' ? 'import' : 'operational',
  ].join(' ')
}

export const toJsonLine = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString(10) : v))

/** A store failure: exit code 3. */
export const storeFailure = (io: CliIo, error: StoreError): number => {
  io.err(`error: ${storeErrorMessage(error)}`)
  return 3
}
