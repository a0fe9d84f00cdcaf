// Which area each role works in. Pharmacists and reception use the clinician workspace until their
// own queues exist; the privacy officer shares clinic administration with the admin.
import type { Role } from '@tessera/contracts'
import type { AreaId } from './areas.ts'

const AREA_OF_ROLE: Record<Role, AreaId> = {
  patient: 'patient',
  clinician: 'clinician',
  pharmacist: 'clinician',
  reception: 'clinician',
  admin: 'admin',
  'privacy-officer': 'admin',
}

export function areaOfRole(role: Role): AreaId {
  return AREA_OF_ROLE[role]
}

/** Where a fully signed-in person lands: their area's root, which opens its first section. */
export function homePathForRole(role: Role): string {
  return `/${areaOfRole(role)}`
}

export const ROLE_LABELS: Record<Role, string> = {
  patient: 'Patient',
  clinician: 'Clinician',
  pharmacist: 'Pharmacist',
  reception: 'Reception',
  admin: 'Administrator',
  'privacy-officer': 'Privacy officer',
}
