// Calls in the database: opened by the first join, closed by the last leave; participants with
// their joins and leaves and reported cipher suite; the host's signed roster (public); who
// confirmed the verification code. Never SDP, handshake messages, chat or keys (E2EE.md section 8).
import { randomUUID } from 'node:crypto'
import type { CallRecord, ConsultRole, SignalParticipant, VerificationResult } from '@tessera/contracts'
import type { ConsultDeps } from './consult-deps.ts'
import type { DeviceOwner } from './device-service.ts'
import type { RoomService } from './room-service.ts'

export interface Joined {
  callId: string
  participantId: string
}

export class CallStore {
  constructor(
    private readonly deps: ConsultDeps,
    private readonly rooms: RoomService,
  ) {}

  /** Adds a participant to the appointment's open call, opening one if there is none. */
  async join(p: {
    appointmentId: string
    owner: DeviceOwner
    deviceId: string
    role: ConsultRole
    suite: number
  }): Promise<Joined> {
    const now = this.deps.clock.now()
    return this.deps.db.transaction().execute(async (tx) => {
      await this.rooms.ensureRoom(tx, p.appointmentId)
      // The room row lock decides between two first joins on two instances (one call, not two).
      await tx
        .selectFrom('consult_room')
        .select('appointment_id')
        .where('appointment_id', '=', p.appointmentId)
        .forUpdate()
        .execute()
      let call = await tx
        .selectFrom('consult_call')
        .select('id')
        .where('appointment_id', '=', p.appointmentId)
        .where('ended_at', 'is', null)
        .executeTakeFirst()
      if (!call) {
        call = { id: randomUUID() }
        await tx
          .insertInto('consult_call')
          .values({ id: call.id, appointment_id: p.appointmentId, started_at: now })
          .execute()
      }
      const participantId = randomUUID()
      await tx
        .insertInto('consult_participant')
        .values({
          id: participantId,
          call_id: call.id,
          ...ownerColumns(p.owner),
          device_id: p.deviceId,
          role: p.role,
          cipher_suite: p.suite,
          joined_at: now,
        })
        .execute()
      return { callId: call.id, participantId }
    })
  }

  /** Marks the participant gone; the call ends when nobody is left in it. */
  async leave(callId: string, participantId: string): Promise<void> {
    const now = this.deps.clock.now()
    await this.deps.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('consult_participant')
        .set({ left_at: now })
        .where('id', '=', participantId)
        .where('left_at', 'is', null)
        .execute()
      await tx
        .updateTable('consult_call')
        .set({ ended_at: now })
        .where('id', '=', callId)
        .where('ended_at', 'is', null)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('consult_participant')
                .select('id')
                .where('call_id', '=', callId)
                .where('left_at', 'is', null),
            ),
          ),
        )
        .execute()
    })
  }

  /**
   * Who is in the call now, with their device keys (what peers check against the roster). A guest's
   * `accountId` is its invitation id (guests are not accounts), its name says what it is there as.
   */
  async participants(callId: string): Promise<SignalParticipant[]> {
    const rows = await this.deps.db
      .selectFrom('consult_participant as p')
      .innerJoin('consult_device as d', 'd.id', 'p.device_id')
      .leftJoin('account as a', 'a.id', 'p.account_id')
      .leftJoin('consult_guest as g', 'g.id', 'p.guest_id')
      .select([
        'p.id',
        'p.account_id',
        'p.guest_id',
        'p.role',
        'p.device_id',
        'd.public_key',
        'a.display_name',
        'g.display_name as guest_name',
        'g.kind as guest_kind',
      ])
      .where('p.call_id', '=', callId)
      .where('p.left_at', 'is', null)
      .orderBy('p.joined_at')
      .execute()
    return rows.map((r) => ({
      participantId: r.id,
      accountId: r.account_id ?? r.guest_id ?? '',
      role: r.role,
      displayName: r.guest_name ? `${r.guest_name} (${r.guest_kind ?? 'guest'})` : (r.display_name ?? ''),
      deviceId: r.device_id,
      deviceKey: Buffer.from(r.public_key).toString('base64'),
    }))
  }

  async roster(callId: string): Promise<{ roster: Uint8Array; version: number } | null> {
    const row = await this.deps.db
      .selectFrom('consult_call')
      .select(['roster', 'roster_version'])
      .where('id', '=', callId)
      .executeTakeFirst()
    return row?.roster && row.roster_version !== null
      ? { roster: row.roster, version: row.roster_version }
      : null
  }

  /** Stores a verified roster if it is newer than the stored one; false when it is not. */
  async saveRoster(callId: string, roster: Uint8Array, version: number, deviceId: string): Promise<boolean> {
    const res = await this.deps.db
      .updateTable('consult_call')
      .set({ roster, roster_version: version, roster_device_id: deviceId })
      .where('id', '=', callId)
      .where('ended_at', 'is', null)
      .where((eb) => eb.or([eb('roster_version', 'is', null), eb('roster_version', '<', version)]))
      .executeTakeFirst()
    return Number(res.numUpdatedRows) === 1
  }

  async verified(callId: string, participantId: string, owner: DeviceOwner, result: VerificationResult) {
    await this.deps.db
      .insertInto('consult_verification')
      .values({
        id: randomUUID(),
        call_id: callId,
        participant_id: participantId,
        ...ownerColumns(owner),
        result,
        at: this.deps.clock.now(),
      })
      .execute()
  }

  /** The appointment's calls, newest first. */
  async record(appointmentId: string): Promise<CallRecord[]> {
    const db = this.deps.db
    const calls = await db
      .selectFrom('consult_call')
      .select(['id', 'started_at', 'ended_at', 'roster_version'])
      .where('appointment_id', '=', appointmentId)
      .orderBy('started_at', 'desc')
      .limit(20)
      .execute()
    if (calls.length === 0) return []
    const ids = calls.map((c) => c.id)
    const [participants, verifications] = await Promise.all([
      db
        .selectFrom('consult_participant')
        .selectAll()
        .where('call_id', 'in', ids)
        .orderBy('joined_at')
        .execute(),
      db.selectFrom('consult_verification').selectAll().where('call_id', 'in', ids).orderBy('at').execute(),
    ])
    return calls.map((c) => ({
      callId: c.id,
      startedAt: c.started_at.toISOString(),
      ...(c.ended_at
        ? {
            endedAt: c.ended_at.toISOString(),
            durationSeconds: Math.round((c.ended_at.getTime() - c.started_at.getTime()) / 1000),
          }
        : {}),
      ...(c.roster_version !== null ? { rosterVersion: c.roster_version } : {}),
      participants: participants
        .filter((p) => p.call_id === c.id)
        .map((p) => ({
          participantId: p.id,
          accountId: p.account_id ?? p.guest_id ?? '',
          role: p.role,
          deviceId: p.device_id,
          cipherSuite: p.cipher_suite,
          joinedAt: p.joined_at.toISOString(),
          ...(p.left_at ? { leftAt: p.left_at.toISOString() } : {}),
        })),
      verifications: verifications
        .filter((v) => v.call_id === c.id)
        .map((v) => ({
          accountId: v.account_id ?? v.guest_id ?? '',
          result: v.result,
          at: v.at.toISOString(),
        })),
    }))
  }
}

function ownerColumns(owner: DeviceOwner): { account_id: string } | { guest_id: string } {
  return 'accountId' in owner ? { account_id: owner.accountId } : { guest_id: owner.guestId }
}
