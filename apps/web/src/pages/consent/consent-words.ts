// Plain words for consent states, shared by the patient's pages.
import type { ConsentKind, ConsentStateView, PatientConsentItem } from '@tessera/contracts'
import { formatDate } from '../../lib/format-time.ts'

export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'neutral'

/** A short badge for the state, and its tone. */
export function statusBadge(item: PatientConsentItem): { text: string; tone: Tone } {
  const s = item.state
  if (s.status === 'given')
    return s.current
      ? { text: 'Agreed', tone: 'success' }
      : { text: 'Updated: please review', tone: 'warning' }
  if (s.status === 'withdrawn') return { text: 'Withdrawn', tone: 'danger' }
  if (s.status === 'declined') return { text: 'Declined', tone: 'neutral' }
  return { text: 'Not answered yet', tone: 'info' }
}

/** One sentence on when and to which version the latest decision was made. */
export function stateSentence(state: ConsentStateView): string {
  const when = state.at ? formatDate(state.at) : ''
  switch (state.status) {
    case 'given':
      return `You agreed to version ${state.version ?? '?'} on ${when}.`
    case 'withdrawn':
      return `You withdrew it on ${when}.`
    case 'declined':
      return `You said no on ${when}.`
    case 'never':
      return 'You have not answered yet.'
  }
}

export function requirementSentence(item: PatientConsentItem): string {
  return item.requiredBefore === 'consultation'
    ? 'Needed before your video consultations.'
    : 'Optional: your care does not change if you say no.'
}

/** What withdrawing means, said before the patient confirms. */
export const WITHDRAW_EFFECT: Record<ConsentKind, string> = {
  'privacy-notice':
    'You will not be able to have video consultations until you accept the privacy notice again.',
  telehealth: 'You will not be able to join video consultations until you agree again.',
  'gp-sharing': "We will stop writing to your GP. Letters already sent stay in your GP's record.",
}

export const ACCEPT_LABEL: Record<ConsentKind, string> = {
  'privacy-notice': 'I have read it',
  telehealth: 'I agree',
  'gp-sharing': 'Yes, keep my GP informed',
}

export const DECLINE_LABEL = 'No, thank you'
