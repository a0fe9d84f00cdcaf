// Retiring master versions older than the current one: only once no live patient key is wrapped
// by them (checked in the transaction that marks the version retired, after taking its row lock,
// so a patient key being made under it commits first and is counted), then the provider destroys
// the material. Destroying is what makes crypto-shredding reach backups (vault/README.md).
import type { Kysely } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import type { MasterRegistry } from './master-registry.ts'

interface Deps {
  db: Kysely<Database>
  clock: Clock
  registry: MasterRegistry
}

export class RetireRefused extends Error {
  override readonly name = 'RetireRefused'
}

export async function retireOldVersions(
  deps: Deps,
  current: number,
): Promise<{ retired: number[]; kept: number[] }> {
  const { db, clock, registry } = deps
  const old = await db
    .selectFrom('vault_master_key')
    .select(['version', 'state'])
    .where('version', '<', current)
    .where('destroyed_at', 'is', null)
    .orderBy('version')
    .execute()
  const retired: number[] = []
  const kept: number[] = []
  for (const { version, state } of old) {
    if (state !== 'retired') {
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('vault_master_key')
          .set({ state: 'retired', retired_at: clock.now() })
          .where('version', '=', version)
          .execute()
        const left = await tx
          .selectFrom('vault_patient_key')
          .select('patient_id')
          .where('master_version', '=', version)
          .limit(1)
          .executeTakeFirst()
        if (left) {
          throw new RetireRefused(
            `master key version ${version} still wraps patient keys; run \`tessera keys rotate\` again`,
          )
        }
      })
    }
    // Idempotent: a crash after the commit above destroys it on the next run.
    const result = await registry.master.destroyVersion(version)
    if (result === 'kept') {
      kept.push(version)
      continue
    }
    await db
      .updateTable('vault_master_key')
      .set({ destroyed_at: clock.now() })
      .where('version', '=', version)
      .execute()
    retired.push(version)
  }
  return { retired, kept }
}
