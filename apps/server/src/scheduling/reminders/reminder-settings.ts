// The clinic's reminder settings: one `clinic_setting` row (`reminders`), changed by the admin.
// Stored values are checked again on read, so a hand-edited row cannot switch placeholders or
// offsets to something the editor would have refused; a bad field falls back to its default.
import type { Kysely, Transaction } from 'kysely'
import { Value } from 'typebox/value'
import { ReminderSettings } from '@tessera/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import { hasHeaderBreak } from '../../platform/mail/mailer.ts'
import { AppError, type ErrorDetail } from '../../platform/errors.ts'
import { defaultReminderSettings, TEMPLATE_FIELDS, unknownPlaceholders } from './reminder-template.ts'

export const REMINDER_SETTING_KEY = 'reminders'

type Db = Kysely<Database> | Transaction<Database>

/** Problems that make settings unusable (the PUT answers 400 naming the field); [] when fine. */
export function settingsProblems(settings: ReminderSettings): ErrorDetail[] {
  const problems: ErrorDetail[] = []
  for (const field of TEMPLATE_FIELDS) {
    const unknown = unknownPlaceholders(settings[field])
    if (unknown.length > 0) {
      problems.push({
        path: `body/${field}`,
        message: `unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')}: use {date}, {time}, {timeZone} or {link}`,
      })
    }
  }
  if (hasHeaderBreak(settings.emailSubject)) {
    problems.push({ path: 'body/emailSubject', message: 'the subject must be one line' })
  }
  if (hasHeaderBreak(settings.senderName) || /["<>\\]/.test(settings.senderName)) {
    problems.push({ path: 'body/senderName', message: 'one line, without quotes or angle brackets' })
  }
  if (settings.senderName.trim() === '') {
    problems.push({ path: 'body/senderName', message: 'must not be blank' })
  }
  return problems
}

export class ReminderSettingsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** The default sender name: the configured mail display name. */
    private readonly defaultSenderName: string,
  ) {}

  defaults(): ReminderSettings {
    return defaultReminderSettings(this.defaultSenderName)
  }

  async get(db: Db = this.db): Promise<ReminderSettings> {
    const row = await db
      .selectFrom('clinic_setting')
      .select('value')
      .where('key', '=', REMINDER_SETTING_KEY)
      .executeTakeFirst()
    const stored =
      typeof row?.value === 'object' && row.value !== null ? (row.value as Record<string, unknown>) : {}
    const out = this.defaults()
    const result: Record<string, unknown> = { ...out }
    for (const key of Object.keys(out) as Array<keyof ReminderSettings>) {
      const candidate = { ...out, [key]: stored[key] }
      if (stored[key] !== undefined && Value.Check(ReminderSettings, candidate)) {
        if (settingsProblems(candidate).length === 0) result[key] = stored[key]
      }
    }
    return result as ReminderSettings
  }

  /** Refuses unusable settings with a 400 naming the field; warnings are the caller's to show. */
  async update(settings: ReminderSettings, db: Db = this.db): Promise<ReminderSettings> {
    const problems = settingsProblems(settings)
    if (problems.length > 0)
      throw new AppError('invalid', 'These reminder settings cannot be used.', problems)
    const value = JSON.stringify({
      ...settings,
      offsetsMinutes: [...settings.offsetsMinutes].sort((a, b) => b - a),
    })
    const now = this.clock.now()
    await db
      .insertInto('clinic_setting')
      .values({ key: REMINDER_SETTING_KEY, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute()
    return this.get(db)
  }
}
