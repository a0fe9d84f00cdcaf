// What the vault's formats throw. The messages are generic on purpose: they reach logs, and a log
// line must not carry key material, plaintext or which byte failed (STYLE.md, logs).

/** Stored ciphertext failed authentication: flipped bits, truncation, reordering, trailing data,
 * a segment or value moved from another document or patient, or the wrong key (S27, S29). */
export class VaultIntegrityError extends Error {
  override readonly name = 'VaultIntegrityError'
  constructor(message = 'encrypted data failed its integrity check') {
    super(message)
  }
}
