// Canary values for S21 ("canary strings seeded through the whole e2e suite: 0 found in ...
// reminders"): used by templates.test.ts and smtp-transport.test.ts, and available to the e2e suite.
import {
  accountLockedNotice,
  appointmentReminder,
  breakGlassAlert,
  misuseAlertNotice,
  passwordChangedNotice,
  registrationAttemptNotice,
  factorChangeNotice,
  mfaCodeEmail,
  newMessageNotice,
  passwordResetEmail,
  staffInvitation,
  verificationEmail,
} from './templates.ts'
import type { RenderedMail } from './templates.ts'

// Canary values a careless caller might pass along. They are extra properties on the argument, as
// they would be if someone spread a patient or appointment record into it; structural typing lets
// that through, so the templates themselves must ignore them.
export const CANARIES = Object.freeze({
  patientName: 'Bartholomew Quenby',
  clinicianName: 'Dr Ottoline Fairweather',
  appointmentType: 'Oncology follow-up',
  diagnosis: 'Glioblastoma multiforme',
  clinicName: 'Harbourside Fertility Centre',
})
/** Single words of the canaries, each distinctive enough that finding it anywhere means a leak. */
export const CANARY_WORDS: readonly string[] = Object.values(CANARIES)
  .flatMap((value) => value.split(' '))
  .filter((word) => word.length > 3 && word !== 'follow-up')

export const CANARY_LINK = 'https://clinic.example/verify#t=3q2-7w_aQ9ZBXr6dbd0sR4Tf1nYk8UcG2mhLpVeJxoE'
export const CANARY_SIGN_IN_URL = 'https://clinic.example/sign-in'
export const CANARY_AT = new Date('2025-03-03T10:00:00Z')

/** Every template, rendered with canaries smuggled into its arguments. */
export function renderAllWithCanaries(): Array<[name: string, mail: RenderedMail]> {
  const withCanaries = <T extends object>(params: T): T => ({ ...CANARIES, ...params })
  return [
    ['verification', verificationEmail(withCanaries({ link: CANARY_LINK }))],
    ['reset', passwordResetEmail(withCanaries({ link: CANARY_LINK }))],
    [
      'factor added',
      factorChangeNotice(
        withCanaries({
          change: 'added' as const,
          factor: 'passkey' as const,
          at: CANARY_AT,
          timeZone: 'Europe/London',
        }),
      ),
    ],
    [
      'factor removed',
      factorChangeNotice(
        withCanaries({
          change: 'removed' as const,
          factor: 'authenticator-app' as const,
          at: CANARY_AT,
          timeZone: 'Europe/London',
        }),
      ),
    ],
    ['invitation', staffInvitation(withCanaries({ link: CANARY_LINK }))],
    ['mfa code', mfaCodeEmail(withCanaries({ code: '042917' }))],
    ['new message', newMessageNotice(withCanaries({ signInUrl: CANARY_SIGN_IN_URL }))],
    [
      'reminder',
      appointmentReminder(
        withCanaries({ at: CANARY_AT, timeZone: 'Europe/London', signInUrl: CANARY_SIGN_IN_URL }),
      ),
    ],
    ['account locked', accountLockedNotice(withCanaries({ resetUrl: CANARY_SIGN_IN_URL }))],
    ['break-glass alert', breakGlassAlert(withCanaries({ signInUrl: CANARY_SIGN_IN_URL }))],
    ['misuse alert', misuseAlertNotice(withCanaries({ signInUrl: CANARY_SIGN_IN_URL }))],
    [
      'password changed',
      passwordChangedNotice(
        withCanaries({ at: CANARY_AT, timeZone: 'Europe/London', resetUrl: CANARY_SIGN_IN_URL }),
      ),
    ],
    [
      'registration attempt',
      registrationAttemptNotice(
        withCanaries({ signInUrl: CANARY_SIGN_IN_URL, resetUrl: CANARY_SIGN_IN_URL }),
      ),
    ],
  ]
}
