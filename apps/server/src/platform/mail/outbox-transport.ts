// Development mail: nothing leaves the machine. Messages go to an outbox (a database table in the
// app, which the admin can read in the UI) so sign-up, reset and invitation flows can be completed
// without an SMTP relay. Never the production transport: the outbox holds live links and codes.
import { rejectMalformed } from './mailer.ts'
import type { DeliveryResult, MailTransport, OutgoingMail } from './mailer.ts'

export type StoredMail = OutgoingMail & { createdAt: Date }

export interface OutboxStore {
  /** Persists one message and returns its id. */
  add(message: StoredMail): Promise<string>
}

export interface OutboxTransportOptions {
  /** Injected for tests; defaults to the wall clock. */
  now?: () => Date
}

export function createOutboxTransport(
  store: OutboxStore,
  options: OutboxTransportOptions = {},
): MailTransport {
  const now = options.now ?? (() => new Date())
  return {
    async send(message: OutgoingMail): Promise<DeliveryResult> {
      // Same refusals as SMTP, so a flow that works against the outbox also works in production.
      const malformed = rejectMalformed(message)
      if (malformed) return malformed
      try {
        const id = await store.add({
          to: message.to,
          subject: message.subject,
          text: message.text,
          category: message.category,
          createdAt: now(),
        })
        return { ok: true, messageId: id }
      } catch {
        // The store's error is not passed on: a database error can quote the row it failed to write,
        // and this text ends up in logs (S21). A failed write is worth another try.
        return { ok: false, error: 'outbox store failed', retryable: true }
      }
    },
  }
}
