// Refused WebSocket upgrades (socket-server.ts): each is audited (`consult.socket-refused`, outcome
// denied, detail the HTTP status; never a header value, cookie or frame), and one client address
// may cause at most UPGRADE_REFUSALS_PER_ADDRESS of them per UPGRADE_WINDOW_MS. Past that its
// upgrades are answered 429 before any session or database work, and only the first of those is
// audited (a flood must not turn into an audit flood). Per instance, in memory: a client spread
// over several instances gets the limit on each; the HTTP API's own limits are separate.
import type { IncomingMessage } from 'node:http'
import type { Actor } from '../access/actor.ts'
import { AppError, HTTP_STATUS } from '../platform/errors.ts'
import type { ConsultDeps } from './consult-deps.ts'
import { UPGRADE_REFUSALS_PER_ADDRESS, UPGRADE_WINDOW_MS } from './consult-rules.ts'

/** Addresses remembered at once; the oldest window is dropped past this (bounded memory). */
const MAX_ADDRESSES = 10_000

interface Window {
  startedAt: number
  refusals: number
  blockedAudited: boolean
}

/** The client's address as Fastify's `req.ip` would give it (leftmost X-Forwarded-For behind a trusted proxy). */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for']
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim()
  if (trustProxy && first) return first
  return req.socket.remoteAddress ?? 'unknown'
}

export class UpgradeGuard {
  private readonly windows = new Map<string, Window>()

  constructor(private readonly deps: Pick<ConsultDeps, 'audit' | 'log'>) {}

  private window(address: string, now: number): Window {
    let w = this.windows.get(address)
    if (!w || now - w.startedAt >= UPGRADE_WINDOW_MS) {
      this.windows.delete(address)
      if (this.windows.size >= MAX_ADDRESSES) this.windows.delete(this.windows.keys().next().value!)
      w = { startedAt: now, refusals: 0, blockedAudited: false }
      this.windows.set(address, w)
    }
    return w
  }

  /** 429 if this address already used up its refusals (checked before anything else is done). */
  check(address: string): AppError | null {
    // Wall time, not ctx.clock: the limit protects this process, whatever the fake clock says.
    const w = this.window(address, Date.now())
    if (w.refusals < UPGRADE_REFUSALS_PER_ADDRESS) return null
    return new AppError('rate-limited', 'Too many refused connections. Try again later.')
  }

  /** Counts and audits one refusal. Never throws. */
  refused(
    err: AppError,
    at: { address: string; req: IncomingMessage; actor: Actor | null; appointmentId: string | null },
  ): void {
    const w = this.window(at.address, Date.now())
    if (err.code === 'rate-limited') {
      if (w.blockedAudited) return
      w.blockedAudited = true
    } else w.refusals++
    const { actor } = at
    this.deps.audit
      .record([
        {
          action: 'consult.socket-refused',
          outcome: err.code === 'internal' ? 'failure' : 'denied',
          actorId: actor?.accountId ?? null,
          actorRole: actor?.role ?? null,
          sessionId: actor?.sessionId ?? null,
          entities: at.appointmentId ? [`Appointment/${at.appointmentId}`] : [],
          ip: at.address,
          userAgent: at.req.headers['user-agent'] ?? null,
          detail: String(HTTP_STATUS[err.code]),
        },
      ])
      .catch((e: unknown) => this.deps.log.warn({ err: e }, 'consult: refused upgrade not audited'))
  }
}
