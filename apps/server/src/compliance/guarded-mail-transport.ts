// SMTP through the egress guard: before each message the relay's host must be allowed. A refusal is
// a delivery failure that retrying cannot fix (an admin must register the relay), never a send.
import type { DeliveryResult, MailTransport, OutgoingMail } from '../platform/mail/mailer.ts'
import { EgressBlocked, type EgressGuard } from './egress-guard.ts'

export function guardedMailTransport(
  transport: MailTransport,
  guard: EgressGuard,
  host: string,
): MailTransport {
  return {
    async send(message: OutgoingMail): Promise<DeliveryResult> {
      try {
        await guard.check(host, 'smtp')
      } catch (err) {
        if (err instanceof EgressBlocked) {
          return { ok: false, error: 'mail relay not in the processors register (EEGRESS)', retryable: false }
        }
        throw err
      }
      return transport.send(message)
    },
  }
}
