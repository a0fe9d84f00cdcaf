// Reminder texts the clinic may edit. Only four placeholders are filled in ({date}, {time},
// {timeZone}, {link}), so a template can say when, never who or what (JOURNEYS.md patient step 6,
// S21). What the admin types is theirs to choose; the editor warns when it looks like personal or
// clinical data, or like the clinic's specialty, which a lock screen or a shared inbox would show.
import type { ReminderSettings } from '@tessera/contracts'
import { checkLink, formatWhen } from '../../platform/mail/templates.ts'

export const PLACEHOLDERS = ['date', 'time', 'timeZone', 'link'] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

export const DEFAULT_EMAIL_TEXT =
  'You have an appointment on {date} at {time} ({timeZone}). Sign in to see details: {link}'

export function defaultReminderSettings(senderName: string): ReminderSettings {
  return {
    offsetsMinutes: [1440, 60],
    senderName,
    emailSubject: 'Appointment reminder',
    emailText: DEFAULT_EMAIL_TEXT,
    smsText: 'Appointment on {date} at {time} ({timeZone}). Sign in to see details: {link}',
    smsEnabled: false,
  }
}

/** The fields whose placeholders are filled in; the sender name is sent as written. */
export const TEMPLATE_FIELDS = ['emailSubject', 'emailText', 'smsText'] as const
export type TemplateField = (typeof TEMPLATE_FIELDS)[number]

const PLACEHOLDER = /\{([^{}\s]{0,40})\}/g

/** Placeholders in a template that are not one of the four, each once, in order of appearance. */
export function unknownPlaceholders(template: string): string[] {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '')
  return [...new Set(names.filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n)))]
}

export interface ReminderValues {
  at: Date
  /** IANA zone the reader lives in; it is named in the text. */
  timeZone: string
  link: string
}

/** Fills in a template; unknown placeholders are left as written (the editor refuses them). */
export function renderTemplate(template: string, values: ReminderValues): string {
  const { date, time } = formatWhen({ at: values.at, timeZone: values.timeZone })
  const filled: Record<Placeholder, string> = {
    date,
    time,
    timeZone: values.timeZone,
    link: checkLink(values.link),
  }
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(filled, name) ? filled[name as Placeholder] : whole,
  )
}

const FOOTER = 'This is an automated message. Replies to this address are not read.'

export interface RenderedReminder {
  fromName: string
  subject: string
  text: string
}

export function renderEmailReminder(settings: ReminderSettings, values: ReminderValues): RenderedReminder {
  return {
    fromName: settings.senderName,
    // A subject is one header line, whatever the template holds.
    subject: renderTemplate(settings.emailSubject, values).replace(/\s+/g, ' ').trim(),
    text: `${renderTemplate(settings.emailText, values).trim()}\n\n${FOOTER}\n`,
  }
}

export function renderSmsReminder(settings: ReminderSettings, values: ReminderValues): string {
  return renderTemplate(settings.smsText, values).trim()
}

// ---------- The editor's warnings ----------

export interface TemplateWarning {
  field: string
  message: string
}

/**
 * Words that name a specialty, a condition or a treatment: in a reminder they tell whoever sees the
 * screen why the patient goes to this clinic. Matched as whole words, case-insensitively.
 */
export const SENSITIVE_WORDS: readonly string[] = [
  'cannabis',
  'marijuana',
  'CBD',
  'THC',
  'psychiatry',
  'psychiatric',
  'psychiatrist',
  'psychology',
  'psychologist',
  'psychotherapy',
  'mental health',
  'counselling',
  'counseling',
  'therapy',
  'therapist',
  'depression',
  'anxiety',
  'oncology',
  'cancer',
  'chemotherapy',
  'tumour',
  'tumor',
  'HIV',
  'PrEP',
  'sexual health',
  'STI',
  'STD',
  'GUM',
  'fertility',
  'IVF',
  'pregnancy',
  'abortion',
  'termination',
  'contraception',
  'addiction',
  'rehab',
  'detox',
  'methadone',
  'alcohol',
  'prescription',
  'medication',
  'diagnosis',
  'dermatology',
  'gynaecology',
  'gynecology',
  'urology',
  'erectile',
  'menopause',
  'gender',
  'transgender',
  'weight loss',
  'eating disorder',
  'dementia',
  'diabetes',
  'test results',
]

const SENSITIVE = new RegExp(
  `(?<![\\p{L}\\p{N}])(${SENSITIVE_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
)
const EMAIL = /[^\s@{}]+@[^\s@{}]+\.[^\s@{}]+/
/** Seven or more digits, possibly spaced or punctuated like a phone number. */
const PHONE = /(?:\+|\b)\d(?:[\s().-]?\d){6,}/
/** A title, as written before someone's name. */
const TITLE = /\b(?:Dr|Prof|Mr|Mrs|Ms|Mx|Miss|Sr)\b\.?|\b(?:Doctor|Professor|Nurse|Sister)\s+\p{Lu}/u

/** What in one field looks like personal or clinical data. Warnings never block saving. */
export function fieldWarnings(field: string, value: string): TemplateWarning[] {
  const out: TemplateWarning[] = []
  const placeholders = field === 'senderName' ? [...value.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '') : []
  for (const name of [...new Set([...placeholders, ...unknownPlaceholders(value)])]) {
    out.push({
      field,
      message:
        field === 'senderName'
          ? `"{${name}}" is not filled in: the sender name is sent as written.`
          : `"{${name}}" is not a placeholder: only {date}, {time}, {timeZone} and {link} are filled in.`,
    })
  }
  if (EMAIL.test(value)) {
    out.push({ field, message: 'Contains an email address: a reminder should not name a person.' })
  }
  if (PHONE.test(value)) {
    out.push({
      field,
      message: 'Contains what looks like a phone number: a reminder should not name a person.',
    })
  }
  if (TITLE.test(value)) {
    out.push({ field, message: 'Contains a title such as "Dr": a reminder should not name the clinician.' })
  }
  const words = new Set([...value.matchAll(SENSITIVE)].map((m) => (m[1] ?? '').toLowerCase()))
  for (const word of words) {
    out.push({
      field,
      message: `Contains "${word}", which can reveal why the patient comes to the clinic to anyone who sees the message.`,
    })
  }
  return out
}

export function settingsWarnings(settings: ReminderSettings): TemplateWarning[] {
  return (['senderName', ...TEMPLATE_FIELDS] as const).flatMap((field) =>
    fieldWarnings(field, settings[field]),
  )
}
