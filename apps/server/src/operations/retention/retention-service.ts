// Retention (S37): adult health records are kept `retentionAdultYears` (default 8, the NHS Records
// Management Code of Practice for adults) after the last contact. A daily job flags patients past
// that for the privacy officer; nothing is erased until the officer approves, and the approval
// erases by crypto-shredding the patient's vault key (vault/README.md) with an audit event.
import { sql, type Kysely } from 'kysely'
import type { RetentionErasure, RetentionFlag } from '@tessera/contracts'
import type { Database } from '../../platform/db/schema.ts'
import type { Actor } from '../../access/actor.ts'
import type { AuditWriter } from '../../audit/audit-writer.ts'
import type { VaultKeys } from '../../vault/keys/vault-keys.ts'
import type { Clock } from '../../platform/clock.ts'
import { AppError } from '../../platform/errors.ts'

/** The record categories with a rule; each names its default period. Only adults for now. */
export const RETENTION_CATEGORIES = { 'adult-health-record': 'retentionAdultYears' } as const
export type RetentionCategory = keyof typeof RETENTION_CATEGORIES
const ADULT: RetentionCategory = 'adult-health-record'

export interface RetentionDeps {
  db: Kysely<Database>
  clock: Clock
  audit: AuditWriter
  vault: VaultKeys
  adultYears: number
}

function yearsBefore(date: Date, years: number): Date {
  const d = new Date(date)
  d.setUTCFullYear(d.getUTCFullYear() - years)
  return d
}
function yearsAfter(date: Date, years: number): Date {
  return yearsBefore(date, -years)
}

/** Each patient's last contact: the newest of the account, record changes, documents, appointments. */
function lastContacts(db: Kysely<Database>) {
  return sql<{ patient_id: string; last_contact: Date }>`
    select a.id as patient_id, greatest(a.created_at,
      (select max(r.last_updated) from fhir_resource_history r where r.patient_id = a.id),
      (select max(d.created_at) from document d where d.patient_id = a.id),
      (select max(p.starts_at) from appointment p where p.patient_id = a.id)) as last_contact
    from account a where a.role = 'patient'`.execute(db)
}

export class RetentionService {
  constructor(private readonly deps: RetentionDeps) {}

  /** Flags patients past retention and unflags any with a newer contact since. Returns how many are flagged now. */
  async flagExpired(): Promise<{ flagged: number; added: number; withdrawn: number }> {
    const { db, clock, adultYears } = this.deps
    const now = clock.now()
    const cutoff = yearsBefore(now, adultYears)
    const rows = (await lastContacts(db)).rows
    let added = 0
    let withdrawn = 0
    await db.transaction().execute(async (trx) => {
      const existing = new Map(
        (await trx.selectFrom('retention_review').selectAll().where('category', '=', ADULT).execute()).map(
          (r) => [r.patient_id, r],
        ),
      )
      for (const row of rows) {
        const last = new Date(row.last_contact)
        const had = existing.get(row.patient_id)
        if (last < cutoff) {
          if (had) continue
          await trx
            .insertInto('retention_review')
            .values({
              patient_id: row.patient_id,
              category: ADULT,
              last_contact_at: last,
              retain_until: yearsAfter(last, adultYears),
              flagged_at: now,
              state: 'flagged',
            })
            .execute()
          added++
        } else if (had?.state === 'flagged') {
          await trx
            .deleteFrom('retention_review')
            .where('patient_id', '=', row.patient_id)
            .where('category', '=', ADULT)
            .execute()
          withdrawn++
        }
      }
      if (added || withdrawn) {
        await this.deps.audit.record(
          [
            {
              action: 'retention.flag',
              outcome: 'success',
              actorId: null,
              actorRole: 'system',
              detail: `+${added} -${withdrawn}`,
            },
          ],
          trx,
        )
      }
    })
    const flagged = await db
      .selectFrom('retention_review')
      .select(sql<string>`count(*)::text`.as('n'))
      .where('state', '=', 'flagged')
      .executeTakeFirst()
    return { flagged: Number(flagged?.n ?? 0), added, withdrawn }
  }

  async listFlagged(): Promise<RetentionFlag[]> {
    const rows = await this.deps.db
      .selectFrom('retention_review')
      .selectAll()
      .where('state', '=', 'flagged')
      .orderBy('flagged_at')
      .orderBy('patient_id')
      .execute()
    return rows.map((r) => ({
      patientId: r.patient_id,
      category: r.category,
      lastContactAt: r.last_contact_at.toISOString(),
      retainUntil: r.retain_until.toISOString(),
      flaggedAt: r.flagged_at.toISOString(),
    }))
  }

  /**
   * The privacy officer's approval: re-checks, under the review row's lock, that the patient is
   * still past retention (a contact since the flag withdraws it), then crypto-shreds the patient's
   * key and records the event, all in one transaction.
   */
  async approveErasure(actor: Actor, patientId: string): Promise<RetentionErasure> {
    const { db, clock, adultYears } = this.deps
    const now = clock.now()
    return db.transaction().execute(async (trx) => {
      const review = await trx
        .selectFrom('retention_review')
        .selectAll()
        .where('patient_id', '=', patientId)
        .where('category', '=', ADULT)
        .where('state', '=', 'flagged')
        .forUpdate()
        .executeTakeFirst()
      if (!review) throw new AppError('not-found', 'This patient is not flagged for erasure.')
      const current = (await lastContacts(trx)).rows.find((r) => r.patient_id === patientId)
      const last = current ? new Date(current.last_contact) : review.last_contact_at
      if (last >= yearsBefore(now, adultYears)) {
        await trx
          .deleteFrom('retention_review')
          .where('patient_id', '=', patientId)
          .where('category', '=', ADULT)
          .execute()
        throw new AppError(
          'conflict',
          'This record had a contact since it was flagged; it is not past retention.',
        )
      }
      await this.deps.vault.erasePatientKey(patientId, trx)
      await trx
        .updateTable('retention_review')
        .set({ state: 'erased', decided_by: actor.accountId, decided_at: now })
        .where('patient_id', '=', patientId)
        .where('category', '=', ADULT)
        .execute()
      await this.deps.audit.record(
        [
          {
            action: 'retention.erase',
            outcome: 'success',
            actorId: actor.accountId,
            actorRole: actor.role,
            sessionId: actor.sessionId,
            patientId,
            entities: [`Patient/${patientId}`],
            purpose: 'retention',
          },
        ],
        trx,
      )
      return { patientId, erasedAt: now.toISOString() }
    })
  }
}
