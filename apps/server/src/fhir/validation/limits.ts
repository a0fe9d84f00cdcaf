// Size limits for FHIR input, checked before anything else reads the body. The HTTP body limit
// (1 MB, app.ts) bounds the total; these bound its shape, so that a body within that megabyte cannot
// make validation, indexing or rendering expensive, and so that a name field cannot carry a file.
// FHIR itself only caps strings at 1 MB (R4 datatypes.html#string).
import type { ErrorDetail } from '../../platform/errors.ts'

/** Ordinary strings (names, identifiers, codes, display text, URLs), in UTF-16 code units. */
export const MAX_STRING = 8 * 1024
/** Markdown and the free-text bodies listed in LONG_TEXT_ELEMENTS (notes, messages, answers). */
export const MAX_LONG_TEXT = 64 * 1024
/** Narrative XHTML (`text.div`, `Composition.section.text.div`). */
export const MAX_NARRATIVE = 256 * 1024
/** base64Binary (`Attachment.data`); the body limit is reached first, this is a backstop. */
export const MAX_BINARY = 1024 * 1024

/** Elements of type `string` that hold free text, by their path in the R4 StructureDefinitions. */
export const LONG_TEXT_ELEMENTS: ReadonlySet<string> = new Set([
  'Communication.payload.content[x]',
  'Observation.value[x]',
  'Observation.component.value[x]',
  'QuestionnaireResponse.item.answer.value[x]',
  'DocumentReference.description',
  'Task.description',
  'Dosage.patientInstruction',
])

/** JSON nesting: a deep Questionnaire (item.item...) stays far below; recursion stays bounded. */
export const MAX_DEPTH = 48
/** Items in one array. */
export const MAX_ARRAY_ITEMS = 1000
/** Values (object members and array items) in one resource: R4 validation costs 2-20 µs each. */
export const MAX_NODES = 10_000
/** Property names: the longest R4 element name is under 40 characters. */
export const MAX_KEY_LENGTH = 64

/** The string limit for a primitive of `fhirType` at `elementPath` (StructureDefinition path). */
export function stringLimit(fhirType: string, elementPath: string): number {
  switch (fhirType) {
    case 'xhtml':
      return MAX_NARRATIVE
    case 'base64Binary':
      return MAX_BINARY
    case 'markdown':
      return MAX_LONG_TEXT
    default:
      return LONG_TEXT_ELEMENTS.has(elementPath) ? MAX_LONG_TEXT : MAX_STRING
  }
}

/**
 * Depth, array and size limits over the raw JSON, without recursion (a hostile body may be deeper
 * than the stack). Stops at the first breach: the body is refused as a whole anyway.
 */
export function shapeProblems(body: object, rootPath: string): ErrorDetail[] {
  const pending: Array<{ value: object; path: string; depth: number }> = [
    { value: body, path: rootPath, depth: 1 },
  ]
  let nodes = 0
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next
    if (depth > MAX_DEPTH) return [{ path, message: `is nested too deeply (more than ${MAX_DEPTH} levels)` }]
    if (Array.isArray(value)) {
      if (value.length > MAX_ARRAY_ITEMS)
        return [{ path, message: `has ${value.length} items; at most ${MAX_ARRAY_ITEMS} are accepted` }]
      nodes += value.length
      value.forEach((item: unknown, i) => {
        if (typeof item === 'object' && item !== null)
          pending.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 })
      })
    } else {
      const entries = Object.entries(value as Record<string, unknown>)
      nodes += entries.length
      for (const [key, item] of entries) {
        if (key.length > MAX_KEY_LENGTH)
          return [{ path, message: `has a property name longer than ${MAX_KEY_LENGTH} characters` }]
        if (typeof item === 'object' && item !== null)
          pending.push({ value: item, path: `${path}.${key}`, depth: depth + 1 })
      }
    }
    if (nodes > MAX_NODES)
      return [{ path: rootPath, message: `is too large: more than ${MAX_NODES} values in one resource` }]
  }
  return []
}
