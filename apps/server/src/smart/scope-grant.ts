// What an app actually gets: the intersection of what it asked for, what the clinic allowed it, and
// what the person's role may do (SMART App Launch 2.0 "Scopes and Launch Context"; the server may
// grant fewer scopes than requested and says which in the token response). Patient scopes go to
// patients only (their context is themselves); staff get user scopes. A wildcard the role cannot
// fully honour is spelled out type by type, so the consent screen shows exactly what is granted.
import type { Role } from '../identity/account-table.ts'
import { RESOURCE_TYPES, TYPE_POLICIES, type ResourceType } from '../fhir/resource-types.ts'
import { parseScope, type ParsedScope, type SmartInteraction } from './smart-scopes.ts'

/** Scopes that carry no data access of their own. `fhirUser` and `launch/patient` are for patients. */
export const IDENTITY_SCOPES = ['openid', 'fhirUser', 'launch/patient', 'offline_access'] as const
const PATIENT_ONLY = new Set(['fhirUser', 'launch/patient'])

/** SMART v2 order of interaction letters. */
const LETTERS: readonly SmartInteraction[] = ['c', 'r', 'u', 'd', 's']

export type ScopeContext = 'patient' | 'user'

/** The scope is one Tessera understands (a clinical scope on a type it serves, or an identity scope). */
export function isKnownScope(scope: string): boolean {
  if ((IDENTITY_SCOPES as readonly string[]).includes(scope)) return true
  const parsed = parseScope(scope)
  return (
    parsed !== null && (parsed.type === '*' || (RESOURCE_TYPES as readonly string[]).includes(parsed.type))
  )
}

export function splitScopes(text: string): string[] {
  return [...new Set(text.split(' ').filter(Boolean))]
}

function roleAllows(role: Role, type: ResourceType, letter: SmartInteraction): boolean {
  const policy = TYPE_POLICIES[type]
  switch (letter) {
    case 'r':
    case 's':
      return policy.read.includes(role)
    case 'c':
      return policy.create.includes(role)
    case 'u':
      return policy.update.includes(role)
    case 'd':
      return policy.delete.includes(role)
  }
}

function lettersOn(scopes: readonly ParsedScope[], context: ScopeContext, type: ResourceType): Set<string> {
  const letters = new Set<string>()
  for (const s of scopes)
    if (s.context === context && (s.type === '*' || s.type === type))
      for (const l of s.interactions) letters.add(l)
  return letters
}

function clinicalGrant(
  requested: readonly ParsedScope[],
  allowed: readonly ParsedScope[],
  role: Role,
  context: ScopeContext,
): string[] {
  const perType = RESOURCE_TYPES.map((type) => {
    const asked = lettersOn(requested, context, type)
    const permitted = lettersOn(allowed, context, type)
    const letters = LETTERS.filter((l) => asked.has(l) && permitted.has(l) && roleAllows(role, type, l))
    return { type, letters: letters.join('') }
  })
  const first = perType[0]?.letters ?? ''
  if (first && perType.every((p) => p.letters === first)) return [`${context}/*.${first}`]
  return perType.filter((p) => p.letters).map((p) => `${context}/${p.type}.${p.letters}`)
}

/** The scopes to grant, in a stable order: clinical ones first, then identity and offline access. */
export function grantableScopes(
  requested: readonly string[],
  allowed: readonly string[],
  role: Role,
): string[] {
  const parse = (list: readonly string[]) => list.map(parseScope).filter((s): s is ParsedScope => s !== null)
  const context: ScopeContext = role === 'patient' ? 'patient' : 'user'
  const clinical = clinicalGrant(parse(requested), parse(allowed), role, context)
  const identity = IDENTITY_SCOPES.filter(
    (s) => requested.includes(s) && allowed.includes(s) && (role === 'patient' || !PATIENT_ONLY.has(s)),
  )
  return [...clinical, ...identity]
}

/** Whether the grant carries a patient context (a patient's launch or patient-level scopes). */
export function hasPatientContext(scopes: readonly string[]): boolean {
  return scopes.some((s) => s === 'launch/patient' || parseScope(s)?.context === 'patient')
}
