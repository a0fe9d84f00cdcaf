// Security headers (SECURITY.md S41), computed once and set on every response. The CSP names no
// origin but our own: no CDN, no font host, no analytics (S38). Camera and microphone are allowed
// only on the consult page. (A fixed header set needs no per-request policy engine; doing it here
// keeps the hot path to one object assignment.)
import type { FastifyInstance } from 'fastify'

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
].join('; ')

// Only features Chromium recognises: unknown names print a console warning on every page.
const LOCKED_FEATURES = 'geolocation=(), payment=(), usb=(), serial=()'
export const PERMISSIONS_POLICY_DEFAULT = `camera=(), microphone=(), display-capture=(), ${LOCKED_FEATURES}`
export const PERMISSIONS_POLICY_CONSULT = `camera=(self), microphone=(self), display-capture=(self), ${LOCKED_FEATURES}`

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CSP,
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
})

/** The areas' consult pages (apps/web/src/pages/consult/open-consult.ts), with or without a query. */
const CONSULT_PAGES = /^\/(patient|clinician)\/consult(\?|$)/

/** The consult page is loaded as its own document so that it alone can ask for camera and microphone. */
export function permissionsPolicyFor(path: string): string {
  return path.startsWith('/consult/') || path === '/consult' || CONSULT_PAGES.test(path)
    ? PERMISSIONS_POLICY_CONSULT
    : PERMISSIONS_POLICY_DEFAULT
}

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(SECURITY_HEADERS)
    reply.header('permissions-policy', permissionsPolicyFor(req.url))
    // Nothing is cached unless a route says otherwise (static assets do).
    reply.header('cache-control', 'no-store')
  })
}
