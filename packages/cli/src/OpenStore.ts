/**
 * Opens the store a `--store` URL names.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { storageFailure, type EventStore, type StoreError } from '@ikm-ledger/core'
import { openPostgresEventStore } from '@ikm-ledger/store-postgres'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'

/**
 * `postgres://…` or `postgresql://…` opens PostgreSQL (schema from `?schema=` or the default); anything else
 * is a SQLite file path (`sqlite:` prefix optional). A SQLite file that does not exist is an error here, so a
 * typo never creates an empty ledger, unless `create` is asked for (`ikm-ledger import --create`). With
 * `readonly` a SQLite file is opened read-only (an auditor's evidence copy may be write-protected).
 *
 * @category constructors
 * @since 0.1.0
 */
export const openStoreFromUrl = async (
  url: string,
  fileExists: (path: string) => boolean,
  options: { readonly create?: boolean; readonly readonly?: boolean } = {},
): Promise<E.Either<StoreError, EventStore>> => {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url)
    const schema = parsed.searchParams.get('schema') ?? undefined
    parsed.searchParams.delete('schema')
    return openPostgresEventStore({
      connectionString: parsed.toString(),
      ...(schema === undefined ? {} : { schema }),
    })()
  }
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url
  if (path !== ':memory:' && options.create !== true && !fileExists(path)) {
    return E.left(storageFailure('open the SQLite store', new Error(`no SQLite file at ${path}`)))
  }
  return createSqliteEventStore(path === ':memory:' || options.readonly !== true ? { path } : { path, readonly: true })
}
