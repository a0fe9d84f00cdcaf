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
  accountId: string
  publicKey: Uint8Array
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
    const rows = await this.deps.db
      .selectFrom('consult_device')
      .select(['id', 'label', 'public_key', 'created_at'])
      .where('account_id', '=', actor.accountId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute()
    return rows.map(view)
  }

  async register(actor: Actor, body: DeviceRegisterBody): Promise<ConsultDevice> {
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
      // The account row lock makes the device limit hold under concurrent registrations.
      await tx.selectFrom('account').select('id').where('id', '=', actor.accountId).forUpdate().execute()
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
        .where('account_id', '=', actor.accountId)
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow()
      if (Number(count) >= MAX_DEVICES)
        throw new AppError(
          'conflict',
          `At most ${MAX_DEVICES} devices: remove one you no longer use first.`,
          [{ path: '/publicKey', message: 'device limit reached' }],
        )
      const row = {
        id: randomUUID(),
        account_id: actor.accountId,
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

  /** The account's device if it is registered and not revoked. */
  async active(accountId: string, deviceId: string): Promise<ActiveDevice | null> {
    const row = await this.deps.db
      .selectFrom('consult_device')
      .select(['id', 'account_id', 'public_key'])
      .where('id', '=', deviceId)
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return row ? { id: row.id, accountId: row.account_id, publicKey: row.public_key } : null
  }
}
