// Discovery documents: SMART's /.well-known/smart-configuration (SMART App Launch 2.0 "Conformance"),
// served at the FHIR base and the site root, and OpenID Connect Discovery 1.0 at the issuer (needed
// for the `sso-openid-connect` capability). Both describe the same endpoints.
import { TOKEN_ALG } from './signing-keys.ts'
import { IDENTITY_SCOPES } from './scope-grant.ts'
import type { SmartUrls } from './smart-jwt.ts'

export const CAPABILITIES = [
  'launch-standalone',
  'client-public',
  'client-confidential-symmetric',
  'context-standalone-patient',
  'permission-v2',
  'permission-patient',
  'permission-user',
  'permission-offline',
  'sso-openid-connect',
] as const

const CLINICAL_SCOPES = ['patient/*.rs', 'user/*.rs', 'patient/*.cruds', 'user/*.cruds']

export function smartConfiguration(urls: SmartUrls) {
  const issuer = urls.issuer()
  return {
    issuer,
    jwks_uri: `${issuer}/oauth/jwks`,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    scopes_supported: [...CLINICAL_SCOPES, ...IDENTITY_SCOPES],
    code_challenge_methods_supported: ['S256'],
    id_token_signing_alg_values_supported: [TOKEN_ALG],
    authorization_response_iss_parameter_supported: true,
    capabilities: [...CAPABILITIES],
  }
}

export function openidConfiguration(urls: SmartUrls) {
  return {
    ...smartConfiguration(urls),
    subject_types_supported: ['public'],
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'fhirUser'],
  }
}
