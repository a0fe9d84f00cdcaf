// Guests of a consultation (issue 9; consult/README.md "Guests"): an interpreter or carer the
// appointment's clinician invites. The clinician gives a name, an email and the kind; the server
// emails a one-time link whose token (after '#') is stored only as its SHA-256. Opening the link
// emails a 6-digit code (hashed, 10 minutes, 5 wrong tries per code, 5 codes per link); the right
// code uses the link up and starts a guest session: a cookie for this one room, ending when the
// consultation's join window closes. Guests check in and wait like the patient; the clinician admits
// or revokes them. Guests are not accounts: they reach nothing but the guest routes and this room's
// socket, and the host's signed roster (not the server) decides whom peers trust.
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { GuestCodeSent, GuestInviteBody, GuestRoomView, GuestState, GuestView } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { generateToken } from '../identity/tokens.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { MailService } from '../platform/mail/mail-service.ts'
import { addressed } from '../platform/mail/templates.ts'
import { channels, type ConsultDeps } from './consult-deps.ts'
import type { ConsultGuestTable } from './consult-tables.ts'
import { guestCodeEmail, guestInvitationEmail } from './guest-mail.ts'
import { joinWindow, type RoomAppointment, type RoomService } from './room-service.ts'

/** Guests at once in one consultation (calls have 2-4 people: E2EE.md). */
export const MAX_GUESTS = 2
export const GUEST_CODE_MINUTES = 10
/** Wrong entries of one code before it is void (open the link again for a new one). */
export const GUEST_CODE_ATTEMPTS = 5
/** Codes one link may send; then the clinician must invite again. */
export const GUEST_CODES_PER_LINK = 5
/** The guest session's cookie (`__Host-`: this origin only, path /, Secure). */
export const GUEST_COOKIE = '__Host-tessera-guest'
/** The web page that reads the token from the URL fragment. */
export const GUEST_LINK_PATH = '/consult/guest'

export interface GuestDeps extends ConsultDeps {
  mail: Pick<MailService, 'send'>
  /** The address people use, without a trailing slash (for the link). */
  publicUrl: () => string
}

/** A live guest session: who, for which room. */
export interface GuestCaller {
  guestId: string
  appointmentId: string
  displayName: string
  kind: ConsultGuestTable['kind']
}

type GuestRow = Pick<
  Selectable<ConsultGuestTable>,
  | 'id'
  | 'display_name'
  | 'email'
  | 'kind'
  | 'checked_in_at'
  | 'admitted_at'
  | 'used_at'
  | 'revoked_at'
  | 'expires_at'
  | 'created_at'
>

const sha256 = (text: string): Uint8Array =>
  new Uint8Array(createHash('sha256').update(text, 'utf8').digest())
const codeHash = (guestId: string, code: string) => sha256(`guest-code|${guestId}|${code}`)

export function noSuchGuest(): AppError {
  return new AppError('not-found', 'No such guest.')
}

function linkRefused(): AppError {
  // Unknown, revoked and expired links look the same.
  return new AppError('not-found', 'This invitation link does not work. Ask the clinician for a new one.', [
    { path: '/token', message: 'not valid' },
  ])
}

/** "a•••@example.org": enough for the guest to recognise the address, nothing for a bystander. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  return `${email.slice(0, Math.min(1, at))}•••${email.slice(at)}`
}

export class GuestService {
  constructor(
    private readonly deps: GuestDeps,
    private readonly rooms: RoomService,
  ) {}

  private get db(): Kysely<Database> {
    return this.deps.db
  }

  private stateOf(g: GuestRow, now: Date): GuestState {
    if (g.revoked_at) return 'revoked'
    if (now > g.expires_at) return 'expired'
    if (g.admitted_at) return 'admitted'
    if (g.checked_in_at) return 'waiting'
    return g.used_at ? 'ready' : 'invited'
  }

  private view(g: GuestRow): GuestView {
    return {
      id: g.id,
      name: g.display_name,
      email: g.email,
      kind: g.kind,
      state: this.stateOf(g, this.deps.clock.now()),
      invitedAt: g.created_at.toISOString(),
      expiresAt: g.expires_at.toISOString(),
      ...(g.checked_in_at ? { checkedInAt: g.checked_in_at.toISOString() } : {}),
      ...(g.admitted_at ? { admittedAt: g.admitted_at.toISOString() } : {}),
    }
  }

  private guestRows() {
    return this.db
      .selectFrom('consult_guest')
      .select([
        'id',
        'display_name',
        'email',
        'kind',
        'checked_in_at',
        'admitted_at',
        'used_at',
        'revoked_at',
        'expires_at',
        'created_at',
      ])
  }

  private async roomEnded(appointmentId: string): Promise<boolean> {
    const room = await this.db
      .selectFrom('consult_room')
      .select('ended_at')
      .where('appointment_id', '=', appointmentId)
      .executeTakeFirst()
    return Boolean(room?.ended_at)
  }

  // ---------- the clinician's side (the appointment's host) ----------

  async invite(actor: Actor, a: RoomAppointment, body: GuestInviteBody): Promise<GuestView> {
    if (a.role !== 'host') throw new AppError('not-found', 'No such consultation.')
    const name = body.name.trim().replace(/\s+/g, ' ')
    if (!name) throw new AppError('invalid', 'Give the guest’s name.', [{ path: '/name', message: 'empty' }])
    if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f))
      throw new AppError('invalid', 'The name has characters it cannot have.', [
        { path: '/name', message: 'control characters' },
      ])
    const email = body.email.trim().toLowerCase()
    const now = this.deps.clock.now()
    const until = joinWindow(a).until
    if (now > until || (await this.roomEnded(a.id)))
      throw new AppError('conflict', 'This consultation has ended.', [
        { path: 'joinUntil', message: until.toISOString() },
      ])
    const token = generateToken()
    const link = `${this.deps.publicUrl()}${GUEST_LINK_PATH}#t=${token}`
    const mail = addressed(email, guestInvitationEmail({ link, kind: body.kind }))
    const row = {
      id: randomUUID(),
      appointment_id: a.id,
      invited_by: actor.accountId,
      display_name: name,
      email,
      kind: body.kind,
      link_hash: sha256(token),
      expires_at: until,
      created_at: now,
    }
    await this.db.transaction().execute(async (tx) => {
      // The room row lock makes the guest limit hold under concurrent invitations.
      await this.rooms.ensureRoom(tx, a.id)
      await tx
        .selectFrom('consult_room')
        .select('appointment_id')
        .where('appointment_id', '=', a.id)
        .forUpdate()
        .execute()
      const { count } = await tx
        .selectFrom('consult_guest')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('appointment_id', '=', a.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow()
      if (Number(count) >= MAX_GUESTS)
        throw new AppError('conflict', `At most ${MAX_GUESTS} guests: remove one first.`, [
          { path: '/email', message: 'guest limit reached' },
        ])
      await tx.insertInto('consult_guest').values(row).execute()
      // queued with the invitation: sent if and only if it is stored
      await this.deps.mail.send(mail, tx)
    })
    return this.view({ ...row, checked_in_at: null, admitted_at: null, used_at: null, revoked_at: null })
  }

  async list(a: RoomAppointment): Promise<GuestView[]> {
    const rows = await this.guestRows().where('appointment_id', '=', a.id).orderBy('created_at').execute()
    return rows.map((g) => this.view(g))
  }

  private async one(a: RoomAppointment, guestId: string): Promise<GuestRow> {
    const row = await this.guestRows()
      .where('id', '=', guestId)
      .where('appointment_id', '=', a.id)
      .executeTakeFirst()
    if (!row) throw noSuchGuest()
    return row
  }

  /** Ends the invitation and the guest's session; its sockets are closed on every instance. */
  async revoke(a: RoomAppointment, guestId: string): Promise<GuestView> {
    const before = await this.one(a, guestId)
    if (!before.revoked_at) {
      const now = this.deps.clock.now()
      await this.db
        .updateTable('consult_guest')
        .set({ revoked_at: now, session_hash: null, code_hash: null })
        .where('id', '=', guestId)
        .where('revoked_at', 'is', null)
        .execute()
      await this.deps.events.publish(channels.room(a.id), { event: 'guest-revoked', guestId })
    }
    return this.view(await this.one(a, guestId))
  }

  async admit(actor: Actor, a: RoomAppointment, guestId: string): Promise<GuestView> {
    const g = await this.one(a, guestId)
    const state = this.stateOf(g, this.deps.clock.now())
    if (state === 'admitted') return this.view(g)
    if (state !== 'waiting')
      throw new AppError('conflict', 'This guest is not in the waiting room.', [
        { path: 'state', message: state },
      ])
    await this.db
      .updateTable('consult_guest')
      .set({ admitted_at: this.deps.clock.now(), admitted_by: actor.accountId })
      .where('id', '=', guestId)
      .where('revoked_at', 'is', null)
      .where('admitted_at', 'is', null)
      .execute()
    return this.view(await this.one(a, guestId))
  }

  // ---------- the guest's side ----------

  private async byLink(token: string) {
    const row = await this.db
      .selectFrom('consult_guest as g')
      .innerJoin('appointment as a', 'a.id', 'g.appointment_id')
      .select([
        'g.id',
        'g.email',
        'g.code_hash',
        'g.code_expires_at',
        'g.code_attempts',
        'g.codes_sent',
        'g.used_at',
        'g.revoked_at',
        'g.expires_at',
        'a.status',
        'a.patient_id',
      ])
      .where('g.link_hash', '=', sha256(token))
      .executeTakeFirst()
    if (!row || row.revoked_at || row.status !== 'booked' || this.deps.clock.now() > row.expires_at)
      throw linkRefused()
    if (row.used_at)
      throw new AppError(
        'conflict',
        'This invitation link was already used. Ask the clinician for a new one.',
        [{ path: '/token', message: 'used' }],
      )
    return row
  }

  /** The link was opened: a fresh code goes to the invited address. */
  async openLink(token: string): Promise<{ guestId: string; patientId: string; sent: GuestCodeSent }> {
    const g = await this.byLink(token)
    if (g.codes_sent >= GUEST_CODES_PER_LINK)
      throw new AppError(
        'rate-limited',
        'Too many codes were sent for this link. Ask the clinician for a new one.',
      )
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const expiresAt = new Date(this.deps.clock.now().getTime() + GUEST_CODE_MINUTES * 60_000)
    await this.db.transaction().execute(async (tx) => {
      const res = await tx
        .updateTable('consult_guest')
        .set({
          code_hash: codeHash(g.id, code),
          code_expires_at: expiresAt,
          code_attempts: 0,
          codes_sent: g.codes_sent + 1,
        })
        .where('id', '=', g.id)
        .where('codes_sent', '=', g.codes_sent)
        .where('used_at', 'is', null)
        .executeTakeFirst()
      if (Number(res.numUpdatedRows) !== 1)
        throw new AppError('conflict', 'Another code was just sent. Use the newest email.', [
          { path: '/token', message: 'busy' },
        ])
      await this.deps.mail.send(
        addressed(g.email, guestCodeEmail({ code, expiresInMinutes: GUEST_CODE_MINUTES })),
        tx,
      )
    })
    return {
      guestId: g.id,
      patientId: g.patient_id,
      sent: { sentTo: maskEmail(g.email), expiresAt: expiresAt.toISOString() },
    }
  }

  /** The right code uses the link up and starts the guest session (its token goes in a cookie). */
  async enterCode(
    token: string,
    code: string,
  ): Promise<{ guest: GuestCaller; sessionToken: string; expiresAt: Date }> {
    const g = await this.byLink(token)
    const now = this.deps.clock.now()
    if (!g.code_hash || !g.code_expires_at || now > g.code_expires_at)
      throw new AppError('conflict', 'The code has expired. Open the link again for a new one.', [
        { path: '/code', message: 'expired' },
      ])
    if (g.code_attempts >= GUEST_CODE_ATTEMPTS)
      throw new AppError('rate-limited', 'Too many wrong codes. Open the link again for a new one.')
    const expected = Buffer.from(g.code_hash)
    const given = Buffer.from(codeHash(g.id, code))
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      const attempts = g.code_attempts + 1
      await this.db
        .updateTable('consult_guest')
        .set({ code_attempts: attempts, ...(attempts >= GUEST_CODE_ATTEMPTS ? { code_hash: null } : {}) })
        .where('id', '=', g.id)
        .execute()
      if (attempts >= GUEST_CODE_ATTEMPTS)
        throw new AppError('rate-limited', 'Too many wrong codes. Open the link again for a new one.')
      throw new AppError('invalid', 'That code is not right. Check the newest email and try again.', [
        { path: '/code', message: 'wrong code' },
      ])
    }
    const sessionToken = generateToken()
    const res = await this.db
      .updateTable('consult_guest')
      .set({
        used_at: now,
        code_hash: null,
        session_hash: sha256(sessionToken),
        session_expires_at: g.expires_at,
      })
      .where('id', '=', g.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) !== 1) throw linkRefused()
    const guest = await this.resolve(sessionToken)
    if (!guest) throw linkRefused()
    return { guest, sessionToken, expiresAt: g.expires_at }
  }

  /** The guest behind a session cookie's token: live, not revoked, its appointment still booked. */
  async resolve(sessionToken: string): Promise<GuestCaller | null> {
    const row = await this.db
      .selectFrom('consult_guest as g')
      .innerJoin('appointment as a', 'a.id', 'g.appointment_id')
      .select([
        'g.id',
        'g.appointment_id',
        'g.display_name',
        'g.kind',
        'g.session_expires_at',
        'g.revoked_at',
      ])
      .where('g.session_hash', '=', sha256(sessionToken))
      .where('a.status', '=', 'booked')
      .executeTakeFirst()
    if (!row || row.revoked_at || !row.session_expires_at || this.deps.clock.now() > row.session_expires_at)
      return null
    return {
      guestId: row.id,
      appointmentId: row.appointment_id,
      displayName: row.display_name,
      kind: row.kind,
    }
  }

  /** The appointment as a room, with the guest's part. */
  async appointmentOf(guest: GuestCaller): Promise<RoomAppointment> {
    const row = await this.db
      .selectFrom('appointment')
      .select(['id', 'patient_id', 'clinician_id', 'starts_at', 'ends_at'])
      .where('id', '=', guest.appointmentId)
      .where('status', '=', 'booked')
      .executeTakeFirst()
    if (!row) throw new AppError('unauthenticated', 'This invitation has ended.')
    return {
      id: row.id,
      patientId: row.patient_id,
      clinicianId: row.clinician_id,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      role: 'guest',
    }
  }

  async room(guest: GuestCaller): Promise<GuestRoomView> {
    const a = await this.appointmentOf(guest)
    const [g, clinician, ended] = await Promise.all([
      this.db
        .selectFrom('consult_guest')
        .select(['checked_in_at', 'admitted_at'])
        .where('id', '=', guest.guestId)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('account')
        .select('display_name')
        .where('id', '=', a.clinicianId)
        .executeTakeFirstOrThrow(),
      this.roomEnded(a.id),
    ])
    const w = joinWindow(a)
    return {
      appointmentId: a.id,
      guestId: guest.guestId,
      name: guest.displayName,
      kind: guest.kind,
      clinicianName: clinician.display_name,
      start: a.startsAt.toISOString(),
      end: a.endsAt.toISOString(),
      joinFrom: w.from.toISOString(),
      joinUntil: w.until.toISOString(),
      state: ended ? 'ended' : g.admitted_at ? 'admitted' : g.checked_in_at ? 'waiting' : 'not-checked-in',
    }
  }

  private async assertInWindow(a: RoomAppointment): Promise<void> {
    const now = this.deps.clock.now()
    const w = joinWindow(a)
    if (now < w.from)
      throw new AppError('conflict', 'The consultation opens 15 minutes before it starts.', [
        { path: 'joinFrom', message: w.from.toISOString() },
      ])
    if (now > w.until || (await this.roomEnded(a.id)))
      throw new AppError('conflict', 'This consultation has ended.', [
        { path: 'joinUntil', message: w.until.toISOString() },
      ])
  }

  async checkIn(guest: GuestCaller): Promise<GuestRoomView> {
    const a = await this.appointmentOf(guest)
    await this.assertInWindow(a)
    await this.db
      .updateTable('consult_guest')
      .set({ checked_in_at: this.deps.clock.now() })
      .where('id', '=', guest.guestId)
      .where('checked_in_at', 'is', null)
      .execute()
    await this.deps.events.publish(channels.clinician(a.clinicianId), { appointmentId: a.id })
    return this.room(guest)
  }

  /** TURN credentials: only while this guest's consultation is open. */
  async assertInJoinWindow(guest: GuestCaller): Promise<void> {
    await this.assertInWindow(await this.appointmentOf(guest))
  }

  /** The socket may open: admitted, inside the window, the room not ended (S2 otherwise). */
  async assertMayConnect(guest: GuestCaller, appointmentId: string): Promise<RoomAppointment> {
    if (guest.appointmentId !== appointmentId) throw new AppError('not-found', 'No such consultation.')
    const a = await this.appointmentOf(guest)
    await this.assertInWindow(a)
    const view = await this.room(guest)
    if (view.state !== 'admitted')
      throw new AppError('forbidden', 'Wait in the waiting room until the clinician lets you in.', [
        { path: 'state', message: view.state },
      ])
    return a
  }

  /** The roster check: guests of this appointment the clinician admitted and did not revoke. */
  async admittedGuestIds(appointmentId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('consult_guest')
      .select('id')
      .where('appointment_id', '=', appointmentId)
      .where('admitted_at', 'is not', null)
      .where('revoked_at', 'is', null)
      .execute()
    return new Set(rows.map((r) => r.id))
  }

  /** Sign-out: the session ends (the link stays used). */
  async signOut(guest: GuestCaller): Promise<void> {
    await this.db
      .updateTable('consult_guest')
      .set({ session_hash: null })
      .where('id', '=', guest.guestId)
      .execute()
  }
}
