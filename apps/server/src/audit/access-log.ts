// "Who viewed my record" (AUDIT.md "Views", S5): the signed-in patient's own compartment only,
// successful access by staff (never their own views, never another patient), newest first, with
// the staff member's name and role, what in plain words, and why, with the break-glass reason as
// the clinician wrote it. Repeated identical views within 10 minutes are one line with a count.
import type { Kysely } from 'kysely'
import type { AccessLog, AccessLogEntry, Role } from '@tessera/contracts'
import type { Database } from '../platform/db/schema.ts'
import { purposeOf, referencesOf } from './audit-query-entry.ts'
import { whatLabel, whyOf } from './access-log-labels.ts'

/** How many of the newest events the log reads (the page says when there are older ones). */
export const ACCESS_LOG_EVENTS = 500
export const AGGREGATE_WINDOW_MS = 10 * 60_000

const ROLES: readonly Role[] = ['patient', 'clinician', 'pharmacist', 'reception', 'admin', 'privacy-officer']

function isRole(value: string | null): value is Role {
  return ROLES.some((role) => role === value)
}

interface Grant {
  id: string
  clinicianId: string
  reason: string
  createdAt: Date
  expiresAt: Date
}

interface Line extends AccessLogEntry {
  key: string
  firstTime: number
}

export class AccessLogService {
  constructor(private readonly db: Kysely<Database>) {}

  async forPatient(patientId: string): Promise<AccessLog> {
    const rows = await this.db
      .selectFrom('audit_event as e')
      .leftJoin('account as a', 'a.id', 'e.actor_id')
      .select(['e.id', 'e.recorded_at', 'e.action', 'e.actor_id', 'e.actor_role', 'e.body', 'a.display_name'])
      .where('e.patient_id', '=', patientId)
      .where('e.outcome', '=', 'success')
      .where('e.actor_id', 'is not', null)
      .where('e.actor_id', '!=', patientId)
      // Another patient never appears here, even if an event ever named one.
      .where((eb) => eb.or([eb('e.actor_role', 'is', null), eb('e.actor_role', '!=', 'patient')]))
      .orderBy('e.recorded_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(ACCESS_LOG_EVENTS + 1)
      .execute()
    const grants = (
      await this.db
        .selectFrom('break_glass')
        .select(['id', 'clinician_id', 'reason', 'created_at', 'expires_at'])
        .where('patient_id', '=', patientId)
        .execute()
    ).map((g) => ({
      id: g.id,
      clinicianId: g.clinician_id,
      reason: g.reason,
      createdAt: g.created_at,
      expiresAt: g.expires_at,
    }))

    const lines: Line[] = []
    for (const row of rows.slice(0, ACCESS_LOG_EVENTS)) {
      const actorId = row.actor_id ?? ''
      const at = row.recorded_at
      const purpose = purposeOf(row.body)
      let why = whyOf(row.action, purpose, row.actor_role)
      const grant = grantFor(grants, actorId, at, referencesOf(row.body))
      // A clinician's read that recorded no purpose, made while a break-glass grant was open.
      if (why === 'care-team' && purpose === null && grant) why = 'emergency'
      const reason = why === 'emergency' ? (grant?.reason ?? null) : null
      const key = `${actorId}|${row.action}|${why}|${why === 'emergency' ? (grant?.id ?? '') : ''}`
      const last = lines.at(-1)
      if (last && last.key === key && last.firstTime - at.getTime() <= AGGREGATE_WINDOW_MS) {
        last.count++
        last.firstTime = at.getTime()
        last.firstAt = at.toISOString()
        continue
      }
      lines.push({
        key,
        firstTime: at.getTime(),
        at: at.toISOString(),
        firstAt: at.toISOString(),
        count: 1,
        who: row.display_name ?? 'A former member of staff',
        role: isRole(row.actor_role) ? row.actor_role : null,
        what: whatLabel(row.action, referencesOf(row.body)),
        why,
        reason,
      })
    }
    return {
      entries: lines.map(({ key: _key, firstTime: _first, ...entry }) => entry),
      truncated: rows.length > ACCESS_LOG_EVENTS,
    }
  }
}

/** The grant behind an access: the one the event names, else the clinician's grant open at the time. */
function grantFor(grants: Grant[], actorId: string, at: Date, references: string[]): Grant | undefined {
  const named = references.find((r) => r.startsWith('BreakGlass/'))?.slice('BreakGlass/'.length)
  if (named) {
    const grant = grants.find((g) => g.id === named)
    if (grant) return grant
  }
  return grants
    .filter((g) => g.clinicianId === actorId && g.createdAt <= at && g.expiresAt >= at)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]
}
