// `tessera backup`: one REPEATABLE READ snapshot of every table, then the blobs of the documents
// that snapshot knows, streamed through the backup cipher into FILE.partial, renamed to FILE only
// when complete. Nothing is held whole in memory: rows go out a page at a time, blobs in 1 MiB frames.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rename, unlink } from 'node:fs/promises'
import { PassThrough, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../platform/db/schema.ts'
import { FsBlobStore } from '../../vault/documents/fs-blob-store.ts'
import { BlobMissing } from '../../vault/documents/blob-store.ts'
import { VERSION } from '../../version.ts'
import { backupKey, checkPassphrase, encodeHeader, newHeader, sealingStream } from './backup-file.ts'
import { encodeFrame, FrameKind } from './frames.ts'
import { tableRows, tablesInDependencyOrder } from './logical-dump.ts'

export interface BackupManifest {
  format: 1
  backupId: string
  createdAt: string
  version: string
  driver: string
  /** Migrations applied when the snapshot was taken: restore runs exactly these before loading rows. */
  migrations: string[]
  tables: string[]
  /** The source's next transaction id at the snapshot: restore moves the target's past it (transaction-ids.ts). */
  nextTxid: string
}

export interface BackupSummary {
  /** Rows per table. */
  rows: Record<string, number>
  blobs: number
  blobBytes: number
  /** Documents whose blob was gone when copied (erased since the snapshot, or lost before it). */
  missingBlobs: number
}

export interface BackupResult {
  manifest: BackupManifest
  summary: BackupSummary
  fileBytes: number
}

export interface BackupInput {
  db: Kysely<Database>
  driver: string
  blobDir: string
  passphrase: string | undefined
  out: string
  now: () => Date
}

const BLOB_FRAME = 1024 * 1024

class FrameSink {
  constructor(private readonly out: Writable) {}
  async write(kind: FrameKind, payload: Buffer): Promise<void> {
    for (const part of encodeFrame(kind, payload)) {
      if (!this.out.write(part)) await once(this.out, 'drain')
    }
  }
  json(kind: FrameKind, value: unknown): Promise<void> {
    return this.write(kind, Buffer.from(JSON.stringify(value)))
  }
}

export async function createBackup(input: BackupInput): Promise<BackupResult> {
  const passphrase = checkPassphrase(input.passphrase)
  const header = newHeader()
  const key = await backupKey(passphrase, header)
  const partial = `${input.out}.partial`
  const file = createWriteStream(partial, { mode: 0o600, flags: 'wx' })
  file.write(encodeHeader(header))
  const plain = new PassThrough({ highWaterMark: 4 * 1024 * 1024 })
  const written = pipeline(plain, sealingStream(key, header), file)
  written.catch(() => undefined)
  key.fill(0)
  const sink = new FrameSink(plain)
  try {
    const result = await writeContents(input, header.backupId, sink)
    plain.end()
    await written
    await rename(partial, input.out)
    return { ...result, fileBytes: file.bytesWritten }
  } catch (err) {
    plain.destroy()
    await written.catch(() => undefined)
    await unlink(partial).catch(() => undefined)
    throw err
  }
}

async function writeContents(
  input: BackupInput,
  backupId: string,
  sink: FrameSink,
): Promise<Omit<BackupResult, 'fileBytes'>> {
  const summary: BackupSummary = { rows: {}, blobs: 0, blobBytes: 0, missingBlobs: 0 }
  const documentIds: string[] = []
  const manifest = await input.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const migrations = (
        await sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx)
      ).rows.map((r) => r.name)
      const tables = await tablesInDependencyOrder(trx)
      const nextTxid = (
        await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(trx)
      ).rows[0]?.x
      const manifest: BackupManifest = {
        format: 1,
        backupId,
        createdAt: input.now().toISOString(),
        version: VERSION,
        driver: input.driver,
        migrations,
        tables,
        nextTxid: nextTxid ?? '0',
      }
      await sink.json(FrameKind.manifest, manifest)
      for (const table of tables) {
        summary.rows[table] = 0
        for await (const page of tableRows(trx, table)) {
          summary.rows[table] += page.length
          await sink.json(FrameKind.rows, { table, rows: page })
        }
      }
      if (tables.includes('document')) {
        const ids = await trx.selectFrom('document').select('id').orderBy('id').execute()
        documentIds.push(...ids.map((r) => r.id))
      }
      return manifest
    })
  // Blobs are written once and never changed, so copying them after the snapshot committed is
  // consistent with it; one deleted meanwhile belonged to a document erased since.
  const store = new FsBlobStore(input.blobDir)
  for (const id of documentIds) {
    let source
    try {
      source = await store.get(id)
    } catch (err) {
      if (err instanceof BlobMissing) {
        summary.missingBlobs++
        continue
      }
      throw err
    }
    await sink.json(FrameKind.blobBegin, { id })
    let pending: Buffer[] = []
    let size = 0
    for await (const chunk of source) {
      const bytes = chunk as Buffer
      pending.push(bytes)
      size += bytes.length
      if (size >= BLOB_FRAME) {
        await sink.write(FrameKind.blobData, Buffer.concat(pending, size))
        summary.blobBytes += size
        pending = []
        size = 0
      }
    }
    if (size) await sink.write(FrameKind.blobData, Buffer.concat(pending, size))
    summary.blobBytes += size
    summary.blobs++
    await sink.json(FrameKind.blobEnd, { id })
  }
  await sink.json(FrameKind.end, summary)
  return { manifest, summary }
}
