/**
 * Hex text for digests, without `Buffer` (the kernel runs where `node:*` does not).
 *
 * @since 0.2.0
 */

const DIGITS = '0123456789abcdef'

/**
 * Lowercase hex of bytes.
 *
 * @category utils
 * @since 0.2.0
 */
export const bytesToHex = (bytes: Uint8Array): string => {
  let out = ''
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    out += DIGITS[b >> 4]! + DIGITS[b & 15]!
  }
  return out
}

/**
 * Bytes of hex text, or `undefined` when the text is not an even number of hex digits.
 *
 * @category utils
 * @since 0.2.0
 */
export const hexToBytes = (hex: string): Uint8Array | undefined => {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

/**
 * Whether two byte strings are equal.
 *
 * @category utils
 * @since 0.2.0
 */
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
