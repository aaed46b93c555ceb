/**
 * Signed checkpoints: a small JSON document ("tree head") that says which ledger, how many events, the Merkle root
 * over them, the last position, when, and who signed it. An auditor keeps it in the working papers, mails it or
 * publishes it; later, a consistency proof or a re-verification shows whether the ledger still extends it.
 *
 * The key signs through the {@link Signer} port: a key file by default (`ed25519Signer`), a KMS or HSM by
 * implementing the port. The key never reaches the store; the checkpoint carries only the public key and its id.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import * as t from 'io-ts'
import { formatErrors } from './Decode'
import { bytesToHex, hexToBytes } from './Hex'
import { canonicalJson, unknownMember } from './Json'
import type { Sha256Bytes } from './platform/sha256'
import { BigIntFromString } from './Revision'
import { Instant } from './Time'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What signs checkpoints. `sign` may be remote (a KMS), hence a `TaskEither`; its `Left` says why it failed.
 *
 * @category model
 * @since 0.2.0
 */
export interface Signer {
  /** The signature algorithm, e.g. `ed25519`. */
  readonly algorithm: string
  /** The public key, base64 of its SPKI (DER) encoding. */
  readonly publicKey: string
  /** `<algorithm>:<hex SHA-256 of the SPKI bytes>`, see {@link keyIdOf}. */
  readonly keyId: string
  readonly sign: (message: Uint8Array) => TE.TaskEither<string, Uint8Array>
}

/**
 * Checks a signature: `true` only for a valid signature by that public key (base64 SPKI) over that message.
 *
 * @category model
 * @since 0.2.0
 */
export type SignatureVerifier = (
  algorithm: string,
  publicKey: string,
  message: Uint8Array,
  signature: Uint8Array,
) => boolean

const HEX_DIGEST = /^[0-9a-f]{64}$/
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

const HexDigest = t.refinement(t.string, (s) => HEX_DIGEST.test(s), 'HexDigest')
const Base64 = t.refinement(t.string, (s) => BASE64.test(s) && s.length % 4 === 0, 'Base64')
const TreeSize = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'TreeSize')

/**
 * The format tag of a checkpoint document.
 *
 * @category constants
 * @since 0.2.0
 */
export const CHECKPOINT_FORMAT = 'ikm-ledger/checkpoint/v1'

const treeHeadProps = {
  format: t.literal(CHECKPOINT_FORMAT),
  ledgerId: t.string,
  /** Events in the log the root covers (the first `treeSize` events in global order). */
  treeSize: TreeSize,
  /** Hex of the RFC 9162 root over their leaves. */
  rootHash: HexDigest,
  /** Position of the last event covered; `0` for an empty log. */
  lastPosition: BigIntFromString,
  issuedAt: Instant,
  algorithm: t.string,
  keyId: t.string,
  publicKey: Base64,
}

/**
 * A signed tree head.
 *
 * @category codecs
 * @since 0.2.0
 */
export const SignedCheckpoint = t.exact(t.type({ ...treeHeadProps, signature: Base64 }), 'SignedCheckpoint')

/**
 * @category model
 * @since 0.2.0
 */
export type SignedCheckpoint = t.TypeOf<typeof SignedCheckpoint>

/**
 * What a checkpoint states, before it is signed.
 *
 * @category model
 * @since 0.2.0
 */
export interface TreeHead {
  readonly ledgerId: string
  readonly treeSize: number
  readonly rootHash: string
  readonly lastPosition: bigint
  readonly issuedAt: Instant
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const base64ToBytes = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
const bytesToBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes))

/**
 * The id of a public key: `<algorithm>:` and the hex SHA-256 of its SPKI bytes.
 *
 * @category utils
 * @since 0.2.0
 */
export const keyIdOf = (sha256: Sha256Bytes, algorithm: string, publicKey: string): string =>
  `${algorithm}:${bytesToHex(sha256(base64ToBytes(publicKey)))}`

/**
 * The exact bytes a checkpoint's signature covers: a fixed context line, then the canonical JSON of every member
 * but `signature`. The context line keeps a checkpoint signature from passing for a signature of anything else.
 *
 * @category utils
 * @since 0.2.0
 */
export const checkpointMessage = (checkpoint: Omit<SignedCheckpoint, 'signature'>): Uint8Array =>
  new TextEncoder().encode(
    'ikm-ledger checkpoint v1\n' +
      canonicalJson({
        format: checkpoint.format,
        ledgerId: checkpoint.ledgerId,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        lastPosition: checkpoint.lastPosition,
        issuedAt: checkpoint.issuedAt,
        algorithm: checkpoint.algorithm,
        keyId: checkpoint.keyId,
        publicKey: checkpoint.publicKey,
      }),
  )

/**
 * Signs a tree head.
 *
 * @category constructors
 * @since 0.2.0
 */
export const signCheckpoint = (signer: Signer, head: TreeHead): TE.TaskEither<string, SignedCheckpoint> => {
  const unsigned = {
    format: CHECKPOINT_FORMAT,
    ledgerId: head.ledgerId,
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    lastPosition: head.lastPosition,
    issuedAt: head.issuedAt,
    algorithm: signer.algorithm,
    keyId: signer.keyId,
    publicKey: signer.publicKey,
  } as const
  return pipe(
    signer.sign(checkpointMessage(unsigned)),
    TE.map((signature) => ({ ...unsigned, signature: bytesToBase64(signature) })),
  )
}

/**
 * Decodes a checkpoint document (parsed JSON), naming what is wrong with it.
 *
 * @category codecs
 * @since 0.2.0
 */
export const decodeCheckpoint = (json: unknown): E.Either<string, SignedCheckpoint> =>
  pipe(
    SignedCheckpoint.decode(json),
    E.mapLeft((errors) => `not a checkpoint: ${formatErrors(errors)}`),
    E.flatMap((checkpoint) => {
      // The signature covers the members the format defines; one it does not define would be read as signed.
      const extra = unknownMember(json, SignedCheckpoint.encode(checkpoint))
      return extra === undefined
        ? E.right(checkpoint)
        : E.left(`not a checkpoint: ${extra} is no member of a checkpoint, and nothing signed it`)
    }),
  )

/**
 * The JSON form of a checkpoint (`lastPosition` as a decimal string), members in a fixed order.
 *
 * @category codecs
 * @since 0.2.0
 */
export const checkpointJson = (checkpoint: SignedCheckpoint): string =>
  JSON.stringify(SignedCheckpoint.encode(checkpoint), null, 2)

/**
 * Checks a checkpoint's signature, that its key id is the id of its public key and, when `trustedKeyId` is given,
 * that it is the key the auditor trusts.
 *
 * @category utils
 * @since 0.2.0
 */
export const verifyCheckpointSignature = (
  checkpoint: SignedCheckpoint,
  deps: { readonly sha256: Sha256Bytes; readonly verifySignature: SignatureVerifier },
  trustedKeyId?: string,
): E.Either<string, void> => {
  if (keyIdOf(deps.sha256, checkpoint.algorithm, checkpoint.publicKey) !== checkpoint.keyId) {
    return E.left(`the checkpoint's key id ${checkpoint.keyId} is not the id of the public key it carries`)
  }
  if (trustedKeyId !== undefined && trustedKeyId !== checkpoint.keyId) {
    return E.left(`the checkpoint is signed by key ${checkpoint.keyId}, not by the trusted key ${trustedKeyId}`)
  }
  const valid = deps.verifySignature(
    checkpoint.algorithm,
    checkpoint.publicKey,
    checkpointMessage(checkpoint),
    base64ToBytes(checkpoint.signature),
  )
  return valid ? E.right(undefined) : E.left(`the signature does not verify with key ${checkpoint.keyId}`)
}

/**
 * The root hash of a checkpoint as bytes.
 *
 * @category utils
 * @since 0.2.0
 */
export const checkpointRoot = (checkpoint: SignedCheckpoint): Uint8Array => hexToBytes(checkpoint.rootHash)!
