// Reading an account's second factors (what it can use, what the UI shows).
import type { Kysely } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import type { FactorKind } from '@tessera/contracts'

export interface FactorState {
  passkeys: number
  totp: boolean
  emailCode: boolean
  recoveryCodesLeft: number
}

export async function factorState(db: Kysely<Database>, accountId: string): Promise<FactorState> {
  const [passkeys, totp, email, codes] = await Promise.all([
    db
      .selectFrom('webauthn_credential')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('totp_credential')
      .select('id')
      .where('account_id', '=', accountId)
      .where('confirmed_at', 'is not', null)
      .executeTakeFirst(),
    db
      .selectFrom('email_mfa_enrolment')
      .select('account_id')
      .where('account_id', '=', accountId)
      .executeTakeFirst(),
    db
      .selectFrom('recovery_code')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ])
  return {
    passkeys: Number(passkeys.n),
    totp: totp !== undefined,
    emailCode: email !== undefined,
    recoveryCodesLeft: Number(codes.n),
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
