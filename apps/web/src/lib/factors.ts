import type { FactorKind, SessionView } from '@tessera/contracts'

/** The second factors this account can use now, in the order the page offers them. */
export function usableFactors(view: Pick<SessionView, 'factors' | 'emailCodeAllowed'>): FactorKind[] {
  const { factors } = view
  const kinds: FactorKind[] = []
  if (factors.passkeys > 0) kinds.push('passkey')
  if (factors.totp) kinds.push('totp')
  if (factors.emailCode && view.emailCodeAllowed) kinds.push('email-code')
  if (factors.recoveryCodesLeft > 0) kinds.push('recovery-code')
  return kinds
}

/** Codes are typed with spaces or dashes sometimes ("123 456"); the server wants the digits. */
export function normaliseCode(value: string): string {
  return value.replace(/[\s-]+/g, '')
}
