/**
 * `ikm-ledger pii-inventory <programId>`: what personal data the vault holds for a program's people, for the
 * 3×24-hour breach notification of UU 27/2022 Pasal 46 (which categories, how many people, how many of them
 * children, which were already erased). It reads category names from the vault, never a record: it needs no
 * key, decrypts nothing and prints no personal data.
 *
 * @since 0.1.0
 */
import type { EventStore, StoreError } from '@ikm-ledger/core'
import { programEvents, type VaultInventoryRow, type VaultStorage } from '@ikm-ledger/core/domain'
import { openPostgresVaultStorage } from '@ikm-ledger/store-postgres'
import { createSqliteVaultStorage } from '@ikm-ledger/store-sqlite'
import * as E from 'fp-ts/Either'
import { parseOptions } from '../internal/Args'
import type { Command } from '../internal/Context'
import { storeFailure } from '../internal/Output'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A vault storage opened by the command line, and how to release it.
 *
 * @category model
 * @since 0.1.0
 */
export interface OpenedVaultStorage {
  readonly storage: VaultStorage
  readonly close: () => Promise<void>
}

/**
 * The inventory of one program.
 *
 * @category model
 * @since 0.1.0
 */
export interface PiiInventory {
  readonly programId: string
  readonly people: ReadonlyArray<VaultInventoryRow>
  /** Person ids the program names that the vault holds nothing for (imported ids, or never registered). */
  readonly notInVault: ReadonlyArray<string>
  /** How many held (not erased) people have each category. */
  readonly categories: Readonly<Record<string, number>>
  readonly held: number
  readonly erased: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Opens the vault tables beside the store a `--store` URL names (the same SQLite file, or the same PostgreSQL
 * database and schema).
 *
 * @category constructors
 * @since 0.1.0
 */
export const openVaultStorageFromUrl = async (url: string): Promise<E.Either<StoreError, OpenedVaultStorage>> => {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url)
    const schema = parsed.searchParams.get('schema') ?? undefined
    parsed.searchParams.delete('schema')
    const opened = await openPostgresVaultStorage({
      connectionString: parsed.toString(),
      ...(schema === undefined ? {} : { schema }),
    })()
    return E.map((storage: VaultStorage & { readonly close: () => Promise<void> }) => ({
      storage,
      close: storage.close,
    }))(opened)
  }
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url
  return E.map((storage: VaultStorage & { readonly close: () => void }) => ({
    storage,
    close: async () => storage.close(),
  }))(createSqliteVaultStorage({ path }))
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The inventory of a program: the people its stream names (nominated, selected, withdrawn, instructors, group
 * members selected), looked up in the vault by id.
 *
 * @category utils
 * @since 0.1.0
 */
export const programPiiInventory = async (
  store: EventStore,
  storage: VaultStorage,
  programId: string,
): Promise<E.Either<StoreError, PiiInventory>> => {
  const ids = new Set<string>()
  for await (const batch of store.readStream(`program-${programId}`)) {
    if (E.isLeft(batch)) return batch
    for (const recorded of batch.right) {
      const decoded = programEvents.decode(recorded)
      if (E.isLeft(decoded)) return decoded
      const data: unknown = decoded.right.data
      if (typeof data === 'object' && data !== null && 'personId' in data && typeof data.personId === 'string') {
        ids.add(data.personId)
      }
    }
  }
  const rows = await storage.inventory([...ids])()
  if (E.isLeft(rows)) return rows
  const people = rows.right
  const categories: Record<string, number> = {}
  for (const person of people) {
    if (person.erasedAt !== null) continue
    for (const c of person.categories) categories[c] = (categories[c] ?? 0) + 1
  }
  const known = new Set(people.map((p) => p.personId))
  return E.right({
    programId,
    people,
    notInVault: [...ids].filter((id) => !known.has(id)).sort(),
    categories,
    held: people.filter((p) => p.erasedAt === null).length,
    erased: people.filter((p) => p.erasedAt !== null).length,
  })
}

/**
 * The usage line.
 *
 * @category constants
 * @since 0.1.0
 */
export const PII_INVENTORY_USAGE =
  'ikm-ledger pii-inventory <programId> [--json]   what personal data the vault holds for a program (none shown)'

/**
 * The `pii-inventory` command: opens the vault tables beside `--store` (through `CliIo.openVaultStorage` when
 * given) and prints the inventory.
 *
 * @category utils
 * @since 0.1.0
 */
export const piiInventoryCommand: Command = async ({ store, io, storeUrl }, args) => {
  const { values, positionals } = parseOptions(
    args,
    { json: { type: 'boolean', default: false } },
    { min: 1, max: 1, usage: PII_INVENTORY_USAGE },
  )
  const programId = positionals[0] as string
  const vault = await (io.openVaultStorage ?? openVaultStorageFromUrl)(storeUrl)
  if (E.isLeft(vault)) return storeFailure(io, vault.left)
  try {
    const inventory = await programPiiInventory(store, vault.right.storage, programId)
    if (E.isLeft(inventory)) return storeFailure(io, inventory.left)
    const inv = inventory.right
    if (values.json) {
      io.out(JSON.stringify(inv))
      return 0
    }
    io.out(`PII held for program ${programId} (categories only; no personal data is shown or decrypted)`)
    for (const p of inv.people) {
      io.out(
        `${p.personId.padEnd(40)} ${p.erasedAt === null ? 'HELD   ' : 'ERASED '} ${p.erasedAt ?? p.storedAt}  ` +
          (p.erasedAt === null ? p.categories.join(',') : '(key destroyed)'),
      )
    }
    io.out(`people held: ${inv.held}, erased: ${inv.erased}, named but not in the vault: ${inv.notInVault.length}`)
    const order = Object.keys(inv.categories).sort()
    io.out(`categories held: ${order.length === 0 ? 'none' : order.map((c) => `${c} ${inv.categories[c]}`).join(', ')}`)
    if ((inv.categories['CHILD_DATA'] ?? 0) > 0 || (inv.categories['DISABILITY'] ?? 0) > 0) {
      io.out('specific personal data (UU 27/2022 Pasal 4): children’s data and/or disability data are held')
    }
    return 0
  } finally {
    await vault.right.close()
  }
}
