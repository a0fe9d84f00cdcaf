// Where master keys live. The vault only ever asks a provider to wrap or unwrap a patient key under
// a numbered version, so a cloud KMS (AWS KMS, GCP KMS, Azure Key Vault, Vault transit) fits the
// same interface: its Encrypt/Decrypt calls with the AAD as encryption context.

export type DestroyResult = 'destroyed' | 'absent' | 'kept'

export interface MasterKeyProvider {
  /** The newest version held; a fresh installation's first version. */
  currentVersion(): Promise<number>
  /** Wraps a 32-byte key under `version`, bound to `aad`. The result is opaque text. */
  wrap(version: number, key: Buffer, aad: Buffer): Promise<string>
  /** Throws VaultIntegrityError for a wrong AAD or tampered input, VaultKeyUnavailable when the
   * version is not held. */
  unwrap(version: number, wrapped: string, aad: Buffer): Promise<Buffer>
  /** Identifies the key of `version` without revealing it, so instances holding different keys
   * for one version are told apart before they wrap anything. */
  checkValue(version: number): Promise<string>
  /** Makes `version` unless it exists (rotation; idempotent). */
  createVersion(version: number): Promise<void>
  /** Destroys the material of `version` (idempotent). 'kept' when this provider cannot destroy it. */
  destroyVersion(version: number): Promise<DestroyResult>
  /** Where a version lives, for the operator (a file path, a KMS key name); never key material. */
  describe(version: number): string
}
