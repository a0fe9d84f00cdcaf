// For the restore test: every restored document decrypts with the instance's keys and matches its
// recorded SHA-256 (documents of erased patients are counted, not opened: they cannot be).
import { createHash } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import { Writable } from 'node:stream'
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/schema.ts'
import type { MasterKeyProvider } from '../../vault/keys/master-key-provider.ts'
import { VaultKeys } from '../../vault/keys/vault-keys.ts'
import { VaultKeyErased } from '../../vault/keys/errors.ts'
import { decryptStream } from '../../vault/crypto/stream-format.ts'
import { FsBlobStore } from '../../vault/documents/fs-blob-store.ts'
import { systemClock } from '../../platform/clock.ts'

export async function checkDocuments(
  db: Kysely<Database>,
  blobDir: string,
  master: MasterKeyProvider,
): Promise<{ opened: number; erased: number; bad: number }> {
  const vault = new VaultKeys({ db, clock: systemClock, master })
  const store = new FsBlobStore(blobDir)
  const result = { opened: 0, erased: 0, bad: 0 }
  const rows = await db.selectFrom('document').select(['id', 'patient_id', 'wrapped_key', 'sha256']).execute()
  for (const row of rows) {
    let key: Buffer
    try {
      key = await vault.openDataKey(row.patient_id, row.wrapped_key)
    } catch (err) {
      if (err instanceof VaultKeyErased) result.erased++
      else result.bad++
      continue
    }
    const hash = createHash('sha256')
    try {
      await pipeline(
        await store.get(row.id),
        decryptStream({ key, documentId: row.id, patientId: row.patient_id }),
        new Writable({ write: (chunk: Buffer, _e, done) => (hash.update(chunk), done()) }),
      )
      if (hash.digest('hex') === row.sha256) result.opened++
      else result.bad++
    } catch {
      result.bad++
    } finally {
      key.fill(0)
    }
  }
  return result
}
