// Errors of the key hierarchy. VaultKeyErased is an AppError ('gone', HTTP 410): a route that
// reaches erased data answers with it as is. The others are operator problems (5xx, log only).
import { AppError } from '../../platform/errors.ts'

/** The patient's key was destroyed (crypto-shredding): their documents and protected text are gone. */
export class VaultKeyErased extends AppError {
  constructor() {
    super('gone', 'This record was erased: its encryption key was destroyed, so it can no longer be read.')
  }
}

/** A master key version the stored keys need is not held here (missing key file, wrong key). */
export class VaultKeyUnavailable extends Error {
  override readonly name = 'VaultKeyUnavailable'
}
