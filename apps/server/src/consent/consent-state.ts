// A patient's standing on one kind of consent, from their latest decision and the newest
// published text. Pure, so the rules are tested without a database.
import type { ConsentKind, ConsentStatus } from '@tessera/contracts'
import type { ConsentDecisionKind } from './consent-tables.ts'

export interface ConsentState {
  kind: ConsentKind
  /** given / withdrawn / declined by the latest decision, or never (no decision yet). */
  status: ConsentStatus
  /** The text version the latest decision was on (null when never). */
  version: number | null
  /** When the latest decision was made. */
  at: Date | null
  /** The newest published version of this kind (null while the clinic has published none). */
  currentVersion: number | null
  /** The latest decision was on the newest published version. */
  current: boolean
}

export interface LatestDecision {
  decision: ConsentDecisionKind
  version: number
  at: Date
}

export function stateOf(
  kind: ConsentKind,
  latest: LatestDecision | undefined,
  currentVersion: number | null,
): ConsentState {
  return {
    kind,
    status: latest ? latest.decision : 'never',
    version: latest?.version ?? null,
    at: latest?.at ?? null,
    currentVersion,
    current: latest !== undefined && currentVersion !== null && latest.version === currentVersion,
  }
}

/**
 * Whether to ask the patient now: a published text they never answered, or a newer version of one
 * they accepted. A decline or a withdrawal is their choice and is not asked again unprompted.
 */
export function needsAnswer(state: ConsentState): boolean {
  if (state.currentVersion === null) return false
  if (state.status === 'never') return true
  return state.status === 'given' && !state.current
}

/** Why consent is not in place (the detail message of the 403), or null when it is. */
export type Shortfall = 'not-published' | 'never' | 'withdrawn' | 'declined' | 'outdated'

export function shortfallOf(state: ConsentState, options: { anyVersion?: boolean } = {}): Shortfall | null {
  if (state.currentVersion === null) return 'not-published'
  if (state.status === 'given') return state.current || options.anyVersion ? null : 'outdated'
  return state.status
}
