// The signed-in person's own factors and sessions.
import { Type, type Static } from 'typebox'
import { Password, Uuid } from './auth.ts'

export const TotpEnrolment = Type.Object({
  /** Base32 secret for manual entry; the QR code is drawn in the browser from `uri`. */
  secret: Type.String(),
  uri: Type.String(),
})
export type TotpEnrolment = Static<typeof TotpEnrolment>

export const RecoveryCodes = Type.Object({ codes: Type.Array(Type.String()) })
export type RecoveryCodes = Static<typeof RecoveryCodes>

/** Confirming the first factor also ends the enrolment step and returns the recovery codes once. */
export const EnrolmentResult = Type.Object({ recoveryCodes: Type.Optional(Type.Array(Type.String())) })
export type EnrolmentResult = Static<typeof EnrolmentResult>

export const SessionSummary = Type.Object({
  id: Uuid,
  device: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  current: Type.Boolean(),
})
export const SessionList = Type.Object({ sessions: Type.Array(SessionSummary) })
export type SessionList = Static<typeof SessionList>

export const SessionIdParams = Type.Object({ sessionId: Uuid }, { additionalProperties: false })

export const FactorList = Type.Object({
  passkeys: Type.Array(
    Type.Object({
      id: Type.String(),
      label: Type.String(),
      createdAt: Type.String(),
      lastUsedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  totp: Type.Boolean(),
  emailCode: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
})
export type FactorList = Static<typeof FactorList>

export const RemoveFactorParams = Type.Object(
  {
    kind: Type.Union([Type.Literal('totp'), Type.Literal('email-code'), Type.Literal('passkey')]),
    id: Type.String({ maxLength: 512 }),
  },
  { additionalProperties: false },
)

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
)
export type ChangePasswordBody = Static<typeof ChangePasswordBody>
