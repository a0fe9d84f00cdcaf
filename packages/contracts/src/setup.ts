import { Type, type Static } from 'typebox'

export const CreateFirstAdminBody = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    displayName: Type.String({ minLength: 1, maxLength: 120 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
)
export type CreateFirstAdminBody = Static<typeof CreateFirstAdminBody>

export const CreatedAccount = Type.Object({ id: Type.String(), email: Type.String(), role: Type.String() })
export type CreatedAccount = Static<typeof CreatedAccount>
