// The rooms this instance holds sockets for, and the event bus between instances. One bus channel
// per room (`consult:room:<appointmentId>`) carries presence changes, accepted rosters and relays to
// a participant connected elsewhere. A relay to a participant on this instance never leaves it.
// With Redis the relayed payloads (opaque to the server) pass through Redis; they are never stored.
import {
  SignalClose,
  type SignalParticipant,
  type SignalServerMessage,
  type RelayKind,
} from '@tessera/contracts'
import type { EventPayload } from '../platform/events/event-bus.ts'
import { channels, type ConsultDeps } from './consult-deps.ts'
import type { CallStore } from './call-store.ts'
import type { SignalConnection } from './signal-connection.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const KINDS = new Set<string>(['handshake', 'sdp', 'ice', 'chat', 'key-confirm', 'verify'])

interface LocalRoom {
  appointmentId: string
  /** Every open socket of this room here, joined or not yet. */
  sockets: Set<SignalConnection>
  /** Joined ones by participant id. */
  joined: Map<string, SignalConnection>
  /** Participant ids of the current call anywhere (refreshed on presence events). */
  known: Set<string>
  subscribed: Promise<() => void>
}

export class SignalHub {
  private readonly rooms = new Map<string, LocalRoom>()

  constructor(
    private readonly deps: ConsultDeps,
    private readonly calls: CallStore,
  ) {}

  /** Registers a socket and subscribes this instance to the room's channel (awaited before joining). */
  open(conn: SignalConnection): Promise<unknown> {
    let room = this.rooms.get(conn.appointment.id)
    if (!room) {
      const appointmentId = conn.appointment.id
      room = {
        appointmentId,
        sockets: new Set(),
        joined: new Map(),
        known: new Set(),
        subscribed: this.deps.events.subscribe(channels.room(appointmentId), (p) =>
          this.onEvent(appointmentId, p),
        ),
      }
      this.rooms.set(appointmentId, room)
    }
    room.sockets.add(conn)
    return room.subscribed
  }

  joined(conn: SignalConnection, participantId: string): void {
    const room = this.rooms.get(conn.appointment.id)
    room?.joined.set(participantId, conn)
    room?.known.add(participantId)
  }

  closed(conn: SignalConnection): void {
    const room = this.rooms.get(conn.appointment.id)
    if (!room) return
    room.sockets.delete(conn)
    if (conn.participantId && room.joined.get(conn.participantId) === conn)
      room.joined.delete(conn.participantId)
    if (room.sockets.size > 0) return
    this.rooms.delete(room.appointmentId)
    room.subscribed.then(
      (unsubscribe) => unsubscribe(),
      () => undefined,
    )
  }

  /** Tells every instance that the room's participants changed. */
  async presenceChanged(appointmentId: string, callId: string): Promise<void> {
    await this.deps.events.publish(channels.room(appointmentId), { event: 'presence', callId })
  }

  async rosterAccepted(
    appointmentId: string,
    callId: string,
    roster: string,
    version: number,
  ): Promise<void> {
    await this.deps.events.publish(channels.room(appointmentId), { event: 'roster', callId, roster, version })
  }

  /**
   * Delivers a relay to a participant of the same room: directly when connected here, else through
   * the bus. False when nobody of that id is in the call.
   */
  async relay(from: SignalConnection, to: string, kind: RelayKind, payload: string): Promise<boolean> {
    const room = this.rooms.get(from.appointment.id)
    if (!room || !from.participantId || !from.callId || to === from.participantId) return false
    const local = room.joined.get(to)
    if (local) {
      local.send({ type: 'relay', from: from.participantId, kind, payload })
      return true
    }
    if (!room.known.has(to)) {
      // Presence from another instance may not have arrived yet: ask the database once.
      const now = await this.calls.participants(from.callId)
      for (const p of now) room.known.add(p.participantId)
      if (!now.some((p) => p.participantId === to)) return false
    }
    await this.deps.events.publish(channels.room(room.appointmentId), {
      event: 'relay',
      to,
      from: from.participantId,
      kind,
      payload,
    })
    return true
  }

  /** Closes every socket and waits (up to `waitMs`) until their leaves are recorded. */
  async closeAll(code: number, reason: string, waitMs = 2000): Promise<void> {
    const conns = [...this.rooms.values()].flatMap((room) => [...room.sockets])
    for (const conn of conns) conn.close(code, reason)
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(conns.map((c) => c.finished)),
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
    ])
    clearTimeout(timer)
  }

  private onEvent(appointmentId: string, p: EventPayload): void {
    const room = this.rooms.get(appointmentId)
    if (!room) return
    const event = p['event']
    if (event === 'relay') {
      const { to, from, kind, payload } = p
      if (typeof to !== 'string' || typeof from !== 'string' || typeof payload !== 'string') return
      if (typeof kind !== 'string' || !KINDS.has(kind) || !UUID.test(from)) return
      room.joined.get(to)?.send({ type: 'relay', from, kind: kind as RelayKind, payload })
      return
    }
    if (event === 'guest-revoked') {
      // the clinician revoked a guest: its sockets here close at once (the session is gone too)
      for (const c of [...room.sockets])
        if (c.guestId === p['guestId']) c.close(SignalClose.sessionEnded, 'revoked')
      return
    }
    const callId = p['callId']
    if (typeof callId !== 'string') return
    const inCall = [...room.joined.values()].filter((c) => c.callId === callId)
    if (event === 'roster') {
      const { roster, version } = p
      if (typeof roster !== 'string' || typeof version !== 'number') return
      for (const c of inCall) c.send({ type: 'roster', roster, version })
      return
    }
    if (event === 'presence') {
      this.calls.participants(callId).then(
        (participants: SignalParticipant[]) => {
          room.known.clear()
          for (const q of participants) room.known.add(q.participantId)
          const message: SignalServerMessage = { type: 'presence', participants }
          for (const c of inCall) c.send(message)
        },
        (err: unknown) => this.deps.log.warn({ err }, 'consult: presence refresh failed'),
      )
    }
  }
}
