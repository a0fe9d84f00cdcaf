import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { OutboxStore } from './outbox-transport.ts'

/** The development outbox in the database, readable by the admin in the app. */
export function createDatabaseOutboxStore(db: Kysely<Database>): OutboxStore {
  return {
    async add(message) {
      const row = await db
        .insertInto('outbox_mail')
        .values({
          to_address: message.to,
          subject: message.subject,
          body: message.text,
          category: message.category,
          created_at: message.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },
  }
}
