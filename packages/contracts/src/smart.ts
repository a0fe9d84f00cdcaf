// SMART on FHIR: apps the clinic registers, the consent screen, and a person's connected apps.
// (The OAuth endpoints themselves speak RFC 6749 form and JSON, not these shapes.)
import { Type, type Static } from 'typebox'
import { Uuid } from './auth.ts'

/** The consent page for a pending authorisation request. */
export const SMART_CONNECT_PATH = '/connect'
/** Where /oauth/authorize sends a browser whose app or redirect URI is not registered. */
export const SMART_REFUSED_PATH = '/connect/refused'

export const SmartRefusalReason = Type.Union([
  Type.Literal('unknown-app'),
  Type.Literal('app-disabled'),
  Type.Literal('redirect-mismatch'),
  Type.Literal('bad-request'),
])
export type SmartRefusalReason = Static<typeof SmartRefusalReason>

export const SmartAppType = Type.Union([Type.Literal('public'), Type.Literal('confidential')])
export type SmartAppType = Static<typeof SmartAppType>

/** A granted scope and what it means in plain words. */
export const SmartScopeText = Type.Object({ scope: Type.String(), text: Type.String() })
export type SmartScopeText = Static<typeof SmartScopeText>

export const SmartRequestParams = Type.Object({ requestId: Uuid }, { additionalProperties: false })

export const SmartConsentView = Type.Object({
  requestId: Type.String(),
  app: Type.Object({ clientId: Type.String(), name: Type.String() }),
  redirectOrigin: Type.String(),
  /** Exactly what Allow grants: requested, allowed for the app, and possible for this person's role. */
  scopes: Type.Array(SmartScopeText),
  expiresAt: Type.String({ format: 'date-time' }),
})
export type SmartConsentView = Static<typeof SmartConsentView>

/** Where the browser goes next: back to the app with a code, or with an error. */
export const SmartDecision = Type.Object({ redirectTo: Type.String() })
export type SmartDecision = Static<typeof SmartDecision>

export const SmartClientIdParams = Type.Object(
  { clientId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) },
  { additionalProperties: false },
)

export const ConnectedApp = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  scopes: Type.Array(SmartScopeText),
  connectedAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type ConnectedApp = Static<typeof ConnectedApp>
export const ConnectedAppList = Type.Object({ apps: Type.Array(ConnectedApp) })
export type ConnectedAppList = Static<typeof ConnectedAppList>

export const SmartAppView = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  type: SmartAppType,
  redirectUris: Type.Array(Type.String()),
  scopes: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  disabledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type SmartAppView = Static<typeof SmartAppView>
export const SmartAppList = Type.Object({ apps: Type.Array(SmartAppView) })
export type SmartAppList = Static<typeof SmartAppList>

export const RegisterSmartAppBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
    type: SmartAppType,
    redirectUris: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1, maxItems: 10 }),
    scopes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 40 }),
  },
  { additionalProperties: false },
)
export type RegisterSmartAppBody = Static<typeof RegisterSmartAppBody>

/** The confidential app's secret appears here once and is never shown again. */
export const RegisteredSmartApp = Type.Object({
  app: SmartAppView,
  clientSecret: Type.Union([Type.String(), Type.Null()]),
})
export type RegisteredSmartApp = Static<typeof RegisteredSmartApp>
