// Runs Medplum's R4 validator (cardinality, required elements, primitive formats such as dates, JSON
// types of primitives, nulls, invariants) and turns its OperationOutcome issues into our details:
// plain messages, and concrete paths (Medplum writes `Observation.value[x]` for `valueQuantity`).
// Issues that schema-walk.ts reports better (unknown members, arrays vs single values, counts, and
// the warnings for choice conflicts and reference types) are left out here to avoid duplicates.
import { OperationOutcomeError, validateResource as medplumValidate } from '@medplum/core'
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes'
import type { ErrorDetail } from '../../platform/errors.ts'

const COVERED_ELSEWHERE = [
  /^Invalid additional property/,
  /^Expected array of values/,
  /^Expected single value/,
  /^Invalid number of values/,
  /^String cannot be larger than/,
  /^Unknown data type/,
]

const FORMAT_HINTS: Readonly<Record<string, string>> = {
  date: ' (YYYY, YYYY-MM or YYYY-MM-DD)',
  dateTime: ' (YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with a time zone such as Z or +01:00)',
  instant: ' (YYYY-MM-DDThh:mm:ss with a time zone such as Z or +01:00)',
  time: ' (hh:mm:ss)',
  id: ' (1 to 64 letters, digits, "-" or ".")',
  code: ' (no leading, trailing or repeated spaces)',
}

const PLAIN: Readonly<Record<string, string>> = {
  'Missing required property': 'is required',
  'Invalid null value': 'must not be null',
  'Invalid undefined value': 'must not be empty',
  'Invalid empty value': 'must not be empty',
  'Invalid empty non-primitive value': 'must not be empty',
  'String must contain non-whitespace content': 'must not be blank',
  'Invalid numeric value': 'must be a finite number',
  'Expected number to be an integer': 'must be an integer',
  'Expected number to be positive': 'must be a positive integer',
  'Expected number to be non-negative': 'must not be negative',
  // An invariant's FHIRPath failed on a malformed value, which is reported on its own.
  'Error evaluating invariant expression':
    'could not be checked against its FHIR invariants (see the other problems)',
}

/**
 * Medplum's findings for `resource` (already known to be an object of a type we serve), or `failed`
 * when Medplum threw something other than its validation error (it does on some malformed shapes,
 * which schema-walk.ts then reports).
 */
export function medplumProblems(
  resource: Record<string, unknown>,
  rootPath: string,
): ErrorDetail[] | 'failed' {
  let issues: OperationOutcomeIssue[]
  try {
    issues = medplumValidate(resource as unknown as Resource)
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) return 'failed'
    issues = err.outcome.issue ?? []
  }
  const details: ErrorDetail[] = []
  for (const issue of issues) {
    const text = issue.details?.text ?? issue.diagnostics ?? 'is not valid'
    if (issue.severity !== 'error' && issue.severity !== 'fatal') continue
    if (COVERED_ELSEWHERE.some((pattern) => pattern.test(text))) continue
    const expression = issue.expression?.[0] ?? rootPath
    details.push({ path: concretePath(resource, expression, text), message: plainMessage(text) })
  }
  return details
}

function plainMessage(text: string): string {
  const plain = PLAIN[text]
  if (plain) return plain
  const format = /^Invalid (\w+) format$/.exec(text)
  if (format) return `is not a valid FHIR ${format[1]}${FORMAT_HINTS[format[1] ?? ''] ?? ''}`
  const json = /^Invalid JSON type: expected (\w+), but got (\w+)$/.exec(text)
  if (json) return `must be a JSON ${json[1]}, not a ${json[2]}`
  const constraint = /^Constraint (\S+) not met: (.*)$/s.exec(text)
  if (constraint) return `${constraint[2]} (FHIR invariant ${constraint[1]})`
  return text
}

/**
 * Medplum's expression made concrete against the body: `value[x]` becomes the member actually
 * present (`valueQuantity`), and a missing index is added when only one array item fits.
 * Falls back to Medplum's expression when the body does not single out one location.
 */
export function concretePath(root: unknown, expression: string, text: string): string {
  const segments = expression.split('.')
  let candidates: Array<{ value: unknown; path: string }> = [{ value: root, path: segments[0] ?? '' }]
  for (let s = 1; s < segments.length; s++) {
    const last = s === segments.length - 1
    const match = /^([^[\]]+?)(\[x\])?(?:\[(\d+)\])?$/.exec(segments[s] ?? '')
    if (!match) return expression
    const [, base = '', choice, index] = match
    const next: typeof candidates = []
    for (const { value, path } of candidates) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue
      const obj = value as Record<string, unknown>
      const key = choice ? choiceKey(obj, base) : base
      if (key === undefined) {
        if (last) next.push({ value: undefined, path: `${path}.${segments[s]}` })
        continue
      }
      // A primitive's extensions live in `_name` but FHIRPath names them `name.extension`.
      const own = obj[key]
      const held = !last && (typeof own !== 'object' || own === null) ? obj[`_${key}`] : own
      const name = key.startsWith('_') ? key.slice(1) : key
      if (index !== undefined) {
        const item = Array.isArray(held) ? (held as unknown[])[Number(index)] : undefined
        next.push({ value: item, path: `${path}.${name}[${index}]` })
      } else if (!last && Array.isArray(held)) {
        held.forEach((item: unknown, i) => next.push({ value: item, path: `${path}.${name}[${i}]` }))
      } else {
        next.push({ value: held, path: `${path}.${name}` })
      }
    }
    candidates = next
  }
  const missing = text === 'Missing required property'
  const fitting = candidates.filter((c) => (c.value === undefined) === missing)
  return fitting.length === 1 && fitting[0] ? fitting[0].path : expression
}

/** The member of a choice element (`value[x]`) present in `obj`: `valueQuantity`, or `_valueString`. */
function choiceKey(obj: Record<string, unknown>, base: string): string | undefined {
  return Object.keys(obj).find((k) => {
    const name = k.startsWith('_') ? k.slice(1) : k
    return name.startsWith(base) && /^[A-Z]/.test(name.slice(base.length))
  })
}
