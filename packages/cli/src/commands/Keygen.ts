/** `ikm-ledger keygen`: a new Ed25519 key that signs checkpoints, readable by its owner only. */
import { chmodSync, existsSync, writeFileSync } from 'node:fs'
import * as E from 'fp-ts/Either'
import { ed25519Signer, generateEd25519KeyPair } from '@ikm-ledger/core'
import type { CliIo } from '../Cli'
import { parseOptions, UsageError } from '../internal/Args'

export const KEYGEN_USAGE = 'ikm-ledger keygen --out FILE   (a new Ed25519 checkpoint signing key; no store needed)'

export const keygenCommand = (io: CliIo, args: ReadonlyArray<string>): number => {
  const { values } = parseOptions(args, { out: { type: 'string' } }, { min: 0, max: 0, usage: KEYGEN_USAGE })
  if (values.out === undefined) throw new UsageError(`keygen needs --out FILE for the private key: ${KEYGEN_USAGE}`)
  if (existsSync(values.out)) {
    io.err(`error: ${values.out} exists; a signing key is never overwritten`)
    return 2
  }
  const pair = generateEd25519KeyPair()
  writeFileSync(values.out, pair.privateKeyPem, { mode: 0o600 })
  chmodSync(values.out, 0o600)
  writeFileSync(`${values.out}.pub`, pair.publicKeyPem)
  const signer = ed25519Signer(pair.privateKeyPem)
  if (E.isRight(signer)) io.out(`key id ${signer.right.keyId}; public key in ${values.out}.pub`)
  return 0
}
