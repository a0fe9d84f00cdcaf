// Equality and ordering of answer values, as enableWhen, choice matching and read-only checks need
// them. Ordering is defined for numbers, dates, dateTimes, times and quantities with the same unit;
// anything else is unordered (undefined), and an unordered comparison never enables an item.
import type { Quantity } from '@medplum/fhirtypes'
import type { AnswerValue } from './values.ts'

export const ORDERED_TYPES: ReadonlySet<AnswerValue['type']> = new Set([
  'decimal',
  'integer',
  'date',
  'dateTime',
  'time',
  'quantity',
])

/** Codings match on system and code (display is presentation); both systems absent also match. */
export function sameValue(a: AnswerValue, b: AnswerValue): boolean {
  if (isNumber(a) && isNumber(b)) return a.value === b.value
  if (isText(a) && isText(b)) return a.value === b.value
  if (a.type === 'coding' && b.type === 'coding')
    return a.value.code === b.value.code && (a.value.system ?? '') === (b.value.system ?? '')
  if (a.type === 'reference' && b.type === 'reference') return a.value.reference === b.value.reference
  if (a.type === 'attachment' && b.type === 'attachment') return a.value.url === b.value.url
  if (a.type === 'boolean' && b.type === 'boolean') return a.value === b.value
  return order(a, b) === 0
}

/** Sign of a - b, or undefined when the two cannot be ordered. */
export function order(a: AnswerValue, b: AnswerValue): number | undefined {
  if (isNumber(a) && isNumber(b)) return Math.sign(a.value - b.value)
  if (a.type === 'time' && b.type === 'time') return Math.sign(seconds(a.value) - seconds(b.value))
  if ((a.type === 'date' || a.type === 'dateTime') && (b.type === 'date' || b.type === 'dateTime'))
    return compareDateTimes(a.value, b.value)
  if (a.type === 'quantity' && b.type === 'quantity' && sameUnit(a.value, b.value)) {
    const diff = (a.value.value ?? NaN) - (b.value.value ?? NaN)
    return Number.isNaN(diff) ? undefined : Math.sign(diff)
  }
  return undefined
}

function isNumber(v: AnswerValue): v is Extract<AnswerValue, { type: 'decimal' | 'integer' }> {
  return v.type === 'decimal' || v.type === 'integer'
}

function isText(v: AnswerValue): v is Extract<AnswerValue, { type: 'string' | 'uri' }> {
  return v.type === 'string' || v.type === 'uri'
}

/** No unit conversion (UCUM) is attempted: mg and g are simply not comparable. */
function sameUnit(a: Quantity, b: Quantity): boolean {
  if (a.code !== undefined && b.code !== undefined) return a.code === b.code && a.system === b.system
  return (a.unit ?? a.code) === (b.unit ?? b.code)
}

function seconds(time: string): number {
  const [h, m, s] = time.split(':').map(Number)
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0)
}

/**
 * Dates and dateTimes of different precision compare only where they differ within the shared
 * precision (2020 < 2021-05, but 2021 and 2021-05 are unordered), as FHIRPath does. Full dateTimes
 * carry a time zone (R4 requires one with a time) and compare as instants.
 */
export function compareDateTimes(a: string, b: string): number | undefined {
  if (a.includes('T') && b.includes('T')) {
    const diff = Date.parse(a) - Date.parse(b)
    return Number.isNaN(diff) ? undefined : Math.sign(diff)
  }
  const pa = a.slice(0, 10).split('-').map(Number)
  const pb = b.slice(0, 10).split('-').map(Number)
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (diff !== 0) return Math.sign(diff)
  }
  return a.length === b.length ? 0 : undefined
}
