// The sealer (AUDIT.md "Sealer"): a single leader (transaction-scoped advisory lock) seals, every
// few seconds, exactly the events whose transactions finished since the previous horizon. Sealing
// by transaction horizon, not id range: ids are handed out before commit, so an id range can skip
// a row that commits late. Each seal: RFC 6962 root, chained checkpoint, Ed25519 signature, and a
// line in the external anchor. Events left unsealed for more than 60 s raise an alert.
import { sql, type Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { SecretBox } from '../platform/secret-box.ts'
import { merkleRoot } from './merkle.ts'
import { checkpointHash, GENESIS_HASH, type AnchorEntry } from './checkpoint.ts'
import { currentSigningKey } from './signing-key.ts'
import type { AnchorSink } from './anchor.ts'

const LOCK = 7_233_001 // any constant shared by every instance
export const UNSEALED_ALERT_MS = 60_000

export interface SealResult {
  checkpointId: string | null
  sealed: number
}

export class AuditSealer {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly anchor: AnchorSink,
    private readonly log: Logger,
  ) {}

  /** Seals what is ready; null when another instance holds the lead right now. */
  async sealOnce(): Promise<SealResult | null> {
    const key = await currentSigningKey(this.db, this.box, this.clock)
    const result = await this.db.transaction().execute(async (tx) => {
      const lock = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${LOCK}) as ok`.execute(tx)
      if (!lock.rows[0]?.ok) return null
      const horizon = (
        await sql<{ h: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as h`.execute(tx)
      ).rows[0]!.h
      const previous = await tx
        .selectFrom('audit_checkpoint')
        .select(['to_txid', 'checkpoint_hash'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
      const from = previous?.to_txid ?? '0'
      const events = await sql<{ id: string; leaf_hash: Uint8Array }>`
        select id, leaf_hash from audit_event
        where txid >= ${from}::xid8 and txid < ${horizon}::xid8 order by id`.execute(tx)
      if (events.rows.length === 0) return { checkpointId: null, sealed: 0 }
      const fields = {
        fromTxid: from,
        toTxid: horizon,
        firstEventId: events.rows[0]!.id,
        lastEventId: events.rows.at(-1)!.id,
        treeSize: events.rows.length,
        merkleRoot: merkleRoot(events.rows.map((e) => e.leaf_hash)),
        previousHash: previous ? Buffer.from(previous.checkpoint_hash) : GENESIS_HASH,
        keyVersion: key.version,
        sealedAt: this.clock.now(),
      }
      const hash = checkpointHash(fields)
      const signature = key.sign(hash)
      const row = await tx
        .insertInto('audit_checkpoint')
        .values({
          from_txid: fields.fromTxid,
          to_txid: fields.toTxid,
          first_event_id: fields.firstEventId,
          last_event_id: fields.lastEventId,
          tree_size: fields.treeSize,
          merkle_root: fields.merkleRoot,
          previous_hash: fields.previousHash,
          checkpoint_hash: hash,
          signature,
          key_version: fields.keyVersion,
          sealed_at: fields.sealedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { checkpointId: row.id, sealed: events.rows.length }
    })
    await this.syncAnchor()
    return result
  }

  /** Sends every checkpoint the anchor does not hold yet (also after an earlier failed append). */
  async syncAnchor(): Promise<void> {
    const last = await this.anchor.lastId()
    let q = this.db.selectFrom('audit_checkpoint').selectAll().orderBy('id')
    if (last !== null) q = q.where('id', '>', last)
    const rows = await q.execute()
    const entries: AnchorEntry[] = rows.map((r) => ({
      id: r.id,
      toTxid: r.to_txid,
      treeSize: r.tree_size,
      merkleRoot: Buffer.from(r.merkle_root).toString('hex'),
      checkpointHash: Buffer.from(r.checkpoint_hash).toString('hex'),
      signature: Buffer.from(r.signature).toString('base64'),
      keyVersion: r.key_version,
      sealedAt: r.sealed_at.toISOString(),
    }))
    await this.anchor.append(entries)
  }

  /** Age in ms of the oldest unsealed event (0 when everything is sealed). */
  async unsealedAgeMs(): Promise<{ count: number; ageMs: number }> {
    const last = await this.db
      .selectFrom('audit_checkpoint')
      .select('to_txid')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    const row = (
      await sql<{
        n: string
        oldest: Date | null
      }>`select count(*)::text as n, min(recorded_at) as oldest from audit_event
        where txid >= ${last?.to_txid ?? '0'}::xid8`.execute(this.db)
    ).rows[0]
    const oldest = row?.oldest ? new Date(row.oldest) : null
    return { count: Number(row?.n ?? 0), ageMs: oldest ? this.clock.now().getTime() - oldest.getTime() : 0 }
  }

  start(everyMs = 2000): void {
    const tick = (): void => {
      this.running = this.sealOnce()
        .then(async () => {
          const backlog = await this.unsealedAgeMs()
          if (backlog.ageMs > UNSEALED_ALERT_MS) {
            this.log.error(
              { unsealed: backlog.count, ageMs: backlog.ageMs },
              'audit events unsealed for more than 60 s',
            )
          }
        })
        .catch((err: unknown) => this.log.error({ err }, 'audit sealing failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, everyMs).unref()
        })
    }
    this.timer = setTimeout(tick, everyMs).unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    await this.running
  }
}
