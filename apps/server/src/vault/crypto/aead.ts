// AES-256-GCM as the vault uses it for small values (keys, free text): a fresh random 96-bit nonce
// per value, the 16-byte tag appended. Node's crypto (OpenSSL) only; NIST SP 800-38D.
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto'
import { VaultIntegrityError } from './errors.ts'

export const KEY_SIZE = 32
export const NONCE_SIZE = 12
export const TAG_SIZE = 16

export type AeadKey = Buffer | KeyObject

/** One AES-256-GCM encryption with a caller-chosen nonce (the stream format; the test vectors). */
export function gcmEncrypt(
  key: AeadKey,
  nonce: Buffer,
  plaintext: Buffer,
  aad: Buffer,
): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_SIZE })
  cipher.setAAD(aad)
  const ciphertext = cipher.update(plaintext)
  cipher.final()
  return { ciphertext, tag: cipher.getAuthTag() }
}

/** The matching decryption; throws VaultIntegrityError unless the tag verifies. */
export function gcmDecrypt(
  key: AeadKey,
  nonce: Buffer,
  ciphertext: Buffer,
  tag: Buffer,
  aad: Buffer,
): Buffer {
  if (tag.length !== TAG_SIZE) throw new VaultIntegrityError()
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_SIZE })
    decipher.setAAD(aad)
    decipher.setAuthTag(tag)
    const plaintext = decipher.update(ciphertext)
    decipher.final()
    return plaintext
  } catch {
    throw new VaultIntegrityError()
  }
}

/** nonce (12) || ciphertext || tag (16), under a fresh random nonce. */
export function seal(key: AeadKey, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_SIZE)
  const { ciphertext, tag } = gcmEncrypt(key, nonce, plaintext, aad)
  return Buffer.concat([nonce, ciphertext, tag])
}

export function open(key: AeadKey, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < NONCE_SIZE + TAG_SIZE) throw new VaultIntegrityError()
  return gcmDecrypt(
    key,
    sealed.subarray(0, NONCE_SIZE),
    sealed.subarray(NONCE_SIZE, sealed.length - TAG_SIZE),
    sealed.subarray(sealed.length - TAG_SIZE),
    aad,
  )
}

/** Associated data from labelled parts, each length-prefixed so no two part lists encode alike. */
export function associatedData(label: string, ...parts: Array<string | number>): Buffer {
  const chunks: Buffer[] = []
  for (const part of [label, ...parts.map(String)]) {
    const bytes = Buffer.from(part, 'utf8')
    const length = Buffer.alloc(4)
    length.writeUInt32BE(bytes.length)
    chunks.push(length, bytes)
  }
  return Buffer.concat(chunks)
}
