// The prescribe form's fields as typed (strings) and their conversion to the API's shapes: a partial
// `details` for the rule check while typing, the full one for saving.
import type { PrescriptionDetails, RouteOfAdministration } from '@tessera/contracts'

export interface DraftFields {
  medicationId: string
  pharmacyId: string
  doseValue: string
  doseUnit: string
  doseText: string
  route: RouteOfAdministration
  times: string
  period: string
  periodUnit: PrescriptionDetails['frequency']['periodUnit']
  quantity: string
  quantityWords: string
  daysSupply: string
  repeats: string
  repeatIntervalDays: string
}

export const EMPTY_FIELDS: DraftFields = {
  medicationId: '',
  pharmacyId: '',
  doseValue: '',
  doseUnit: '',
  doseText: '',
  route: 'oral',
  times: '1',
  period: '1',
  periodUnit: 'd',
  quantity: '',
  quantityWords: '',
  daysSupply: '',
  repeats: '0',
  repeatIntervalDays: '',
}

function num(text: string): number | undefined {
  const t = text.trim()
  if (!t) return undefined
  const n = Number(t)
  return Number.isFinite(n) ? n : undefined
}

function int(text: string): number | undefined {
  const n = num(text)
  return n !== undefined && Number.isInteger(n) ? n : undefined
}

/** What is filled in so far, for the rule check (missing parts are simply left out). */
export function partialDetails(f: DraftFields): Partial<PrescriptionDetails> {
  const out: Partial<PrescriptionDetails> = { route: f.route }
  const doseValue = num(f.doseValue)
  if (doseValue !== undefined && doseValue > 0 && f.doseUnit.trim())
    out.dose = { value: doseValue, unit: f.doseUnit.trim() }
  if (f.doseText.trim()) out.doseText = f.doseText.trim()
  const times = int(f.times)
  const period = int(f.period)
  if (times !== undefined && period !== undefined && times >= 1 && period >= 1)
    out.frequency = { times, period, periodUnit: f.periodUnit }
  const quantity = num(f.quantity)
  if (quantity !== undefined && quantity > 0) out.quantity = quantity
  if (f.quantityWords.trim()) out.quantityWords = f.quantityWords.trim()
  const days = int(f.daysSupply)
  if (days !== undefined && days >= 1 && days <= 365) out.daysSupply = days
  const repeats = int(f.repeats)
  if (repeats !== undefined && repeats >= 0 && repeats <= 12) out.repeats = repeats
  const interval = int(f.repeatIntervalDays)
  if ((repeats ?? 0) > 0 && interval !== undefined && interval >= 1 && interval <= 365)
    out.repeatIntervalDays = interval
  return out
}

/** The full details, or null while something required is missing (the form says what). */
export function fullDetails(f: DraftFields): PrescriptionDetails | null {
  const d = partialDetails(f)
  if (!d.dose || !d.doseText || !d.route || !d.frequency || !d.quantity || !d.daysSupply) return null
  if (d.repeats === undefined) return null
  return {
    dose: d.dose,
    doseText: d.doseText,
    route: d.route,
    frequency: d.frequency,
    quantity: d.quantity,
    ...(d.quantityWords ? { quantityWords: d.quantityWords } : {}),
    daysSupply: d.daysSupply,
    repeats: d.repeats,
    ...(d.repeatIntervalDays ? { repeatIntervalDays: d.repeatIntervalDays } : {}),
  }
}
