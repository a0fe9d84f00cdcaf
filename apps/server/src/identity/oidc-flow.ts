// The pending sign-in between /start and /callback: PKCE verifier, state and nonce (OIDC Core
// 3.1.2.1, RFC 7636), sealed with the server's secret box into a short-lived cookie, so the server
// keeps no table of half-finished sign-ins and a browser can only finish the flow it started.
//
// SameSite=Lax, unlike the session cookie: the provider sends the browser back with a top-level
// GET from its own site, and a Strict cookie would not come with it. Lax is safe here because the
// cookie grants nothing by itself; it only lets this browser finish its own flow, once.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type {} from '@fastify/cookie'
import type { SecretBox } from '../platform/secret-box.ts'

export const FLOW_COOKIE = '__Host-tessera-oidc'
export const FLOW_TTL_MS = 10 * 60_000
/** Associated data: a value sealed for another purpose does not open as a flow. */
const FLOW_CONTEXT = 'oidc-flow'

export interface PendingFlow {
  state: string
  nonce: string
  verifier: string
  /** Epoch milliseconds (server clock); the cookie's own Max-Age is only a hint to the browser. */
  expiresAt: number
}

const COOKIE_OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const

export function setFlowCookie(reply: FastifyReply, box: SecretBox, flow: PendingFlow): void {
  reply.setCookie(FLOW_COOKIE, box.seal(JSON.stringify(flow), FLOW_CONTEXT), {
    ...COOKIE_OPTIONS,
    maxAge: FLOW_TTL_MS / 1000,
  })
}

export function clearFlowCookie(reply: FastifyReply): void {
  reply.clearCookie(FLOW_COOKIE, COOKIE_OPTIONS)
}

/** The flow this browser started, or null when absent, tampered, sealed elsewhere or expired. */
export function readFlowCookie(req: FastifyRequest, box: SecretBox, now: Date): PendingFlow | null {
  const sealed = req.cookies[FLOW_COOKIE]
  if (!sealed || sealed.length > 2048) return null
  let value: unknown
  try {
    value = JSON.parse(box.open(sealed, FLOW_CONTEXT))
  } catch {
    return null
  }
  if (!isPendingFlow(value) || value.expiresAt <= now.getTime()) return null
  return value
}

function isPendingFlow(value: unknown): value is PendingFlow {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v['state'] === 'string' &&
    typeof v['nonce'] === 'string' &&
    typeof v['verifier'] === 'string' &&
    typeof v['expiresAt'] === 'number'
  )
}
