// Clinic settings kept in the database (changed by the admin in the app), with defaults.
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Database } from '../db/schema.ts'

export interface ClinicSettings {
  /** Patients may create their own accounts (otherwise reception invites them). */
  patientSelfRegistration: boolean
  /** Patients may use an emailed one-time code as their second factor. */
  patientEmailCodeAllowed: boolean
}

export const DEFAULT_CLINIC_SETTINGS: Readonly<ClinicSettings> = Object.freeze({
  patientSelfRegistration: true,
  patientEmailCodeAllowed: true,
})

export class ClinicSettingsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<ClinicSettings> {
    const rows = await this.db.selectFrom('clinic_setting').select(['key', 'value']).execute()
    const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]))
    const out: ClinicSettings = { ...DEFAULT_CLINIC_SETTINGS }
    for (const key of Object.keys(out) as Array<keyof ClinicSettings>) {
      if (typeof stored[key] === 'boolean') out[key] = stored[key]
    }
    return out
  }

  async update(changes: Partial<ClinicSettings>): Promise<ClinicSettings> {
    const now = this.clock.now()
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue
      await this.db
        .insertInto('clinic_setting')
        .values({ key, value: JSON.stringify(value), updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
        .execute()
    }
    return this.get()
  }
}
