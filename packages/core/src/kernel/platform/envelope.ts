/**
 * The platform seam for personal-data protection: AES-256-GCM sealing, random data keys and HMAC-SHA256, from
 * `node:crypto`. Like {@link nodeSha256}, a runtime without `node:crypto` passes its own {@link Envelope}.
 *
 * @since 0.1.0
 */
import * as crypto from 'node:crypto'

/**
 * Authenticated encryption and keyed hashing, as the PII vault needs them. A sealed box is
 * `iv (12 bytes) ‖ tag (16 bytes) ‖ ciphertext`; `aad` binds it to its context (the person id), so a box moved
 * to another person's row does not open.
 *
 * @category model
 * @since 0.1.0
 */
export interface Envelope {
  /** A fresh 256-bit key from a cryptographic random source. */
  readonly randomKey: () => Uint8Array
  readonly seal: (key: Uint8Array, plaintext: Uint8Array, aad: string) => Uint8Array
  /** `undefined` when the key is wrong or the box or its context was altered. */
  readonly open: (key: Uint8Array, sealed: Uint8Array, aad: string) => Uint8Array | undefined
  /** HMAC-SHA256 as 64 lowercase hex digits. */
  readonly hmacSha256: (key: Uint8Array, message: string) => string
}

const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * The {@link Envelope} from `node:crypto`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const nodeEnvelope: Envelope = {
  randomKey: () => new Uint8Array(crypto.randomBytes(32)),
  seal: (key, plaintext, aad) => {
    const iv = crypto.randomBytes(IV_BYTES)
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(Buffer.from(aad, 'utf8'))
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
    return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]))
  },
  open: (key, sealed, aad) => {
    if (key.length !== 32 || sealed.length < IV_BYTES + TAG_BYTES) return undefined
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES))
      decipher.setAAD(Buffer.from(aad, 'utf8'))
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      return new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]))
    } catch {
      // GCM authentication failed: a wrong key or an altered box; the caller reports it as data.
      return undefined
    }
  },
  hmacSha256: (key, message) => crypto.createHmac('sha256', key).update(message, 'utf8').digest('hex'),
}
