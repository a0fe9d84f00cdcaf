// What the identity services share, built once in createContext.
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from '../platform/config.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { MailService } from '../platform/mail/mail-service.ts'
import type { SecretBox } from '../platform/secret-box.ts'
import type { ClinicSettingsStore } from '../platform/settings/clinic-settings.ts'
import type { PasswordPolicy } from './password-policy.ts'
import type { SessionStore } from './session-store.ts'

export interface IdentityDeps {
  db: Kysely<Database>
  clock: Clock
  config: Config
  log: Logger
  sessions: SessionStore
  mail: MailService
  box: SecretBox
  passwordPolicy: PasswordPolicy
  settings: ClinicSettingsStore
  /** The address people use to reach Tessera (for links in emails), without a trailing slash. */
  publicUrl(): string
  /** For requests to the OpenID provider: the egress guard's fetch (compliance/egress-guard.ts). */
  fetch?: typeof fetch
}
