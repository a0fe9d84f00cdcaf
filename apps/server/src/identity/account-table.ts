import type { ColumnType, Generated } from 'kysely'

export type Role = 'patient' | 'clinician' | 'pharmacist' | 'reception' | 'admin' | 'privacy-officer'
export const ROLES: readonly Role[] = [
  'patient',
  'clinician',
  'pharmacist',
  'reception',
  'admin',
  'privacy-officer',
]

export interface AccountTable {
  id: ColumnType<string, string, never>
  email: string
  display_name: string
  role: Role
  /** Clinician flags: prescriber, specialist register. */
  is_prescriber: Generated<boolean>
  is_specialist: Generated<boolean>
  password_hash: string | null
  email_verified_at: ColumnType<Date | null, Date | string | null, Date | string | null>
  disabled_at: ColumnType<Date | null, Date | string | null, Date | string | null>
  /** Created by `tessera seed-demo`; seed-demo refuses to run where any account is not a demo one. */
  is_demo: Generated<boolean>
  created_at: ColumnType<Date, Date | string, never>
  /** Consecutive failed password sign-ins; backoff grows with it, lock at 100 (S10). */
  failed_sign_ins: Generated<number>
  locked_until: ColumnType<Date | null, Date | string | null, Date | string | null>
  password_changed_at: ColumnType<Date | null, Date | string | null, Date | string | null>
  oidc_issuer: string | null
  oidc_subject: string | null
}
