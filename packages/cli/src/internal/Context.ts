/** What every command is handed. */
import type { EventStore } from '@ikm-ledger/core'
import type { CliIo } from '../Cli'
import type { ProgressFactory } from './Progress'

export interface CommandContext {
  readonly store: EventStore
  readonly io: CliIo
  /** The `--store` value as given (a SQLite path or a postgres:// URL). */
  readonly storeUrl: string
  /** The environment (`IKM_LEDGER_KEY`, `IKM_LEDGER_ID`). */
  readonly env: NodeJS.ProcessEnv
  readonly progress: ProgressFactory
}

/** A command: its arguments after the command name, and the exit code it ends with. */
export type Command = (context: CommandContext, args: ReadonlyArray<string>) => Promise<number>
