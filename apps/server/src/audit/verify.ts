// `tessera audit verify`: re-hash every event, rebuild every batch root from the re-hashed leaves,
// check the checkpoint chain and signatures, and compare with the external anchor. Reports the
// first bad event id. Edit -> leaf mismatch; edit and re-hash -> root mismatch; delete a row and
// rebuild every checkpoint -> caught only by the anchor.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import { canonicalJson, type Json } from './canonical-json.ts'
import { leafHash, merkleRoot } from './merkle.ts'
import { checkpointHash, GENESIS_HASH, type AnchorEntry } from './checkpoint.ts'
import { publicKeys, verifySignature } from './signing-key.ts'

export interface VerifyProblem {
  kind: 'leaf' | 'root' | 'chain' | 'signature' | 'anchor'
  eventId?: string
  checkpointId?: string
  message: string
}

export interface VerifyReport {
  ok: boolean
  events: number
  checkpoints: number
  unsealed: number
  anchorEntries: number | null
  firstBadEventId: string | null
  problems: VerifyProblem[]
}

const BATCH = 5000

/** Index of the checkpoint whose range holds this txid, or -1 (not sealed yet). */
function batchOf(ends: bigint[], txid: bigint): number {
  let lo = 0
  let hi = ends.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (txid < ends[mid]!) hi = mid
    else lo = mid + 1
  }
  return lo < ends.length ? lo : -1
}

export async function verifyAuditTrail(db: Kysely<Database>, anchor?: AnchorEntry[]): Promise<VerifyReport> {
  const problems: VerifyProblem[] = []
  const keys = await publicKeys(db)
  const checkpoints = await db.selectFrom('audit_checkpoint').selectAll().orderBy('id').execute()

  // 1. The chain and the signatures.
  let previous: Uint8Array = GENESIS_HASH
  for (const c of checkpoints) {
    const fields = {
      fromTxid: c.from_txid,
      toTxid: c.to_txid,
      firstEventId: c.first_event_id,
      lastEventId: c.last_event_id,
      treeSize: c.tree_size,
      merkleRoot: c.merkle_root,
      previousHash: c.previous_hash,
      keyVersion: c.key_version,
      sealedAt: c.sealed_at,
    }
    if (!Buffer.from(c.previous_hash).equals(Buffer.from(previous))) {
      problems.push({
        kind: 'chain',
        checkpointId: c.id,
        message: 'does not chain to the previous checkpoint',
      })
    }
    const hash = checkpointHash(fields)
    if (!hash.equals(Buffer.from(c.checkpoint_hash)))
      problems.push({
        kind: 'chain',
        checkpointId: c.id,
        message: 'checkpoint hash does not match its fields',
      })
    const key = keys.get(c.key_version)
    if (!key || !verifySignature(key, c.checkpoint_hash, c.signature)) {
      problems.push({ kind: 'signature', checkpointId: c.id, message: 'signature does not verify' })
    }
    previous = c.checkpoint_hash
  }

  // 2. Every event re-hashed; every sealed batch's root rebuilt from the re-hashed leaves. An event
  // belongs to the checkpoint whose [from, to) transaction range holds its txid (ids do not order
  // commits), and within a batch leaves are in id order, as the sealer put them.
  const ends = checkpoints.map((c) => BigInt(c.to_txid))
  const batches = checkpoints.map(() => [] as Buffer[])
  let events = 0
  let unsealed = 0
  let cursor = '0'
  for (;;) {
    const rows = await sql<{ id: string; txid: string; body: Json; leaf_hash: Uint8Array }>`
      select id, txid::text as txid, body, leaf_hash from audit_event where id > ${cursor} order by id limit ${BATCH}`.execute(
      db,
    )
    if (rows.rows.length === 0) break
    for (const e of rows.rows) {
      events++
      const leaf = leafHash(canonicalJson(e.body))
      if (!leaf.equals(Buffer.from(e.leaf_hash))) {
        problems.push({ kind: 'leaf', eventId: e.id, message: 'event does not match its hash (edited)' })
      }
      const at = batchOf(ends, BigInt(e.txid))
      if (at === -1) unsealed++
      else batches[at]!.push(leaf)
    }
    cursor = rows.rows.at(-1)!.id
  }
  checkpoints.forEach((c, k) => {
    const leaves = batches[k]!
    if (leaves.length !== c.tree_size || !merkleRoot(leaves).equals(Buffer.from(c.merkle_root))) {
      problems.push({
        kind: 'root',
        checkpointId: c.id,
        message: `events ${c.first_event_id}..${c.last_event_id}: batch root does not match (${leaves.length} events now, ${c.tree_size} sealed)`,
      })
    }
  })

  // 3. The anchor outside the database.
  if (anchor) {
    const byId = new Map(checkpoints.map((c) => [c.id, c]))
    for (const entry of anchor) {
      const c = byId.get(entry.id)
      if (!c || Buffer.from(c.checkpoint_hash).toString('hex') !== entry.checkpointHash) {
        problems.push({
          kind: 'anchor',
          checkpointId: entry.id,
          message: c
            ? 'checkpoint differs from the anchored one (rebuilt)'
            : 'anchored checkpoint is missing',
        })
      }
    }
  }

  const firstBad = problems
    .map((p) => p.eventId)
    .filter((id): id is string => id !== undefined)
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))[0]
  return {
    ok: problems.length === 0,
    events,
    checkpoints: checkpoints.length,
    unsealed,
    anchorEntries: anchor ? anchor.length : null,
    firstBadEventId: firstBad ?? null,
    problems,
  }
}
