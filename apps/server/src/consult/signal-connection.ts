// One signalling socket: rate limit, schema check, then the message. `hello` (a registered device
// of the caller and the cipher suite it uses) joins the call; `roster` is accepted only from the
// host and only when signed by the host's registered device key, naming registered devices of the
// room's people (the server cannot add anyone silently, and cannot pass off a roster the host did
// not sign); `relay` forwards an opaque payload to a participant of the same room; `verified`
// records who confirmed the verification code; `leave` ends it. Payloads are never logged or stored.
import type { WebSocket, RawData } from 'ws'
import {
  SignalClose,
  type SignalClientMessage,
  type SignalErrorCode,
  type SignalServerMessage,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { AuditRecord } from '../audit/audit-event.ts'
import type { CallStore } from './call-store.ts'
import type { ConsultDeps } from './consult-deps.ts'
import { SIGNAL_BURST, SIGNAL_PER_SECOND } from './consult-rules.ts'
import type { ActiveDevice, DeviceOwner, DeviceService } from './device-service.ts'
import type { GuestCaller } from './guest-service.ts'
import type { RoomAppointment } from './room-service.ts'
import { verifyRoster } from './roster-check.ts'
import { decodeBase64, parseSignal, RateBucket } from './signal-protocol.ts'
import type { SignalHub } from './signal-hub.ts'
import type { SocketKeeper } from './socket-keeper.ts'

/** Who is on a room socket: a signed-in person, or a guest of this one room (guest-service.ts). */
export type RoomCaller = { kind: 'account'; actor: Actor } | { kind: 'guest'; guest: GuestCaller }

export function ownerOf(caller: RoomCaller): DeviceOwner {
  return caller.kind === 'account' ? { accountId: caller.actor.accountId } : { guestId: caller.guest.guestId }
}

/** RFC 9605 section 8.1 registered suites (0x0001-0x0005, @tessera/e2ee `CipherSuite`); calls use 0x0005. */
const REGISTERED_SUITES = new Set([1, 2, 3, 4, 5])

export interface ConnectionParts {
  deps: ConsultDeps
  hub: SignalHub
  calls: CallStore
  devices: DeviceService
  keeper: SocketKeeper
  ws: WebSocket
  caller: RoomCaller
  appointment: RoomAppointment
  /** Admitted, unrevoked guests of the room: the only guests a roster may name. */
  admittedGuests: (appointmentId: string) => Promise<Set<string>>
  ip: string | null
  userAgent: string | null
}

export class SignalConnection {
  readonly caller: RoomCaller
  readonly appointment: RoomAppointment
  participantId: string | null = null
  callId: string | null = null
  private device: ActiveDevice | null = null
  private closed = false
  private queue: Promise<void> = Promise.resolve()
  private readonly bucket: RateBucket
  private markFinished: () => void = () => undefined
  /** Settles once the socket closed and its leave is recorded. */
  readonly finished = new Promise<void>((resolve) => (this.markFinished = resolve))

  constructor(private readonly p: ConnectionParts) {
    this.caller = p.caller
    this.appointment = p.appointment
    this.bucket = new RateBucket(SIGNAL_BURST, SIGNAL_PER_SECOND, Date.now())
    const subscribed = p.hub.open(this)
    // Re-checked and pinged every SOCKET_CHECK_MS; a joined call keeps the session from idling out.
    p.keeper.track(p.ws, p.caller, () => this.participantId !== null && !this.closed)
    p.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary, subscribed))
    p.ws.on('close', () => void this.onClose().finally(() => this.markFinished()))
    p.ws.on('error', () => undefined)
  }

  /** The guest on this socket, if it is one (its sockets close when the clinician revokes it). */
  get guestId(): string | null {
    return this.caller.kind === 'guest' ? this.caller.guest.guestId : null
  }

  send(message: SignalServerMessage): void {
    if (!this.closed && this.p.ws.readyState === 1) this.p.ws.send(JSON.stringify(message))
  }

  close(code: number, reason: string): void {
    this.p.ws.close(code, reason)
  }

  private error(code: SignalErrorCode, message: string, path?: string): void {
    this.send({ type: 'error', code, message, ...(path !== undefined ? { path } : {}) })
  }

  private onMessage(data: RawData, isBinary: boolean, subscribed: Promise<unknown>): void {
    // Wall time, not ctx.clock: the limit protects this process, whatever the fake clock says.
    if (!this.bucket.take(Date.now())) {
      this.close(SignalClose.rateLimited, 'rate limit')
      return
    }
    if (isBinary) return this.error('invalid-message', 'Send JSON text frames.')
    const parsed = parseSignal(
      Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'),
    )
    if (!parsed.ok) return this.error('invalid-message', parsed.message, parsed.path)
    // One message at a time, in order: `hello` finishes before the relay that follows it.
    this.queue = this.queue
      .then(() => subscribed)
      .then(() => this.handle(parsed.message))
      .catch((err: unknown) => {
        this.p.deps.log.error({ err }, 'consult: signalling message failed')
        this.error('internal', 'Something went wrong; try again.')
      })
  }

  private async handle(m: SignalClientMessage): Promise<void> {
    if (this.closed) return
    if (m.type === 'leave') return this.close(1000, 'left')
    if (m.type === 'hello') return this.hello(m.deviceId, m.suite)
    if (!this.participantId || !this.callId) return this.error('hello-first', 'Say hello first.')
    switch (m.type) {
      case 'relay':
        if (!(await this.p.hub.relay(this, m.to, m.kind, testMitm(m.kind, m.payload))))
          this.error('unknown-participant', 'Nobody of that id is in this call.', '/to')
        return
      case 'roster':
        return this.roster(m.roster)
      case 'verified':
        await this.p.calls.verified(this.callId, this.participantId, ownerOf(this.caller), m.result)
        await this.audit('consult.verify', m.result)
        return
      default:
        m satisfies never
    }
  }

  private async hello(deviceId: string, suite: number): Promise<void> {
    if (this.participantId) return this.error('already-joined', 'Already in the call.')
    const device = await this.p.devices.active(ownerOf(this.caller), deviceId)
    if (!device) return this.error('unknown-device', 'Register this device first.', '/deviceId')
    if (!REGISTERED_SUITES.has(suite))
      return this.error('unsupported-suite', 'Unknown cipher suite.', '/suite')
    const joined = await this.p.calls.join({
      appointmentId: this.appointment.id,
      owner: ownerOf(this.caller),
      deviceId,
      role: this.appointment.role,
      suite,
    })
    this.device = device
    this.participantId = joined.participantId
    this.callId = joined.callId
    if (this.closed) return // onClose, waiting for this, records the leave
    this.p.hub.joined(this, joined.participantId)
    await this.audit('consult.join', String(suite))
    const [participants, roster] = await Promise.all([
      this.p.calls.participants(joined.callId),
      this.p.calls.roster(joined.callId),
    ])
    this.send({
      type: 'welcome',
      participantId: joined.participantId,
      callId: joined.callId,
      participants,
      roster: roster ? Buffer.from(roster.roster).toString('base64') : null,
    })
    await this.p.hub.presenceChanged(this.appointment.id, joined.callId)
  }

  private async roster(text: string): Promise<void> {
    if (this.appointment.role !== 'host' || !this.device || !this.callId)
      return this.error('not-host', 'Only the clinician signs the roster.')
    const bytes = decodeBase64(text)
    const roster = verifyRoster(bytes, this.device.publicKey, this.callId)
    if (!roster)
      return this.error(
        'bad-roster',
        "The roster is not signed by this device's registered key for this call.",
        '/roster',
      )
    // Members: the room's patient and clinician, and guests the clinician admitted (not revoked).
    const people = new Set([this.appointment.patientId, this.appointment.clinicianId])
    const guests = await this.p.admittedGuests(this.appointment.id)
    for (const member of roster.members) {
      const column = people.has(member.accountId)
        ? 'account_id'
        : guests.has(member.accountId)
          ? 'guest_id'
          : null
      const registered =
        column !== null &&
        (await this.p.deps.db
          .selectFrom('consult_device')
          .select('id')
          .where(column, '=', member.accountId)
          .where('public_key', '=', member.deviceKey)
          .where('revoked_at', 'is', null)
          .executeTakeFirst())
      if (!registered)
        return this.error(
          'bad-roster',
          'The roster names a device that is not registered to someone in this room.',
          '/roster',
        )
    }
    if (!(await this.p.calls.saveRoster(this.callId, bytes, roster.version, this.device.id)))
      return this.error('stale-roster', 'A roster of this version or newer is already in place.', '/roster')
    await this.audit('consult.roster', String(roster.version))
    await this.p.hub.rosterAccepted(
      this.appointment.id,
      this.callId,
      Buffer.from(bytes).toString('base64'),
      roster.version,
    )
  }

  private async onClose(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.p.hub.closed(this)
    // A `hello` still running finishes first, so its participant is marked gone too.
    await this.queue
    const { participantId, callId } = this
    if (!participantId || !callId) return
    try {
      await this.p.calls.leave(callId, participantId)
      await this.audit('consult.leave', null)
      await this.p.hub.presenceChanged(this.appointment.id, callId)
    } catch (err) {
      this.p.deps.log.error({ err }, 'consult: leave not recorded')
    }
  }

  private async audit(action: string, detail: string | null): Promise<void> {
    const { participantId, callId } = this
    const c = this.caller
    const record: AuditRecord = {
      action,
      outcome: 'success',
      actorId: c.kind === 'account' ? c.actor.accountId : c.guest.guestId,
      actorRole: c.kind === 'account' ? c.actor.role : 'guest',
      sessionId: c.kind === 'account' ? c.actor.sessionId : null,
      patientId: this.appointment.patientId,
      entities: [
        `Appointment/${this.appointment.id}`,
        ...(callId ? [`ConsultCall/${callId}`] : []),
        ...(participantId ? [`ConsultParticipant/${participantId}`] : []),
        ...(c.kind === 'guest' ? [`ConsultGuest/${c.guest.guestId}`] : []),
      ],
      purpose:
        this.appointment.role === 'patient'
          ? 'self'
          : this.appointment.role === 'guest'
            ? 'guest'
            : 'care-team',
      ip: this.p.ip,
      userAgent: this.p.userAgent,
      detail,
    }
    await this.p.deps.audit.record([record])
  }
}

/**
 * Test-only attacker for the browser suite (E2EE.md section 9 point 7): with NODE_ENV=test AND
 * TESSERA_TEST_MITM set, the relay alters what it forwards: `handshake` flips one byte in the middle
 * of every handshake message (a swapped X-Wing key, identity key or commitment), `fingerprint` changes
 * the DTLS fingerprint inside relayed SDP. Off (the payload untouched) in any other environment.
 */
function testMitm(kind: string, payload: string): string {
  if (process.env['NODE_ENV'] !== 'test') return payload
  const mode = process.env['TESSERA_TEST_MITM']
  if (mode === 'handshake' && kind === 'handshake') {
    const bytes = Buffer.from(payload, 'base64url')
    const at = Math.floor(bytes.length / 2)
    bytes[at] = (bytes[at] ?? 0) ^ 0x01
    return bytes.toString('base64url')
  }
  if (mode === 'fingerprint' && kind === 'sdp') {
    const sdp = Buffer.from(payload, 'base64url').toString('utf8')
    const swapped = sdp.replace(
      /(a=fingerprint:\S+ )([0-9A-Fa-f]{2})/g,
      (_m, head: string, hex: string) => `${head}${hex.toUpperCase() === '00' ? '01' : '00'}`,
    )
    return Buffer.from(swapped, 'utf8').toString('base64url')
  }
  return payload
}
