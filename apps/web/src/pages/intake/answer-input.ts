// Between what a person types and a FHIR answer: numbers, dates, times and quantities. A value that
// does not parse gives no answer (and a message), never a half-valid one.
import type { QuestionnaireItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes'

export type Parsed =
  { ok: true; answer: QuestionnaireResponseItemAnswer | null } | { ok: false; message: string }

const INTEGER = /^[+-]?\d{1,10}$/
const DECIMAL = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/

/** What the input shows for a stored answer. */
export function textOf(item: QuestionnaireItem, answer: QuestionnaireResponseItemAnswer | undefined): string {
  if (!answer) return ''
  switch (item.type) {
    case 'integer':
      return answer.valueInteger === undefined ? '' : String(answer.valueInteger)
    case 'decimal':
      return answer.valueDecimal === undefined ? '' : String(answer.valueDecimal)
    case 'quantity':
      return answer.valueQuantity?.value === undefined ? '' : String(answer.valueQuantity.value)
    case 'date':
      return answer.valueDate ?? ''
    case 'time':
      return answer.valueTime ?? ''
    case 'dateTime':
      return answer.valueDateTime ? toLocalInput(answer.valueDateTime) : ''
    case 'url':
      return answer.valueUri ?? ''
    default:
      return answer.valueString ?? ''
  }
}

/** The answer for `text` typed into an item of this type (null: no answer). */
export function parseInput(item: QuestionnaireItem, text: string): Parsed {
  const value = text.trim()
  if (value === '') return { ok: true, answer: null }
  switch (item.type) {
    case 'integer': {
      const n = Number(value)
      return INTEGER.test(value) && Math.abs(n) < 2 ** 31
        ? { ok: true, answer: { valueInteger: n } }
        : { ok: false, message: 'Enter a whole number, like 12.' }
    }
    case 'decimal':
    case 'quantity': {
      const n = Number(value.replace(',', '.'))
      if (!DECIMAL.test(value) || !Number.isFinite(n))
        return { ok: false, message: 'Enter a number, like 72.5.' }
      return {
        ok: true,
        answer: item.type === 'decimal' ? { valueDecimal: n } : { valueQuantity: quantity(item, n) },
      }
    }
    case 'date':
      return { ok: true, answer: { valueDate: value } }
    case 'time':
      return { ok: true, answer: { valueTime: value.length === 5 ? `${value}:00` : value } }
    case 'dateTime':
      return { ok: true, answer: { valueDateTime: fromLocalInput(value) } }
    case 'url':
      return /^https?:\/\/\S+$/i.test(value)
        ? { ok: true, answer: { valueUri: value } }
        : { ok: false, message: 'Enter a web address that starts with https://' }
    default:
      // Text keeps what the person typed (only blank is "no answer").
      return { ok: true, answer: { valueString: text } }
  }
}

const UNIT_URL = 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit'

/** The item's unit (the questionnaire-unit extension), if it names one. */
export function unitOf(
  item: QuestionnaireItem,
): { system?: string; code?: string; display?: string } | undefined {
  return item.extension?.find((e) => e.url === UNIT_URL)?.valueCoding
}

function quantity(item: QuestionnaireItem, value: number) {
  const unit = unitOf(item)
  return {
    value,
    ...(unit?.display || unit?.code ? { unit: unit.display ?? unit.code } : {}),
    ...(unit?.system ? { system: unit.system } : {}),
    ...(unit?.code ? { code: unit.code } : {}),
  }
}

/** `2026-03-02T10:30` (the browser's local time) -> an instant with the local offset (R4 needs a zone). */
function fromLocalInput(value: string): string {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0')
  const seconds = value.length === 16 ? `${value}:00` : value
  return `${seconds}${sign}${pad(offset / 60)}:${pad(offset % 60)}`
}

function toLocalInput(value: string): string {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}
