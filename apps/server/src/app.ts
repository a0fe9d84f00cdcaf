// buildApp(ctx) wires plugins and routes explicitly; listen() lives in server.ts.
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import cookie from '@fastify/cookie'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { randomUUID } from 'node:crypto'
import type { AppContext } from './context.ts'
import { installErrorHandling, sendError, toAppError } from './platform/http/error-handler.ts'
import {
  installSecurityHeaders,
  PERMISSIONS_POLICY_DEFAULT,
  SECURITY_HEADERS,
} from './platform/http/security-headers.ts'
import { installRequestLog } from './platform/http/request-log.ts'
import { observeRequests } from './operations/metrics/metrics-routes.ts'
import { operationsRoutes } from './operations/operations-routes.ts'
import { installCsrfCheck } from './platform/http/csrf.ts'
import { installQueryGuard } from './platform/http/query-guard.ts'
import { DEFAULT_WEB_DIR, installWebApp, isPagePath } from './platform/http/web-app.ts'
import { AppError } from './platform/errors.ts'
import { healthRoutes } from './health/health-routes.ts'
import { setupRoutes } from './setup/setup-routes.ts'
import { installRouteAccess, type RouteAccess } from './access/route-access.ts'
import { installRouteAudit, type RouteAudit } from './audit/route-audit.ts'
import { authRoutes } from './identity/auth-routes.ts'
import { accountRoutes } from './identity/account-routes.ts'
import { registrationRoutes } from './identity/registration-routes.ts'
import { staffRoutes } from './identity/staff-routes.ts'
import { passkeyRoutes } from './identity/passkey-routes.ts'
import { oidcRoutes } from './identity/oidc-routes.ts'
import { accessRoutes } from './access/access-routes.ts'
import { alertRoutes } from './audit/alert-routes.ts'
import { auditRoutes } from './audit/audit-routes.ts'
import { smartRoutes } from './smart/smart-routes.ts'
import { fhirRoutes } from './fhir/fhir-routes.ts'
import { documentRoutes } from './vault/documents/document-routes.ts'
import { consentRoutes } from './consent/consent-routes.ts'
import { consentAdminRoutes } from './consent/consent-admin-routes.ts'
import { intakeRoutes } from './intake/intake-routes.ts'
import { intakeAdminRoutes } from './intake/intake-admin-routes.ts'
import { messagingRoutes } from './messaging/message-routes.ts'
import { schedulingAvailabilityRoutes } from './scheduling/availability/scheduling-availability-routes.ts'
import { reminderRoutes } from './scheduling/reminders/reminder-routes.ts'
import { bookingRoutes } from './scheduling/booking/booking-routes.ts'
import { consultRoutes } from './consult/consult-routes.ts'
import { consultNotesRoutes } from './consult-notes/consult-notes-routes.ts'
import { catalogueRoutes } from './prescribing/catalogue-routes.ts'
import { prescribingRoutes } from './prescribing/prescribing-routes.ts'
import { pharmacyRoutes } from './prescribing/pharmacy-routes.ts'
import { complianceRoutes } from './compliance/compliance-routes.ts'
import { privacyRoutes } from './privacy/privacy-routes.ts'

export interface BuildAppOptions {
  /** TLS options for node:https, when the server terminates TLS itself. */
  https?: { key: string | Buffer; cert: string | Buffer } | undefined
  /** Sees every route as it is registered (the authorisation-matrix test collects them). */
  onRoute?: ((route: RegisteredRoute) => void) | undefined
  /** Extra routes registered after the module routes (tests use this for fault injection). */
  extend?: ((app: FastifyInstance) => void | Promise<void>) | undefined
}

export interface RegisteredRoute {
  method: string
  url: string
  access: RouteAccess | undefined
  audit: RouteAudit | undefined
  hasBody: boolean
  /** The route's request schemas (JSON Schema), for tests that generate requests (route fuzzing). */
  schema?: { body?: unknown; querystring?: unknown; params?: unknown; headers?: unknown }
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions = {
    loggerInstance: ctx.log,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
    // One line per request, written by request-log.ts when the response is sent.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // A malformed or over-long path is refused by the router before any hook: same error body and
    // security headers as everywhere else, without echoing the path (Fastify's default does).
    frameworkErrors: (err, req, reply) => {
      reply.headers(SECURITY_HEADERS).header('permissions-policy', PERMISSIONS_POLICY_DEFAULT)
      void sendError(req, reply.header('cache-control', 'no-store'), toAppError(err))
    },
    ajv: {
      // Unknown fields are an error that names them, never silently dropped.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }
  // Typed as an http server either way: Fastify's typings split on `https`, but the routes and
  // plugins see the same request and reply objects.
  const https = options.https ? ({ https: options.https } as FastifyServerOptions) : {}
  const app = Fastify({ ...serverOptions, ...https }).withTypeProvider<TypeBoxTypeProvider>()

  installErrorHandling(app)
  const onRoute = options.onRoute
  if (onRoute) {
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue
        onRoute({
          method,
          url: route.url,
          access: route.config?.access,
          audit: route.config?.audit,
          hasBody: Boolean(route.schema?.body),
          schema: {
            body: route.schema?.body,
            querystring: route.schema?.querystring,
            params: route.schema?.params,
            headers: route.schema?.headers,
          },
        })
      }
    })
  }
  installSecurityHeaders(app)
  installRequestLog(app)
  observeRequests(app, ctx)
  await app.register(rateLimit, {
    global: true,
    max: ctx.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, context) =>
      new AppError(
        'rate-limited',
        `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      ),
  })
  installCsrfCheck(app, ctx.config.publicUrl)
  installQueryGuard(app)
  await app.register(cookie)
  installRouteAccess(app, ctx.identity.sessions, ctx.smart, () => ctx.clock.now())
  installRouteAudit(app, ctx.audit)

  await app.register(healthRoutes(ctx))
  await app.register(setupRoutes(ctx))
  await app.register(authRoutes(ctx))
  await app.register(accountRoutes(ctx))
  await app.register(registrationRoutes(ctx))
  await app.register(staffRoutes(ctx))
  await app.register(passkeyRoutes(ctx))
  await app.register(oidcRoutes(ctx))
  await app.register(accessRoutes(ctx))
  await app.register(alertRoutes(ctx))
  await app.register(auditRoutes(ctx))
  await app.register(smartRoutes(ctx))
  await app.register(fhirRoutes(ctx))
  await app.register(documentRoutes(ctx))
  await app.register(consentRoutes(ctx))
  await app.register(consentAdminRoutes(ctx))
  await app.register(intakeRoutes(ctx))
  await app.register(intakeAdminRoutes(ctx))
  await app.register(messagingRoutes(ctx))
  await app.register(schedulingAvailabilityRoutes(ctx))
  await app.register(reminderRoutes(ctx))
  await app.register(bookingRoutes(ctx))
  await app.register(consultRoutes(ctx))
  await app.register(consultNotesRoutes(ctx))
  await app.register(catalogueRoutes(ctx))
  await app.register(prescribingRoutes(ctx))
  await app.register(pharmacyRoutes(ctx))
  await app.register(complianceRoutes(ctx))
  await app.register(operationsRoutes(ctx))
  await app.register(privacyRoutes(ctx))
  if (options.extend) await options.extend(app)

  const web = await installWebApp(app, ctx.config.webDir ?? DEFAULT_WEB_DIR)
  app.setNotFoundHandler((req, reply) =>
    isPagePath(req) ? web.sendPage(reply) : sendError(req, reply, new AppError('not-found', 'not found')),
  )
  return app
}
