// Who is asking: built from a valid session on every request that needs one.
import type { Role } from '../identity/account-table.ts'
import type { AuthMethod, SessionLevel } from '../identity/identity-tables.ts'

export interface Actor {
  accountId: string
  role: Role
  prescriber: boolean
  specialist: boolean
  sessionId: string
  level: SessionLevel
  methods: AuthMethod[]
  /** Last second-factor check (for step-up, S17). */
  mfaAt: Date | null
  /** Set when the request came from a SMART app with an access token (smart/): which app, what scopes. */
  app?: SmartAppGrant | undefined
}

export interface SmartAppGrant {
  clientId: string
  /** Granted SMART scopes, e.g. `patient/Observation.rs`, `user/*.rs`. */
  scopes: readonly string[]
}

export const STAFF_ROLES: readonly Role[] = [
  'clinician',
  'pharmacist',
  'reception',
  'admin',
  'privacy-officer',
]

export function isStaff(role: Role): boolean {
  return role !== 'patient'
}
