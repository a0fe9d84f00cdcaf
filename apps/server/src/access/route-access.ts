// Every route declares who may call it in `config.access`; one hook enforces it (deny by default:
// a route without a rule answers 500 and the authorisation-matrix test fails on it).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Role } from '../identity/account-table.ts'
import type { SessionLevel } from '../identity/identity-tables.ts'
import { AppError } from '../platform/errors.ts'
import type { Actor } from './actor.ts'

export type RouteAccess =
  | { public: true }
  | {
      /** partial: a first factor is enough (MFA completion and enrolment routes); full: MFA done. */
      session: SessionLevel
      roles?: readonly Role[]
      /** A second factor within the last 5 minutes (S17). */
      stepUp?: boolean
      /** A SMART app's access token (Authorization: Bearer) is accepted here as well as a session. */
      bearer?: boolean
    }

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess
  }
  interface FastifyRequest {
    actor: Actor | null
  }
}

export const STEP_UP_WINDOW_MS = 5 * 60 * 1000

export interface SessionResolver {
  /** The actor for this request's session cookie, or null (expired, revoked, absent). */
  resolve(req: FastifyRequest): Promise<Actor | null>
}

export interface BearerResolver {
  /** The actor for a SMART access token, or null (expired, revoked, malformed). */
  resolveBearer(token: string): Promise<Actor | null>
}

function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization
  if (!header || !/^bearer /i.test(header)) return null
  return header.slice(7).trim() || null
}

/** The actor of a route that declared a session rule (the hook guarantees it is there). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 'Sign in to continue.')
  return req.actor
}

export function installRouteAccess(
  app: FastifyInstance,
  sessions: SessionResolver,
  bearers: BearerResolver,
  now: () => Date,
): void {
  app.decorateRequest('actor', null)
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access
    if (!req.routeOptions.url) return // no route matched: the not-found handler answers
    if (!access) {
      req.log.error({ route: req.routeOptions.url }, 'route has no access rule; refusing')
      throw new AppError('internal', 'route has no access rule')
    }
    if ('public' in access) return
    const token = bearerToken(req)
    if (token && !access.bearer) {
      throw new AppError('unauthenticated', 'Access tokens are accepted only on the FHIR API.', [
        { path: 'header/authorization', message: 'not accepted here' },
      ])
    }
    // A bearer token, when present, is the only credential looked at (never mixed with a cookie).
    const actor = token ? await bearers.resolveBearer(token) : await sessions.resolve(req)
    // Known before the checks below, so a refused request is still attributed in the audit trail.
    req.actor = actor
    if (!actor) {
      throw new AppError('unauthenticated', 'Your session has ended. Sign in again.', [
        { path: 'session', message: 'signed-out' },
      ])
    }
    if (access.session === 'full' && actor.level !== 'full') {
      throw new AppError('unauthenticated', 'Finish signing in with your second factor.', [
        { path: 'session', message: 'mfa-required' },
      ])
    }
    if (access.roles && !access.roles.includes(actor.role)) {
      throw new AppError('forbidden', 'Your role does not give access to this.')
    }
    if (access.stepUp && (!actor.mfaAt || now().getTime() - actor.mfaAt.getTime() > STEP_UP_WINDOW_MS)) {
      throw new AppError('forbidden', 'Confirm it is you with your second factor, then try again.', [
        { path: 'session', message: 'step-up-required' },
      ])
    }
  })
}
