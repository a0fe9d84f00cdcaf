// "Copies you downloaded": the patient's own downloads of their data, read from the audit trail.
// The access log (audit/access-log.ts) lists staff only, never the patient's own views; a copy of
// the whole record leaving the clinic is worth showing the patient all the same, including one an
// app they connected took with their permission (SMART: the event names the app as a Device).
import type { Kysely } from 'kysely'
import type { PrivacyDownloadKind, PrivacyDownloads } from '@tessera/contracts'
import type { Database } from '../platform/db/schema.ts'
import { referencesOf } from '../audit/audit-query-entry.ts'

/** The audit actions that are a copy of the whole record, and what each held. */
export const DOWNLOAD_ACTIONS: Record<string, PrivacyDownloadKind> = {
  'privacy.export': 'all-data',
  'fhir.everything': 'record',
}

export const OWN_DOWNLOADS_LISTED = 50

export async function ownDownloads(db: Kysely<Database>, patientId: string): Promise<PrivacyDownloads> {
  const rows = await db
    .selectFrom('audit_event')
    .select(['recorded_at', 'action', 'body'])
    .where('patient_id', '=', patientId)
    .where('actor_id', '=', patientId)
    .where('outcome', '=', 'success')
    .where('action', 'in', Object.keys(DOWNLOAD_ACTIONS))
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(OWN_DOWNLOADS_LISTED + 1)
    .execute()
  return {
    downloads: rows.slice(0, OWN_DOWNLOADS_LISTED).map((row) => ({
      at: row.recorded_at.toISOString(),
      kind: DOWNLOAD_ACTIONS[row.action] ?? 'record',
      byApp: referencesOf(row.body).some((reference) => reference.startsWith('Device/')),
    })),
    truncated: rows.length > OWN_DOWNLOADS_LISTED,
  }
}
