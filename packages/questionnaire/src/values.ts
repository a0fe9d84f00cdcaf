// Typed views of FHIR choice-type values (`value[x]` on answers, options and initial values,
// `answer[x]` on enableWhen), read defensively because they arrive as untrusted JSON.
import type {
  Attachment,
  Coding,
  Quantity,
  QuestionnaireResponseItemAnswer,
  Reference,
} from '@medplum/fhirtypes'
import { isRecord } from './types.ts'

export type AnswerValue =
  | { type: 'boolean'; value: boolean }
  | { type: 'decimal'; value: number }
  | { type: 'integer'; value: number }
  | { type: 'date'; value: string }
  | { type: 'dateTime'; value: string }
  | { type: 'time'; value: string }
  | { type: 'string'; value: string }
  | { type: 'uri'; value: string }
  | { type: 'coding'; value: Coding }
  | { type: 'quantity'; value: Quantity }
  | { type: 'reference'; value: Reference }
  | { type: 'attachment'; value: Attachment }

export type ValueType = AnswerValue['type']

export const VALUE_TYPES: readonly ValueType[] = [
  'boolean',
  'decimal',
  'integer',
  'date',
  'dateTime',
  'time',
  'string',
  'uri',
  'coding',
  'quantity',
  'reference',
  'attachment',
]

/** R4 allows these on `answerOption.value[x]`. */
export const OPTION_TYPES: readonly ValueType[] = ['integer', 'date', 'time', 'string', 'coding', 'reference']
/** R4 allows these on `enableWhen.answer[x]`. */
export const ENABLE_WHEN_TYPES: readonly ValueType[] = [
  'boolean',
  'decimal',
  'integer',
  'date',
  'dateTime',
  'time',
  'string',
  'coding',
  'quantity',
  'reference',
]

/** `valueCoding` for ('value', 'coding'). */
export function valueKey(prefix: string, type: ValueType): string {
  return prefix + type.charAt(0).toUpperCase() + type.slice(1)
}

// R4 datatypes.html primitive regular expressions.
const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/
const DATE_TIME =
  /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?$/
const INT32 = 2 ** 31

export type ReadResult = { ok: true; key: string; value: AnswerValue } | { ok: false; problem: string }

/**
 * The one `${prefix}[x]` value on `holder`, among `allowed` types. Refuses none, several, and values
 * of the wrong JSON shape; the problem names the key, never the value.
 */
export function readValue(
  holder: unknown,
  prefix: string,
  allowed: readonly ValueType[] = VALUE_TYPES,
): ReadResult {
  if (!isRecord(holder)) return { ok: false, problem: 'must be a JSON object' }
  const present = allowed.filter((t) => holder[valueKey(prefix, t)] !== undefined)
  const [type] = present
  if (type === undefined) return { ok: false, problem: `has no ${prefix}[x]` }
  if (present.length > 1)
    return {
      ok: false,
      problem: `has more than one ${prefix}[x] (${present.map((t) => valueKey(prefix, t)).join(', ')})`,
    }
  const key = valueKey(prefix, type)
  const problem = shapeProblem(type, holder[key])
  if (problem) return { ok: false, problem: `${key} ${problem}` }
  return { ok: true, key, value: { type, value: holder[key] } as AnswerValue }
}

function shapeProblem(type: ValueType, raw: unknown): string | undefined {
  switch (type) {
    case 'boolean':
      return typeof raw === 'boolean' ? undefined : 'must be true or false'
    case 'decimal':
      return typeof raw === 'number' && Number.isFinite(raw) ? undefined : 'must be a number'
    case 'integer':
      return Number.isInteger(raw) && Math.abs(raw as number) < INT32 ? undefined : 'must be a 32-bit integer'
    case 'date':
      return typeof raw === 'string' && DATE.test(raw)
        ? undefined
        : 'must be a date (YYYY, YYYY-MM or YYYY-MM-DD)'
    case 'dateTime':
      return typeof raw === 'string' && DATE_TIME.test(raw)
        ? undefined
        : 'must be a dateTime (a date, or a date and time with a time zone)'
    case 'time':
      return typeof raw === 'string' && TIME.test(raw) ? undefined : 'must be a time (hh:mm:ss)'
    case 'string':
      return typeof raw === 'string' && raw.trim() !== '' ? undefined : 'must be a non-blank string'
    case 'uri':
      return typeof raw === 'string' && raw !== '' && !/\s/.test(raw) ? undefined : 'must be a URI'
    case 'coding':
      return isRecord(raw) && typeof raw['code'] === 'string' && raw['code'] !== ''
        ? undefined
        : 'must be a Coding with a code'
    case 'quantity':
      return isRecord(raw) && typeof raw['value'] === 'number' && Number.isFinite(raw['value'])
        ? undefined
        : 'must be a Quantity with a value'
    case 'reference':
      return isRecord(raw) && typeof raw['reference'] === 'string' ? undefined : 'must be a Reference'
    case 'attachment':
      return isRecord(raw) ? undefined : 'must be an Attachment'
  }
}

/** The response answer that carries `value`. */
export function toAnswer(value: AnswerValue): QuestionnaireResponseItemAnswer {
  switch (value.type) {
    case 'boolean':
      return { valueBoolean: value.value }
    case 'decimal':
      return { valueDecimal: value.value }
    case 'integer':
      return { valueInteger: value.value }
    case 'date':
      return { valueDate: value.value }
    case 'dateTime':
      return { valueDateTime: value.value }
    case 'time':
      return { valueTime: value.value }
    case 'string':
      return { valueString: value.value }
    case 'uri':
      return { valueUri: value.value }
    case 'coding':
      return { valueCoding: value.value }
    case 'quantity':
      return { valueQuantity: value.value }
    case 'reference':
      return { valueReference: value.value }
    case 'attachment':
      return { valueAttachment: value.value }
  }
}

/** Valid answer values of a response item's answers (invalid ones are skipped). */
export function answerValues(answers: readonly unknown[] | undefined): AnswerValue[] {
  const values: AnswerValue[] = []
  for (const answer of answers ?? []) {
    const read = readValue(answer, 'value')
    if (read.ok) values.push(read.value)
  }
  return values
}
