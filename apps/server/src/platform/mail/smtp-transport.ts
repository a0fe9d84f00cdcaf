// Production mail: SMTP through nodemailer, text only. The clinic's own relay or provider is an outside
// processor, so what it sees is kept to the recipient, a subject and a "sign in" text (templates.ts).
import nodemailer from 'nodemailer'
import type { SMTPTransportOptions } from 'nodemailer'
import { rejectMalformed } from './mailer.ts'
import type { DeliveryResult, MailTransport, OutgoingMail } from './mailer.ts'

export interface SmtpConfig {
  host: string
  port: number
  /** TLS from the first byte (usually port 465). When false, see `starttls`. */
  secure: boolean
  user?: string
  password?: string
  /** Envelope and header sender address. */
  from: string
  /**
   * Display name on the From line. Configurable so that it need not reveal the clinic's specialty
   * to anyone who sees the inbox (JOURNEYS.md patient step 6).
   */
  fromName: string
  /**
   * Only when `secure` is false. 'required' (default) refuses to send unless the server upgrades
   * with STARTTLS, so a downgrade by a network attacker fails instead of sending in clear (S32).
   * 'opportunistic' uses it when offered; 'off' never does (a relay on the same host, tests).
   */
  starttls?: 'required' | 'opportunistic' | 'off'
  timeouts?: Partial<SmtpTimeouts>
}

export interface SmtpTimeouts {
  connectMs: number
  greetingMs: number
  socketMs: number
}

/**
 * nodemailer's defaults (2 min to connect, 10 min idle) would hold a delivery worker for minutes on a
 * dead relay; a failed attempt is retried later anyway, so fail fast.
 */
export const DEFAULT_SMTP_TIMEOUTS: Readonly<SmtpTimeouts> = Object.freeze({
  connectMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
})

export type SmtpCheckResult = { ok: true } | Extract<DeliveryResult, { ok: false }>

export interface SmtpTransport extends MailTransport {
  /** Connects and authenticates without sending: for a start-up or admin "test settings" check. */
  verify(): Promise<SmtpCheckResult>
  close(): void
}

/** Socket-level failures: the relay may be back in a minute. */
const RETRYABLE_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'EPROTOCOL',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'EMAXLIMIT',
])

/**
 * Failures with no SMTP reply that retrying cannot fix: credentials, TLS policy, configuration, a
 * message nodemailer itself refused. They need an admin, so they surface as alerts instead of looping.
 */
const PERMANENT_CODES = new Set([
  'EAUTH',
  'ENOAUTH',
  'ETLS',
  'EREQUIRETLS',
  'ECONFIG',
  'EENVELOPE',
  'EMESSAGE',
  'EMAXRECIPIENTS',
  'EFILEACCESS',
  'EURLACCESS',
])

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined
}

/** Error codes are identifiers; anything else is dropped rather than copied into a log line. */
function safeCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Z][A-Z0-9_]{1,31}$/.test(value) ? value : undefined
}

/**
 * Maps whatever nodemailer threw to a DeliveryResult. The text is built only from the numeric reply,
 * the RFC 3463 enhanced status (e.g. 5.1.1) and the error code: never from `message` or `response`,
 * which can echo the recipient address or, on a DATA rejection, part of the message (S21).
 *
 * RFC 5321 section 4.2.1: 4yz replies are transient, 5yz permanent. 503 ("bad sequence of commands")
 * is treated as transient, as nodemailer's own isPermanentResponseCode does: it reports a confused
 * session, not a refused message, and succeeds on a new connection.
 */
export function classifySmtpError(error: unknown): Extract<DeliveryResult, { ok: false }> {
  const code = safeCode(field(error, 'code'))
  const originalCode = safeCode(field(error, 'originalCode'))
  const responseCode = field(error, 'responseCode')
  const codes = [code, originalCode].filter((c): c is string => c !== undefined)
  const codeText = codes.length > 0 ? ` (${codes.join(', ')})` : ''

  if (typeof responseCode === 'number' && responseCode >= 200 && responseCode < 600) {
    const response = field(error, 'response')
    const enhanced =
      typeof response === 'string' ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1] : undefined
    const retryable = responseCode < 500 || responseCode === 503
    return { ok: false, error: `SMTP ${responseCode}${enhanced ? ` ${enhanced}` : ''}${codeText}`, retryable }
  }
  if (codes.some((c) => PERMANENT_CODES.has(c))) {
    return { ok: false, error: `mail transport failed${codeText}`, retryable: false }
  }
  // Connection errors and anything unrecognised: retry (bounded by the caller's schedule), since
  // dropping a message on an error we cannot read would break S24.
  const known = codes.some((c) => RETRYABLE_CODES.has(c))
  return {
    ok: false,
    error: `${known ? 'mail server unreachable' : 'mail transport failed'}${codeText}`,
    retryable: true,
  }
}

export function createSmtpTransport(config: SmtpConfig): SmtpTransport {
  const timeouts = { ...DEFAULT_SMTP_TIMEOUTS, ...config.timeouts }
  const starttls = config.starttls ?? 'required'
  const options: SMTPTransportOptions = {
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: !config.secure && starttls === 'required',
    ignoreTLS: !config.secure && starttls === 'off',
    tls: { minVersion: 'TLSv1.2' },
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    // Message content never reaches a logger (S21); the lead's logger records DeliveryResult only.
    logger: false,
    debug: false,
    transactionLog: false,
    // Messages are text we built; refuse anything that would make nodemailer read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    maxRecipients: 1,
  }
  if (config.user !== undefined) options.auth = { user: config.user, pass: config.password ?? '' }
  const transporter = nodemailer.createTransport(options)

  return {
    async send(message: OutgoingMail): Promise<DeliveryResult> {
      const malformed = rejectMalformed(message)
      if (malformed) return malformed
      try {
        const info = await transporter.sendMail({
          from: { name: message.fromName ?? config.fromName, address: config.from },
          to: message.to,
          subject: message.subject,
          // Text only: no `html`, so no remote content, tracking pixels or hidden text (S38).
          text: message.text,
        })
        return { ok: true, messageId: info.messageId }
      } catch (error) {
        return classifySmtpError(error)
      }
    },
    async verify(): Promise<SmtpCheckResult> {
      try {
        await transporter.verify()
        return { ok: true }
      } catch (error) {
        return classifySmtpError(error)
      }
    },
    close(): void {
      transporter.close()
    },
  }
}
