/**
 * Where the PII vault's secrets come from: the master keys that wrap each person's data key, and the pepper of
 * the NIK digest. The default reads them from the environment (or any string map, such as a parsed key file);
 * a KMS plugs in by implementing the same port. Secrets never live in the event store or the vault tables.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A master key: an id (stored next to each data key it wraps) and 32 bytes of key material.
 *
 * @category model
 * @since 0.1.0
 */
export interface MasterKey {
  readonly keyId: string
  readonly key: Uint8Array
}

/**
 * Why a key could not be had. The message never contains key material.
 *
 * @category model
 * @since 0.1.0
 */
export interface KeyUnavailable {
  readonly _tag: 'KeyUnavailable'
  readonly code: 'KEY_UNAVAILABLE'
  readonly message: string
}

/**
 * The key port. `current` wraps new data keys; `byId` unwraps old ones (a destroyed master key is
 * `KeyUnavailable`, which is how a key rotation makes every leftover copy of the old wrapped keys useless).
 *
 * @category model
 * @since 0.1.0
 */
export interface KeyProvider {
  readonly current: () => TE.TaskEither<KeyUnavailable, MasterKey>
  readonly byId: (keyId: string) => TE.TaskEither<KeyUnavailable, MasterKey>
  readonly pepper: () => TE.TaskEither<KeyUnavailable, Uint8Array>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * @category constructors
 * @since 0.1.0
 */
export const keyUnavailable = (message: string): KeyUnavailable => ({
  _tag: 'KeyUnavailable',
  code: 'KEY_UNAVAILABLE',
  message,
})

// `atob` rather than Buffer: core stays free of Node globals outside the platform seam.
const bytesOf = (value: string): Uint8Array => {
  if (/^[0-9a-f]{64}$/i.test(value)) return Uint8Array.from(value.match(/../g) ?? [], (h) => parseInt(h, 16))
  try {
    return Uint8Array.from(atob(value.trim()), (c) => c.charCodeAt(0))
  } catch {
    return new Uint8Array(0)
  }
}

const decode32 = (name: string, value: string | undefined): E.Either<KeyUnavailable, Uint8Array> => {
  if (value === undefined || value === '') return E.left(keyUnavailable(`${name} is not set`))
  const bytes = bytesOf(value)
  return bytes.length === 32
    ? E.right(new Uint8Array(bytes))
    : E.left(keyUnavailable(`${name} must be 32 bytes, as 64 hex digits or base64 (it decodes to ${bytes.length})`))
}

/**
 * A key provider from a string map: `IKM_LEDGER_MASTER_KEY` (the current master key, 32 bytes in hex or base64),
 * `IKM_LEDGER_MASTER_KEY_ID` (its id, default `mk-1`), older keys as `IKM_LEDGER_MASTER_KEY_<id>` for
 * unwrapping until they are re-wrapped, and `IKM_LEDGER_NIK_PEPPER` (32 bytes). Pass `process.env` or the
 * parsed contents of a key file; the values are validated when first used, and errors name the variable only.
 *
 * @category constructors
 * @since 0.1.0
 */
export const keyProviderFromEnv = (env: Readonly<Record<string, string | undefined>>): KeyProvider => {
  const currentId = env['IKM_LEDGER_MASTER_KEY_ID'] ?? 'mk-1'
  const byId = (keyId: string): E.Either<KeyUnavailable, MasterKey> => {
    const name = keyId === currentId ? 'IKM_LEDGER_MASTER_KEY' : `IKM_LEDGER_MASTER_KEY_${keyId}`
    const value = env[name]
    if (value === undefined) return E.left(keyUnavailable(`master key ${keyId} is not available (${name} is not set)`))
    return E.map((key: Uint8Array) => ({ keyId, key }))(decode32(name, value))
  }
  return {
    current: () => TE.fromEither(byId(currentId)),
    byId: (keyId) => TE.fromEither(byId(keyId)),
    pepper: () => TE.fromEither(decode32('IKM_LEDGER_NIK_PEPPER', env['IKM_LEDGER_NIK_PEPPER'])),
  }
}
