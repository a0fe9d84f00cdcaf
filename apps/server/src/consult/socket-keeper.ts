// Keeps this instance's open consultation sockets honest. Every SOCKET_CHECK_MS (`sweep`):
// - the session behind each socket is read again: revoked (sign-out, "sign out everywhere", an
//   admin), expired, idle past its role's limit, or the account disabled -> close 4401
//   (SignalClose.sessionEnded). A joined call counts as activity (it touches the session like a
//   request would); a lobby socket does not, so a forgotten tab cannot keep a session alive.
// - a guest's socket (guest-service.ts): the invitation revoked or its session ended (the window
//   closed, signed out) -> close 4401 too.
// - a socket that did not answer the previous ping is terminated (a crashed browser or a dead
//   network path); its 'close' then records the participant's leave. Then it is pinged again, which
//   also keeps proxies from closing an idle connection.
// A crashed *instance* leaves its participants' rows without `left_at`; see README "Crashes".
import type { WebSocket } from 'ws'
import { SignalClose } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { Role } from '../identity/account-table.ts'
import type { ConsultDeps } from './consult-deps.ts'
import type { RoomCaller } from './signal-connection.ts'

/** Written at most this often by a call's socket (as session-store.ts does for requests). */
const TOUCH_EVERY_MS = 10_000

interface Tracked {
  /** A signed-in person's session, or null for a guest. */
  actor: Actor | null
  guestId: string | null
  /** True while the socket is in a call: then it keeps the session from idling out. */
  active: () => boolean
  alive: boolean
}

export interface SessionLimits {
  idleLimitMs(role: Role): number
}

export class SocketKeeper {
  private readonly sockets = new Map<WebSocket, Tracked>()
  private timer: NodeJS.Timeout | undefined
  private sweeping: Promise<void> | null = null
  private limits: SessionLimits | null = null

  constructor(private readonly deps: Pick<ConsultDeps, 'db' | 'clock' | 'log'>) {}

  track(ws: WebSocket, who: Actor | RoomCaller, active: () => boolean = () => false): void {
    const caller: RoomCaller = 'kind' in who ? who : { kind: 'account', actor: who }
    const tracked: Tracked = {
      actor: caller.kind === 'account' ? caller.actor : null,
      guestId: caller.kind === 'guest' ? caller.guest.guestId : null,
      active,
      alive: true,
    }
    this.sockets.set(ws, tracked)
    ws.on('pong', () => (tracked.alive = true))
    ws.on('close', () => this.sockets.delete(ws))
  }

  get size(): number {
    return this.sockets.size
  }

  /** Called once the HTTP server is set up (socket-server.ts), with the session store's limits. */
  start(everyMs: number, limits: SessionLimits): void {
    this.stop()
    this.limits = limits
    this.timer = setInterval(() => void this.sweep(), everyMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** One round of checks (the timer's; tests call it directly). Never runs twice at once. */
  sweep(): Promise<void> {
    this.sweeping ??= this.run()
      .catch((err: unknown) => this.deps.log.warn({ err }, 'consult: socket check failed'))
      .finally(() => (this.sweeping = null))
    return this.sweeping
  }

  private async run(): Promise<void> {
    const entries = [...this.sockets]
    for (const [ws, t] of entries) {
      if (!t.alive) {
        ws.terminate()
        continue
      }
      t.alive = false
      if (ws.readyState === 1) ws.ping()
    }
    const open = entries.filter(([ws]) => ws.readyState === 1)
    const limits = this.limits
    if (open.length === 0 || !limits) return
    const now = this.deps.clock.now()
    await this.checkGuests(
      open.filter(([, t]) => t.guestId !== null),
      now,
    )
    const live = open.flatMap(([ws, t]) => (t.actor ? [[ws, t.actor, t] as const] : []))
    if (live.length === 0) return
    const ids = [...new Set(live.map(([, actor]) => actor.sessionId))]
    const rows = await this.deps.db
      .selectFrom('session')
      .innerJoin('account', 'account.id', 'session.account_id')
      .select([
        'session.id',
        'session.level',
        'session.last_seen_at',
        'session.expires_at',
        'session.revoked_at',
        'account.role',
        'account.disabled_at',
      ])
      .where('session.id', 'in', ids)
      .execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    const touch = new Set<string>()
    for (const [ws, actor, t] of live) {
      const row = byId.get(actor.sessionId)
      const ok =
        row &&
        !row.revoked_at &&
        !row.disabled_at &&
        row.level === 'full' &&
        now < row.expires_at &&
        now.getTime() - row.last_seen_at.getTime() <= limits.idleLimitMs(row.role)
      if (!ok) {
        ws.close(SignalClose.sessionEnded, 'session ended')
        continue
      }
      if (t.active() && now.getTime() - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) touch.add(row.id)
    }
    if (touch.size > 0)
      await this.deps.db
        .updateTable('session')
        .set({ last_seen_at: now })
        .where('id', 'in', [...touch])
        .where('revoked_at', 'is', null)
        .execute()
  }

  private async checkGuests(sockets: Array<[WebSocket, Tracked]>, now: Date): Promise<void> {
    if (sockets.length === 0) return
    const ids = [...new Set(sockets.map(([, t]) => t.guestId ?? ''))]
    const rows = await this.deps.db
      .selectFrom('consult_guest')
      .select(['id', 'revoked_at', 'session_hash', 'session_expires_at'])
      .where('id', 'in', ids)
      .execute()
    const live = new Set(
      rows
        .filter((g) => !g.revoked_at && g.session_hash && g.session_expires_at && now <= g.session_expires_at)
        .map((g) => g.id),
    )
    for (const [ws, t] of sockets)
      if (!live.has(t.guestId ?? '')) ws.close(SignalClose.sessionEnded, 'session ended')
  }
}
