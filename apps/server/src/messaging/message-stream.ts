// GET /api/messages/events: a server-sent event stream that says only "thread X changed" (an id,
// never a subject or body); the page then re-reads the thread through the audited routes. Fed by
// the event bus, so with Redis a change on one instance reaches a browser connected to another.
// Staff get an event only for a thread they can see (checked per event, in SQL); a patient's
// channel carries only their own threads and never an internal note. The stream re-checks the
// session every heartbeat without extending it, and closes once it ended (idle, expiry, sign-out).
import type { ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Actor } from '../access/actor.ts'
import type { SessionStore } from '../identity/session-store.ts'
import type { EventPayload } from '../platform/events/event-bus.ts'
import { AppError } from '../platform/errors.ts'
import type { MessagingDeps } from './messaging-deps.ts'
import { patientChannel, STAFF_CHANNEL } from './message-notify.ts'
import { threadFilter } from './thread-access.ts'

export const HEARTBEAT_MS = 20_000

export interface StreamDeps extends MessagingDeps {
  sessions: SessionStore
}

/** Whether the session is still live, without touching its idle timer. */
async function sessionLive(deps: StreamDeps, actor: Actor): Promise<boolean> {
  const row = await deps.db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.account_id')
    .select(['session.revoked_at', 'session.expires_at', 'session.last_seen_at', 'account.disabled_at'])
    .where('session.id', '=', actor.sessionId)
    .executeTakeFirst()
  const now = deps.clock.now().getTime()
  return (
    row !== undefined &&
    !row.revoked_at &&
    !row.disabled_at &&
    now < row.expires_at.getTime() &&
    now - row.last_seen_at.getTime() <= deps.sessions.idleLimitMs(actor.role)
  )
}

async function canSee(deps: StreamDeps, actor: Actor, threadId: string): Promise<boolean> {
  const row = await deps.db
    .selectFrom('message_thread')
    .select('id')
    .where('id', '=', threadId)
    .where((eb) => threadFilter(eb, deps.access, actor))
    .executeTakeFirst()
  return row !== undefined
}

const UUID = /^[0-9a-f-]{36}$/

/** Open streams, so the server can end them when it shuts down. */
export class MessageStreams {
  private readonly open = new Set<() => void>()
  /** How often the session is re-checked and a comment line keeps proxies from closing the stream. */
  heartbeatMs = HEARTBEAT_MS

  constructor(private readonly deps: StreamDeps) {}

  async serve(req: FastifyRequest, reply: FastifyReply, actor: Actor): Promise<void> {
    const deps = this.deps
    // EventSource always asks for this; anything else gets an answer instead of an endless response.
    if (!/\btext\/event-stream\b/.test(req.headers.accept ?? ''))
      throw new AppError('invalid', 'This address is an event stream: ask for text/event-stream.', [
        { path: 'header/accept', message: 'must accept text/event-stream' },
      ])
    let closed = false
    // Set once the stream is open; an event before then has nobody to go to yet.
    const opened: { res?: ServerResponse } = {}
    const send = (threadId: string) => {
      if (!closed) opened.res?.write(`event: thread\ndata: ${JSON.stringify({ threadId })}\n\n`)
    }
    const onEvent = (payload: EventPayload) => {
      const threadId = payload['threadId']
      if (typeof threadId !== 'string' || !UUID.test(threadId)) return
      if (actor.role === 'patient') return send(threadId)
      canSee(deps, actor, threadId).then(
        (ok) => ok && send(threadId),
        (err: unknown) => req.log.warn({ err }, 'message stream: visibility check failed'),
      )
    }
    const channel = actor.role === 'patient' ? patientChannel(actor.accountId) : STAFF_CHANNEL
    // Subscribed before the stream opens: once the client sees it open, no event can be missed
    // (and a bus that cannot subscribe is an ordinary error answer, not a half-open stream).
    const unsubscribe = await deps.events.subscribe(channel, onEvent)
    reply.hijack()
    const res = reply.raw
    // Hijacked: the security headers set on `reply` by the onRequest hook are copied over by hand.
    for (const [name, value] of Object.entries(reply.getHeaders()))
      if (value !== undefined) res.setHeader(name, value)
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    })
    res.write('retry: 5000\n\n')
    opened.res = res
    const end = () => {
      if (closed) return
      closed = true
      clearInterval(timer)
      unsubscribe()
      this.open.delete(end)
      res.end()
    }
    const timer = setInterval(() => {
      sessionLive(deps, actor).then(
        (live) => (live ? res.write(': ping\n\n') : end()),
        () => end(),
      )
    }, this.heartbeatMs)
    this.open.add(end)
    req.raw.on('close', end)
  }

  closeAll(): void {
    for (const end of [...this.open]) end()
  }
}
