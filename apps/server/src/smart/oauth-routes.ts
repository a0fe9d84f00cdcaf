// The endpoints outside apps call: discovery, /oauth/authorize (a browser redirect), and the token,
// introspection and revocation endpoints (form bodies in, RFC 6749 JSON out, no cookies, no CSRF).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SMART_REFUSED_PATH } from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { OAuthError, installOAuthErrors } from './oauth-errors.ts'
import { acceptOnlyForms, clientCredentials, formOf, required } from './oauth-form.ts'
import { IntrospectionAnswer, Jwks, OAuthErrorAnswer, TokenAnswer } from './oauth-schemas.ts'
import { openidConfiguration, smartConfiguration } from './smart-metadata.ts'

const PUBLIC = { public: true } as const
/** Per client address; an app refreshes at most every few minutes per user. */
const TOKEN_LIMIT = { max: 120, timeWindow: '1 minute' }

export function oauthRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const smart = ctx.smart
  const discovery = { config: { audit: false, access: PUBLIC } } as const

  return async (app) => {
    for (const path of ['/.well-known/smart-configuration', '/fhir/R4/.well-known/smart-configuration'])
      app.get(path, discovery, async () => smartConfiguration(smart.urls))
    app.get('/.well-known/openid-configuration', discovery, async () => openidConfiguration(smart.urls))
    app.get('/oauth/jwks', { ...discovery, schema: { response: { 200: Jwks } } }, async () =>
      smart.keys.jwks(),
    )

    app.get(
      '/oauth/authorize',
      { config: { audit: 'smart.authorize', access: PUBLIC } },
      async (req, reply) => {
        const outcome = await smart.authorization.start(req.query as Record<string, unknown>)
        if (outcome.clientId) req.auditEntities = [`Device/${outcome.clientId}`]
        if (outcome.kind === 'refused') {
          // Never to the app: its identity or redirect URI is unknown (RFC 6749 4.1.2.1). Our own page says why.
          return reply.redirect(`${SMART_REFUSED_PATH}?reason=${outcome.reason}`, 303)
        }
        return reply.redirect(outcome.location, 303)
      },
    )

    await app.register(async (oauth) => {
      acceptOnlyForms(oauth)
      installOAuthErrors(oauth)
      const endpoint = (audit: string) =>
        ({ config: { audit, access: PUBLIC, cookieless: true, rateLimit: TOKEN_LIMIT } }) as const
      const errors = { '4xx': OAuthErrorAnswer, '5xx': OAuthErrorAnswer }

      oauth.post(
        '/oauth/token',
        { ...endpoint('smart.token.issue'), schema: { response: { 200: TokenAnswer, ...errors } } },
        async (req, reply) => {
          const form = formOf(req)
          const client = await smart.apps.authenticate(clientCredentials(req, form))
          req.auditEntities = [`Device/${client.clientId}`]
          const grantType = required(form, 'grant_type', 100)
          let issued
          if (grantType === 'authorization_code') issued = await smart.tokens.exchangeCode(form, client)
          else if (grantType === 'refresh_token') issued = await smart.tokens.refresh(form, client)
          else throw new OAuthError('unsupported_grant_type', 'Use authorization_code or refresh_token.')
          req.auditSubject = { id: issued.grant.accountId, role: issued.grant.role }
          req.auditEntities = [`Device/${client.clientId}`, `SmartGrant/${issued.grant.id}`]
          reply.header('pragma', 'no-cache')
          return issued.response
        },
      )

      oauth.post(
        '/oauth/introspect',
        {
          ...endpoint('smart.token.introspect'),
          schema: { response: { 200: IntrospectionAnswer, ...errors } },
        },
        async (req) => {
          const form = formOf(req)
          const client = await smart.apps.authenticate(clientCredentials(req, form))
          req.auditEntities = [`Device/${client.clientId}`]
          if (client.type !== 'confidential')
            throw new OAuthError('invalid_client', 'Token introspection is for confidential clients.')
          const { result, grantId } = await smart.inspection.introspect(client, required(form, 'token'))
          if (grantId) req.auditEntities.push(`SmartGrant/${grantId}`)
          return result
        },
      )

      oauth.post(
        '/oauth/revoke',
        { ...endpoint('smart.token.revoke'), schema: { response: { ...errors } } },
        async (req, reply) => {
          const form = formOf(req)
          const client = await smart.apps.authenticate(clientCredentials(req, form))
          req.auditEntities = [`Device/${client.clientId}`]
          const grantId = await smart.inspection.revoke(client, required(form, 'token'))
          if (grantId) req.auditEntities.push(`SmartGrant/${grantId}`)
          // RFC 7009 2.2: 200 whether or not the token was valid.
          return reply.code(200).send()
        },
      )
    })
  }
}
