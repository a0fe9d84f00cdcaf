// Rows of vault_patient_key: one key per patient (version 1; the column leaves room for per-patient
// re-keying), wrapped by a master version, bound by AAD to the patient id and key version.
import { randomBytes } from 'node:crypto'
import type { Clock } from '../../platform/clock.ts'
import { associatedData } from '../crypto/aead.ts'
import { VaultIntegrityError } from '../crypto/errors.ts'
import { VaultKeyErased } from './errors.ts'
import type { Db, MasterRegistry } from './master-registry.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface PatientKeyRow {
  patientId: string
  version: number
  masterVersion: number
  wrapped: string
  /** The associated data its master-key wrapping is bound to. */
  aad: Buffer
}

export function patientKeyAad(patientId: string, version: number): Buffer {
  return associatedData('tessera/vault/patient-key/v1', patientId, version)
}

interface Row {
  patient_id: string
  version: number
  master_version: number | null
  wrapped: string | null
  erased_at: Date | null
}

function live(row: Row): PatientKeyRow {
  if (row.erased_at || row.wrapped === null || row.master_version === null) throw new VaultKeyErased()
  return {
    patientId: row.patient_id,
    version: row.version,
    masterVersion: row.master_version,
    wrapped: row.wrapped,
    aad: patientKeyAad(row.patient_id, row.version),
  }
}

function checkId(patientId: string): void {
  if (!UUID.test(patientId)) throw new TypeError('a patient id is a UUID')
}

export class PatientKeyStore {
  constructor(
    private readonly clock: Clock,
    private readonly registry: MasterRegistry,
  ) {}

  /** The patient's current key row, made (wrapped under the newest master version) on first use. */
  async current(db: Db, patientId: string): Promise<PatientKeyRow> {
    checkId(patientId)
    const found = await this.latest(db, patientId)
    if (found) return live(found)
    // In the caller's transaction when there is one (on PGlite the outer handle would deadlock).
    const made = db.isTransaction
      ? await this.create(db, patientId)
      : await db.transaction().execute((tx) => this.create(tx, patientId))
    return live(made)
  }

  async version(db: Db, patientId: string, version: number): Promise<PatientKeyRow> {
    checkId(patientId)
    const row = await db
      .selectFrom('vault_patient_key')
      .select(['patient_id', 'version', 'master_version', 'wrapped', 'erased_at'])
      .where('patient_id', '=', patientId)
      .where('version', '=', version)
      .executeTakeFirst()
    if (row) return live(row)
    if (await this.isErased(db, patientId)) throw new VaultKeyErased()
    throw new VaultIntegrityError()
  }

  async isErased(db: Db, patientId: string): Promise<boolean> {
    checkId(patientId)
    const row = await db
      .selectFrom('vault_patient_key')
      .select('erased_at')
      .where('patient_id', '=', patientId)
      .where('erased_at', 'is not', null)
      .limit(1)
      .executeTakeFirst()
    return row !== undefined
  }

  /** Clears every wrapped key of the patient; with none yet, leaves a tombstone so none is made. */
  async erase(db: Db, patientId: string): Promise<void> {
    checkId(patientId)
    const now = this.clock.now()
    await db
      .updateTable('vault_patient_key')
      .set({ wrapped: null, master_version: null, erased_at: now })
      .where('patient_id', '=', patientId)
      .where('erased_at', 'is', null)
      .execute()
    await db
      .insertInto('vault_patient_key')
      .values({
        patient_id: patientId,
        version: 1,
        master_version: null,
        wrapped: null,
        created_at: now,
        erased_at: now,
      })
      .onConflict((oc) => oc.columns(['patient_id', 'version']).doNothing())
      .execute()
  }

  private latest(db: Db, patientId: string): Promise<Row | undefined> {
    return db
      .selectFrom('vault_patient_key')
      .select(['patient_id', 'version', 'master_version', 'wrapped', 'erased_at'])
      .where('patient_id', '=', patientId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst()
  }

  private async create(tx: Db, patientId: string): Promise<Row> {
    const masterVersion = await this.registry.versionForNewKeys(tx)
    const key = randomBytes(32)
    try {
      const wrapped = await this.registry.master.wrap(masterVersion, key, patientKeyAad(patientId, 1))
      // A concurrent first use may have made it: keep theirs (their data keys are wrapped by it).
      await tx
        .insertInto('vault_patient_key')
        .values({
          patient_id: patientId,
          version: 1,
          master_version: masterVersion,
          wrapped,
          created_at: this.clock.now(),
        })
        .onConflict((oc) => oc.columns(['patient_id', 'version']).doNothing())
        .execute()
    } finally {
      key.fill(0)
    }
    const row = await this.latest(tx, patientId)
    if (!row) throw new Error('patient key was not stored')
    return row
  }
}
