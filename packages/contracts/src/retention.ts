import { Type, type Static } from 'typebox'

export const RetentionFlag = Type.Object(
  {
    patientId: Type.String({ format: 'uuid' }),
    category: Type.String(),
    lastContactAt: Type.String({ format: 'date-time' }),
    retainUntil: Type.String({ format: 'date-time' }),
    flaggedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)
export type RetentionFlag = Static<typeof RetentionFlag>

export const RetentionFlagList = Type.Object(
  { flagged: Type.Array(RetentionFlag) },
  { additionalProperties: false },
)
export type RetentionFlagList = Static<typeof RetentionFlagList>

export const RetentionPatientParams = Type.Object(
  { patientId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
)

export const RetentionErasure = Type.Object(
  { patientId: Type.String({ format: 'uuid' }), erasedAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
)
export type RetentionErasure = Static<typeof RetentionErasure>
