// Care teams, break-glass, and the minimal patient profile (demographics).
import { Type, type Static } from 'typebox'
import { Uuid } from './auth.ts'

export const PatientIdParams = Type.Object({ patientId: Uuid }, { additionalProperties: false })

export const PatientProfile = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
})
export type PatientProfile = Static<typeof PatientProfile>

export const PatientList = Type.Object({ patients: Type.Array(PatientProfile) })
export type PatientList = Static<typeof PatientList>

export const AssignBody = Type.Object({ patientId: Uuid, clinicianId: Uuid }, { additionalProperties: false })
export type AssignBody = Static<typeof AssignBody>

export const BreakGlassBody = Type.Object(
  { patientId: Uuid, reason: Type.String({ minLength: 10, maxLength: 500 }) },
  { additionalProperties: false },
)
export type BreakGlassBody = Static<typeof BreakGlassBody>

export const BreakGlassGrant = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  expiresAt: Type.String(),
})
export type BreakGlassGrant = Static<typeof BreakGlassGrant>

/** What a patient sees of emergency access to their record (S5). */
export const BreakGlassUse = Type.Object({
  clinicianName: Type.String(),
  at: Type.String(),
  until: Type.String(),
  reason: Type.String(),
})
export const BreakGlassUses = Type.Object({ uses: Type.Array(BreakGlassUse) })
export type BreakGlassUses = Static<typeof BreakGlassUses>
