// ctx.availability: the clinic's appointment types and clinicians' availability (README.md).
import type { Kysely } from 'kysely'
import type { FhirService } from '../../fhir/fhir-service.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import { AppointmentTypes } from './appointment-types.ts'
import { AvailabilityService } from './availability-service.ts'

export interface AvailabilityModule {
  /** Appointment types (admin-managed). */
  types: AppointmentTypes
  /** Clinicians who take appointments: weekly rules, exceptions, the FHIR Schedule. */
  clinicians: AvailabilityService
}

export function createAvailability(deps: {
  db: Kysely<Database>
  clock: Clock
  fhir: FhirService
  defaultTimeZone: string
}): AvailabilityModule {
  return { types: new AppointmentTypes(deps), clinicians: new AvailabilityService(deps) }
}
