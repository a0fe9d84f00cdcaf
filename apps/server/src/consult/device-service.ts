// Device identity keys (E2EE.md section 1): each browser registers the public half of its
// non-extractable Ed25519 key; peers pin it and find it on the host's signed roster. The server
// only stores public keys; revoking one stops it from joining calls.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { ConsultDevice, DeviceRegisterBody } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { MAX_DEVICES } from './consult-rules.ts'
import { ed25519PublicKey } from './roster-check.ts'

export interface ActiveDevice {
  id: string
  publicKey: Uint8Array
}

/** Whose device: an account's, or a guest's (guest-service.ts; guests are not accounts). */
export type DeviceOwner = { accountId: string } | { guestId: string }

/** Guests use one call from one or two browsers. */
export const MAX_GUEST_DEVICES = 3

function ownerColumn(owner: DeviceOwner) {
  return 'accountId' in owner
    ? ({ column: 'account_id', id: owner.accountId } as const)
    : ({ column: 'guest_id', id: owner.guestId } as const)
}

type DeviceRow = { id: string; label: string; public_key: Uint8Array; created_at: Date }

function view(row: DeviceRow): ConsultDevice {
  return {
    id: row.id,
    label: row.label,
    algorithm: 'ed25519',
    publicKey: Buffer.from(row.public_key).toString('base64'),
    createdAt: row.created_at.toISOString(),
  }
}

export class DeviceService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  async list(actor: Actor): Promise<ConsultDevice[]> {
    return this.listOf({ accountId: actor.accountId })
  }

  async listOf(owner: DeviceOwner): Promise<ConsultDevice[]> {
    const { column, id } = ownerColumn(owner)
    const rows = await this.deps.db
      .selectFrom('consult_device')
      .select(['id', 'label', 'public_key', 'created_at'])
      .where(column, '=', id)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute()
    return rows.map(view)
  }

  async register(actor: Actor, body: DeviceRegisterBody): Promise<ConsultDevice> {
    return this.registerFor({ accountId: actor.accountId }, body)
  }

  async registerFor(owner: DeviceOwner, body: DeviceRegisterBody): Promise<ConsultDevice> {
    const { column, id } = ownerColumn(owner)
    const limit = column === 'account_id' ? MAX_DEVICES : MAX_GUEST_DEVICES
    const raw = new Uint8Array(Buffer.from(body.publicKey, 'base64'))
    const label = body.label.trim()
    if (!label)
      throw new AppError('invalid', 'Give the device a name.', [{ path: '/label', message: 'empty' }])
    try {
      ed25519PublicKey(raw)
    } catch {
      throw new AppError('invalid', 'That is not an Ed25519 public key.', [
        { path: '/publicKey', message: 'not an Ed25519 public key' },
      ])
    }
    return this.deps.db.transaction().execute(async (tx) => {
      // The owner's row lock makes the device limit hold under concurrent registrations.
      if (column === 'account_id')
        await tx.selectFrom('account').select('id').where('id', '=', id).forUpdate().execute()
      else await tx.selectFrom('consult_guest').select('id').where('id', '=', id).forUpdate().execute()
      const taken = await tx
        .selectFrom('consult_device')
        .select('account_id')
        .where('public_key', '=', raw)
        .executeTakeFirst()
      if (taken)
        throw new AppError('conflict', 'This device key is already registered.', [
          { path: '/publicKey', message: 'already registered' },
        ])
      const { count } = await tx
        .selectFrom('consult_device')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where(column, '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow()
      if (Number(count) >= limit)
        throw new AppError('conflict', `At most ${limit} devices: remove one you no longer use first.`, [
          { path: '/publicKey', message: 'device limit reached' },
        ])
      const row = {
        id: randomUUID(),
        ...(column === 'account_id' ? { account_id: id } : { guest_id: id }),
        algorithm: 'ed25519' as const,
        public_key: raw,
        label,
        created_at: this.deps.clock.now(),
      }
      await tx.insertInto('consult_device').values(row).execute()
      return view(row)
    })
  }

  async revoke(actor: Actor, deviceId: string): Promise<void> {
    const res = await this.deps.db
      .updateTable('consult_device')
      .set({ revoked_at: this.deps.clock.now() })
      .where('id', '=', deviceId)
      .where('account_id', '=', actor.accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) === 0) throw new AppError('not-found', 'No such device.')
  }

  /** The owner's device if it is registered and not revoked. */
  async active(owner: DeviceOwner, deviceId: string): Promise<ActiveDevice | null> {
    const { column, id } = ownerColumn(owner)
    const row = await this.deps.db
      .selectFrom('consult_device')
      .select(['id', 'public_key'])
      .where('id', '=', deviceId)
      .where(column, '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return row ? { id: row.id, publicKey: row.public_key } : null
  }
}
