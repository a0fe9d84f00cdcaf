// The database's record of master key versions: which one wraps new patient keys, and a check
// value per version so an instance holding a different key for a version refuses to use it.
import type { Kysely, Transaction } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import { VaultKeyUnavailable } from './errors.ts'
import type { MasterKeyProvider } from './master-key-provider.ts'

export type Db = Kysely<Database> | Transaction<Database>

export class MasterRegistry {
  /** Versions whose check value this process already compared (memory of this process only). */
  private readonly verified = new Set<number>()

  constructor(
    private readonly clock: Clock,
    readonly master: MasterKeyProvider,
  ) {}

  /**
   * The version new patient keys are wrapped under: the newest active one, locked FOR SHARE so a
   * retirement of it waits for this transaction to commit and then sees the key it wrapped.
   */
  async versionForNewKeys(tx: Db): Promise<number> {
    const newest = () =>
      tx
        .selectFrom('vault_master_key')
        .select('version')
        .where('state', '=', 'active')
        .orderBy('version', 'desc')
        .limit(1)
        .forShare()
        .executeTakeFirst()
    let row = await newest()
    if (!row) {
      await this.bootstrap(tx)
      row = await newest()
    }
    if (!row) throw new VaultKeyUnavailable('no active master key version')
    await this.verify(tx, row.version)
    return row.version
  }

  /** A fresh installation: registers the provider's current version as the first one. */
  async bootstrap(db: Db): Promise<void> {
    const version = await this.master.currentVersion()
    const now = this.clock.now()
    await db
      .insertInto('vault_master_key')
      .values({
        version,
        state: 'active',
        check_value: await this.master.checkValue(version),
        created_at: now,
        rewrapped_at: now,
      })
      .onConflict((oc) => oc.column('version').doNothing())
      .execute()
  }

  /** Refuses a version whose key here differs from the one the database was set up with. */
  async verify(db: Db, version: number): Promise<void> {
    if (this.verified.has(version)) return
    const row = await db
      .selectFrom('vault_master_key')
      .select('check_value')
      .where('version', '=', version)
      .executeTakeFirst()
    if (!row) throw new VaultKeyUnavailable(`master key version ${version} is not registered`)
    const actual = await this.master.checkValue(version)
    if (row.check_value === null) {
      await db
        .updateTable('vault_master_key')
        .set({ check_value: actual })
        .where('version', '=', version)
        .where('check_value', 'is', null)
        .execute()
    } else if (row.check_value !== actual) {
      throw new VaultKeyUnavailable(
        `master key version ${version} here (${this.master.describe(version)}) is not the key this database uses`,
      )
    }
    this.verified.add(version)
  }
}
