// Staff sign-in through the clinic's OpenID Connect provider (oidc-service.ts). All three routes
// are public GETs: the CSRF check covers state-changing methods only, and the callback is protected
// by `state`, bound to the sealed flow cookie of the browser that started (oidc-flow.ts).
// When OIDC is not configured, /start and /callback answer 404 and the status says so.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ErrorBody,
  OIDC_CONTINUE_PATH,
  OIDC_ERROR_PATH,
  OIDC_START_PATH,
  OidcStatus,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { AppError } from '../platform/errors.ts'
import { clientMeta } from './auth-routes.ts'
import { clearFlowCookie, readFlowCookie, setFlowCookie } from './oidc-flow.ts'
import { logRefusal } from './oidc-refusal.ts'
import { CALLBACK_PATH, OidcService } from './oidc-service.ts'

/**
 * Per client address. A sign-in takes two requests, and a clinic's staff often share one address
 * (NAT); the callback reaches the provider only with a valid flow cookie, so this is generous.
 */
const FLOW_LIMIT = { max: 60, timeWindow: '1 minute' }

export function oidcRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const deps = ctx.identity
  const oidc = OidcService.fromConfig(deps)
  const flowRoute = {
    config: { audit: 'auth.sign-in-oidc', access: { public: true }, rateLimit: FLOW_LIMIT },
    schema: { response: { '4xx': ErrorBody } },
  } as const
  const assertEnabled = (): void => {
    if (!oidc.enabled) throw new AppError('not-found', 'not found')
  }

  return async (app) => {
    app.get(
      '/api/auth/oidc',
      { config: { audit: false, access: { public: true } }, schema: { response: { 200: OidcStatus } } },
      async () => oidc.status(),
    )

    app.get(OIDC_START_PATH, flowRoute, async (req, reply) => {
      assertEnabled()
      reply.header('cache-control', 'no-store')
      try {
        const { location, flow } = await oidc.start()
        setFlowCookie(reply, deps.box, flow)
        return reply.redirect(location)
      } catch (err) {
        logRefusal(req.log, err)
        return reply.redirect(OIDC_ERROR_PATH)
      }
    })

    app.get(CALLBACK_PATH, flowRoute, async (req, reply) => {
      assertEnabled()
      reply.header('cache-control', 'no-store')
      const flow = readFlowCookie(req, deps.box, deps.clock.now())
      clearFlowCookie(reply) // single use, whatever happens next
      const at = req.url.indexOf('?')
      try {
        const { token, accountId, level } = await oidc.finish(
          at < 0 ? '' : req.url.slice(at),
          flow,
          clientMeta(req),
        )
        req.log.info({ accountId, level }, 'oidc sign-in')
        req.auditSubject = { id: accountId, role: 'staff' }
        // The session cookie stays SameSite=Strict (S16). The browser stores it from this response
        // even though the navigation came from the provider's site; it is not sent on the redirect
        // below (still part of that cross-site navigation), so the continue page loads without it
        // and then asks GET /api/session itself: a same-site request, which carries it.
        deps.sessions.setCookie(reply, token)
        return reply.redirect(OIDC_CONTINUE_PATH)
      } catch (err) {
        logRefusal(req.log, err)
        return reply.redirect(OIDC_ERROR_PATH)
      }
    })
  }
}
