// WebSocket upgrades for consultations, outside Fastify's request cycle (Node emits 'upgrade' on the
// HTTP server): `/api/consult/<appointmentId>/socket` (signalling) and `/api/consult/lobby`.
// Before the handshake completes: the Origin must be this site (a cross-site page cannot ride the
// session cookie, S18), the session cookie must be a live full session, and the room must let the
// caller in (patient: admitted, in the join window, gate open). A guest's cookie (guest-routes.ts)
// opens only the room of its own invitation, once admitted. A refusal is a plain HTTP answer
// with the same JSON error body the API uses; a room the caller is not in is 404 (S2). Refusals are
// audited and limited per client address (upgrade-guard.ts); open sockets are re-checked and pinged
// every SOCKET_CHECK_MS (socket-keeper.ts).
import { STATUS_CODES, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import type { FastifyInstance } from 'fastify'
import { WebSocketServer, type WebSocket } from 'ws'
import { MAX_SIGNAL_FRAME_BYTES } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { SESSION_COOKIE, type SessionStore } from '../identity/session-store.ts'
import { isWellFormedToken } from '../identity/tokens.ts'
import { AppError, HTTP_STATUS } from '../platform/errors.ts'
import type { ConsultDeps } from './consult-deps.ts'
import { consultNotFound, SOCKET_CHECK_MS } from './consult-rules.ts'
import { GUEST_COOKIE, type GuestService } from './guest-service.ts'
import type { RoomCaller } from './signal-connection.ts'
import type { RoomAppointment, RoomService } from './room-service.ts'
import type { SocketKeeper } from './socket-keeper.ts'
import { clientAddress, type UpgradeGuard } from './upgrade-guard.ts'

const ROOM_PATH = /^\/api\/consult\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/socket$/
const LOBBY_PATH = '/api/consult/lobby'

export interface SocketHandlers {
  room(ws: WebSocket, caller: RoomCaller, appointment: RoomAppointment, req: IncomingMessage): void
  lobby(ws: WebSocket, actor: Actor): void
}

function refuse(socket: Duplex, err: AppError): void {
  const status = HTTP_STATUS[err.code]
  const body = JSON.stringify({ error: { code: err.code, message: err.message, details: err.details } })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
  )
}

export function installConsultSockets(
  app: FastifyInstance,
  parts: {
    deps: ConsultDeps
    sessions: SessionStore
    rooms: RoomService
    guests: Pick<GuestService, 'resolve' | 'assertMayConnect'>
    publicUrl: string | undefined
    trustProxy: boolean
    keeper: SocketKeeper
    guard: UpgradeGuard
    handlers: SocketHandlers
    closeAll: () => Promise<void>
  },
): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SIGNAL_FRAME_BYTES })

  function checkOrigin(req: IncomingMessage, encrypted: boolean): void {
    const expected = parts.publicUrl ?? `${encrypted ? 'https' : 'http'}://${req.headers.host ?? ''}`
    const origin = req.headers.origin
    if (origin !== expected)
      throw new AppError('forbidden', 'cross-site request refused: the Origin header must be this site', [
        { path: 'header/origin', message: origin ? 'not this site' : 'missing' },
      ])
  }

  /** A guest session for exactly this room, or null (then the person's own session is looked at). */
  async function guestFor(req: IncomingMessage, appointmentId: string) {
    const token = app.parseCookie(req.headers.cookie ?? '')[GUEST_COOKIE]
    if (!token || !isWellFormedToken(token)) return null
    const guest = await parts.guests.resolve(token)
    return guest && guest.appointmentId === appointmentId ? guest : null
  }

  async function authenticate(req: IncomingMessage): Promise<Actor> {
    const token = app.parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE]
    const actor = token && isWellFormedToken(token) ? await parts.sessions.resolveToken(token) : null
    if (!actor) throw new AppError('unauthenticated', 'Your session has ended. Sign in again.')
    if (actor.level !== 'full')
      throw new AppError('unauthenticated', 'Finish signing in with your second factor.')
    return actor
  }

  // What a refusal's audit may name, filled in as the checks pass.
  interface Attempt {
    address: string
    actor: Actor | null
    appointmentId: string | null
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, at: Attempt): Promise<void> {
    const limited = parts.guard.check(at.address)
    if (limited) throw limited
    const path = (req.url ?? '').split('?')[0] ?? ''
    const room = ROOM_PATH.exec(path)
    if (!room && path !== LOBBY_PATH) throw new AppError('not-found', 'not found')
    at.appointmentId = room?.[1] ?? null
    checkOrigin(req, Boolean((socket as TLSSocket).encrypted))
    const guest = room ? await guestFor(req, room[1]!) : null
    if (room && guest) {
      const appointment = await parts.guests.assertMayConnect(guest, room[1]!)
      const caller: RoomCaller = { kind: 'guest', guest }
      wss.handleUpgrade(req, socket, head, (ws) => parts.handlers.room(ws, caller, appointment, req))
      return
    }
    const actor = await authenticate(req)
    at.actor = actor
    if (room) {
      const appointment = await parts.rooms.assertMayConnect(actor, room[1]!)
      const caller: RoomCaller = { kind: 'account', actor }
      wss.handleUpgrade(req, socket, head, (ws) => parts.handlers.room(ws, caller, appointment, req))
      return
    }
    if (actor.role !== 'clinician' && actor.role !== 'patient') throw consultNotFound()
    wss.handleUpgrade(req, socket, head, (ws) => {
      parts.keeper.track(ws, actor)
      parts.handlers.lobby(ws, actor)
    })
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined)
    const at: Attempt = { address: clientAddress(req, parts.trustProxy), actor: null, appointmentId: null }
    upgrade(req, socket, head, at).catch((err: unknown) => {
      let answer = err instanceof AppError ? err : new AppError('internal', 'Something went wrong.')
      if (answer.code === 'internal') {
        parts.deps.log.error({ err }, 'consult: socket upgrade failed')
        answer = new AppError('internal', 'Something went wrong.')
      }
      parts.guard.refused(answer, { ...at, req })
      refuse(socket, answer)
    })
  }
  app.server.on('upgrade', onUpgrade)
  parts.keeper.start(SOCKET_CHECK_MS, parts.sessions)
  app.addHook('preClose', async () => {
    parts.keeper.stop()
    app.server.off('upgrade', onUpgrade)
    await parts.closeAll()
    for (const ws of wss.clients) ws.terminate()
    await new Promise<void>((resolve) => wss.close(() => resolve()))
  })
}
