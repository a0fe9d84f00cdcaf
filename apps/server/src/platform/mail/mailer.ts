// The mail module's contract. Everything the server sends by email goes through a `MailTransport`:
// SMTP in production (smtp-transport.ts), an outbox the admin can read in development
// (outbox-transport.ts). Bodies are plain text built by templates.ts, which take no clinical
// parameters: email is not end-to-end protected, so it only ever says "sign in to see it"
// (JOURNEYS.md patient steps 6 and 8; SECURITY.md S21, no PHI in reminders).

/** Why a message is sent. Lets the lead route, rate-limit and audit per kind without reading bodies. */
export type MailCategory =
  | 'verification'
  | 'reset'
  | 'factor-notice'
  | 'reminder'
  | 'notification'
  | 'invitation'
  | 'alert'
  | 'mfa-code'

export const MAIL_CATEGORIES: readonly MailCategory[] = [
  'verification',
  'reset',
  'factor-notice',
  'reminder',
  'notification',
  'invitation',
  'alert',
  'mfa-code',
]

export interface OutgoingMail {
  /** One recipient address, nothing else (no display name, no list). */
  to: string
  subject: string
  /** Plain text only: no HTML, so no remote images, tracking pixels or hidden content (S38). */
  text: string
  category: MailCategory
  /**
   * Display name on the From line instead of the configured one (the clinic's reminder sender name,
   * chosen so that it need not reveal its specialty). One header value: no line breaks.
   */
  fromName?: string
}

/**
 * The outcome of one delivery attempt. `error` is written for logs and the admin's view: it carries
 * a status or error code and never the message body, the subject or the recipient (S21). `retryable`
 * says whether trying the same message later can succeed; a non-retryable failure must be surfaced
 * (alerted), never dropped (S24: created = delivered + failed-and-alerted).
 */
export type DeliveryResult =
  { ok: true; messageId: string } | { ok: false; error: string; retryable: boolean }

export interface MailTransport {
  /** Resolves with a result for every outcome; it does not reject for delivery failures. */
  send(message: OutgoingMail): Promise<DeliveryResult>
}

// A deliberately narrow address check: one mailbox, no spaces, no control characters, no separators
// that nodemailer would read as a second recipient or a display name. Registration validates
// addresses properly; this guards the transport against a value that slipped through.
const SINGLE_ADDRESS = /^[^\s@,;<>"()\\[\]:]+@[^\s@,;<>"()\\[\]:]+\.[^\s@,;<>"()\\[\]:]+$/

export function isSingleAddress(address: string): boolean {
  return address.length <= 254 && SINGLE_ADDRESS.test(address)
}

/** Subjects are one header line; a CR or LF in one is a bug or an injection attempt. */
export function hasHeaderBreak(value: string): boolean {
  return /[\r\n]/.test(value)
}

/**
 * Checks done by every transport before it sends, so that the dev outbox refuses exactly what SMTP
 * would. Returns a failed result, or null when the message may be sent.
 */
export function rejectMalformed(message: OutgoingMail): DeliveryResult | null {
  if (!isSingleAddress(message.to)) {
    return { ok: false, error: 'invalid recipient address', retryable: false }
  }
  if (hasHeaderBreak(message.subject))
    return { ok: false, error: 'subject contains a line break', retryable: false }
  if (
    message.fromName !== undefined &&
    (hasHeaderBreak(message.fromName) || message.fromName.trim() === '')
  ) {
    return { ok: false, error: 'invalid sender name', retryable: false }
  }
  if (!MAIL_CATEGORIES.includes(message.category)) {
    return { ok: false, error: 'unknown mail category', retryable: false }
  }
  return null
}
