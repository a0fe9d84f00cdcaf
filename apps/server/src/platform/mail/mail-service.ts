// Every email leaves through the durable job queue: delivered, retried, or failed visibly (S24).
// Messages often carry a one-time link or code, so the queued copy is sealed with the secret box;
// the job table never holds them in clear.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { JobQueue } from '../jobs/job-queue.ts'
import { PermanentJobError, type JobHandler } from '../jobs/job-runner.ts'
import type { SecretBox } from '../secret-box.ts'
import type { MailTransport, OutgoingMail } from './mailer.ts'

export const MAIL_QUEUE = 'mail'
const CONTEXT = 'mail-queue'

export class NonRetryableMailError extends PermanentJobError {
  override readonly name = 'NonRetryableMailError'
}

export class MailService {
  constructor(
    private readonly jobs: JobQueue,
    private readonly box: SecretBox,
    private readonly transport: MailTransport,
  ) {}

  /**
   * Queues a message; returns the job id. Pass the transaction when the mail belongs to a change
   * being made: it is then queued if and only if the change commits.
   */
  async send(message: OutgoingMail, db?: Kysely<Database>): Promise<string | null> {
    const payload = { sealed: this.box.seal(JSON.stringify(message), CONTEXT) }
    return this.jobs.enqueue(MAIL_QUEUE, payload, { maxAttempts: 6 }, db)
  }

  handler(): JobHandler {
    return {
      queue: MAIL_QUEUE,
      backoffMs: (attempt) => Math.min(30_000 * 2 ** (attempt - 1), 30 * 60_000),
      run: async (payload) => {
        const message = JSON.parse(this.box.open(String(payload['sealed']), CONTEXT)) as OutgoingMail
        const result = await this.transport.send(message)
        if (result.ok) return
        // A permanent refusal is not retried: it fails at once and stays visible.
        throw result.retryable ? new Error(result.error) : new NonRetryableMailError(result.error)
      },
    }
  }
}
