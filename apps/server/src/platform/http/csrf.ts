// CSRF defence (S18): a state-changing request must come from our own origin AND carry the custom
// header that only our scripts set (a cross-site form cannot add headers; a cross-site fetch that
// adds one needs a CORS preflight we never grant). Bearer-token requests (SMART apps) carry no
// ambient cookie, so they are exempt, and so are routes that declare `cookieless` (the OAuth token,
// introspection and revocation endpoints: apps call them from their own servers, with no Origin, and
// they read no cookie, so a cross-site request there has nothing of the browser's to abuse).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route never reads the session cookie (smart/oauth-routes.ts): no CSRF check applies. */
    cookieless?: boolean
  }
}

export const CSRF_HEADER = 'x-tessera-request'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function expectedOrigin(req: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.host}`
}

export function checkCsrf(req: FastifyRequest, publicUrl: string | undefined): void {
  if (SAFE_METHODS.has(req.method)) return
  if (req.headers.authorization?.toLowerCase().startsWith('bearer ')) return
  if (req.routeOptions.config?.cookieless) return
  const origin = req.headers.origin
  if (!origin || origin !== expectedOrigin(req, publicUrl)) {
    throw new AppError('forbidden', 'cross-site request refused: the Origin header must be this site', [
      { path: 'header/origin', message: origin ? 'not this site' : 'missing' },
    ])
  }
  if (req.headers[CSRF_HEADER] !== '1') {
    throw new AppError('forbidden', `cross-site request refused: the ${CSRF_HEADER} header is missing`, [
      { path: `header/${CSRF_HEADER}`, message: 'missing' },
    ])
  }
}

export function installCsrfCheck(app: FastifyInstance, publicUrl: string | undefined): void {
  app.addHook('onRequest', async (req) => checkCsrf(req, publicUrl))
}
