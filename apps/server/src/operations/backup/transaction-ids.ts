// The audit sealer seals events by transaction id ranges (audit/sealer.ts: `txid >= from and txid <
// horizon`), and the restored checkpoints name the source's ids. A fresh instance's counter starts
// low, so events written after a restore would fall inside an already sealed range and break its
// root. Restore therefore moves the target's counter past the source's before anything is written,
// by consuming ids in rolled-back subtransactions (about 60 000 a second on PGlite; more on a server).
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../platform/db/schema.ts'

const CHUNK = 1_000_000
/** Beyond this the restore is refused up front rather than spending many minutes here. */
export const MAX_ADVANCE = 200_000_000

export async function nextTransactionId(db: Kysely<Database>): Promise<bigint> {
  const r = await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(db)
  return BigInt(r.rows[0]?.x ?? '0')
}

export async function transactionIdGap(db: Kysely<Database>, sourceNext: string): Promise<bigint> {
  const gap = BigInt(sourceNext) - (await nextTransactionId(db))
  return gap > 0n ? gap : 0n
}

export async function advanceTransactionIds(db: Kysely<Database>, sourceNext: string): Promise<void> {
  let gap = await transactionIdGap(db, sourceNext)
  if (gap === 0n) return
  await sql`create temp table if not exists tessera_restore_xid (x int)`.execute(db)
  while (gap > 0n) {
    const n = Number(gap > BigInt(CHUNK) ? BigInt(CHUNK) : gap) + 1
    await sql
      .raw(
        `do $$ begin for i in 1..${n} loop begin insert into tessera_restore_xid values (1); ` +
          `raise exception 'consume'; exception when others then null; end; end loop; end $$`,
      )
      .execute(db)
    gap = await transactionIdGap(db, sourceNext)
  }
}
