// Readiness asks one question of the consent module: has this patient given the consents required
// before a consultation (the privacy notice and telehealth consent, on their newest published
// texts)? This adapter is the only place intake/ touches consent; it reads `ctx.consent.current()`.
import type { ReadinessState } from '@tessera/contracts'
import type { ConsentStates } from '../consent/consent-service.ts'

export interface ConsentVerdict {
  state: ReadinessState
  /** Plain words for staff, e.g. "Telehealth consent: not given yet". Never clinical content. */
  detail: string
}

export interface ConsentReadiness {
  status(patientId: string): Promise<ConsentVerdict>
}

/** What readiness needs of the consent module (ConsentService has it). */
export interface ConsentSource {
  current(patientId: string): Promise<ConsentStates>
}

/** Used when no consent source is connected: readiness then says "unknown", never "done". */
export const CONSENT_NOT_CONNECTED: ConsentReadiness = {
  status: async () => ({ state: 'unknown', detail: 'Consent is not recorded here yet.' }),
}

type State = ConsentStates['telehealth']

function shortfall(label: string, state: State): string | null {
  if (state.currentVersion === null) return null
  switch (state.status) {
    case 'given':
      return state.current ? null : `${label}: given on an older version`
    case 'never':
      return `${label}: not given yet`
    case 'declined':
      return `${label}: declined`
    case 'withdrawn':
      return `${label}: withdrawn`
  }
}

/** Readiness from the consent module: the kinds required before a consultation. */
export function consentReadiness(source: ConsentSource): ConsentReadiness {
  return {
    status: async (patientId) => {
      const states = await source.current(patientId)
      const required: Array<[string, State]> = [
        ['Privacy notice', states.privacyNotice],
        ['Telehealth consent', states.telehealth],
      ]
      const unpublished = required.filter(([, s]) => s.currentVersion === null).map(([label]) => label)
      const missing = required.flatMap(([label, s]) => shortfall(label, s) ?? [])
      if (missing.length > 0) return { state: 'missing', detail: `${missing.join('; ')}.` }
      if (unpublished.length > 0)
        return { state: 'unknown', detail: `The clinic has not published: ${unpublished.join(', ')}.` }
      return { state: 'done', detail: 'Privacy notice and telehealth consent given.' }
    },
  }
}
