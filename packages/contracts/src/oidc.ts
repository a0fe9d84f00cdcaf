// Staff sign-in through the clinic's OpenID Connect provider (identity/oidc-*.ts on the server).
import { Type, type Static } from 'typebox'

/** What the sign-in page needs to offer "Sign in with <provider>", or nothing. */
export const OidcStatus = Type.Object(
  {
    enabled: Type.Boolean(),
    /** A label for the button (the provider's host name); absent when OIDC is off. */
    providerName: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type OidcStatus = Static<typeof OidcStatus>

/** Where the callback sends the browser. The query never carries details (S21, S32). */
export const OIDC_CONTINUE_PATH = '/sign-in/continue'
export const OIDC_ERROR_PATH = '/sign-in?error=oidc'
/** The link the sign-in page points at (a top-level navigation, not fetch: it leaves the site). */
export const OIDC_START_PATH = '/api/auth/oidc/start'
