// The lobby socket (`/api/consult/lobby`): any Tessera tab of a clinician learns at once that a
// patient is waiting (badge and sound); a patient's tab learns it was admitted. Fed by the event
// bus (ids only), so a check-in on one instance reaches a tab connected to another; the list itself
// is re-read from the database on every signal.
import type { WebSocket } from 'ws'
import type { LobbyMessage } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { channels, type ConsultDeps } from './consult-deps.ts'
import type { RoomService } from './room-service.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export class LobbyHub {
  private readonly open = new Set<WebSocket>()

  constructor(
    private readonly deps: ConsultDeps,
    private readonly rooms: RoomService,
  ) {}

  async attach(ws: WebSocket, actor: Actor): Promise<void> {
    this.open.add(ws)
    const send = (m: LobbyMessage) => ws.readyState === 1 && ws.send(JSON.stringify(m))
    const fail = (err: unknown) => this.deps.log.warn({ err }, 'consult: lobby update failed')
    const pushWaiting = () =>
      this.rooms.waiting(actor).then((waiting) => send({ type: 'waiting', waiting }), fail)
    const host = actor.role === 'clinician'
    const channel = host ? channels.clinician(actor.accountId) : channels.patient(actor.accountId)
    const unsubscribe = await this.deps.events.subscribe(channel, (p) => {
      if (host) return void pushWaiting()
      const id = p['appointmentId']
      if (typeof id !== 'string' || !UUID.test(id)) return
      this.rooms.view(actor, id).then((room) => send({ type: 'room', room }), fail)
    })
    // The lobby only listens; anything the client sends is ignored.
    ws.on('close', () => {
      this.open.delete(ws)
      unsubscribe()
    })
    ws.on('error', () => undefined)
    if (host) await pushWaiting()
  }

  closeAll(code: number, reason: string): void {
    for (const ws of [...this.open]) ws.close(code, reason)
  }
}
