// Plain-text emails. Email is read on lock screens, shared devices and by mail providers, and is not
// end-to-end protected, so a message says that something exists and asks the user to sign in; it
// never says what (JOURNEYS.md patient steps 6 and 8; SECURITY.md S21 "0 canaries in reminders").
//
// The rule is enforced by the parameter types: every template takes only links, codes, numbers,
// dates and fixed enumerations. There is no free-text parameter, so nothing can carry the name of a
// patient or clinician, an appointment type or a diagnosis; extra properties on the argument object
// are ignored, never read. Add a parameter here only if it cannot hold clinical text.
import type { MailCategory, OutgoingMail } from './mailer.ts'

export interface RenderedMail {
  subject: string
  text: string
  category: MailCategory
}

const FOOTER = 'This is an automated message. Replies to this address are not read.'

/** Loopback hosts where http is tolerated, for development only. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Links must be absolute https URLs of the app (http only on loopback, for development) and carry
 * no credentials. They are expected to be the app's origin, a fixed path and an opaque token
 * (identity/tokens.ts); never an identifier of a patient (S32).
 */
export function checkLink(link: string): string {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    throw new RangeError('mail link is not an absolute URL')
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))
  if (!secure || url.username !== '' || url.password !== '') {
    throw new RangeError('mail link must be an https URL without credentials')
  }
  return url.href
}

function positiveWhole(value: number, what: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${what} must be a positive whole number`)
  return value
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}

function body(...paragraphs: string[]): string {
  return [...paragraphs, FOOTER].join('\n\n') + '\n'
}

export interface WhenInput {
  at: Date
  /** IANA zone of the reader (the patient's own zone for reminders: JOURNEYS.md patient step 5). */
  timeZone: string
  /** BCP 47 locale for month names; en-GB by default. */
  locale?: string
}

/** "3 March" and "10:00" in the reader's zone. Throws RangeError for an unknown zone or locale. */
export function formatWhen(when: WhenInput, withZoneName = false): { date: string; time: string } {
  if (Number.isNaN(when.at.getTime())) throw new RangeError('invalid date')
  const locale = when.locale ?? 'en-GB'
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: when.timeZone })
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: when.timeZone,
    ...(withZoneName ? { timeZoneName: 'short' } : {}),
  })
  return { date: date.format(when.at), time: time.format(when.at) }
}

export function verificationEmail(params: { link: string; expiresInHours?: number }): RenderedMail {
  const hours = positiveWhole(params.expiresInHours ?? 24, 'expiresInHours')
  return {
    category: 'verification',
    subject: 'Confirm your email address',
    text: body(
      'Please confirm your email address to finish setting up your account.',
      `Open this link to confirm:\n${checkLink(params.link)}`,
      `The link works once and expires in ${plural(hours, 'hour')}. If you did not create an account, you can ignore this email.`,
    ),
  }
}

export function passwordResetEmail(params: { link: string; expiresInMinutes?: number }): RenderedMail {
  const minutes = positiveWhole(params.expiresInMinutes ?? 30, 'expiresInMinutes')
  return {
    category: 'reset',
    subject: 'Reset your password',
    text: body(
      'Someone asked to reset the password for your account. If it was you, open this link to choose a new password:',
      checkLink(params.link),
      // S13: a reset changes the password only; the second factor is still asked for afterwards.
      `The link works once and expires in ${plural(minutes, 'minute')}. You will still need your second sign-in step afterwards.`,
      'If you did not ask for this, ignore this email: your password has not changed.',
    ),
  }
}

export type FactorKind = 'passkey' | 'authenticator-app' | 'email-code' | 'recovery-codes'

const FACTOR_LABELS: Readonly<Record<FactorKind, string>> = {
  passkey: 'A passkey',
  'authenticator-app': 'An authenticator app',
  'email-code': 'Sign-in codes by email',
  'recovery-codes': 'A new set of recovery codes',
}

/** S13: every change to a sign-in method is told to the account owner, through a channel they hold. */
export function factorChangeNotice(
  params: { change: 'added' | 'removed' | 'used'; factor: FactorKind } & WhenInput,
): RenderedMail {
  const { date, time } = formatWhen(params, true)
  const label = FACTOR_LABELS[params.factor]
  const where =
    params.change === 'added' ? 'added to' : params.change === 'used' ? 'used to sign in to' : 'removed from'
  return {
    category: 'factor-notice',
    subject: `A sign-in method was ${where} your account`,
    text: body(
      `${label} was ${where} your account on ${date} at ${time}.`,
      'If this was you, there is nothing to do.',
      'If it was not you, sign in and review your security settings, or contact the clinic straight away: someone may know your password.',
    ),
  }
}

export function staffInvitation(params: { link: string; expiresInHours?: number }): RenderedMail {
  const hours = positiveWhole(params.expiresInHours ?? 72, 'expiresInHours')
  return {
    category: 'invitation',
    subject: 'Your invitation to join the clinic team',
    text: body(
      'You have been invited to create a staff account. Open this link to choose your password and set up your sign-in steps:',
      checkLink(params.link),
      `The link works once and expires in ${plural(hours, 'hour')}. If you were not expecting this, ignore this email.`,
    ),
  }
}

export function mfaCodeEmail(params: { code: string; expiresInMinutes?: number }): RenderedMail {
  if (!/^\d{6}$/.test(params.code)) throw new RangeError('sign-in code must be 6 digits')
  const minutes = positiveWhole(params.expiresInMinutes ?? 10, 'expiresInMinutes')
  return {
    category: 'mfa-code',
    // The code is kept out of the subject, which lock screens and notification previews show.
    subject: 'Your sign-in code',
    text: body(
      `Your sign-in code is: ${params.code}`,
      `It expires in ${plural(minutes, 'minute')}. Nobody from the clinic will ever ask you for it.`,
      'If you did not try to sign in, change your password.',
    ),
  }
}

export function newMessageNotice(params: { signInUrl: string }): RenderedMail {
  return {
    category: 'notification',
    subject: 'You have a new secure message',
    text: body(`You have a new secure message. Sign in to read it.\n${checkLink(params.signInUrl)}`),
  }
}

/** JOURNEYS.md patient step 6, word for word: date and time only, no clinical content. */
export function appointmentReminder(params: WhenInput & { signInUrl: string }): RenderedMail {
  const { date, time } = formatWhen(params)
  return {
    category: 'reminder',
    subject: 'Appointment reminder',
    text: body(
      `You have an appointment on ${date} at ${time}. Sign in to see details.\n${checkLink(params.signInUrl)}`,
    ),
  }
}

/** Addresses a rendered template; the transport does the rest. */
export function addressed(to: string, mail: RenderedMail): OutgoingMail {
  return { to, subject: mail.subject, text: mail.text, category: mail.category }
}

/** S10: after too many failed sign-ins the account locks and its owner is told how to get back in. */
export function accountLockedNotice(params: { resetUrl: string }): RenderedMail {
  return {
    category: 'alert',
    subject: 'Your account was locked after many failed sign-ins',
    text: body(
      'Someone tried many wrong passwords or codes for your account, so we locked it to keep it safe.',
      `To unlock it, set a new password: ${checkLink(params.resetUrl)}`,
      'If this was not you, your account is still safe: the attempts did not succeed.',
    ),
  }
}

/** S5: break-glass use alerts the privacy officers; the details are only behind sign-in. */
export function breakGlassAlert(params: { signInUrl: string }): RenderedMail {
  return {
    category: 'alert',
    subject: 'Emergency access to a record was used',
    text: body(
      'A clinician used emergency ("break-glass") access to a patient record.',
      `Sign in to review who, when and the reason they gave: ${checkLink(params.signInUrl)}`,
    ),
  }
}

/**
 * S13: a password change (by reset or by the owner) is told to the owner, with a way back in when it
 * was not them.
 */
export function passwordChangedNotice(params: WhenInput & { resetUrl: string }): RenderedMail {
  const { date, time } = formatWhen(params, true)
  return {
    category: 'factor-notice',
    subject: 'Your password was changed',
    text: body(
      `The password for your account was changed on ${date} at ${time}. Devices that were signed in with the old password have been signed out.`,
      'If this was you, there is nothing to do.',
      `If it was not you, reset your password now and contact the clinic straight away: ${checkLink(params.resetUrl)}`,
    ),
  }
}

/**
 * S10: registering with an address that already has an account answers the caller exactly like a
 * new registration; only the owner of the address hears about it, here.
 */
export function registrationAttemptNotice(params: { signInUrl: string; resetUrl: string }): RenderedMail {
  return {
    category: 'alert',
    subject: 'Someone tried to create an account with your email address',
    text: body(
      'Someone tried to create a new account with this email address, but you already have one.',
      `If it was you, sign in instead: ${checkLink(params.signInUrl)}`,
      `If you have forgotten your password, reset it: ${checkLink(params.resetUrl)}`,
      'If it was not you, ignore this email: nothing has changed.',
    ),
  }
}

/**
 * S23: the misuse detector raised an alert. Sent to the privacy officers and the security contact;
 * it says only that something was flagged: who, which rule and which records are behind sign-in.
 */
export function misuseAlertNotice(params: { signInUrl: string }): RenderedMail {
  return {
    category: 'alert',
    subject: 'A possible misuse of patient records was detected',
    text: body(
      'A possible misuse of patient records was detected. Sign in to review it.',
      checkLink(params.signInUrl),
    ),
  }
}
