// Reading an account's second factors (what it can use, what the UI shows).
import { sql, type Kysely } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import type { FactorKind } from '@tessera/contracts'

export interface FactorState {
  passkeys: number
  totp: boolean
  emailCode: boolean
  recoveryCodesLeft: number
}

/** One round trip: sign-in, enrolment and GET /api/session all need the whole picture. */
export async function factorState(db: Kysely<Database>, accountId: string): Promise<FactorState> {
  const row = (
    await sql<{ passkeys: string; totp: boolean; email: boolean; codes: string }>`select
      (select count(*) from webauthn_credential where account_id = ${accountId})::text as passkeys,
      exists (select 1 from totp_credential where account_id = ${accountId} and confirmed_at is not null) as totp,
      exists (select 1 from email_mfa_enrolment where account_id = ${accountId}) as email,
      (select count(*) from recovery_code where account_id = ${accountId} and used_at is null)::text as codes`.execute(
      db,
    )
  ).rows[0]!
  return {
    passkeys: Number(row.passkeys),
    totp: row.totp,
    emailCode: row.email,
    recoveryCodesLeft: Number(row.codes),
  }
}

/** Whether the account has any second factor (recovery codes alone do not count: they are a fallback). */
export function hasSecondFactor(state: FactorState): boolean {
  return state.passkeys > 0 || state.totp || state.emailCode
}

export function usableFactors(state: FactorState, emailCodeAllowed: boolean): FactorKind[] {
  const out: FactorKind[] = []
  if (state.passkeys > 0) out.push('passkey')
  if (state.totp) out.push('totp')
  if (state.emailCode && emailCodeAllowed) out.push('email-code')
  if (state.recoveryCodesLeft > 0) out.push('recovery-code')
  return out
}
