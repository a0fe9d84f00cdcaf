// Pending WebAuthn challenges: one row per ceremony, keyed by the hash of a random value held in
// the browser's `__Host-tessera-challenge` cookie, deleted when used (single use, W3C WebAuthn L2
// section 13.4.3) or after 5 minutes.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('passkey_challenge')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('challenge', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) =>
      c.notNull().check(sql`purpose in ('register', 'sign-in', 'step-up')`),
    )
    .addColumn('session_id', 'uuid', (c) => c.references('session.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await sql`create index passkey_challenge_expiry on passkey_challenge (expires_at)`.execute(db)
}
