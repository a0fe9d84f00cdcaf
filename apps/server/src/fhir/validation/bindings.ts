// `required` bindings (FHIR R4 terminologies.html#strength): a code, or for a Coding/CodeableConcept
// at least one coding, SHALL come from the bound value set. Value sets we cannot enumerate are not
// checked (see value-sets.ts): refusing valid data would be worse than accepting an unchecked code.
import type { ErrorDetail } from '../../platform/errors.ts'
import { expandValueSet, type Expansion } from './value-sets.ts'

/** Value sets small enough to list in the message. */
const LISTED_CODES = 12

export function codeProblems(code: string, valueSet: string, path: string, issues: ErrorDetail[]): void {
  const expansion = expandValueSet(valueSet)
  if (expansion && !expansion.codes.has(code)) issues.push({ path, message: notInSet(expansion) })
}

export function codingProblems(
  value: Record<string, unknown>,
  type: 'Coding' | 'CodeableConcept',
  valueSet: string,
  path: string,
  issues: ErrorDetail[],
): void {
  const expansion = expandValueSet(valueSet)
  if (!expansion) return
  if (type === 'Coding') {
    if (checkCoding(value, expansion, path, issues) === 'other-system')
      issues.push({ path: `${path}.system`, message: needsSystem(expansion, 'must be') })
    return
  }
  const codings = Array.isArray(value['coding']) ? (value['coding'] as unknown[]) : []
  let outcome: Outcome = 'other-system'
  codings.forEach((coding, i) => {
    const result = checkCoding(coding, expansion, `${path}.coding[${i}]`, issues)
    if (result !== 'other-system' && outcome !== 'in-set') outcome = result
  })
  if (outcome === 'other-system')
    issues.push({ path, message: needsSystem(expansion, 'needs a coding with system') })
}

type Outcome = 'in-set' | 'refused' | 'other-system'

function checkCoding(coding: unknown, expansion: Expansion, path: string, issues: ErrorDetail[]): Outcome {
  if (typeof coding !== 'object' || coding === null) return 'other-system'
  const { system, code } = coding as Record<string, unknown>
  const codes = typeof system === 'string' ? expansion.bySystem.get(system) : undefined
  if (!codes) return 'other-system'
  // A missing or mistyped code is reported by the structural checks; only judge real strings here.
  if (typeof code !== 'string') return 'refused'
  if (codes.has(code)) return 'in-set'
  issues.push({ path: `${path}.code`, message: notInSet(expansion) })
  return 'refused'
}

function notInSet(expansion: Expansion): string {
  const listed = expansion.codes.size <= LISTED_CODES ? ` (one of: ${[...expansion.codes].join(', ')})` : ''
  return `is not a code of the required value set ${expansion.url}${listed}`
}

function needsSystem(expansion: Expansion, lead: string): string {
  return `${lead} ${[...expansion.bySystem.keys()].join(' or ')}: the value set ${expansion.url} is required here`
}
