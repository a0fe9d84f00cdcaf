// Reading a backup: decrypt, frame, and check that the frames tell a complete story (a manifest
// first, rows of known tables, whole blobs, an end summary that matches what was read). The
// vault stream already refuses any altered, reordered or truncated byte; these checks add
// clear messages for a file that was written by something else.
import { open } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import { VaultIntegrityError } from '../../vault/crypto/errors.ts'
import {
  backupKey,
  BackupUnreadable,
  checkPassphrase,
  decodeHeader,
  HEADER_SIZE,
  openingStream,
} from './backup-file.ts'
import { FrameError, FrameKind, readFrames } from './frames.ts'
import type { BackupManifest, BackupSummary } from './create-backup.ts'

export type BackupItem =
  | { kind: 'manifest'; manifest: BackupManifest }
  | { kind: 'rows'; table: string; rows: string[] }
  | { kind: 'blob-begin'; id: string }
  | { kind: 'blob-data'; bytes: Buffer }
  | { kind: 'blob-end'; id: string }
  | { kind: 'end'; summary: BackupSummary }

const DAMAGED = 'the backup file is damaged or truncated, or the passphrase is not the one it was made with'

function parse<T>(payload: Buffer): T {
  try {
    return JSON.parse(payload.toString('utf8')) as T
  } catch {
    throw new BackupUnreadable(`${DAMAGED} (a frame is not JSON)`)
  }
}

/** Every item of the backup, in order, each only after its bytes were authenticated. */
export async function* readBackup(path: string, passphrase: string | undefined): AsyncGenerator<BackupItem> {
  const secret = checkPassphrase(passphrase)
  const handle = await open(path, 'r').catch(() => {
    throw new BackupUnreadable('cannot open the backup file')
  })
  const head = Buffer.alloc(HEADER_SIZE)
  try {
    await handle.read(head, 0, HEADER_SIZE, 0)
  } finally {
    await handle.close()
  }
  const header = decodeHeader(head)
  const key = await backupKey(secret, header)
  const plain = createReadStream(path, { start: HEADER_SIZE }).pipe(openingStream(key, header))
  key.fill(0)
  let manifest: BackupManifest | undefined
  let blob: string | null = null
  let ended = false
  const counted: Record<string, number> = {}
  let blobs = 0
  try {
    for await (const frame of readFrames(plain)) {
      if (ended) throw new BackupUnreadable(`${DAMAGED} (data after the end)`)
      if (!manifest && frame.kind !== FrameKind.manifest)
        throw new BackupUnreadable(`${DAMAGED} (no manifest)`)
      switch (frame.kind) {
        case FrameKind.manifest: {
          if (manifest) throw new BackupUnreadable(`${DAMAGED} (two manifests)`)
          manifest = parse<BackupManifest>(frame.payload)
          if (manifest.format !== 1 || manifest.backupId !== header.backupId) {
            throw new BackupUnreadable(`${DAMAGED} (manifest does not match the header)`)
          }
          yield { kind: 'manifest', manifest }
          break
        }
        case FrameKind.rows: {
          const { table, rows } = parse<{ table: string; rows: string[] }>(frame.payload)
          if (!manifest?.tables.includes(table) || !Array.isArray(rows) || blob) {
            throw new BackupUnreadable(`${DAMAGED} (rows of an unexpected table)`)
          }
          counted[table] = (counted[table] ?? 0) + rows.length
          yield { kind: 'rows', table, rows }
          break
        }
        case FrameKind.blobBegin: {
          const { id } = parse<{ id: string }>(frame.payload)
          if (blob || typeof id !== 'string') throw new BackupUnreadable(`${DAMAGED} (blob framing)`)
          blob = id
          yield { kind: 'blob-begin', id }
          break
        }
        case FrameKind.blobData:
          if (!blob) throw new BackupUnreadable(`${DAMAGED} (blob framing)`)
          yield { kind: 'blob-data', bytes: frame.payload }
          break
        case FrameKind.blobEnd: {
          const { id } = parse<{ id: string }>(frame.payload)
          if (blob !== id) throw new BackupUnreadable(`${DAMAGED} (blob framing)`)
          blob = null
          blobs++
          yield { kind: 'blob-end', id }
          break
        }
        case FrameKind.end: {
          const summary = parse<BackupSummary>(frame.payload)
          const same =
            summary.blobs === blobs &&
            !blob &&
            (manifest as BackupManifest).tables.every((t) => (summary.rows[t] ?? 0) === (counted[t] ?? 0))
          if (!same) throw new BackupUnreadable(`${DAMAGED} (contents do not match its summary)`)
          ended = true
          yield { kind: 'end', summary }
          break
        }
      }
    }
  } catch (err) {
    plain.destroy()
    if (err instanceof BackupUnreadable) throw err
    if (err instanceof VaultIntegrityError || err instanceof FrameError) throw new BackupUnreadable(DAMAGED)
    throw err
  }
  if (!ended) throw new BackupUnreadable(`${DAMAGED} (no end)`)
}

export interface VerifiedBackup {
  manifest: BackupManifest
  summary: BackupSummary
  /** Rows of the tables asked for (small ones: the master key versions). */
  captured: Record<string, unknown[]>
}

/** Reads the whole file without writing anything; throws BackupUnreadable if any part fails. */
export async function verifyBackup(
  path: string,
  passphrase: string | undefined,
  capture: string[] = [],
): Promise<VerifiedBackup> {
  let manifest: BackupManifest | undefined
  let summary: BackupSummary | undefined
  const captured: Record<string, unknown[]> = Object.fromEntries(capture.map((t) => [t, []]))
  for await (const item of readBackup(path, passphrase)) {
    if (item.kind === 'manifest') manifest = item.manifest
    if (item.kind === 'end') summary = item.summary
    if (item.kind === 'rows' && captured[item.table]) {
      captured[item.table]?.push(...item.rows.map((r) => JSON.parse(r) as unknown))
    }
  }
  if (!manifest || !summary) throw new BackupUnreadable(DAMAGED)
  return { manifest, summary, captured }
}
