import type { InviteBody, Role } from '@tessera/contracts'
import { ROLE_LABELS } from '../../lib/roles.ts'

export type StaffRole = InviteBody['role']

export const STAFF_ROLES: readonly StaffRole[] = [
  'clinician',
  'pharmacist',
  'reception',
  'admin',
  'privacy-officer',
]

export const STAFF_ROLE_OPTIONS = STAFF_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role)
}

export function isStaff(role: Role): role is StaffRole {
  return isStaffRole(role)
}
