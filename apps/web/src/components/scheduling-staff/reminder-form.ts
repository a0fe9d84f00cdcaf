import type { ReminderSettings, ReminderSettingsView } from '@tessera/contracts'

export type Warnings = ReminderSettingsView['warnings']

/** The editor's warnings for one field (the server may name it `/emailText` or `emailText`). */
export function warningsFor(warnings: Warnings, field: keyof ReminderSettings): string[] {
  return warnings
    .filter((w) => w.field.replace(/^[/.]+/, '').split(/[/.[]/)[0] === field)
    .map((w) => w.message)
}

/** "24, 1" for [1440, 60]; minutes that are not whole hours keep their fraction ("0.5"). */
export function hoursText(offsetsMinutes: readonly number[]): string {
  return offsetsMinutes.map((m) => String(Math.round((m / 60) * 100) / 100)).join(', ')
}

/** Parses "24, 1" into minutes, or returns the sentence to show next to the field. */
export function parseHours(text: string): number[] | string {
  const parts = text.split(/[\s,;]+/).filter(Boolean)
  const minutes: number[] = []
  for (const part of parts) {
    const hours = Number(part)
    if (!Number.isFinite(hours) || hours <= 0) return `“${part}” is not a number of hours.`
    minutes.push(Math.round(hours * 60))
  }
  if (new Set(minutes).size !== minutes.length) return 'Each time may appear only once.'
  if (minutes.length > 5) return 'At most 5 reminders.'
  return minutes
}
