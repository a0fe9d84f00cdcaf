// Sign-in, second factors, step-up and the current session.
import { Type, type Static } from 'typebox'

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 })
/** Passwords are checked by the server's policy (12-128 characters); the schema only bounds size. */
export const Password = Type.String({ minLength: 1, maxLength: 1024 })
export const Role = Type.Union([
  Type.Literal('patient'),
  Type.Literal('clinician'),
  Type.Literal('pharmacist'),
  Type.Literal('reception'),
  Type.Literal('admin'),
  Type.Literal('privacy-officer'),
])
export type Role = Static<typeof Role>
export const Uuid = Type.String({ format: 'uuid' })

export const FactorKind = Type.Union([
  Type.Literal('passkey'),
  Type.Literal('totp'),
  Type.Literal('email-code'),
  Type.Literal('recovery-code'),
])
export type FactorKind = Static<typeof FactorKind>

export const SignInBody = Type.Object({ email: Email, password: Password }, { additionalProperties: false })
export type SignInBody = Static<typeof SignInBody>

/** After the password: either finish with a second factor, or enrol one first. */
export const SignInResult = Type.Object({
  next: Type.Union([Type.Literal('mfa'), Type.Literal('enrol'), Type.Literal('done')]),
  /** The second factors this account can use now (for `mfa`). */
  factors: Type.Array(FactorKind),
})
export type SignInResult = Static<typeof SignInResult>

export const CodeBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
)
export type CodeBody = Static<typeof CodeBody>

export const AccountView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: Role,
  prescriber: Type.Boolean(),
  specialist: Type.Boolean(),
})
export type AccountView = Static<typeof AccountView>

export const SessionView = Type.Object({
  account: AccountView,
  level: Type.Union([Type.Literal('partial'), Type.Literal('full')]),
  /** Seconds left before step-up is needed again (0: a sensitive action will ask for a factor). */
  stepUpSecondsLeft: Type.Integer(),
  factors: Type.Object({
    passkeys: Type.Integer(),
    totp: Type.Boolean(),
    emailCode: Type.Boolean(),
    recoveryCodesLeft: Type.Integer(),
  }),
  /** Whether patients of this clinic may use emailed codes as their second factor. */
  emailCodeAllowed: Type.Boolean(),
})
export type SessionView = Static<typeof SessionView>

export const Ok = Type.Object({ ok: Type.Literal(true) })
export type Ok = Static<typeof Ok>

/** Accepted: identical for known and unknown addresses (no enumeration). */
export const Accepted = Type.Object({ message: Type.String() })
export type Accepted = Static<typeof Accepted>
