/**
 * Ed25519 signing and verification from `node:crypto`, for signed checkpoints. Part of the platform seam: a
 * runtime without `node:crypto`, or a KMS / HSM, supplies its own `Signer` and `SignatureVerifier` instead.
 *
 * @since 0.2.0
 */
import * as crypto from 'node:crypto'
import * as E from 'fp-ts/Either'
import { keyIdOf, type SignatureVerifier, type Signer } from '../Checkpoint'
import { nodeSha256Bytes } from './sha256'

/**
 * A fresh Ed25519 key pair as PEM text (PKCS#8 private key, SPKI public key).
 *
 * @category constructors
 * @since 0.2.0
 */
export const generateEd25519KeyPair = (): { readonly privateKeyPem: string; readonly publicKeyPem: string } => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519')
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  }
}

const spkiOf = (publicKey: crypto.KeyObject): Uint8Array => publicKey.export({ format: 'der', type: 'spki' })

/**
 * A {@link Signer} over an Ed25519 private key given as PEM (what a key file holds). The key stays in this
 * process; nothing about it reaches the store.
 *
 * @category constructors
 * @since 0.2.0
 */
export const ed25519Signer = (privateKeyPem: string): E.Either<string, Signer> => {
  let privateKey: crypto.KeyObject
  try {
    privateKey = crypto.createPrivateKey(privateKeyPem)
  } catch (cause) {
    return E.left(`the key is not a PEM private key (${String(cause)})`)
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    return E.left(`the key is a ${String(privateKey.asymmetricKeyType)} key; checkpoints are signed with Ed25519`)
  }
  const publicKey = Buffer.from(spkiOf(crypto.createPublicKey(privateKey))).toString('base64')
  return E.right({
    algorithm: 'ed25519',
    publicKey,
    keyId: keyIdOf(nodeSha256Bytes, 'ed25519', publicKey),
    sign: (message) => async () => {
      try {
        return E.right(Uint8Array.from(crypto.sign(null, message, privateKey)))
      } catch (cause) {
        return E.left(`Ed25519 signing failed (${String(cause)})`)
      }
    },
  })
}

/**
 * Verifies an Ed25519 signature with a public key given as base64 SPKI. A malformed key or signature is simply
 * not valid.
 *
 * @category utils
 * @since 0.2.0
 */
export const ed25519Verifier: SignatureVerifier = (algorithm, publicKeyBase64, message, signature) => {
  if (algorithm !== 'ed25519') return false
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' })
    return key.asymmetricKeyType === 'ed25519' && crypto.verify(null, message, key, signature)
  } catch {
    return false
  }
}
