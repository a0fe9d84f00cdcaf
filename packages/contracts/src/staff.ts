// Staff invitations and the admin's user management.
import { Type, type Static } from 'typebox'
import { Email, Password, Role, Uuid } from './auth.ts'
import { Token } from './registration.ts'

export const StaffRole = Type.Union([
  Type.Literal('clinician'),
  Type.Literal('pharmacist'),
  Type.Literal('reception'),
  Type.Literal('admin'),
  Type.Literal('privacy-officer'),
])

export const InviteBody = Type.Object(
  {
    email: Email,
    role: StaffRole,
    prescriber: Type.Boolean({ default: false }),
    specialist: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
)
export type InviteBody = Static<typeof InviteBody>

export const InvitationView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: StaffRole,
  prescriber: Type.Boolean(),
  specialist: Type.Boolean(),
  expiresAt: Type.String({ format: 'date-time' }),
})
export type InvitationView = Static<typeof InvitationView>

/** Invitations not yet accepted and not expired, newest first. */
export const InvitationList = Type.Object({ invitations: Type.Array(InvitationView) })
export type InvitationList = Static<typeof InvitationList>

export const AcceptInvitationBody = Type.Object(
  { token: Token, displayName: Type.String({ minLength: 1, maxLength: 120 }), password: Password },
  { additionalProperties: false },
)
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>

export const UserSummary = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: Role,
  prescriber: Type.Boolean(),
  specialist: Type.Boolean(),
  disabled: Type.Boolean(),
  mfaEnrolled: Type.Boolean(),
  createdAt: Type.String(),
})
export type UserSummary = Static<typeof UserSummary>
export const UserList = Type.Object({ users: Type.Array(UserSummary) })
export type UserList = Static<typeof UserList>

/**
 * Staff accounts by default; `patients` lists patient accounts (to disable one). At most 500 either
 * way, filtered by `q` (part of an email address or name) when given.
 */
export const UserListQuery = Type.Object(
  {
    scope: Type.Optional(Type.Union([Type.Literal('staff'), Type.Literal('patients')])),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  },
  { additionalProperties: false },
)
export type UserListQuery = Static<typeof UserListQuery>

export const UserIdParams = Type.Object({ userId: Uuid }, { additionalProperties: false })

export const UpdateUserBody = Type.Object(
  {
    role: Type.Optional(StaffRole),
    prescriber: Type.Optional(Type.Boolean()),
    specialist: Type.Optional(Type.Boolean()),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateUserBody = Static<typeof UpdateUserBody>

export const ClinicAuthSettings = Type.Object(
  { patientSelfRegistration: Type.Boolean(), patientEmailCodeAllowed: Type.Boolean() },
  { additionalProperties: false },
)
export type ClinicAuthSettings = Static<typeof ClinicAuthSettings>

/** One message of the development outbox (mail that would have been sent). */
export const OutboxMessage = Type.Object({
  id: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  category: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type OutboxMessage = Static<typeof OutboxMessage>

/**
 * The development outbox, newest first, at most 100. Empty once SMTP is configured: real mail then
 * goes out, and older one-time links meant for other people are no longer shown to anyone.
 */
export const OutboxView = Type.Object({ smtpConfigured: Type.Boolean(), messages: Type.Array(OutboxMessage) })
export type OutboxView = Static<typeof OutboxView>
