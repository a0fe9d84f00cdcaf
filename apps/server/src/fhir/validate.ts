// The one gate every FHIR resource passes before the store sees it (create, update, transaction
// entries). It refuses anything that is not a valid R4 resource of the expected type, and more that
// R4 would allow but we will not store: unsafe narrative, oversized strings, absurd shapes.
// Layers (see validation/README.md): size limits on the raw JSON first, then our schema walk and
// Medplum's validator; both report, and every finding becomes one detail with a FHIRPath location.
import type { Resource } from '@medplum/fhirtypes'
import { AppError, type ErrorDetail } from '../platform/errors.ts'
import { fhirDefinitions } from './definitions.ts'
import type { ResourceType } from './resource-types.ts'
import { shapeProblems } from './validation/limits.ts'
import { medplumProblems } from './validation/medplum-issues.ts'
import { walkResource } from './validation/schema-walk.ts'

/** Details returned at most; a body with more problems has more than a client can act on anyway. */
export const MAX_DETAILS = 50

/** The resource of type `T`, as `@medplum/fhirtypes` declares it. */
export type ResourceOf<T extends ResourceType> = Extract<Resource, { resourceType: T }>

/**
 * Checks `body` as a FHIR R4 resource of `expectedType` and returns it, minus `meta.versionId` and
 * `meta.lastUpdated` (the store sets those; a client's stale values are ignored, not refused).
 * Throws AppError('invalid') with one detail per problem, and never any other error.
 */
export function validateResource<T extends ResourceType>(body: unknown, expectedType: T): ResourceOf<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    refuse(expectedType, [
      { path: expectedType, message: `must be a JSON object (a FHIR ${expectedType} resource)` },
    ])
  const given = (body as Record<string, unknown>)['resourceType']
  if (given !== expectedType) {
    const message =
      typeof given === 'string'
        ? `must be ${expectedType} here, not ${given.slice(0, 64)}`
        : `must be ${expectedType}`
    refuse(expectedType, [{ path: 'resourceType', message }])
  }
  const resource = withoutServerMeta(body as Record<string, unknown>)
  const tooBig = shapeProblems(resource, expectedType)
  if (tooBig.length) refuse(expectedType, tooBig)

  fhirDefinitions()
  const details: ErrorDetail[] = []
  try {
    walkResource(resource, expectedType, details)
  } catch {
    // A gap in our own walk must not turn a bad request into a 500; the input is refused either way.
    details.push({ path: expectedType, message: 'could not be checked (unexpected structure)' })
  }
  const fromMedplum = medplumProblems(resource, expectedType)
  if (fromMedplum === 'failed') {
    if (details.length === 0)
      details.push({ path: expectedType, message: 'could not be checked (unexpected structure)' })
  } else {
    details.push(...fromMedplum)
  }
  if (details.length) refuse(expectedType, details)
  return resource as unknown as ResourceOf<T>
}

function withoutServerMeta(body: Record<string, unknown>): Record<string, unknown> {
  const meta = body['meta']
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return body
  if (!('versionId' in meta) && !('lastUpdated' in meta)) return body
  const { versionId: _versionId, lastUpdated: _lastUpdated, ...rest } = meta as Record<string, unknown>
  const { meta: _meta, ...others } = body
  return Object.keys(rest).length ? { ...others, meta: rest } : others
}

function refuse(type: ResourceType, found: ErrorDetail[]): never {
  const seen = new Set<string>()
  const details = found.filter((d) => {
    const key = `${d.path}\n${d.message}`
    return seen.has(key) ? false : (seen.add(key), true)
  })
  const shown = details.slice(0, MAX_DETAILS)
  const first = shown[0]
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : ''
  const summary = first ? `invalid ${type}: ${first.path} ${first.message}${more}` : `invalid ${type}`
  throw new AppError('invalid', summary, shown)
}
