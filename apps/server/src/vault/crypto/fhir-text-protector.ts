// The FHIR store's TextProtector (fhir/text-protection.ts): each PROTECTED_TEXT string of a
// resource is replaced by a `tessera-sealed:v1:` value under the patient's key, so the rest of the
// JSON stays as it was (queryable, indexable) and a database dump or backup shows no note, message
// or answer. AAD binds each value to its resource and path: `fhir:<type>/<id>#<path>`.
import { PROTECTED_TEXT, type ResourceType } from '../../fhir/resource-types.ts'
import type { ProtectorDb, TextProtector } from '../../fhir/text-protection.ts'
import { SEALED_PREFIX, isSealed, type TextEnvelope } from './text-envelope.ts'

type Holder = Record<string, unknown> | unknown[]

interface Slot {
  holder: Holder
  field: string | number
  path: string
  value: string
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Every string at `parts` below `node`, arrays expanded, with its concrete path (`note[1].text`). */
function collect(node: unknown, parts: readonly string[], path: string, out: Slot[]): void {
  if (Array.isArray(node)) {
    node.forEach((el, i) => collect(el, parts, `${path}[${i}]`, out))
    return
  }
  const [head, ...rest] = parts
  if (!isRecord(node) || head === undefined) return
  const value = node[head]
  const here = path ? `${path}.${head}` : head
  if (rest.length) return collect(value, rest, here, out)
  if (typeof value === 'string') out.push({ holder: node, field: head, path: here, value })
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (typeof v === 'string') out.push({ holder: value, field: i, path: `${here}[${i}]`, value: v })
    })
  }
}

function slots(type: ResourceType, resource: unknown): Slot[] {
  const out: Slot[] = []
  for (const path of PROTECTED_TEXT[type] ?? []) collect(resource, path.split('.'), '', out)
  return out
}

/** The protected strings of a resource (tests search a database dump for them). */
export function protectedStrings(type: ResourceType, resource: unknown): string[] {
  return slots(type, resource).map((s) => s.value)
}

function put(slot: Slot, value: string): void {
  if (Array.isArray(slot.holder)) slot.holder[slot.field as number] = value
  else slot.holder[slot.field as string] = value
}

function context(type: ResourceType, resource: unknown, path: string): string {
  const id = isRecord(resource) && typeof resource['id'] === 'string' ? resource['id'] : ''
  return `fhir:${type}/${id}#${path}`
}

export class VaultTextProtector implements TextProtector {
  constructor(private readonly text: TextEnvelope) {}

  protects(type: ResourceType): boolean {
    return PROTECTED_TEXT[type] !== undefined
  }

  async seal(type: ResourceType, patientId: string | null, json: string, db?: ProtectorDb): Promise<string> {
    if (!this.protects(type)) return json
    const resource: unknown = JSON.parse(json)
    const found = slots(type, resource)
    if (!found.length) return json
    if (patientId === null) throw new Error(`a ${type} with protected text must belong to a patient`)
    // One data key for the record's values; each value has its own nonce and AAD.
    const key = await this.text.newKey(patientId, db)
    try {
      for (const slot of found) {
        put(slot, this.text.sealWith(key, patientId, context(type, resource, slot.path), slot.value))
      }
    } finally {
      key.key.fill(0)
    }
    return JSON.stringify(resource)
  }

  async open(
    type: ResourceType,
    patientId: string | null,
    stored: string,
    db?: ProtectorDb,
  ): Promise<string> {
    if (!this.protects(type) || !stored.includes(SEALED_PREFIX)) return stored
    const resource: unknown = JSON.parse(stored)
    const sealed = slots(type, resource).filter((s) => isSealed(s.value))
    if (!sealed.length) return stored
    if (patientId === null) throw new Error(`a ${type} with protected text must belong to a patient`)
    for (const slot of sealed) {
      put(slot, await this.text.open(patientId, context(type, resource, slot.path), slot.value, db))
    }
    return JSON.stringify(resource)
  }
}
