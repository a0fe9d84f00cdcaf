// A consultation the clinician ended: the room closes for the patient (her screen says so at once,
// and her check-in and signalling are refused from then on).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table consult_room add column ended_at timestamptz`.execute(db)
}
