// Retention (S37): adult health records are kept `retentionAdultYears` (default 8, the NHS Records
// Management Code of Practice for adults) after the last contact; children's until the 25th
// birthday (26th if 17 at the last contact; `retentionRule`). A daily job flags patients past
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

/**
 * The record categories with a rule (NHS Records Management Code of Practice 2021, Appendix II):
 * adults `retentionAdultYears` after the last contact; children and young people (under 18 at the
 * last contact) until their 25th birthday, or the 26th if they were 17 at the end of care — and
 * never sooner than the adult period. Without a birth date on the Patient the adult rule applies.
 */
export const RETENTION_CATEGORIES = {
  'adult-health-record': 'retentionAdultYears',
  'child-health-record': 'until the 25th birthday (26th if 17 at the last contact)',
} as const
export type RetentionCategory = keyof typeof RETENTION_CATEGORIES
const CHILD_UNTIL_AGE = 25

/** Whole years between a birth date (YYYY-MM-DD) and `at`, in UTC. */
export function ageAt(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number]
  let age = at.getUTCFullYear() - y
  if (at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d)) age--
  return age
}

/** The patient's category and the date their record may be erased after. */
export function retentionRule(
  lastContact: Date,
  birthDate: string | null,
  adultYears: number,
): { category: RetentionCategory; retainUntil: Date } {
  const adultUntil = yearsAfter(lastContact, adultYears)
  const born = birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate : null
  if (!born) return { category: 'adult-health-record', retainUntil: adultUntil }
  const age = ageAt(born, lastContact)
  if (age >= 18) return { category: 'adult-health-record', retainUntil: adultUntil }
  const birthday = yearsAfter(
    new Date(`${born}T00:00:00Z`),
    age === 17 ? CHILD_UNTIL_AGE + 1 : CHILD_UNTIL_AGE,
  )
  return {
    category: 'child-health-record',
    retainUntil: birthday > adultUntil ? birthday : adultUntil,
  }
}

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
  return sql<{ patient_id: string; last_contact: Date; birth_date: string | null }>`
    select a.id as patient_id,
      (select f.content->>'birthDate' from fhir_resource f
        where f.resource_type = 'Patient' and f.id::text = a.id::text and not f.deleted) as birth_date,
      greatest(a.created_at,
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
    const rows = (await lastContacts(db)).rows
    let added = 0
    let withdrawn = 0
    await db.transaction().execute(async (trx) => {
      const existing = new Map(
        (await trx.selectFrom('retention_review').selectAll().execute()).map((r) => [r.patient_id, r]),
      )
      for (const row of rows) {
        const last = new Date(row.last_contact)
        const rule = retentionRule(last, row.birth_date, adultYears)
        const had = existing.get(row.patient_id)
        if (had?.state === 'erased') continue
        const due = rule.retainUntil < now
        // A flag under another category (a birth date added since) is re-decided under the new one.
        if (had && (!due || had.category !== rule.category)) {
          await trx.deleteFrom('retention_review').where('patient_id', '=', row.patient_id).execute()
          withdrawn++
        } else if (had) continue
        if (!due) continue
        await trx
          .insertInto('retention_review')
          .values({
            patient_id: row.patient_id,
            category: rule.category,
            last_contact_at: last,
            retain_until: rule.retainUntil,
            flagged_at: now,
            state: 'flagged',
          })
          .execute()
        added++
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
    const outcome = await db.transaction().execute(async (trx): Promise<RetentionErasure | 'withdrawn'> => {
      const review = await trx
        .selectFrom('retention_review')
        .selectAll()
        .where('patient_id', '=', patientId)
        .where('state', '=', 'flagged')
        .forUpdate()
        .executeTakeFirst()
      if (!review) throw new AppError('not-found', 'This patient is not flagged for erasure.')
      const current = (await lastContacts(trx)).rows.find((r) => r.patient_id === patientId)
      const last = current ? new Date(current.last_contact) : review.last_contact_at
      // Re-decided now with the newest contact and birth date: a child's record is never erased early.
      const rule = retentionRule(last, current?.birth_date ?? null, adultYears)
      if (rule.retainUntil >= now) {
        await trx
          .deleteFrom('retention_review')
          .where('patient_id', '=', patientId)
          .where('category', '=', review.category)
          .execute()
        // Returned, not thrown: the withdrawal must commit (a throw would roll it back).
        return 'withdrawn'
      }
      await this.deps.vault.erasePatientKey(patientId, trx)
      await trx
        .updateTable('retention_review')
        .set({ state: 'erased', decided_by: actor.accountId, decided_at: now })
        .where('patient_id', '=', patientId)
        .where('category', '=', review.category)
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
    if (outcome === 'withdrawn') {
      throw new AppError(
        'conflict',
        'This record is not past retention (a contact since it was flagged, or a birth date that makes it a child’s record).',
      )
    }
    return outcome
  }
}
