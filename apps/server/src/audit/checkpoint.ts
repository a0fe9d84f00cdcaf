// A checkpoint seals one batch: the events whose transactions finished between two horizons.
// Its hash chains it to the previous checkpoint; the hash is what gets signed and anchored.
import { createHash } from 'node:crypto'
import { canonicalJson } from './canonical-json.ts'

export const GENESIS_HASH = Buffer.alloc(32)

export interface CheckpointFields {
  fromTxid: string
  toTxid: string
  firstEventId: string | null
  lastEventId: string | null
  treeSize: number
  merkleRoot: Uint8Array
  previousHash: Uint8Array
  keyVersion: number
  sealedAt: Date
}

export function checkpointHash(c: CheckpointFields): Buffer {
  const canonical = canonicalJson({
    v: 1,
    fromTxid: c.fromTxid,
    toTxid: c.toTxid,
    firstEventId: c.firstEventId,
    lastEventId: c.lastEventId,
    treeSize: c.treeSize,
    merkleRoot: Buffer.from(c.merkleRoot).toString('hex'),
    previousHash: Buffer.from(c.previousHash).toString('hex'),
    keyVersion: c.keyVersion,
    sealedAt: c.sealedAt.toISOString(),
  })
  return createHash('sha256').update(canonical).digest()
}

/** One line of the external anchor: enough to detect a rebuilt trail without the database. */
export interface AnchorEntry {
  id: string
  toTxid: string
  treeSize: number
  merkleRoot: string
  checkpointHash: string
  signature: string
  keyVersion: number
  sealedAt: string
}
