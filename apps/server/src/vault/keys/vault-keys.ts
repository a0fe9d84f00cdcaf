// The key hierarchy (vault/README.md): master key version -> per-patient key (wrapped by the
// master key) -> per-document / per-value data key (wrapped by the patient key). AES-256-GCM
// through Node's crypto. Erasing a patient's key makes everything under it unreadable.
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import { associatedData, open, seal } from '../crypto/aead.ts'
import { VaultIntegrityError } from '../crypto/errors.ts'
import { KeyCache, type KeyCacheOptions } from './key-cache.ts'
import type { MasterKeyProvider } from './master-key-provider.ts'
import { MasterRegistry, type Db } from './master-registry.ts'
import { PatientKeyStore, type PatientKeyRow } from './patient-key-store.ts'
import { rotateMasterKey, type RotateOptions, type RotationResult } from './rotation.ts'
import { vaultKeyStatus, type VaultKeyStatus } from './key-status.ts'

export { VaultKeyErased, VaultKeyUnavailable } from './errors.ts'

export interface VaultKeysDeps {
  db: Kysely<Database>
  clock: Clock
  master: MasterKeyProvider
  cache?: KeyCacheOptions
}

export interface NewDataKey {
  /** The plaintext data key: use it, then zero it (`key.fill(0)`); never store or log it. */
  key: Buffer
  /** What to store beside the ciphertext: `dk1.<patient key version>.<base64url>`. */
  wrapped: string
  /** The patient key version that wrapped it (for the stream header). */
  keyVersion: number
}

const WRAPPED = /^dk1\.([1-9]\d{0,8})\.([A-Za-z0-9_-]{80})$/

function dataKeyAad(patientId: string, version: number): Buffer {
  return associatedData('tessera/vault/data-key/v1', patientId, version)
}

export class VaultKeys {
  readonly cache: KeyCache
  readonly registry: MasterRegistry
  private readonly patients: PatientKeyStore

  constructor(private readonly deps: VaultKeysDeps) {
    this.cache = new KeyCache(deps.clock, deps.cache)
    this.registry = new MasterRegistry(deps.clock, deps.master)
    this.patients = new PatientKeyStore(deps.clock, this.registry)
  }

  /** A fresh 32-byte data key for a new document (or value) of this patient, and its wrapped form
   * to store. Creates the patient's key on first use; refuses (410) once it was erased. */
  async newDataKey(patientId: string, db: Db = this.deps.db): Promise<NewDataKey> {
    const row = await this.patients.current(db, patientId)
    const patientKey = await this.unwrapRow(db, row)
    try {
      const key = randomBytes(32)
      const sealed = seal(patientKey, key, dataKeyAad(patientId, row.version))
      return { key, wrapped: `dk1.${row.version}.${sealed.toString('base64url')}`, keyVersion: row.version }
    } finally {
      patientKey.fill(0)
    }
  }

  /** Unwraps a stored data key. VaultKeyErased (410) once the patient's key was erased;
   * VaultIntegrityError when `wrapped` was altered or belongs to another patient. */
  async openDataKey(patientId: string, wrapped: string, db: Db = this.deps.db): Promise<Buffer> {
    const m = WRAPPED.exec(wrapped)
    if (!m) throw new VaultIntegrityError()
    const version = Number(m[1])
    const body = Buffer.from(m[2] as string, 'base64url')
    const aad = dataKeyAad(patientId, version)
    const cached = this.cache.get(patientId, version)
    if (cached) {
      try {
        return open(cached, body, aad)
      } catch {
        // A stale entry (its row rolled back and was made again) or a foreign value: ask the db.
      } finally {
        cached.fill(0)
      }
    }
    const patientKey = await this.unwrapRow(db, await this.patients.version(db, patientId, version))
    try {
      return open(patientKey, body, aad)
    } finally {
      patientKey.fill(0)
    }
  }

  /** Crypto-shredding: destroys every version of the patient's key, here and in the cache, and
   * refuses new keys for them. Idempotent. The caller records the audit event. Backups: see
   * vault/README.md (complete once the master versions that wrapped it are retired). */
  async erasePatientKey(patientId: string, db: Db = this.deps.db): Promise<void> {
    this.cache.forget(patientId)
    await this.patients.erase(db, patientId)
    this.cache.forget(patientId)
  }

  /** Whether the patient's key was erased. */
  async isErased(patientId: string, db: Db = this.deps.db): Promise<boolean> {
    return this.patients.isErased(db, patientId)
  }

  /** `tessera keys rotate`: a new master version, patient keys re-wrapped in committed batches. */
  rotate(options: RotateOptions = {}): Promise<RotationResult> {
    return rotateMasterKey({ db: this.deps.db, clock: this.deps.clock, registry: this.registry }, options)
  }

  status(): Promise<VaultKeyStatus> {
    return vaultKeyStatus(this.deps.db, this.deps.master)
  }

  /** The patient key of `row` (a copy: the caller zeroes it), from the cache or the master key. */
  private async unwrapRow(db: Db, row: PatientKeyRow): Promise<Buffer> {
    const cached = this.cache.get(row.patientId, row.version, row.wrapped)
    if (cached) return cached
    await this.registry.verify(db, row.masterVersion)
    const key = await this.deps.master.unwrap(row.masterVersion, row.wrapped, row.aad)
    this.cache.set(row.patientId, row.version, row.wrapped, key)
    return key
  }
}
