// The backup file: a 38-byte clear header, then the vault's STREAM format (vault/README.md, stream
// format) under a key derived from the backup passphrase. Inside, a sequence of frames.
//
// Header: magic `TSBK` (4) ‖ format version 1 (1) ‖ scrypt log2 N (1) ‖ salt (16) ‖ backup id (16).
// The backup id is the stream's document id, so a header or a stream from another backup fails
// authentication; a wrong passphrase or an altered salt yields a wrong key and fails it too.
import { randomBytes, randomUUID, scrypt as scryptCallback } from 'node:crypto'
import { promisify } from 'node:util'
import { encryptStream, decryptStream } from '../../vault/crypto/stream-format.ts'
import type { Transform } from 'node:stream'

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>

const MAGIC = Buffer.from('TSBK')
export const HEADER_SIZE = 38
const FORMAT_VERSION = 1
const LOG2_N = 15
/** Bound into every segment's AAD where the vault binds the patient id. */
const STREAM_LABEL = 'tessera/backup/v1'
export const MIN_PASSPHRASE = 16

export class BackupUnreadable extends Error {
  override readonly name = 'BackupUnreadable'
}

export interface BackupHeader {
  logN: number
  salt: Buffer
  backupId: string
}

export function newHeader(): BackupHeader {
  return { logN: LOG2_N, salt: randomBytes(16), backupId: randomUUID() }
}

export function encodeHeader(h: BackupHeader): Buffer {
  const out = Buffer.alloc(HEADER_SIZE)
  MAGIC.copy(out, 0)
  out[4] = FORMAT_VERSION
  out[5] = h.logN
  h.salt.copy(out, 6)
  Buffer.from(h.backupId.replace(/-/g, ''), 'hex').copy(out, 22)
  return out
}

export function decodeHeader(bytes: Buffer): BackupHeader {
  if (bytes.length < HEADER_SIZE || !bytes.subarray(0, 4).equals(MAGIC)) {
    throw new BackupUnreadable('not a Tessera backup file (no TSBK header)')
  }
  if (bytes[4] !== FORMAT_VERSION) throw new BackupUnreadable(`unknown backup format version ${bytes[4]}`)
  const logN = bytes[5] ?? 0
  if (logN < 14 || logN > 20) throw new BackupUnreadable('backup header is damaged (key derivation cost)')
  const hex = bytes.subarray(22, 38).toString('hex')
  const backupId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  return { logN, salt: Buffer.from(bytes.subarray(6, 22)), backupId }
}

export function checkPassphrase(passphrase: string | undefined): string {
  if (!passphrase || passphrase.length < MIN_PASSPHRASE) {
    throw new BackupUnreadable(
      `TESSERA_BACKUP_PASSPHRASE must be set to at least ${MIN_PASSPHRASE} characters (it encrypts the backup)`,
    )
  }
  return passphrase
}

export async function backupKey(passphrase: string, h: BackupHeader): Promise<Buffer> {
  const N = 2 ** h.logN
  return scrypt(passphrase, h.salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 })
}

export function sealingStream(key: Buffer, h: BackupHeader): Transform {
  return encryptStream({ key, keyVersion: 1, documentId: h.backupId, patientId: STREAM_LABEL })
}

export function openingStream(key: Buffer, h: BackupHeader): Transform {
  return decryptStream({ key, documentId: h.backupId, patientId: STREAM_LABEL })
}
