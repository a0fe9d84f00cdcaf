// Clinicians who take appointments: who may manage whose availability, and the clinician_schedule
// row (time zone, FHIR Schedule) made on first use. The row is also what a booking locks (S28), so
// changing availability takes the same lock and a booking never sees half of a change.
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Schedule } from '@medplum/fhirtypes'
import type { Actor } from '../../access/actor.ts'
import type { FhirService } from '../../fhir/fhir-service.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/errors.ts'
import { ACCOUNT_SYSTEM } from '../../vault/documents/document-resource.ts'
import type { ClinicianScheduleTable } from '../scheduling-tables.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface Clinician {
  id: string
  name: string
}

/** The same answer for an unknown id, a patient's id and a colleague's (S2). */
export const clinicianNotFound = (): AppError => new AppError('not-found', 'No such clinician.')

/** An active clinician account, or null. */
export async function activeClinician(db: Db, clinicianId: string): Promise<Clinician | null> {
  const row = await db
    .selectFrom('account')
    .select(['id', 'display_name'])
    .where('id', '=', clinicianId)
    .where('role', '=', 'clinician')
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
  return row ? { id: row.id, name: row.display_name } : null
}

/**
 * The clinician whose availability the actor may see and change: a clinician only their own;
 * reception and admin anyone's (the route's roles exclude everyone else).
 */
export async function manageableClinician(db: Db, actor: Actor, clinicianId: string): Promise<Clinician> {
  if (actor.role === 'clinician' && actor.accountId !== clinicianId) throw clinicianNotFound()
  const clinician = await activeClinician(db, clinicianId)
  if (!clinician) throw clinicianNotFound()
  return clinician
}

/**
 * The FHIR Schedule of a clinician. The actor is the clinician's account by identifier (as the
 * vault's documents name staff): Tessera keeps no Practitioner resource per account, so a literal
 * `Practitioner/<id>` reference would point at nothing.
 */
export function scheduleResource(clinician: Clinician): Schedule {
  return {
    resourceType: 'Schedule',
    active: true,
    actor: [
      {
        type: 'Practitioner',
        identifier: { system: ACCOUNT_SYSTEM, value: clinician.id },
        display: clinician.name,
      },
    ],
  }
}

export interface ScheduleDeps {
  clock: Clock
  fhir: FhirService
}

/**
 * The clinician's schedule row, locked for this transaction; made (with its FHIR Schedule, in the
 * same transaction) when the clinician has none yet.
 */
export async function lockSchedule(
  deps: ScheduleDeps,
  tx: Transaction<Database>,
  actor: Actor,
  clinician: Clinician,
  timeZone: string,
): Promise<Selectable<ClinicianScheduleTable>> {
  const existing = await tx
    .selectFrom('clinician_schedule')
    .selectAll()
    .where('clinician_id', '=', clinician.id)
    .forUpdate()
    .executeTakeFirst()
  if (existing) return existing
  const schedule = await deps.fhir.store.create(actor, 'Schedule', scheduleResource(clinician), tx)
  const made = await tx
    .insertInto('clinician_schedule')
    .values({
      clinician_id: clinician.id,
      time_zone: timeZone,
      schedule_id: schedule.id,
      updated_at: deps.clock.now(),
    })
    .onConflict((oc) => oc.column('clinician_id').doNothing())
    .returningAll()
    .executeTakeFirst()
  // Someone set this clinician up at the same moment: this transaction (and its Schedule) is undone.
  if (!made) throw new AppError('conflict', 'This availability was changed at the same moment. Try again.')
  return made
}
