// Our own pass over the resource, guided by Medplum's typed schema (the R4 StructureDefinitions).
// It checks what Medplum's validator does not: JSON shapes (an array where one value is expected and
// back, a number where an object is expected, empty arrays), unknown members (Medplum's check is
// fooled by inherited names such as `constructor`), one type per choice element, required value-set
// bindings, reference target types, string sizes, narrative safety and contained resource types
// (contained.ts).
// Every path it reports is concrete: `Patient.name[1].given[0]`, `Observation.valueQuantity`.
import { tryGetDataType, type InternalSchemaElement, type InternalTypeSchema } from '@medplum/core'
import type { ErrorDetail } from '../../platform/errors.ts'
import { codeProblems, codingProblems } from './bindings.ts'
import { containedSchema } from './contained.ts'
import { stringLimit } from './limits.ts'
import { narrativeProblem } from './narrative.ts'
import { temporalProblem } from './temporal.ts'

/** JSON representation of the FHIR primitive types (R4 json.html#primitive). */
const PRIMITIVE_JSON: Readonly<Record<string, 'string' | 'number' | 'boolean'>> = {
  base64Binary: 'string',
  boolean: 'boolean',
  canonical: 'string',
  code: 'string',
  date: 'string',
  dateTime: 'string',
  decimal: 'number',
  id: 'string',
  instant: 'string',
  integer: 'number',
  markdown: 'string',
  oid: 'string',
  positiveInt: 'number',
  string: 'string',
  time: 'string',
  unsignedInt: 'number',
  uri: 'string',
  url: 'string',
  uuid: 'string',
  xhtml: 'string',
  // Element.id and Extension.url are typed with the FHIRPath system type in the R4 definitions.
  'http://hl7.org/fhirpath/System.String': 'string',
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/
const BASE_PROFILE = 'http://hl7.org/fhir/StructureDefinition/'
/** A relative literal reference, `Type/id` or `Type/id/_history/vid` (R4 references.html#literal). */
const RELATIVE_REFERENCE = /^([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/

interface Entry {
  element: InternalSchemaElement
  /** The FHIR type of this JSON member (for a choice, the one its name selects). */
  type: string | undefined
  /** The choice element (`value[x]`) the member belongs to, if any. */
  choice: string | undefined
}

// Derived once per schema object from Medplum's (immutable, process-wide) schema; see value-sets.ts.
const indexes = new WeakMap<InternalTypeSchema, Map<string, Entry>>()

/** JSON member name -> element, with `value[x]` spelled out as `valueString`, `valueQuantity`, ... */
function elementIndex(schema: InternalTypeSchema): Map<string, Entry> {
  let index = indexes.get(schema)
  if (index) return index
  index = new Map()
  for (const [name, element] of Object.entries(schema.elements)) {
    if (!name.endsWith('[x]')) {
      index.set(name, { element, type: element.type[0]?.code, choice: undefined })
      continue
    }
    const prefix = name.slice(0, -3)
    for (const { code } of element.type)
      index.set(prefix + code.charAt(0).toUpperCase() + code.slice(1), { element, type: code, choice: name })
  }
  indexes.set(schema, index)
  return index
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function walkResource(resource: Record<string, unknown>, type: string, issues: ErrorDetail[]): void {
  const schema = tryGetDataType(type)
  if (schema) walkObject(resource, schema, type, issues)
}

function walkObject(
  obj: Record<string, unknown>,
  schema: InternalTypeSchema,
  path: string,
  issues: ErrorDetail[],
): void {
  const index = elementIndex(schema)
  let choices: Map<string, string> | undefined
  for (const key of Object.keys(obj)) {
    if (key === 'resourceType' && schema.kind === 'resource') continue
    const extension = key.startsWith('_')
    const name = extension ? key.slice(1) : key
    const entry = index.get(name)
    if (!entry || (extension && !(entry.type && entry.type in PRIMITIVE_JSON))) {
      issues.push({ path: `${path}.${key}`, message: `is not an element of ${schema.path} in FHIR R4` })
      continue
    }
    if (entry.choice) {
      choices ??= new Map()
      const first = choices.get(entry.choice)
      if (first !== undefined && first !== name) {
        issues.push({
          path: `${path}.${name}`,
          message: `conflicts with ${first}: ${entry.choice} takes one type`,
        })
        continue
      }
      choices.set(entry.choice, name)
    }
    // R4 types Resource.id as a plain string; its format is that of `id` (resource.html#id).
    if (key === 'id' && schema.kind === 'resource' && typeof obj[key] === 'string' && !ID.test(obj[key]))
      issues.push({
        path: `${path}.id`,
        message: 'is not a valid FHIR id (1 to 64 letters, digits, "-" or ".")',
      })
    if (extension) walkPrimitiveExtension(obj[key], entry, `${path}.${name}`, issues)
    else walkElement(obj[key], entry, `${path}.${name}`, issues)
  }
}

function walkElement(value: unknown, entry: Entry, path: string, issues: ErrorDetail[]): void {
  // null is reported by Medplum's checks (R4 json.html: null only pads primitive arrays).
  if (value === null || value === undefined) return
  const { element } = entry
  if (!element.isArray) {
    if (Array.isArray(value)) issues.push({ path, message: 'must be a single value, not an array' })
    else walkValue(value, entry, path, issues)
    return
  }
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'must be an array' })
    return
  }
  if (value.length === 0) issues.push({ path, message: 'must not be an empty array (leave it out instead)' })
  else if (value.length < element.min) issues.push({ path, message: `needs at least ${element.min} values` })
  else if (value.length > element.max) issues.push({ path, message: `takes at most ${element.max} values` })
  value.forEach((item: unknown, i) => walkValue(item, entry, `${path}[${i}]`, issues))
}

function walkValue(value: unknown, entry: Entry, path: string, issues: ErrorDetail[]): void {
  const { type, element } = entry
  if (value === null || !type) return
  const json = PRIMITIVE_JSON[type]
  if (json) {
    walkPrimitive(value, type, json, element, path, issues)
    return
  }
  if (!isRecord(value)) {
    issues.push({ path, message: `must be a JSON object (a ${type})` })
    return
  }
  if (type === 'Resource') {
    walkContained(value, path, issues)
    return
  }
  const schema = tryGetDataType(type)
  if (!schema) return
  const binding = element.binding
  if (
    binding?.strength === 'required' &&
    binding.valueSet &&
    (type === 'Coding' || type === 'CodeableConcept')
  )
    codingProblems(value, type, binding.valueSet, path, issues)
  if (type === 'Reference') referenceProblems(value, element, path, issues)
  walkObject(value, schema, path, issues)
}

function walkPrimitive(
  value: unknown,
  type: string,
  json: 'string' | 'number' | 'boolean',
  element: InternalSchemaElement,
  path: string,
  issues: ErrorDetail[],
): void {
  if (typeof value === 'object') {
    issues.push({
      path,
      message: `must be a JSON ${json}, not ${Array.isArray(value) ? 'an array' : 'an object'}`,
    })
    return
  }
  // Wrong JSON kinds among scalars (a number for a string) are reported by Medplum's checks.
  if (typeof value !== 'string') return
  const limit = stringLimit(type, element.path)
  if (value.length > limit) {
    issues.push({ path, message: `is too long (${value.length} characters; at most ${limit} are accepted)` })
    return
  }
  const problem = type === 'xhtml' ? narrativeProblem(value) : temporalProblem(type, value)
  if (problem) issues.push({ path, message: problem })
  else if (type === 'code' && element.binding?.strength === 'required' && element.binding.valueSet) {
    codeProblems(value, element.binding.valueSet, path, issues)
  }
}

/** `_given`, `_birthDate`: the id and extensions of primitive values (R4 json.html#primitive). */
function walkPrimitiveExtension(value: unknown, entry: Entry, path: string, issues: ErrorDetail[]): void {
  const schema = tryGetDataType('Element')
  if (!schema || value === null) return
  if (!entry.element.isArray) {
    if (isRecord(value)) walkObject(value, schema, path, issues)
    else issues.push({ path, message: 'must be a JSON object with the id and extensions of the value' })
    return
  }
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'must be an array matching the values, with null where a value has none' })
    return
  }
  value.forEach((item: unknown, i) => {
    if (isRecord(item)) walkObject(item, schema, `${path}[${i}]`, issues)
    else if (item !== null) issues.push({ path: `${path}[${i}]`, message: 'must be a JSON object or null' })
  })
}

function walkContained(value: Record<string, unknown>, path: string, issues: ErrorDetail[]): void {
  const schema = containedSchema(value['resourceType'], path)
  if (typeof schema === 'string') issues.push({ path: `${path}.resourceType`, message: schema })
  else walkObject(value, schema, path, issues)
}

/** Medplum only warns about a wrong target type; `Observation.subject` naming a Practitioner is an error. */
function referenceProblems(
  value: Record<string, unknown>,
  element: InternalSchemaElement,
  path: string,
  issues: ErrorDetail[],
): void {
  const reference = value['reference']
  const match = typeof reference === 'string' ? RELATIVE_REFERENCE.exec(reference) : null
  const targets = element.type.find((t) => t.code === 'Reference')?.targetProfile
  if (!match || !targets?.length) return
  const allowed: string[] = []
  for (const target of targets) {
    // Any resource, or a profile outside the base spec: nothing we can check.
    if (!target.startsWith(BASE_PROFILE) || target === `${BASE_PROFILE}Resource`) return
    allowed.push(target.slice(BASE_PROFILE.length))
  }
  if (!allowed.includes(match[1] ?? ''))
    issues.push({ path: `${path}.reference`, message: `must refer to a ${allowed.join(' or ')}` })
}
