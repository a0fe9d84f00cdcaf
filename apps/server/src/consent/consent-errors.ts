// The 403 other modules get when a consent is not in place: the message says which consent and
// why in plain words; each detail names it as `consent/<kind>` with the reason as its message.
import type { ConsentKind } from '@tessera/contracts'
import { AppError, type ErrorDetail } from '../platform/errors.ts'
import { KIND_POLICY } from './consent-kinds.ts'
import type { Shortfall } from './consent-state.ts'

const REASON: Record<Shortfall, (name: string) => string> = {
  'not-published': (name) => `${name} has not been published by the clinic yet.`,
  never: (name) => `${name} has not been given yet.`,
  withdrawn: (name) => `${name} was withdrawn.`,
  declined: (name) => `${name} was declined.`,
  outdated: (name) => `${name} has a new version that has not been accepted yet.`,
}

export interface MissingConsent {
  kind: ConsentKind
  shortfall: Shortfall
}

export function consentMissing(missing: readonly MissingConsent[]): AppError {
  const sentences = missing.map((m) => REASON[m.shortfall](KIND_POLICY[m.kind].name))
  const details: ErrorDetail[] = missing.map((m) => ({ path: `consent/${m.kind}`, message: m.shortfall }))
  const needed = missing.length > 1 ? 'They are needed' : 'It is needed'
  return new AppError('forbidden', `${sentences.join(' ')} ${needed} before this can go ahead.`, details)
}
