// Patient self-registration, email verification, password reset.
import { Type, type Static } from 'typebox'
import { Email, Password } from './auth.ts'

export const Token = Type.String({ minLength: 20, maxLength: 200 })

export const RegisterBody = Type.Object(
  { email: Email, password: Password, displayName: Type.String({ minLength: 1, maxLength: 120 }) },
  { additionalProperties: false },
)
export type RegisterBody = Static<typeof RegisterBody>

export const TokenBody = Type.Object({ token: Token }, { additionalProperties: false })
export type TokenBody = Static<typeof TokenBody>

export const ResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false })
export type ResetRequestBody = Static<typeof ResetRequestBody>

export const ResetCompleteBody = Type.Object(
  { token: Token, password: Password },
  { additionalProperties: false },
)
export type ResetCompleteBody = Static<typeof ResetCompleteBody>
