// SMART App Launch scopes (v2 `patient/Observation.rs`, `user/*.cruds`; v1 `.read`/`.write`/`.*`
// accepted and read as their v2 meaning). A scope only ever narrows what the user may do: the access
// policy still decides which records, and the route still decides which roles.
export type SmartInteraction = 'c' | 'r' | 'u' | 'd' | 's'

export interface ParsedScope {
  context: 'patient' | 'user'
  type: string
  interactions: ReadonlySet<SmartInteraction>
}

const V1: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' }
const SCOPE = /^(patient|user)\/([A-Za-z]+|\*)\.([a-z*]+)$/

/** A clinical-data scope, or null for anything else (openid, fhirUser, offline_access, launch/...). */
export function parseScope(scope: string): ParsedScope | null {
  const m = SCOPE.exec(scope)
  if (!m) return null
  const [, context, type, perms] = m as unknown as [string, 'patient' | 'user', string, string]
  const letters = V1[perms] ?? perms
  if (!/^c?r?u?d?s?$/.test(letters) || letters === '') return null
  return { context, type, interactions: new Set(letters.split('') as SmartInteraction[]) }
}

/** Whether any granted scope covers this interaction on this resource type. */
export function scopeAllows(scopes: readonly string[], type: string, interaction: SmartInteraction): boolean {
  return scopes.some((s) => {
    const parsed = parseScope(s)
    return (
      parsed !== null && (parsed.type === '*' || parsed.type === type) && parsed.interactions.has(interaction)
    )
  })
}
