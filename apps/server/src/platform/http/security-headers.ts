// Security headers (SECURITY.md S41). The CSP names no origin but our own: no CDN, no font host,
// no analytics (S38). Camera and microphone are allowed only on the consult page.
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  frameSrc: ["'none'"],
  manifestSrc: ["'self'"],
}

const LOCKED_FEATURES = 'geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()'
export const PERMISSIONS_POLICY_DEFAULT = `camera=(), microphone=(), display-capture=(), ${LOCKED_FEATURES}`
export const PERMISSIONS_POLICY_CONSULT = `camera=(self), microphone=(self), display-capture=(self), ${LOCKED_FEATURES}`

/** The consult page is loaded as its own document so that it alone can ask for camera and microphone. */
export function permissionsPolicyFor(path: string): string {
  return path.startsWith('/consult/') || path === '/consult'
    ? PERMISSIONS_POLICY_CONSULT
    : PERMISSIONS_POLICY_DEFAULT
}

export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  })
  app.addHook('onSend', async (req, reply) => {
    reply.header('permissions-policy', permissionsPolicyFor(req.url.split('?')[0] ?? '/'))
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
  })
}
