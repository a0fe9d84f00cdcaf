// After the kills, the database itself is read (the server stopped): no half-written record may be
// in it. Each check is a query for rows that break a rule; each must find none.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../platform/db/schema.ts'

export interface Broken {
  rule: string
  ids: string[]
}

/** Rows that break a rule of a complete write, by rule (an empty list when everything is whole). */
export async function halfWritten(db: Kysely<Database>): Promise<Broken[]> {
  const rules: Array<[string, Promise<Array<{ id: string }>>]> = [
    // each appointment row is mirrored to its FHIR Appointment in the same transaction, same status
    [
      'appointment without its FHIR Appointment in the same status',
      sql<{ id: string }>`select a.id from appointment a
        left join fhir_resource r on r.resource_type = 'Appointment' and r.id = a.id
        where r.id is null or r.content->>'status' <> a.status::text`
        .execute(db)
        .then((r) => r.rows),
    ],
    [
      'document row without its DocumentReference',
      sql<{ id: string }>`select d.id from document d
        left join fhir_resource r on r.resource_type = 'DocumentReference' and r.id = d.id
        where r.id is null`
        .execute(db)
        .then((r) => r.rows),
    ],
    [
      'message thread without a message',
      sql<{ id: string }>`select t.id from message_thread t
        where not exists (select 1 from message m where m.thread_id = t.id)`
        .execute(db)
        .then((r) => r.rows),
    ],
    [
      'message without its thread',
      sql<{ id: string }>`select m.id from message m
        where not exists (select 1 from message_thread t where t.id = m.thread_id)`
        .execute(db)
        .then((r) => r.rows),
    ],
    [
      'prescription without its MedicationRequest',
      sql<{ id: string }>`select p.id from prescription p
        left join fhir_resource r on r.resource_type = 'MedicationRequest' and r.id = p.id
        where r.id is null`
        .execute(db)
        .then((r) => r.rows),
    ],
    [
      'prescription active but not signed, or signed but a draft',
      sql<{ id: string }>`select id from prescription
        where (status = 'draft') <> (signed_at is null)`
        .execute(db)
        .then((r) => r.rows),
    ],
    // signed: at the pharmacy exactly once, or still owed by the routing outbox (a job pending, or
    // running under a lock that a killed worker left; it is claimed again when the lock expires)
    [
      'signed prescription neither at the pharmacy once nor in the routing queue',
      sql<{ id: string }>`select p.id from prescription p
        where p.status = 'active' and (
          (select count(*) from pharmacy_task t where t.prescription_id = p.id) > 1
          or ((select count(*) from pharmacy_task t where t.prescription_id = p.id) = 0
            and not exists (select 1 from job j where j.queue = 'prescribing.route'
              and j.dedupe_key = p.id::text and j.state in ('pending', 'running'))))`
        .execute(db)
        .then((r) => r.rows),
    ],
    [
      'pharmacy task for a prescription that is not signed',
      sql<{ id: string }>`select t.id from pharmacy_task t join prescription p on p.id = t.prescription_id
        where p.status = 'draft'`
        .execute(db)
        .then((r) => r.rows),
    ],
  ]
  const out: Broken[] = []
  for (const [rule, rows] of rules) {
    const ids = (await rows).map((r) => r.id)
    if (ids.length > 0) out.push({ rule, ids })
  }
  return out
}

/** Signed prescriptions whose routing job is still locked by a worker that was killed. */
export async function routingHeldByDeadLock(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from job
    where queue = 'prescribing.route' and state = 'running'`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

/** How many rows of each written kind the database holds (for the log line and a cross-check). */
export async function rowCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const count = async (table: 'appointment' | 'document' | 'message' | 'prescription') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return {
    appointments: await count('appointment'),
    documents: await count('document'),
    messages: await count('message'),
    prescriptions: await count('prescription'),
  }
}
