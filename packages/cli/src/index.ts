/**
 * `@ikm-ledger/cli`: the `ikm-ledger` command, also callable as a function.
 *
 * @since 0.1.0
 */
export { runCli, USAGE, type CliIo } from './Cli'
export { openStoreFromUrl, type OpenStoreOptions } from './OpenStore'
export { barProgress, lineProgress, silentProgress, type Progress, type ProgressFactory } from './internal/Progress'
export {
  openVaultStorageFromUrl,
  PII_INVENTORY_USAGE,
  piiInventoryCommand,
  programPiiInventory,
  type OpenedVaultStorage,
  type PiiInventory,
} from './commands/PiiInventory'
