// Which intake forms every patient must complete, and which documents readiness asks for: one clinic
// setting (`clinic_setting` row `intake`), changed by the admin. Forms are named by url, not version:
// a patient starts the newest active version, and a response stays bound to the version it answered.
import type { Kysely, Transaction } from 'kysely'
import type { DocumentCategory } from '@tessera/contracts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'

export const INTAKE_SETTING_KEY = 'intake'

export interface IntakeSettings {
  /** Questionnaire urls patients must complete, in the order they are shown. */
  requiredForms: string[]
  /** Document categories that must be verified before an appointment. */
  requiredDocuments: DocumentCategory[]
}

export const DEFAULT_INTAKE_SETTINGS: Readonly<IntakeSettings> = Object.freeze<IntakeSettings>({
  requiredForms: [],
  requiredDocuments: ['identity', 'summary-of-care'],
})

const CATEGORIES: readonly string[] = ['identity', 'summary-of-care', 'letter', 'prescription', 'other']

type Db = Kysely<Database> | Transaction<Database>

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined
}

export class IntakeSettingsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async get(db: Db = this.db): Promise<IntakeSettings> {
    const row = await db
      .selectFrom('clinic_setting')
      .select('value')
      .where('key', '=', INTAKE_SETTING_KEY)
      .executeTakeFirst()
    const stored =
      typeof row?.value === 'object' && row.value !== null ? (row.value as Record<string, unknown>) : {}
    const forms = stringList(stored['requiredForms'])
    const documents = stringList(stored['requiredDocuments'])?.filter((c): c is DocumentCategory =>
      CATEGORIES.includes(c),
    )
    return {
      requiredForms: forms ?? [...DEFAULT_INTAKE_SETTINGS.requiredForms],
      requiredDocuments: documents ?? [...DEFAULT_INTAKE_SETTINGS.requiredDocuments],
    }
  }

  async update(changes: Partial<IntakeSettings>, db: Db = this.db): Promise<IntakeSettings> {
    const next = { ...(await this.get(db)), ...changes }
    const value = JSON.stringify(next)
    const now = this.clock.now()
    await db
      .insertInto('clinic_setting')
      .values({ key: INTAKE_SETTING_KEY, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute()
    return next
  }
}
