// Response shapes of the OAuth endpoints (RFC 6749 5.1 with SMART's `patient`, RFC 7662 2.2), so
// nothing undeclared is ever serialised into an answer an outside app receives.
import { Type } from 'typebox'

export const TokenAnswer = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
  refresh_token: Type.Optional(Type.String()),
  id_token: Type.Optional(Type.String()),
  patient: Type.Optional(Type.String()),
})

export const IntrospectionAnswer = Type.Object({
  active: Type.Boolean(),
  scope: Type.Optional(Type.String()),
  client_id: Type.Optional(Type.String()),
  sub: Type.Optional(Type.String()),
  exp: Type.Optional(Type.Integer()),
  iat: Type.Optional(Type.Integer()),
  iss: Type.Optional(Type.String()),
  aud: Type.Optional(Type.String()),
  token_type: Type.Optional(Type.String()),
  patient: Type.Optional(Type.String()),
})

export const OAuthErrorAnswer = Type.Object({ error: Type.String(), error_description: Type.String() })

export const Jwks = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.String(),
      crv: Type.String(),
      x: Type.String(),
      y: Type.String(),
      kid: Type.String(),
      alg: Type.String(),
      use: Type.String(),
    }),
  ),
})
