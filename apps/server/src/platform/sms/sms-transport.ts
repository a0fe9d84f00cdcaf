// The SMS contract. No provider is bundled: a clinic that wants SMS reminders adds a transport for its
// provider (an outside processor, like the SMTP relay), which sees only a number and a text built from
// the reminder template (date, time, zone and a sign-in link; JOURNEYS.md patient step 6).
import type { Logger } from 'pino'

/** Like mail's DeliveryResult: `error` carries a status or code only, never the number or the text. */
export type SmsResult = { ok: true; messageId: string } | { ok: false; error: string; retryable: boolean }

export interface SmsTransport {
  /** `to` is an E.164 number (+447700900123). Resolves for every outcome; never rejects. */
  send(to: string, text: string): Promise<SmsResult>
}

export type SmsTransportKind = 'none' | 'log'

const E164 = /^\+[1-9]\d{6,14}$/

/** A mobile number as providers take it: +, country code, number, nothing else. */
export function normaliseMobile(value: string): string | null {
  // "+44 (0)20 ...": the bracketed trunk zero is not dialled from abroad.
  const compact = value.replace(/\(0\)/g, '').replace(/[\s().-]/g, '')
  const withPlus = compact.startsWith('00') ? `+${compact.slice(2)}` : compact
  return E164.test(withPlus) ? withPlus : null
}

/** Checks done before any transport sends, so the log transport refuses what a provider would. */
export function rejectMalformedSms(to: string, text: string): SmsResult | null {
  if (!E164.test(to)) return { ok: false, error: 'invalid mobile number', retryable: false }
  if (text.length === 0 || text.length > 640) return { ok: false, error: 'text length', retryable: false }
  return null
}

/**
 * Development: nothing leaves the machine. The log line says only that a message went to a number
 * ending in two digits; never the text (it holds a sign-in link) and never the whole number (S21).
 */
export function createLogSmsTransport(log: Logger): SmsTransport {
  let sequence = 0
  return {
    send(to: string, text: string): Promise<SmsResult> {
      const malformed = rejectMalformedSms(to, text)
      if (malformed) return Promise.resolve(malformed)
      sequence += 1
      log.info({ toEnding: to.slice(-2), length: text.length }, 'sms sent')
      return Promise.resolve({ ok: true, messageId: `log-${sequence}` })
    },
  }
}

/** The configured transport, or null when SMS is off ('none'): SMS reminders are then not scheduled. */
export function createSmsTransport(kind: SmsTransportKind, log: Logger): SmsTransport | null {
  switch (kind) {
    case 'none':
      return null
    case 'log':
      return createLogSmsTransport(log)
    default:
      return kind satisfies never
  }
}
